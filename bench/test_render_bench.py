"""The render benchmark runs on a tiny project and prints its table (no timing asserted)."""

import sys
from pathlib import Path

import plugins.catalogue.catalogue as catalogue

sys.path.insert(0, str(Path(__file__).resolve().parent))
from render_bench import main  # noqa: E402


def test_render_bench_prints_a_row_per_run(tmp_path, capsys):
    original = catalogue.CatalogueGenerator.generate_output
    assert main(["--articles", "3", "--records", "30", "--repeat", "1", "--workdir", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = {line.split()[0]: line.split() for line in lines if line.startswith(("in the build", "again"))}
    assert set(rows) == {"in", "again"}
    assert int(rows["in"][3]) == int(rows["again"][2]) > 30  # a page per record, and the lists
    assert catalogue.CatalogueGenerator.generate_output is original
