"""The search index of the sample portal: lunr.js (Node) ranks exactly like
lunr.py for the relevance queries, and the expected documents are found."""

import json

import pytest

from plugins.common.build import PROJECT_ROOT
from plugins.search.engine import query
from plugins.search.node import rankings
from plugins.search.search import read_index

QUERIES = json.loads((PROJECT_ROOT / "bench/relevance_id.json").read_text(encoding="utf-8"))["queries"]


@pytest.fixture(scope="module")
def payload(sample_site):
    """The head, the whole index of its shards, the result texts of its chunks."""
    head, index, docs = read_index(sample_site.output)
    return {"head": head, "index": index, "docs": docs}


def test_every_section_and_record_is_indexed(sample_site, payload):
    types = {doc["y"] for doc in payload["docs"]}
    assert types == {"buku", "ulasan", "acara", "program", "halaman"}
    for doc in payload["docs"]:
        assert sample_site.exists(doc["u"]), doc["u"]
    assert len(payload["docs"]) == payload["head"]["count"] > 100
    for path in [sample_site.output / "cari/indeks.json", *(sample_site.output / "cari/indeks").rglob("*.json")]:
        for suffix in (".gz", ".br"):
            assert path.with_name(path.name + suffix).is_file(), path


def test_lunr_js_returns_the_same_ranking_as_lunr_py(sample_site):
    texts = [q["q"] for q in QUERIES] + ["buku", "PALEMBANG!", "yang", "", "anak-anak"]
    python, node = rankings(sample_site.output / "cari/indeks.json", texts)
    assert any(python)
    assert node == python


def test_readers_find_what_they_expect(payload):
    index = payload["index"]
    urls = [doc["u"] for doc in payload["docs"]]
    recalls = []
    for item in QUERIES:
        assert set(item["expected"]) <= set(urls), item["q"]
        top = {urls[int(r["ref"])] for r in query(index, item["q"])[:10]}
        recalls.append(len(top & set(item["expected"])) / len(item["expected"]))
    assert len(QUERIES) >= 30
    assert sum(recalls) / len(recalls) >= 0.95


def test_the_format_filters_are_the_catalogues_formats_in_its_order(sample_site):
    """Every format of the catalogue's schema can be filtered on, in the format index's
    order (accessible formats first), named as the catalogue names it; results show the
    same names (search.js reads them from data-i18n-format-*)."""
    schema = json.loads((PROJECT_ROOT / "data/schemas/catalogue.json").read_text(encoding="utf-8"))
    labels = schema["properties"]["formats"]["items"]["x-labels"]
    index = [li.a.get_text(strip=True) for li in sample_site.page("katalog/format/").select(".browse-index li")]
    page = sample_site.page("cari/")
    boxes = page.select('.search-filter[data-filter="format"] input[name="format"]')
    assert [box["value"] for box in boxes] and {box["value"] for box in boxes} == set(labels)
    assert [labels[box["value"]] for box in boxes] == index
    assert [box.parent.get_text(strip=True) for box in boxes] == index
    search = page.select_one('[data-module="search"]')
    assert {value: search[f"data-i18n-format-{value}"] for value in labels} == labels
