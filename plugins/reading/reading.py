"""reading: the articles a build reads, read on every core.

Reading 600 Markdown articles (front matter and Markdown to HTML) is the
longest step of a full build that ran on one core. When a build has at least
``READING["parallel_from"]`` articles to read (not reused from an earlier
build of the preview), they are split, in the order Pelican reads them (that of
its set of files), into one share per usable CPU (``READING["workers"]``, None:
all): at the first article a process is forked for each share after the first,
while Pelican goes on reading the first itself; when it gets to a file of a
later share, it takes that share's readings (waiting for them if need be).

A reading is the reader's own value, ``(content HTML, metadata)``, as
Pelican's reader cache keeps it; Pelican builds the article from it as from
its own reading, so the pages are byte-identical (``test_reading.py``). A file
whose reading logged anything or raised, or that changed meanwhile, is not
taken: Pelican reads it itself, so its messages appear once, in the main
process, as in a serial build. The readings travel pickled with the site's
settings by reference (categories and tags hold them): they come back holding
the main process's own settings, not copies.
"""

import logging
import os

from pelican import signals
from pelican.readers import _filter_discardable_metadata
from pelican.utils import file_suffix

from plugins.common import incremental
from plugins.common.cache import dumps_sharing, loads_sharing
from plugins.common.parallel import Forked, worker_count
from plugins.common.settings import plugin_settings

DEFAULTS = {
    "workers": None,  # None: one process per usable CPU
    "parallel_from": 200,  # fewer articles to read: one process (a fork costs more than it saves)
}


class _Seen(logging.Handler):
    """Counts what is logged while a forked process reads a file."""

    def __init__(self) -> None:
        super().__init__(level=logging.NOTSET)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def read_share(readers, paths: list[str]) -> bytes:
    """The readings of ``paths`` that logged nothing: {path: (stamp, (content, metadata))}, pickled."""
    seen = _Seen()
    logging.getLogger().addHandler(seen)
    readings = {}
    for path in paths:
        seen.count, stamp = 0, incremental.file_stamp(path)
        try:
            content, metadata = readers.readers[file_suffix(path)].read(path)
        except Exception:  # noqa: BLE001 - the main process reads it again and reports it
            continue
        if not seen.count and stamp is not None and incremental.file_stamp(path) == stamp:
            readings[path] = (stamp, (content, _filter_discardable_metadata(metadata)))
    return dumps_sharing(readings, readers.settings)


class Prefetch:
    """The later shares of one generator's articles, read by forked processes."""

    def __init__(self, readers, shares: list[list[str]]):
        self.readers = readers
        self.pending = [(frozenset(share), Forked(lambda share=share: read_share(readers, share),
                                                  "reading articles", logs=False)) for share in shares]
        self.readings: dict[str, tuple] = {}

    def take(self, path: str) -> tuple | None:
        """The forked reading of ``path`` if there is a usable one (once), else None."""
        for entry in list(self.pending):
            if path in entry[0]:
                self.pending.remove(entry)
                self._receive(entry[1])
        stamp, reading = self.readings.pop(path, (None, None))
        return reading if stamp is not None and incremental.file_stamp(path) == stamp else None

    def close(self) -> None:
        """Wait for shares never asked for (the generator read none of their files)."""
        while self.pending:
            self._receive(self.pending.pop()[1])
        self.readings.clear()

    def _receive(self, forked: Forked) -> None:
        data = forked.join()
        if data is not None:
            self.readings.update(loads_sharing(data, self.readers.settings))


def shares(paths: list[str], workers: int) -> list[list[str]]:
    """``paths`` in ``workers`` contiguous shares, in order."""
    size, extra = divmod(len(paths), workers)
    result, start = [], 0
    for index in range(workers):
        end = start + size + (index < extra)
        result.append(paths[start:end])
        start = end
    return result


def _start(generator) -> None:
    """At an articles generator's first reading: fork the readers of the later shares."""
    if getattr(generator, "_portal_prefetch", False) is not False:
        return
    generator._portal_prefetch = None
    settings = generator.settings
    options = plugin_settings(settings, "READING", DEFAULTS)
    files = generator.get_files(settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"])
    readers = generator.readers
    paths = [path for path in (os.path.abspath(os.path.join(generator.path, f)) for f in files)
             if file_suffix(path) in readers.readers and not incremental.has_reading(path)]
    workers = worker_count(options["workers"], len(paths), options["parallel_from"])
    if workers > 1:
        generator._portal_prefetch = readers._portal_prefetch = Prefetch(readers, shares(paths, workers)[1:])


def _install(readers) -> None:
    """Readers hand out a forked reading before asking the reader cache (or the reader)."""
    earlier_get, earlier_put = readers.get_cached_data, readers.cache_data
    readers._portal_prefetch = None

    def get_cached_data(path, default=None):
        prefetch = readers._portal_prefetch
        reading = prefetch.take(path) if prefetch is not None else None
        if reading is None:
            return earlier_get(path, default)
        earlier_put(path, reading)  # as if read here: the preview's reader cache keeps it
        return reading

    readers.get_cached_data = get_cached_data


def _finish(generator) -> None:
    prefetch = getattr(generator, "_portal_prefetch", None)
    if prefetch is not None:
        prefetch.close()


def register() -> None:
    signals.readers_init.connect(_install)
    signals.article_generator_preread.connect(_start)
    signals.article_generator_finalized.connect(_finish)
