"""lunr.py's serialised index, written directly as JSON text from our terms.

lunr.py builds an index in three passes over Python objects: ``Builder.add``
(a ``Token`` per word, the pipeline per token), ``Builder.build`` (a ``Vector``
per field of every document, each score inserted by binary search, and a
``TokenSet`` automaton of every term, which only querying needs) and
``Index.serialize``, after which ``json.dumps`` walks it all again. At 30,000
records that was ~15 CPU s and ~300 MiB.

:func:`index_json` takes the terms our Indonesian pipeline already made
(``pipeline.index_terms``) and writes the JSON text of
``Builder.build().serialize()`` at once (compact separators), with lunr's
arithmetic in lunr's order, so the text is byte for byte what
``json.dumps`` makes of lunr.py's index (tested against ``Builder.add``):

- ``fieldVectors``: ``["field/ref", [n, score, ...]]`` per document and field
  in that order, elements sorted by ``n``, the term's number in order of first
  appearance; the score is lunr's BM25 (k1 1.2, b 0.75; its ``idf`` counts a
  document once per field holding the term) times the field boost, rounded to
  3 places (``repr`` of the float, as ``json``);
- ``invertedIndex``: ``[term, {field: {ref: {}}, ..., "_index": n}]`` sorted
  by term.

Each vector and posting becomes text as soon as it is computed, so no
structure of a million Python objects is kept.

The site ships the index in parts (:func:`index_parts`: each term's postings
with the same scores, in shards of sorted terms); :func:`whole_index` puts the
parts together again as lunr's serialised index (tests, bench/). The whole JSON
text (:func:`index_json`) is the reference the parts are tested against.
"""

import json
import math
from collections import Counter
from typing import Any

import lunr

from plugins.search.pipeline import LABELS

K1 = 1.2
B = 0.75
TF = (1 << 32) - 1  # the low bits of an entry's code
QUOTED_EMPTY = '":{},"'  # between two refs of a posting


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def index_json(documents: list[dict[str, list[str]]], fields: dict[str, float]) -> tuple[str, list[str]]:
    """(the JSON text of the serialised lunr index, its terms sorted) for
    ``documents`` (refs: positions), each a mapping of field name to its terms
    (already through the index pipeline)."""
    pieces, terms = index_json_pieces(documents, fields)
    return "".join(pieces), terms


def index_json_pieces(
    documents: list[dict[str, list[str]]], fields: dict[str, float]
) -> tuple[list[str], list[str]]:
    """:func:`index_json` as pieces of text to join (so that a caller embedding
    it joins once, never holding two copies of the index's text)."""
    names = list(fields)
    head = f'{{"version":{dumps(lunr.__TARGET_JS_VERSION__)},"fields":{dumps(names)},"fieldVectors":['
    tail = f'],"pipeline":{dumps(list(LABELS))}}}'
    numbers: dict[str, int] = {}  # term -> its number (order of first appearance)
    refs: list[list[list[str]]] = [[] for _ in names]  # field -> term number -> refs holding it
    # per document and field: (length, [n << 32 | tf]): one int an entry, not a tuple
    counted: list[tuple[int, list[int]] | None] = []
    totals = [0] * len(names)
    for number, field_terms in enumerate(documents):
        ref = str(number)
        for field, name in enumerate(names):
            terms = field_terms[name]
            totals[field] += len(terms)
            field_refs = refs[field]
            pairs = []
            for term, tf in Counter(terms).items():  # first-appearance order, as lunr's loop
                term_number = numbers.get(term)
                if term_number is None:
                    term_number = numbers[term] = len(numbers)
                    for other in refs:
                        other.append([])
                field_refs[term_number].append(ref)
                pairs.append(term_number << 32 | tf)
            counted.append((len(terms), pairs))
    count = len(documents)
    if not count:
        return [head, '],"invertedIndex":[', tail], []

    idfs = []
    for term_number in range(len(numbers)):
        with_term = sum(len(field_refs[term_number]) for field_refs in refs)
        x = (count - with_term + 0.5) / (with_term + 0.5)
        idfs.append(math.log(1 + abs(x)))
    average = [total / count for total in totals]
    boosts = [fields[name] for name in names]
    k1_1 = K1 + 1
    width = len(names)
    pieces = [head]
    for position, entry in enumerate(counted):
        length, pairs = entry
        counted[position] = None  # freed as we go
        field = position % width
        if pairs:  # (lunr.py computes nothing for an empty field: its average may be 0)
            norm = K1 * (1 - B + B * (length / average[field]))
            boost = boosts[field]
            pairs.sort()
            elements = ",".join([
                f"{(n := code >> 32)},"
                f"{round(idfs[n] * (k1_1 * (tf := code & TF)) / (norm + tf) * boost, 3)!r}"
                for code in pairs
            ])
        else:
            elements = ""
        comma = "," if position else ""
        pieces.append(f'{comma}["{names[field]}/{position // width}",[{elements}]]')
    del counted

    keys = [dumps(name) for name in names]
    by_term = sorted(numbers)
    first = numbers[by_term[0]] if by_term else None
    pieces.append('],"invertedIndex":[')
    for term in by_term:
        term_number = numbers[term]
        parts = []
        for key, field_refs in zip(keys, refs, strict=True):
            holding = field_refs[term_number]  # refs are digits: nothing to escape
            parts.append(f'{key}:{{"{QUOTED_EMPTY.join(holding)}":{{}}}}' if holding else f"{key}:{{}}")
        comma = "," if term_number != first else ""
        pieces.append(f'{comma}[{dumps(term)},{{{",".join(parts)},"_index":{term_number}}}]')
    pieces.append(tail)
    return pieces, by_term


