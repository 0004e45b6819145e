"""Reproducible builds: the same sources and the same "now" give byte-identical output.

Each build runs in its own process with a different PYTHONHASHSEED, so an
order that depends on set or dict hashing of strings shows up as a difference.
"""

import os
import subprocess
import sys
from pathlib import Path

from plugins.common.build import PROJECT_ROOT
from plugins.common.testing import TEST_NOW

PUBLISH_SETTINGS = PROJECT_ROOT / "publishconf.py"
BUILD = (
    "import sys; from plugins.common.build import build; "
    "build(sys.argv[1], {'OUTPUT_PATH': sys.argv[2], 'PORTAL_NOW': sys.argv[3]})"
)


def _build(output: Path, seed: str) -> Path:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run(
        [sys.executable, "-c", BUILD, str(PUBLISH_SETTINGS), str(output), TEST_NOW],
        cwd=PROJECT_ROOT, env=env, check=True, capture_output=True,
    )
    return output


def _files(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()}


def test_two_production_builds_are_byte_identical(tmp_path):
    one = _files(_build(tmp_path / "satu" / "output", "1"))
    two = _files(_build(tmp_path / "dua" / "site", "2"))
    assert sorted(one) == sorted(two)
    different = [name for name in one if one[name] != two[name]]
    assert different == [], f"berkas berbeda antara dua build: {different[:10]}"
    # The production build carries feeds, a sitemap and calendars: the usual sources of drift.
    assert {"feeds/semua.atom.xml", "sitemap.xml", "acara/kalender.ics"} <= set(one)
