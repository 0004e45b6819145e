"""Incremental rebuilds give the same site as a full build, and render only what changed.

Each test copies the sample portal into a temporary project, builds it
incrementally (as the preview does), edits sources the way an editor would,
rebuilds, and compares every file of ``output/`` with a fresh full build of
the same sources.
"""

import gc
import json
import re
import shutil
import time
import weakref
from pathlib import Path

import pytest
import yaml
from pelican.contents import Content
from PIL import Image

from plugins.common import incremental
from plugins.common.incremental import Fingerprinter
from plugins.common.build import DEFAULT_SETTINGS, PROJECT_ROOT, BuildFailed, build
from plugins.common.testing import project_overrides
from plugins.search.search import read_index

# The catalogue renders in forked workers (as at scale), so their records reach the parent.
PARALLEL = {"CATALOGUE": {"workers": 2, "parallel_from": 1}}


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "portal"
    root.mkdir()
    for folder in ("content", "data"):
        shutil.copytree(PROJECT_ROOT / folder, root / folder)
    return root


def overrides(root: Path, **settings):
    return project_overrides(root, CACHE_PATH=str(root / "cache"), **PARALLEL, **settings)


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def assert_same_as_full_build(root: Path, result=None) -> None:
    """The output is the full build's, file by file (and ``result`` counts its pages)."""
    # Built from a copy: a full build of the same data folder would make the preview's
    # next rebuild read the catalogue afresh instead of patching the last one.
    source = root.parent / "reference-source"
    for folder in ("content", "data"):
        shutil.rmtree(source / folder, ignore_errors=True)
        shutil.copytree(root / folder, source / folder)
    reference = build(DEFAULT_SETTINGS, overrides(source, OUTPUT_PATH=str(root / "reference")))
    built, expected = files(root / "output"), files(reference.output)
    assert sorted(built) == sorted(expected)
    folders = [sorted(str(p.relative_to(top)) for p in top.rglob("*") if p.is_dir()) for top in (root / "output", reference.output)]
    assert folders[0] == folders[1]  # no folder left empty by a page no longer written
    different = [name for name in expected if built[name] != expected[name]]
    assert different == []
    assert result is None or result.pages == reference.pages


def rebuild(root: Path):
    return build(DEFAULT_SETTINGS, overrides(root), incremental=True)


