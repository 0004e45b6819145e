"""The catalogue: record pages, the A–Z list and the browse pages, from real builds."""

import posixpath
import types

import pytest
import yaml

from plugins.catalogue import catalogue as catalogue_module
from plugins.catalogue.catalogue import language, title_letter
from plugins.common.build import BuildFailed


def records(count, prefix="buku"):
    return [
        book(f"{prefix}-{n:03d}", f"Judul {n:03d}", copies={"total": 2, "available": n % 3 and 1})
        for n in range(count)
    ]


def catalogue(*lists):
    return {f"data/katalog/{n}.yaml": yaml.safe_dump(items) for n, items in enumerate(lists)}


def test_every_record_gets_a_page_with_its_details(build_site, tmp_path):
    site = build_site(tmp_path, catalogue(records(3)))
    page = site.page("katalog/buku-001/")
    assert page.h1.get_text() == "Judul 001"
    assert "Tersedia 1 dari 2" in page.get_text()
    assert "sedang dipinjam" in site.page("katalog/buku-000/").get_text()


def test_the_title_list_is_paginated_with_stable_urls(build_site, tmp_path):
    site = build_site(tmp_path, catalogue(records(30)))
    first = [a.get_text() for a in site.page("katalog/").select(".record-list a")]
    second = [a.get_text() for a in site.page("katalog/hal/2/").select(".record-list a")]
    assert len(first) == 24 and len(second) == 6
    assert first + second == sorted(first + second)
    assert site.page("katalog/").select_one("a[rel=next]")["href"].endswith("katalog/hal/2/")


def test_a_large_list_is_split_by_first_letter(build_site, tmp_path):
    """At ``sections_from`` titles a list shows its letters with their counts, each letter
    its own paginated list of the group's titles; the whole catalogue's page shows the
    A–Z index instead of hundreds of pages."""
    many = records(30) + [book(f"lain-{n}", title) for n, title in
                          enumerate(["Akar", "Bumi", "Buku Kedua", "1984", "Ølstykke"])]
    many.append(book("braille-1", "Cerita Braille", formats=["braille"]))
    site = build_site(tmp_path, catalogue(many), CATALOGUE={"sections_from": 6})

    overview = site.page("katalog/bahasa/id/")
    assert overview.select(".record-list") == []
    letters = [(a.get_text(), a["href"]) for a in overview.select(".letter-index a")]
    assert [label for label, _href in letters] == ["0–9", "A", "B", "C", "J"]
    assert letters[2][1].endswith("katalog/bahasa/id/b/")
    assert "(2 judul)" in overview.select(".letter-index li")[2].get_text()

    bumi = site.page("katalog/bahasa/id/b/")
    assert bumi.h1.get_text() == "Bahasa: Bahasa Indonesia — Judul berawalan B"
    assert [a.get_text() for a in bumi.select(".record-title a")] == ["Buku Kedua", "Bumi"]
    assert [a.get_text() for a in bumi.select(".letter-nav a[aria-current]")] == ["B"]
    other = [a["href"] for a in site.page("katalog/bahasa/id/0-9/").select(".record-title a")]
    assert any(href.endswith("katalog/lain-3/") for href in other)  # 1984
    assert any(href.endswith("katalog/lain-4/") for href in other)  # Ø sorts after Z, listed under 0–9

    j_first = site.page("katalog/bahasa/id/j/")
    j_second = site.page("katalog/bahasa/id/j/hal/2/")
    titles = [a.get_text() for page in (j_first, j_second) for a in page.select(".record-title a")]
    assert titles == [f"Judul {n:03d}" for n in range(30)]
    assert j_first.select_one("a[rel=next]")["href"].endswith("katalog/bahasa/id/j/hal/2/")

    assert site.page("katalog/format/braille/").select(".record-list")  # 1 title: not split
    whole = site.page("katalog/")
    assert whole.select(".record-list") == [] and not (site.output / "katalog" / "hal").exists()
    assert [a.get_text() for a in whole.select(".letter-index a")] == ["0–9", "A", "B", "C", "J"]


