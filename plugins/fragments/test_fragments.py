"""The cached header and footer stay right for each page's language, depth and menu item."""

FILES = {
    "content/program/gerakan.md": "---\ntitle: Gerakan\ndate: 2026-01-01\nsummary: Buku.\n---\nIsi.\n",
    "content/pages/tentang.md": "---\ntitle: Tentang\n---\nIsi.\n",
    "content/pages/about.md": "---\ntitle: About\nslug: tentang\nlang: en\n---\nText.\n",
}


def menu(page):
    return {a.get_text(): (a["href"], a.get("aria-current")) for a in page.select("header nav a")}


def test_each_page_gets_the_header_for_its_depth_menu_item_and_language(build_site, tmp_path):
    site = build_site(tmp_path, FILES)
    home, section = menu(site.page("")), menu(site.page("program/"))
    article, english = menu(site.page("program/gerakan/")), menu(site.page("tentang/en/"))
    assert home["Program"] == ("./program/", None)
    assert section["Program"] == ("../program/", "page")
    assert article["Program"] == ("../../program/", None)
    assert english["Programmes"] == ("../../program/", None)
    assert site.page("tentang/").select_one("footer nav a").get_text() == "Jam Buka"
    assert site.page("tentang/en/").select_one("footer nav a").get_text() == "Opening hours"
