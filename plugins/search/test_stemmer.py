"""The Indonesian stemmer: fixture cases and Python/JavaScript parity (in Node)."""

import json
import re
from pathlib import Path

import pytest
from lunr.pipeline import Pipeline

from plugins.common.build import PROJECT_ROOT
from plugins.search.node import run_node
from plugins.search.pipeline import LABELS
from plugins.search.stemmer import STOP_WORDS, browser_roots, load_roots, normalise, stem

FIXTURE = PROJECT_ROOT / "tests" / "fixtures" / "stems_id.json"
CASES = json.loads(FIXTURE.read_text(encoding="utf-8"))["stems"]


@pytest.fixture(scope="module")
def roots():
    return load_roots()


@pytest.mark.parametrize("word", sorted(CASES))
def test_python_stems_the_fixture(word, roots):
    assert stem(word, roots) == CASES[word]


def test_fixture_covers_the_issue_examples():
    expected = {
        "menulis": "tulis", "penulis": "tulis", "memukul": "pukul", "menyapu": "sapu",
        "mengirim": "kirim", "diskusi": "diskusi", "kenari": "kenari",
        "terminal": "terminal", "pelangi": "pelangi", "anak-anak": "anak",
        "membaca": "baca", "pembaca": "baca", "bacaan": "baca", "dibacakan": "baca",
        "tulisan": "tulis", "meminjam": "pinjam", "peminjaman": "pinjam",
    }
    assert {word: CASES[word] for word in expected} == expected


def test_javascript_stems_the_fixture(roots):
    words = sorted(CASES)
    stems = run_node("stem_words.mjs", {"roots": sorted(roots), "words": words})
    assert dict(zip(words, stems, strict=True)) == {w: CASES[w] for w in words}


def test_normalise():
    assert normalise("Kafé") == "kafe"
    assert normalise("«Buku»,") == "buku"
    assert normalise("ANAK-ANAK") == "anak-anak"


def test_pipeline_labels_registered_in_lunr_py():
    for label in LABELS:
        assert label in Pipeline.registered_functions


def test_javascript_registers_the_same_labels():
    source = (PROJECT_ROOT / "theme/static/js/search/pipeline.js").read_text(encoding="utf-8")
    assert set(re.findall(r'"((?:trimmer|stopWordFilter|stemmer)-id)"', source)) == set(LABELS)


def affixed(root: str, i: int) -> str:
    """One generated inflection of ``root`` (deterministic, cycling through patterns)."""
    first = root[0]
    if first in "aiueo":
        nasal = "meng" + root
    elif first == "k":
        nasal = "meng" + root[1:]
    elif first in "gh":
        nasal = "meng" + root
    elif first == "s":
        nasal = "meny" + root[1:]
    elif first == "p":
        nasal = "mem" + root[1:]
    elif first in "bfv":
        nasal = "mem" + root
    elif first == "t":
        nasal = "men" + root[1:]
    elif first in "cdjz":
        nasal = "men" + root
    else:
        nasal = "me" + root
    patterns = [
        nasal, "pe" + nasal[2:], "di" + root + "kan", "ber" + root, "ter" + root,
        "ke" + root + "an", root + "nya", root + "lah", "per" + root + "an",
        nasal + "i", root + "-" + root, "pe" + nasal[2:] + "an", "se" + root,
        "di" + root + "nya", nasal + "kan", root + "an", root + "kupun",
    ]
    return patterns[i % len(patterns)]


def corpus_words() -> set[str]:
    words = set()
    for folder in ("content", "data"):
        for path in (PROJECT_ROOT / folder).rglob("*"):
            if path.suffix in (".md", ".yaml"):
                text = path.read_text(encoding="utf-8").lower()
                words.update(re.findall(r"[a-zà-ÿ]+(?:-[a-zà-ÿ]+)?", text))
    return words


def test_python_and_javascript_stem_identically(roots):
    ordered = sorted(roots)
    words = sorted({affixed(root, i) for i, root in enumerate(ordered[::3])} | corpus_words())
    assert len(words) >= 5000
    python = [stem(word, roots) for word in words]
    javascript = run_node("stem_words.mjs", {"roots": ordered, "words": words})
    differences = [(w, p, j) for w, p, j in zip(words, python, javascript, strict=True) if p != j]
    assert differences == []
    # The browser gets only the roots that are index terms: every word whose
    # build-time stem is one of them stems to it in the browser too (tokens,
    # split on hyphens like lunr's tokenizer does).
    vocabulary = set(python[::2])
    small = browser_roots(vocabulary, roots)
    in_index = [(w, p) for w, p in zip(words, python, strict=True) if p in set(small) and "-" not in w]
    assert len(in_index) > 1000
    browser = run_node("stem_words.mjs", {"roots": small, "words": [w for w, _ in in_index]})
    assert [(w, b) for (w, _), b in zip(in_index, browser, strict=True)] == in_index


def test_stop_words_are_not_roots_of_content_words():
    assert "yang" in STOP_WORDS and "buku" not in STOP_WORDS