def test_letter_sections_are_the_title_letters_in_list_order():
    """Found by bisection, they are what grouping every title by its letter gives."""
    titles = ["Bumi", "'Ayat", "1984", "¿Qué?", "Ølstykke", "Élia", "eka", "Zaman", "...", "", "Ａｋｕ",
              "ıstanbul", "Äpfel", "b", "B", "Z", "{kurung}", "~tilde", "Ь", "中文", "a", "Ｚ"]
    records = sorted(({"id": f"r{n}", "title": t} for n, t in enumerate(titles)), key=catalogue_module._record_order)
    expected: dict[str, list] = {}
    for record in records:
        expected.setdefault(title_letter(record["title"]), []).append(record)
    expected = {k: expected[k] for k in sorted(expected, key=lambda k: (k != "0-9", k))}
    assert catalogue_module.letter_sections(records) == expected
    assert list(catalogue_module.letter_sections(records))[:2] == ["0-9", "a"]
    assert catalogue_module.letter_sections([]) == {}


def test_a_duplicate_id_across_files_fails_the_build(build_site, tmp_path):
    with pytest.raises(BuildFailed) as failure:
        build_site(tmp_path, catalogue(records(2), records(1)))
    assert any("buku-000" in p and "sudah dipakai di data/katalog/0.yaml" in p for p in failure.value.problems)


def test_a_review_of_an_unknown_book_fails_the_build(build_site, tmp_path):
    review = "---\ntitle: Ulasan\ndate: 2026-01-01\nsummary: Ulasan.\nbook: buku-999\nreviewer: Rina\n---\nBagus.\n"
    with pytest.raises(BuildFailed) as failure:
        build_site(tmp_path, {**catalogue(records(2)), "content/ulasan/ulasan.md": review})
    assert any("ulasan.md" in p and "buku-999" in p for p in failure.value.problems)


def test_a_book_page_lists_its_reviews(build_site, tmp_path):
    review = "---\ntitle: Ulasan Judul Satu\ndate: 2026-01-01\nsummary: Ulasan.\nbook: buku-001\nreviewer: Rina\n---\nBagus.\n"
    site = build_site(tmp_path, {**catalogue(records(2)), "content/ulasan/satu.md": review})
    assert [a.get_text() for a in site.page("katalog/buku-001/").select(".card a")] == [
        "Ulasan Judul Satu"
    ]
    assert site.page("katalog/buku-000/").select(".card a") == []


# -- browse pages ---------------------------------------------------------------


def book(record_id, title, **fields):
    """A valid record; ``fields`` override or add (subjects, formats, local…)."""
    record = {
        "id": record_id,
        "title": title,
        "authors": ["Penulis Palembang"],
        "isbn": "978-602-8519-93-9",
        "publisher": "Penerbit Sriwijaya Pustaka",
        "year": 2020,
        "language": "id",
        "formats": ["print"],
        "call_number": "899.221",
        "location": "Lantai 2",
        "copies": {"total": 2, "available": 1},
    }
    record.update(fields)
    return record


BOOKS = [
    book("sungai", "Sungai Musi", authors=["Rusmala Dewi"], subjects=["Sungai Musi", "Budaya Palembang"],
         formats=["print", "braille"], local=True),
    book("pempek", "Pempek", authors=["Nyayu Siti Aminah"], subjects=["Kuliner Palembang", "Budaya Palembang"],
         formats=["print", "ebook"], local=True, url="https://ebook.example.org/pempek"),
    book("tales", "Tales from the Musi", authors=["Rusmala Dewi", "Diana Puspitasari"],
         subjects=["Cerita Rakyat"], formats=["audio", "large-print"], language="en"),
    book("syair", "Syair Perang Menteng", authors=["Kgs. Abdul Halim"], subjects=["Sastra Melayu Klasik"],
         language="ms"),
    book("dongeng", "Dongeng Wong Kito", authors=["Dedi Irawan"], language="mui", local=True),
]


def titles(site, url):
    """Record titles listed at ``url`` and on every following page (rel=next)."""
    found = []
    while url is not None:
        page = site.page(url)
        found += [a.get_text(strip=True) for a in page.select(".record-list .record-title a")]
        link = page.select_one("a[rel=next]")
        url = resolve(url, link["href"]) if link else None
    return found


def resolve(url, href):
    """A relative link on the page at ``url`` as a site URL (``katalog/x/``)."""
    return posixpath.normpath(posixpath.join(url, href)) + "/"


