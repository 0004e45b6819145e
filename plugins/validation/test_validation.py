"""Every class of editor mistake: its code, file, line and field, and its message."""

import subprocess
import sys

import pytest
import yaml

from plugins.common.build import DEFAULT_SETTINGS, BuildFailed, load_settings
from plugins.common.testing import project_overrides, write_files, write_settings_file
from plugins.validation.validation import isbn_problem, validate_project

PARTNERS = yaml.safe_dump([
    {"id": "unsri", "name": "Universitas Sriwijaya", "type": "university"},
    {"id": "forum-tbm-palembang", "name": "Forum TBM", "type": "community"},
])
BOOK = {
    "id": "laskar-pelangi", "title": "Laskar Pelangi", "authors": ["Andrea Hirata"],
    "isbn": "978-602-8519-93-9", "publisher": "Bentang Pustaka", "year": 2005,
    "language": "id", "formats": ["print"], "call_number": "899.221 HIR l",
    "location": "Lantai 2", "copies": {"total": 3, "available": 1},
}
BASE = {
    "data/mitra.yaml": PARTNERS,
    "data/katalog/sastra.yaml": yaml.safe_dump([BOOK], sort_keys=False),
    "content/program/komunitas-literasi.md": (
        "---\ntitle: Komunitas Literasi\ndate: 2026-01-10\nsummary: Program komunitas.\n---\nIsi.\n"
    ),
}


def check(tmp_path, files, **settings):
    """Errors as (code, file, line, field) for a project of BASE plus ``files``."""
    write_files(tmp_path, {**BASE, **files})
    report = validate_project(load_settings(DEFAULT_SETTINGS, project_overrides(tmp_path, **settings)))
    return report


def found(report):
    return [(e.code, e.file, e.line, e.field) for e in report.errors]


def event(extra="", start='"2026-12-05 09:00"', end='"2026-12-05 12:00"'):
    return (
        f"---\ntitle: Bedah Buku\ndate: 2026-11-01\nsummary: Diskusi buku.\nstart: {start}\n"
        f"end: {end}\nvenue:\n  name: Aula\n{extra}---\nIsi acara.\n"
    )


def review(book="laskar-pelangi", extra=""):
    return (
        f"---\ntitle: Ulasan\ndate: 2026-03-04\nsummary: Ulasan buku.\nbook: {book}\n"
        f"reviewer: Rina Marlina\n{extra}---\nIsi ulasan.\n"
    )


def test_the_sample_and_the_base_fixture_are_valid(tmp_path):
    assert found(check(tmp_path, {"content/acara/a.md": event(), "content/ulasan/u.md": review()})) == []
    assert validate_project(load_settings(DEFAULT_SETTINGS)).errors == []


def test_yaml_tab_is_located(tmp_path):
    text = "---\ntitle: Bedah Buku\nvenue:\n\tname: Aula\n---\nIsi.\n"
    assert found(check(tmp_path, {"content/acara/a.md": text})) == [
        ("yaml-tab", "content/acara/a.md", 4, "")
    ]


def test_unclosed_quote_is_located_where_the_quote_opens(tmp_path):
    text = '---\ntitle: "Bedah Buku\ndate: 2026-11-01\n---\nIsi.\n'
    [error] = check(tmp_path, {"content/acara/a.md": text}).errors
    assert (error.code, error.line, error.column) == ("yaml-unclosed-quote", 2, 8)
    assert "tanda kutip tidak ditutup" in error.format()


def test_yaml_syntax_error_in_data_is_located(tmp_path):
    files = {"data/mitra.yaml": "- id: unsri\n  name: [Universitas\n  type: university\n"}
    [error] = check(tmp_path, files).errors
    assert (error.code, error.file) == ("yaml-syntax", "data/mitra.yaml")
    assert error.line >= 2


