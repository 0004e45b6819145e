"""search: one lunr index over articles, pages and catalogue records.

At build time lunr.py indexes every document with the Indonesian pipeline
(``plugins/search/pipeline.py``); the browser loads the index with lunr.js
2.3.9 (the version lunr.py 0.8 targets, vendored by ``plugins/vendor``) when
the reader starts to search. One JSON file, ``cari/indeks.json`` (with ``.gz``
and ``.br`` beside it for hosts that serve precompressed files), holds:

- ``index``: the serialised lunr index (refs are positions in ``docs``);
- ``docs``: what a result shows: title, URL, type, snippet text, formats,
  local flag, availability;
- ``roots``: the dictionary roots that are terms of the index (the browser's
  stemmer needs no others; see ``stemmer.browser_roots``);
- ``stopWords``: the stop word list, so both sides filter the same words.

The index depends only on the documents, the settings that shape it and our
code, so it is cached by a digest of those (:func:`input_key`): under
``CACHE_PATH/search/<key>/`` and, for the next build in the same process (the
preview), in memory. A build whose documents did not change copies the last
files instead of indexing again.
"""

import gzip
import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import time
from functools import cache
from importlib.resources import files
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import brotli
from lunr.builder import Builder
from lunr.index import Index
from pelican import signals
from pelican.generators import Generator

from plugins.catalogue.catalogue import records_read
from plugins.common import incremental
from plugins.common.schemas import load_schemas
from plugins.common.settings import plugin_settings
from plugins.search.pipeline import index_terms, use_indonesian
from plugins.common.parallel import Forked, fork_map, usable_cpus
from plugins.search.fastindex import dumps, index_json_pieces, serialized_index
from plugins.search.stemmer import STOP_WORDS, load_roots

logger = logging.getLogger(__name__)

DEFAULTS = {
    "save_as": "cari/indeks.json",
    # Indexed fields and their boosts. Which record keys feed which field is
    # decided by the "x-search" annotations in data/schemas/catalogue.json.
    "fields": {"title": 10, "authors": 6, "subjects": 4, "summary": 2, "body": 1},
    # Section (category slug) -> result type; pages are "halaman", records "buku".
    "types": {"program": "program", "ulasan": "ulasan", "acara": "acara"},
    "snippet_length": 200,
    "compress": True,
    "brotli_quality": None,  # None: by size (see LEVELS)
    # Also write the indexed documents as JSON here (bench/ relevance checks); off.
    "documents_save_as": None,
    # Reuse the last index built from the same documents (CACHE_PATH/search/, memory).
    "cache": True,
    # From this many documents (articles, pages, records) on, the index is made by a
    # process of its own beside the page renderers (see SearchIndexGenerator).
    "parallel_from": 2000,
}
PAYLOAD_VERSION = 1
SMALL_INDEX = 256 * 1024
LARGE_INDEX = 4 * 1024 * 1024
CACHE_ENTRIES = 3  # index versions kept on disk (e.g. the preview's and the full build's)


