import pytest

from plugins.common.build import BuildFailed

PROGRAMME = {
    "content/program/komunitas-literasi.md": """
        ---
        title: Komunitas Literasi
        date: 2026-01-10
        summary: Program bersama komunitas baca.
        ---
        Program bersama komunitas.
        """,
}


def event(title, start, end, programme="komunitas-literasi"):
    return f"""
        ---
        title: {title}
        date: 2026-10-01
        summary: Acara {title}.
        start: "{start}"
        end: "{end}"
        venue:
          name: Aula Perpustakaan
        programme: {programme}
        ---
        Acara.
        """


EVENTS = {
    "content/acara/bedah-buku.md": event("Bedah Buku", "2026-12-05 09:00", "2026-12-05 12:00"),
    "content/acara/diskusi.md": event("Diskusi", "2026-11-01 09:00", "2026-11-01 11:00"),
}


def upcoming_and_past(site):
    page = site.page("acara/")
    lists = []
    for heading in ("mendatang", "lalu"):
        section = page.find(id=heading).find_parent("section")
        lists.append([a.get_text() for a in section.select(".card a")])
    return lists


def test_events_are_upcoming_or_past_relative_to_now(build_site, tmp_path):
    site = build_site(tmp_path, {**PROGRAMME, **EVENTS}, PORTAL_NOW="2026-11-25T12:00")
    assert upcoming_and_past(site) == [["Bedah Buku"], ["Diskusi"]]


def test_moving_now_moves_the_events(build_site, tmp_path):
    site = build_site(tmp_path, {**PROGRAMME, **EVENTS}, PORTAL_NOW="2026-10-01T00:00")
    assert upcoming_and_past(site) == [["Diskusi", "Bedah Buku"], []]
    site = build_site(tmp_path, {**PROGRAMME, **EVENTS}, PORTAL_NOW="2027-01-01T00:00")
    assert upcoming_and_past(site) == [[], ["Bedah Buku", "Diskusi"]]


def test_an_event_running_now_is_still_upcoming(build_site, tmp_path):
    site = build_site(tmp_path, {**PROGRAMME, **EVENTS}, PORTAL_NOW="2026-12-05T10:30")
    assert upcoming_and_past(site)[0] == ["Bedah Buku"]


def test_event_page_shows_wib_time_in_indonesian(build_site, tmp_path):
    site = build_site(tmp_path, {**PROGRAMME, **EVENTS})
    text = " ".join(site.page("acara/bedah-buku/").select_one(".details").get_text().split())
    assert "Sabtu, 5 Desember 2026, 09.00–12.00 WIB" in text


def test_programme_page_lists_its_events(build_site, tmp_path):
    site = build_site(tmp_path, {**PROGRAMME, **EVENTS})
    page = site.page("program/komunitas-literasi/")
    assert [a.get_text() for a in page.select(".card a")] == ["Diskusi", "Bedah Buku"]


@pytest.mark.parametrize(
    ("start", "end", "programme", "expected"),
    [
        ("2026-12-05 09:00", "2026-12-05 08:00", "komunitas-literasi", "lebih awal"),
        ("2026-02-30 09:00", "2026-02-30 10:00", "komunitas-literasi", "tidak ada atau tidak terbaca"),
        ("2026-12-05 09:00", "2026-12-05 10:00", "program-hilang", "program-hilang"),
    ],
)
def test_bad_event_times_or_programmes_fail_the_build(
    build_site, tmp_path, start, end, programme, expected
):
    files = {**PROGRAMME, "content/acara/salah.md": event("Salah", start, end, programme)}
    with pytest.raises(BuildFailed) as failure:
        build_site(tmp_path, files)
    assert any("salah.md" in p and expected in p for p in failure.value.problems)
