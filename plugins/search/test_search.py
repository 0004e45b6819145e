"""The search index plugin: what is written, and lunr.js reading its parts like lunr.py
reading the whole index."""

import gzip
import json

import brotli
import pytest
import yaml

from plugins.catalogue.test_catalogue import book
from plugins.search.engine import edits1, query
from plugins.search.node import rankings, run_node
from plugins.search.search import decode_terms, html_text, read_index, snippet

XSS = '<img src=x onerror="document.title=\'pwned\'">'
FILES = {
    "content/program/kelas-menulis.md": """
        ---
        title: Kelas Menulis Cerita Anak
        date: 2026-10-01
        summary: Belajar menulis cerita untuk pembaca cilik.
        ---

        Para penulis muda berlatih menuliskan dongeng **bersama**.
        """,
    "content/pages/layanan.md": """
        ---
        title: Layanan Peminjaman
        summary: Cara meminjam buku di perpustakaan.
        ---

        Peminjaman buku berlaku dua minggu.
        """,
    "data/katalog/buku.yaml": yaml.safe_dump([
        book("pelangi", "Laskar Pelangi", authors=["Andrea Hirata"], formats=["print", "braille"],
             subjects=["Sastra Indonesia"], local=True, description="Sepuluh anak Belitung bersekolah."),
        book("xss", XSS, description="Judul berbahaya."),
    ]),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from plugins.common.testing import build_project

    return build_project(tmp_path_factory.mktemp("search"), FILES)


@pytest.fixture(scope="module")
def payload(site):
    """The head, the whole index of its shards, the result texts of its chunks."""
    head, index, docs = read_index(site.output)
    return {"head": head, "index": index, "docs": docs}


def index_files(output):
    """Every file of the index (head and parts), by path under output/cari/, without twins."""
    folder = output / "cari"
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*.json"))}


def test_every_file_of_the_index_is_written_with_gzip_and_brotli_beside_it(site, payload):
    files = index_files(site.output)
    parts = payload["head"]["parts"]
    assert set(files) == {"indeks.json", *(f"{parts}istilah-{n}.json" for n in range(len(payload["head"]["shards"]))),
                          f"{parts}hasil-0.json"}
    for name, raw in files.items():
        assert gzip.decompress((site.output / "cari" / f"{name}.gz").read_bytes()) == raw
        assert brotli.decompress((site.output / "cari" / f"{name}.br").read_bytes()) == raw


def test_a_small_index_is_marked_to_be_kept_whole_offline(build_site, tmp_path, payload):
    assert payload["head"]["whole"] is True
    site = build_site(tmp_path, FILES, SEARCH={"offline_whole_bytes": 1000})
    assert json.loads((site.output / "cari/indeks.json").read_text(encoding="utf-8"))["whole"] is False


def test_documents_have_types_urls_and_display_fields(payload):
    docs = {doc["t"]: doc for doc in payload["docs"]}
    assert docs["Kelas Menulis Cerita Anak"]["y"] == "program"
    assert docs["Kelas Menulis Cerita Anak"]["u"] == "program/kelas-menulis/"
    assert docs["Layanan Peminjaman"]["y"] == "halaman"
    book_doc = docs["Laskar Pelangi"]
    assert book_doc["y"] == "buku" and book_doc["u"] == "katalog/pelangi/"
    assert book_doc["f"] == ["print", "braille"] and book_doc["l"] is True
    assert book_doc["a"] == [1, 2] and book_doc["by"] == "Andrea Hirata"
    assert docs[XSS]["t"] == XSS  # stored as text; the browser renders it as text
    # The head's marks for the filters and counts say the same as the result texts.
    head = payload["head"]
    for ref, doc in enumerate(payload["docs"]):
        code = head["meta"][ref]
        assert head["types"][code & 7] == doc["y"] and bool(code & 8) == bool(doc.get("l"))
        assert sorted(f for n, f in enumerate(head["formats"]) if code & (16 << n)) == sorted(doc.get("f", []))


def test_pipeline_is_the_indonesian_one(payload):
    head = payload["head"]
    assert head["pipeline"] == ["trimmer-id", "stopWordFilter-id", "stemmer-id"]
    vocabulary = set(head["terms"])
    assert head["terms"] == sorted(vocabulary)
    assert set(payload["index"].inverted_index) == vocabulary
    assert {"tulis", "pinjam", "dongeng", "pelangi"} <= vocabulary
    assert "bersama" not in vocabulary and "menulis" not in vocabulary
    roots = [head["terms"][position] for position in head["roots"]]
    assert "tulis" in roots and "menulis" not in roots


def test_the_heads_terms_and_roots_read_back_in_python_and_in_the_browser(tmp_path):
    """The head front-codes its sorted terms and gives the roots as gaps; engine.js must read
    the very list the build wrote, also where JavaScript counts a character as two."""
    from plugins.search.search import decode_gaps, decode_terms, encode_gaps, encode_terms

    long = "perpustakaan" * 6  # shares more than the 60 characters one code can say
    terms = sorted({"a", "ab", "abc", "b", long, long + "x", long[:-1], "1945", "naïf", "naïve",
                    "ß", "ßa", "😀", "😀a", "😀b", "x😀y", "x😀z", "𝔸𝔹", "𝔸𝔹𝔹"})
    roots = [1, 4, len(terms) - 1]
    head = {"version": 3, "terms": encode_terms(terms), "roots": encode_gaps(roots), "stopWords": []}
    assert decode_terms(head["terms"]) == terms and decode_gaps(head["roots"]) == roots
    assert decode_terms(encode_terms([])) == [] and decode_gaps(encode_gaps([])) == []
    path = tmp_path / "indeks.json"
    path.write_text(json.dumps(head), encoding="utf-8")
    assert run_node("query_index.mjs", {"payload": str(path), "head": True}) == {"terms": terms, "roots": roots}


def test_python_finds_inflected_forms(payload):
    index = payload["index"]
    titles = lambda q: [payload["docs"][int(r["ref"])]["t"] for r in query(index, q)]  # noqa: E731
    assert titles("penulis")[0] == "Kelas Menulis Cerita Anak"
    assert titles("pinjam")[0] == "Layanan Peminjaman"
    assert titles("pelangj")[0] == "Laskar Pelangi"  # edit distance 1
    assert titles("yang dan") == []


def test_lunr_js_ranks_like_lunr_py(site):
    queries = ["penulis", "meminjam buku", "pelangi braille", "dongeng", "belitong", "andrea"]
    python, node = rankings(site.output / "cari/indeks.json", queries)
    assert all(python) and node == python


def test_a_query_reads_only_the_shards_of_its_terms(build_site, tmp_path):
    site = build_site(tmp_path, FILES, SEARCH={"shard_bytes": 1})  # a term a shard
    head, _, _ = read_index(site.output)
    answers = run_node("query_index.mjs", {"payload": str(site.output / "cari/indeks.json"),
                                            "queries": ["menulis", "pelangi sastra"]})
    shard = lambda term: f"{head['parts']}istilah-{head['terms'].index(term)}.json"  # noqa: E731
    assert answers[0]["read"] == [shard("tulis")]
    assert sorted(answers[1]["read"]) == sorted([shard("pelangi"), shard("sastra")])
    assert len(head["shards"]) == len(head["terms"]) > 20


def lunr_builder_index(documents, fields):
    """lunr.py's own Builder.add with our pipeline: the reference for our index."""
    from lunr.builder import Builder

    from plugins.search.pipeline import use_indonesian

    builder = Builder()
    use_indonesian(builder)
    builder.ref("id")
    for name, boost in fields.items():
        builder.field(name, boost=boost)
    for number, document in enumerate(documents):
        builder.add({"id": str(number), **{name: document[name] for name in fields}})
    return builder.build().serialize()


def vectors_by_term(serialised):
    """{field/ref: {term: score}} of a serialised lunr index: what scores documents."""
    term_of = {posting["_index"]: term for term, posting in serialised["invertedIndex"]}
    return {field_ref: {term_of[elements[i]]: elements[i + 1] for i in range(0, len(elements), 2)}
            for field_ref, elements in serialised["fieldVectors"] if elements}


def assert_same_index(documents):
    from plugins.search.fastindex import index_json, index_parts, whole_index
    from plugins.search.search import DEFAULTS, build_index, document_terms

    fields = DEFAULTS["fields"]
    expected = lunr_builder_index(documents, fields)
    text, _ = index_json(document_terms(documents, fields), fields)
    assert text == json.dumps(expected, ensure_ascii=False, separators=(",", ":"))
    assert build_index(documents, fields).serialize() == expected
    # The parts: each term's scores are the builder's, wherever the shards split.
    for shard_bytes in (1, 200, 10**9):
        terms, starts, shards = index_parts(document_terms(documents, fields), fields, shard_bytes)
        assert terms == sorted(term for term, _ in expected["invertedIndex"])
        assert starts[0] == 0 and starts == sorted(set(starts)) and len(starts) == len(shards)
        assert [sorted(json.loads(shard)) for shard in shards] == [
            terms[start:end] for start, end in zip(starts, [*starts[1:], len(terms)], strict=True)]
        whole = whole_index(list(fields), expected["pipeline"], [json.loads(shard) for shard in shards])
        assert vectors_by_term(whole) == vectors_by_term(expected)


def test_our_serialised_index_is_byte_for_byte_lunr_builders():
    import random

    from plugins.search.search import DEFAULTS

    documents = [
        {"title": "Para Penulis menulis", "authors": "Andrea Hirata", "subjects": "Sastra — Novel",
         "summary": "Anak-anak membaca  bacaan, kafé!", "body": "yang dan di ke 1.000 buku-buku"},
        {"title": "«Peminjaman»", "authors": "", "subjects": "", "summary": "", "body": "meminjam"},
    ]
    vocabulary = ("buku membaca pembaca penulis menulis tulisan pinjam peminjaman sungai musi pempek "
                  "sejarah budaya dongeng cerita anak-anak yang dan di perpustakaan kota palembang").split()
    rng = random.Random(5)
    for _ in range(60):  # varied lengths, repeated terms (tf > 1), empty fields
        documents.append({name: " ".join(rng.choices(vocabulary, k=rng.choice([0, 1, 3, 8, 20])))
                          for name in DEFAULTS["fields"]})
    assert_same_index(documents)


def test_a_field_empty_in_every_document_is_indexed_as_lunr_does():
    empty = {"authors": "", "subjects": "", "body": ""}
    assert_same_index([{"title": "Buku Pelangi", "summary": "membaca", **empty},
                       {"title": "Sungai", "summary": "", **empty}])


def test_helpers():
    assert html_text("<p>Satu &amp; <em>dua</em></p>") == "Satu & dua"
    assert snippet("kata " * 100, 20).endswith("…")
    assert "bca" in edits1("baca") and "baca" not in edits1("baca")


def test_a_site_without_documents_gets_an_empty_index_lunr_js_loads(build_site, tmp_path):
    site = build_site(tmp_path, {})
    path = site.output / "cari/indeks.json"
    head = json.loads(path.read_text(encoding="utf-8"))
    assert head["count"] == 0 and head["terms"] == "" and head["meta"] == []
    answers = run_node("query_index.mjs", {"payload": str(path), "queries": ["buku"]})
    assert answers[0]["results"] == []


def test_vendored_lunr_js_is_the_version_lunr_py_targets():
    import lunr

    from plugins.common.build import PROJECT_ROOT

    package = json.loads((PROJECT_ROOT / "node_modules/lunr/package.json").read_text(encoding="utf-8"))
    assert package["version"] == lunr.__TARGET_JS_VERSION__ == "2.3.9"


def test_schema_annotations_decide_which_record_keys_are_indexed(payload):
    from plugins.common.schemas import load_schemas
    from plugins.search.search import record_fields

    assert record_fields(load_schemas()["catalogue"]) == {
        "title": "title", "authors": "authors", "subjects": "subjects",
        "description": "summary", "publisher": "body",
    }
    vocabulary = set(payload["head"]["terms"])
    assert "sriwijaya" in vocabulary  # the publisher (body)
    assert "8519" not in vocabulary  # the ISBN is not annotated, so not indexed


def test_an_unchanged_rebuild_reuses_the_index_and_a_changed_document_rebuilds_it(
    tmp_path, monkeypatch
):
    from plugins.common.testing import build_project
    from plugins.search import search

    cache = tmp_path / "cache"
    built = []
    payload_files = search.payload_files
    monkeypatch.setattr(search, "payload_files", lambda *a: built.append(1) or payload_files(*a))

    def output():
        site = build_project(tmp_path / "project", FILES, CACHE_PATH=str(cache))
        folder = site.output / "cari"
        return {path.relative_to(folder).as_posix(): path.read_bytes()
                for path in folder.rglob("*") if path.is_file() and path.name != "index.html"}

    first = output()
    assert len(built) == 1
    assert output() == first and len(built) == 1  # from memory, no index built
    search.IndexCache.memory.clear()
    assert output() == first and len(built) == 1  # from CACHE_PATH/search/
    entries = list((cache / "search").iterdir())
    assert len(entries) == 1 and entries[0].suffix == ".pickle"  # one file for all the index's files
    entries[0].write_bytes(entries[0].read_bytes()[:100])  # cut short (a full disk, a crash)
    search.IndexCache.memory.clear()
    assert output() == first and len(built) == 2  # a miss: made again, the same files

    changed = FILES["content/pages/layanan.md"].replace("dua minggu", "tiga minggu")
    site = build_project(tmp_path / "project", {**FILES, "content/pages/layanan.md": changed},
                         CACHE_PATH=str(cache))
    assert len(built) == 3
    second = json.loads((site.output / "cari/indeks.json").read_bytes())
    assert second["parts"] != json.loads(first["indeks.json"])["parts"]  # parts named anew
    assert "tiga" in decode_terms(second["terms"])


def test_the_next_build_in_a_process_reuses_the_terms_of_unchanged_texts(monkeypatch):
    from plugins.search import search

    fields = {"title": 1, "body": 1}
    documents = [{"title": "Membaca Buku", "body": "Para penulis menulis"},
                 {"title": "Sungai Musi", "body": "Para penulis menulis"}]
    first = search.document_terms(documents, fields)
    worked = []
    index_terms = search.index_terms
    monkeypatch.setattr(search, "index_terms", lambda words: worked.append(words) or index_terms(words))
    documents[1] = {"title": "Sungai Ogan", "body": "Para penulis menulis"}
    second = search.document_terms(documents, fields)
    assert worked == [["sungai", "ogan"]]  # only the changed text
    assert second[0] == first[0] and second[1]["title"] == ["sungai", "ogan"]


def test_a_large_index_is_compressed_on_two_processes_to_the_same_bytes():
    import random

    from plugins.search.search import LARGE_INDEX, compress_files

    rng = random.Random(1)
    words = ["buku", "baca", "pustaka", "sungai", "musi", "anak", "cerita", "1234"]
    files = {f"indeks/abc/istilah-{n}.json": " ".join(rng.choice(words) for _ in range(LARGE_INDEX // 20)).encode()
             for n in range(5)}
    head = " ".join(f"{rng.choice(words)}{rng.randrange(10_000)}" for _ in range(20_000)).encode()
    files["indeks.json"] = head
    assert sum(map(len, files.values())) >= LARGE_INDEX
    two = compress_files(files, workers=2)
    # The head, which every search fetches, at a higher brotli quality than the large parts'.
    assert len(two["indeks.json.br"]) < len(brotli.compress(head, quality=7))
    assert set(two) == {f"{name}{suffix}" for name in files for suffix in (".gz", ".br")}
    for name, data in files.items():
        assert gzip.decompress(two[f"{name}.gz"]) == data and brotli.decompress(two[f"{name}.br"]) == data
    assert two == compress_files(files, workers=1)


def test_an_index_made_beside_the_page_renderers_is_the_same_and_its_failure_fails_the_build(
    build_site, tmp_path, monkeypatch
):
    from plugins.common.build import BuildFailed
    from plugins.search import search

    search.IndexCache.memory.clear()  # each build makes its index
    serial = build_site(tmp_path / "serial", FILES, CACHE_PATH=str(tmp_path / "c1"))
    search.IndexCache.memory.clear()
    forked = build_site(tmp_path / "forked", FILES, CACHE_PATH=str(tmp_path / "c2"),
                        SEARCH={"parallel_from": 1})
    assert index_files(forked.output) == index_files(serial.output)

    def broken(*args):
        raise ValueError("indeks rusak")

    monkeypatch.setattr(search, "payload_files", broken)  # inherited by the forked process
    search.IndexCache.memory.clear()
    with pytest.raises(BuildFailed) as failure:
        build_site(tmp_path / "broken", FILES, CACHE_PATH=str(tmp_path / "c3"), SEARCH={"parallel_from": 1})
    assert any("search index: ValueError: indeks rusak" in problem for problem in failure.value.problems)
    assert not (tmp_path / "broken" / "output").exists()


def test_the_sample_index_made_while_the_catalogue_is_grouped_is_the_same(tmp_path, monkeypatch):
    """From enough documents the index starts as soon as the records are read (before they
    are grouped, before Pelican updates links): the same files as made after everything."""
    from plugins.common.build import DEFAULT_SETTINGS, build
    from plugins.common.testing import TEST_NOW
    from plugins.search import search

    def build_sample(name, **settings):
        search.IndexCache.memory.clear()
        return build(DEFAULT_SETTINGS, {"OUTPUT_PATH": str(tmp_path / name), "PORTAL_NOW": TEST_NOW,
                                        "CACHE_PATH": str(tmp_path / f"cache-{name}"), **settings}).output

    serial = build_sample("serial")
    marker = tmp_path / "grouped.txt"
    collect = search.collect_documents

    def noted(context, *args):  # in the forked process: were the records grouped yet?
        marker.write_text(str(all("subject_links" in record for record in context["catalogue"])))
        return collect(context, *args)

    monkeypatch.setattr(search, "collect_documents", noted)
    early = build_sample("early", SEARCH={"parallel_from": 1})
    assert marker.read_text() == "False"
    assert index_files(early) == index_files(serial)