def edit(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text(encoding="utf-8")
    changed, count = re.subn(pattern, replacement, text, count=1)
    assert count == 1, f"{pattern!r} not in {path}"
    path.write_text(changed, encoding="utf-8")


NEW_RECORD = """
- id: buku-baru-uji
  title: Buku Baru Uji
  authors: [Penulis Uji]
  publisher: Penerbit Uji
  year: 2024
  language: id
  subjects: [Sastra Anak]
  formats: [print, braille]
  call_number: A 1 UJI b
  location: Lantai 1
  copies: {total: 1, available: 1}
  local: false
  description: Buku uji.
"""


def test_rebuilds_after_editors_changes_match_full_builds(project):
    first = rebuild(project)
    assert first.rendered is None  # the first build of a process is a full one

    # Nothing changed: nothing rendered, no file touched.
    record_page = project / "output" / "katalog" / "na-willa" / "index.html"
    before = record_page.stat().st_mtime_ns
    again = rebuild(project)
    assert (again.rendered, again.pages) == (0, first.pages)
    assert record_page.stat().st_mtime_ns == before

    # A book's availability, a review's text, a page's title, a cover image replaced by
    # another of the same size (only the file changes): the few pages that show them.
    data = project / "data" / "katalog" / "anak.yaml"
    edit(data, r"copies: \{total: 3, available: 1\}", "copies: {total: 3, available: 0}")
    review = sorted((project / "content" / "ulasan").glob("*.md"))[0]
    edit(review, r"\n\n", "\n\nSatu kalimat baru dalam ulasan ini.\n\n")
    edit(project / "content" / "pages" / "jam-buka.md", r"title: (.*)", r"title: \1 Baru")
    cover = project / "content" / "images" / "sampul" / "palembang-kota-air.jpg"
    with Image.open(cover) as image:
        flipped = image.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    flipped.save(cover, quality=90)
    result = rebuild(project)
    assert 0 < result.rendered < result.pages / 4
    assert record_page.stat().st_mtime_ns != before
    assert_same_as_full_build(project)

    # A title that moves the book to another letter, a new record, a partner renamed, an
    # event retitled: lists, letter pages, partner and programme pages follow.
    edit(data, r"title: Na Willa", "title: Zebra Na Willa")
    data.write_text(data.read_text(encoding="utf-8") + NEW_RECORD, encoding="utf-8")
    edit(project / "data" / "mitra.yaml", r"name: ", "name: Baru ")
    event = sorted((project / "content" / "acara").glob("*.md"))[0]
    edit(event, r"title: (.*)", r"title: \1 (diubah)")
    rebuild(project)
    assert (project / "output" / "katalog" / "buku-baru-uji" / "index.html").is_file()
    assert_same_as_full_build(project)

    # A failed rebuild leaves the site as it was; the next good one catches up with
    # everything since the last good build (here: the new record removed again).
    text = data.read_text(encoding="utf-8")
    data.write_text(text[: text.index("\n- id: buku-baru-uji")] + "\n", encoding="utf-8")
    edit(project / "data" / "katalog" / "sastra.yaml", r"year: \d+", "year: dua ribu")
    site = files(project / "output")
    with pytest.raises(BuildFailed):
        rebuild(project)
    assert files(project / "output") == site
    edit(project / "data" / "katalog" / "sastra.yaml", r"year: dua ribu", "year: 2001")
    rebuild(project)
    assert not (project / "output" / "katalog" / "buku-baru-uji" / "index.html").exists()
    assert_same_as_full_build(project)


def test_a_programmes_text_changed_leaves_other_programmes_events_alone(project):
    """Events look their programme up by slug: one programme's text is not every event's input."""
    rebuild(project)
    output = project / "output"
    own_event = output / "acara" / "bedah-buku-laut-bercerita" / "index.html"
    other_event = output / "acara" / "serah-terima-gerakan-1000-buku-sdn-117" / "index.html"
    other_programme = output / "program" / "gerakan-1000-buku" / "index.html"
    sitemap = output / "sitemap.xml"
    before = {page: page.stat().st_mtime_ns for page in (own_event, other_event, other_programme, sitemap)}
    programme = project / "content" / "program" / "komunitas-literasi.md"
    edit(programme, r"\n\n", "\n\nKalimat baru program ini.\n\n")
    result = rebuild(project)
    assert own_event.stat().st_mtime_ns != before[own_event]
    assert other_event.stat().st_mtime_ns == before[other_event]
    assert other_programme.stat().st_mtime_ns == before[other_programme]
    assert sitemap.stat().st_mtime_ns == before[sitemap]  # no entry shows a programme's text
    assert 0 < result.rendered < 30
    assert_same_as_full_build(project)

    edit(programme, r"date: 2025-06-20", "date: 2025-06-21")  # its sitemap entry's date
    rebuild(project)
    assert sitemap.stat().st_mtime_ns != before[sitemap]
    assert_same_as_full_build(project)


def test_records_changed_in_place_then_regrouped(project):
    """Availability and text of a book (the catalogue patched in place), then its subjects
    (read and grouped anew), then back: each rebuild is the full build's site."""
    rebuild(project)
    data = project / "data" / "katalog" / "anak.yaml"
    other = project / "output" / "katalog" / "subjek" / "sastra-anak" / "index.html"
    edit(data, r"copies: \{total: 3, available: 1\}", "copies: {total: 3, available: 0}")
    edit(data, r"polos dan penuh", "polos, jujur, dan penuh")
    result = rebuild(project)
    assert 0 < result.rendered < 20
    page = (project / "output" / "katalog" / "na-willa" / "index.html").read_text(encoding="utf-8")
    assert "polos, jujur, dan penuh" in page
    assert_same_as_full_build(project)

    edit(data, r"subjects: \[Sastra Anak, Cerita Anak\]", "subjects: [Cerita Anak]")
    rebuild(project)
    assert "na-willa" not in other.read_text(encoding="utf-8")
    assert_same_as_full_build(project)

    edit(data, r"copies: \{total: 3, available: 0\}", "copies: {total: 3, available: 2}")
    rebuild(project)
    assert_same_as_full_build(project)

    # The year shows in every list the book is on, which the patch keeps as the same lists.
    edit(data, r"year: 2018", "year: 2019")
    rebuild(project)
    assert "(2019)" in (project / "output" / "katalog" / "subjek" / "cerita-anak" / "index.html").read_text()
    assert_same_as_full_build(project)


def test_a_rebuild_writes_its_pages_over_their_files(project, monkeypatch):
    """The pages a rebuild renders again are written into their files in ``output/``
    (the same inode: nothing new for the file system to allocate, nothing freed); a
    page that became shorter ends where its new text ends; a new book's page gets its
    folder; past the room for held pages they go through staging. Each time the full
    build's site."""
    one_process = project_overrides(project, CACHE_PATH=str(project / "cache"), CATALOGUE={"workers": 1})

    def rebuild_here():
        return build(DEFAULT_SETTINGS, one_process, incremental=True)

    rebuild_here()
    data = project / "data" / "katalog" / "anak.yaml"
    page = project / "output" / "katalog" / "na-willa" / "index.html"
    inode = page.stat().st_ino
    size = page.stat().st_size
    edit(data, r"polos dan penuh", "polos")
    assert 0 < rebuild_here().rendered < 20
    assert page.stat().st_ino == inode
    assert page.stat().st_size < size
    assert page.read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert_same_as_full_build(project)

    data.write_text(data.read_text(encoding="utf-8") + NEW_RECORD, encoding="utf-8")
    rebuild_here()
    assert "Buku Baru Uji" in (project / "output" / "katalog" / "buku-baru-uji" / "index.html").read_text()
    assert page.stat().st_ino == inode
    assert_same_as_full_build(project)

    monkeypatch.setattr(incremental, "HOLD_BYTES", 1000)  # less than any page: all staged
    edit(data, r"polos rasa", "polos dan penuh rasa")
    rebuild_here()
    assert page.stat().st_ino != inode
    assert "polos dan penuh" in page.read_text(encoding="utf-8")
    assert_same_as_full_build(project)


@pytest.fixture
def reads(project, monkeypatch) -> list[int]:
    """The project built once (the preview's first build), then one entry each time its
    catalogue is read and grouped anew (not patched); the full builds compared with read
    their own."""
    from plugins.catalogue.catalogue import CatalogueGenerator

    rebuild(project)
    found: list[int] = []
    read = CatalogueGenerator._read

    def counted(self, *args):
        if Path(self.settings["PATH"]) == project / "content":
            found.append(1)
        return read(self, *args)

    monkeypatch.setattr(CatalogueGenerator, "_read", counted)
    return found


def test_a_book_moved_in_lists_and_groups_without_reading_the_catalogue_again(project, reads):
    """A title changed within its letter, then to another letter that has titles, then
    its subjects, formats and local mark: the book is moved in the last build's lists and
    groups. A letter or language gets its first title and loses it again; a subject left
    without titles is dropped. Each rebuild is the full build's site, without reading the
    catalogue again."""
    data = project / "data" / "katalog" / "anak.yaml"
    edit(data, r"title: Na Willa", "title: Na Willa dan Rumah")
    rebuild(project)
    assert reads == []
    assert_same_as_full_build(project)

    edit(data, r"title: Na Willa dan Rumah", "title: Bersama Na Willa")
    rebuild(project)
    assert reads == []
    assert "Bersama Na Willa" in (project / "output" / "katalog" / "judul" / "b" / "index.html").read_text()
    assert "na-willa/" not in (project / "output" / "katalog" / "judul" / "n" / "index.html").read_text()
    assert_same_as_full_build(project)

    # Subjects, formats (an accessible one: its badge), the local mark: moved between groups.
    edit(data, r"subjects: \[Sastra Anak, Cerita Anak\]", "subjects: [Sastra Anak, Cerita Anak, Cerita Rakyat]")
    edit(data, r"formats: \[print, ebook\]\n(  call_number: A 899)", r"formats: [print, braille]\n\1")
    edit(data, r"(1, Ruang Layanan Anak\n  copies: \{total: 3, available: 1\}\n  local:) false", r"\1 true")
    rebuild(project)
    assert reads == []
    assert "na-willa/" in (project / "output" / "katalog" / "subjek" / "cerita-rakyat" / "index.html").read_text()
    assert "na-willa/" in (project / "output" / "katalog" / "format" / "braille" / "index.html").read_text()
    assert "na-willa/" in (project / "output" / "katalog" / "lokal" / "index.html").read_text()
    assert_same_as_full_build(project)

    edit(data, r"title: Bersama Na Willa", "title: Quila Na Willa")  # no title starts with Q
    rebuild(project)
    assert reads == []  # a new letter: in the A–Z and every title page's letter links
    assert "katalog/judul/q/" in (project / "output" / "katalog" / "judul" / "b" / "index.html").read_text()
    assert_same_as_full_build(project)

    edit(data, r"(title: Quila Na Willa\n(?:.*\n){4})  language: id", r"\1  language: ko")  # a first Korean book
    rebuild(project)
    assert reads == []
    assert "na-willa/" in (project / "output" / "katalog" / "bahasa" / "ko" / "index.html").read_text()
    assert_same_as_full_build(project)

    edit(data, r"title: Quila Na Willa", "title: Na Willa")  # Q and Korean left without titles
    edit(data, r"language: ko", "language: id")
    rebuild(project)
    assert reads == []
    assert not (project / "output" / "katalog" / "judul" / "q").exists()
    assert not (project / "output" / "katalog" / "bahasa" / "ko").exists()
    assert "katalog/judul/q/" not in (project / "output" / "katalog" / "judul" / "b" / "index.html").read_text()
    assert_same_as_full_build(project)

    edit(data, r"subjects: \[Sastra Anak, Cerita Anak, Cerita Rakyat\]", "subjects: [Sastra Anak, Cerita Rakyat]")
    rebuild(project)
    assert reads == []  # Cerita Anak loses its only title: its group goes, no regrouping
    assert not (project / "output" / "katalog" / "subjek" / "cerita-anak").exists()
    assert_same_as_full_build(project)


ADDED_RECORD = """
- id: na-willa-dan-kawan
  title: Na Willa dan Kawan
  authors: [Reda Gaudiamo]
  publisher: POST Press
  year: 2020
  language: id
  subjects: [Sastra Anak]
  formats: [print]
  call_number: A 899.221 3 GAU k
  location: Lantai 1, Ruang Layanan Anak
  copies: {total: 2, available: 2}
  local: true
  description: Cerita baru tentang Na Willa.
"""


def test_books_added_removed_and_moved_between_files_without_reading_the_catalogue_again(project, reads):
    """A book added in groups that have titles, removed again, a book cut from one file
    and pasted into another, a book by a new author in a new subject and removed again:
    put into and taken out of the last build's lists and groups, which come and go.
    Each rebuild is the full build's site, and counts its pages as the full build does."""
    anak, sastra = project / "data" / "katalog" / "anak.yaml", project / "data" / "katalog" / "sastra.yaml"
    output = project / "output" / "katalog"
    count = len(re.findall(r"^- id:", "".join(p.read_text() for p in anak.parent.glob("*.yaml")), re.M))
    anak.write_text(anak.read_text(encoding="utf-8") + ADDED_RECORD, encoding="utf-8")
    result = rebuild(project)
    assert reads == []
    assert "Na Willa dan Kawan" in (output / "na-willa-dan-kawan" / "index.html").read_text()
    assert "na-willa-dan-kawan/" in (output / "pengarang" / "reda-gaudiamo" / "index.html").read_text()
    assert "na-willa-dan-kawan/" in (output / "lokal" / "index.html").read_text()
    assert f"{count + 1} judul" in (output / "index.html").read_text()
    assert_same_as_full_build(project, result)

    text = anak.read_text(encoding="utf-8")
    anak.write_text(text[: text.index("\n- id: na-willa-dan-kawan")] + "\n", encoding="utf-8")
    result = rebuild(project)
    assert reads == []
    assert not (output / "na-willa-dan-kawan").exists()
    assert f"{count} judul" in (output / "index.html").read_text()
    assert_same_as_full_build(project, result)

    text = anak.read_text(encoding="utf-8")  # Na Willa, cut and pasted into another file
    start = text.index("- id: na-willa\n")
    end = text.index("\n- id:", start) + 1
    anak.write_text(text[:start] + text[end:], encoding="utf-8")
    sastra.write_text(sastra.read_text(encoding="utf-8") + "\n" + text[start:end], encoding="utf-8")
    result = rebuild(project)
    assert reads == []
    assert_same_as_full_build(project, result)

    # A book by a new author in a new subject: two new groups, in their indexes by name;
    # removed again, the groups go.
    anak.write_text(anak.read_text(encoding="utf-8") + ADDED_RECORD.replace("Reda Gaudiamo", "Penulis Baru")
                    .replace("[Sastra Anak]", "[Sastra Anak, Dongeng Baru]"), encoding="utf-8")
    result = rebuild(project)
    assert reads == []
    assert "na-willa-dan-kawan/" in (output / "pengarang" / "penulis-baru" / "index.html").read_text()
    assert "subjek/dongeng-baru/" in (output / "subjek" / "index.html").read_text()
    assert_same_as_full_build(project, result)

    text = anak.read_text(encoding="utf-8")
    anak.write_text(text[: text.index("\n- id: na-willa-dan-kawan")] + "\n", encoding="utf-8")
    result = rebuild(project)
    assert reads == []
    assert not (output / "pengarang" / "penulis-baru").exists()
    assert_same_as_full_build(project, result)


@pytest.fixture
def sectioned(monkeypatch):
    """Lists of 5 titles or more split by first letter (CATALOGUE "sections_from"), as a
    catalogue of tens of thousands of titles has them at the default."""
    monkeypatch.setitem(PARALLEL["CATALOGUE"], "sections_from", 5)


def test_lists_split_by_letter_follow_books_changed_added_and_removed(project, sectioned, reads):
    """With every large list split by first letter: a book's year (shown in its entry), its
    title moved within its letter and to another, a book added and removed, its subjects,
    a failed build in between. Only the letter a book joins or leaves changes: the pages of
    other letters stay as they were. Each rebuild is the full build's site."""
    anak = project / "data" / "katalog" / "anak.yaml"
    output = project / "output" / "katalog"
    language = output / "bahasa" / "id"
    assert {p.name for p in language.iterdir() if p.is_dir()} >= {"n", "b", "s"}
    assert "na-willa/" not in (language / "index.html").read_text()  # the letters, no titles

    def stamps() -> dict[str, int]:
        return {str(p.relative_to(output)): p.stat().st_mtime_ns for p in output.rglob("index.html")}

    edit(anak, r"(title: Na Willa\n(?:  .*\n)*?  year:) \d+", r"\1 2019")
    before = stamps()
    rebuild(project)
    assert reads == []
    assert_same_as_full_build(project)
    written = {name for name, stamp in stamps().items() if before[name] != stamp}
    assert "bahasa/id/n/index.html" in written and "bahasa/id/s/index.html" not in written

    edit(anak, r"title: Na Willa", "title: Na Willa dan Rumah")  # within N
    rebuild(project)
    edit(anak, r"title: Na Willa dan Rumah", "title: Bersama Na Willa")  # from N to B
    rebuild(project)
    assert reads == []
    assert "na-willa/" in (language / "b" / "index.html").read_text()
    assert "na-willa/" not in (language / "n" / "index.html").read_text()
    assert_same_as_full_build(project)

    before = stamps()
    anak.write_text(anak.read_text(encoding="utf-8") + ADDED_RECORD, encoding="utf-8")
    rebuild(project)
    assert reads == []
    assert "na-willa-dan-kawan/" in (language / "n" / "index.html").read_text()
    written = {name for name, stamp in stamps().items() if before.get(name) != stamp}
    assert "bahasa/id/index.html" in written  # its counts
    assert not any(name.startswith(("bahasa/id/s/", "bahasa/id/b/", "format/cetak/s/")) for name in written)
    assert_same_as_full_build(project)

    text = anak.read_text(encoding="utf-8")
    anak.write_text(text[: text.index("\n- id: na-willa-dan-kawan")] + "\n", encoding="utf-8")
    edit(project / "data" / "katalog" / "sastra.yaml", r"year: \d+", "year: dua ribu")
    with pytest.raises(BuildFailed):
        rebuild(project)
    edit(project / "data" / "katalog" / "sastra.yaml", r"year: dua ribu", "year: 2001")
    edit(anak, r"subjects: \[Sastra Anak, Cerita Anak\]", "subjects: [Sastra Anak, Cerita Rakyat]")
    rebuild(project)
    assert not (output / "na-willa-dan-kawan").exists()
    assert_same_as_full_build(project)


def test_a_list_reaching_the_size_to_split_by_letter_and_back(project, monkeypatch, reads):
    """The local collection one title short of ``sections_from``: a local book added splits
    it by letter (its list of titles goes), removed again joins it (its letters go)."""
    folder = project / "data" / "katalog"
    local = sum(text.count("local: true") for text in (p.read_text(encoding="utf-8") for p in folder.glob("*.yaml")))
    monkeypatch.setitem(PARALLEL["CATALOGUE"], "sections_from", local + 1)
    output = project / "output" / "katalog" / "lokal"

    def listed() -> bool:  # titles on its page (else its letters)
        return 'class="record-list"' in (output / "index.html").read_text(encoding="utf-8")

    rebuild(project)  # the size is a setting: a full build
    assert listed() and not (output / "n").exists()
    anak = folder / "anak.yaml"
    anak.write_text(anak.read_text(encoding="utf-8") + ADDED_RECORD, encoding="utf-8")
    rebuild(project)
    assert not listed() and "na-willa-dan-kawan/" in (output / "n" / "index.html").read_text(encoding="utf-8")
    assert_same_as_full_build(project)
    text = anak.read_text(encoding="utf-8")
    anak.write_text(text[: text.index("\n- id: na-willa-dan-kawan")] + "\n", encoding="utf-8")
    rebuild(project)
    assert listed() and not (output / "n").exists()
    assert len(reads) == 1
    assert_same_as_full_build(project)


@pytest.mark.parametrize("background", [False, True], ids=["now", "in-the-background"])
def test_a_sitemap_in_parts_follows_books_added_and_removed(project, monkeypatch, background):
    """Past the protocol's 50,000 URLs (here: past the sample's own count) the sitemap is an
    index of parts; the preview writes the parts, keeps them while nothing changed and
    removes them when the sitemap fits one file again. Each rebuild is the full build's. The
    preview's rebuilds (``background``) leave the sitemap to the background process."""
    from plugins.common import sitemap

    def rebuild(project):
        result = build(DEFAULT_SETTINGS, overrides(project), incremental=True, background=background)
        incremental.wait_background()
        return result

    rebuild(project)
    output = project / "output"
    count = (output / "sitemap.xml").read_text(encoding="utf-8").count("<url>")
    monkeypatch.setattr(sitemap, "MAX_URLS", count)  # full: one more URL makes two parts
    anak = project / "data" / "katalog" / "anak.yaml"
    anak.write_text(anak.read_text(encoding="utf-8") + ADDED_RECORD, encoding="utf-8")
    rebuild(project)
    index = (output / "sitemap.xml").read_text(encoding="utf-8")
    assert "<sitemapindex" in index and "/sitemap-1.xml</loc>" in index and "/sitemap-2.xml</loc>" in index
    parts = [(output / f"sitemap-{n}.xml").read_text(encoding="utf-8") for n in (1, 2)]
    assert parts[0].count("<url>") == count and parts[1].count("<url>") >= 1  # its page, a list page
    assert_same_as_full_build(project)

    assert rebuild(project).rendered == 0  # nothing changed: the parts are kept
    assert (output / "sitemap-2.xml").is_file()
    assert_same_as_full_build(project)

    text = anak.read_text(encoding="utf-8")
    anak.write_text(text[: text.index("\n- id: na-willa-dan-kawan")] + "\n", encoding="utf-8")
    rebuild(project)
    assert "<urlset" in (output / "sitemap.xml").read_text(encoding="utf-8")
    assert not (output / "sitemap-1.xml").exists() and not (output / "sitemap-2.xml").exists()
    assert_same_as_full_build(project)


def test_covers_added_replaced_and_removed_without_reading_the_catalogue_again(project, reads):
    """A cover added for a book, replaced by one of another size, a new book with its cover,
    the covers removed again: the books get their new covers in the last build's catalogue,
    and each rebuild is the full build's site. An image Pillow cannot read fails the build,
    as in a full build, and leaves the site as it was."""
    covers = project / "content" / "images" / "sampul"
    output = project / "output"
    with Image.open(covers / "palembang-kota-air.jpg") as image:
        image.resize((120, 180)).save(covers / "na-willa.jpg", quality=85)
    assert rebuild(project).rendered == 1  # the book's page: no other page links an image that was not there
    assert reads == []
    assert 'sampul/na-willa' in (output / "katalog" / "na-willa" / "index.html").read_text()
    assert_same_as_full_build(project)

    with Image.open(covers / "palembang-kota-air.jpg") as image:
        image.resize((100, 160)).save(covers / "na-willa.jpg", quality=85)
    anak = project / "data" / "katalog" / "anak.yaml"
    anak.write_text(anak.read_text(encoding="utf-8") + ADDED_RECORD, encoding="utf-8")
    with Image.open(covers / "palembang-kota-air.jpg") as image:
        image.resize((90, 140)).save(covers / "na-willa-dan-kawan.png")
    rebuild(project)
    assert reads == []
    assert 'height="160"' in (output / "katalog" / "na-willa" / "index.html").read_text()
    assert 'sampul/na-willa-dan-kawan' in (output / "katalog" / "na-willa-dan-kawan" / "index.html").read_text()
    assert_same_as_full_build(project)

    (covers / "na-willa.jpg").unlink()
    (covers / "na-willa-dan-kawan.png").unlink()
    rebuild(project)
    assert reads == []
    assert 'sampul/na-willa' not in (output / "katalog" / "na-willa" / "index.html").read_text()
    assert_same_as_full_build(project)

    (covers / "na-willa.jpg").write_bytes(b"bukan gambar")
    with pytest.raises(BuildFailed) as failure:
        rebuild(project)
    assert any("na-willa.jpg" in problem for problem in failure.value.problems)
    assert 'sampul/na-willa' not in (output / "katalog" / "na-willa" / "index.html").read_text()


def test_another_label_of_a_subject_or_author_without_reading_the_catalogue_again(project, reads):
    """A subject or an author written otherwise ("sastra anak", "REDA GAUDIAMO": the same
    page) by a book that is not the group's first title: the book's own link says it, the
    group keeps its name, and the catalogue is patched; by its first title (the group takes
    the new name) or by a book added first, it is read and grouped anew. Each rebuild is the
    full build's site."""
    data = project / "data" / "katalog" / "anak.yaml"
    edit(data, r"(title: Na Willa\n(?:.*\n){5})  subjects: \[Sastra Anak,", r"\1  subjects: [sastra anak,")
    sastra = project / "data" / "katalog" / "sastra.yaml"
    edit(sastra, r"(title: Sang Pemimpi\n)  authors: \[Andrea Hirata\]", r"\1  authors: [ANDREA HIRATA]")
    rebuild(project)
    assert reads == []
    assert "sastra anak" in (project / "output" / "katalog" / "na-willa" / "index.html").read_text()
    assert "ANDREA HIRATA" in (project / "output" / "katalog" / "sang-pemimpi" / "index.html").read_text()
    assert "<h1>Subjek: Sastra Anak</h1>" in (project / "output" / "katalog" / "subjek" / "sastra-anak" / "index.html").read_text()
    assert_same_as_full_build(project)

    anak = project / "data" / "katalog" / "anak.yaml"
    anak.write_text(anak.read_text(encoding="utf-8") + ADDED_RECORD.replace("title: Na Willa dan Kawan", "title: Aaa Kawan")
                    .replace("[Sastra Anak]", "[SASTRA ANAK]"), encoding="utf-8")
    rebuild(project)
    assert reads == [1]  # the first title of Sastra Anak now names it otherwise
    assert "SASTRA ANAK" in (project / "output" / "katalog" / "subjek" / "sastra-anak" / "index.html").read_text()
    assert_same_as_full_build(project)


def test_data_files_added_renamed_and_removed_without_reading_the_catalogue_again(project, reads):
    """A new data file with a new book, the file renamed, then removed; a file of the
    sample renamed (its books moved, nothing else), a note beside the data files: patched
    into the last build's catalogue, each rebuild the full build's site."""
    folder = project / "data" / "katalog"
    output = project / "output" / "katalog"
    (folder / "baru.yaml").write_text(ADDED_RECORD.lstrip(), encoding="utf-8")
    rebuild(project)
    assert reads == []
    assert "Na Willa dan Kawan" in (output / "na-willa-dan-kawan" / "index.html").read_text()
    assert_same_as_full_build(project)

    (folder / "baru.yaml").rename(folder / "terbaru.yaml")
    (folder / "sastra.yaml").rename(folder / "sastra-indonesia.yaml")
    (folder / "catatan.txt").write_text("bukan data\n", encoding="utf-8")
    assert rebuild(project).rendered == 0  # the same books: nothing shows which file they are in
    assert reads == []
    assert_same_as_full_build(project)

    (folder / "terbaru.yaml").unlink()
    rebuild(project)
    assert reads == []
    assert not (output / "na-willa-dan-kawan").exists()
    assert_same_as_full_build(project)


def test_a_book_moved_away_from_naming_its_subject_makes_the_next_title_name_it(project):
    """A subject is named by the label of its first title: the book that named it moves
    down the list, and the subject takes the next title's label, as a full build names it."""
    data = project / "data" / "katalog" / "anak.yaml"
    edit(data, r"title: Na Willa\n((?:.*\n){5})  subjects: \[Sastra Anak,", r"title: Aaa Na Willa\n\1  subjects: [sastra anak,")
    rebuild(project)
    page = project / "output" / "katalog" / "subjek" / "sastra-anak" / "index.html"
    assert "sastra anak" in page.read_text()
    edit(data, r"title: Aaa Na Willa", "title: Na Willa")
    rebuild(project)
    assert "sastra anak" not in page.read_text()
    assert_same_as_full_build(project)


def test_template_settings_or_output_changes_mean_a_full_build(project, tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(PROJECT_ROOT / "theme", theme)
    settings = overrides(project, THEME=str(theme))
    build(DEFAULT_SETTINGS, settings, incremental=True)
    footer = theme / "templates" / "partials" / "footer.html"
    footer.write_text(footer.read_text(encoding="utf-8") + "<!-- diubah -->\n", encoding="utf-8")
    result = build(DEFAULT_SETTINGS, settings, incremental=True)
    assert result.rendered is None
    assert "<!-- diubah -->" in (project / "output" / "katalog" / "na-willa" / "index.html").read_text()
    shutil.rmtree(project / "output")
    result = build(DEFAULT_SETTINGS, settings, incremental=True)
    assert result.rendered is None
    assert (project / "output" / "katalog" / "na-willa" / "index.html").is_file()
    renamed = {**settings, "SITENAME": "Perpustakaan Uji"}
    result = build(DEFAULT_SETTINGS, renamed, incremental=True)
    assert result.rendered is None
    assert "Perpustakaan Uji" in (project / "output" / "katalog" / "na-willa" / "index.html").read_text()


def test_a_schema_changed_while_the_preview_runs_is_read_again(project, monkeypatch):
    """A developer edits data/schemas/ while ./dev serve runs: the next build checks
    against it, shows its labels and JSON-LD mappings, and builds every page."""
    from plugins.common import schemas

    folder = project / "data" / "schemas"
    monkeypatch.setattr(schemas, "SCHEMA_PATH", folder)  # the project's copy
    catalogue, common = folder / "catalogue.json", folder / "common.json"
    originals = {path: path.read_text(encoding="utf-8") for path in (catalogue, common)}

    def change(path: Path, edit) -> None:
        schema = json.loads(path.read_text(encoding="utf-8"))
        edit(schema)
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2), encoding="utf-8")

    rebuild(project)
    page = project / "output" / "katalog" / "burlian" / "index.html"
    assert ">Braille<" in page.read_text(encoding="utf-8")

    def relabel(schema):
        schema["properties"]["formats"]["items"]["x-labels"]["braille"] = "Huruf Braille"
        schema["properties"]["formats"]["x-schemaorg"][1]["map"]["braille"] = "tactileGraphic"

    change(catalogue, relabel)
    result = rebuild(project)
    assert result.rendered is None  # a full build
    html = page.read_text(encoding="utf-8")
    assert ">Huruf Braille<" in html and ">Braille<" not in html
    assert '"accessibilityFeature": ["tactileGraphic"]' in html
    assert_same_as_full_build(project)
    # A rule changed: the check of the next build applies it.
    change(common, lambda schema: schema["$defs"]["title"].update(maxLength=7))
    with pytest.raises(BuildFailed, match=r"anak\.yaml:\d+:\d+: title"):
        rebuild(project)
    for path, text in originals.items():
        path.write_text(text, encoding="utf-8")
    rebuild(project)
    assert ">Braille<" in page.read_text(encoding="utf-8")


