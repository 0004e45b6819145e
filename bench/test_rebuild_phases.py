"""The rebuild benchmark runs on a tiny generated project (no timing asserted)."""

import re
import sys
from pathlib import Path

import plugins.catalogue.catalogue as catalogue
import plugins.common.parallel as parallel

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_bench  # noqa: E402
from rebuild_phases import main  # noqa: E402
from synth import generate  # noqa: E402


def test_rebuilds_print_pages_rendered_and_phases_then_leave_no_timers(tmp_path, capsys):
    originals = (catalogue.CatalogueGenerator.generate_output, parallel._keep_unchanged)
    project = tmp_path / "portal"
    generate(project, 6, 40, 1)
    before = {path: path.read_bytes() for path in (project / "data").rglob("*.yaml")}
    assert main(["--project", str(project), "--rounds", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = {line.split()[0]: line for line in lines if line.startswith(("record", "article"))}
    assert set(rows) == {"record", "article"}
    for row in rows.values():  # only some pages rendered again, and where the time went
        assert 0 < int(re.search(r"(\d+) pages rendered", row).group(1)) < 40
        assert "CPU s:" in row
    # Phases of 5 ms or more: on a tiny project a fast machine may take less in a row.
    assert any(re.search(r"CPU s: [a-z ]+=\d", line) for line in lines)
    assert {path: path.read_bytes() for path in before} == before  # edits undone
    assert any(line.startswith("cover ") for line in lines)
    assert not list((project / "content" / "images" / "sampul").iterdir())  # the cover taken away
    assert (catalogue.CatalogueGenerator.generate_output, parallel._keep_unchanged) == originals
    assert "write jobs" not in build_bench.PHASES
