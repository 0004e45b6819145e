"""Render many pages on every core: fork after the context is built, same output.

A generator that writes thousands of pages (the catalogue) hands its
``writer.write_file`` calls to :func:`write_all` as :class:`Job` s. With more
than one worker, the process forks after everything is read and grouped, so
each worker starts with the full context (copy-on-write, nothing pickled) and
renders into the same staging folder the jobs it claims, a chunk at a time
(:class:`_Claims`: whoever is free takes the next chunk). The parent renders
what it claims too, then collects from each worker:

- every log record of level WARNING or above, logged again in the parent, so
  the strict build fails on a worker's warning exactly as on its own;
- an exception, logged as an ERROR (the build fails);
- the pages an incremental build rendered or kept (plugins/common/incremental);
- the files written: added to the writer's record of written files (a second
  write to one path still fails), and announced with ``content_written`` as the
  serial writer would (the context sent has only ``output_file``: the pages
  written here are not articles or pages, which is all pelican-sitemap looks
  for).

The parent renders the last job, after the others, so what rendering leaves
in the shared context (``localsiteurl``) is what a serial run leaves. Files are
byte-identical to a serial run: each page depends only on the context and its
job. Without ``os.fork`` (or with one worker, or few jobs) it is the serial loop.
"""

import gc
import itertools
import logging
import os
import pickle
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from signal import SIGTERM
from typing import Any

from blinker import ANY
from pelican.plugins import signals
from pelican.utils import get_relative_path, path_to_url

from plugins.common import incremental

logger = logging.getLogger(__name__)


@dataclass
class Job:
    """One ``writer.write_file(name, template, context, **kwargs)`` call.

    ``changed`` and ``base`` (incremental builds, plugins/common/incremental
    ``keep_jobs``): ``kwargs`` is a copy of the dict ``base`` (an earlier job's
    kwargs) with the same values, in which the list paginated as each key of
    ``changed`` had the items at those positions replaced in place since.
    """

    name: str
    template: Any
    kwargs: dict[str, Any] = field(default_factory=dict)
    changed: Mapping[str, frozenset[int]] | None = None
    base: dict[str, Any] | None = None


class JobSet:
    """A generator's jobs in writing order, most of them as its last build made them.

    ``values`` holds every job's kwargs by name. A job made this build is added
    whole (:meth:`add`); one the generator hands the very kwargs dict it gave the
    job of that name before is only named (:meth:`carry`), with the same template
    as then, and made into a :class:`Job` only if it must be written: in the
    preview's rebuild of 30,000 records, most jobs are never made or visited
    (plugins/common/incremental, ``Session.keep_jobs``). Iterating gives every job.
    """

    def __init__(self, get_template: Callable[[str], Any], default_template: str):
        self.values: dict[str, dict[str, Any]] = {}
        self.fresh: dict[str, Job] = {}
        self.templates: dict[str, str] = {}  # carried jobs' templates, where not the default
        self.get_template, self.default_template = get_template, default_template

    def add(self, job: Job) -> None:
        self.values[job.name] = job.kwargs
        self.fresh[job.name] = job

    def carry(self, name: str, template_name: str, kwargs: dict[str, Any]) -> None:
        self.values[name] = kwargs
        if template_name != self.default_template:
            self.templates[name] = template_name

    def job(self, name: str) -> Job:
        found = self.fresh.get(name)
        if found is not None:
            return found
        template = self.get_template(self.templates.get(name, self.default_template))
        return Job(name, template, self.values[name])

    def __len__(self) -> int:
        return len(self.values)

    def __iter__(self) -> Iterator[Job]:
        return map(self.job, list(self.values))

    @classmethod
    def of(cls, jobs: Iterable[Job]) -> "JobSet":
        """The jobs of a list, all made this build."""
        found = cls(None, "")
        for job in jobs:
            found.add(job)
        return found


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def worker_count(setting: int | None, jobs: int, parallel_from: int) -> int:
    """Workers to use: ``setting`` (None or 0: one per usable CPU), 1 below ``parallel_from`` jobs."""
    if not hasattr(os, "fork") or jobs < max(parallel_from, 2):
        return 1
    return max(1, min(setting or usable_cpus(), jobs))


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            message += f" ({record.exc_info[1]})"
        self.records.append((record.name, record.levelno, message))