def test_records_fingerprinted_before_are_known_by_identity_in_the_next_build():
    """A build's fingerprinter starts knowing the records of the last (by identity, a copy
    of the session's map): a record read again equal is known under its new object, a
    changed one gets a new fingerprint, and the map lets go of the objects replaced."""
    known, by_id = {}, {}
    first = [{"id": f"buku-{n}", "title": f"Judul {n}"} for n in range(3)]
    before = Fingerprinter(known=known, known_by_id=by_id)
    prints = [before(record) for record in first]
    again = [dict(first[0]), first[1], {**first[2], "title": "Judul baru"}]
    after = Fingerprinter(known=known, known_by_id=by_id)
    assert [after(record) for record in again][:2] == prints[:2]
    assert after(again[2]) != prints[2] and after(again[2]) == Fingerprinter()(again[2])
    assert by_id == {id(value): (value, fingerprint) for value, fingerprint in known.values()}
    assert set(by_id) == {id(record) for record in again}
    assert Fingerprinter(known=known, known_by_id=by_id).memo.keys() == by_id.keys()


def test_tracked_index_records_single_lookups():
    index = incremental.TrackedIndex("catalogue_by_id", {"a": 1, "b": 2})
    with incremental.recording() as names:
        assert index.get("a") == 1
        assert "b" in index
    assert names == {("catalogue_by_id", "a"), ("catalogue_by_id", "b")}
    with incremental.recording() as names:
        assert len(index) == 2
    assert names == {"catalogue_by_id"}


