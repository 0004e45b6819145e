"""The sample portal's catalogue browse pages: every record where a reader looks for it."""

import posixpath
from collections import Counter

import pytest
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

from tests import sample

FORMAT_SLUGS = {
    "print": "cetak",
    "ebook": "e-book",
    "audio": "audio",
    "braille": "braille",
    "large-print": "cetak-besar",
}
ACCESSIBLE = {"braille", "audio", "large-print"}
INDEXES = ["katalog/subjek/", "katalog/pengarang/", "katalog/format/", "katalog/bahasa/",
           "katalog/judul/", "katalog/lokal/"]


def slug(text):
    return slugify(text, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])


def resolve(url, href):
    return posixpath.normpath(posixpath.join(url, href)) + "/"


def listed(site, url):
    """Record URLs listed at ``url`` and its following pages."""
    found = []
    while url is not None:
        page = site.page(url)
        found += [resolve(url, a["href"]) for a in page.select(".record-list .record-title a")]
        link = page.select_one("a[rel=next]")
        url = resolve(url, link["href"]) if link else None
    return found


def browse_urls(record):
    urls = [f"katalog/subjek/{slug(s)}/" for s in record.get("subjects", [])]
    urls += [f"katalog/pengarang/{slug(a)}/" for a in record["authors"]]
    urls += [f"katalog/format/{FORMAT_SLUGS[f]}/" for f in record["formats"]]
    urls.append(f"katalog/bahasa/{record['language']}/")
    return urls


@pytest.fixture(scope="module")
def lists(sample_site):
    """Every browse page of the sample's records, read once: URL → record URLs."""
    urls = {url for record in sample.catalogue() for url in browse_urls(record)}
    return {url: listed(sample_site, url) for url in urls}


def test_every_record_is_on_its_subject_author_format_and_language_pages(lists):
    for record in sample.catalogue():
        own = f"katalog/{record['id']}/"
        for url in browse_urls(record):
            assert own in lists[url], (record["id"], url)


def test_browse_pages_list_no_other_records(lists):
    expected = Counter(url for record in sample.catalogue() for url in browse_urls(record))
    assert {url: len(found) for url, found in lists.items()} == dict(expected)
    assert all(len(found) == len(set(found)) for found in lists.values())


def test_record_pages_link_to_their_browse_pages(sample_site):
    for record in sample.catalogue():
        url = f"katalog/{record['id']}/"
        page = sample_site.page(url)
        links = {resolve(url, a["href"]) for a in page.select("article.record a")}
        assert set(browse_urls(record)) <= links, record["id"]
        if record.get("local"):
            assert "katalog/lokal/" in links
        badges = page.select(".format-list .badge")
        assert len(badges) == len(ACCESSIBLE & set(record["formats"])), record["id"]


def test_local_and_title_lists_hold_every_record_once(sample_site):
    records = sample.catalogue()
    local = {f"katalog/{r['id']}/" for r in records if r.get("local")}
    assert local and sorted(listed(sample_site, "katalog/lokal/")) == sorted(local)
    index = sample_site.page("katalog/judul/")
    by_letter = []
    for link in index.select(".browse-index a"):
        by_letter += listed(sample_site, resolve("katalog/judul/", link["href"]))
    assert sorted(by_letter) == sorted(f"katalog/{r['id']}/" for r in records)


def test_index_counts_match_the_data(sample_site):
    records = sample.catalogue()
    subjects = Counter(s for r in records for s in r.get("subjects", []))
    page = sample_site.page("katalog/subjek/")
    shown = {li.a.get_text(strip=True): li.select_one(".count").get_text(strip=True)
             for li in page.select(".browse-index li")}
    assert shown == {name: f"({count} judul)" for name, count in subjects.items()}
    names = list(shown)
    assert names == sorted(names, key=str.casefold)
    formats = sample_site.page("katalog/format/").select(".browse-index li")
    accessible = ["Format aksesibel" in li.get_text() for li in formats]
    assert accessible == sorted(accessible, reverse=True) and accessible.count(True) == len(ACCESSIBLE)


def test_every_browse_index_is_linked_from_the_catalogue(sample_site):
    page = sample_site.page("katalog/")
    links = {resolve("katalog/", a["href"]) for a in page.select("main a")}
    assert set(INDEXES) <= links
    for url in INDEXES:
        browse = sample_site.page(url)
        assert len(browse.find_all("h1")) == 1
