"""Search benchmark: index size, index build time, lunr.js load and query latency.

    .venv/bin/python bench/search_bench.py                       # the sample portal
    .venv/bin/python bench/search_bench.py --articles 600 --records 30000
    .venv/bin/python bench/search_bench.py --cpu-throttle 4      # a slow phone's CPU
    .venv/bin/python bench/search_bench.py --slow-network        # its connection too

For the sample (default) or a synthetic portal (bench/synth.py, written under
--workdir), it builds the site with our build (search documents dumped beside
the index), then times building the index's files alone (the head and its parts,
plugins/search payload_files; median of --repeat runs, wall and CPU seconds)
and compressing them (gzip and brotli at the levels the build picks for their
total size, on two processes when it is large), and prints their size raw, gzip
and brotli, and the brotli bytes a first search fetches (the head, the shards of
its terms, the texts of its first 20 results) for the relevance queries and
words from document titles. In headless Chromium (Debian's) against a loopback
server (with --slow-network: nginx sending the brotli twins over Chromium's
emulated slow 4G) it times loading the head (--loads times), a first search on a
fresh engine (the parts fetched) and querying again (engine.js query(), parts
kept, each query --query-rounds times), then, on the search page itself, the time
from the last key to the results for 10 queries typed at five keys a second and
at once, each in a freshly opened page (the head loads from the field's focus);
prints median and p95.
Prints figures only; tests never time.
"""

import argparse
import bisect
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
from plugins.common.build import DEFAULT_SETTINGS, build, load_settings  # noqa: E402
from plugins.common.testing import TEST_NOW  # noqa: E402
from plugins.common.parallel import usable_cpus  # noqa: E402
from plugins.search import search  # noqa: E402
from plugins.search import engine as python_engine  # noqa: E402
from plugins.search.search import (  # noqa: E402
    DEFAULTS, chunk_name, encode_files, payload_files, read_index, shard_name, write_files,
)

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
  const { documents, loadIndex, query } = await import(engineUrl);
  const fetchPart = (path) => fetch(new URL(path, indexUrl), { cache: "no-store" }).then((r) => r.json());
  const loadTimes = [];
  let head;
  for (let i = 0; i < loads; i++) {
    const start = performance.now();
    head = await (await fetch(indexUrl, { cache: "no-store" })).json();
    loadIndex(window.lunr, head, fetchPart);
    loadTimes.push(performance.now() - start);
  }
  // A first search: the parts its terms need and the texts of its first 20 results, fetched.
  const firstTimes = [];
  for (const text of queries) {
    const fresh = loadIndex(window.lunr, head, fetchPart);
    const start = performance.now();
    const { results } = await query(fresh, text);
    await documents(fresh, results.slice(0, 20).map(({ ref }) => ref));
    firstTimes.push(performance.now() - start);
  }
  // Again and again: the parts are kept by the page (fetched by an untimed first round).
  const engine = loadIndex(window.lunr, head, fetchPart);
  for (const text of queries) await query(engine, text);
  const queryTimes = [];
  let hits = 0;
  for (let r = 0; r < rounds; r++) {
    for (const text of queries) {
      const start = performance.now();
      hits += (await query(engine, text)).results.length;
      queryTimes.push(performance.now() - start);
    }
  }
  return { loadTimes, firstTimes, queryTimes, hits };
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