def test_templates_list_group_records_only_through_pagination():
    """Group fingerprints leave out their records (catalogue.Group.incremental_fingerprint):
    a template looping over ``group.records`` would miss changes in incremental builds."""
    for template in (PROJECT_ROOT / "theme" / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"\.records\b", text), template


def test_list_entries_show_only_what_a_patch_watches():
    """A record changed in place marks the lists it is on as changed only when it changed
    in what its list entry shows (catalogue.GROUPING_KEYS, ENTRY_KEYS): an entry showing
    any other field would keep an old value on the list pages of incremental builds."""
    from plugins.catalogue.catalogue import ENTRY_KEYS, GROUPING_KEYS

    text = (PROJECT_ROOT / "theme" / "templates" / "catalogue_entry.html").read_text(encoding="utf-8")
    shown = set(re.findall(r"\brecord\.(\w+)", text)) | set(re.findall(r"\brecord\[[\"'](\w+)", text))
    derived = {"page_url": "id", "language_code": "language", "accessible_links": "formats"}
    assert "title" in shown and "year" in shown
    assert {derived.get(name, name) for name in shown} <= set(GROUPING_KEYS) | set(ENTRY_KEYS)


def test_preview_rebuild_leaves_the_search_index_to_a_background_process(project):
    build(DEFAULT_SETTINGS, overrides(project), incremental=True, background=True)
    assert "zyxwv" not in read_index(project / "output")[0]["terms"]
    edit(project / "data" / "katalog" / "anak.yaml", r"title: Na Willa", "title: Na Willa Zyxwv")
    result = build(DEFAULT_SETTINGS, overrides(project), incremental=True, background=True)
    assert result.rendered > 0
    incremental.wait_background()
    assert "zyxwv" in read_index(project / "output")[0]["terms"]
    assert not list(project.glob(".deferred-*"))
    assert_same_as_full_build(project)


