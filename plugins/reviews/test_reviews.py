import yaml


BOOK = {
    "id": "laskar-pelangi", "title": "Laskar Pelangi", "authors": ["Andrea Hirata"],
    "isbn": "978-602-8519-93-9", "publisher": "Bentang Pustaka", "year": 2005,
    "language": "id", "formats": ["print"], "call_number": "899.221 HIR l",
    "location": "Lantai 2", "copies": {"total": 3, "available": 1},
}
CATALOGUE = {"data/katalog/sastra.yaml": yaml.safe_dump([BOOK], sort_keys=False)}


def review(title, reviewer, date, tags=None):
    extra = f"tags: [{', '.join(tags)}]\n" if tags else ""
    return (
        f"---\ntitle: {title}\ndate: {date}\nsummary: Ulasan {title}.\nbook: laskar-pelangi\n"
        f"reviewer: {reviewer}\n{extra}---\nIsi ulasan.\n"
    )


def programme(title, tags):
    return f"---\ntitle: {title}\ndate: 2026-01-05\nsummary: Program.\ntags: [{', '.join(tags)}]\n---\nIsi.\n"


REVIEWS = {
    **CATALOGUE,
    "content/ulasan/satu.md": review("Satu", "Rina Marlina", "2026-01-01", ["sejarah", "sastra indonesia"]),
    "content/ulasan/dua.md": review("Dua", "Ahmad Fauzan", "2026-02-01", ["sejarah"]),
    "content/ulasan/tiga.md": review("Tiga", "Rina Marlina", "2026-03-01", ["anak"]),
    "content/ulasan/empat.md": review("Empat", "Élia Putri", "2026-04-01"),
    "content/program/kemitraan.md": programme("Kemitraan", ["sejarah", "kemitraan"]),
}


def card_titles(page):
    return [a.get_text() for a in page.select(".card a")]


def listed(page, selector):
    return [(a.get_text(), a.parent.get_text().removeprefix(a.get_text()).strip()) for a in page.select(selector)]


