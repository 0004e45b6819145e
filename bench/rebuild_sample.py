"""Preview rebuild times on the repository's own sample portal.

    python bench/rebuild_sample.py [--repeat 3]

Copies content/ and data/ into a temporary project, builds it as ``./dev serve``
does (incremental, search index in the background), then times a rebuild
after each of a few edits an editor makes: until the pages are in output/,
and until the search index has followed too (``+index``: both together).
Prints the median of --repeat runs per edit; asserts nothing.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

from plugins.common.build import DEFAULT_SETTINGS, build  # noqa: E402
from plugins.common.incremental import wait_background  # noqa: E402
from plugins.common.testing import project_overrides  # noqa: E402

EDITS = {  # label -> (file, pattern, replacement); each is undone by the next run's copy
    "nothing changed": (None, None, None),
    "a book's availability": ("data/katalog/anak.yaml", r"available: 1\}", "available: 0}"),
    "a book's title": ("data/katalog/anak.yaml", r"title: Na Willa", "title: Zebra Na Willa"),
    "a review's text": ("content/ulasan", r"\n\n", "\n\nSatu kalimat baru.\n\n"),
    "an event's title": ("content/acara", r"title: (.*)", r"title: \1 (diubah)"),
}


def edit(root: Path, target: str, pattern: str, replacement: str) -> None:
    path = root / target
    if path.is_dir():
        path = sorted(path.glob("*.md"))[0]
    path.write_text(re.sub(pattern, replacement, path.read_text(encoding="utf-8"), count=1), encoding="utf-8")


def run_once(work: Path) -> dict[str, tuple[float, float, int]]:
    root = work / "portal"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    for folder in ("content", "data"):
        shutil.copytree(PROJECT_ROOT / folder, root / folder)
    settings = project_overrides(root, CACHE_PATH=str(root / "cache"))
    settings["SEARCH"] = {"compress": False}  # as the preview (plugins/common/preview.py)
    build(DEFAULT_SETTINGS, settings, incremental=True, background=True)
    wait_background()
    figures = {}
    for label, (target, pattern, replacement) in EDITS.items():
        if target:
            edit(root, target, pattern, replacement)
        start = time.perf_counter()
        result = build(DEFAULT_SETTINGS, settings, incremental=True, background=True)
        pages = time.perf_counter() - start
        wait_background()
        figures[label] = (pages, time.perf_counter() - start, result.rendered or 0)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as work:
        runs = [run_once(Path(work)) for _ in range(args.repeat)]
    print(f"{'edit':<24}{'pages s':>9}{'+index s':>11}{'rendered':>10}")  # noqa: T201
    for label in EDITS:
        pages = statistics.median(run[label][0] for run in runs)
        total = statistics.median(run[label][1] for run in runs)
        rendered = runs[-1][label][2]
        print(f"{label:<24}{pages:>9.2f}{total:>11.2f}{rendered:>10}")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
