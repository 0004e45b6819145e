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


class _Scores:
    """Every document field's terms scored as lunr's builder scores them.

    ``numbers``: term -> its number (order of first appearance, as lunr's loop);
    ``refs``: field -> term number -> the refs holding it; :meth:`fields` yields,
    per document and field in order (position ``document * fields + field``), its
    ``[(term number, score)]`` sorted by number: lunr's BM25 (k1 1.2, b 0.75; its
    ``idf`` counts a document once per field holding the term) times the field
    boost, rounded to 3 places, in lunr's order of operations.
    """

    def __init__(self, documents: list[dict[str, list[str]]], fields: dict[str, float]):
        self.names = names = list(fields)
        self.boosts = [fields[name] for name in names]
        self.count = len(documents)
        self.numbers: dict[str, int] = {}
        self.refs: list[list[list[str]]] = [[] for _ in names]
        # per document and field: (length, [n << 32 | tf]): one int an entry, not a tuple
        self.counted: list[tuple[int, list[int]] | None] = []
        self.totals = [0] * len(names)
        numbers, refs, counted, totals = self.numbers, self.refs, self.counted, self.totals
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

    def fields(self):
        """(position, [(term number, score)]) of each document field, once (freed as it goes)."""
        count, refs, width = self.count, self.refs, len(self.names)
        idfs = []
        for term_number in range(len(self.numbers)):
            with_term = sum(len(field_refs[term_number]) for field_refs in refs)
            x = (count - with_term + 0.5) / (with_term + 0.5)
            idfs.append(math.log(1 + abs(x)))
        average = [total / count for total in self.totals]
        k1_1 = K1 + 1
        counted = self.counted
        for position, entry in enumerate(counted):
            length, pairs = entry
            counted[position] = None
            if not pairs:  # (lunr.py computes nothing for an empty field: its average may be 0)
                yield position, []
                continue
            field = position % width
            norm = K1 * (1 - B + B * (length / average[field]))
            boost = self.boosts[field]
            pairs.sort()
            scored = []
            for code in pairs:
                n, tf = code >> 32, code & TF
                scored.append((n, round(idfs[n] * (k1_1 * tf) / (norm + tf) * boost, 3)))
            yield position, scored


def index_json_pieces(
    documents: list[dict[str, list[str]]], fields: dict[str, float]
) -> tuple[list[str], list[str]]:
    """:func:`index_json` as pieces of text to join (so that a caller embedding
    it joins once, never holding two copies of the index's text)."""
    scores = _Scores(documents, fields)
    names, numbers, refs = scores.names, scores.numbers, scores.refs
    head = f'{{"version":{dumps(lunr.__TARGET_JS_VERSION__)},"fields":{dumps(names)},"fieldVectors":['
    tail = f'],"pipeline":{dumps(list(LABELS))}}}'
    if not scores.count:
        return [head, '],"invertedIndex":[', tail], []
    width = len(names)
    pieces = [head]
    for position, scored in scores.fields():
        elements = ",".join([f"{n},{score!r}" for n, score in scored])
        comma = "," if position else ""
        pieces.append(f'{comma}["{names[position % width]}/{position // width}",[{elements}]]')

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
    puts in the document's field vector for the term (:class:`_Scores`, as for
    :func:`index_json_pieces`). The browser loads an index of only the terms a
    query needs from them (``engine.js``), numbering the terms in sorted order, as
    :func:`whole_index` does: lunr divides a document's dot product with the
    query by the query's length only, so the terms a query lacks add nothing.
    """
    scores = _Scores(documents, fields)
    numbers, width = scores.numbers, len(scores.names)
    by_term = sorted(numbers)
    if not scores.count:
        return by_term, [], []
    # term number -> its postings' text, "field,ref,score," repeated: bytes, not a string per
    # posting (900,000 at 30,000 records, 50 MiB more as objects)
    postings = [bytearray() for _ in numbers]
    for position, scored in scores.fields():
        prefix = f"{position % width},{position // width},"
        for n, score in scored:
            postings[n] += f"{prefix}{score!r},".encode()
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
