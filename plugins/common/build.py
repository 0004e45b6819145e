"""Strict, atomic builds: the one code path for the CLI, the preview and the tests.

Pelican logs a file it cannot read and goes on. Here any record of level
WARNING or above fails the build, and every such message is reported at the
end (``--fatal`` would stop at the first). Pelican writes into a staging
folder beside ``output/``; only a build without problems replaces
``output/``, so a failed build never leaves a half-written site behind. The
replaced site is deleted in the background (a detached ``rm -rf``).

The preview builds incrementally (``incremental=True``, plugins/common/incremental):
after its first build, only changed files are written: rendered pages over
their files in ``output/`` once the build has succeeded, other files to staging
and moved into ``output/`` one by one; ``output/`` is not replaced.

While a build runs, Python's full garbage collections are held back
(:func:`quiet_collector`): each one walks every object alive, which at 30,000
records is millions (the preview also keeps the last build's pages and caches),
and they came back several times per build (half of a record rebuild's time).
Young objects are still collected; the preview collects fully once the pages
are out (:func:`collect_garbage`).
"""

import contextlib
import gc
import itertools
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pelican import Pelican, signals
from pelican.contents import Content
from pelican.log import LimitFilter
from pelican.settings import read_settings

from plugins.common import incremental as incremental_builds
from plugins.common.dates import build_now
from plugins.common.errors import DRAFT_NOTE, ValidationFailed
from plugins.common.parallel import stop_forked

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SETTINGS = PROJECT_ROOT / "pelicanconf.py"


@dataclass
class BuildResult:
    output: Path
    pages: int
    drafts: list[str] = field(default_factory=list)
    rendered: int | None = None  # pages rendered (the others kept), in an incremental rebuild


@dataclass
class BuildFailed(Exception):
    """The build logged warnings or errors, or raised; nothing was published."""

    problems: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        count = len(self.problems)
        lines = [f"Build gagal: {count} masalah. Folder output tidak diubah."]
        lines += [f"  - {problem}" for problem in self.problems]
        return "\n".join(lines)


class _Collector(logging.Handler):
    """Keep every WARNING-or-worse record so that all are reported at once."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            message += f" ({record.exc_info[1]})"
        self.messages.append(f"{record.levelname}: {message}")


def load_settings(
    settings_file: Path | str = DEFAULT_SETTINGS,
    overrides: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Read a Pelican settings file with overrides, as ``pelican -s`` does."""
    return read_settings(str(settings_file), override=dict(overrides or {}))


def _sibling(path: Path, suffix: str) -> Path:
    return path.with_name(f"{path.name}.{suffix}")


_swaps = itertools.count()


