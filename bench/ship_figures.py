"""Print the offline and publishing figures of the sample portal (issue 8).

    .venv/bin/python bench/ship_figures.py

Builds the sample with publishconf.py into a temporary folder, then prints what
a phone downloads for the app shell (precache list: count, bytes, gzip bytes),
the service worker's size, and how long each publish check takes.
"""

import gzip
import json
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from plugins.common.build import PROJECT_ROOT, build, load_settings  # noqa: E402
from plugins.common.checks import CHECKS  # noqa: E402
from plugins.common.testing import TEST_NOW  # noqa: E402


def sizes(paths: list[Path]) -> tuple[int, int]:
    raw = sum(path.stat().st_size for path in paths)
    packed = sum(len(gzip.compress(path.read_bytes(), 9)) for path in paths)
    return raw, packed


def main() -> None:
    settings_file = PROJECT_ROOT / "publishconf.py"
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        result = build(settings_file, {"OUTPUT_PATH": str(Path(folder) / "situs"), "PORTAL_NOW": TEST_NOW})
        built = time.perf_counter() - started
        site = result.output
        sw = (site / "sw.js").read_text(encoding="utf-8")
        precache = json.loads(re.search(r"const PRECACHE = (\[.*\]);", sw).group(1))
        files = [site / url / "index.html" if url.endswith("/") else site / url for url in precache]
        raw, packed = sizes(files)
        sw_raw, sw_packed = sizes([site / "sw.js"])
        icons_raw, _ = sizes(sorted((site / "ikon").glob("*.png")))
        print(f"build (publishconf): {built:.1f} s, {result.pages} HTML pages")  # noqa: T201 - CLI report
        print(f"precache: {len(precache)} files, {raw / 1024:.1f} KiB ({packed / 1024:.1f} KiB gzip)")  # noqa: T201 - CLI report
        print(f"sw.js: {sw_raw} bytes ({sw_packed} gzip); icons: {icons_raw / 1024:.1f} KiB in total")  # noqa: T201 - CLI report
        settings = load_settings(settings_file)
        for check in CHECKS:
            started = time.perf_counter()
            problems = check.run(site, settings)
            print(f"check {check.name}: {time.perf_counter() - started:.1f} s, {len(problems)} problems")  # noqa: T201 - CLI report


if __name__ == "__main__":
    main()
