"""What a search index loaded in parts would weigh, and whether it finds the same.

    .venv/bin/python bench/search_shards.py OUTPUT [--shard-kib 32] [--chunk 100] [--quality 9]

Today the browser fetches the whole index (``cari/indeks.json``, plugins/search)
before the first result: 6.0 MiB brotli at 30,000 records, 30 s on a 1.6 Mbit/s
phone connection. This reads the index a build wrote under OUTPUT and splits it
as the browser could fetch it in parts:

- a head: the fields, pipeline, roots and stop words, the sorted terms (for the
  typo variants' "is it a term" and to find a term's shard), where each shard
  starts, and each document's type, formats and local mark (the filters and
  their counts need them for every result);
- shards: each term's postings ``[field, ref, score, …]`` (the scores of lunr's
  field vectors), in ranges of sorted terms of about ``--shard-kib`` raw;
- result texts (title, URL, snippet, …) in chunks of ``--chunk`` documents.

For the relevance queries (bench/relevance_id.json) and words of document
titles it prints what a first search fetches (the head, the shards of the
query's terms and typo variants, the chunks of its first 20 results), brotli at
``--quality`` as a host serves it, against the whole index. And it checks the
idea: a lunr index loaded from only the fetched terms' postings (what lunr.js
would load from the parts; lunr.py here) ranks the same documents with the same
scores as the whole index (lunr scores a document by the dot product of its
field vectors with the query's, divided by the query's length only: the other
terms of a vector add nothing). Prints figures only.
"""

import argparse
import json
import statistics
import sys
from collections import defaultdict
from pathlib import Path

import brotli
from lunr.index import Index

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from plugins.search import engine  # noqa: E402

TOP = 20  # results on the first page of the search page (search.js PAGE_SIZE)


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def postings_of(index: dict) -> dict[str, list]:
    """term -> [field number, ref, score, …] from the serialised index's field vectors."""
    fields = index["fields"]
    term_of = {posting["_index"]: term for term, posting in index["invertedIndex"]}
    postings: dict[str, list] = defaultdict(list)
    for field_ref, elements in index["fieldVectors"]:
        field, ref = field_ref.split("/", 1)
        number = fields.index(field)
        for position in range(0, len(elements), 2):
            postings[term_of[elements[position]]] += [number, int(ref), elements[position + 1]]
    return postings


def split(payload: dict, shard_bytes: int, chunk: int) -> dict:
    """The parts: head text, [(first term, shard text)], [chunk text], term -> shard number."""
    index = payload["index"]
    postings = postings_of(index)
    terms = sorted(term for term, _ in index["invertedIndex"])
    shards, shard_of, pieces, size, starts = [], {}, [], 0, []
    for position, term in enumerate(terms):
        piece = f"{dumps(term)}:{dumps(postings.get(term, []))}"
        if pieces and size + len(piece) > shard_bytes:
            shards.append("{" + ",".join(pieces) + "}")
            pieces, size = [], 0
        if not pieces:
            starts.append(position)
        pieces.append(piece)
        size += len(piece) + 1
        shard_of[term] = len(shards)
    if pieces:
        shards.append("{" + ",".join(pieces) + "}")
    docs = payload["docs"]
    formats = sorted({value for doc in docs for value in doc.get("f", [])})
    types = sorted({doc["y"] for doc in docs})
    meta = [types.index(doc["y"]) | (8 if doc.get("l") else 0)
            | sum(16 << formats.index(value) for value in doc.get("f", [])) for doc in docs]
    head = dumps({
        "version": 2, "fields": index["fields"], "pipeline": index["pipeline"],
        "roots": payload["roots"], "stopWords": payload["stopWords"], "terms": "\n".join(terms),
        "shards": starts, "chunk": chunk, "types": types, "formats": formats, "meta": meta,
    })
    chunks = [dumps(docs[start:start + chunk]) for start in range(0, len(docs), chunk)]
    return {"head": head, "shards": shards, "chunks": chunks, "shard_of": shard_of, "postings": postings}


def partial_index(full: dict, postings: dict[str, list], terms: list[str], order: dict[str, int]) -> Index:
    """The lunr index of only ``terms`` (their postings), as the browser would load it.

    The terms are numbered in the whole index's ``order``: a document's score adds
    up its matching terms in that order, so the sums are the whole index's to the bit
    (another order can differ in the last bit, and a tie then breaks another way).
    """
    fields = full["fields"]
    vectors: dict[str, list] = defaultdict(list)
    inverted = []
    for number, term in enumerate(sorted(terms, key=order.__getitem__)):
        posting = {field: {} for field in fields}
        flat = postings.get(term, [])
        for position in range(0, len(flat), 3):
            field, ref, score = fields[flat[position]], flat[position + 1], flat[position + 2]
            posting[field][str(ref)] = {}
            vectors[f"{field}/{ref}"] += [number, score]
        inverted.append([term, {**posting, "_index": number}])
    return Index.load({"version": full["version"], "fields": fields, "pipeline": full["pipeline"],
                       "fieldVectors": list(vectors.items()), "invertedIndex": sorted(inverted)})