def first_search_bytes(head, index, encoded, queries) -> list[int]:
    """Brotli bytes a first search fetches, per query: the head, the shards of the
    terms it plans (and finds in the index), the chunks of its first 20 results."""
    starts, parts, chunk = head["shards"], head["parts"], head["chunk"]
    position = {term: n for n, term in enumerate(head["terms"])}
    stem = python_engine.browser_stemmer(index)
    sizes = []
    for text in queries:
        terms = [t["term"] for t in python_engine.plan(index, text, stem) if t["term"] in position]
        shards = {bisect.bisect_right(starts, position[term]) - 1 for term in terms}
        refs = [int(r["ref"]) for r in python_engine.query(index, text, stem)[:20]]
        names = [parts + shard_name(n) for n in shards] + [parts + chunk_name(n) for n in {r // chunk for r in refs}]
        sizes.append(sum(len(encoded[f"{name}.br"]) for name in ["indeks.json", *names]))
    return sizes


# Lighthouse's mobile network ("slow 4G"): 150 ms round trips, 1.6 Mbit/s down, 750 kbit/s up.
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}


def measure_browser(output: Path, loads: int, rounds: int, queries, cpu_throttle: float,
                    slow_network: bool = False, typed: int = 10):
    """Times in Chromium (no service worker: it would answer parts from its cache). With
    ``slow_network``, nginx serves the files (their brotli twins, as a host would) over
    Chromium's emulated slow 4G; else a loopback server sends them raw at once. The
    search page itself for the first ``typed`` queries: each typed at five keys a second
    and at once into a freshly opened page (:func:`typed_search`)."""
    from playwright.sync_api import sync_playwright

    from plugins.hosting.server import serve_with_nginx

    server = serve_with_nginx(output, load_settings()) if slow_network else serve_directory(output)
    with server as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(service_workers="block").new_page()
            page.goto(f"{url}/cari/")
            session = page.context.new_cdp_session(page)
            if cpu_throttle != 1:
                session.send("Emulation.setCPUThrottlingRate", {"rate": cpu_throttle})
            if slow_network:
                session.send("Network.enable")
                session.send("Network.emulateNetworkConditions", SLOW_4G)
            measured = page.evaluate(MEASURE, {"loads": loads, "rounds": rounds, "queries": queries})
            page.context.close()
            for delay, key in ((200, "typedTimes"), (0, "pastedTimes")):
                measured[key] = [typed_search(browser, url, text, delay, cpu_throttle, slow_network)
                                 for text in queries[:typed]]
            return measured
        finally:
            browser.close()


def typed_search(browser, url: str, text: str, delay: int, cpu_throttle: float, slow_network: bool) -> float:
    """Milliseconds from the last key of ``text`` (typed into the search page's field with
    ``delay`` ms between keys, in a new browser context: nothing cached) to its results."""
    context = browser.new_context(service_workers="block")
    try:
        page = context.new_page()
        session = context.new_cdp_session(page)
        if cpu_throttle != 1:
            session.send("Emulation.setCPUThrottlingRate", {"rate": cpu_throttle})
        if slow_network:
            session.send("Network.enable")
            session.send("Network.emulateNetworkConditions", SLOW_4G)
        page.goto(f"{url}/cari/")
        page.locator(".search-filters").wait_for()
        page.locator("#cari-kata").click()
        page.keyboard.type(text[:-1], delay=delay)  # (Playwright waits the delay within each key)
        page.wait_for_timeout(delay)
        page.keyboard.type(text[-1])
        typed = time.perf_counter()
        page.wait_for_function("(q) => document.querySelector('.search-status').textContent.includes(`“${q}”`)",
                               arg=text, timeout=60_000)
        return (time.perf_counter() - typed) * 1000
    finally:
        context.close()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=0, help="synthetic articles (0: the sample)")
    parser.add_argument("--records", type=int, default=0, help="synthetic catalogue records")
    parser.add_argument("--text", choices=("dictionary", "small"), default="dictionary",
                        help="the synthetic text's words and authors (bench/synth.py); "
                        "small: as the figures before session 12")
    parser.add_argument("--workdir", type=Path, default=ROOT / "bench" / ".work" / "search")
    parser.add_argument("--repeat", type=int, default=3, help="index builds to time")
    parser.add_argument("--loads", type=int, default=5, help="index loads in Chromium")
    parser.add_argument("--query-rounds", type=int, default=5)
    parser.add_argument("--slow-network", action="store_true",
                        help="nginx (brotli) over Chromium's emulated slow 4G (150 ms, 1.6 Mbit/s)")
    parser.add_argument("--cpu-throttle", type=float, default=1.0,
                        help="Chromium CPU slowdown (4: a low-end phone)")
    args = parser.parse_args(argv)

    synthetic = bool(args.articles or args.records)
    temporary = tempfile.TemporaryDirectory()
    if synthetic:
        from synth import generate

        project = args.workdir / "portal"
        generate(project, args.articles, args.records, text=args.text)
        output = args.workdir / "output"
        label = f"synthetic: {args.articles} articles + {args.records} records, {args.text} text"
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
        files = payload_files(documents, DEFAULTS["fields"], DEFAULTS)
        built, built_cpu = time.perf_counter(), time.process_time()
        encoded = encode_files(files, workers=usable_cpus())
        compressed = time.perf_counter()
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        compress_cpu.append(time.process_time() - built_cpu + children.ru_utime + children.ru_stime - forked)
        forked = children.ru_utime + children.ru_stime
        shutil.rmtree(output / "cari" / "indeks", ignore_errors=True)
        sizes = write_files(encoded, (output / DEFAULTS["save_as"]).parent)
        times.append(built - start)
        cpu_times.append(built_cpu - start_cpu)
        compress_times.append(compressed - built)
    start_cpu = time.process_time()  # warm: the terms of the last build kept (the preview)
    payload_files(documents, DEFAULTS["fields"], DEFAULTS)
    warm_cpu = time.process_time() - start_cpu
    search._last_terms = {}
    tracemalloc.start()  # once more, for the Python memory it takes (slower: not timed)
    payload_files(documents, DEFAULTS["fields"], DEFAULTS)
    python_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    head, index, _ = read_index(output)
    terms = len(head["terms"])

    queries = queries_for(documents)
    first_bytes = first_search_bytes(head, index, encoded, queries)
    measured = measure_browser(output, args.loads, args.query_rounds, queries, args.cpu_throttle, args.slow_network)
    load, first, query = measured["loadTimes"], measured["firstTimes"], measured["queryTimes"]

    lines = [
        f"{label}: {len(documents):,} documents, {terms:,} terms, {len(head['roots']):,} of them roots",
        f"  whole site build (with index)   {site_seconds:8.1f} s",
        f"  index + JSON (median)           {statistics.median(times):8.2f} s  {statistics.median(cpu_times):6.2f} CPU s  (of {args.repeat})",
        f"  index + JSON, next build in the process (terms kept)  {warm_cpu:6.2f} CPU s",
        f"  Python memory peak while building the index file  {human(python_peak)}",
        f"  gzip + brotli (median)          {statistics.median(compress_times):8.2f} s  {statistics.median(compress_cpu):6.2f} CPU s  (on {min(2, usable_cpus())} processes)",
        f"  index size raw / gzip / brotli  {human(sizes['raw'])} / {human(sizes['gzip'])} / {human(sizes['brotli'])}"
        f"  in {sizes['files']:,} files (head {human(len(encoded['indeks.json.br']))} brotli)",
        f"  a first search fetches (brotli: head, the shards of its terms, its first 20 results' texts):"
        f" median {human(statistics.median(first_bytes))}, max {human(max(first_bytes))} (n={len(first_bytes)})",
        f"  Chromium (CPU throttle {args.cpu_throttle:g}x; "
        + ("nginx, brotli, slow 4G: 150 ms, 1.6 Mbit/s):" if args.slow_network else "loopback, no network delay):"),
        f"    load (fetch+parse the head)   median {statistics.median(load):8.1f} ms  p95 {p95(load):8.1f} ms  (n={len(load)})",
        f"    first search (parts fetched)  median {statistics.median(first):8.1f} ms  p95 {p95(first):8.1f} ms  (n={len(first)})",
        f"    query (parts kept)            median {statistics.median(query):8.2f} ms  p95 {p95(query):8.2f} ms  (n={len(query)})",
        "    the search page, from the last key to the results (the head loads from the field's focus):",
    ]
    for key, how in (("typedTimes", "typed at 5 keys a second"), ("pastedTimes", "typed at once")):
        times_ms = measured[key]
        lines.append(f"      {how:<24}    median {statistics.median(times_ms):8.1f} ms  p95 {p95(times_ms):8.1f} ms"
                     f"  (n={len(times_ms)})")
    print("\n".join(lines))  # noqa: T201
    temporary.cleanup()
    if synthetic:
        shutil.rmtree(output, ignore_errors=True)


if __name__ == "__main__":
    main()