def test_missing_required_fields_are_each_named(tmp_path):
    text = "---\ntitle: Bedah Buku\ndate: 2026-11-01\n---\nIsi.\n"
    assert found(check(tmp_path, {"content/acara/a.md": text})) == [
        ("required", "content/acara/a.md", 2, "start"),
        ("required", "content/acara/a.md", 2, "summary"),
        ("required", "content/acara/a.md", 2, "venue"),
    ]


def test_wrong_type_names_what_is_expected(tmp_path):
    [error] = check(tmp_path, {"content/ulasan/u.md": review(extra="rating: lima\n")}).errors
    assert (error.code, error.line, error.field) == ("type", 7, "rating")
    assert "harus bilangan bulat" in error.format()


def test_rating_out_of_range(tmp_path):
    assert found(check(tmp_path, {"content/ulasan/u.md": review(extra="rating: 6\n")})) == [
        ("too-large", "content/ulasan/u.md", 7, "rating")
    ]


@pytest.mark.parametrize("start", ["2026-02-30 09:00", '"2026-02-30 09:00"', "besok"])
def test_impossible_dates_are_reported(tmp_path, start):
    errors = check(tmp_path, {"content/acara/a.md": event(start=start)}).errors
    assert [(e.code, e.line, e.field) for e in errors] == [("date", 5, "start")]


def test_end_before_start_points_at_end(tmp_path):
    text = event(end='"2026-12-05 08:00"')
    [error] = check(tmp_path, {"content/acara/a.md": text}).errors
    assert (error.code, error.line, error.field) == ("end-before-start", 6, "end")
    assert "sesudah start" in error.format()


def test_programme_period_end_before_start(tmp_path):
    text = "---\ntitle: P\ndate: 2026-01-01\nsummary: S.\nperiod:\n  start: 2026-05-01\n  end: 2026-04-01\n---\nIsi.\n"
    assert found(check(tmp_path, {"content/program/p.md": text})) == [
        ("end-before-start", "content/program/p.md", 7, "period.end")
    ]


def test_unknown_key_suggests_the_field_meant(tmp_path):
    text = event(extra="adress: Jl. Merdeka\n").replace("title:", "titel:")
    errors = check(tmp_path, {"content/acara/a.md": text}).errors
    unknown = {e.field: e.suggestion for e in errors if e.code == "unknown-key"}
    assert unknown == {"titel": "title", "adress": None}
    assert "maksud Anda `title`?" in next(e for e in errors if e.field == "titel").format()


def test_unknown_book_suggests_the_nearest_catalogue_id(tmp_path):
    [error] = check(tmp_path, {"content/ulasan/u.md": review(book="laskar-pelangy")}).errors
    assert (error.code, error.line, error.field, error.suggestion) == (
        "unknown-ref", 5, "book", "laskar-pelangi"
    )


def test_unknown_partner_points_at_the_list_item(tmp_path):
    text = event(extra="partners:\n  - unsri\n  - forum-tbm\n")
    assert [(e.code, e.line, e.field, e.suggestion) for e in check(tmp_path, {"content/acara/a.md": text}).errors] == [
        ("unknown-ref", 11, "partners[1]", "forum-tbm-palembang")
    ]


def test_unknown_programme(tmp_path):
    errors = check(tmp_path, {"content/acara/a.md": event(extra="programme: komunitas\n")}).errors
    assert [(e.code, e.field, e.suggestion) for e in errors] == [
        ("unknown-ref", "programme", "komunitas-literasi")
    ]


@pytest.mark.parametrize(
    ("isbn", "problem"),
    [("978-602-8519-93-9", None), ("979-3062-79-7", None), ("0-306-40615-2", None),
     ("978-602-8519-93-5", "angka periksa seharusnya 9"), ("12345", "harus 10 atau 13 angka")],
)
def test_isbn_check_digits(isbn, problem):
    assert isbn_problem(isbn) == problem


