"""Feeds, sitemap, robots.txt, canonical URLs, social tags and JSON-LD on the sample."""

import json
import xml.etree.ElementTree as ET

import pytest

from plugins.common.build import load_settings
from tests import sample

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BASE = load_settings()["CANONICAL_SITEURL"]


def jsonld(page):
    [block] = page.find_all("script", type="application/ld+json")
    data = json.loads(block.string)
    assert data["@context"] == "https://schema.org"
    return data


@pytest.mark.parametrize("section", ["program", "ulasan", "acara"])
def test_each_section_has_an_atom_feed_with_its_articles(sample_site, section):
    feed = ET.parse(sample_site.output / f"feeds/{section}.atom.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    links = {e.find(f"{ATOM}link").get("href") for e in feed.findall(f"{ATOM}entry")}
    # Originals only: Pelican's section feeds leave translations out (the feed of everything has them).
    expected = {f"{BASE}/{url}" for path, url, meta in sample.sources()
                if path.parent.name == section and not sample.is_translation(meta)}
    assert links == expected
    home = sample_site.page("")
    assert home.find("link", rel="alternate", href=f"{BASE}/feeds/{section}.atom.xml") is not None


def test_the_sitemap_lists_every_page_but_the_404(sample_site):
    root = ET.parse(sample_site.output / "sitemap.xml").getroot()
    locations = {u.find(f"{SITEMAP}loc").text for u in root.findall(f"{SITEMAP}url")}
    assert f"{BASE}/katalog/laskar-pelangi/" in locations
    assert {f"{BASE}/{url}" for _, url, _ in sample.sources()} <= locations
    assert not any("404" in location for location in locations)
    robots = (sample_site.output / "robots.txt").read_text()
    assert f"Sitemap: {BASE}/sitemap.xml" in robots.splitlines()


def test_every_page_has_its_own_canonical_url_and_social_tags(sample_site):
    for path in sample_site.html_files():
        page = sample_site.page(str(path.relative_to(sample_site.output)))
        relative = path.relative_to(sample_site.output).as_posix()
        if relative == "404.html":
            assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
            continue
        own_url = f"{BASE}/{relative.removesuffix('index.html')}"
        assert page.find("link", rel="canonical")["href"] == own_url, relative
        assert page.find("meta", property="og:url")["content"] == own_url
        assert page.find("meta", property="og:title")["content"] == page.title.get_text()
        assert page.find("meta", attrs={"name": "twitter:card"}) is not None


def test_home_page_describes_the_library_with_address_and_hours(sample_site):
    data = jsonld(sample_site.page(""))
    assert data["@type"] == "Library"
    assert data["address"]["addressLocality"] == "Palembang"
    days = {d for spec in data["openingHoursSpecification"] for d in spec["dayOfWeek"]}
    assert days == {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}


def test_catalogue_pages_describe_a_book(sample_site):
    for record in sample.catalogue():
        data = jsonld(sample_site.page(f"katalog/{record['id']}/"))
        assert data["@type"] == "Book"
        assert data["name"] == record["title"] and data["isbn"] == record["isbn"]
        assert [a["name"] for a in data["author"]] == record["authors"]
        if "braille" in record["formats"]:
            assert "braille" in data["accessibilityFeature"]


def test_reviews_and_events_carry_their_required_properties(sample_site):
    for path, url, meta in sample.sources():
        section = path.parent.name
        if section == "ulasan":
            data = jsonld(sample_site.page(url))
            assert data["@type"] == "Review"
            assert data["itemReviewed"]["@type"] == "Book"
            assert data["itemReviewed"]["url"] == f"{BASE}/katalog/{meta['book']}/"
            assert data["author"] == {"@type": "Person", "name": meta["reviewer"]}
            assert data["reviewRating"]["ratingValue"] == meta["rating"]
        elif section == "acara":  # a translation: the original's time and place
            meta = sample.with_original(path, meta)
            data = jsonld(sample_site.page(url))
            assert data["@type"] == "Event"
            assert data["startDate"] == sample.local_time(meta["start"]).isoformat()
            assert data["startDate"].endswith("+07:00")
            assert data["location"]["name"] == meta["venue"]["name"]