def test_what_a_stopped_background_process_left_is_removed_by_the_next_build(project, monkeypatch):
    """A rebuild's background process removes the files it replaces (the last search
    index's parts), so the next rebuild leaves them alone; one a newer rebuild stopped
    first removed nothing, and that rebuild does it, even when its own background work
    does not list them again."""
    from plugins.search import search

    def rebuild_in_background():
        return build(DEFAULT_SETTINGS, overrides(project), incremental=True, background=True)

    rebuild_in_background()
    first_index = incremental_files(project / "output", "cari/indeks/")
    assert first_index
    original = search.SearchIndexGenerator.write_index

    def stalled(self, folder, options):  # a background process that is still at work
        time.sleep(120)

    monkeypatch.setattr(search.SearchIndexGenerator, "write_index", stalled)
    edit(project / "data" / "katalog" / "anak.yaml", r"title: Na Willa", "title: Na Willa Zyxwv")
    rebuild_in_background()
    monkeypatch.setattr(search.SearchIndexGenerator, "write_index", original)
    monkeypatch.setattr(incremental, "output_files", lambda prefix: [])  # nothing listed again
    edit(project / "data" / "katalog" / "anak.yaml", r"title: Na Willa Zyxwv", "title: Na Willa Qwert")
    started = time.monotonic()
    rebuild_in_background()  # stops the stalled one
    assert time.monotonic() - started < 60
    incremental.wait_background()
    assert "qwert" in read_index(project / "output")[0]["terms"]
    assert not set(first_index) & set(incremental_files(project / "output", "cari/indeks/"))
    assert_same_as_full_build(project)


