import json

import pytest
from icalendar import Calendar

from plugins.common.build import DEFAULT_SETTINGS, BuildFailed, build, load_settings
from plugins.common.testing import project_overrides, write_files
from plugins.validation.validation import validate_project

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


# -- translations -------------------------------------------------------------------
PARTNERS = {
    "data/mitra.yaml": """
        - id: pertuni-sumsel
          name: Pertuni Sumatera Selatan
          type: community
        """,
}
ORIGINAL = """
    ---
    title: Kelas Braille
    date: 2026-10-01
    summary: Kelas braille untuk warga.
    start: "2026-12-05 09:00"
    end: "2026-12-05 12:00"
    venue:
      name: Ruang Layanan Inklusif
      address: Jl. Merdeka No. 1, Palembang
    registration: https://daftar.example.org/kelas-braille
    accessibility: [wheelchair, braille, quiet-room]
    partners: [pertuni-sumsel]
    programme: komunitas-literasi
    ---
    Kelas braille.
    """


ABSOLUTE = {"PORTAL_NOW": "2026-11-25T12:00", "SITEURL": "https://example.org",
            "CANONICAL_SITEURL": "https://example.org"}


def translation(extra=""):
    return f"""
        ---
        title: Braille Class
        slug: kelas-braille
        lang: en
        date: 2026-10-02
        summary: A braille class for residents.
        {extra}
        ---
        A braille class.
        """


def translated_event(**more):
    return {**PROGRAMME, **PARTNERS, "content/acara/kelas-braille.md": ORIGINAL, **more}


def details(page):
    return {dt.get_text(): dd for dt, dd in zip(page.select(".details dt"), page.select(".details dd"))}


def test_a_translation_shows_the_originals_details_in_its_language(build_site, tmp_path):
    files = translated_event(**{"content/acara/kelas-braille-en.md": translation()})
    site = build_site(tmp_path, files, **ABSOLUTE)
    page, original = site.page("acara/kelas-braille/en/"), site.page("acara/kelas-braille/")
    shown = details(page)
    assert list(shown) == ["Time", "Venue", "Accessibility", "Registration", "Part of the programme"]
    assert " ".join(shown["Time"].get_text().split()) == "Saturday, 5 December 2026, 09:00–12:00 WIB"
    assert shown["Time"].time["datetime"] == "2026-12-05T09:00:00+07:00"
    assert shown["Venue"].get_text() == "Ruang Layanan Inklusif, Jl. Merdeka No. 1, Palembang"
    assert [li.get_text() for li in shown["Accessibility"].find_all("li")] == [
        "Wheelchair access", "Braille materials", "Quiet room"]
    assert shown["Registration"].a["href"] == "https://daftar.example.org/kelas-braille"
    assert shown["Registration"].get_text() == "Register for this event"
    # The programme has no English version: its Indonesian title is marked as such.
    assert shown["Part of the programme"].a["lang"] == "id"
    assert [a.get_text() for a in page.select("ul.partners a")] == ["Pertuni Sumatera Selatan"]
    # The original is unchanged, and the two link each other.
    assert [li.get_text() for li in details(original)["Aksesibilitas"].find_all("li")] == [
        "Akses kursi roda", "Materi braille", "Ruang tenang"]
    assert "lang" not in details(original)["Bagian dari program"].a.attrs
    assert page.find("link", hreflang="id")["href"] == "https://example.org/acara/kelas-braille/"
    assert original.find("link", hreflang="en")["href"] == "https://example.org/acara/kelas-braille/en/"
    assert page.find("a", hreflang="id") and original.find("a", hreflang="en")
    # One event in the lists (the original), however many languages it has.
    assert upcoming_and_past(site) == [["Kelas Braille"], []]


def test_a_translation_is_the_same_event_in_json_ld_and_calendars(build_site, tmp_path):
    files = translated_event(**{"content/acara/kelas-braille-en.md": translation()})
    site = build_site(tmp_path, files, **ABSOLUTE)
    data = json.loads(site.page("acara/kelas-braille/en/").find("script", type="application/ld+json").string)
    assert data["@type"] == "Event" and data["name"] == "Braille Class"
    assert (data["startDate"], data["endDate"]) == ("2026-12-05T09:00:00+07:00", "2026-12-05T12:00:00+07:00")
    assert data["location"]["name"] == "Ruang Layanan Inklusif"
    assert data["url"] == "https://example.org/acara/kelas-braille/en/"
    english = Calendar.from_ical((site.output / "acara/kelas-braille/en/acara.ics").read_bytes())
    indonesian = Calendar.from_ical((site.output / "acara/kelas-braille/acara.ics").read_bytes())
    [event_en], [event_id] = english.walk("VEVENT"), indonesian.walk("VEVENT")
    assert str(event_en["UID"]) == str(event_id["UID"]) == "kelas-braille@perpustakaan.palembang.go.id"
    assert event_en["DTSTART"].dt == event_id["DTSTART"].dt
    assert str(event_en["SUMMARY"]) == "Braille Class"
    assert str(event_en["URL"]) == "https://example.org/acara/kelas-braille/en/"
    assert str(english["X-WR-CALNAME"]) == "Perpustakaan Kota Palembang events"
    link = site.page("acara/kelas-braille/en/").select_one(".calendar-link a")
    assert link["href"].endswith("acara/kelas-braille/en/acara.ics")
    feed = Calendar.from_ical((site.output / "acara/kalender.ics").read_bytes())
    assert [str(e["UID"]) for e in feed.walk("VEVENT")] == ["kelas-braille@perpustakaan.palembang.go.id"]


