"""Search benchmark: index size, index build time, lunr.js load and query latency.

    .venv/bin/python bench/search_bench.py                       # the sample portal
    .venv/bin/python bench/search_bench.py --articles 600 --records 30000
    .venv/bin/python bench/search_bench.py --cpu-throttle 4      # a slow phone's CPU

For the sample (default) or a synthetic portal (bench/synth.py, written under
--workdir), it builds the site with our build (search documents dumped beside
the index), then times building the index file alone (lunr's index with the
Indonesian pipeline, as JSON; median of --repeat runs, wall and CPU seconds)
and compressing it (gzip and brotli at the levels the build picks for its size,
on two processes when it is large), and prints its size raw, gzip and brotli.
In headless Chromium (Debian's) against a loopback server it times
loading (fetch + JSON parse + lunr.Index.load with the Indonesian pipeline,
--loads times) and querying (engine.js query(): the relevance queries and words
from document titles, each run --query-rounds times); prints median and p95.
Prints figures only; tests never time.
"""

import argparse
import json
import resource
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from plugins.common.browser import CHROMIUM, CHROMIUM_ARGS, serve_directory  # noqa: E402
from plugins.common.build import DEFAULT_SETTINGS, build  # noqa: E402
from plugins.common.testing import TEST_NOW  # noqa: E402
from plugins.common.parallel import usable_cpus  # noqa: E402
from plugins.search import search  # noqa: E402
from plugins.search.search import DEFAULTS, encode_payload, payload_json, write_files  # noqa: E402

DOCUMENTS = "cari/dokumen.json"
MEASURE = """
async ({loads, rounds, queries}) => {
  const base = document.querySelector("[data-module=search]");
  const lunrUrl = new URL(base.dataset.lunrUrl, location.href).href;
  const indexUrl = new URL(base.dataset.indexUrl, location.href).href;
  const engineUrl = lunrUrl.replace(/vendor\\/lunr\\.min\\.js$/, "js/search/engine.js");
  await new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = lunrUrl; script.onload = resolve; script.onerror = reject;
    document.head.append(script);
  });
  const { loadIndex, query } = await import(engineUrl);
  const loadTimes = [];
  let engine;
  for (let i = 0; i < loads; i++) {
    const start = performance.now();
    const payload = await (await fetch(indexUrl, { cache: "no-store" })).json();
    engine = loadIndex(window.lunr, payload);
    loadTimes.push(performance.now() - start);
  }
  const queryTimes = [];
  let hits = 0;
  for (let r = 0; r < rounds; r++) {
    for (const text of queries) {
      const start = performance.now();
      hits += query(engine, text).results.length;
      queryTimes.push(performance.now() - start);
    }
  }
  return { loadTimes, queryTimes, hits };
}
"""


def p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def human(size: int) -> str:
    return f"{size / 1024:,.0f} KiB" if size < 1024 * 1024 else f"{size / 1024 / 1024:,.1f} MiB"


def build_project(project: Path | None, output: Path) -> float:
    overrides = {"OUTPUT_PATH": str(output), "PORTAL_NOW": TEST_NOW,
                 "SEARCH": {"documents_save_as": DOCUMENTS}}
    if project is not None:
        overrides.update(PATH=str(project / "content"), DATA_PATH=str(project / "data"))
    start = time.perf_counter()
    build(DEFAULT_SETTINGS, overrides)
    return time.perf_counter() - start