def test_the_preview_lists_its_first_build_after_it_and_a_rebuild_removes_a_book(project):
    """The preview's first build leaves listing its files to a forked process (a second at
    50,000 pages); the next build uses that list: a removed book's page and folder go."""
    first = build(DEFAULT_SETTINGS, overrides(project), incremental=True, background=True)
    assert first.pages > 100 and first.rendered is None
    session = incremental._sessions[(project / "output").resolve()]
    assert isinstance(session.produced, incremental.Listing)  # being listed
    anak = project / "data" / "katalog" / "anak.yaml"
    text = anak.read_text(encoding="utf-8")
    assert (project / "output" / "katalog" / "na-willa" / "index.html").is_file()
    anak.write_text(re.sub(r"(?ms)^- id: na-willa\n.*?(?=^- id: |\Z)", "", text), encoding="utf-8")
    build(DEFAULT_SETTINGS, overrides(project), incremental=True, background=True)
    assert isinstance(session.produced, set)
    incremental.wait_background()
    assert not (project / "output" / "katalog" / "na-willa").exists()
    assert_same_as_full_build(project)


@pytest.mark.parametrize("incremental_build", [False, True], ids=["full", "preview"])
def test_pelicans_content_cache_off_reads_no_file_stamps(project, monkeypatch, incremental_build):
    """With ``CACHE_CONTENT`` off, Pelican's generators and readers still asked every
    source's modification time twice a build, to find nothing and keep nothing."""
    import os.path

    asked = []
    getmtime = os.path.getmtime
    monkeypatch.setattr(os.path, "getmtime", lambda path: (asked.append(str(path)), getmtime(path))[1])
    build(DEFAULT_SETTINGS, overrides(project), incremental=incremental_build)
    assert not [path for path in asked if path.startswith(str(project / "content"))]
    assert (project / "output" / "program" / "gerakan-1000-buku" / "index.html").is_file()