def test_a_translation_may_give_its_own_venue_and_the_programme_in_its_language(build_site, tmp_path):
    files = translated_event(**{
        "content/acara/kelas-braille-en.md": translation("venue:\n          name: Inclusive Services Room"),
        "content/program/komunitas-literasi-en.md": (
            "---\ntitle: Literacy Communities\nslug: komunitas-literasi\nlang: en\n"
            "date: 2026-01-10\nsummary: With reading communities.\n---\nText.\n"
        ),
    })
    site = build_site(tmp_path, files)
    shown = details(site.page("acara/kelas-braille/en/"))
    assert shown["Venue"].get_text() == "Inclusive Services Room"
    assert shown["Part of the programme"].a.get_text() == "Literacy Communities"
    assert shown["Part of the programme"].a["href"].endswith("program/komunitas-literasi/en/")
    assert "lang" not in shown["Part of the programme"].a.attrs
    assert "Aula" not in site.page("acara/kelas-braille/").get_text()


def test_a_translation_must_not_move_the_event(build_site, tmp_path):
    files = translated_event(**{
        "content/acara/kelas-braille-en.md": translation('start: "2026-12-05 10:00"\n        end: "2026-12-05 12:00:00"'),
    })
    write_files(tmp_path, files)
    report = validate_project(load_settings(DEFAULT_SETTINGS, project_overrides(tmp_path)))
    assert [(e.code, e.file, e.line, e.field) for e in report.errors] == [
        ("differs-from-original", "content/acara/kelas-braille-en.md", 7, "start")]
    assert "berbeda dengan `2026-12-05 09:00` di berkas aslinya content/acara/kelas-braille.md" in (
        report.errors[0].format())
    with pytest.raises(BuildFailed):
        build_site(tmp_path, files)
    # An end the original does not have, or a start that is no date (that is the date
    # check's error, not a second one):
    files["content/acara/kelas-braille.md"] = ORIGINAL.replace('    end: "2026-12-05 12:00"\n', "")
    files["content/acara/kelas-braille-en.md"] = translation('start: "5 Desember"\n        end: "2026-12-05 12:00"')
    write_files(tmp_path, files)
    report = validate_project(load_settings(DEFAULT_SETTINGS, project_overrides(tmp_path)))
    assert [(e.code, e.field) for e in report.errors] == [("date", "start"), ("differs-from-original", "end")]
    assert report.errors[1].format("en").endswith(
        "end: `2026-12-05 12:00` differs from `—` in the original content/acara/kelas-braille.md"
        " — make them equal, or remove the field: a translation uses the original's")


@pytest.mark.parametrize("original_status", [None, "draft"])
def test_a_translation_without_a_published_original_needs_its_own_details(
    build_site, tmp_path, original_status
):
    files = {**PROGRAMME, **PARTNERS, "content/acara/kelas-braille-en.md": translation()}
    if original_status:
        files["content/acara/kelas-braille.md"] = ORIGINAL.replace(
            "    programme:", f"    status: {original_status}\n    programme:")
    write_files(tmp_path, files)
    report = validate_project(load_settings(DEFAULT_SETTINGS, project_overrides(tmp_path)))
    assert {(e.code, e.field) for e in report.errors} == {("required", "start"), ("required", "venue")}


def test_the_preview_updates_a_translation_when_its_original_changes(tmp_path):
    """Incremental rebuilds (./dev serve): the translation shows the original's new time."""
    root = tmp_path / "portal"
    write_files(root, translated_event(**{"content/acara/kelas-braille-en.md": translation()}))
    settings = project_overrides(root, CACHE_PATH=str(root / "cache"))
    build(DEFAULT_SETTINGS, settings, incremental=True)
    original = root / "content/acara/kelas-braille.md"
    text = original.read_text(encoding="utf-8")
    original.write_text(text.replace("09:00", "13:00").replace("12:00", "15:00").replace(
        "[wheelchair, braille, quiet-room]", "[captions]"), encoding="utf-8")
    build(DEFAULT_SETTINGS, settings, incremental=True)
    reference = build(DEFAULT_SETTINGS, project_overrides(root, OUTPUT_PATH=str(tmp_path / "reference")))
    for name in ("acara/kelas-braille/en/index.html", "acara/kelas-braille/en/acara.ics"):
        assert (root / "output" / name).read_bytes() == (reference.output / name).read_bytes(), name
    page = (root / "output/acara/kelas-braille/en/index.html").read_text(encoding="utf-8")
    assert "13:00" in page and "Live captions" in page and "Wheelchair access" not in page