def index_entries(site, url):
    """{label: (count text, href)} of a browse index page."""
    entries = {}
    for item in site.page(url).select(".browse-index li"):
        link = item.a
        entries[link.get_text(strip=True)] = (item.select_one(".count").get_text(strip=True), resolve(url, link["href"]))
    return entries


@pytest.fixture
def browse_site(build_site, tmp_path):
    return build_site(tmp_path, catalogue(BOOKS))


def test_each_browse_page_lists_exactly_its_records(browse_site):
    site = browse_site
    assert titles(site, "katalog/subjek/budaya-palembang/") == ["Pempek", "Sungai Musi"]
    assert titles(site, "katalog/subjek/cerita-rakyat/") == ["Tales from the Musi"]
    assert titles(site, "katalog/pengarang/rusmala-dewi/") == ["Sungai Musi", "Tales from the Musi"]
    assert titles(site, "katalog/pengarang/kgs-abdul-halim/") == ["Syair Perang Menteng"]
    assert titles(site, "katalog/format/cetak/") == ["Dongeng Wong Kito", "Pempek", "Sungai Musi", "Syair Perang Menteng"]
    assert titles(site, "katalog/format/e-book/") == ["Pempek"]
    assert titles(site, "katalog/format/braille/") == ["Sungai Musi"]
    assert titles(site, "katalog/format/audio/") == ["Tales from the Musi"]
    assert titles(site, "katalog/format/cetak-besar/") == ["Tales from the Musi"]
    assert titles(site, "katalog/bahasa/id/") == ["Pempek", "Sungai Musi"]
    assert titles(site, "katalog/bahasa/en/") == ["Tales from the Musi"]
    assert titles(site, "katalog/bahasa/mui/") == ["Dongeng Wong Kito"]
    assert titles(site, "katalog/lokal/") == ["Dongeng Wong Kito", "Pempek", "Sungai Musi"]
    assert titles(site, "katalog/judul/s/") == ["Sungai Musi", "Syair Perang Menteng"]
    assert titles(site, "katalog/judul/t/") == ["Tales from the Musi"]
    assert not site.exists("katalog/judul/x/")


def test_indexes_count_their_records_in_order(browse_site):
    site = browse_site
    subjects = index_entries(site, "katalog/subjek/")
    assert list(subjects) == ["Budaya Palembang", "Cerita Rakyat", "Kuliner Palembang",
                              "Sastra Melayu Klasik", "Sungai Musi"]
    assert subjects["Budaya Palembang"] == ("(2 judul)", "katalog/subjek/budaya-palembang/")
    authors = index_entries(site, "katalog/pengarang/")
    assert list(authors) == sorted(authors, key=str.casefold)
    assert authors["Rusmala Dewi"] == ("(2 judul)", "katalog/pengarang/rusmala-dewi/")
    letters = index_entries(site, "katalog/judul/")
    assert {label: count for label, (count, _) in letters.items()} == {
        "D": "(1 judul)", "P": "(1 judul)", "S": "(2 judul)", "T": "(1 judul)"
    }


def test_the_format_index_lists_accessible_formats_first_and_marks_them(browse_site):
    page = browse_site.page("katalog/format/")
    items = page.select(".browse-index li")
    assert [li.a.get_text(strip=True) for li in items] == ["Braille", "Buku audio", "Cetak besar", "Cetak", "E-book"]
    assert ["Format aksesibel" in li.get_text() for li in items] == [True, True, True, False, False]
    counts = [li.select_one(".count").get_text(strip=True) for li in items]
    assert counts == ["(1 judul)", "(1 judul)", "(1 judul)", "(4 judul)", "(1 judul)"]


def test_the_language_index_names_languages(browse_site):
    entries = index_entries(browse_site, "katalog/bahasa/")
    assert list(entries) == ["Bahasa Indonesia", "Bahasa Inggris", "Bahasa Melayu", "Bahasa Palembang (Musi)"]
    assert entries["Bahasa Palembang (Musi)"] == ("(kode mui, 1 judul)", "katalog/bahasa/mui/")
    record = browse_site.page("katalog/syair/")
    assert record.find("dt", string="Bahasa").find_next("dd").get_text(strip=True) == "Bahasa Melayu"