def _announce(writer, paths: Sequence[str], label: str = "") -> None:
    """Count ``paths`` as written and send ``content_written`` for each, as the writer would.

    Tens of thousands of pages: the receivers are looked up once and called
    directly, about ten times cheaper than ``send`` per path, and pelican-sitemap's
    takes all paths in one step (``incremental.bulk_receiver``); ``send`` itself
    only when a receiver listens to particular senders.
    """
    signal = signals.content_written
    specific = any(ids for sender, ids in signal._by_sender.items() if sender != 0)  # 0: blinker's ANY_ID
    written = writer._written_files
    for path in written.intersection(paths):  # as a full build would report it
        logger.error('"%s" written twice%s', path, label)
    written.update(paths)
    if specific:
        for path in paths:
            signal.send(path, context={"output_file": path})
        return
    for receiver in signal.receivers_for(ANY):
        bulk = incremental.bulk_receiver(receiver)
        if bulk is not None:
            bulk(paths)
            continue
        for path in paths:
            receiver(path, context={"output_file": path})


def _run(writer, context: Mapping[str, Any], jobs: Iterable[Job]) -> None:
    writer = incremental.page_writer(writer)
    session = incremental.current  # records which pages each job wrote
    for job in jobs:
        if session is not None:
            session.start_job(job)
        writer.write_file(job.name, job.template, context, **job.kwargs)
        if session is not None:
            session.end_job(job, context)


def _last_kwargs(jobs: Sequence[Job] | JobSet) -> dict[str, Any]:
    if isinstance(jobs, JobSet):
        return jobs.values[next(reversed(jobs.values))]
    return jobs[-1].kwargs


def _keep_unchanged(writer, context, jobs: Sequence[Job] | JobSet) -> tuple[list[Job], str | None]:
    """In an incremental build: the jobs whose pages must be written again.

    The pages of the others stay as the last build wrote them; they are
    announced (``content_written``) and counted as written like any other.
    Also returns the ``localsiteurl`` writing the last job would leave in the
    context, when that job is kept (None otherwise).
    """
    session = incremental.current
    if session is None:
        return list(jobs), None
    remaining, pages, last_page = session.keep_jobs(jobs, context)
    # The session's pages are relative to the normalised output path (MemoWriter): joined
    # to it as os.path.abspath(os.path.join(...)) would, without its normpath.
    _announce(writer, list(map(f"{os.path.abspath(writer.output_path)}/".__add__, pages)))
    if last_page is not None and _last_kwargs(jobs).get("relative_urls"):
        return remaining, path_to_url(get_relative_path(last_page))
    return remaining, None


def _child(writer, context, jobs: Iterable[Job], pipe: int) -> None:
    """In the forked worker: render, then send what the parent must know; never returns."""
    status = 0
    try:
        root = logging.getLogger()
        for handler in list(root.handlers):  # the parent's collector would keep them here
            root.removeHandler(handler)
        capture = _Capture()
        root.addHandler(capture)
        written: list[str] = []

        def seen(path, context):
            written.append(path)

        signals.content_written.connect(seen)  # other receivers run here to no effect
        incremental.forget_progress()  # report only this worker's pages to the parent
        error = None
        try:
            _run(writer, context, jobs)
        except Exception as exc:  # noqa: BLE001 - sent to the parent, which fails the build
            error = f"{type(exc).__name__}: {exc}"
        pages = incremental.report()
        payload = pickle.dumps(
            {"logs": capture.records, "written": written, "error": error, "pages": pages}
        )
        with os.fdopen(pipe, "wb") as out:
            out.write(payload)
    except BaseException:  # noqa: BLE001 - a worker must never return into the caller
        status = 1
    finally:
        os._exit(status)