def queries_for(docs: list[dict]) -> list[str]:
    relevance = json.loads((ROOT / "bench/relevance_id.json").read_text(encoding="utf-8"))
    texts = [query["q"] for query in relevance["queries"]]
    step = max(1, len(docs) // 30)
    texts += [" ".join(doc["t"].split()[:2]) for doc in docs[::step][:30]]
    return texts


def kib(size: float) -> str:
    return f"{size / 1024:,.1f} KiB" if size < 1024 * 1024 else f"{size / 1024 / 1024:,.2f} MiB"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="a built site (its cari/indeks.json)")
    parser.add_argument("--shard-kib", type=int, default=32, help="raw size a shard of postings stops at")
    parser.add_argument("--chunk", type=int, default=100, help="result texts a chunk holds")
    parser.add_argument("--quality", type=int, default=9, help="brotli quality of the parts")
    args = parser.parse_args(argv)

    whole_text = (args.output / "cari" / "indeks.json").read_bytes()
    payload = json.loads(whole_text)
    whole_br = args.output / "cari" / "indeks.json.br"
    whole_size = whole_br.stat().st_size if whole_br.exists() else len(brotli.compress(whole_text, quality=7))
    parts = split(payload, args.shard_kib * 1024, args.chunk)

    def br(text: str) -> int:
        return len(brotli.compress(text.encode("utf-8"), quality=args.quality))

    head = br(parts["head"])
    shards = [br(text) for text in parts["shards"]]
    chunks = [br(text) for text in parts["chunks"]]

    full = Index.load(payload["index"])
    order = {term: posting["_index"] for term, posting in payload["index"]["invertedIndex"]}
    stem = engine.browser_stemmer(full)
    first, same, worst = [], 0, 0.0
    texts = queries_for(payload["docs"])
    for text in texts:
        terms = [t["term"] for t in engine.plan(full, text, stem) if t["term"] in parts["shard_of"]]
        results = engine.query(full, text, stem)
        needed = {parts["shard_of"][term] for term in terms}
        pages = {int(result["ref"]) // args.chunk for result in results[:TOP]}
        first.append(head + sum(shards[n] for n in needed) + sum(chunks[n] for n in pages))
        # The parts' index: the shards' terms (what the browser has), queried with the plan's terms.
        fetched = [term for term, number in parts["shard_of"].items() if number in needed]
        partial = partial_index(payload["index"], parts["postings"], fetched, order)
        plan = engine.plan(full, text, stem)
        if plan:
            query = partial.create_query()
            for t in plan:
                query.term(t["term"], use_pipeline=False, boost=t["boost"])
            found = sorted(({"ref": r["ref"], "score": r["score"]} for r in partial.query(query)),
                           key=lambda r: (-r["score"], int(r["ref"])))
        else:
            found = []
        same += [r["ref"] for r in found] == [r["ref"] for r in results]
        scores = dict((r["ref"], r["score"]) for r in results)
        worst = max([worst, *(abs(r["score"] - scores.get(r["ref"], float("inf"))) for r in found)])

    docs = len(payload["docs"])
    print(f"{docs:,} documents, {len(parts['shard_of']):,} terms; parts at brotli {args.quality}:")  # noqa: T201
    rows = [
        ("whole index (today)", len(whole_text), whole_size, 1),
        ("head", len(parts["head"]), head, 1),
        ("shards of postings", sum(map(len, parts["shards"])), sum(shards), len(shards)),
        ("chunks of result texts", sum(map(len, parts["chunks"])), sum(chunks), len(chunks)),
    ]
    for label, raw, packed, files in rows:
        print(f"  {label:<24} {kib(raw):>11} raw {kib(packed):>11} brotli  {files:>5} file(s)")  # noqa: T201
    print(f"  largest shard {kib(max(shards))}, median {kib(statistics.median(shards))} brotli")  # noqa: T201
    print(f"first search ({len(texts)} queries: relevance set + title words), head + shards + first {TOP} results' chunks:")  # noqa: T201
    print(f"  median {kib(statistics.median(first))}, max {kib(max(first))}  (whole index {kib(whole_size)})")  # noqa: T201
    print(f"  same ranking as the whole index: {same}/{len(texts)} queries; largest score difference {worst:.2e}")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