def queries_for(documents) -> list[str]:
    relevance = json.loads((ROOT / "bench/relevance_id.json").read_text(encoding="utf-8"))
    texts = [q["q"] for q in relevance["queries"]]
    step = max(1, len(documents) // 30)
    for document in documents[::step][:30]:
        words = document["display"]["t"].split()[:2]
        texts.append(" ".join(words))
    return texts


def measure_browser(output: Path, loads: int, rounds: int, queries, cpu_throttle: float):
    from playwright.sync_api import sync_playwright

    with serve_directory(output) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(f"{url}/cari/")
            if cpu_throttle != 1:
                session = page.context.new_cdp_session(page)
                session.send("Emulation.setCPUThrottlingRate", {"rate": cpu_throttle})
            return page.evaluate(MEASURE, {"loads": loads, "rounds": rounds, "queries": queries})
        finally:
            browser.close()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=0, help="synthetic articles (0: the sample)")
    parser.add_argument("--records", type=int, default=0, help="synthetic catalogue records")
    parser.add_argument("--workdir", type=Path, default=ROOT / "bench" / ".work" / "search")
    parser.add_argument("--repeat", type=int, default=3, help="index builds to time")
    parser.add_argument("--loads", type=int, default=5, help="index loads in Chromium")
    parser.add_argument("--query-rounds", type=int, default=5)
    parser.add_argument("--cpu-throttle", type=float, default=1.0,
                        help="Chromium CPU slowdown (4: a low-end phone)")
    args = parser.parse_args(argv)

    synthetic = bool(args.articles or args.records)
    temporary = tempfile.TemporaryDirectory()
    if synthetic:
        from synth import generate

        project = args.workdir / "portal"
        generate(project, args.articles, args.records)
        output = args.workdir / "output"
        label = f"synthetic: {args.articles} articles + {args.records} records"
    else:
        project = None
        output = Path(temporary.name) / "output"
        label = "sample portal"
    site_seconds = build_project(project, output)
    forked = sum(resource.getrusage(resource.RUSAGE_CHILDREN)[:2])  # CPU of the build's workers
    documents = json.loads((output / DOCUMENTS).read_text(encoding="utf-8"))
    (output / DOCUMENTS).unlink()

    times, cpu_times, compress_times, compress_cpu = [], [], [], []
    for _ in range(args.repeat):
        search._last_terms = {}  # cold: no terms kept from an earlier build in this process
        start, start_cpu = time.perf_counter(), time.process_time()
        data = payload_json(documents, DEFAULTS["fields"])
        built, built_cpu = time.perf_counter(), time.process_time()
        encoded = encode_payload(data, workers=usable_cpus())
        compressed = time.perf_counter()
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        compress_cpu.append(time.process_time() - built_cpu + children.ru_utime + children.ru_stime - forked)
        forked = children.ru_utime + children.ru_stime
        sizes = write_files(encoded, output / DEFAULTS["save_as"])
        times.append(built - start)
        cpu_times.append(built_cpu - start_cpu)
        compress_times.append(compressed - built)
    start_cpu = time.process_time()  # warm: the terms of the last build kept (the preview)
    payload_json(documents, DEFAULTS["fields"])
    warm_cpu = time.process_time() - start_cpu
    search._last_terms = {}
    tracemalloc.start()  # once more, for the Python memory it takes (slower: not timed)
    payload_json(documents, DEFAULTS["fields"])
    python_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    payload = json.loads(data)
    terms = len(payload["index"]["invertedIndex"])

    queries = queries_for(documents)
    measured = measure_browser(output, args.loads, args.query_rounds, queries, args.cpu_throttle)
    load, query = measured["loadTimes"], measured["queryTimes"]

    lines = [
        f"{label}: {len(documents):,} documents, {terms:,} terms, {len(payload['roots']):,} roots shipped",
        f"  whole site build (with index)   {site_seconds:8.1f} s",
        f"  index + JSON (median)           {statistics.median(times):8.2f} s  {statistics.median(cpu_times):6.2f} CPU s  (of {args.repeat})",
        f"  index + JSON, next build in the process (terms kept)  {warm_cpu:6.2f} CPU s",
        f"  Python memory peak while building the index file  {human(python_peak)}",
        f"  gzip + brotli (median)          {statistics.median(compress_times):8.2f} s  {statistics.median(compress_cpu):6.2f} CPU s  (on {min(2, usable_cpus())} processes)",
        f"  index size raw / gzip / brotli  {human(sizes['raw'])} / {human(sizes['gzip'])} / {human(sizes['brotli'])}",
        f"  Chromium (CPU throttle {args.cpu_throttle:g}x):",
        f"    load (fetch+parse+Index.load) median {statistics.median(load):8.1f} ms  p95 {p95(load):8.1f} ms  (n={len(load)})",
        f"    query                         median {statistics.median(query):8.2f} ms  p95 {p95(query):8.2f} ms  (n={len(query)})",
    ]
    print("\n".join(lines))  # noqa: T201
    temporary.cleanup()
    if synthetic:
        shutil.rmtree(output, ignore_errors=True)


if __name__ == "__main__":
    main()