def test_bad_isbn_in_the_catalogue_is_located(tmp_path):
    record = {**BOOK, "isbn": "978-602-8519-93-5"}
    files = {"data/katalog/sastra.yaml": yaml.safe_dump([BOOK, {**record, "id": "b"}], sort_keys=False)}
    [error] = check(tmp_path, files).errors
    assert (error.code, error.file, error.field) == ("isbn", "data/katalog/sastra.yaml", "isbn")
    assert error.line == 19


@pytest.mark.parametrize(("code", "valid"), [("id", True), ("mui", True), ("ms", True), ("xx", False), ("ID", False), ("indonesia", False)])
def test_catalogue_language_is_an_iso_639_code(tmp_path, code, valid):
    files = {"data/katalog/sastra.yaml": yaml.safe_dump([{**BOOK, "language": code}], sort_keys=False)}
    expected = [] if valid else [("language", "data/katalog/sastra.yaml", 8, "language")]
    assert found(check(tmp_path, files)) == expected


def test_available_over_total_and_duplicate_ids(tmp_path):
    record = {**BOOK, "copies": {"total": 1, "available": 2}}
    files = {"data/katalog/z.yaml": yaml.safe_dump([record], sort_keys=False)}
    assert found(check(tmp_path, files)) == [
        ("duplicate-id", "data/katalog/z.yaml", 1, "id"),
        ("not-above", "data/katalog/z.yaml", 15, "copies.available"),
    ]


def test_duplicate_yaml_key(tmp_path):
    text = event().replace("summary: Diskusi buku.\n", "summary: A.\nsummary: B.\n")
    assert ("yaml-duplicate-key", "content/acara/a.md", 5, "summary") in found(
        check(tmp_path, {"content/acara/a.md": text})
    )


def test_two_sources_on_one_url(tmp_path):
    files = {
        "content/pages/kontak.md": "---\ntitle: Kontak\n---\nIsi.\n",
        "content/pages/hubungi.md": "---\ntitle: Hubungi\nslug: kontak\n---\nIsi.\n",
        "content/pages/katalog.md": "---\ntitle: Katalog\n---\nIsi.\n",
    }
    errors = check(tmp_path, files).errors
    assert [(e.code, e.file, e.line, e.field) for e in errors] == [
        ("duplicate-url", "content/pages/katalog.md", 2, "slug"),
        ("duplicate-url", "content/pages/kontak.md", 2, "slug"),
    ]
    assert "halaman buatan sistem" in errors[0].format()
    assert errors[1].params["other"] == "content/pages/hubungi.md"


def test_article_slugs_are_unique_across_sections(tmp_path):
    files = {"content/acara/bedah-buku.md": event(), "content/ulasan/bedah-buku.md": review()}
    [error] = check(tmp_path, files).errors
    assert (error.code, error.file, error.params["other"]) == (
        "duplicate-slug", "content/ulasan/bedah-buku.md", "content/acara/bedah-buku.md"
    )
    page = {"content/acara/bedah-buku.md": event(), "content/pages/bedah-buku.md": "---\ntitle: Halaman\n---\nIsi.\n"}
    assert found(check(tmp_path / "pages", page)) == []


def test_a_translation_shares_the_slug_without_clashing(tmp_path):
    files = {
        "content/pages/tentang.md": "---\ntitle: Tentang\n---\nIsi.\n",
        "content/pages/about.md": "---\ntitle: About\nslug: tentang\nlang: en\n---\nText.\n",
    }
    assert found(check(tmp_path, files)) == []


def test_images_need_alt_text_and_an_existing_file(tmp_path):
    text = (
        "---\ntitle: Tentang\nimage:\n  src: images/gedung.jpg\n---\n"
        "Gedung kami.\n\n![](images/ada.jpg)\n\n![Ruang baca](images/hilang.jpg)\n"
    )
    files = {"content/pages/tentang.md": text, "content/images/ada.jpg": "x"}
    assert found(check(tmp_path, files)) == [
        ("required", "content/pages/tentang.md", 4, "image.alt"),
        ("missing-file", "content/pages/tentang.md", 4, "image.src"),
        ("image-alt", "content/pages/tentang.md", 8, "isi"),
        ("missing-file", "content/pages/tentang.md", 10, "isi"),
    ]


