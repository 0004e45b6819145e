import datetime as dt
import posixpath
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from plugins.common.build import DEFAULT_SETTINGS, build
from plugins.common.testing import TEST_NOW, Site
from tests import sample

WIB = ZoneInfo("Asia/Jakarta")
DOMAIN = "perpustakaan.palembang.go.id"
PRODID = "-//Perpustakaan Kota Palembang//Portal Literasi//ID"


def event(title, start, end=None, summary=None, tags="[bedah buku, komunitas]"):
    end_line = f'end: "{end}"' if end else ""
    return f"""
        ---
        title: '{title}'
        date: 2026-10-01
        summary: {summary or f"Acara {title}."}
        tags: {tags}
        start: "{start}"
        {end_line}
        venue:
          name: Aula Lantai 3 Perpustakaan Kota Palembang
          address: Jl. Merdeka No. 1, Palembang
        ---
        Isi acara.
        """


EVENTS = {
    "content/acara/bedah-buku.md": event(
        'Bedah Buku "Laut Bercerita"', "2026-12-05 09:00", "2026-12-05 12:00",
        summary="Diskusi *Laut Bercerita* & memori 1998; terbuka, gratis.",
    ),
    "content/acara/diskusi.md": event(
        "Diskusi Katalog", "2026-11-01 09:00", "2026-11-01 11:00"
    ),
    "content/acara/siaran.md": event("Siaran Radio", "2027-01-10 10:00", tags="[]"),
}
SLUGS = ["bedah-buku", "diskusi", "siaran"]


def ics(site, slug):
    path = site.output / "acara" / slug / "acara.ics"
    assert path.is_file(), f"no calendar file for {slug}"
    return path


def parse(path):
    return Calendar.from_ical(path.read_bytes())


def only_event(calendar):
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return events[0]


def feed_uids(site):
    feed = parse(site.output / "acara/kalender.ics")
    return [str(e["UID"]) for e in feed.walk("VEVENT")]


def resolve(page_url, href):
    """The site path a relative link on the page at ``page_url`` points to."""
    return posixpath.normpath(posixpath.join(page_url, href))


def test_each_event_has_its_calendar_file_in_wib(build_site, tmp_path):
    site = build_site(tmp_path, EVENTS)
    for slug in SLUGS:
        calendar = parse(ics(site, slug))
        assert str(only_event(calendar)["UID"]) == f"{slug}@{DOMAIN}"
        zones = calendar.walk("VTIMEZONE")
        assert [str(z["TZID"]) for z in zones] == ["Asia/Jakarta"]

    item = only_event(parse(ics(site, "bedah-buku")))
    for name, expected in (("DTSTART", dt.datetime(2026, 12, 5, 9, 0, tzinfo=WIB)),
                           ("DTEND", dt.datetime(2026, 12, 5, 12, 0, tzinfo=WIB))):
        assert item[name].dt == expected
        assert item[name].dt.utcoffset() == dt.timedelta(hours=7)
        assert item[name].params["TZID"] == "Asia/Jakarta"
    data = ics(site, "bedah-buku").read_bytes()
    assert b"DTSTART;TZID=Asia/Jakarta:20261205T090000\r\n" in data


def test_event_fields_are_plain_text_from_the_front_matter(build_site, tmp_path):
    site = build_site(tmp_path, EVENTS)
    item = only_event(parse(ics(site, "bedah-buku")))
    assert str(item["SUMMARY"]) == 'Bedah Buku "Laut Bercerita"'
    description = str(item["DESCRIPTION"])
    assert "<" not in description and "&amp;" not in description
    assert "Laut Bercerita" in description
    assert "& memori 1998; terbuka, gratis." in description
    assert str(item["LOCATION"]) == (
        "Aula Lantai 3 Perpustakaan Kota Palembang, Jl. Merdeka No. 1, Palembang"
    )
    assert [str(c) for c in item["CATEGORIES"].cats] == ["bedah buku", "komunitas"]
    assert item["DTSTAMP"].dt == dt.datetime.fromisoformat(TEST_NOW)

    untagged = only_event(parse(ics(site, "siaran")))
    assert "CATEGORIES" not in untagged
    assert "DTEND" not in untagged  # no end: the event ends at DTSTART (RFC 5545)


def test_calendar_header_and_crlf_lines(build_site, tmp_path):
    site = build_site(tmp_path, EVENTS)
    for path in (ics(site, "diskusi"), site.output / "acara/kalender.ics"):
        data = path.read_bytes()
        assert data.startswith(b"BEGIN:VCALENDAR\r\n")
        assert data.endswith(b"END:VCALENDAR\r\n")
        assert b"\n" not in data.replace(b"\r\n", b"")
        calendar = parse(path)
        assert str(calendar["PRODID"]) == PRODID
        assert str(calendar["VERSION"]) == "2.0"
        assert str(calendar["CALSCALE"]) == "GREGORIAN"
        assert str(calendar["METHOD"]) == "PUBLISH"
        assert str(calendar["X-WR-CALNAME"]) == "Acara Perpustakaan Kota Palembang"
        assert str(calendar["X-WR-TIMEZONE"]) == "Asia/Jakarta"


