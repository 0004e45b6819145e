import pytest

from plugins.common.build import BuildFailed
from plugins.partners.partners import partner_ids

PARTNERS = {
    "data/mitra.yaml": """
        - id: unsri
          name: Universitas Sriwijaya
          type: university
          url: https://unsri.ac.id
          description: Akses e-jurnal.
        - id: pemkot-palembang
          name: Pemerintah Kota Palembang
          type: government
          description: Gerakan 1.000 Buku.
        - id: forum-tbm-palembang
          name: Forum TBM Palembang
          type: community
        """,
}
NOW = "2026-11-25T12:00"


def programme(partners, title="Program", date="2026-01-01"):
    return f"---\ntitle: {title}\ndate: {date}\nsummary: Program.\npartners: {partners}\n---\nIsi.\n"


def event(title, start, end, partners):
    return (
        f'---\ntitle: {title}\ndate: 2026-10-01\nsummary: Acara.\nstart: "{start}"\nend: "{end}"\n'
        f"venue:\n  name: Aula\npartners: {partners}\n---\nIsi.\n"
    )


ACTIVITY = {
    **PARTNERS,
    "content/program/e-jurnal.md": programme("[unsri]", "Akses E-Jurnal", "2026-02-01"),
    "content/program/riset.md": programme("[unsri, pemkot-palembang]", "Riset Warga", "2026-03-01"),
    "content/program/seribu-buku.md": programme("[pemkot-palembang]", "Gerakan 1.000 Buku"),
    "content/acara/lokakarya.md": event("Lokakarya", "2026-12-10 09:00", "2026-12-10 12:00", "[unsri]"),
    "content/acara/seminar.md": event("Seminar", "2026-12-01 09:00", "2026-12-01 12:00", "[unsri, pemkot-palembang]"),
    # Started before "now" and still running: upcoming, as on /acara/.
    "content/acara/pameran.md": event("Pameran", "2026-11-20 09:00", "2026-11-30 16:00", "[unsri]"),
    "content/acara/diskusi.md": event("Diskusi", "2026-08-01 09:00", "2026-08-01 11:00", "[unsri]"),
    "content/acara/bedah-buku.md": event("Bedah Buku", "2026-10-01 09:00", "2026-10-01 11:00", "[unsri]"),
    "content/acara/pelatihan.md": event("Pelatihan", "2026-09-01 09:00", "2026-09-01 11:00", "[pemkot-palembang]"),
}


def titles(page, section_id):
    heading = page.find(id=section_id)
    if heading is None:
        return []
    return [a.get_text() for a in heading.find_parent("section").select(".card a")]


def headings(page):
    return [int(h.name[1]) for h in page.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]


def assert_heading_outline(page):
    levels = headings(page)
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels


def test_overview_groups_partners_by_type_in_a_fixed_order(build_site, tmp_path):
    page = build_site(tmp_path, PARTNERS).page("mitra/")
    assert [h.get_text() for h in page.find_all("h2")] == ["Pemerintah", "Perguruan Tinggi", "Komunitas"]
    assert page.find(id="unsri").h3.get_text() == "Universitas Sriwijaya"
    assert_heading_outline(page)


def test_a_programme_links_to_its_partners_page(build_site, tmp_path):
    site = build_site(tmp_path, {**PARTNERS, "content/program/p.md": programme("[unsri]")})
    link = site.page("program/p/").select_one(".partners a")
    assert link.get_text() == "Universitas Sriwijaya" and link["href"] == "../../mitra/unsri/"
    assert site.page("mitra/unsri/").h1.get_text() == "Universitas Sriwijaya"