def test_a_rebuild_renders_again_only_the_list_entries_of_changed_books(project):
    """List entries are kept across the preview's builds: after a book's year changed, the
    list pages showing it are rendered again with only its entries made anew."""
    rebuild(project)
    session = incremental._sessions[(project / "output").resolve()]
    made = []

    class Counted(dict):
        def __setitem__(self, key, value):
            made.append(key)
            super().__setitem__(key, value)

    entries, reads = session.memo["catalogue_entries"]
    assert len(entries) > 50
    session.memo["catalogue_entries"] = (Counted(entries), reads)
    edit(project / "data" / "katalog" / "anak.yaml", r"year: 2018\n  language: id\n  subjects: \[Sastra Anak",
         "year: 2017\n  language: id\n  subjects: [Sastra Anak")
    result = rebuild(project)
    assert result.rendered > 3  # its page and the lists it is on
    assert made and {key[2] for key in made} == {"na-willa"}
    listed = (project / "output" / "katalog" / "subjek" / "sastra-anak" / "index.html").read_text(encoding="utf-8")
    assert "Reda Gaudiamo (2017)" in listed
    assert_same_as_full_build(project)


def incremental_files(output: Path, prefix: str) -> list[str]:
    return sorted(str(path.relative_to(output)) for path in (output / prefix).rglob("*") if path.is_file())