def write_all(writer, context: Mapping[str, Any], jobs: Iterable[Job] | JobSet, workers: int = 1,
              parallel_from: int = 1) -> None:
    """Run ``jobs`` (or a :class:`JobSet`) through ``writer`` on ``workers`` processes
    (see the module text).

    In an incremental build, the jobs whose pages all stay are taken out first;
    fewer than ``parallel_from`` left (a preview's rebuild after one change) are
    written in this process: a fork of a process holding 30,000 records costs
    more than it saves on a few pages (its pages are copied as it touches them).
    """
    if not isinstance(jobs, JobSet):
        jobs = list(jobs)
    jobs, last_siteurl = _keep_unchanged(writer, context, jobs)
    if len(jobs) < max(parallel_from, 2):
        workers = 1
    try:
        _write_all(writer, context, jobs, workers)
    finally:
        if last_siteurl is not None:  # the last page's, as a full build leaves it
            context["localsiteurl"] = last_siteurl


CLAIMS = 1024  # at most this many chunks of jobs (4 bytes each: a pipe holds them all)


def _weight(job: Job) -> int:
    """How much a job writes, roughly: the items it paginates (a record's page: 0)."""
    paginated = job.kwargs.get("paginated")
    return sum(len(items) for items in paginated.values()) if paginated else 0


