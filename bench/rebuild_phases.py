"""Preview rebuilds of a big synthetic portal, one after another, phase by phase.

    python bench/rebuild_phases.py --project /tmp/bench30k/portal [--rounds 3]

``build_bench.py`` times one rebuild after an article and one after a record,
each the first after the full build. An editor saves again and again: this
builds ``--project`` (a folder ``build_bench.py`` or ``synth.py`` generated;
its output/ and cache/ are replaced) once as the preview does, then, ``--rounds``
times, changes a record's description (shown on its own page only) and rebuilds,
restores it and rebuilds (untimed), changes an article the same way, then the
record's year (shown in every list the record is on), its title and its subjects
(which place it in lists and groups) the same way, a subject no record had (a new group),
and adds a copy of the record (a new id, in the same groups) and removes it again, both timed,
then puts a cover image for the record in the cover folder and takes it away, both timed.
Each timed rebuild prints its wall time until the pages are in output/, the
pages rendered again and, per phase of ``build_bench.PHASES`` (plus a few of
our own), the CPU seconds of the main thread, steadier than wall time on a busy
machine. The search index follows in the background; each round waits for it
and collects garbage, as the idle preview does. Asserts nothing.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

import build_bench  # noqa: E402

EXTRA_PHASES = {
    "write jobs": ("plugins.common.parallel", "_run"),
    "list jobs": ("plugins.catalogue.catalogue", "CatalogueGenerator.jobs"),
    "prewarm": ("plugins.common.incremental", "prewarm"),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, required=True, help="a generated portal (content/, data/)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    project = args.project.resolve()
    if not (project / "data" / "katalog").is_dir() or not (project / "content" / "program").is_dir():
        parser.error(f"{project} is not a generated portal (bench/synth.py)")

    saved = dict(build_bench.PHASES)
    build_bench.PHASES.update(EXTRA_PHASES)
    owners = [build_bench.phase_owner(*where) for where in build_bench.PHASES.values()]
    originals = [getattr(owner, name) for owner, name in owners]  # the timers come off at the end
    build_bench.time = type("CPUClock", (), {"perf_counter": staticmethod(time.thread_time)})
    try:
        phases = build_bench._time_phases()  # in CPU seconds of the main thread
        return _run(project, args.rounds, phases)
    finally:
        build_bench.time = time
        for (owner, name), original in zip(owners, originals):
            setattr(owner, name, original)
        build_bench.PHASES.clear()
        build_bench.PHASES.update(saved)


def _run(project: Path, rounds: int, phases: dict[str, float]) -> int:
    from plugins.common.build import DEFAULT_SETTINGS, build, collect_garbage
    from plugins.common.incremental import wait_background
    from plugins.common.testing import project_overrides
    from PIL import Image

    trash = build_bench.Trash(project)  # not deleted before the builds (see Trash)
    for folder in ("output", "cache"):
        trash.discard(project / folder)
    overrides = project_overrides(project, CACHE_PATH=str(project / "cache"))
    started = time.perf_counter()
    build(DEFAULT_SETTINGS, overrides, incremental=True)
    print(f"first build (the preview's): {time.perf_counter() - started:.1f} s")  # noqa: T201
    collect_garbage()

    record = sorted((project / "data" / "katalog").glob("*.yaml"))[0]
    article = sorted((project / "content" / "program").glob("*.md"))[0]

    def rebuild() -> None:
        build(DEFAULT_SETTINGS, overrides, incremental=True, background=True)
        wait_background()
        collect_garbage()

    def measured(label: str) -> None:
        phases.clear()
        started = time.perf_counter()
        result = build(DEFAULT_SETTINGS, overrides, incremental=True, background=True)
        seconds = time.perf_counter() - started
        wait_background()
        collect_garbage()
        spent = " ".join(f"{name}={value:.2f}" for name, value in sorted(phases.items(), key=lambda item: -item[1])
                         if value >= 0.005)
        print(f"{label:<8}{seconds:6.2f} s, {result.rendered} pages rendered; CPU s: {spent}")  # noqa: T201

    def timed(path: Path, old: str, new: str, label: str, undo_label: str = "") -> None:
        """Rebuild after ``old`` became ``new`` in ``path``, then after it was restored
        (timed too with an ``undo_label``, else not part of any figure)."""
        original = path.read_text(encoding="utf-8")
        path.write_text(original.replace(old, new, 1), encoding="utf-8")
        try:
            measured(label)
        finally:
            path.write_text(original, encoding="utf-8")
        if undo_label:
            measured(undo_label)
        else:
            rebuild()

    year = re.search(r"year: (\d+)", record.read_text(encoding="utf-8"))
    first = re.search(r"^- id: .*?\n(?=- id: )", record.read_text(encoding="utf-8"), re.S | re.M).group(0)
    identifier = re.match(r"- id: (\S+)", first).group(1)
    covers = project / "content" / "images" / "sampul"
    covers.mkdir(parents=True, exist_ok=True)
    for number in range(rounds):
        timed(record, "description: ", f"description: Diperbarui {number}. ", "record")
        timed(article, "\n\n", f"\n\nDiperbarui {number}.\n\n", "article")
        # A year shows in the list entries: the lists holding the record are checked page by page.
        timed(record, year.group(0), f"year: {int(year.group(1)) + 1 + number}", "year")
        # A title and subjects place the record in lists and groups: it is moved in them.
        timed(record, "title: ", f"title: Baru {number} ", "title")
        timed(record, "subjects: [", "subjects: [Kuliner, ", "subject")
        timed(record, "subjects: [", f"subjects: [Kebun Baru {number}, ", "new subj")  # a new group
        # A copy of the file's first record, in the same groups, added and removed again.
        copy = first.replace("- id: ", "- id: jilid-2-", 1).replace("title: ", "title: Jilid 2 ", 1)
        timed(record, first, first + copy, "added", "removed")
        # A cover scanned for the first record, and taken away again.
        cover = covers / f"{identifier}.jpg"
        Image.new("RGB", (120 + number, 180), (200, 120, 40)).save(cover, quality=80)
        measured("cover")
        cover.unlink()
        measured("no cover")
    trash.empty()
    return 0


if __name__ == "__main__":
    sys.exit(main())