def test_links_to_missing_pages_suggest_the_existing_one(tmp_path):
    files = {
        "content/pages/kontak.md": "---\ntitle: Kontak\n---\nIsi.\n",
        "content/pages/tentang.md": "---\ntitle: Tentang\n---\nLihat\n[kontak]({filename}/pages/kontk.md).\n",
    }
    [error] = check(tmp_path, files).errors
    assert (error.code, error.line, error.column) == ("broken-link", 5, 10)
    assert error.suggestion == "{filename}/pages/kontak.md"


@pytest.mark.parametrize(
    ("line", "label", "column"),
    [
        ("<script>alert(1)</script>", "<script>", 1),
        ('Tonton <iframe src="https://video.example"></iframe>', "<iframe>", 8),
        ('<a href="#" onclick="curi()">klik</a>', "atribut on…=", 1),
        ("[klik](javascript:alert(1))", "javascript:", 8),
    ],
)
def test_raw_html_that_runs_code_is_refused(tmp_path, line, label, column):
    text = f"---\ntitle: Tentang\n---\nParagraf.\n{line}\n"
    [error] = check(tmp_path, {"content/pages/tentang.md": text}).errors
    assert (error.code, error.line, error.column, error.params["value"]) == ("unsafe-html", 5, column, label)


def test_control_characters_in_the_body_are_located(tmp_path):
    text = "---\ntitle: Tentang\n---\nParagraf.\nDisalin dari \x1b[1mWord\n"
    [error] = check(tmp_path, {"content/pages/tentang.md": text}).errors
    assert (error.code, error.line, error.column, error.params["value"]) == ("control-char", 5, 14, "U+001B")


@pytest.mark.parametrize(("header", "line", "column", "field", "value"), [
    ('---\ntitle: "Tentang\\b"\n---\n', 2, 8, "title", "U+0008"),  # a YAML escape
    ('---\ntitle: Tentang\nsummary: "Ringkas\\e"\n---\n', 3, 10, "summary", "U+001B"),
    ("Title: Tentang\x07\n\n", 1, 8, "title", "U+0007"),  # Pelican's own headers
])
def test_control_characters_in_the_front_matter_are_located(tmp_path, header, line, column, field, value):
    """Found by the property test: a title with a control character passed the check, and
    the build failed writing the feeds (XML 1.0 cannot hold one)."""
    [error] = check(tmp_path, {"content/pages/tentang.md": header + "Paragraf.\n"}).errors
    assert (error.code, error.field, error.line, error.column, error.params["value"]) == (
        "control-char", field, line, column, value)


@pytest.mark.parametrize("character", ["\x0b", "\x0c", "\x1c", "\x1e"])
def test_control_characters_that_python_counts_as_line_breaks_are_found_too(tmp_path, character):
    text = f"---\ntitle: Tentang\n---\nSatu{character}dua.\nTiga.\n"
    [error] = check(tmp_path, {"content/pages/tentang.md": text}).errors
    assert (error.code, error.line, error.column) == ("control-char", 4, 5)


@pytest.mark.parametrize(
    ("name", "text"),
    [("content/ulasan/pengulas.md", review()), ("content/pages/mitra.md", "---\ntitle: Mitra\n---\nIsi.\n"),
     ("content/pages/topik.md", "---\ntitle: Topik\n---\nIsi.\n"), ("content/pages/arsip.md", "---\ntitle: Arsip\n---\nIsi.\n")],
)
def test_urls_that_generators_write_are_reserved(tmp_path, name, text):
    [error] = check(tmp_path, {name: text}).errors
    assert (error.code, error.file) == ("duplicate-url", name)


