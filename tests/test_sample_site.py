"""The sample portal: every source becomes its page, and every link resolves."""

import datetime as dt
import posixpath
from urllib.parse import urldefrag, urlsplit

import pytest

from plugins.common.testing import TEST_NOW
from plugins.i18n.i18n import schema_labels
from tests import sample

SECTION_MINIMUMS = {"program": 8, "ulasan": 8, "acara": 12}
REQUIRED_PAGES = [
    "tentang", "layanan", "layanan-difabel", "relawan",
    "umpan-balik", "kontak", "jam-buka", "keanggotaan",
]


def test_sample_portal_has_the_promised_size():
    sections = [path.parent.name for path, _, _ in sample.sources()]
    for section, minimum in SECTION_MINIMUMS.items():
        assert sections.count(section) >= minimum, section
    pages = {path.stem for path, _, _ in sample.sources() if path.parent.name == "pages"}
    assert set(REQUIRED_PAGES) <= pages
    assert len(sample.catalogue()) >= 60
    assert len(sample.partners()) >= 15


@pytest.mark.parametrize(
    ("path", "url", "meta"), sample.sources(), ids=lambda v: getattr(v, "name", "")
)
def test_every_source_file_became_its_page(sample_site, path, url, meta):
    page = sample_site.page(url)
    assert page.h1.get_text(strip=True) == meta["title"]
    assert page.html["lang"] == meta.get("lang", "id")


def test_english_pages_have_the_english_interface_and_link_their_original(sample_site):
    english = [(url, meta) for _, url, meta in sample.sources() if meta.get("lang") == "en"]
    assert english, "the sample needs an English translation"
    for url, meta in english:
        page = sample_site.page(url)
        assert page.find("a", class_="skip-link").get_text() == "Skip to content"
        assert "Home" in [a.get_text() for a in page.find("nav").find_all("a")]
        original = page.find("a", hreflang="id")["href"]
        assert sample_site.page(posixpath.normpath(posixpath.join(url, original)) + "/").html["lang"] == "id"


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def test_an_english_event_shows_its_originals_details_in_english(sample_site):
    events = [(path, url, meta) for path, url, meta in sample.sources()
              if path.parent.name == "acara" and sample.is_translation(meta)]
    assert events, "the sample needs an English event translation"
    english_labels = schema_labels("event", "accessibility", "en")
    indonesian_labels = schema_labels("event", "accessibility", "id")
    for path, url, meta in events:
        full = sample.with_original(path, meta)
        page = sample_site.page(url)
        details = {d.get_text(): d.find_next_sibling("dd") for d in page.select(".details dt")}
        assert {"Time", "Venue", "Accessibility", "Registration"} <= set(details), url
        start, end = sample.local_time(full["start"]), sample.local_time(full.get("end") or full["start"])
        when = " ".join(details["Time"].get_text().split())
        assert f"{start.day} {MONTHS[start.month - 1]} {start.year}, {start:%H:%M}" in when
        assert when.endswith(f"{end:%H:%M} WIB")
        assert details["Time"].time["datetime"] == start.isoformat()
        assert details["Venue"].get_text().startswith((meta.get("venue") or full["venue"])["name"])
        shown = [li.get_text() for li in details["Accessibility"].find_all("li")]
        assert shown == [english_labels[key] for key in full["accessibility"]]
        assert not set(shown) & (set(indonesian_labels.values()) - set(english_labels.values()))
        assert details["Registration"].a["href"] == full["registration"]
        # hreflang both ways, in <head> and in the language switch
        original_url = url.removesuffix(f"{meta['lang']}/")
        original = sample_site.page(original_url)
        assert page.find("link", hreflang="id")["href"].endswith("/" + original_url)
        assert original.find("link", hreflang="en")["href"].endswith("/" + url)
        assert original.find("a", hreflang="en")["href"].endswith(url)
        assert sample_site.exists(url + "acara.ics")


def test_every_catalogue_record_has_a_page(sample_site):
    for record in sample.catalogue():
        page = sample_site.page(f"katalog/{record['id']}/")
        assert page.h1.get_text(strip=True) == record["title"]
        assert record["isbn"] in page.get_text()