def test_a_partner_page_lists_exactly_its_programmes_and_events(build_site, tmp_path):
    site = build_site(tmp_path, ACTIVITY, PORTAL_NOW=NOW)
    page = site.page("mitra/unsri/")
    assert page.h1.get_text() == "Universitas Sriwijaya"
    assert "Perguruan Tinggi" in page.select_one(".meta").get_text()
    assert "Akses e-jurnal." in page.get_text()
    assert page.find("a", href="https://unsri.ac.id") is not None
    assert titles(page, "program") == ["Riset Warga", "Akses E-Jurnal"]
    assert titles(page, "acara-mendatang") == ["Pameran", "Seminar", "Lokakarya"]
    assert titles(page, "acara-lalu") == ["Bedah Buku", "Diskusi"]
    assert_heading_outline(page)

    other = site.page("mitra/pemkot-palembang/")
    assert titles(other, "program") == ["Riset Warga", "Gerakan 1.000 Buku"]
    assert titles(other, "acara-mendatang") == ["Seminar"]
    assert titles(other, "acara-lalu") == ["Pelatihan"]
    assert other.find("a", rel="external") is None  # no url in the data


def test_each_card_links_to_the_article(build_site, tmp_path):
    site = build_site(tmp_path, ACTIVITY, PORTAL_NOW=NOW)
    for link in site.page("mitra/unsri/").select(".card a"):
        target = site.page("mitra/unsri/" + link["href"])
        assert target.h1.get_text() == link.get_text()


def test_moving_now_moves_the_partners_events(build_site, tmp_path):
    site = build_site(tmp_path, ACTIVITY, PORTAL_NOW="2027-01-01T00:00")
    page = site.page("mitra/unsri/")
    assert titles(page, "acara-mendatang") == []
    assert titles(page, "acara-lalu") == ["Lokakarya", "Seminar", "Pameran", "Bedah Buku", "Diskusi"]


def test_an_unreferenced_partner_still_gets_a_page_saying_so(build_site, tmp_path):
    site = build_site(tmp_path, ACTIVITY, PORTAL_NOW=NOW)
    page = site.page("mitra/forum-tbm-palembang/")
    assert page.h1.get_text() == "Forum TBM Palembang"
    assert "Komunitas" in page.select_one(".meta").get_text()
    assert page.select(".card") == [] and page.find("h2") is None
    assert "Belum ada program atau acara" in page.select_one(".empty").get_text()


def test_overview_links_resolve_and_count_programmes_and_events(build_site, tmp_path):
    site = build_site(tmp_path, ACTIVITY, PORTAL_NOW=NOW)
    overview = site.page("mitra/")
    counts = {}
    for entry in overview.select("article.partner"):
        link = entry.h3.a
        assert link["href"] == f"../mitra/{entry['id']}/"
        assert site.page("mitra/" + link["href"]).h1.get_text() == link.get_text()
        counts[entry["id"]] = entry.select_one(".meta").get_text(strip=True)
    assert counts == {
        "unsri": "2 program · 5 acara",
        "pemkot-palembang": "2 program · 2 acara",
        "forum-tbm-palembang": "Belum ada program atau acara bersama",
    }


def test_partner_ids_accept_lists_and_pelican_header_text():
    class Article:
        partners = "unsri, pemkot-palembang , unsri"

    assert partner_ids(Article()) == ["unsri", "pemkot-palembang"]
    Article.partners = ["unsri"]
    assert partner_ids(Article()) == ["unsri"]
    assert partner_ids(object()) == []


def test_an_unknown_partner_fails_the_build(build_site, tmp_path):
    with pytest.raises(BuildFailed) as failure:
        build_site(tmp_path, {**PARTNERS, "content/program/p.md": programme("[unsri, ui]")})
    assert [p for p in failure.value.problems if "`ui`" in p and "p.md" in p]


def test_an_unknown_partner_type_fails_the_build(build_site, tmp_path):
    bad = PARTNERS["data/mitra.yaml"].replace("type: university", "type: kampus")
    with pytest.raises(BuildFailed) as failure:
        build_site(tmp_path, {"data/mitra.yaml": bad})
    assert any("kampus" in p for p in failure.value.problems)
