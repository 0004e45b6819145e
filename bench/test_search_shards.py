"""The split search index finds what the whole one finds (bench/search_shards.py)."""

import re
import sys
from pathlib import Path

from plugins.common.build import DEFAULT_SETTINGS, build
from plugins.common.testing import project_overrides

sys.path.insert(0, str(Path(__file__).resolve().parent))
from search_shards import main  # noqa: E402
from synth import generate  # noqa: E402


def test_an_index_of_the_fetched_parts_ranks_as_the_whole_index(tmp_path, capsys):
    project = tmp_path / "portal"
    generate(project, 12, 300)
    output = build(DEFAULT_SETTINGS, project_overrides(project)).output
    # Small shards and chunks: most queries need several of each.
    assert main([str(output), "--shard-kib", "2", "--chunk", "10"]) == 0
    printed = capsys.readouterr().out
    same, total = map(int, re.search(r"same ranking as the whole index: (\d+)/(\d+)", printed).groups())
    assert total > 30 and same == total
    assert "largest score difference 0.00e+00" in printed
    shards = int(re.search(r"shards of postings .* (\d+) file", printed).group(1))
    assert shards > 10