def serialized_index(documents: list[dict[str, list[str]]], fields: dict[str, float]) -> dict[str, Any]:
    """The serialised lunr index (``Index.load`` reads it) of :func:`index_json`."""
    return json.loads(index_json(documents, fields)[0])


def index_parts(
    documents: list[dict[str, list[str]]], fields: dict[str, float], shard_bytes: int
) -> tuple[list[str], list[int], list[str]]:
    """The index in parts for the browser (plugins/search/search.py, format 2).

    Returns the terms sorted, the position in them where each shard starts, and
    each shard's JSON text: ``{term: [field number, ref, score, …], …}`` for a
    range of sorted terms of about ``shard_bytes``. A score is the element lunr
    puts in the document's field vector for the term (same arithmetic as
    :func:`index_json_pieces`). The browser loads an index of only the terms a
    query needs from them (``engine.js``), numbering the terms in sorted order, as
    :func:`whole_index` does: lunr divides a document's dot product with the
    query by the query's length only, so the terms a query lacks add nothing.
    """
    names = list(fields)
    numbers: dict[str, int] = {}
    refs_with: list[int] = []  # term number -> (document, field) pairs holding it
    counted: list[tuple[int, list[int]]] = []
    totals = [0] * len(names)
    for field_terms in documents:
        for field, name in enumerate(names):
            terms = field_terms[name]
            totals[field] += len(terms)
            pairs = []
            for term, tf in Counter(terms).items():
                term_number = numbers.get(term)
                if term_number is None:
                    term_number = numbers[term] = len(numbers)
                    refs_with.append(0)
                refs_with[term_number] += 1
                pairs.append(term_number << 32 | tf)
            counted.append((len(terms), pairs))
    by_term = sorted(numbers)
    count = len(documents)
    if not count:
        return by_term, [], []
    idfs = [math.log(1 + abs((count - holding + 0.5) / (holding + 0.5))) for holding in refs_with]
    average = [total / count for total in totals]
    boosts = [fields[name] for name in names]
    k1_1 = K1 + 1
    width = len(names)
    # term number -> its postings' text, "field,ref,score," repeated: bytes, not a string per
    # posting (900,000 at 30,000 records, 50 MiB more as objects)
    postings = [bytearray() for _ in numbers]
    for position, (length, pairs) in enumerate(counted):
        if not pairs:
            continue
        field = position % width
        prefix = f"{field},{position // width},"
        norm = K1 * (1 - B + B * (length / average[field]))
        boost = boosts[field]
        for code in pairs:
            n, tf = code >> 32, code & TF
            postings[n] += f"{prefix}{round(idfs[n] * (k1_1 * tf) / (norm + tf) * boost, 3)!r},".encode()
    del counted
    starts, shards, pieces, size = [], [], [], 0
    for position, term in enumerate(by_term):
        piece = f'{dumps(term)}:[{postings[numbers[term]][:-1].decode()}]'
        postings[numbers[term]] = bytearray()
        if pieces and size + len(piece) > shard_bytes:
            shards.append("{" + ",".join(pieces) + "}")
            pieces, size = [], 0
        if not pieces:
            starts.append(position)
        pieces.append(piece)
        size += len(piece) + 1
    if pieces:
        shards.append("{" + ",".join(pieces) + "}")
    return by_term, starts, shards


def whole_index(fields: list[str], pipeline: list[str], shards: list[dict[str, list]]) -> dict[str, Any]:
    """The serialised lunr index (``Index.load`` reads it) of every shard's postings, the
    terms numbered in sorted order, as the browser numbers the terms it loads."""
    postings = {term: flat for shard in shards for term, flat in shard.items()}
    vectors: dict[str, list] = {}
    inverted = []
    for number, term in enumerate(sorted(postings)):
        posting: dict[str, Any] = {field: {} for field in fields}
        flat = postings[term]
        for position in range(0, len(flat), 3):
            field, ref = fields[flat[position]], flat[position + 1]
            posting[field][str(ref)] = {}
            vectors.setdefault(f"{field}/{ref}", []).extend((number, flat[position + 2]))
        posting["_index"] = number
        inverted.append([term, posting])
    return {"version": lunr.__TARGET_JS_VERSION__, "fields": fields, "fieldVectors": list(vectors.items()),
            "invertedIndex": inverted, "pipeline": pipeline}
