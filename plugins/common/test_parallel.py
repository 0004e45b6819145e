"""Rendering on several processes: same files, and a worker's warning or error still counts."""

import logging
import os
import time
from pathlib import Path

import pytest
import yaml
from pelican.plugins import signals
from pelican.writers import Writer

from plugins.catalogue.catalogue import CatalogueGenerator
from plugins.catalogue.test_catalogue import book
from plugins.common.build import BuildFailed
from plugins.common.parallel import Job, worker_count, write_all

SETTINGS = {"RELATIVE_URLS": True, "PAGINATED_TEMPLATES": {}, "DEFAULT_PAGINATION": False}


class Template:
    """Stands in for a Jinja template: renders its name, warns or raises when told, in a worker."""

    def __init__(self, warn=None, fail=None):
        self.parent, self.warn, self.fail = os.getpid(), warn, fail

    def render(self, context):
        in_worker = os.getpid() != self.parent
        if not in_worker:
            time.sleep(0.05)  # the worker claims jobs meanwhile (whoever is free takes the next)
        if in_worker and self.warn:
            logging.getLogger("portal.test").warning(self.warn)
        if in_worker and self.fail:
            raise ValueError(self.fail)
        return f"<p>{context['output_file']}</p>"


def jobs(template, count=6):
    return [Job(f"p{n}/index.html", template) for n in range(count)]


@pytest.fixture
def announced():
    paths = []

    def receiver(path, context):
        paths.append(path)

    signals.content_written.connect(receiver)
    yield paths
    signals.content_written.disconnect(receiver)


def test_workers_write_every_file_and_the_writer_knows_them(tmp_path, announced):
    writer = Writer(str(tmp_path), SETTINGS)
    write_all(writer, {}, jobs(Template()), workers=2)
    expected = {str(tmp_path / f"p{n}/index.html") for n in range(6)}
    assert set(announced) == expected and writer._written_files == expected
    assert (tmp_path / "p3/index.html").read_text() == "<p>p3/index.html</p>"


class Signed(Template):
    """Writes which process rendered the page."""

    def render(self, context):
        super().render(context)
        return f"<p>{os.getpid()}</p>"


def test_a_busier_process_renders_fewer_pages(tmp_path):
    # The parent is slow here (as when the search index shares its core): the worker,
    # free, takes the next jobs instead of waiting for the parent to finish half.
    write_all(Writer(str(tmp_path), SETTINGS), {}, jobs(Signed(), count=40), workers=2)
    signed = [(tmp_path / f"p{n}/index.html").read_text() for n in range(40)]
    by_parent = signed.count(f"<p>{os.getpid()}</p>")
    assert 1 <= by_parent <= 10
    assert signed[-1] == f"<p>{os.getpid()}</p>"  # the last job is the parent's


def test_the_largest_lists_are_handed_out_first():
    from plugins.common.parallel import _Claims

    pool = [Job("a", None), Job("b", None, {"paginated": {"records": [1] * 50}}),
            Job("c", None, {"paginated": {"records": [1] * 5}}), Job("d", None)]
    claims = _Claims(pool)
    try:
        assert [job.name for job in claims] == ["b", "c", "a", "d"]
    finally:
        claims.close()


def test_a_warning_in_a_worker_is_logged_in_the_parent(tmp_path, caplog):
    write_all(Writer(str(tmp_path), SETTINGS), {}, jobs(Template(warn="buku tanpa judul")), workers=2)
    # Pelican's log filter lets a repeated message through once, as in a serial build.
    assert {(r.levelno, r.getMessage()) for r in caplog.records if r.name == "portal.test"} == {
        (logging.WARNING, "buku tanpa judul")
    }


def test_an_error_in_a_worker_is_logged_in_the_parent(tmp_path, caplog):
    write_all(Writer(str(tmp_path), SETTINGS), {}, jobs(Template(fail="rusak")), workers=2)
    assert any(r.levelno == logging.ERROR and "ValueError: rusak" in r.getMessage() for r in caplog.records)


def test_few_jobs_or_one_worker_stay_serial():
    assert worker_count(2, 999, 1000) == 1
    assert worker_count(1, 5000, 1000) == 1
    assert worker_count(2, 5000, 1000) == 2
    assert worker_count(8, 3, 0) == 3


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


REVIEW = """---
title: Ulasan Judul Satu
date: 2026-01-01
summary: Ulasan.
book: buku-001
reviewer: Rina
---
Bagus.
"""


def catalogue_site(count):
    """Records in a few subjects and authors, and a review (so the feeds have a date)."""
    books = [
        book(f"buku-{n:03d}", f"Judul {n:03d}", subjects=[f"Subjek {n % 4}"], authors=[f"Pengarang {n % 7}"])
        for n in range(count)
    ]
    return {"data/katalog/a.yaml": yaml.safe_dump(books), "content/ulasan/satu.md": REVIEW}


def test_a_parallel_build_writes_the_same_bytes_as_a_serial_one(build_site, tmp_path):
    serial = build_site(tmp_path / "serial", catalogue_site(60), CATALOGUE={"workers": 1})
    parallel = build_site(
        tmp_path / "parallel", catalogue_site(60), CATALOGUE={"workers": 2, "parallel_from": 0}
    )
    assert files(serial.output) == files(parallel.output)
    assert len(serial.html_files()) > 60


def test_a_warning_while_a_worker_renders_fails_the_build(build_site, tmp_path, monkeypatch):
    original = CatalogueGenerator.jobs

    def with_a_warning(self):
        warning = Template(warn="halaman bermasalah")  # one of the two is in a worker's share
        return [Job(f"katalog/peringatan-{n}/index.html", warning) for n in (1, 2)] + list(original(self))

    monkeypatch.setattr(CatalogueGenerator, "jobs", with_a_warning)
    with pytest.raises(BuildFailed) as failure:
        build_site(tmp_path, catalogue_site(5), CATALOGUE={"workers": 2, "parallel_from": 0})
    assert "WARNING: halaman bermasalah" in failure.value.problems
    assert not (tmp_path / "output").exists()
