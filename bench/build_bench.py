"""Build benchmark: our strict build versus plain Pelican on the same synthetic content.

    python bench/build_bench.py --articles 500 --records 5000 [--repeat N] [--workdir D]

Generates a synthetic project once (bench/synth.py) and its plain-Pelican twin,
then runs each build in a fresh subprocess (alternating when --repeat > 1).
Each child times its full build, then a rebuild after one article changed and
one after one catalogue record changed (files restored afterwards), reads its
own peak RSS, and prints the figures as JSON on its last stdout line; the parent
samples the summed PSS of the child and its descendants (TreeMemory). Plain
Pelican runs with its content cache on (CACHE_CONTENT, LOAD_CONTENT_CACHE), the
reference for its rebuilds. Only figures are printed; nothing is asserted.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
PROJECT_ROOT = BENCH.parent
KINDS = ("ours", "plain")
CLI = "cli"  # ours again, as ./dev build and CI run it: one full build, nothing recorded


# --- child: one build, measured ---------------------------------------------------


def _cpu() -> float:
    """CPU seconds (user + system) of this process and its waited-for children (workers)."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


CPU: dict[str, float] = {}


def _timed_change(path: Path, old: str, new: str, build, label: str = "") -> float:
    """Seconds of ``build()`` after replacing the first ``old`` in ``path``; restored after.

    Its CPU seconds go to ``CPU[label]``.
    """
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace(old, new, 1), encoding="utf-8")
    try:
        start, cpu = time.perf_counter(), _cpu()
        build()
        CPU[label] = _cpu() - cpu
        return time.perf_counter() - start
    finally:
        path.write_text(original, encoding="utf-8")


PHASES = {  # where our build's time goes: label -> (module, attribute)
    "check": ("plugins.validation.validation", "validate_project"),
    "read articles": ("pelican.generators", "ArticlesGenerator.generate_context"),
    "catalogue context": ("plugins.catalogue.catalogue", "CatalogueGenerator.generate_context"),
    "catalogue pages": ("plugins.catalogue.catalogue", "CatalogueGenerator.generate_output"),
    "  of which kept jobs": ("plugins.common.parallel", "_keep_unchanged"),  # checking unchanged jobs
    "article pages": ("pelican.generators", "ArticlesGenerator.generate_output"),
    "search index": ("plugins.search.search", "SearchIndexGenerator.generate_output"),
    "sitemap": ("plugins.common.sitemap", "write_out"),
    "swap output": ("plugins.common.build", "_replace_dir"),
    "merge output": ("plugins.common.incremental", "merge_into"),
}


def phase_owner(module_name: str, attribute: str) -> tuple[Any, str]:
    """The object holding a phase's function (a module or class), and the function's name."""
    import importlib

    owner = importlib.import_module(module_name)
    *path, name = attribute.split(".")
    for part in path:
        owner = getattr(owner, part)
    return owner, name


def _time_phases() -> dict[str, float]:
    """Wrap the functions in PHASES to add up their wall time (seconds) by label."""
    import functools

    totals: dict[str, float] = {}
    for label, (module_name, attribute) in PHASES.items():
        owner, name = phase_owner(module_name, attribute)
        original = getattr(owner, name)

        def timed(*args, _original=original, _label=label, **kwargs):
            start = time.perf_counter()
            try:
                return _original(*args, **kwargs)
            finally:
                totals[_label] = totals.get(_label, 0.0) + time.perf_counter() - start

        setattr(owner, name, functools.wraps(original)(timed))
    return totals