def test_a_moved_generator_url_moves_the_reservation(tmp_path):
    page = {"content/pages/mitra.md": "---\ntitle: Mitra\n---\nIsi.\n"}
    assert found(check(tmp_path, page, PARTNERS={"url": "kerja-sama/", "save_as": "kerja-sama/index.html"})) == []


def test_code_blocks_may_show_html(tmp_path):
    text = "---\ntitle: Tentang\n---\n```html\n<script>contoh</script>\n```\n"
    assert found(check(tmp_path, {"content/pages/tentang.md": text})) == []


def test_non_utf8_and_empty_files(tmp_path):
    write_files(tmp_path, {"content/pages/kosong.md": "  \n"})
    (tmp_path / "content/pages/latin1.md").parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / "content/pages/latin1.md").write_bytes(b"---\ntitle: Caf\xe9\n---\n")
    assert found(check(tmp_path, {})) == [
        ("empty-file", "content/pages/kosong.md", 1, ""),
        ("not-utf8", "content/pages/latin1.md", 2, ""),
    ]


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [("content/berita/x.md", None), ("content/x.md", None), ("content/acara/2026/x.md", "acara"),
     ("content/ulasn/x.md", "ulasan")],
)
def test_markdown_outside_a_known_section(tmp_path, name, suggestion):
    [error] = check(tmp_path, {name: "---\ntitle: X\n---\nIsi.\n"}).errors
    assert (error.code, error.file, error.suggestion) == ("outside-section", name, suggestion)


@pytest.mark.parametrize("name", ["content/pages/lama.html", "content/pages/catatan.rst", "content/acara/poster.pdf"])
def test_files_pelican_would_skip_or_read_unchecked_are_refused(tmp_path, name):
    [error] = check(tmp_path, {name: "<p>Isi</p>"}).errors
    assert (error.code, error.file) == ("unsupported-file", name)


def test_every_markdown_extension_is_checked(tmp_path):
    errors = check(tmp_path, {"content/pages/lama.markdown": "---\ntitel: Lama\n---\nIsi.\n"}).errors
    assert [(e.code, e.file, e.suggestion) for e in errors] == [
        ("unknown-key", "content/pages/lama.markdown", "title"),
        ("required", "content/pages/lama.markdown", None),
    ]


@pytest.mark.parametrize("url", ["ftp://daftar.example/acara", "daftar.example", "javascript:void(0)"])
def test_urls_must_be_http_or_https(tmp_path, url):
    errors = check(tmp_path, {"content/acara/a.md": event(extra=f'registration: "{url}"\n')}).errors
    assert [(e.code, e.line, e.field) for e in errors] == [("url", 9, "registration")]


def test_pelican_key_value_headers_are_validated_too(tmp_path):
    text = "Title: Ulasan\nDate: 2026-03-04\nSummary: Ulasan.\nBook: laskar\nReviewer: Rina\nRating: 4\n\nIsi.\n"
    errors = check(tmp_path, {"content/ulasan/u.md": text}).errors
    assert [(e.code, e.line, e.field, e.suggestion) for e in errors] == [
        ("unknown-ref", 4, "book", "laskar-pelangi")
    ]


def test_pelican_header_lists_are_accepted_and_reach_templates_as_lists(build_site, tmp_path):
    event = (
        "Title: Bedah Buku\nDate: 2026-11-01\nSummary: Diskusi.\nStart: 2026-12-05 09:00\n"
        "Partners: unsri, forum-tbm-palembang\nAccessibility: wheelchair, braille\n\nIsi.\n"
    )
    # The lists pass; only the venue, which a Key: value header cannot hold, is missing.
    assert [(e.code, e.field) for e in check(tmp_path, {"content/acara/a.md": event}).errors] == [
        ("required", "venue")
    ]
    programme = "Title: Program\nDate: 2026-01-01\nSummary: Ringkas.\nPartners: unsri, forum-tbm-palembang\n\nIsi.\n"
    site = build_site(tmp_path / "site", {**BASE, "content/program/p.md": programme})
    assert [a.get_text() for a in site.page("program/p/").select(".partners a")] == [
        "Universitas Sriwijaya", "Forum TBM"
    ]


