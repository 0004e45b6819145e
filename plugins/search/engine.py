"""The query side of theme/static/js/search/engine.js, for lunr.py.

Tests compare its ranked results with lunr.js's on the built index; the
relevance script in bench/ uses it. Keep the two in step. Queries are stemmed
as in the browser: with the roots that are terms of the index (the head's
``roots``), while the index itself was built with the full dictionary. It queries
the whole index (``search.read_index`` loads every shard); the browser an index of
the shards a query needs, which ranks the same.
"""

from lunr.index import Index

from plugins.search.pipeline import stemmer_memo
from plugins.search.stemmer import STOP_WORDS, browser_roots, load_roots, normalise

TYPO_MIN_LENGTH = 5
TYPO_FEW_DOCUMENTS = 3
TYPO_BOOST = 0.2
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def query_words(text: str) -> list[str]:
    import re

    words = [normalise(w).replace("-", "") for w in re.split(r"[\s\-]+", text.lower())]
    return list(dict.fromkeys(w for w in words if w))


def document_frequency(index: Index, term: str) -> int:
    posting = index.inverted_index.get(term)
    if not posting:
        return 0
    return len({ref for field, docs in posting.items() if field != "_index" for ref in docs})


def edits1(word: str) -> set[str]:
    variants = set()
    for i in range(len(word) + 1):
        head, tail = word[:i], word[i:]
        if tail:
            variants.add(head + tail[1:])
        if len(tail) > 1:
            variants.add(head + tail[1] + tail[0] + tail[2:])
        for letter in LETTERS:
            if tail:
                variants.add(head + letter + tail[1:])
            variants.add(head + letter + tail)
    variants.discard(word)
    return variants


_browser_stemmers: dict[int, tuple] = {}


def browser_stemmer(index: Index):
    """``stem`` with the roots the browser gets for ``index`` (memoised)."""
    key = id(index)
    if key not in _browser_stemmers:
        roots = frozenset(browser_roots(index.inverted_index, load_roots()))
        _browser_stemmers[key] = (index, stemmer_memo(roots))
    return _browser_stemmers[key][1]


def plan(index: Index, text: str, stem=None) -> list[dict]:
    stem = stem or browser_stemmer(index)
    terms: dict[str, dict] = {}
    words = query_words(text)
    for word in words:
        if word in STOP_WORDS:
            continue
        s = stem(word)
        terms[s] = {"term": s, "boost": 1, "typo": False}
    for word in words:
        if word in STOP_WORDS or len(word) < TYPO_MIN_LENGTH:
            continue
        if document_frequency(index, stem(word)) >= TYPO_FEW_DOCUMENTS:
            continue
        for variant in edits1(word):
            s = stem(variant)
            if s in terms or variant in STOP_WORDS or s not in index.inverted_index:
                continue
            terms[s] = {"term": s, "boost": TYPO_BOOST, "typo": True}
    return sorted(terms.values(), key=lambda t: t["term"])


def query(index: Index, text: str, stem=None) -> list[dict]:
    """Ranked results [{ref, score}], ties in document order (as engine.js)."""
    terms = plan(index, text, stem)
    if not terms:
        return []
    q = index.create_query()
    for t in terms:
        q.term(t["term"], use_pipeline=False, boost=t["boost"])
    found = index.query(q)
    results = [{"ref": r["ref"], "score": r["score"]} for r in found]
    return sorted(results, key=lambda r: (-r["score"], int(r["ref"])))