@pytest.mark.parametrize(
    ("siteurl", "relative", "url"),
    [
        ("https://perpustakaan.palembang.go.id", False,
         "https://perpustakaan.palembang.go.id/acara/diskusi/"),
        ("http://127.0.0.1:8000/", True, "http://127.0.0.1:8000/acara/diskusi/"),
        ("", True, None),
    ],
)
def test_url_is_the_absolute_page_address_or_left_out(
    build_site, tmp_path, siteurl, relative, url
):
    site = build_site(tmp_path, EVENTS, SITEURL=siteurl, RELATIVE_URLS=relative)
    item = only_event(parse(ics(site, "diskusi")))
    assert (str(item["URL"]) if "URL" in item else None) == url


def test_uid_domain_is_a_setting(build_site, tmp_path):
    site = build_site(tmp_path, EVENTS, CALENDAR={"domain": "contoh.go.id"})
    assert str(only_event(parse(ics(site, "diskusi")))["UID"]) == "diskusi@contoh.go.id"


@pytest.mark.parametrize(
    ("now", "upcoming"),
    [
        ("2026-10-01T00:00", ["diskusi", "bedah-buku", "siaran"]),
        ("2026-11-25T12:00", ["bedah-buku", "siaran"]),
        ("2026-12-05T10:30", ["bedah-buku", "siaran"]),  # running now
        ("2026-12-05T12:01", ["siaran"]),
        ("2027-02-01T00:00", []),
    ],
)
def test_feed_holds_exactly_the_upcoming_events(build_site, tmp_path, now, upcoming):
    site = build_site(tmp_path, EVENTS, PORTAL_NOW=now)
    assert feed_uids(site) == [f"{slug}@{DOMAIN}" for slug in upcoming]
    zones = parse(site.output / "acara/kalender.ics").walk("VTIMEZONE")
    assert len(zones) == (1 if upcoming else 0)


def test_uids_are_stable_and_output_is_reproducible(build_site, tmp_path):
    def snapshot(site):
        return {p.relative_to(site.output).as_posix(): p.read_bytes()
                for p in sorted(site.output.rglob("*.ics"))}

    first = snapshot(build_site(tmp_path, EVENTS))
    again = snapshot(build_site(tmp_path, EVENTS))
    assert len(first) == len(SLUGS) + 1
    assert again == first

    later = build_site(tmp_path, EVENTS, PORTAL_NOW="2026-12-01T08:00")
    for slug in SLUGS:
        before = only_event(Calendar.from_ical(first[f"acara/{slug}/acara.ics"]))
        after = only_event(parse(ics(later, slug)))
        assert after["UID"] == before["UID"]
        assert after["DTSTAMP"].dt != before["DTSTAMP"].dt


def test_event_page_and_list_link_to_the_calendar_files(build_site, tmp_path):
    site = build_site(tmp_path, EVENTS)
    for slug in SLUGS:
        page = site.page(f"acara/{slug}/")
        link = page.find("a", string="Tambahkan ke kalender (.ics)")
        assert link is not None and link["type"] == "text/calendar"
        assert resolve(f"acara/{slug}", link["href"]) == f"acara/{slug}/acara.ics"
        assert site.exists(resolve(f"acara/{slug}", link["href"]))
    link = site.page("acara/").find("a", string="Langganan kalender acara (.ics)")
    assert link is not None
    assert resolve("acara", link["href"]) == "acara/kalender.ics"
    assert site.exists(resolve("acara", link["href"]))


def test_every_sample_event_has_a_parseable_calendar_file(tmp_path):
    overrides = {"OUTPUT_PATH": str(tmp_path / "out"), "PORTAL_NOW": TEST_NOW}
    result = build(DEFAULT_SETTINGS, overrides)
    site = Site(result.output)
    now = dt.datetime.fromisoformat(TEST_NOW)
    upcoming = []
    sources = [(path, url, meta) for path, url, meta in sample.sources() if path.parent.name == "acara"]
    assert sources and any(sample.is_translation(meta) for _, _, meta in sources)
    for path, url, meta in sources:
        slug = meta.get("slug", path.stem)
        item = only_event(parse(site.output / url / "acara.ics"))
        assert str(item["SUMMARY"]) == meta["title"]
        meta = sample.with_original(path, meta)  # a translation: the same event, one UID
        assert str(item["UID"]) == f"{slug}@{DOMAIN}"
        assert item["DTSTART"].dt == sample.local_time(meta["start"])
        assert item["DTSTART"].params["TZID"] == "Asia/Jakarta"
        if not sample.is_translation(meta) and sample.local_time(meta.get("end") or meta["start"]) >= now:
            upcoming.append((sample.local_time(meta["start"]), slug))
    assert feed_uids(site) == [f"{slug}@{DOMAIN}" for _, slug in sorted(upcoming)]