def test_all_problems_come_in_one_run_sorted_by_file(tmp_path):
    files = {
        "content/ulasan/u.md": review(book="tidak-ada"),
        "content/acara/a.md": event(end='"2026-12-04 12:00"'),
        "data/mitra.yaml": PARTNERS + "- id: unsri\n  name: Dua\n  type: kampus\n",
    }
    errors = check(tmp_path, files).errors
    assert [e.file for e in errors] == sorted(e.file for e in errors)
    assert {e.code for e in errors} == {"end-before-start", "unknown-ref", "duplicate-id", "enum"}


def test_messages_follow_the_format_and_the_language_setting(tmp_path):
    files = {"content/ulasan/u.md": review(book="laskar-pelangy")}
    [error] = check(tmp_path, files).errors
    assert error.format() == (
        "content/ulasan/u.md:5:7: book: buku `laskar-pelangy` tidak dikenal — "
        "id buku di data/katalog/ (maksud Anda `laskar-pelangi`?)"
    )
    assert error.format("en") == (
        "content/ulasan/u.md:5:7: book: unknown book `laskar-pelangy` — "
        "a book id from data/katalog/ (did you mean `laskar-pelangi`?)"
    )


def test_the_build_stops_with_every_located_error_and_no_traceback(build_site, tmp_path):
    with pytest.raises(BuildFailed) as failure:
        build_site(tmp_path, {**BASE, "content/ulasan/u.md": review(book="x"), "content/acara/a.md": "---\ntitle: A\n"})
    problems = failure.value.problems
    assert problems[0].startswith("content/acara/a.md:1:1: -: bagian kepala tidak ditutup")
    assert problems[1].startswith("content/ulasan/u.md:5:7: book:")
    assert not any("Traceback" in p for p in problems)


def test_the_build_reports_in_english_with_the_setting(build_site, tmp_path):
    with pytest.raises(BuildFailed) as failure:
        build_site(tmp_path, {**BASE, "content/ulasan/u.md": review(book="x")}, VALIDATION={"lang": "en"})
    assert failure.value.problems == [
        "content/ulasan/u.md:5:7: book: unknown book `x` — a book id from data/katalog/"
    ]


def test_drafts_are_listed_and_never_published(build_site, tmp_path):
    draft = "---\ntitle: Draf\nstatus: draft\n---\nBelum siap.\n"
    site = build_site(tmp_path, {**BASE, "content/pages/rencana.md": draft})
    assert site.drafts == ["content/pages/rencana.md"]
    assert not site.exists("rencana/")
    assert not list(site.output.rglob("*rencana*"))
    assert "Belum siap" not in "".join(p.read_text() for p in site.html_files())


def test_the_check_command_lists_problems_and_drafts_and_exits_non_zero(tmp_path):
    write_files(tmp_path, {
        **BASE,
        "content/pages/rencana.md": "---\ntitle: Draf\nstatus: draft\n---\nBelum siap.\n",
        "content/ulasan/u.md": review(book="x"),
    })
    command = [sys.executable, "-m", "plugins.validation", str(write_settings_file(tmp_path))]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.startswith("content/ulasan/u.md:5:7: book:")
    assert "Draf (tidak diterbitkan): content/pages/rencana.md" in result.stdout
    english = subprocess.run([*command, "--lang", "en"], capture_output=True, text=True)
    assert "Draft (not published): content/pages/rencana.md" in english.stdout
    assert "Traceback" not in result.stderr + english.stderr
