import pytest

from plugins.common.build import BuildFailed

PARTNERS = {
    "data/mitra.yaml": """
        - id: unsri
          name: Universitas Sriwijaya
          type: university
          description: Akses e-jurnal.
        - id: pemkot-palembang
          name: Pemerintah Kota Palembang
          type: government
          description: Gerakan 1.000 Buku.
        """,
}


def programme(partners):
    return f"---\ntitle: Program\ndate: 2026-01-01\nsummary: Program.\npartners: {partners}\n---\nIsi.\n"


def test_overview_groups_partners_by_type_in_a_fixed_order(build_site, tmp_path):
    page = build_site(tmp_path, PARTNERS).page("mitra/")
    assert [h.get_text() for h in page.find_all("h2")] == ["Pemerintah", "Perguruan Tinggi"]
    assert page.find(id="unsri").h3.get_text() == "Universitas Sriwijaya"


def test_a_programme_links_to_its_partners(build_site, tmp_path):
    site = build_site(tmp_path, {**PARTNERS, "content/program/p.md": programme("[unsri]")})
    link = site.page("program/p/").select_one(".partners a")
    assert link.get_text() == "Universitas Sriwijaya" and link["href"].endswith("mitra/#unsri")


def test_an_unknown_partner_fails_the_build(build_site, tmp_path):
    with pytest.raises(BuildFailed) as failure:
        build_site(tmp_path, {**PARTNERS, "content/program/p.md": programme("[unsri, ui]")})
    assert [p for p in failure.value.problems if "`ui`" in p and "p.md" in p]


def test_an_unknown_partner_type_fails_the_build(build_site, tmp_path):
    bad = PARTNERS["data/mitra.yaml"].replace("type: university", "type: kampus")
    with pytest.raises(BuildFailed) as failure:
        build_site(tmp_path, {"data/mitra.yaml": bad})
    assert any("kampus" in p for p in failure.value.problems)
