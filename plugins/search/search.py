"""search: one lunr index over articles, pages and catalogue records, loaded in parts.

At build time lunr.py's arithmetic scores every document with the Indonesian
pipeline (``plugins/search/pipeline.py``); the browser queries with lunr.js
2.3.9 (the version lunr.py 0.8 targets, vendored by ``plugins/vendor``) when
the reader goes to the search field. It does not fetch the whole index (6 MiB brotli at
30,000 records): ``cari/indeks.json``, the head, names the terms and where each
shard of postings starts; a query fetches the shards of its terms and the result
texts of what it shows from ``cari/indeks/<version>/``, and lunr.js loads an index
of just those postings, which ranks as the whole index would
(:func:`payload_files`, ``theme/static/js/search/engine.js``). Every file has
``.gz`` and ``.br`` twins for hosts that serve precompressed files.

The index depends only on the documents, the settings that shape it and our
code, so it is cached by a digest of those (:func:`input_key`): under
``CACHE_PATH/search/<key>/`` and, for the next build in the same process (the
preview), in memory. A build whose documents did not change copies the last
files instead of indexing again.
"""

import gzip
import hashlib
import itertools
import json
import logging
import os
import pickle
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
from plugins.search.pipeline import LABELS, index_terms, use_indonesian
from plugins.common.parallel import Forked, fork_map, usable_cpus
from plugins.search.fastindex import dumps, index_parts, serialized_index, whole_index
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
    # The parts (see payload_files): a shard of postings stops at about this many bytes;
    # a chunk of result texts holds this many documents. A first search shows 20 results
    # from all over the catalogue, so mostly one chunk each: at 30,000 records (real
    # vocabulary) their texts took a median 122 KiB brotli in chunks of 100, 41 KiB in
    # chunks of 25 (1,225 files), 21 KiB in chunks of 10 (3,061 files to write).
    "shard_bytes": 32 * 1024,
    "chunk": 25,
    # Parts this small in all (raw bytes) are kept whole on a phone that searched once, so
    # that any word can be searched offline (plugins/offline); a bigger index keeps the
    # parts the reader's searches fetched.
    "offline_whole_bytes": 1024 * 1024,
}
PAYLOAD_VERSION = 3  # 1: one file (the whole lunr index and every result text); 2: in parts,
# the head's terms and roots as lists (3: front-coded, gaps)
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


TYPES = ("buku", "ulasan", "acara", "program", "halaman")  # result types (engine.js TYPES)


def parts_folder(save_as: str) -> str:
    """The folder of an index's parts, beside its head and named as it: ``cari/indeks/``
    for ``cari/indeks.json`` (each build's parts in a ``<version>/`` folder within)."""
    return save_as.rsplit(".", 1)[0] + "/"


def shard_name(number: int) -> str:
    return f"istilah-{number}.json"


def chunk_name(number: int) -> str:
    return f"hasil-{number}.json"


SHARED_BASE, SHARED_MAX = 48, 60  # a front-coded term's first character: chr(48 + shared length)


def encode_terms(terms: list[str]) -> str:
    """Sorted terms front-coded, for the head: each term as one character saying how many
    of its first characters it shares with the one before (``chr(48 + n)``, n ≤ 60), then
    the rest, the terms joined by spaces (lunr's tokens never hold one). A sorted list of
    a real catalogue's 38,000 terms: 87 KiB brotli as a JSON list, 71 KiB so. The shared
    part stops before a character beyond the Basic Multilingual Plane, which JavaScript
    counts as two: so both languages count the same characters (engine.js decodeTerms)."""
    coded, previous = [], ""
    for term in terms:
        shared, most = 0, min(len(term), len(previous), SHARED_MAX)
        while shared < most and term[shared] == previous[shared] and term[shared] <= "\uffff":
            shared += 1
        coded.append(chr(SHARED_BASE + shared) + term[shared:])
        previous = term
    return " ".join(coded)


def decode_terms(text: str) -> list[str]:
    terms, previous = [], ""
    for coded in text.split(" ") if text else ():
        previous = previous[:ord(coded[0]) - SHARED_BASE] + coded[1:]
        terms.append(previous)
    return terms


def encode_gaps(positions: list[int]) -> list[int]:
    """Ascending positions as the first and the gaps after it: the stemmer's roots among a
    real catalogue's terms take 2.5 KiB brotli so, 41 KiB as positions."""
    return [position - previous for previous, position in zip([0, *positions], positions)]


def decode_gaps(gaps: list[int]) -> list[int]:
    return list(itertools.accumulate(gaps))


def decode_head(head: dict[str, Any]) -> dict[str, Any]:
    """The head with ``terms`` as a list and ``roots`` as positions in it (tests, bench/)."""
    return {**head, "terms": decode_terms(head["terms"]), "roots": decode_gaps(head["roots"])}


