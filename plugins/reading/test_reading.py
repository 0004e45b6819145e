"""Articles read on several processes: the same site, and a reading's messages still count."""

import logging
import os
from pathlib import Path

import pytest
from pelican.plugins.yaml_metadata.yaml_metadata import YAMLMetadataReader

from plugins.common.build import DEFAULT_SETTINGS, PROJECT_ROOT, BuildFailed, build
from plugins.common.testing import TEST_NOW
from plugins.reading import reading
from plugins.reading.reading import shares

FORKED = {"workers": 2, "parallel_from": 0}


def build_sample(output: Path, **settings):
    return build(DEFAULT_SETTINGS, {"OUTPUT_PATH": str(output), "PORTAL_NOW": TEST_NOW, **settings})


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def forked_reads(tmp_path, monkeypatch):
    """The files each forked process read, as ``pid path`` lines in a file (a fork cannot append to a list here)."""
    log = tmp_path / "forked-reads.txt"
    original = reading.read_share

    def recorded(readers, paths):
        with log.open("a", encoding="utf-8") as out:
            out.writelines(f"{os.getpid()} {path}\n" for path in paths)
        return original(readers, paths)

    monkeypatch.setattr(reading, "read_share", recorded)
    return lambda: [line.split(" ", 1) for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []


def test_the_sample_read_on_two_processes_is_the_same_site(tmp_path, forked_reads):
    serial = build_sample(tmp_path / "serial" / "output", READING={"workers": 1})
    assert forked_reads() == []
    parallel = build_sample(tmp_path / "parallel" / "output", READING=FORKED)
    read = forked_reads()
    # Half of the articles were read by another process...
    assert len(read) >= 15 and {pid for pid, _ in read} != {str(os.getpid())}
    # ...and the site is the same, byte for byte.
    assert files(serial.output) == files(parallel.output)


def test_what_a_reading_logs_in_a_forked_process_is_logged_once_by_the_build(tmp_path, monkeypatch, forked_reads):
    original = YAMLMetadataReader.read

    def read(self, source_path):  # every file warns, wherever it is read
        logging.getLogger("portal.test").warning("bermasalah: %s", Path(source_path).name)
        return original(self, source_path)

    monkeypatch.setattr(YAMLMetadataReader, "read", read)
    with pytest.raises(BuildFailed) as failure:
        build_sample(tmp_path / "output", READING=FORKED)
    assert len(forked_reads()) >= 15  # a forked process read these first, and dropped its readings
    warned = [line for line in failure.value.problems if "bermasalah" in line]
    assert sorted(warned) == sorted(f"WARNING: bermasalah: {p.name}" for p in (PROJECT_ROOT / "content").rglob("*.md"))


def test_shares_keep_file_order():
    assert shares(list("abcdefg"), 3) == [["a", "b", "c"], ["d", "e"], ["f", "g"]]
    assert shares(list("ab"), 2) == [["a"], ["b"]]
