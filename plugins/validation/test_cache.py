"""The check's cache of clean data files: same errors as checking every file, never stale."""

import yaml

from plugins.common.build import DEFAULT_SETTINGS, load_settings
from plugins.common.cache import ContentCache
from plugins.common.testing import project_overrides, write_files
from plugins.validation.test_validation import BASE, BOOK
from plugins.validation.validation import validate_project


def books(*ids, **fields):
    return yaml.safe_dump([{**BOOK, "id": i, "title": f"Judul {i}", **fields} for i in ids], sort_keys=False)


def errors(tmp_path, cache=True):
    settings = project_overrides(tmp_path, CACHE_PATH=str(tmp_path / "cache"), VALIDATION={"cache": cache})
    report = validate_project(load_settings(DEFAULT_SETTINGS, settings))
    return sorted((e.code, e.file, e.line, e.column, e.field, str(e.params)) for e in report.errors)


def test_clean_data_files_are_remembered_and_give_the_same_result(tmp_path):
    write_files(tmp_path, {**BASE, "data/katalog/b.yaml": books("buku-b")})
    assert errors(tmp_path) == []
    assert len(list((tmp_path / "cache" / "validation").glob("*.pickle"))) == 3  # two catalogue files, partners
    assert errors(tmp_path) == []


def test_a_duplicate_id_between_remembered_files_is_found_as_without_the_cache(tmp_path):
    write_files(tmp_path, {**BASE, "data/katalog/a.yaml": books("buku-a"), "data/katalog/b.yaml": books("buku-b")})
    assert errors(tmp_path) == []
    write_files(tmp_path, {"data/katalog/a.yaml": books("buku-a", "buku-b")})  # a.yaml is checked afresh
    with_cache = errors(tmp_path)
    assert [e[:5] for e in with_cache] == [("duplicate-id", "data/katalog/b.yaml", 1, 7, "id")]
    assert with_cache == errors(tmp_path, cache=False)


def test_a_file_made_invalid_after_it_was_remembered_is_reported(tmp_path):
    write_files(tmp_path, {**BASE, "data/katalog/b.yaml": books("buku-b")})
    assert errors(tmp_path) == []
    write_files(tmp_path, {"data/katalog/b.yaml": books("buku-b", isbn="978-602-8519-93-0")})
    assert [e[0] for e in errors(tmp_path)] == ["isbn"]
    assert errors(tmp_path) == errors(tmp_path, cache=False)


def test_a_review_of_a_book_in_a_remembered_file_still_resolves_and_an_unknown_one_fails(tmp_path):
    review = "---\ntitle: Ulasan\ndate: 2026-01-01\nsummary: Ulasan.\nbook: {}\nreviewer: Rina\n---\nBagus.\n"
    write_files(tmp_path, {**BASE, "content/ulasan/u.md": review.format("laskar-pelangi")})
    assert errors(tmp_path) == [] and errors(tmp_path) == []
    write_files(tmp_path, {"content/ulasan/u.md": review.format("buku-lain")})
    assert [e[0] for e in errors(tmp_path)] == ["unknown-ref"]


def test_a_clean_article_is_read_again_only_once_changed_and_a_faulty_one_every_time(tmp_path, monkeypatch):
    """In one process (the preview) a source found clean is not read again while it stays
    as it was; a changed one is, and one with an error is reported at every check."""
    from plugins.validation import validation

    read = []  # content files read
    original = validation.read_text

    def read_text(path, file):
        if file.startswith("content/"):
            read.append(file)
        return original(path, file)

    monkeypatch.setattr(validation, "read_text", read_text)
    programme = "---\ntitle: Klub\ndate: 2026-01-10\nsummary: Program.\n---\n{}\n"
    write_files(tmp_path, {**BASE, "content/program/baca.md": programme.format("Isi."),
                           "content/program/tulis.md": programme.format("GANTI: isi")})
    assert [e[:2] for e in errors(tmp_path)] == [("placeholder", "content/program/tulis.md")]
    assert sorted(read) == ["content/program/baca.md", "content/program/komunitas-literasi.md",
                            "content/program/tulis.md"]
    read.clear()
    assert [e[:2] for e in errors(tmp_path)] == [("placeholder", "content/program/tulis.md")]
    assert read == ["content/program/tulis.md"]
    read.clear()
    write_files(tmp_path, {"content/program/baca.md": programme.format("Isi. GANTI: tanggal")})
    assert [e[:2] for e in errors(tmp_path)] == [("placeholder", "content/program/baca.md"),
                                                 ("placeholder", "content/program/tulis.md")]
    assert sorted(read) == ["content/program/baca.md", "content/program/tulis.md"]


def test_an_unreadable_entry_is_a_miss(tmp_path):
    cache = ContentCache(tmp_path, "v1")
    key = cache.key("data/katalog/a.yaml", b"- id: a\n")
    assert cache.get(key) is None
    cache.put(key, {"value": [1]})
    assert cache.get(key) == {"value": [1]}
    (tmp_path / f"{key}.pickle").write_bytes(b"rusak")
    assert cache.get(key) is None
    assert ContentCache(tmp_path, "v2").key("data/katalog/a.yaml", b"- id: a\n") != key


def test_checking_data_files_on_several_cores_finds_the_same_errors(tmp_path):
    write_files(tmp_path, {
        **BASE,
        "data/katalog/a.yaml": books("buku-a", "buku-b"),
        "data/katalog/b.yaml": books("buku-b", "buku-c", isbn="978-602-8519-93-0"),
        "data/katalog/c.yaml": "- id: buku-d\n  title: [tidak ditutup\n",
        "data/katalog/d.yaml": books("buku-a", "laskar-pelangi", year="dua ribu"),
    })

    def check(**options):
        settings = project_overrides(tmp_path, VALIDATION={"cache": False, **options})
        report = validate_project(load_settings(DEFAULT_SETTINGS, settings))
        return [(e.code, e.file, e.line, e.column, e.field, str(e.params)) for e in report.errors]

    serial = check(parallel_from_bytes=10**9)
    assert {e[0] for e in serial} >= {"duplicate-id", "isbn", "type", "yaml-syntax"}
    assert check(parallel_from_bytes=0) == serial