def payload_files(documents: list[dict[str, Any]], fields: dict[str, float], options: dict[str, Any]) -> dict[str, bytes]:
    """The index files by path relative to the head's folder (``cari/``), uncompressed.

    The browser fetches the head first (``indeks.json``), then only what a query
    needs from ``indeks/<version>/`` (``version``: a digest of the parts, so a
    head never meets parts of another build):

    - ``istilah-N.json``: shard N of the postings (terms ``terms[shards[N]:]`` up
      to the next shard's first), ``{term: [field number, ref, score, …]}``
      (:func:`fastindex.index_parts`);
    - ``hasil-N.json``: what results show (title, URL, type, snippet, formats,
      local mark, availability) of documents ``N * chunk`` to ``(N + 1) * chunk - 1``.

    The head holds the lunr fields and pipeline, the sorted ``terms`` (front-coded:
    :func:`encode_terms`), each shard's first position in them (``shards``), the
    ``chunk`` size and ``count`` of documents, each document's ``meta`` for the filters
    and their counts (type number in ``types`` | 8 if local | 16 << number in
    ``formats`` of each format), which terms are ``roots`` of the stemmer (their
    positions, as gaps: :func:`encode_gaps`), the ``stopWords``, and whether the parts
    are small enough to be kept ``whole`` for searching offline. :func:`decode_head`
    reads terms and roots back.
    """
    terms = document_terms(documents, fields)
    vocabulary, starts, shards = index_parts(terms, fields, options["shard_bytes"])
    del terms
    displays = [document["display"] for document in documents]
    chunk = options["chunk"]
    chunks = [dumps(displays[start:start + chunk]) for start in range(0, len(displays), chunk)]
    parts = [(shard_name(number), text.encode("utf-8")) for number, text in enumerate(shards)]
    parts += [(chunk_name(number), text.encode("utf-8")) for number, text in enumerate(chunks)]
    digest = hashlib.sha256()
    for name, data in parts:
        digest.update(name.encode() + b"\0" + data + b"\0")
    head_name = options["save_as"].rsplit("/", 1)[-1]
    folder = f"{parts_folder(head_name)}{digest.hexdigest()[:12]}/"
    formats = sorted({value for display in displays for value in display.get("f") or ()})
    format_bits = {value: 16 << number for number, value in enumerate(formats)}
    # Types of sections SEARCH["types"] adds come after ours; the head's three bits hold eight.
    types = [*TYPES, *sorted({display["y"] for display in displays} - set(TYPES))]
    if len(types) > 8:
        raise ValueError(f"SEARCH types: at most 8 result types, not {len(types)} ({', '.join(types)})")
    meta = [types.index(display["y"]) | (8 if display.get("l") else 0)
            | sum(format_bits[value] for value in display.get("f") or ()) for display in displays]
    roots = load_roots()
    head = {
        "version": PAYLOAD_VERSION, "parts": folder, "fields": list(fields), "pipeline": list(LABELS),
        "terms": encode_terms(vocabulary), "shards": starts, "chunk": chunk, "count": len(displays),
        "types": types, "formats": formats, "meta": meta,
        "roots": encode_gaps([number for number, term in enumerate(vocabulary) if term in roots]),
        "stopWords": sorted(STOP_WORDS),
        "whole": sum(len(data) for _, data in parts) <= options["offline_whole_bytes"],
    }
    return {head_name: dumps(head).encode("utf-8"), **{folder + name: data for name, data in parts}}