def _child(kind: str, target: str) -> int:
    """Run the builds; print {"seconds", "article_seconds", "record_seconds",
    "peak_kib", "html_files"} as the last line."""
    import logging
    import resource

    if kind == CLI:
        return _cli_child(target)
    if kind == "ours":
        from plugins.common.build import DEFAULT_SETTINGS, BuildFailed, build, collect_garbage
        from plugins.common.incremental import wait_background

        phases = _time_phases()
        overrides = json.loads(target)
        # The check's cache of clean data files starts empty: the full build is
        # a fresh clone's; the rebuilds find it filled, as the preview does.
        shutil.rmtree(overrides["CACHE_PATH"], ignore_errors=True)
        start, cpu = time.perf_counter(), _cpu()
        try:  # incremental, as the preview's first build: the rebuilds below keep unchanged pages
            result = build(DEFAULT_SETTINGS, overrides, incremental=True)
        except BuildFailed as failure:
            sys.stderr.write(f"{failure}\n")
            return 1
        seconds = time.perf_counter() - start
        CPU["full"] = _cpu() - cpu
        full_phases = dict(phases)
        output = result.output
        content, data = Path(overrides["PATH"]), Path(overrides["DATA_PATH"])
        article = sorted((content / "program").glob("*.md"))[0]
        record_file = sorted((data / "katalog").glob("*.yaml"))[0]
        rendered: dict[str, int | None] = {}

        background: dict[str, float] = {}
        pages: dict[str, float] = {}  # until the pages are in output/ (the figure reported)
        collections: dict[str, float] = {}

        def idle_collection(label):  # as the preview does once idle, after each build
            started = time.perf_counter()
            collect_garbage()
            collections[label] = time.perf_counter() - started

        idle_collection("full")

        def rebuild(label):
            # As the preview: pages first, the search index from a background process,
            # whose time until done is measured too; then the idle garbage collection.
            def run():
                started = time.perf_counter()
                rendered[label] = build(DEFAULT_SETTINGS, overrides, incremental=True, background=True).rendered
                pages[label] = time.perf_counter() - started
                wait_background()
                background[label] = time.perf_counter() - started - pages[label]
                idle_collection(label)
            return run

        phases.clear()
        _timed_change(article, "\n\n", "\n\nDiperbarui.\n\n", rebuild("article"), "article")
        article_phases = dict(phases)
        rebuild("restored")()  # the article is back as it was: not part of the next figure
        phases.clear()
        _timed_change(record_file, "description: ", "description: Diperbarui. ", rebuild("record"), "record")
        article_seconds, record_seconds = pages["article"], pages["record"]
        extra = {"phases": full_phases, "record_phases": dict(phases), "article_phases": article_phases,
                 "rendered": rendered, "background": background, "collections": collections}
    else:
        extra = {}
        from pelican import Pelican
        from pelican.settings import read_settings

        problems: list[str] = []

        class Collector(logging.Handler):
            def emit(self, record: logging.LogRecord) -> None:
                problems.append(f"{record.levelname}: {record.getMessage()}")

        logging.getLogger().addHandler(Collector(level=logging.WARNING))
        cache = Path(target).parent / "cache"
        shutil.rmtree(cache, ignore_errors=True)
        overrides = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(cache)}
        rebuild = lambda: Pelican(read_settings(target, override=dict(overrides))).run()  # noqa: E731
        start, cpu = time.perf_counter(), _cpu()
        rebuild()
        seconds = time.perf_counter() - start
        CPU["full"] = _cpu() - cpu
        content = Path(read_settings(target)["PATH"])
        article = sorted((content / "program").glob("*.md"))[0]
        record = sorted((content / "katalog").glob("*.md"))[0]
        article_seconds = _timed_change(article, "\n\n", "\n\nDiperbarui.\n\n", rebuild, "article")
        record_seconds = _timed_change(record, "\n\n", "\n\nDiperbarui.\n\n", rebuild, "record")
        if problems:
            sys.stderr.write("plain Pelican logged:\n" + "\n".join(problems) + "\n")
            return 1
        output = Path(read_settings(target)["OUTPUT_PATH"])
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    # The largest forked render worker (ours) or subprocess, waited for; its pages
    # shared with the parent (copy-on-write) are counted in both.
    worker_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    html_files = sum(1 for _ in output.rglob("*.html"))
    figures = {"seconds": seconds, "article_seconds": article_seconds,
               "record_seconds": record_seconds, "peak_kib": peak_kib,
               "worker_kib": worker_kib, "html_files": html_files, "cpu": dict(CPU), **extra}
    sys.stdout.write(json.dumps(figures) + "\n")
    return 0


