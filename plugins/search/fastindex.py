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
