import pytest
import yaml

from plugins.common.build import BuildFailed


def records(count, prefix="buku"):
    return [
        {
            "id": f"{prefix}-{n:03d}",
            "title": f"Judul {n:03d}",
            "authors": ["Penulis Palembang"],
            "isbn": "978-602-8519-93-9",
            "publisher": "Penerbit Sriwijaya Pustaka",
            "year": 2020,
            "language": "id",
            "formats": ["print"],
            "call_number": "899.221",
            "location": "Lantai 2",
            "copies": {"total": 2, "available": n % 3 and 1},
        }
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