def _cli_child(target: str) -> int:
    """One full build as ``./dev build`` runs it (no record of what pages read, an empty
    check cache); print {"seconds", "cpu", "peak_kib", "worker_kib", "html_files"}."""
    import resource

    from plugins.common.build import DEFAULT_SETTINGS, BuildFailed, build

    overrides = json.loads(target)
    shutil.rmtree(overrides["CACHE_PATH"], ignore_errors=True)
    start, cpu = time.perf_counter(), _cpu()
    try:
        result = build(DEFAULT_SETTINGS, overrides)
    except BuildFailed as failure:
        sys.stderr.write(f"{failure}\n")
        return 1
    figures = {"seconds": time.perf_counter() - start, "cpu": _cpu() - cpu, "pages": result.pages,
               "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
               "worker_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}
    sys.stdout.write(json.dumps(figures) + "\n")
    sys.stdout.flush()
    os._exit(0)  # as exit_now: ./dev build does not free what it holds


# --- parent -------------------------------------------------------------------------


class ChildFailed(Exception):
    """A build subprocess exited non-zero; the message holds its stderr."""


def _process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants alive now (Linux ``/proc``)."""
    pids, index = [pid], 0
    while index < len(pids):
        parent = pids[index]
        index += 1
        try:
            for task in os.listdir(f"/proc/{parent}/task"):
                with open(f"/proc/{parent}/task/{task}/children", encoding="ascii") as children:
                    pids += [int(child) for child in children.read().split()]
        except OSError:  # gone meanwhile
            continue
    return pids


def _pss_kib(pid: int) -> int:
    """Proportional set size: the process's own pages, and its share of pages it shares."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class TreeMemory:
    """Peak of the summed PSS of a process and its descendants, sampled every ``interval`` s.

    The build forks (render worker, check workers, the search index process);
    the forks share the parent's pages copy-on-write, so adding their peak RSS
    counts those pages twice. The sum of PSS counts every page once: the memory
    the build holds. Sampling misses peaks shorter than the interval, and each
    sample costs the kernel some milliseconds per process (its page tables are
    walked), outside the measured process.
    """

    def __init__(self, pid: int, interval: float = 1.0):
        self.pid, self.interval, self.peak_kib = pid, interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak_kib = max(self.peak_kib, sum(_pss_kib(pid) for pid in _process_tree(self.pid)))
            self._stop.wait(self.interval)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak_kib


def run_child(kind: str, target: str) -> dict[str, Any]:
    """Run one measured build in a fresh interpreter; return its figures (with
    ``pss_kib``, the peak summed PSS of its processes, see TreeMemory)."""
    process = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "--child", kind, target],
        cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    started = time.perf_counter()
    memory = TreeMemory(process.pid)
    try:
        stdout, stderr = process.communicate()
    finally:
        pss_kib = memory.stop()
    process_seconds = time.perf_counter() - started
    lines = [line for line in stdout.splitlines() if line.strip()]
    if process.returncode != 0 or not lines:
        raise ChildFailed(
            f"{kind} build failed (exit {process.returncode}):\n"
            f"{stderr.strip() or stdout.strip()}"
        )
    return {**json.loads(lines[-1]), "pss_kib": pss_kib, "process_seconds": process_seconds}