def read_index(folder: Path, save_as: str = DEFAULTS["save_as"]) -> tuple[dict[str, Any], Index, list[dict]]:
    """(head decoded, lunr.py index of every shard, every document's display) from a built site's
    ``folder`` (tests, bench/): the index the browser loads a part of at a time."""
    head_path = folder / save_as
    head = decode_head(json.loads(head_path.read_text(encoding="utf-8")))
    parts = head_path.parent / head["parts"]
    shards = [json.loads((parts / shard_name(n)).read_text(encoding="utf-8")) for n in range(len(head["shards"]))]
    displays = []
    for number in range(-(-head["count"] // head["chunk"])):
        displays += json.loads((parts / chunk_name(number)).read_text(encoding="utf-8"))
    return head, Index.load(whole_index(head["fields"], head["pipeline"], shards)), displays


# (total size below, gzip level, brotli quality): the first row that fits, for every
# file of an index. Measured on the 30,000-record index (31.5 MiB, one file then):
# gzip 6 1.7 s / 4 0.7 s for 7.7 / 8.4 MiB; brotli 9 6.5 s / 7 2.3 s for 5.6 / 6.0 MiB.
# Brotli 11 costs ~5 s a MiB.
LEVELS = ((SMALL_INDEX, 9, 11), (LARGE_INDEX, 6, 9), (float("inf"), 4, 7))
# The head, which every search fetches first, at least at these (gzip, brotli) levels: a
# real catalogue's head of 30,000 records (344 KiB) is 99.9 KiB at brotli 7 in 0.01 s,
# 89.7 KiB at 10 in 0.19 s (88.6 KiB at 11 in 0.5 s).
HEAD_LEVELS = (9, 10)


def compress_files(files: dict[str, bytes], brotli_quality: int | None = None, workers: int = 1) -> dict[str, bytes]:
    """``name.gz`` and ``name.br`` of every file, at the levels for their total size (the
    head, the one file outside the parts' folder, at least at ``HEAD_LEVELS``); on two
    processes when it is large and ``workers`` allows. SEARCH "brotli_quality" overrides
    the quality (e.g. 11 for a production build that can wait)."""
    total = sum(map(len, files.values()))
    _, level, quality = next(row for row in LEVELS if total < row[0])
    quality = brotli_quality or quality

    def encode(names: list[str]) -> dict[str, bytes]:
        result = {}
        for name in names:
            levels = (level, quality) if "/" in name else (max(level, HEAD_LEVELS[0]), max(quality, HEAD_LEVELS[1]))
            result[f"{name}.gz"] = gzip.compress(files[name], compresslevel=levels[0], mtime=0)
            result[f"{name}.br"] = brotli.compress(files[name], quality=levels[1])
        return result

    parallel = min(workers, 2) if total >= LARGE_INDEX else 1
    names = sorted(files, key=lambda name: -len(files[name]))
    shares = [names[start::parallel] for start in range(parallel)]
    compressed = {}
    for part in fork_map(encode, shares, parallel):
        compressed.update(part)
    return compressed


def encode_files(files: dict[str, bytes], compress: bool = True, brotli_quality: int | None = None,
                 workers: int = 1) -> dict[str, bytes]:
    """The files of the index, with their ``.gz`` and ``.br`` twins when ``compress``."""
    encoded = dict(files)
    if compress:
        encoded.update(compress_files(files, brotli_quality, workers))
    return dict(sorted(encoded.items()))


SIZE_NAMES = {"": "raw", ".gz": "gzip", ".br": "brotli"}


def write_files(encoded: dict[str, bytes], folder: Path) -> dict[str, int]:
    """Write the index files under ``folder`` (the head's); return total sizes by
    "raw", "gzip", "brotli" and the number of "files" (without twins)."""
    sizes = {"raw": 0, "gzip": 0, "brotli": 0, "files": 0}
    made = set()
    for name, data in encoded.items():
        path = folder / name
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_bytes(data)
        kind = SIZE_NAMES.get(name[-3:], "raw")
        sizes[kind] += len(data)
        sizes["files"] += kind == "raw"
    return sizes


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
    shaping = [options["fields"], options["compress"], options["brotli_quality"], options["save_as"],
               options["shard_bytes"], options["chunk"], options["offline_whole_bytes"]]
    digest = hashlib.sha256(code_version().encode("ascii"))
    digest.update(json.dumps(shaping, sort_keys=True).encode("utf-8"))
    digest.update(json.dumps(documents, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return digest.hexdigest()


class IndexCache:
    """Index files by :func:`input_key`: the last entry in memory, the last few on disk.

    On disk an entry is one file, ``<key>.pickle``: the index's files (the head, its
    parts and their compressed twins, by their paths under the head's folder; 2,100 at
    30,000 records, which one file spares the disk from creating and reading one by
    one), written to a temporary file and renamed (a crashed or concurrent build
    never leaves half an entry); older entries are removed. An entry that cannot be
    read is a miss; a cache that cannot be written only costs time.
    """

    memory: dict[str, dict[str, bytes]] = {}  # shared by every build in this process

    def __init__(self, folder: Path):
        self.folder = folder

    def get(self, key: str) -> dict[str, bytes] | None:
        if key in self.memory:
            return self.memory[key]
        try:
            encoded = pickle.loads((self.folder / f"{key}.pickle").read_bytes())  # noqa: S301 - our own cache
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
            return None
        if not isinstance(encoded, dict) or not encoded:
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
            handle, staging = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(pickle.dumps(encoded, pickle.HIGHEST_PROTOCOL))
                os.replace(staging, self.folder / f"{key}.pickle")
            except OSError:
                Path(staging).unlink(missing_ok=True)
                raise
            self.prune(keep=key)
        except OSError:
            return

    def prune(self, keep: str) -> None:
        entries = [p for p in self.folder.iterdir() if not p.name.startswith(".")]
        for legacy in [p for p in entries if p.is_dir()]:  # a folder an entry was before
            shutil.rmtree(legacy, ignore_errors=True)
        entries = [p for p in entries if p.suffix == ".pickle"]
        entries.sort(key=lambda p: (p.stem == keep, p.stat().st_mtime), reverse=True)
        for stale in entries[CACHE_ENTRIES:]:
            stale.unlink(missing_ok=True)


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
        # The head and the parts in output/ now: kept until the new ones are in, then
        # those not made again (the last build's parts) removed.
        paths = [options["save_as"] + suffix for suffix in (SIZE_NAMES if options["compress"] else [""])]
        paths += incremental.output_files(parts_folder(options["save_as"]))
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
            files = payload_files(documents, options["fields"], options)
            encoded = encode_files(files, options["compress"], options["brotli_quality"], usable_cpus())
            if key:
                store.put(key, encoded)
        sizes = write_files(encoded, (folder / options["save_as"]).parent)
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
