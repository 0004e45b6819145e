"""The Indonesian lunr pipeline: ``trimmer-id``, ``stopWordFilter-id``, ``stemmer-id``.

Registered with lunr.py under the same labels ``theme/static/js/search/pipeline.js``
registers with lunr.js, since a serialised index names its pipeline by label.
The index runs all three; the search pipeline stored in the index too (the
browser's queries go through the same steps).
"""

from lunr.pipeline import Pipeline

from plugins.search.stemmer import STOP_WORDS, load_roots, normalise, stem

LABELS = ("trimmer-id", "stopWordFilter-id", "stemmer-id")


_trimmed: dict[str, str] = {}


def _trim(s: str, metadata=None) -> str:
    result = _trimmed.get(s)
    if result is None:
        result = _trimmed[s] = normalise(s).replace("-", "")
    return result


def trimmer_id(token, i=None, tokens=None):
    """Normalise (case, diacritics, punctuation); drop a token left empty."""
    token.update(_trim)
    return token if str(token) else None


def stop_word_filter_id(token, i=None, tokens=None):
    return token if str(token) and str(token) not in STOP_WORDS else None


def stemmer_memo(roots=None):
    """``stem`` with the full dictionary (or ``roots``), memoised per word."""
    roots = load_roots() if roots is None else roots
    memo: dict[str, str] = {}

    def stem_word(word: str) -> str:
        result = memo.get(word)
        if result is None:
            result = memo[word] = stem(word, roots)
        return result

    return stem_word


_stem_word = stemmer_memo()


def _stem(s: str, metadata=None) -> str:
    return _stem_word(s)


def stemmer_id(token, i=None, tokens=None):
    return token.update(_stem)


for _fn, _label in zip((trimmer_id, stop_word_filter_id, stemmer_id), LABELS, strict=True):
    Pipeline.register_function(_fn, _label)


_terms: dict[str, str] = {}


def index_terms(words: list[str]) -> list[str]:
    """What the index pipeline makes of lunr tokens (memoised per word)."""
    terms = []
    for word in words:
        term = _terms.get(word)
        if term is None:
            trimmed = _trim(word)
            keep = trimmed and trimmed not in STOP_WORDS
            term = _terms[word] = _stem_word(trimmed) if keep else ""
        if term:
            terms.append(term)
    return terms


def use_indonesian(builder):
    """Replace a lunr.py builder's English pipelines by the Indonesian one."""
    builder.pipeline.reset()
    builder.search_pipeline.reset()
    for fn in (trimmer_id, stop_word_filter_id, stemmer_id):
        builder.pipeline.add(fn)
        builder.search_pipeline.add(fn)
