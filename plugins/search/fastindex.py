"""lunr.py's ``Builder.build().serialize()``, computed directly from our terms.

lunr.py builds an index in three passes over Python objects: ``Builder.add``
(a ``Token`` per word, the pipeline per token), ``Builder.build`` (a ``Vector``
per field of every document, each score inserted by binary search, and a
``TokenSet`` automaton of every term, which only querying needs) and
``Index.serialize``. At 30,000 records that was ~19 s and hundreds of MiB.

:func:`serialized_index` takes the terms our Indonesian pipeline already made
(``pipeline.index_terms``) and writes the serialised form at once, with the
same arithmetic in the same order, so the result is identical, float for
float, key order included (tested against lunr.py's ``Builder.add``):

- ``invertedIndex``: ``[term, {field: {ref: {}}, ..., "_index": n}]`` sorted
  by term, ``n`` numbering terms in order of first appearance;
- ``fieldVectors``: ``["field/ref", [n, score, ...]]`` per document and field
  in that order, elements sorted by ``n``; the score is lunr's BM25 (k1 1.2,
  b 0.75; its ``idf`` counts a document once per field holding the term) times
  the field boost, rounded to 3 places.
"""

import math
from collections import Counter
from typing import Any

import lunr

from plugins.search.pipeline import LABELS

K1 = 1.2
B = 0.75


def serialized_index(
    documents: list[dict[str, list[str]]], fields: dict[str, float]
) -> dict[str, Any]:
    """The serialised lunr index of ``documents`` (refs: positions), each a
    mapping of field name to its terms (already through the index pipeline)."""
    names = list(fields)
    if not documents:  # lunr.py divides by the document count
        return {"version": lunr.__TARGET_JS_VERSION__, "fields": names, "fieldVectors": [],
                "invertedIndex": [], "pipeline": list(LABELS)}
    numbers: dict[str, int] = {}  # term -> its number (order of first appearance)
    refs: list[list[list[str]]] = [[] for _ in names]  # field -> term number -> refs holding it
    counted: list[tuple[int, list[tuple[int, int]]]] = []  # per document and field: (length, [(number, tf)])
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
                pairs.append((term_number, tf))
            counted.append((len(terms), pairs))
    count = len(documents)
    empty: dict = {}  # lunr's (empty) metadata of every posting, one shared object
    postings = []
    idfs = []
    for term_number in range(len(numbers)):
        posting = {name: dict.fromkeys(refs[field][term_number], empty) for field, name in enumerate(names)}
        posting["_index"] = term_number
        postings.append(posting)
        with_term = sum(len(refs[field][term_number]) for field in range(len(names)))
        x = (count - with_term + 0.5) / (with_term + 0.5)
        idfs.append(math.log(1 + abs(x)))
    del refs
    average = [total / count for total in totals]
    boosts = [fields[name] for name in names]

    vectors = []
    width = len(names)
    for position, (length, pairs) in enumerate(counted):
        field = position % width
        norm = K1 * (1 - B + B * (length / average[field]))
        boost = boosts[field]
        pairs.sort()
        elements = [0] * (2 * len(pairs))
        elements[::2] = [term_number for term_number, _ in pairs]
        elements[1::2] = [round(idfs[n] * ((K1 + 1) * tf) / (norm + tf) * boost, 3) for n, tf in pairs]
        vectors.append([f"{names[field]}/{position // width}", elements])
    return {
        "version": lunr.__TARGET_JS_VERSION__,
        "fields": names,
        "fieldVectors": vectors,
        "invertedIndex": [[term, postings[numbers[term]]] for term in sorted(numbers)],
        "pipeline": list(LABELS),
    }