class TextExtractor(HTMLParser):
    """Visible text of an HTML fragment (Markdown output), tags dropped."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)

    def handle_starttag(self, tag, attrs):
        self.parts.append(" ")

    def handle_endtag(self, tag):
        self.parts.append(" ")


def html_text(html: str | None) -> str:
    if not html:
        return ""
    parser = TextExtractor()
    parser.feed(str(html))
    parser.close()
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()


def snippet(text: str, length: int) -> str:
    if len(text) <= length:
        return text
    cut = text.rfind(" ", 0, length)
    return text[: cut if cut > length // 2 else length].rstrip(" ,.;:") + " …"


def content_document(item, kind: str, site_author: str, length: int) -> dict[str, Any]:
    """A searchable document from a Pelican article or page."""
    summary = html_text(getattr(item, "summary", ""))
    body = html_text(item.content)
    authors = [a.name for a in getattr(item, "authors", []) if a.name != site_author]
    reviewer = getattr(item, "reviewer", None)
    if reviewer:
        authors.append(str(reviewer))
    tags = [t.name for t in getattr(item, "tags", [])]
    return {
        "title": html_text(item.title),
        "authors": " ".join(authors),
        "subjects": " ".join(tags),
        "summary": summary,
        "body": body,
        "display": {"t": html_text(item.title), "u": item.url, "y": kind,
                    "s": snippet(summary or body, length)},
    }


def record_fields(schema: dict[str, Any]) -> dict[str, str]:
    """Record key -> index field, from the ``x-search`` annotations of the catalogue schema."""
    return {name: node["x-search"] for name, node in schema["properties"].items() if "x-search" in node}


def field_text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return " ".join(str(v) for v in value)
    return "" if value is None else str(value)


def record_document(
    record: dict[str, Any], length: int, mapping: dict[str, str], fields
) -> dict[str, Any]:
    """A searchable document from a catalogue record (keys mapped by ``x-search``)."""
    texts: dict[str, list[str]] = {name: [] for name in fields}
    for key, field_name in mapping.items():
        if field_name in texts and record.get(key) is not None:
            texts[field_name].append(" ".join(field_text(record[key]).split()))
    description = " ".join(str(record.get("description") or "").split())
    copies = record.get("copies") or {}
    display = {
        "t": str(record["title"]),
        "u": record["page_url"],
        "y": "buku",
        "s": snippet(description, length),
        "by": ", ".join(record.get("authors") or []),
        "f": list(record.get("formats") or []),
        "l": bool(record.get("local")),
    }
    if "available" in copies:
        display["a"] = [int(copies["available"]), int(copies.get("total", 0))]
    return {**{name: " ".join(parts) for name, parts in texts.items()}, "display": display}


def collect_documents(context, settings, options) -> list[dict[str, Any]]:
    length = options["snippet_length"]
    site_author = settings.get("AUTHOR", "")
    documents = []
    for article in context.get("articles", []):
        kind = options["types"].get(article.category.slug, "halaman")
        documents.append(content_document(article, kind, site_author, length))
    for page in context.get("pages", []):
        documents.append(content_document(page, "halaman", site_author, length))
    mapping = record_fields(load_schemas()["catalogue"])
    for record in context.get("catalogue", []):
        documents.append(record_document(record, length, mapping, options["fields"]))
    return documents


SEPARATORS = re.compile("[ \t\n\r\f\v\xa0-]+")  # lunr's tokenizer splits on these


def words(text: str) -> list[str]:
    """lunr's tokens of ``text`` (lower case), split at once: lunr.py's tokenizer
    walks the string a character at a time; a list field skips it."""
    return [word for word in SEPARATORS.split(text.lower()) if word]


_last_terms: dict[str, list[str]] = {}  # text -> terms, of the last build in this process


def document_terms(documents: list[dict[str, Any]], fields) -> list[dict[str, list[str]]]:
    """Each document's terms per field, through the Indonesian index pipeline.

    A text met again (a publisher, an author, a subject list: records share
    many; or any text of the previous build in this process, as in the
    preview after one record changed) is worked out once. Only the last
    build's texts are remembered.
    """
    global _last_terms
    memo: dict[str, list[str]] = {}
    result = []
    for document in documents:
        field_terms = {}
        for name in fields:
            text = document[name]
            terms = memo.get(text)
            if terms is None:
                terms = _last_terms.get(text)
                if terms is None:
                    terms = index_terms(words(text))
                memo[text] = terms
            field_terms[name] = terms
        result.append(field_terms)
    _last_terms = memo
    return result


def build_index(documents: list[dict[str, Any]], fields: dict[str, float], pipeline=use_indonesian):
    """A lunr.py index of ``documents`` (refs: positions); ``pipeline(builder)`` sets it up.

    With the Indonesian pipeline it is loaded from :func:`serialized_index`
    (the same index lunr.py's builder makes, faster); with another pipeline
    lunr.py's Builder makes it (bench/search_relevance.py compares pipelines).
    """
    if pipeline is use_indonesian or not documents:  # lunr.py divides by the document count
        return Index.load(serialized_index(document_terms(documents, fields), fields))
    builder = Builder()
    pipeline(builder)
    builder.ref("id")
    for name, boost in fields.items():
        builder.field(name, boost=boost)
    for number, document in enumerate(documents):
        builder.add({"id": str(number), **{name: words(document[name]) for name in fields}})
    return builder.build()


def payload_json(documents: list[dict[str, Any]], fields: dict[str, float]) -> bytes:
    """The index file: the lunr index (Indonesian pipeline) and document store,
    as ``json.dumps`` would write :func:`build_payload` (compact, UTF-8)."""
    terms = document_terms(documents, fields)
    pieces, vocabulary = index_json_pieces(terms, fields)
    del terms
    index = "".join(pieces).encode("utf-8")  # ASCII (terms are normalised): a byte a character
    del pieces
    roots = load_roots()
    rest = "".join([
        ',"docs":',
        dumps([document["display"] for document in documents]),
        ',"roots":',
        dumps([term for term in vocabulary if term in roots]),
        ',"stopWords":',
        dumps(sorted(STOP_WORDS)),
        "}",
    ])
    # Joined as bytes: one non-ASCII character (a snippet's "…") would make the
    # whole text two bytes a character.
    return b"".join([f'{{"version":{PAYLOAD_VERSION},"index":'.encode(), index, rest.encode("utf-8")])


def build_payload(documents: list[dict[str, Any]], fields: dict[str, float]) -> dict[str, Any]:
    """The index file's content: ``index``, ``docs``, ``roots``, ``stopWords``."""
    return json.loads(payload_json(documents, fields))


# (raw size below, gzip level, brotli quality): the first row that fits. Measured
# on the 30,000-record index (31.5 MiB): gzip 6 1.7 s / 4 0.7 s for 7.7 / 8.4 MiB;
# brotli 9 6.5 s / 7 2.3 s for 5.6 / 6.0 MiB. Brotli 11 costs ~5 s a MiB.
LEVELS = ((SMALL_INDEX, 9, 11), (LARGE_INDEX, 6, 9), (float("inf"), 4, 7))


def compress_payload(data: bytes, brotli_quality: int | None = None, workers: int = 1) -> dict[str, bytes]:
    """{".gz": gzip, ".br": brotli} of ``data``; a large file is compressed on two
    processes when ``workers`` allows. SEARCH "brotli_quality" overrides the
    quality (e.g. 11 for a production build that can wait)."""
    _, level, quality = next(row for row in LEVELS if len(data) < row[0])
    quality = brotli_quality or quality

    def encode(suffix: str) -> bytes:
        if suffix == ".gz":
            return gzip.compress(data, compresslevel=level, mtime=0)
        return brotli.compress(data, quality=quality)

    suffixes = [".br", ".gz"]
    parallel = min(workers, 2) if len(data) >= LARGE_INDEX else 1
    return dict(zip(suffixes, fork_map(encode, suffixes, parallel), strict=True))


def encode_payload(
    payload: dict[str, Any] | bytes, compress: bool = True, brotli_quality: int | None = None,
    workers: int = 1,
) -> dict[str, bytes]:
    """The files of the index: suffix ("" for the JSON, ".gz", ".br") -> bytes."""
    data = payload if isinstance(payload, bytes) else dumps(payload).encode("utf-8")
    encoded = {"": data}
    if compress:
        encoded.update(sorted(compress_payload(data, brotli_quality, workers).items(), reverse=True))
    return encoded


SIZE_NAMES = {"": "raw", ".gz": "gzip", ".br": "brotli"}


def write_files(encoded: dict[str, bytes], path: Path) -> dict[str, int]:
    """Write the index files at ``path`` (+ suffix); return sizes by "raw", "gzip", "brotli"."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix, data in encoded.items():
        path.with_name(path.name + suffix).write_bytes(data)
    return {SIZE_NAMES[suffix]: len(data) for suffix, data in encoded.items()}


def write_payload(
    payload: dict[str, Any], path: Path, compress: bool = True, brotli_quality: int | None = None
) -> dict[str, int]:
    """Write the JSON and, with ``compress``, .gz and .br beside it; return sizes."""
    return write_files(encode_payload(payload, compress, brotli_quality), path)


@cache
def code_version() -> str:
    """A digest of what shapes an index besides its documents: our code, lunr.py, the roots."""
    from importlib.metadata import version

    digest = hashlib.sha256(f"{PAYLOAD_VERSION}/{version('lunr')}/".encode())
    for module in sorted(Path(__file__).parent.glob("*.py")):
        if not module.name.startswith("test_"):
            digest.update(module.name.encode() + b"\0" + module.read_bytes() + b"\0")
    digest.update(files("Sastrawi.Stemmer").joinpath("data/kata-dasar.txt").read_bytes())
    return digest.hexdigest()


def input_key(documents: list[dict[str, Any]], options: dict[str, Any]) -> str:
    """The digest of everything the index files depend on."""
    shaping = [options["fields"], options["compress"], options["brotli_quality"]]
    digest = hashlib.sha256(code_version().encode("ascii"))
    digest.update(json.dumps(shaping, sort_keys=True).encode("utf-8"))
    digest.update(json.dumps(documents, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return digest.hexdigest()


class IndexCache:
    """Index files by :func:`input_key`: the last entry in memory, the last few on disk.

    On disk an entry is a folder ``<key>/`` holding ``indeks.json`` and its
    compressed copies, written to a temporary folder and renamed (a crashed or
    concurrent build never leaves half an entry); older entries are removed.
    An entry that cannot be read is a miss; a cache that cannot be written
    only costs time.
    """

    memory: dict[str, dict[str, bytes]] = {}  # shared by every build in this process

    def __init__(self, folder: Path):
        self.folder = folder

    def get(self, key: str) -> dict[str, bytes] | None:
        if key in self.memory:
            return self.memory[key]
        entry = self.folder / key
        try:
            names = sorted(p.name for p in entry.iterdir())
            encoded = {name[len("indeks.json"):]: (entry / name).read_bytes() for name in names}
        except OSError:
            return None
        if "" not in encoded:
            return None
        self.remember(key, encoded)
        return encoded

    def remember(self, key: str, encoded: dict[str, bytes]) -> None:
        self.memory.clear()
        self.memory[key] = encoded

    def put(self, key: str, encoded: dict[str, bytes]) -> None:
        self.remember(key, encoded)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(dir=self.folder, prefix=".tmp-"))
            for suffix, data in encoded.items():
                (staging / f"indeks.json{suffix}").write_bytes(data)
            try:
                os.rename(staging, self.folder / key)
            except OSError:  # another build stored the same entry meanwhile
                shutil.rmtree(staging, ignore_errors=True)
            self.prune(keep=key)
        except OSError:
            return

    def prune(self, keep: str) -> None:
        entries = [p for p in self.folder.iterdir() if p.is_dir() and not p.name.startswith(".")]
        entries.sort(key=lambda p: (p.name == keep, p.stat().st_mtime), reverse=True)
        for stale in entries[CACHE_ENTRIES:]:
            shutil.rmtree(stale, ignore_errors=True)


class SearchIndexGenerator(Generator):
    """Writes the search index once every other generator has read its content.

    With more than one CPU and at least ``parallel_from`` documents, a process
    forked as soon as the catalogue's records are read (``records_read``, when the
    articles and pages are read already: the catalogue is grouped meanwhile), else
    when the pages start to be written (``get_writer``: every generator has read
    its content), makes it beside the rest of the build, and ``generate_output``
    waits for it (the index cache's memory layer is then that process's; its disk
    layer serves the next build). What it indexes (text of articles, pages and
    records) is the same at both points: Pelican's later link updates change no text.
    Else ``generate_output`` makes it, as the last step. The preview's rebuilds
    make it after the build, in the background.
    """

    early: Forked | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.early = None
        _generators.append(self)

    def generate_context(self):
        pass

    def start_early(self) -> None:
        options = plugin_settings(self.settings, "SEARCH", DEFAULTS)
        documents = sum(len(self.context.get(name) or ()) for name in ("articles", "pages", "catalogue"))
        if (self.early is None and documents >= options["parallel_from"] and not incremental.deferring()
                and hasattr(os, "fork") and usable_cpus() > 1):
            self.early = Forked(lambda: self.write_index(Path(self.output_path), options), "search index")

    def generate_output(self, writer):
        if self.early is not None:
            early, self.early = self.early, None
            early.join()
            return
        options = plugin_settings(self.settings, "SEARCH", DEFAULTS)
        paths = [options["save_as"] + suffix for suffix in (SIZE_NAMES if options["compress"] else [""])]
        if options["documents_save_as"]:
            paths.append(options["documents_save_as"])
        # The preview's rebuilds: the pages first, the index from a background process.
        if not incremental.defer(lambda folder: self.write_index(folder, options), paths):
            self.write_index(Path(self.output_path), options)

    def write_index(self, folder: Path, options) -> None:
        started = time.perf_counter()
        documents = collect_documents(self.context, self.settings, options)
        key = input_key(documents, options) if options["cache"] else None
        store = IndexCache(Path(self.settings.get("CACHE_PATH") or "cache") / "search")
        encoded = store.get(key) if key else None
        reused = encoded is not None
        if encoded is None:
            data = payload_json(documents, options["fields"])
            encoded = encode_payload(data, options["compress"], options["brotli_quality"], usable_cpus())
            if key:
                store.put(key, encoded)
        sizes = write_files(encoded, folder / options["save_as"])
        if options["documents_save_as"]:
            target = folder / options["documents_save_as"]
            target.write_text(json.dumps(documents, ensure_ascii=False), encoding="utf-8")
        logger.debug(
            "search: %d documents, %s bytes, %.2f s%s",
            len(documents), sizes, time.perf_counter() - started, " (cached)" if reused else "",
        )


def generated_urls(settings):
    """The URL folder of the index (the /cari/ page shares it)."""
    options = plugin_settings(settings, "SEARCH", DEFAULTS)
    return [options["save_as"].rsplit("/", 1)[0] + "/"]


_generators: list[SearchIndexGenerator] = []  # this build's, until its pages start


def start_early(pelican) -> None:
    """``get_writer``: the pages are about to be written; the index can start beside them."""
    while _generators:
        _generators.pop().start_early()


def start_earlier(catalogue_generator) -> None:
    """``records_read``: the catalogue is about to be grouped; the index can start beside it
    if the articles and pages are read already (else at ``get_writer``)."""
    for generator in _generators:
        if all(name in generator.context for name in ("articles", "pages")):
            generator.start_early()


def get_generators(pelican):
    _generators.clear()
    return SearchIndexGenerator


def register():
    signals.get_generators.connect(get_generators)
    signals.get_writer.connect(start_early)
    records_read.connect(start_earlier)