def _discard(folder: Path) -> None:
    """Remove ``folder`` in the background: a detached ``rm -rf``, or here without ``rm``.

    Deleting a previous site of 40,000 files takes seconds; the new one is in
    place already, so the build does not wait for it (and the folder, named
    ``output.previous-*``, is ignored by git and removed by ``./dev clean``).
    """
    try:
        subprocess.Popen(
            ["rm", "-rf", "--", str(folder)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


def _replace_dir(new: Path, final: Path) -> None:
    """Put ``new`` where ``final`` is, keeping the old one until the swap is done."""
    previous = _sibling(final, f"previous-{os.getpid()}-{next(_swaps)}")
    if final.exists():
        final.rename(previous)
    try:
        new.rename(final)
    except OSError:
        if previous.exists():
            previous.rename(final)
        raise
    if previous.exists():
        _discard(previous)


def _reset_process_state(settings: Mapping[str, Any]) -> None:
    """Forget what an earlier build in this process left behind.

    Pelican drops a message it has logged before in this process, so a second
    build (the preview, the tests) would pass a problem the first one caught.
    pelican-sitemap keeps the Pelican run it is waiting for until a build
    finishes, so after a failed build it would never write sitemap.xml again;
    its "now" (lastmod of index pages) is the build's, for reproducible builds.
    Pelican memoises an article's or page's HTML and summary in one cache per
    method, keyed by the object: without emptying them, every article of every
    build stayed alive in the preview (about 25 MiB a rebuild at 600 articles).
    Schemas read before are read again if a schema file changed since.
    """
    from plugins.common import schemas  # (it imports this module)

    schemas.refresh()
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
    for name in ("get_content", "get_summary"):
        memoized = Content.__dict__.get(name)
        if memoized is not None and isinstance(getattr(memoized, "cache", None), dict):
            memoized.cache.clear()
    if "pelican.plugins.sitemap" in settings.get("PLUGINS", []):
        from pelican.plugins.sitemap import sitemap

        sitemap.generator._main_pelican = None
        sitemap.generator.page_queue = []
        sitemap.generator.now = build_now(settings)


@contextlib.contextmanager
def quiet_collector():
    """No full (oldest-generation) garbage collection until the block ends.

    Cycles among young objects are still found by the young collections; what
    lives long is the build's own data, freed by reference counting with the
    build or kept on purpose (the preview's record of the last build).
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(thresholds[0], thresholds[1], 1 << 30)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


_spent: list = []  # what the preview's last build left to free (see _build): freed when idle


def collect_garbage() -> int:
    """A full collection now (the preview, between builds); objects found unreachable."""
    _spent.clear()
    return gc.collect()


def build(
    settings_file: Path | str = DEFAULT_SETTINGS,
    overrides: Mapping[str, Any] | None = None,
    incremental: bool = False,
    background: bool = False,
) -> BuildResult:
    """Build the site strictly; replace OUTPUT_PATH only if nothing went wrong.

    ``incremental``: after a first build in this process, render only the pages
    whose inputs changed and put them into OUTPUT_PATH (plugins/common/incremental).
    ``background`` (with ``incremental``): files no page includes and that take
    seconds (the search index) follow the pages from a background process.
    """
    _spent.clear()  # the last preview build's, if not freed while idle
    with quiet_collector():
        return _build(settings_file, overrides, incremental, background)


class _Written:
    """The paths a build announces as written (``content_written``), in bulk too
    (plugins/common/parallel): every page, without walking 43,000 folders after."""

    def __init__(self) -> None:
        self.paths: set[str] = set()

    def __call__(self, path, context=None) -> None:
        self.paths.add(path)

    def bulk(self, paths) -> None:
        self.paths.update(paths)


def _build(settings_file, overrides, incremental, background) -> BuildResult:
    settings = load_settings(settings_file, overrides)
    final = Path(settings["OUTPUT_PATH"])
    staging = _sibling(final, f"staging-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    settings["OUTPUT_PATH"] = str(staging)
    _reset_process_state(settings)
    session = incremental_builds.open_session(final, settings, background) if incremental else None

    collector = _Collector()
    root = logging.getLogger()
    root.addHandler(collector)
    drafts: list[str] = []
    written = _Written()
    signals.content_written.connect(written, weak=False)
    try:
        pelican = Pelican(settings)
        drafts = getattr(pelican, "portal_drafts", [])
        pelican.run()
    except ValidationFailed as failure:
        collector.messages.extend(failure.lines())
    except Exception as error:  # noqa: BLE001 - reported to the editor, not lost
        collector.messages.append(f"ERROR: {type(error).__name__}: {error}")
    finally:
        stop_forked()  # what a failed build forked and did not wait for
        signals.content_written.disconnect(written)
        root.removeHandler(collector)
        incremental_builds.close_session()

    if collector.messages:
        shutil.rmtree(staging, ignore_errors=True)
        if session is not None:
            session.abandon()
        raise BuildFailed(collector.messages)

    if session is not None and session.active:  # only changed files are in staging
        produced = incremental_builds.merge_into(staging, final, session)
        leftover = _sibling(final, f"previous-{os.getpid()}-{next(_swaps)}")
        with contextlib.suppress(FileNotFoundError):  # its empty folders, removed in the background
            staging.rename(leftover)
            _discard(leftover)
        counted = None
    else:  # a full build: the session (if any) records every file it produced
        produced = counted = written.paths  # the pages are counted as announced
        final.parent.mkdir(parents=True, exist_ok=True)
        if session is not None and not background:
            produced = incremental_builds.list_files(staging)
        _replace_dir(staging, final)
        if session is not None and background:  # the preview: listed while it waits for an edit
            produced = incremental_builds.Listing(final)
    rendered = None
    if session is not None:
        rendered = session.rendered if session.active else None
        deferred = session.deferred
        session.finish(produced)
        incremental_builds.run_deferred(final, deferred, session)
    if background and session is not None:
        # The preview's build: its generators and context (held by the deferred work) and
        # the 60,000 page paths it announced would be freed as this returns (15 ms at 30,000
        # records); freed when the preview is idle instead (or as the next build starts).
        _spent[:] = [pelican, written, deferred]
    if counted is None:  # counted by merge_into
        pages = session.page_count
    else:
        pages = sum(map(str.endswith, counted, itertools.repeat(".html")))  # in C: 42,000 names
    return BuildResult(output=final, pages=pages, drafts=drafts, rendered=rendered)


def rebuild(
    settings_file: Path | str = DEFAULT_SETTINGS,
    overrides: Mapping[str, Any] | None = None,
    incremental: bool = False,
    background: bool = False,
) -> bool:
    """Build once and report on the console, as editors see it. True on success."""
    try:
        result = build(settings_file, overrides, incremental, background)
    except BuildFailed as failure:
        sys.stderr.write(f"{failure}\n")
        return False
    updated = "" if result.rendered is None else f", {result.rendered} diperbarui"
    sys.stdout.write(f"Build selesai: {result.pages} halaman HTML{updated} di {result.output}\n")
    for draft in result.drafts:
        sys.stdout.write(f"  {DRAFT_NOTE['id']}: {draft}\n")
    return True


def exit_now(code: int) -> None:
    """End a one-build process (``./dev build``, ``./dev publish``) without freeing what it holds.

    Python's own exit frees every object still alive and runs a last full
    collection: the parsed catalogue and the memos kept for a next build in the
    same process (the preview's), 1.3 s at 30,000 records, while the pages are
    written already. Output and logs are flushed first; the files were closed.
    """
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    """``python -m plugins.common.build [SETTINGS]``: build, print problems, exit 1."""
    args = sys.argv[1:] if argv is None else argv
    return 0 if rebuild(args[0] if args else DEFAULT_SETTINGS) else 1


if __name__ == "__main__":
    exit_now(main())
