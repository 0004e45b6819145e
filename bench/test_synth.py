"""The synthetic benchmark projects: deterministic, and both builds accept them."""

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from plugins.common.build import DEFAULT_SETTINGS, build
from plugins.common.testing import project_overrides

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import generate, write_plain_project  # noqa: E402

ARTICLES, RECORDS = 12, 30


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).digest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def record_ids(project: Path) -> list[str]:
    ids = []
    for path in sorted((project / "data" / "katalog").glob("*.yaml")):
        records = yaml.safe_load(path.read_text(encoding="utf-8"))
        ids += [record["id"] for record in records]
    return ids


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("synth") / "portal"
    generate(root, ARTICLES, RECORDS, seed=1)
    return root


def test_same_seed_same_bytes_other_seed_other_content(tmp_path):
    for name, seed in (("a", 1), ("b", 1), ("c", 2)):
        generate(tmp_path / name, ARTICLES, RECORDS, seed=seed)
        write_plain_project(tmp_path / name, tmp_path / f"{name}-plain")
    first, second = snapshot(tmp_path / "a"), snapshot(tmp_path / "b")
    assert first and first == second
    assert snapshot(tmp_path / "a-plain") == snapshot(tmp_path / "b-plain")
    assert snapshot(tmp_path / "c") != first


def test_generated_sizes(project):
    sections = ("program", "ulasan", "acara")
    counts = [len(list((project / "content" / s).glob("*.md"))) for s in sections]
    assert counts == [2, 5, 5]  # about 20 %, 40 %, 40 % of 12
    ids = record_ids(project)
    assert len(ids) == len(set(ids)) == RECORDS


def test_our_strict_build_accepts_it(project):
    result = build(DEFAULT_SETTINGS, project_overrides(project))
    for record_id in record_ids(project):
        assert (result.output / "katalog" / record_id / "index.html").is_file()
    for section in ("program", "ulasan", "acara"):
        for source in (project / "content" / section).glob("*.md"):
            assert (result.output / section / source.stem / "index.html").is_file()


def test_plain_pelican_builds_the_twin(project, tmp_path):
    settings = write_plain_project(project, tmp_path / "plain")
    completed = subprocess.run(
        [sys.executable, "-m", "pelican", "-s", str(settings), "--fatal", "warnings"],
        capture_output=True, text=True, check=False,
    )
    assert completed.returncode == 0, completed.stderr + completed.stdout
    output = tmp_path / "plain" / "output"
    record_pages = list((output / "katalog").glob("*/index.html"))
    assert len(record_pages) == RECORDS


def test_dictionary_text_spreads_words_and_authors_as_a_real_catalogue():
    """The default text draws on the stemmer's root dictionary and a pool of authors, so an
    index and the author pages meet a real catalogue's numbers; text="small" stays as it was."""
    import random

    from synth import FIRST_NAMES, LAST_NAMES, Writer, make_records

    def spread(text: str) -> tuple[int, int]:
        records = make_records(Writer(random.Random(1), text), 6000)
        words = {w for r in records for w in f"{r['title']} {r['description']}".lower().split()}
        return len(words), len({author for r in records for author in r["authors"]})

    (dictionary_words, dictionary_authors), (small_words, small_authors) = spread("dictionary"), spread("small")
    assert dictionary_words > 10 * small_words
    assert small_authors <= len(FIRST_NAMES) * len(LAST_NAMES) < dictionary_authors / 2
    with pytest.raises(ValueError, match="text"):
        Writer(random.Random(1), "latin")