class Trash:
    """Folders the benchmark replaces are moved here, and deleted once every build is measured.

    On this machine's ext4 (mounted without a journal), creating a file or folder
    soon after tens of thousands were deleted is slow: for about 30 s the kernel
    will not reuse a freed inode (``recently_deleted``) and reads each candidate's
    inode table block to find out. Deleting the last build's 42,000 files just
    before the next build made each ``mkdir`` and ``open`` cost about 0.5 ms of
    system time (10-19 s per 21,000 pages, against 1.5 s for 20,000 folders and
    files with no deletion before): the figures measured the kernel's scan. A
    rename into the trash costs nothing of the kind.
    """

    def __init__(self, workdir: Path):
        self.folder = workdir / ".trash"
        self.count = itertools.count()

    def discard(self, path: Path) -> None:
        if path.exists():
            self.folder.mkdir(parents=True, exist_ok=True)
            path.rename(self.folder / f"{next(self.count)}-{os.getpid()}-{path.name}")

    def empty(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def prepare(
    workdir: Path, articles: int, records: int, seed: int, trash: Trash, text: str = "dictionary"
) -> tuple[Path, Path, float]:
    """Generate both projects (old folders into ``trash``); return (our project, plain settings, seconds)."""
    from synth import generate, write_plain_project

    start = time.perf_counter()
    project, plain = workdir / "portal", workdir / "plain"
    generate(project, articles, records, seed, discard=trash.discard, text=text)
    settings = write_plain_project(project, plain, discard=trash.discard)
    return project, settings, time.perf_counter() - start


def clean_output(folder: Path, trash: Trash) -> None:
    """Every build starts without an output folder (nor staging leftovers)."""
    for path in folder.glob("output*"):
        trash.discard(path)


def report(args: argparse.Namespace, results: dict[str, list[dict[str, Any]]],
           generated: float, workdir: Path) -> list[str]:
    """The printed table: medians per build, then the ours/plain ratios."""
    from synth import PAGE_COUNT, PARTNERS, split_articles

    programmes, reviews, events = split_articles(args.articles)

    def median(kind: str, key: str) -> float:
        return statistics.median(run[key] for run in results[kind])

    seconds = {kind: median(kind, "seconds") for kind in KINDS}
    article = {kind: median(kind, "article_seconds") for kind in KINDS}
    record = {kind: median(kind, "record_seconds") for kind in KINDS}
    mib = {kind: median(kind, "peak_kib") / 1024 for kind in KINDS}
    worker_mib = {kind: median(kind, "worker_kib") / 1024 for kind in KINDS}
    total_mib = {kind: mib[kind] + worker_mib[kind] for kind in KINDS}
    pss_mib = {kind: median(kind, "pss_kib") / 1024 for kind in KINDS}
    html = {kind: results[kind][-1]["html_files"] for kind in KINDS}
    lines = [
        f"sizes: {args.articles} articles ({programmes} programmes, {reviews} reviews, "
        f"{events} events), {PAGE_COUNT} pages, {args.records} records, "
        f"{len(PARTNERS)} partners",
        f"python {platform.python_version()}, pelican {version('pelican')}, "
        f"seed {args.seed}, {args.text} text, repeat {args.repeat}"
        + (" (medians)" if args.repeat > 1 else ""),
        f"generated in {generated:.1f} s under {workdir}",
        "",
        f"{'build':<8}{'full s':>10}{'1 article s':>13}{'1 record s':>12}{'peak MiB':>11}"
        f"{'+workers':>10}{'PSS MiB':>10}{'HTML files':>12}",
    ]
    lines += [
        f"{kind:<8}{seconds[kind]:>10.2f}{article[kind]:>13.2f}{record[kind]:>12.2f}"
        f"{mib[kind]:>11.1f}{worker_mib[kind]:>10.1f}{pss_mib[kind]:>10.1f}{html[kind]:>12}"
        for kind in KINDS
    ]
    cpu = {kind: {label: statistics.median(run["cpu"][label] for run in results[kind])
                  for label in ("full", "article", "record")} for kind in KINDS}
    lines += ["", "CPU seconds (user + system, workers included; steadier than wall time on a busy machine):"]
    lines += [
        f"{kind:<8}{cpu[kind]['full']:>10.2f}{cpu[kind]['article']:>13.2f}{cpu[kind]['record']:>12.2f}"
        for kind in KINDS
    ]
    cli = {key: statistics.median(run[key] for run in results[CLI]) for key in ("seconds", "cpu", "process_seconds")}
    cli_pss = statistics.median(run["pss_kib"] for run in results[CLI]) / 1024
    lines += [
        "",
        f"ours as ./dev build (one full build, nothing recorded): {cli['seconds']:.2f} s "
        f"({cli['process_seconds']:.2f} s for the whole process: start, imports, exit), "
        f"{cli['cpu']:.2f} CPU s, {cli_pss:.0f} MiB summed PSS, {results[CLI][-1]['pages']} pages",
    ]
    slowest_rebuild = max(article["ours"], record["ours"])
    last = results["ours"][-1]
    breakdown = [
        "",
        "ours, where the time goes (last run, seconds; full build / after 1 article / after 1 record):",
        *(f"  {label:<20}{last['phases'].get(label, 0):>8.2f}{last['article_phases'].get(label, 0):>8.2f}"
          f"{last['record_phases'].get(label, 0):>8.2f}"
          for label in PHASES),
        f"  pages rendered again: {last['rendered']['article']} after 1 article, "
        f"{last['rendered']['record']} after 1 record (of {last['html_files']}; the rest kept)",
        f"  search index ready after the pages (background): {last['background']['article']:.2f} s "
        f"after 1 article, {last['background']['record']:.2f} s after 1 record",
        "  the preview's full garbage collection once idle (not in the figures above): "
        + ", ".join(f"{seconds:.2f} s after {label}" for label, seconds in last["collections"].items()),
    ]
    return lines + [
        "",
        f"time ratio (ours/plain), full build:        {seconds['ours'] / seconds['plain']:.2f}×",
        f"time ratio (ours/plain), 1 article changed: {article['ours'] / article['plain']:.2f}×",
        f"time ratio (ours/plain), 1 record changed:  {record['ours'] / record['plain']:.2f}×",
        f"memory ratio (ours/plain, with workers):    {total_mib['ours'] / total_mib['plain']:.2f}× "
        f"(summed PSS: {pss_mib['ours'] / pss_mib['plain']:.2f}×)",
        f"rebuild speed-up over full (ours, plain):   {seconds['ours'] / article['ours']:.2f}×, "
        f"{seconds['plain'] / article['plain']:.2f}×",
        "",
        "issue 5 targets (600 articles + 30,000 records, 2 cores):",
        f"  full build <= 10 s:        {seconds['ours']:.1f} s (the preview's first, recording), "
        f"{cli['seconds']:.1f} s (./dev build)"
        + ("" if (args.articles, args.records) == (600, 30000) else " (not at the target size)"),
        f"  peak memory <= 1024 MiB:   {pss_mib['ours']:.0f} MiB (summed PSS of the build's processes); "
        f"{total_mib['ours']:.0f} MiB counting shared pages twice (parent + largest worker)",
        f"  rebuild after 1 change <= 1 s: {slowest_rebuild:.1f} s (slower of article, record)",
        *breakdown,
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--text", choices=("dictionary", "small"), default="dictionary",
                        help="the synthetic text's words and authors (bench/synth.py); "
                        "small: as the figures before session 12")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=BENCH / ".work")
    parser.add_argument("--child", choices=(*KINDS, CLI), help=argparse.SUPPRESS)
    parser.add_argument("target", nargs="?", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return _child(args.child, args.target)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    from plugins.common.testing import project_overrides

    workdir = args.workdir.resolve()
    trash = Trash(workdir)  # emptied at the end, with what an interrupted run left there
    project, plain_settings, generated = prepare(
        workdir, args.articles, args.records, args.seed, trash, args.text
    )
    targets = {
        "ours": json.dumps(project_overrides(project, CACHE_PATH=str(workdir / "cache-ours"))),
        CLI: json.dumps(project_overrides(project, CACHE_PATH=str(workdir / "cache-cli"))),
        "plain": str(plain_settings),
    }
    folders = {"ours": project, CLI: project, "plain": plain_settings.parent}
    results: dict[str, list[dict[str, Any]]] = {kind: [] for kind in (*KINDS, CLI)}
    for round_number in range(args.repeat):
        order = (*KINDS, CLI) if round_number % 2 == 0 else (CLI, *KINDS[::-1])
        for kind in order:
            clean_output(folders[kind], trash)
            try:
                results[kind].append(run_child(kind, targets[kind]))
            except ChildFailed as failure:
                print(failure, file=sys.stderr)  # noqa: T201 - CLI report
                return 1
    print("\n".join(report(args, results, generated, workdir)))  # noqa: T201
    trash.empty()
    return 0


if __name__ == "__main__":
    sys.exit(main())
