"""Recall@10 (and recall@3, MRR) of the search over the sample portal, for three pipelines.

    .venv/bin/python bench/search_relevance.py [--verbose]

Builds the sample portal (our build, search documents dumped beside the index),
then indexes the same documents with the same fields and boosts three times:

- ours: trimmer-id, stopWordFilter-id, stemmer-id (dictionary stemmer), queried
  as the browser does (engine.py: typo expansion included), and without typos;
- lunr's default English pipeline (trimmer, English stop words, Porter);
- a plain Snowball Indonesian stemmer (snowballstemmer) after our trimmer and
  stop words.

Each query in bench/relevance_id.json lists the documents a reader expects;
recall@10 is the share of them in the first ten results, averaged.
"""

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import snowballstemmer  # noqa: E402
from lunr.pipeline import Pipeline  # noqa: E402
from lunr.stemmer import stemmer as porter  # noqa: E402
from lunr.stop_word_filter import stop_word_filter  # noqa: E402
from lunr.trimmer import trimmer  # noqa: E402

from plugins.common.build import DEFAULT_SETTINGS, build  # noqa: E402
from plugins.common.testing import TEST_NOW  # noqa: E402
from plugins.search import engine  # noqa: E402
from plugins.search.pipeline import stop_word_filter_id, trimmer_id, use_indonesian  # noqa: E402
from plugins.search.search import DEFAULTS, build_index  # noqa: E402

RELEVANCE = ROOT / "bench" / "relevance_id.json"
_snowball = snowballstemmer.stemmer("indonesian")


def snowball_id(token, i=None, tokens=None):
    return token.update(lambda s, metadata=None: _snowball.stemWord(s))


Pipeline.register_function(snowball_id, "stemmer-snowball-id")


def use_english(builder):
    for pipeline in (builder.pipeline, builder.search_pipeline):
        pipeline.reset()
    builder.pipeline.add(trimmer, stop_word_filter, porter)
    builder.search_pipeline.add(porter)


def use_snowball(builder):
    for pipeline in (builder.pipeline, builder.search_pipeline):
        pipeline.reset()
        pipeline.add(trimmer_id, stop_word_filter_id, snowball_id)


def plain_query(index, text):
    """Every query word as an optional term through the index's search pipeline."""
    words = [w for w in engine.query_words(text)]
    if not words:
        return []
    query = index.create_query()
    for word in words:
        query.term(word.lower(), use_pipeline=True)
    return [r["ref"] for r in sorted(index.query(query), key=lambda r: (-r["score"], int(r["ref"])))]


def sample_documents():
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "output"
        build(DEFAULT_SETTINGS, {
            "OUTPUT_PATH": str(output), "PORTAL_NOW": TEST_NOW,
            "SEARCH": {"documents_save_as": "cari/dokumen.json"},
        })
        return json.loads((output / "cari" / "dokumen.json").read_text(encoding="utf-8"))


def recall_at(refs, expected, urls, k=10):
    top = {urls[int(ref)] for ref in refs[:k]}
    return len(top & set(expected)) / len(expected)


def reciprocal_rank(refs, expected, urls):
    for rank, ref in enumerate(refs, 1):
        if urls[int(ref)] in expected:
            return 1 / rank
    return 0.0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="recall per query")
    args = parser.parse_args(argv)
    documents = sample_documents()
    urls = [d["display"]["u"] for d in documents]
    queries = json.loads(RELEVANCE.read_text(encoding="utf-8"))["queries"]
    unknown = {u for q in queries for u in q["expected"]} - set(urls)
    if unknown:
        sys.exit(f"relevance_id.json names documents the sample lacks: {sorted(unknown)}")
    fields = DEFAULTS["fields"]
    ours = build_index(documents, fields, use_indonesian)
    runs = {
        "ours (Indonesian pipeline + typos)": lambda q: [r["ref"] for r in engine.query(ours, q)],
        "ours without typo expansion": lambda q: plain_query(ours, q),
        "lunr default (English)": lambda q, i=build_index(documents, fields, use_english): plain_query(i, q),
        "Snowball Indonesian": lambda q, i=build_index(documents, fields, use_snowball): plain_query(i, q),
    }
    print(f"{len(queries)} queries, {len(documents)} documents; means of")  # noqa: T201
    print(f"  {'pipeline':38s} recall@10 recall@3  MRR")  # noqa: T201
    for name, run in runs.items():
        ranked = [run(q["q"]) for q in queries]
        scores = [recall_at(r, q["expected"], urls) for r, q in zip(ranked, queries, strict=True)]
        top3 = [recall_at(r, q["expected"], urls, 3) for r, q in zip(ranked, queries, strict=True)]
        mrr = [reciprocal_rank(r, q["expected"], urls) for r, q in zip(ranked, queries, strict=True)]
        n = len(queries)
        print(f"  {name:38s} {sum(scores) / n:9.3f} {sum(top3) / n:8.3f} {sum(mrr) / n:5.3f}")  # noqa: T201
        if args.verbose:
            for q, score in zip(queries, scores, strict=True):
                if score < 1:
                    print(f"      {score:.2f}  {q['q']}")  # noqa: T201


if __name__ == "__main__":
    main()