def test_the_record_page_links_to_its_browse_pages_and_they_link_back(browse_site):
    site = browse_site
    page = site.page("katalog/sungai/")
    links = {resolve("katalog/sungai/", a["href"]) for a in page.select("article.record a")}
    expected = {
        "katalog/subjek/sungai-musi/", "katalog/subjek/budaya-palembang/", "katalog/pengarang/rusmala-dewi/",
        "katalog/format/cetak/", "katalog/format/braille/", "katalog/bahasa/id/", "katalog/lokal/",
    }
    assert expected <= links
    assert page.select_one("a.local-mark")["href"].endswith("katalog/lokal/")
    for url in expected:
        back = {resolve(url, a["href"]) for a in site.page(url).select(".record-list a")}
        assert "katalog/sungai/" in back, url


def test_braille_is_marked_as_an_accessible_format_with_text(browse_site):
    page = browse_site.page("katalog/sungai/")
    braille = page.select_one(".format-list li.accessible")
    assert braille.a.get_text(strip=True) == "Braille"
    assert braille.select_one(".badge").get_text(strip=True) == "Aksesibel"
    assert "Format aksesibel" in page.select_one(".accessible-formats").get_text()
    assert page.select(".format-list li:not(.accessible) .badge") == []
    assert browse_site.page("katalog/pempek/").select(".badge") == []
    entry = browse_site.page("katalog/format/braille/").select_one(".record-entry")
    assert "Format aksesibel" in entry.get_text()


def test_record_page_keeps_availability_ebook_link_and_foreign_title_language(browse_site):
    page = browse_site.page("katalog/pempek/")
    assert "Tersedia 1 dari 2 eksemplar" in page.get_text()
    assert page.find("a", href="https://ebook.example.org/pempek") is not None
    assert browse_site.page("katalog/tales/").h1["lang"] == "en"
    assert not browse_site.page("katalog/pempek/").h1.has_attr("lang")


def test_the_catalogue_page_links_to_every_browse_index(browse_site):
    nav = browse_site.page("katalog/").find("nav", attrs={"aria-label": "Jelajahi katalog"})
    targets = {resolve("katalog/", a["href"]) for a in nav.find_all("a")}
    assert {"katalog/subjek/", "katalog/pengarang/", "katalog/format/", "katalog/bahasa/",
            "katalog/judul/", "katalog/lokal/"} <= targets
    for target in targets:
        assert browse_site.exists(target), target


def test_every_catalogue_page_has_one_h1_and_no_skipped_heading_level(browse_site):
    for path in browse_site.html_files():
        relative = path.relative_to(browse_site.output).as_posix()
        if not relative.startswith("katalog/"):
            continue
        page = browse_site.page(relative)
        levels = [int(h.name[1]) for h in page.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
        assert levels[:1] == [1] and levels.count(1) == 1, relative
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), relative
        assert page.find(style=True) is None and page.find("script", src=False, type=False) is None


def test_browse_lists_and_indexes_are_paginated_with_stable_urls(build_site, tmp_path):
    many = [
        book(f"buku-{n:03d}", f"Judul {n:03d}", subjects=["Umum"] + [f"Topik {n:03d} {k}" for k in range(4)])
        for n in range(30)
    ]
    site = build_site(tmp_path, catalogue(many))
    first = site.page("katalog/subjek/umum/")
    assert len(first.select(".record-list .record-title a")) == 24
    assert first.select_one("a[rel=next]")["href"].endswith("katalog/subjek/umum/hal/2/")
    second = site.page("katalog/subjek/umum/hal/2/")
    assert len(second.select(".record-list .record-title a")) == 6
    assert second.select_one("a[rel=prev]")["href"].endswith("katalog/subjek/umum/")
    assert titles(site, "katalog/subjek/umum/") == [f"Judul {n:03d}" for n in range(30)]
    assert titles(site, "katalog/judul/j/") == [f"Judul {n:03d}" for n in range(30)]
    assert site.exists("katalog/judul/j/hal/2/") and site.exists("katalog/pengarang/penulis-palembang/hal/2/")
    # 121 subjects: 100 on the index, 21 on its second page.
    assert len(site.page("katalog/subjek/").select(".browse-index li")) == 100
    assert len(site.page("katalog/subjek/hal/2/").select(".browse-index li")) == 21