def assert_heading_outline(page):
    levels = [int(h.name[1]) for h in page.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels


def test_reviewers_are_listed_a_to_z_with_their_counts(build_site, tmp_path):
    site = build_site(tmp_path, REVIEWS)
    page = site.page("ulasan/pengulas/")
    assert page.h1.get_text() == "Pengulas"
    assert listed(page, ".reviewer-list a") == [
        ("Ahmad Fauzan", "(1 ulasan)"), ("Élia Putri", "(1 ulasan)"), ("Rina Marlina", "(2 ulasan)"),
    ]
    for link in page.select(".reviewer-list a"):
        assert site.page("ulasan/pengulas/" + link["href"]).h1.get_text() == f"Ulasan oleh {link.get_text()}"
    assert_heading_outline(page)


def test_a_reviewer_page_lists_exactly_their_reviews_newest_first(build_site, tmp_path):
    site = build_site(tmp_path, REVIEWS)
    page = site.page("ulasan/pengulas/rina-marlina/")
    assert page.h1.get_text() == "Ulasan oleh Rina Marlina"
    assert card_titles(page) == ["Tiga", "Satu"]
    assert page.select_one(".card a")["href"] == "../../../ulasan/tiga/"
    assert card_titles(site.page("ulasan/pengulas/elia-putri/")) == ["Empat"]
    assert page.select_one(".pagination") is None
    assert_heading_outline(page)


def test_a_review_links_its_reviewer_to_their_page(build_site, tmp_path):
    site = build_site(tmp_path, REVIEWS)
    link = site.page("ulasan/satu/").select_one(".meta a")
    assert (link.get_text(), link["href"]) == ("Rina Marlina", "../../ulasan/pengulas/rina-marlina/")


def test_reviewer_pages_paginate_at_stable_urls(build_site, tmp_path):
    files = {
        **CATALOGUE,
        **{
            f"content/ulasan/u{n}.md": review(f"Ulasan {n}", "Rina Marlina", f"2026-01-{n:02d}")
            for n in range(1, 6)
        },
    }
    site = build_site(tmp_path, files, DEFAULT_PAGINATION=2)
    pages = ["ulasan/pengulas/rina-marlina/", "ulasan/pengulas/rina-marlina/hal/2/",
             "ulasan/pengulas/rina-marlina/hal/3/"]
    assert [card_titles(site.page(url)) for url in pages] == [
        ["Ulasan 5", "Ulasan 4"], ["Ulasan 3", "Ulasan 2"], ["Ulasan 1"],
    ]
    assert not site.exists("ulasan/pengulas/rina-marlina/hal/4/")
    first, second = site.page(pages[0]), site.page(pages[1])
    assert first.select_one("a[rel=next]")["href"] == "../../../ulasan/pengulas/rina-marlina/hal/2/"
    assert second.select_one("a[rel=prev]")["href"] == "../../../../../ulasan/pengulas/rina-marlina/"
    assert second.select_one("a[rel=next]")["href"].endswith("ulasan/pengulas/rina-marlina/hal/3/")
    assert "(halaman 2)" in second.title.get_text()
    # The index still counts every review once.
    assert listed(site.page("ulasan/pengulas/"), ".reviewer-list a") == [("Rina Marlina", "(5 ulasan)")]


def test_review_topics_hold_reviews_only(build_site, tmp_path):
    site = build_site(tmp_path, REVIEWS)
    index = site.page("ulasan/topik/")
    assert index.h1.get_text() == "Topik ulasan"
    assert listed(index, ".tag-list a") == [
        ("anak", "(1 ulasan)"), ("sastra indonesia", "(1 ulasan)"), ("sejarah", "(2 ulasan)"),
    ]
    page = site.page("ulasan/topik/sejarah/")
    assert page.h1.get_text() == "Ulasan bertopik: sejarah"
    assert card_titles(page) == ["Dua", "Satu"]
    assert not site.exists("ulasan/topik/kemitraan/")
    assert "Kemitraan" in card_titles(site.page("topik/sejarah/"))  # Pelican's own topic page is unchanged
    for link in index.select(".tag-list a"):
        assert site.exists(f"ulasan/topik/{link['href'].rstrip('/').rsplit('/', 1)[-1]}/")
    assert_heading_outline(page)


def test_names_giving_one_slug_merge_under_the_first(build_site, tmp_path):
    files = {
        **CATALOGUE,
        "content/ulasan/lama.md": review("Lama", "Rina Marlina", "2025-06-01", ["Sejarah Lokal"]),
        "content/ulasan/baru.md": review("Baru", "rina  marlina", "2026-06-01", ["sejarah lokal"]),
        "content/ulasan/aksen.md": review("Aksen", "Rína Marlina", "2026-01-01", ["sejarah-lokal"]),
    }
    site = build_site(tmp_path, files)
    assert listed(site.page("ulasan/pengulas/"), ".reviewer-list a") == [("Rina Marlina", "(3 ulasan)")]
    page = site.page("ulasan/pengulas/rina-marlina/")
    assert page.h1.get_text() == "Ulasan oleh Rina Marlina"
    assert card_titles(page) == ["Baru", "Aksen", "Lama"]
    assert listed(site.page("ulasan/topik/"), ".tag-list a") == [("Sejarah Lokal", "(3 ulasan)")]
    assert card_titles(site.page("ulasan/topik/sejarah-lokal/")) == ["Baru", "Aksen", "Lama"]
    # Each review keeps the name its editor wrote, and links to the merged page.
    link = site.page("ulasan/baru/").select_one(".meta a")
    assert (link.get_text(), link["href"]) == ("rina  marlina", "../../ulasan/pengulas/rina-marlina/")


def test_a_site_without_reviews_says_so(build_site, tmp_path):
    site = build_site(tmp_path, {})
    assert "Belum ada ulasan buku." in site.page("ulasan/pengulas/").get_text()
    assert "Belum ada ulasan bertopik." in site.page("ulasan/topik/").get_text()


def test_a_translation_links_its_reviewer_but_is_not_listed_twice(build_site, tmp_path):
    english = review("One", "Rina Marlina", "2026-01-01").replace("---\n", "---\nslug: satu\nlang: en\n", 1)
    site = build_site(tmp_path, {**REVIEWS, "content/ulasan/satu-en.md": english})
    link = site.page("ulasan/satu/en/").select_one(".meta a")
    assert link["href"] == "../../../ulasan/pengulas/rina-marlina/"
    assert card_titles(site.page("ulasan/pengulas/rina-marlina/")) == ["Tiga", "Satu"]
