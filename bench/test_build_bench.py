"""The benchmark's memory figure counts pages a fork shares with its parent once, and its
trash keeps replaced folders until it is emptied."""

import subprocess
import sys
import textwrap
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_bench  # noqa: E402

# A parent holding 200 MiB forks a child that shares them (copy-on-write) while both sleep.
FORKING = textwrap.dedent("""
    import os, time
    held = bytearray(200 * 1024 * 1024)
    held[::4096] = b"x" * len(held[::4096])  # every page touched: resident
    if os.fork() == 0:
        time.sleep(2.5)
        os._exit(0)
    time.sleep(2.5)
    os.wait()
""")


def test_summed_pss_counts_shared_pages_once():
    process = subprocess.Popen([sys.executable, "-c", FORKING])
    memory = build_bench.TreeMemory(process.pid, interval=0.2)
    process.wait()
    peak_mib = memory.stop() / 1024
    # Both processes map the 200 MiB (400 MiB by RSS); they hold them once.
    assert 180 < peak_mib < 300


def test_trash_keeps_replaced_folders_until_emptied(tmp_path):
    trash = build_bench.Trash(tmp_path)
    output = tmp_path / "portal" / "output"
    (output / "katalog").mkdir(parents=True)
    (output / "katalog" / "index.html").write_text("lama")
    trash.discard(output)
    trash.discard(tmp_path / "portal" / "missing")  # nothing to move
    assert not output.exists()
    assert [path.read_text() for path in (tmp_path / ".trash").rglob("index.html")] == ["lama"]
    trash.empty()
    assert not (tmp_path / ".trash").exists()


def test_the_cli_child_builds_as_dev_build_and_reports_its_pages(tmp_path):
    import json

    from synth import generate

    from plugins.common.testing import project_overrides

    project = tmp_path / "portal"
    generate(project, 6, 40, 1)
    target = json.dumps(project_overrides(project, CACHE_PATH=str(tmp_path / "cache")))
    figures = build_bench.run_child(build_bench.CLI, target)
    assert figures["pages"] == len(list((project / "output").rglob("*.html"))) > 40
    assert 0 < figures["seconds"] < figures["process_seconds"]
    assert figures["cpu"] > 0 and figures["pss_kib"] > 0
