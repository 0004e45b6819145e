import datetime as dt

import pytest

from plugins.common.build import DEFAULT_SETTINGS, load_settings
from plugins.common.scaffold import PLACEHOLDER, new_file
from plugins.common.testing import project_overrides, write_files
from plugins.validation.test_validation import BASE
from plugins.validation.validation import validate_project

TODAY = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
KINDS = ["programme", "review", "event", "page"]


@pytest.fixture
def settings(tmp_path):
    write_files(tmp_path, BASE)
    return load_settings(DEFAULT_SETTINGS, project_overrides(tmp_path))


@pytest.mark.parametrize("kind", KINDS)
def test_a_new_file_passes_the_check_unchanged_as_a_draft(settings, tmp_path, kind):
    path = new_file(kind, "Festival Literasi 2027", settings, TODAY)
    assert path.name == "festival-literasi-2027.md"
    text = path.read_text(encoding="utf-8")
    assert "title: Festival Literasi 2027" in text and "# Langkah berikutnya:" in text
    report = validate_project(settings)
    assert report.errors == []
    assert report.drafts == [path.relative_to(tmp_path).as_posix()]


@pytest.mark.parametrize("kind", KINDS)
def test_publishing_with_placeholders_left_is_refused(settings, kind):
    path = new_file(kind, "Festival Literasi 2027", settings, TODAY)
    path.write_text(path.read_text().replace("status: draft", "status: published"))
    errors = validate_project(settings).errors
    assert [(e.code, e.file) for e in errors] == [("placeholder", f"content/{path.parent.name}/{path.name}")]


def test_a_filled_in_event_builds_into_its_page(settings, build_site, tmp_path):
    path = new_file("event", "Bedah Buku Laut Bercerita", settings, TODAY)
    text = path.read_text().replace("status: draft", "status: published")
    path.write_text(text.replace(f"{PLACEHOLDER} ringkasan", "Diskusi novel.").replace(
        f"{PLACEHOLDER} tulis isi acara di sini.", "Mari membaca bersama."))
    site = build_site(tmp_path, {})
    page = site.page("acara/bedah-buku-laut-bercerita/")
    assert page.h1.get_text() == "Bedah Buku Laut Bercerita"
    assert "Rabu, 2 Desember 2026, 09.00" in page.select_one(".details").get_text()


def test_an_existing_file_is_never_overwritten(settings):
    path = new_file("page", "Kontak", settings, TODAY)
    path.write_text("---\ntitle: Kontak\n---\nIsi editor.\n")
    with pytest.raises(FileExistsError):
        new_file("page", "Kontak", settings, TODAY)
    assert "Isi editor." in path.read_text()


def test_an_unknown_kind_is_refused(settings):
    with pytest.raises(ValueError):
        new_file("berita", "Judul", settings, TODAY)