def test_the_home_page_is_written_once(sample_site):
    """The home page is no list: no copy of it under /hal/N/ (duplicate pages for search engines)."""
    homes = [
        path.relative_to(sample_site.output).as_posix()
        for path in sample_site.output.rglob("*.html")
        if 'data-template="index"' in path.read_text(encoding="utf-8")
    ]
    assert homes == ["index.html"]


def test_catalogue_list_is_paginated_with_stable_urls(sample_site):
    records = sample.catalogue()
    first = sample_site.page("katalog/")
    listed = [a.get_text(strip=True) for a in first.select(".record-list a")]
    assert listed == sorted(listed, key=str.casefold)
    assert len(listed) == 24
    last = sample_site.page(f"katalog/hal/{-(-len(records) // 24)}/")
    assert len(last.select(".record-list a")) == len(records) - 24 * (len(records) // 24)


def test_partners_overview_lists_every_partner(sample_site):
    page = sample_site.page("mitra/")
    for partner in sample.partners():
        entry = page.find(id=partner["id"])
        assert entry is not None, partner["id"]
        assert partner["name"] in entry.get_text()
        link = entry.find("a", string=partner["name"])
        assert link["href"] == f"../mitra/{partner['id']}/"
        assert sample_site.page(f"mitra/{partner['id']}/").h1.get_text(strip=True) == partner["name"]


def test_review_links_to_its_book_and_the_book_lists_the_review(sample_site):
    for path, url, meta in sample.sources():
        if path.parent.name != "ulasan":
            continue
        review = sample_site.page(url)
        book_link = review.select_one(".book-card a")
        assert book_link["href"].endswith(f"katalog/{meta['book']}/")
        book = sample_site.page(f"katalog/{meta['book']}/")
        assert meta["title"] in [a.get_text(strip=True) for a in book.select(".card a")]


def test_events_are_split_by_the_builds_now(sample_site):
    now = dt.datetime.fromisoformat(TEST_NOW)
    upcoming, past = [], []
    for path, _, meta in sample.sources():
        if path.parent.name == "acara" and not sample.is_translation(meta):  # lists show originals
            end = sample.local_time(meta.get("end") or meta["start"])
            (upcoming if end >= now else past).append(meta["title"])
    assert upcoming and past, "the sample needs both upcoming and past events"
    page = sample_site.page("acara/")

    def titles(section_id):
        section = page.find(id=section_id).find_parent("section")
        return [a.get_text(strip=True) for a in section.select(".card a")]

    assert sorted(titles("mendatang")) == sorted(upcoming)
    assert sorted(titles("lalu")) == sorted(past)
    assert page.select_one("#mendatang ~ .card time") is not None


def _internal_targets(sample_site, html_path):
    page = sample_site.page(str(html_path.relative_to(sample_site.output)))
    base = posixpath.dirname(html_path.relative_to(sample_site.output).as_posix())
    for tag, attribute in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
        for element in page.find_all(tag):
            link = element.get(attribute)
            if not link or urlsplit(link).scheme or link.startswith(("//", "#")):
                continue
            target, fragment = urldefrag(link)
            yield posixpath.normpath(posixpath.join(base, target)), fragment, link


def test_every_internal_link_resolves(sample_site):
    broken = []
    for html_path in sample_site.html_files():
        for target, fragment, link in _internal_targets(sample_site, html_path):
            if target.startswith(".."):
                broken.append((html_path, link, "leaves the site"))
            elif not sample_site.exists(target):
                broken.append((html_path, link, "missing"))
            elif fragment and sample_site.page(target).find(id=fragment) is None:
                broken.append((html_path, link, "missing anchor"))
    assert broken == []


def test_navigation_reaches_every_section(sample_site):
    home = sample_site.page("")
    nav = home.find("nav", attrs={"aria-label": "Menu utama"})
    labels = {a.get_text(strip=True) for a in nav.find_all("a")}
    assert {"Program", "Acara", "Ulasan", "Katalog", "Mitra", "Tentang", "Kontak"} <= labels
    for link in nav.find_all("a"):
        assert sample_site.exists(link["href"]), link["href"]


def test_browser_libraries_come_from_npm(sample_site):
    (lunr,) = sample_site.output.glob("theme/*/vendor/lunr.min.js")
    assert "2.3.9" in lunr.read_text(encoding="utf-8")[:300]