def test_labels_with_one_slug_merge_under_the_first_label(build_site, tmp_path):
    books = [
        book("a", "Alpha", subjects=["Sejarah Kota"], authors=["R.M. Husin"]),
        book("b", "Beta", subjects=["sejarah kota!", "Sejarah Kota"], authors=["RM Husin"]),
        book("c", "Gamma", subjects=["Sejarah-Kota"], authors=["R. M. Husin"]),
    ]
    site = build_site(tmp_path, catalogue(books))
    assert titles(site, "katalog/subjek/sejarah-kota/") == ["Alpha", "Beta", "Gamma"]
    assert site.page("katalog/subjek/sejarah-kota/").h1.get_text(strip=True) == "Subjek: Sejarah Kota"
    assert index_entries(site, "katalog/subjek/") == {
        "Sejarah Kota": ("(3 judul)", "katalog/subjek/sejarah-kota/")
    }
    # "R. M. Husin" slugifies to r-m-husin: a different author page.
    assert titles(site, "katalog/pengarang/rm-husin/") == ["Alpha", "Beta"]
    assert site.page("katalog/pengarang/rm-husin/").h1.get_text(strip=True) == "Pengarang: R.M. Husin"
    # The record lists the merged subject once, linking to the one page.
    subjects = site.page("katalog/b/").find("dt", string="Subjek").find_next("dd").select("a")
    assert [resolve("katalog/b/", a["href"]) for a in subjects] == ["katalog/subjek/sejarah-kota/"]


def test_titles_are_filed_by_letter_ignoring_leading_punctuation(build_site, tmp_path):
    books = [
        book("kutipan", "“Kutipan” dan Lainnya"),
        book("lima", "5 cm"),
        book("tanda", "...dan Seterusnya"),
        book("emile", "Émile"),
        book("kamus", "Kamus"),
    ]
    site = build_site(tmp_path, catalogue(books))
    assert titles(site, "katalog/judul/0-9/") == ["5 cm"]
    assert titles(site, "katalog/judul/k/") == ["Kamus", "“Kutipan” dan Lainnya"]
    assert titles(site, "katalog/judul/d/") == ["...dan Seterusnya"]
    assert titles(site, "katalog/judul/e/") == ["Émile"]
    letters = [a.get_text(strip=True) for a in site.page("katalog/judul/").select(".browse-index a")]
    assert letters == ["0–9", "D", "E", "K"]
    assert titles(site, "katalog/") == ["5 cm", "...dan Seterusnya", "Émile", "Kamus", "“Kutipan” dan Lainnya"]


def test_a_record_id_that_is_a_browse_folder_fails_the_build(build_site, tmp_path):
    with pytest.raises(BuildFailed) as failure:
        build_site(tmp_path, catalogue([book("subjek", "Subjek Buku")]))
    assert any("subjek" in p and "bentrok" in p for p in failure.value.problems)


def test_without_pillow_the_cover_is_left_out(build_site, tmp_path, monkeypatch):
    monkeypatch.setattr(catalogue_module, "Image", None)
    (tmp_path / "content/images/sampul").mkdir(parents=True)
    (tmp_path / "content/images/sampul/sungai.jpg").write_bytes(b"jpeg")
    site = build_site(tmp_path, catalogue(BOOKS[:1]))
    assert site.page("katalog/sungai/").find("img") is None