def test_the_preview_does_not_keep_every_builds_articles(project):
    """Each build makes new article objects; the last build's must go (memory of the preview)."""
    rebuild(project)
    rebuild(project)
    gc.collect()
    first = [weakref.ref(item) for item in gc.get_objects() if isinstance(item, Content)]
    assert len(first) > 20
    rebuild(project)
    gc.collect()
    assert sum(ref() is not None for ref in first) == 0


def test_only_the_catalogue_jobs_a_change_reaches_are_written_again(project, monkeypatch):
    """The catalogue's jobs are checked whole before any page: with nothing changed none is
    written again; after a book's call number changed (not shown in lists), only that
    book's page is; after its year changed (shown in every list it is on), its page and
    the lists holding the book (checked page by page) are. Each page shows the change."""
    from plugins.common import parallel

    written: list[list[str]] = []
    original = parallel._write_all

    def recording(writer, context, jobs, workers):
        written.append([job.name for job in jobs])
        return original(writer, context, jobs, workers)

    def rebuild_here(root):  # one process: the pages checked are seen here
        return build(DEFAULT_SETTINGS, project_overrides(root, CACHE_PATH=str(root / "cache")), incremental=True)

    rebuild_here(project)
    monkeypatch.setattr(parallel, "_write_all", recording)
    rebuild_here(project)
    assert written == [[]]

    data = project / "data" / "katalog" / "anak.yaml"
    edit(data, r"call_number: A 899.221 3 GAU n", "call_number: A 899.221 3 GAU m")
    written.clear()
    rebuild_here(project)
    assert written == [["katalog/na-willa/index.html"]]
    page = (project / "output" / "katalog" / "na-willa" / "index.html").read_text(encoding="utf-8")
    assert "A 899.221 3 GAU m" in page
    assert_same_as_full_build(project)

    checked: list[str] = []
    unchanged = incremental.Session.unchanged

    def spy(self, relative, *args):
        checked.append(relative)
        return unchanged(self, relative, *args)

    monkeypatch.setattr(incremental.Session, "unchanged", spy)
    edit(data, r"year: 2018", "year: 2017")
    written.clear()
    rebuild_here(project)
    records = {record["id"] for path in data.parent.glob("*.yaml") for record in yaml.safe_load(path.read_text())}
    again = written[0]
    assert [name for name in again if name.split("/")[1] in records] == ["katalog/na-willa/index.html"]
    lists = set(again) - {"katalog/na-willa/index.html"}
    assert "katalog/index.html" in lists and "katalog/subjek/sastra-anak/index.html" in lists
    assert "katalog/subjek/agama-islam/index.html" not in lists
    assert "(2017)" in (project / "output" / "katalog" / "subjek" / "sastra-anak" / "index.html").read_text()
    # Of the A–Z list's three pages only the one showing the book was looked at again.
    title_list = ["katalog/index.html", "katalog/hal/2/index.html", "katalog/hal/3/index.html"]
    holding = [page for page in title_list if "na-willa/" in (project / "output" / page).read_text()]
    assert len(holding) == 1 and [page for page in checked if page in title_list] == holding
    assert_same_as_full_build(project)


def test_catalogue_jobs_nothing_reached_are_carried_without_a_look(project, monkeypatch):
    """A catalogue job handed the last build's kwargs is not looked at one by one unless
    what its pages read changed (found the other way round, by what was read): with
    nothing changed no job is; after a book's only review moved to a book without one,
    only the two books' pages are (each lists its reviews), and both show the move."""
    looked_at: list[str] = []
    keep = incremental.Session._keep

    def spy(self, jobs, context, fast):
        looked_at.extend(job.name for job in jobs)
        return keep(self, jobs, context, fast)

    def rebuild_here(root):  # one process: the jobs looked at are seen here
        return build(DEFAULT_SETTINGS, project_overrides(root, CACHE_PATH=str(root / "cache")), incremental=True)

    rebuild_here(project)
    monkeypatch.setattr(incremental.Session, "_keep", spy)
    rebuild_here(project)
    assert looked_at == []

    edit(project / "content" / "ulasan" / "laut-bercerita-mereka-yang-tak-pulang.md",
         r"book: laut-bercerita", "book: na-willa")
    rebuild_here(project)
    assert sorted(looked_at) == ["katalog/laut-bercerita/index.html", "katalog/na-willa/index.html"]
    output = project / "output" / "katalog"
    assert "Mengingat Mereka" in (output / "na-willa" / "index.html").read_text(encoding="utf-8")
    assert "Mengingat Mereka" not in (output / "laut-bercerita" / "index.html").read_text(encoding="utf-8")
    assert_same_as_full_build(project)


@pytest.mark.parametrize("split", [False, True], ids=["lists", "lists-split-by-letter"])
def test_a_list_changed_before_a_failed_build_is_checked_whole_after_it(project, monkeypatch, split):
    """A year changed (the lists showing the book are patched), then the build fails while
    writing: the next build, with nothing new, still writes the lists' changed pages (also
    the letter lists of lists split by letter, whose lists the failed build put in place)."""
    from plugins.common import parallel

    if split:
        monkeypatch.setitem(PARALLEL["CATALOGUE"], "sections_from", 5)
    rebuild(project)
    edit(project / "data" / "katalog" / "anak.yaml", r"year: 2018", "year: 2016")
    original = parallel._write_all

    def failing(writer, context, jobs, workers):
        raise RuntimeError("disk penuh")

    monkeypatch.setattr(parallel, "_write_all", failing)
    with pytest.raises(BuildFailed):
        rebuild(project)
    monkeypatch.setattr(parallel, "_write_all", original)
    rebuild(project)
    page = "sastra-anak/n/index.html" if split else "sastra-anak/index.html"
    assert "(2016)" in (project / "output" / "katalog" / "subjek" / page).read_text()
    assert_same_as_full_build(project)