class _Claims:
    """The jobs but the last, handed out a chunk at a time to whichever process asks
    first: the processes finish together, whatever else (the search index) slows
    one of them. Chunk numbers wait in a pipe filled before the fork; each process
    reads one (4 bytes: a pipe read under its lock, never split) until the pipe is
    empty. The largest lists go first, single pages last, so the last chunks are short.
    """

    def __init__(self, jobs: Sequence[Job]):
        self.jobs = jobs
        self.order = sorted(range(len(jobs)), key=lambda index: -_weight(jobs[index]))
        self.size = max(1, -(-len(jobs) // CLAIMS))
        self.read_end, write_end = os.pipe()
        try:
            chunks = range(0, len(jobs), self.size)
            os.write(write_end, b"".join(start.to_bytes(4, "little") for start in chunks))
        finally:
            os.close(write_end)  # once empty, a read returns nothing

    def __iter__(self):
        while len(data := os.read(self.read_end, 4)) == 4:
            start = int.from_bytes(data, "little")
            for index in self.order[start:start + self.size]:
                yield self.jobs[index]

    def close(self) -> None:
        os.close(self.read_end)


def _write_all(writer, context: Mapping[str, Any], jobs: Sequence[Job], workers: int) -> None:
    if workers <= 1:
        _run(writer, context, jobs)
        return
    claims = _Claims(jobs[:-1])
    children: list[tuple[int, int, int]] = []  # (pid, read end, worker number)
    gc.freeze()  # keep the collector from touching (and so copying) the shared pages
    try:
        for index in range(1, workers):
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(read_end)
                _child(writer, context, claims, write_end)
            os.close(write_end)
            children.append((pid, read_end, index))
    finally:
        gc.unfreeze()
    try:
        _run(writer, context, itertools.chain(claims, jobs[-1:]))  # the last job last, here
    finally:
        claims.close()
        results = []
        for pid, read_end, index in children:
            with os.fdopen(read_end, "rb") as incoming:
                data = incoming.read()
            _, status = os.waitpid(pid, 0)
            results.append((index, data, status))
    for index, data, status in results:
        if status != 0 or not data:
            logger.error("render worker %d stopped without a result (status %d)", index, status)
            continue
        result = pickle.loads(data)  # noqa: S301 - our own forked child
        for name, level, message in result["logs"]:
            logging.getLogger(name).log(level, "%s", message)
        if result["error"]:
            logger.error("render worker %d: %s", index, result["error"])
        if result["pages"] is not None:
            incremental.adopt(*result["pages"])
        _announce(writer, result["written"], f" (render worker {index})")


class Forked:
    """``function()`` run by a process forked now, while the caller goes on; :meth:`join` waits.

    What the process logs at WARNING or above is logged again by :meth:`join`
    (with ``logs=False`` nothing it logs goes anywhere: the function reports
    through its value), and an exception is logged there as an ERROR (the strict
    build fails), as for the render workers. :meth:`join` returns the function's
    value (it must pickle), None if it failed. A build that stops before joining
    stops it (:func:`stop_forked`).
    """

    running: list["Forked"] = []

    def __init__(self, function, label: str, logs: bool = True):
        self.label = label
        read_end, write_end = os.pipe()
        gc.freeze()  # keep the collector from touching (and so copying) the shared pages
        try:
            self.pid = os.fork()
        finally:
            gc.unfreeze()
        if self.pid == 0:  # pragma: no cover - runs in the forked process
            status = 0
            try:
                os.close(read_end)
                root = logging.getLogger()
                for handler in list(root.handlers):
                    root.removeHandler(handler)
                capture = _Capture()
                if logs:
                    root.addHandler(capture)
                error = value = None
                try:
                    value = function()
                except Exception as exc:  # noqa: BLE001 - sent to the parent, which fails the build
                    error = f"{type(exc).__name__}: {exc}"
                with os.fdopen(write_end, "wb") as out:
                    out.write(pickle.dumps({"logs": capture.records, "error": error, "value": value}))
            except BaseException:  # noqa: BLE001 - never return into the caller
                status = 1
            finally:
                os._exit(status)
        os.close(write_end)
        self.read_end = read_end
        Forked.running.append(self)

    def join(self) -> Any:
        with os.fdopen(self.read_end, "rb") as incoming:
            data = incoming.read()
        _, status = os.waitpid(self.pid, 0)
        Forked.running.remove(self)
        if status != 0 or not data:
            logger.error("%s stopped without a result (status %d)", self.label, status)
            return None
        result = pickle.loads(data)  # noqa: S301 - our own forked child
        for name, level, message in result["logs"]:
            logging.getLogger(name).log(level, "%s", message)
        if result["error"]:
            logger.error("%s: %s", self.label, result["error"])
        return result["value"]


def stop_forked() -> None:
    """Stop and reap what a failed build forked and did not join."""
    while Forked.running:
        forked = Forked.running.pop()
        try:
            os.kill(forked.pid, SIGTERM)
            os.waitpid(forked.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(forked.read_end)


_in_worker = False  # True in a process fork_map started (it ends after its share)


def in_worker() -> bool:
    """Whether this is a worker of :func:`fork_map`: what it keeps for later is lost."""
    return _in_worker


def fork_map(function, items: Sequence[Any], workers: int = 1) -> list[Any]:
    """``[function(item) for item in items]`` on ``workers`` processes, results in order.

    Results must pickle. An exception in a worker is raised here as a
    RuntimeError naming it (a build reports it and fails).
    """
    if workers <= 1 or len(items) < 2:
        return [function(item) for item in items]
    workers = min(workers, len(items))
    indexes = list(range(len(items)))
    shares = [indexes[start::workers] for start in range(workers)]
    children: list[tuple[int, int]] = []
    gc.freeze()
    try:
        for share in shares[1:]:
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # pragma: no cover - runs in the worker
                global _in_worker
                _in_worker = True
                status = 0
                try:
                    os.close(read_end)
                    try:
                        payload = pickle.dumps(("ok", [(i, function(items[i])) for i in share]))
                    except Exception as exc:  # noqa: BLE001 - sent to the parent
                        payload = pickle.dumps(("error", f"{type(exc).__name__}: {exc}"))
                    with os.fdopen(write_end, "wb") as out:
                        out.write(payload)
                except BaseException:  # noqa: BLE001 - never return into the caller
                    status = 1
                finally:
                    os._exit(status)
            os.close(write_end)
            children.append((pid, read_end))
    finally:
        gc.unfreeze()
    results: list[Any] = [None] * len(items)
    problem = None
    try:
        for i in shares[0]:
            results[i] = function(items[i])
    finally:
        for pid, read_end in children:
            with os.fdopen(read_end, "rb") as incoming:
                data = incoming.read()
            os.waitpid(pid, 0)
            kind, value = pickle.loads(data) if data else ("error", "worker stopped without a result")  # noqa: S301
            if kind == "ok":
                for i, result in value:
                    results[i] = result
            else:
                problem = problem or value
    if problem:
        raise RuntimeError(f"worker: {problem}")
    return results