class FakeImage:
    """Pillow's Image.open result, as far as the plugin uses it."""

    size = (300, 450)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_a_cover_is_shown_with_alt_text_and_its_size(build_site, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr(catalogue_module, "Image", types.SimpleNamespace(open=lambda p: opened.append(p) or FakeImage()))
    (tmp_path / "content/images/sampul").mkdir(parents=True)
    (tmp_path / "content/images/sampul/sungai.png").write_bytes(b"png")
    (tmp_path / "content/images/sampul/sungai.webp").write_bytes(b"webp")
    site = build_site(tmp_path, catalogue(BOOKS[:2]))
    img = site.page("katalog/sungai/").select_one("article.record img")
    assert (img["alt"], img["width"], img["height"]) == ("Sampul buku Sungai Musi", "300", "450")
    assert img["src"].endswith("images/sampul/sungai.png")
    assert site.exists(resolve("katalog/sungai/", img["src"]).rstrip("/"))
    assert site.page("katalog/pempek/").find("img") is None
    assert [p.name for p in opened] == ["sungai.png"]


def test_a_real_cover_is_measured_with_pillow(build_site, tmp_path):
    from PIL import Image

    (tmp_path / "content/images/sampul").mkdir(parents=True)
    Image.new("RGB", (20, 30)).save(tmp_path / "content/images/sampul/sungai.jpg")
    site = build_site(tmp_path, catalogue(BOOKS[:1]))
    img = site.page("katalog/sungai/").select_one("article.record img")
    assert (img["width"], img["height"]) == ("20", "30")


def test_sort_letter_and_language_helpers():
    assert [title_letter(t) for t in ("Bumi", "'Ayat", "1984", "¿Qué?", "Ølstykke")] == ["b", "a", "0-9", "q", "0-9"]
    names = {"id": "Bahasa Indonesia"}
    assert language("ind", names) == ("id", "Bahasa Indonesia")
    assert language("tl", names) == ("tl", "Tagalog")
    assert language("mui", names) == ("mui", "Musi")


def test_list_entries_rendered_once_are_the_macro_s_html_on_every_page():
    """catalogue_entries renders each record's entry once and reuses it at any depth."""
    from jinja2 import Environment, FileSystemLoader

    from plugins.catalogue.catalogue import Link, catalogue_entries
    from plugins.common.build import PROJECT_ROOT

    env = Environment(
        loader=FileSystemLoader(PROJECT_ROOT / "theme" / "templates"),
        trim_blocks=True, lstrip_blocks=True, autoescape=True,
    )
    env.globals["catalogue_entries"] = catalogue_entries
    env.globals["_"] = lambda message, **values: message % values if values else message
    entries = [
        {"id": "a", "page_url": "katalog/a/", "title": "Kopi & <Teh>", "authors": ["Ani", "Budi"],
         "year": 2001, "local": True, "language_code": "en",
         "format_links": [Link("Braille", "katalog/format/braille/", True), Link("Cetak", "x/")],
         "accessible_links": (Link("Braille", "katalog/format/braille/", True),)},
        {"id": "b", "page_url": "katalog/b/", "title": "Sungai", "authors": ["Citra"], "year": 1999,
         "local": False, "language_code": "id", "format_links": [Link("Cetak", "x/")],
         "accessible_links": ()},
    ]
    cached = env.from_string("{{ catalogue_entries(records) }}|{{ catalogue_entries(records, 3) }}")
    direct = env.from_string(
        '{% from "catalogue_entry.html" import entry with context %}'
        "{% for r in records %}{{ entry(r) }}{% endfor %}|{% for r in records %}{{ entry(r, 3) }}{% endfor %}"
    )
    for siteurl in ("..", "../../..", "https://example.org/a&b"):
        page = {"records": entries, "SITEURL": siteurl, "DEFAULT_LANG": "id"}
        html = cached.render(page)
        assert html == direct.render(page)
        assert f'href="{siteurl.replace("&", "&amp;")}/katalog/a/"' in html
    store = env.globals["_catalogue_entry_store"]["entries"]
    assert sorted(store) == [
        ("id", 2, "a"), ("id", 2, "b"), ("id", 3, "a"), ("id", 3, "b")
    ]


def test_a_format_the_schema_gains_gets_its_page_without_a_setting(build_site, tmp_path, monkeypatch):
    """A format added to data/schemas/catalogue.json (value and label) with no URL slug in
    CATALOGUE["format_slugs"] is browsed at the slug of its label."""
    import json
    import shutil

    from plugins.common import schemas
    from plugins.common.build import PROJECT_ROOT

    folder = tmp_path / "schemas"
    shutil.copytree(PROJECT_ROOT / "data" / "schemas", folder)
    monkeypatch.setattr(schemas, "SCHEMA_PATH", folder)
    path = folder / "catalogue.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    items = schema["properties"]["formats"]["items"]
    items["enum"].append("daisy")
    items["x-labels"]["daisy"] = "Buku DAISY"
    path.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
    site = build_site(tmp_path / "site", catalogue([book("buku-daisy", "Judul Daisy", formats=["print", "daisy"])]))
    assert [a.get_text() for a in site.page("katalog/format/buku-daisy/").select(".record-list a")] == ["Judul Daisy"]
    links = {a.get_text(): a["href"] for a in site.page("katalog/buku-daisy/").select("a")}
    assert links["Buku DAISY"].endswith("katalog/format/buku-daisy/")
