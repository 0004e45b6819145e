"""Incremental rebuilds: render again only the pages whose inputs changed.

The preview (and the benchmark's rebuilds) build the same site many times in
one process. After the first build, a page is rendered again only when
something it used changed; otherwise the file already in ``output/`` is kept.

What a page used is recorded while it renders: every name its templates look
up in the Jinja context (``record``, ``records_page``, ``SITENAME``, ``_``…),
through :class:`RecordingContext`, which the plugin installs on each
generator's Jinja environment. Includes, imports and partials rendered with
the page's values (``get_all()``) get a context of the same class, so their
lookups count too; a Python helper given the context (``pass_context``) must
read it with ``context.get``/``context[…]`` (recorded), and a helper that
reuses what an earlier page rendered (plugins/fragments) passes on that
render's names with :func:`note`. A page depends on the *values* of those names.
On the next build, before rendering a page again, the writer computes a
fingerprint of the current values of the names that page used last time (plus
the template sources and translations); when it equals the one recorded, the
page is kept. This is sound as long as rendering is deterministic: if none of
the values a page read changed, it reads the same names and writes the same
bytes. Values are fingerprinted deeply (a record's links, an article's text
and metadata, a list page's slice of records), once per build for objects
shared by many pages.

Some lookups are narrower than a name: ``catalogue_by_id.get(id)`` on a review
page depends on that one record, not the whole catalogue. Such mappings are
:class:`TrackedIndex` objects: looking up a key records ``(name, key)``;
iterating or measuring them records the whole name.

The writer is :class:`MemoWriter` (Pelican's ``get_writer`` signal): it renders
and paginates exactly as Pelican's Writer, but asks the current
:class:`Session` first. :func:`plugins.common.build.build` opens the session
(``incremental=True``): a build with a previous session for the same output
folder writes only changed files and then puts them into ``output/``, removing
pages no longer produced: rendered pages wait in memory and are written over
the files they replace (:meth:`Session.hold`), other files (feeds, calendars)
go through staging. Anything else (a first build,
changed templates, translations or settings, ``output/`` replaced or deleted
meanwhile, a changed schema) is a full build.

Three shortcuts on top of the page check:

- a generator's jobs (plugins/common/parallel: one ``write_file`` call per
  catalogue record or browse list) are checked before anything is paginated
  (:meth:`Session.keep_jobs`): a job handed the last build's very kwargs stays
  unless something its pages read changed, which the session finds the other
  way round (the jobs that read each name, lookup or file), so such jobs are
  never visited one by one; any other is fingerprinted whole
  (:meth:`Session.keep_job`), and a job that says which items of its list were
  replaced has only the pages showing them checked. 45,000 unchanged catalogue
  jobs cost a few set operations;
- files written outside the writer (calendar files, the sitemap) are kept with
  :func:`unchanged_file` when their inputs are the same;
- :func:`defer`: in the preview, the search index is made by a background
  process after the pages are in place.
"""

from __future__ import annotations

import bisect
import copy
import datetime as dt
import decimal
import hashlib
import itertools
import operator
import os
import shutil
import signal
import sys
import tempfile
import types
from collections import ChainMap
from collections.abc import Iterable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Template
from jinja2.bccache import BytecodeCache
from jinja2.nodes import EvalContext
from jinja2.runtime import Context, Macro, missing
from jinja2.utils import _PassArg, internalcode
from pelican import signals
from pelican.contents import Content
from pelican.generators import CachingGenerator
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import URLWrapper
from pelican.utils import get_relative_path, path_to_url, sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer

from plugins.common import text
from plugins.common.cache import dumps_sharing, loads_sharing

#: A page that notes this is always rendered again (it read something not fingerprinted).
EVERYTHING = "*"
SOURCE, OUTPUT = "@source", "@output"  # (SOURCE, path) a file read; (OUTPUT, relative) a file written

_recording: set | None = None  # the names the page being rendered looks up


def note(names: Iterable[Any]) -> None:
    """Add ``names`` to the page being rendered (a fragment reused from another page)."""
    if _recording is not None:
        _recording.update(names)


def note_source(path: Path | str) -> None:
    """The page being rendered read this file (an image): it depends on its size and mtime."""
    if _recording is not None:
        _recording.add((SOURCE, os.path.abspath(path)))


def note_output(relative: str) -> None:
    """Rendering the page wrote this file too (relative to the output folder): it is kept with it."""
    if _recording is not None:
        _recording.add((OUTPUT, relative))


def locate(output_path: Path | str, relative: str) -> Path:
    """Where a file of this build is: in the output being written, or, kept from the last
    build, in the final output folder (for plugins that read pages after writing)."""
    written = Path(output_path) / relative
    session = current
    if session is None or not session.active or written.exists():
        return written
    if relative in session.kept or f"{relative.rstrip('/')}/index.html" in session.kept:
        return session.output / relative
    return written


@contextmanager
def recording():
    """Record the lookups made inside the block; they count for the enclosing page too."""
    global _recording
    outer, names = _recording, set()
    _recording = names
    try:
        yield names
    finally:
        _recording = outer
        if outer is not None:
            outer.update(names)


def _globals_keys(globals) -> frozenset:  # noqa: A002
    """``set(globals)`` of a template, remembered on its ChainMap while no dict of it grows."""
    maps = getattr(globals, "maps", None)
    if maps is None:
        return frozenset(globals)
    size = sum(map(len, maps))
    found = globals.__dict__.get("_portal_keys")
    if found is None or found[0] != size:
        found = globals._portal_keys = (size, frozenset(globals))
    return found[1]


class PageContext(Context):
    """Jinja's context, calling a function or macro from a template in fewer steps.

    ``{{ _("Katalog") }}`` is ``context.call(_, "Katalog")``: Jinja first asks whether
    the object's ``__call__`` wants the context (for a function, a method-wrapper
    without that mark, found by a failed attribute lookup), then the object itself.
    A plain function or a macro never passes the first test, so here only the
    second is made; anything else goes through Jinja's ``call``. Same arguments,
    same context (derived with the loop's or block's variables as Jinja does).
    """

    def __init__(self, environment, parent, name, blocks, globals=None):  # noqa: A002 - Jinja's
        # Jinja's __init__, except that the keys of a template's globals (a ChainMap over
        # the environment's, the same for every page) are listed again only when one of
        # its dicts grew, not for every page and include (Jinja only reads them).
        self.parent = parent
        self.vars = {}
        self.environment = environment
        self.eval_ctx = EvalContext(environment, name)
        self.exported_vars = set()
        self.name = name
        self.globals_keys = set() if globals is None else _globals_keys(globals)
        self.blocks = {k: [v] for k, v in blocks.items()}

    @internalcode
    def call(__self, __obj, *args, **kwargs):  # noqa: N805 - Jinja's signature
        kind = type(__obj)
        if kind is not Macro and (kind is not types.FunctionType or "__call__" in __obj.__dict__):
            return Context.call(__self, __obj, *args, **kwargs)
        loop_vars = kwargs.pop("_loop_vars", None)
        block_vars = kwargs.pop("_block_vars", None)
        pass_arg = getattr(__obj, "jinja_pass_arg", None)
        if pass_arg is _PassArg.context:
            if loop_vars:
                __self = __self.derived(loop_vars)
            if block_vars:
                __self = __self.derived(block_vars)
            args = (__self, *args)
        elif pass_arg is _PassArg.eval_context:
            args = (__self.eval_ctx, *args)
        elif pass_arg is _PassArg.environment:
            args = (__self.environment, *args)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )


class RecordingContext(PageContext):
    """A Jinja context that notes each name a template looks up (see the module text)."""

    def resolve_or_missing(self, key: str) -> Any:
        # Jinja's lookup, inlined: one call per name instead of two.
        if key in self.vars:
            value = self.vars[key]
        elif key in self.parent:
            value = self.parent[key]
        else:
            value = missing
        if _recording is not None and not isinstance(value, TrackedIndex):
            _recording.add(key)
        return value


class TrackedIndex(dict):
    """A lookup table (``catalogue_by_id``) whose single lookups are recorded by key.

    Lookups, ``in``, iteration, ``len`` and the view methods are recorded;
    code that reads it as a plain dict at C level (``json.dumps``) is not, so
    templates must not serialise it whole.
    """

    def __init__(self, name: str, items: Mapping[Any, Any] = ()):
        super().__init__(items)
        self.name = name

    def _whole(self) -> None:
        if _recording is not None:
            _recording.add(self.name)

    def __getitem__(self, key):
        if _recording is not None:
            _recording.add((self.name, key))
        return super().__getitem__(key)

    def get(self, key, default=None):
        if _recording is not None:
            _recording.add((self.name, key))
        return super().get(key, default)

    def __contains__(self, key):
        if _recording is not None:
            _recording.add((self.name, key))
        return super().__contains__(key)

    def __iter__(self):
        self._whole()
        return super().__iter__()

    def __len__(self):
        self._whole()
        return super().__len__()

    def keys(self):
        self._whole()
        return super().keys()

    def values(self):
        self._whole()
        return super().values()

    def items(self):
        self._whole()
        return super().items()

    def __reduce__(self):
        return (TrackedIndex, (self.name, dict(self)))


# -- fingerprints ----------------------------------------------------------------------

_PLAIN = (str, bytes, int, float, bool, type(None), dt.date, dt.time, dt.timedelta, decimal.Decimal)
# The build-wide context and settings are fingerprinted by name where pages read them.
_SKIPPED_ATTRIBUTES = frozenset({"_context", "settings", "_output_location_referenced"})
_PENDING = object()
_PLAIN_TYPES = frozenset(_PLAIN)  # exactly these types: a set lookup, not ten isinstance checks
_CONTAINER_TYPES = frozenset({dict, list, tuple})
_FIRST, _SECOND = operator.itemgetter(0), operator.itemgetter(1)
_JOB_OUTPUTS = operator.attrgetter("outputs")
_GET_ID = operator.methodcaller("get", "id")


class Fingerprinter:
    """Deep fingerprints of context values, each shared object computed once per build.

    ``salt`` covers what a Content object's rendered text depends on besides its
    own fields: the URLs of every content file its ``{filename}`` links may
    point to. ``known`` outlives the build: a record (a dict with an ``id``)
    equal to the last build's record of that id gets its fingerprint without
    the walk (one C-level comparison instead of thousands of calls), and the
    very same record object gets it from the memo, which starts with them
    (``known_by_id``, given with ``known`` and kept in step with it).

    ``lists`` outlives the build too: a list of records (dicts with an ``id``)
    that holds the very same record objects as when it was last fingerprinted
    (a comparison by identity, in C) has the same fingerprint, without a
    lookup per record: records are never changed in place between builds (the
    catalogue replaces a changed record by a new dict, see ``known``).
    """

    def __init__(self, salt: int = 0, known: dict | None = None, lists: dict | None = None,
                 known_by_id: dict | None = None):
        self.salt = salt
        self.known = {} if known is None else known  # ("id", id, size) -> (last value, fingerprint)
        # ``known``'s values by the id of the value: each build's memo starts as a copy, in C.
        self.known_by_id = {} if known_by_id is None else known_by_id
        self.memo: dict[int, tuple[Any, int]] = dict(self.known_by_id)  # id -> (object kept alive, fingerprint)
        self.lists = {} if lists is None else lists  # id -> (list kept alive, its items, salt, fingerprint, parts)
        self.lists_seen: set[int] = set()

    def __call__(self, value: Any) -> int:
        cls = value.__class__
        if cls in _PLAIN_TYPES:
            return hash((cls.__name__, value))
        key = id(value)
        found = self.memo.get(key)
        if found is not None:
            if found[1] is _PENDING:  # a cycle (an event and its programme)
                return hash(("cycle", type(value).__name__, getattr(value, "source_path", None)))
            return found[1]
        if cls not in _CONTAINER_TYPES and isinstance(value, _PLAIN):  # Markup, SafeDatetime…
            return hash((cls.__name__, value))
        self.memo[key] = (value, _PENDING)
        result = self._compute(value)
        self.memo[key] = (value, result)
        return result

    def _parts(self, values: Iterable[Any]) -> tuple:
        """``tuple(map(self, values))``, without a call for a plain value or one seen already.

        A browse list's 1,500 records were each a Python call per build, all but
        the first answered from the memo.
        """
        memo = self.memo
        if values.__class__ is not list and values.__class__ is not tuple:
            values = tuple(values)
        if len(values) > 8:
            found = list(map(memo.get, map(id, values)))  # in C: a list of records seen already
            if None not in found:
                parts = tuple(map(_SECOND, found))
                if _PENDING not in parts:
                    return parts
        parts = []
        append = parts.append
        for item in values:
            cls = item.__class__
            if cls in _PLAIN_TYPES:
                append(hash((cls.__name__, item)))
                continue
            found = memo.get(id(item))
            if found is not None and found[1] is not _PENDING:
                append(found[1])
            elif not item and (cls is list or cls is tuple):  # a record without reviews
                append(hash((cls.__name__, ())))
            else:
                append(self(item))
        return tuple(parts)

    def _compute(self, value: Any) -> int:
        fp = self
        cls = value.__class__
        if cls is dict:  # the commonest: a record, a job's values (no attributes to ask)
            return self._dict(value)
        if cls is list or cls is tuple:
            return self._sequence(value)
        own = getattr(value, "incremental_fingerprint", None)
        if own is not None and not isinstance(value, type):  # the object says what it shows
            return hash((type(value).__qualname__, own()))
        if isinstance(value, TrackedIndex):
            return hash(("index", value.name, tuple((k, fp(v)) for k, v in dict.items(value))))
        if isinstance(value, dict):
            return self._dict(value)
        if isinstance(value, (list, tuple)):
            return self._sequence(value, remember=False)
        if isinstance(value, (set, frozenset)):
            return hash(("set", frozenset(fp(item) for item in value)))
        if isinstance(value, Paginator):  # not its whole list: a page has its own slice
            return hash(("paginator", value.name, value.url, value.per_page, value.orphans, value.count))
        if isinstance(value, Page):
            items = value.object_list  # a new slice each build: not kept for the next (``lists``)
            items = self._sequence(items, remember=False) if items.__class__ is list else fp(items)
            return hash(("page", value.name, value.base_url, value.number, value.paginator.num_pages,
                         fp(value.paginator), items))
        if isinstance(value, Content):
            return hash(("content", type(value).__name__, self.salt, self._attributes(value)))
        if isinstance(value, URLWrapper):
            return hash(("wrapper", type(value).__name__, value.name, value.slug))
        if isinstance(value, (types.FunctionType, types.BuiltinFunctionType, types.MethodType, type)):
            return hash(("code", getattr(value, "__module__", ""), getattr(value, "__qualname__", repr(value))))
        if isinstance(value, types.ModuleType):
            return hash(("module", value.__name__))
        if hasattr(value, "__dict__"):
            return hash(("object", type(value).__qualname__, self._attributes(value)))
        return hash(("other", type(value).__qualname__, repr(value)))

    def _sequence(self, value: list | tuple, remember: bool = True) -> int:
        """A list's or tuple's fingerprint; ``remember``: a list of records is kept for the next build."""
        if not remember:
            return hash((type(value).__name__, self._parts(value)))
        key = id(value)
        last = self.lists.get(key)
        if last is not None and last[0] is value and last[2] == self.salt and len(last[1]) == len(value):
            same = list(map(operator.is_, value, last[1]))  # in C, by identity: no record is read
            if False not in same:
                self.lists_seen.add(key)
                return last[3]
            # The same list with some records replaced in place (the catalogue's patch): only
            # those are fingerprinted, if each is a record too (a dict with an id).
            changed = list(itertools.compress(itertools.count(), map(operator.not_, same)))
            if all(type(value[i]) is dict and type(value[i].get("id")) is str for i in changed):
                parts = list(last[4])
                for index in changed:
                    parts[index] = self(value[index])
                parts = tuple(parts)
                result = hash((type(value).__name__, parts))
                self.lists[key] = (value, tuple(value), self.salt, result, parts)
                self.lists_seen.add(key)
                return result
        parts = self._parts(value)
        result = hash((type(value).__name__, parts))
        if value and set(map(type, value)) == {dict} and set(map(type, map(_GET_ID, value))) == {str}:
            self.lists[key] = (value, tuple(value), self.salt, result, parts)
            self.lists_seen.add(key)
        return result

    def _dict(self, value: dict) -> int:
        identity = value.get("id")
        if isinstance(identity, str):
            slot = ("id", identity, len(value))
            last = self.known.get(slot)
            if last is not None and last[0] == value:
                if last[0] is not value:  # an equal record read again: known by identity next time
                    self._know(slot, last, (value, last[1]))
                return last[1]
        result = hash(("dict", tuple(value), self._parts(value.values())))
        if isinstance(identity, str):
            self._know(slot, self.known.get(slot), (value, result))
        return result

    def _know(self, slot: tuple, last: tuple | None, entry: tuple) -> None:
        """``known[slot] = entry``, and in ``known_by_id`` (the last value let go)."""
        if last is not None:
            self.known_by_id.pop(id(last[0]), None)
        self.known[slot] = entry
        self.known_by_id[id(entry[0])] = entry

    def _attributes(self, value: Any) -> tuple:
        return tuple(
            (name, self(item)) for name, item in vars(value).items() if name not in _SKIPPED_ATTRIBUTES
        )


def _digest_files(folders: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(str(path).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


# -- the session: what the last build wrote -------------------------------------------


@dataclass
class PageRecord:
    """What a page read (names in the build's context, and in its own ``kwargs``) and wrote."""

    fingerprint: int
    shared: tuple  # names the page took from the build's context
    own: tuple  # its own values (``record``, ``records_page``…), single lookups and files read
    outputs: tuple = ()  # other files its rendering wrote (image variants)


@dataclass
class JobRecord:
    """What one ``write_file`` call of a generator's job list wrote (plugins/common/parallel)."""

    fingerprint: int
    pages: tuple  # relative paths, in writing order
    shared: tuple  # names of the build's context its pages read
    keyed: tuple  # single lookups and files its pages read
    template: str = ""
    shared_fp: int = 0  # the fingerprints of what ``shared`` and ``keyed`` stood for
    keyed_fps: tuple = ()
    outputs: tuple = ()  # other files its pages' rendering wrote


@dataclass
class Session:
    """What one output folder's last successful build rendered, and this build's progress."""

    output: Path
    pages: dict[str, PageRecord] = field(default_factory=dict)  # by path relative to output, but:
    pages_of_jobs: dict[str, PageRecord] = field(default_factory=dict)  # the pages of ``jobs``
    produced: set[str] | Listing = field(default_factory=set)  # every file of the last build, relative
    output_id: tuple[int, int] | None = None  # (device, inode) of output/ after that build
    known: dict = field(default_factory=dict)  # Fingerprinter.known, across builds
    known_by_id: dict = field(default_factory=dict)  # and by the id of each value
    lists: dict = field(default_factory=dict)  # Fingerprinter.lists, across builds
    readings: dict[str, tuple] = field(default_factory=dict)  # path -> (stamp, pickled reader output)
    jobs: dict[str, JobRecord] = field(default_factory=dict)  # by the job's name
    job_values: dict[str, dict] = field(default_factory=dict)  # each job's kwargs dict, by its name
    job_outputs: dict[str, set[str]] = field(default_factory=dict)  # other file -> the jobs writing it
    # The jobs by what they read: the id of their ``shared`` (interned; the jobs of one read
    # it with one fingerprint) -> job names, and a single lookup or file -> job names.
    by_shared: dict[int, set[str]] = field(default_factory=dict)
    by_keyed: dict[Any, set[str]] = field(default_factory=dict)
    keyed_indexes: set[str] = field(default_factory=set)  # the tracked indexes jobs read (only grows)
    unrecorded: set[str] = field(default_factory=set)  # jobs with kwargs in ``job_values`` but no record
    files: dict[str, int] = field(default_factory=dict)  # other files: relative path -> inputs
    settings_fingerprint: int | None = None
    deferred_paths: set[str] = field(default_factory=set)  # what the last build's deferred work replaced
    deferred_done: bool = False  # and that work ended well (its files in output/, the others gone)
    page_count: int | None = None  # the HTML files among ``produced``, once counted
    # This build:
    active: bool = False  # a previous build's pages may be kept
    environment: str = ""
    new_pages: dict[str, PageRecord] = field(default_factory=dict)
    kept: set[str] = field(default_factory=set)
    rendered: int = 0
    fingerprinter: Fingerprinter = field(default_factory=Fingerprinter)
    shared_fingerprints: dict[int, tuple[tuple, int]] = field(default_factory=dict)
    new_readings: dict[str, tuple] = field(default_factory=dict)
    new_jobs: dict[str, JobRecord] = field(default_factory=dict)  # of the jobs in ``made``
    new_job_values: list[dict] = field(default_factory=list)  # each job set's values
    made: set[str] = field(default_factory=set)  # the jobs made and checked one by one (not carried)
    suspects: set[str] | None = None  # the last build's jobs that read something changed since
    changed_keyed: set | None = None  # the single lookups and files read then, changed since
    keyed_fingerprints: dict = field(default_factory=dict)  # this build's, by name
    keyed_last: dict = field(default_factory=dict)  # the last build's, of the names its jobs read (see _keyed_changes)
    partial: dict = field(default_factory=dict)  # job name -> {paginated key: positions changed}
    new_files: dict[str, int] = field(default_factory=dict)
    new_page_count: int | None = None
    held: dict[str, bytes] = field(default_factory=dict)  # pages for output/ at the merge (see hold)
    held_room: int = 0  # the bytes more that may be held
    background: bool = False  # work may be deferred to after the build (the preview)
    deferred: list = field(default_factory=list)  # (work, paths) to run after this build
    job: str | None = None  # the job being written, and its pages so far
    job_pages: list[str] = field(default_factory=list)
    interned: dict[tuple, tuple] = field(default_factory=dict)
    interned_sets: dict[frozenset, tuple] = field(default_factory=dict)
    memo: dict[str, Any] = field(default_factory=dict)  # plugins' own, across builds (list entries)

    def start(self, settings: Mapping[str, Any]) -> None:
        """Begin a build: keep pages only if ``output/`` is the folder the last build left."""
        from plugins.common import schemas  # (it imports plugins.common.build, which imports this)

        if isinstance(self.produced, Listing):
            self.produced = self.produced.result()

        # Schemas reach pages through more than the context too (labels, JSON-LD plans).
        schema_paths = {str(schemas.SCHEMA_PATH), str((settings.get("VALIDATION") or {}).get("schema_path")
                                                      or schemas.SCHEMA_PATH)}
        environment = _digest_files(
            [Path(settings["THEME"]) / "templates", Path(settings["THEME"]) / "translations"]
            + [Path(p) for p in sorted(schema_paths)]
            + [Path(p) for p in settings.get("EXTRA_TEMPLATES_PATHS", [])]
        )
        self._reset()
        # Settings reach pages through more than the context (pagination rules, plugins):
        # any change in them means a full build.
        settings_fingerprint = self.fingerprinter(dict(settings))
        self.active = (
            bool(self.pages or self.jobs)
            and environment == self.environment
            and settings_fingerprint == self.settings_fingerprint
            and self._output_is_ours()
        )
        self.environment, self.settings_fingerprint = environment, settings_fingerprint

    def _reset(self, starting: bool = True) -> None:
        self.new_pages, self.kept, self.rendered, self.new_readings = {}, set(), 0, {}
        self.new_jobs, self.job, self.job_pages, self.new_files = {}, None, [], {}
        self.new_job_values, self.keyed_fingerprints, self.partial = [], {}, {}
        self.made, self.suspects, self.changed_keyed = set(), None, None
        self.deferred, self.new_page_count = [], None
        self.held, self.held_room = {}, HOLD_BYTES
        # A build's fingerprinter starts with the known records (30,000 at scale): made when
        # a build starts, not also when one ends.
        self.fingerprinter = (Fingerprinter(known=self.known, lists=self.lists, known_by_id=self.known_by_id)
                              if starting else Fingerprinter())
        self.shared_fingerprints = {}

    def _output_is_ours(self) -> bool:
        try:
            stat = self.output.stat()
        except OSError:
            return False
        return (stat.st_dev, stat.st_ino) == self.output_id

    def set_salt(self, context: Mapping[str, Any]) -> None:
        """Content fingerprints include every content file's URL (``{filename}`` links).

        A static file's URL follows from its path (a settings change means a full build)
        unless a link moved it (``{attach}``) or metadata overrode it: only those count.
        A link to a file that is not there fails the build (the check's ``broken-link``),
        so an image added or removed (a book's cover) changes no page that built before;
        and the URL of a file nothing moved is not asked for (asking marks it referenced,
        after which an ``{attach}`` cannot move it).
        """
        urls = [(path, getattr(item, "url", None))
                for path, item in sorted((context.get("generated_content") or {}).items())]
        for path, item in sorted((context.get("static_content") or {}).items()):
            if hasattr(item, "override_url") or hasattr(item, "override_save_as"):
                urls.append((path, item.url))
        self.fingerprinter.salt = hash(tuple(urls))

    def _value(self, name: Any, values: Mapping[str, Any]) -> int:
        """The fingerprint of what ``name`` stands for: a value in ``values``, one entry
        of a tracked index (``(index, key)``, looked up in ``values``), or a file."""
        if isinstance(name, tuple):
            if name[0] == SOURCE:
                try:
                    stat = os.stat(name[1])
                except OSError:
                    return 0
                return hash((stat.st_size, stat.st_mtime_ns))
            index = values.get(name[0])  # (index name, key)
            value = dict.get(index, name[1], _PENDING) if isinstance(index, dict) else _PENDING
        else:
            value = values.get(name, _PENDING)
        return 0 if value is _PENDING else self.fingerprinter(value)

    def _shared(self, names: tuple, context: Mapping[str, Any]) -> int:
        """The fingerprint of names from the build's context: once per build per set of names."""
        found = self.shared_fingerprints.get(id(names))
        if found is None:
            found = self.shared_fingerprints[id(names)] = (
                names, hash(tuple(self._value(name, context) for name in names))
            )
        return found[1]

    def _fingerprint(self, template_name, shared, own, context, localcontext) -> int:
        return hash((
            template_name,
            self._shared(shared, context),
            tuple(self._value(name, localcontext) for name in own),
        ))

    def _intern(self, names: Iterable[Any]) -> tuple:
        key = names if isinstance(names, tuple) else tuple(sorted(names, key=repr))
        return self.interned.setdefault(key, key)

    def _intern_set(self, names: frozenset) -> tuple:
        """:meth:`_intern` for a set of names that many pages read (the build's): sorted once."""
        found = self.interned_sets.get(names)
        if found is None:
            found = self.interned_sets[names] = self._intern(names)
        return found

    def unchanged(self, relative: str, template_name: str, context, localcontext, own_keys) -> bool:
        """True (and noted) when the page at ``relative`` can stay as the last build wrote it."""
        if not self.active:
            return False
        previous = self.pages.get(relative) or self.pages_of_jobs.get(relative)
        if previous is None:
            return False
        if not all(name in own_keys for name in previous.own if isinstance(name, str)):
            return False  # a value of its own last time comes from the build's context now
        if any(name in own_keys for name in previous.shared):
            return False  # a name it took from the build's context is its own now
        fingerprint = self._fingerprint(template_name, previous.shared, previous.own, context, localcontext)
        if fingerprint != previous.fingerprint:
            return False
        self.keep_page(relative, previous)
        return True

    def keep_page(self, relative: str, previous: PageRecord) -> None:
        """Note that the last build's page at ``relative`` stays, with the files it wrote."""
        self.new_pages[relative] = previous
        self.kept.add(relative)
        self.kept.update(previous.outputs)

    def rendered_page(self, relative, template_name, names: set, context, localcontext, own_keys) -> None:
        self.rendered += 1
        if EVERYTHING in names:
            return
        # Names of the build's context are fingerprinted once per build for all pages that
        # read the same set; the page's own values, single lookups (one record of
        # catalogue_by_id) and files read are fingerprinted page by page.
        shared, own, outputs = [], [], []
        for name in names:
            if isinstance(name, str):
                (own if name in own_keys else shared).append(name)
            elif name[0] == OUTPUT:
                outputs.append(name[1])
            else:
                own.append(name)
        outputs = tuple(sorted(outputs))
        shared = self._intern_set(frozenset(shared))
        own = self._intern(own)
        fingerprint = self._fingerprint(template_name, shared, own, context, localcontext)
        self.new_pages[relative] = PageRecord(fingerprint, shared, own, outputs)

    # -- whole jobs: a catalogue list of 1,500 pages is one check ----------------
    def _keyed(self, name: Any, context: Mapping[str, Any]) -> int:
        """:meth:`_value` of a single lookup or file, once per build (jobs share them)."""
        found = self.keyed_fingerprints.get(name)
        if found is None:
            found = self.keyed_fingerprints[name] = self._value(name, context)
        return found

    def _keyed_changes(self, context: Mapping[str, Any]) -> set:
        """The single lookups and files read by the last build's jobs whose values changed.

        ``keyed_last`` holds the fingerprints of their values then (:meth:`finish`),
        but of a tracked index's lookups only those that found a value: 30,000 books'
        pages look up their reviews, and most find none. So the lookups that can have
        changed are those in ``keyed_last`` and those a job read of the keys an index
        holds now (:attr:`by_keyed`); only they are fingerprinted again (into this
        build's ``keyed_fingerprints``), a missing value as 0.
        """
        now, last, by_keyed = self.keyed_fingerprints, self.keyed_last, self.by_keyed
        candidates = set(last)
        for index_name in self.keyed_indexes:
            index = context.get(index_name)
            if isinstance(index, dict):  # its keys, not looked up (no whole-index read)
                candidates.update(filter(by_keyed.__contains__, zip(itertools.repeat(index_name), dict.keys(index))))
        for name in candidates - now.keys():
            now[name] = self._value(name, context)
        return {name for name in candidates if now[name] != last.get(name, 0)}

    def _job_fingerprint(self, job, shared_fp: int, keyed_fps: tuple) -> int:
        return hash((
            "job",
            job.template.name,
            tuple(job.kwargs),  # a new dict each build: its values, without a walk of the dict
            self.fingerprinter._parts(job.kwargs.values()),
            shared_fp,
            keyed_fps,
        ))

    def keep_jobs(self, jobs: Iterable[Any], context) -> tuple[list, list[str], str | None]:
        """Split ``jobs`` (a list of :class:`~plugins.common.parallel.Job` or a
        :class:`~plugins.common.parallel.JobSet`) into those to write and those whose
        pages all stay (noted).

        Returns the jobs to write (in order), the pages kept (relative paths) and
        the last page of the last job if that job was kept (else None). A job's
        pages depend on its own values (``job.kwargs``), on what its pages read from
        the build's context (by name, and single lookups and files), and on the
        settings (a change in them is a full build).

        A job whose kwargs is the very dict the last build's job of that name had
        is taken to hold the same values: a generator hands the same dict again
        only when nothing in it changed, in place or not (the catalogue,
        plugins/catalogue). Such a job is *carried*: its pages stay unless what
        they read changed, which is looked up the other way round, once per build
        (:meth:`_suspects`: the jobs that read a name whose value changed, or a
        single lookup or file that changed), so a carried job is never visited
        (nor made, in a job set): 45,000 catalogue jobs cost a few set operations.
        Every other job (new kwargs, a suspect) is checked by itself (:meth:`_keep`):
        fingerprinted whole (:meth:`keep_job`), or, when its kwargs copy the last
        build's (``job.base``) and say which items of its paginated list were
        replaced since (``job.changed``), written with only the pages showing them
        checked (:meth:`MemoWriter.write_file`); a copy of anything else (a build
        failed in between) is fingerprinted whole.
        """
        from plugins.common.parallel import JobSet  # (it imports this module)

        if not isinstance(jobs, JobSet):
            listed = list(jobs)
            jobs = JobSet.of(listed)
            if len(jobs) != len(listed):  # a name twice: all written, which fails the build
                self.new_job_values.append(jobs.values)
                self.made.update(jobs.values)
                return listed, [], None
        values = jobs.values
        self.new_job_values.append(values)
        if not self.active:
            self.made.update(values)
            return list(jobs), [], None
        names = list(values)
        # The jobs handed the last build's very kwargs, found in C (no job visited).
        carried = set(itertools.compress(names, map(operator.is_, map(self.job_values.get, names), values.values())))
        carried -= self.unrecorded
        for name in carried.intersection(jobs.fresh):  # a job made anew with the same dict: its template too
            if jobs.fresh[name].template.name != self.jobs[name].template:
                carried.discard(name)
        carried -= self._suspects(context)
        made = list(itertools.filterfalse(carried.__contains__, names))
        self.made.update(made)
        remaining, pages, last_kept = self._keep(list(map(jobs.job, made)), context, fast=True)
        kept = self._carried_pages(carried)
        self.kept |= kept
        if self.job_outputs and carried:
            self.kept.update(output for output, owners in self.job_outputs.items() if not owners.isdisjoint(carried))
        last_page = None
        if names and names[-1] in carried:
            last_page = self.jobs[names[-1]].pages[-1]
        elif names and last_kept is not None and last_kept.name == names[-1]:
            last_page = self.new_jobs[names[-1]].pages[-1]
        return remaining, [*kept, *pages], last_page

    def _carried_pages(self, carried: set[str]) -> set[str]:
        """The pages of the last build's jobs named in ``carried``: when they are most of
        its jobs, all its jobs' pages but those of the others."""
        jobs = self.jobs
        if len(carried) * 2 > len(jobs):
            others = jobs.keys() - carried
            return self.pages_of_jobs.keys() - set(itertools.chain.from_iterable(jobs[name].pages for name in others))
        return set(itertools.chain.from_iterable(jobs[name].pages for name in carried))

    def _suspects(self, context) -> set[str]:
        """The last build's jobs that read something whose value changed since: a name of
        the build's context (by the sets of names jobs read), a single lookup or a file."""
        if self.suspects is None:
            found: set[str] = set()
            for owners in self.by_shared.values():
                job = self.jobs[next(iter(owners))]
                if self._shared(job.shared, context) != job.shared_fp:
                    found |= owners
            by_keyed = self.by_keyed
            for name in self._changed_keyed(context):
                found.update(by_keyed.get(name, ()))
            self.suspects = found
        return self.suspects

    def _changed_keyed(self, context) -> set:
        if self.changed_keyed is None:
            self.changed_keyed = self._keyed_changes(context)
        return self.changed_keyed

    def _keep(self, jobs: list, context, fast: bool) -> tuple[list, list[str], Any]:
        """Each of ``jobs`` kept or to write (see :meth:`keep_jobs`); without ``fast``,
        every job is fingerprinted whole. Returns the jobs to write, the pages kept
        (in job order) and the last job if it was kept."""
        last_job, last_values, shared_now = self.jobs.get, self.job_values.get, self.shared_fingerprints
        changed = self._changed_keyed(context) if fast else set()
        remaining, kept_names, kept, pages = [], [], [], []
        last_kept = None
        for job in jobs:
            name = job.name
            values = last_values(name)
            # The last build's very kwargs, or a copy of them in which the job says which
            # items of its list were replaced (only their pages are checked, see MemoWriter).
            partly = values is not job.kwargs
            if fast and values is not None and (not partly or values is job.base):
                previous = last_job(name)
                if previous is not None and previous.template == job.template.name:
                    found = shared_now.get(id(previous.shared))
                    if found is None:
                        self._shared(previous.shared, context)
                        found = shared_now[id(previous.shared)]
                    if found[1] == previous.shared_fp and (not changed or changed.isdisjoint(previous.keyed)):
                        if partly:
                            self.partial[name] = job.changed
                            remaining.append(job)
                            last_kept = None
                            continue
                        kept_names.append(name)
                        kept.append(previous)
                        pages += previous.pages
                        last_kept = job
                        continue
            found = self.keep_job(job, context)
            if found is None:
                remaining.append(job)
                last_kept = None
            else:
                pages += found
                last_kept = job
        if kept:
            try:
                records = list(map(self.pages_of_jobs.__getitem__, pages))
            except KeyError:  # a page of a job not recorded: cannot be (finish keeps them all)
                self.partial.clear()
                return self._keep(jobs, context, fast=False)
            self.new_pages.update(zip(pages, records))
            self.new_jobs.update(zip(kept_names, kept))
            self.kept.update(itertools.chain.from_iterable(map(_JOB_OUTPUTS, kept)))
        self.kept.update(pages)
        return remaining, pages, last_kept

    def keep_job(self, job, context) -> tuple | None:
        """The pages of ``job`` if all can stay as the last build wrote them (noted), else None.

        The job is fingerprinted whole: its own values (a browse list's every
        record) and what its pages read (see :meth:`keep_jobs`).
        """
        if not self.active:
            return None
        previous = self.jobs.get(job.name)
        if previous is None:
            return None
        try:
            records = list(map(self.pages_of_jobs.__getitem__, previous.pages))
        except KeyError:  # a page of it was not recorded
            return None
        keyed_fps = tuple(self._keyed(name, context) for name in previous.keyed)
        if self._job_fingerprint(job, self._shared(previous.shared, context), keyed_fps) != previous.fingerprint:
            return None
        self.new_pages.update(zip(previous.pages, records))
        self.kept.update(previous.pages)
        self.kept.update(previous.outputs)
        self.new_jobs[job.name] = previous
        return previous.pages

    def start_job(self, job) -> None:
        self.job, self.job_pages = job.name, []

    def end_job(self, job, context) -> None:
        """Record what the job's pages read, once all are written."""
        pages, self.job, self.job_pages = tuple(self.job_pages), None, []
        records = [self.new_pages.get(page) for page in pages]
        if not pages or None in records:  # a page read something not fingerprinted
            return
        if len(records) == 1:  # a record's page: its names are sorted already
            shared = records[0].shared
            keyed = self._intern(tuple(name for name in records[0].own if not isinstance(name, str)))
        else:
            shared = self._intern({name for record in records for name in record.shared})
            keyed = self._intern({name for record in records for name in record.own if not isinstance(name, str)})
        shared_fp = self._shared(shared, context)
        keyed_fps = tuple(self._keyed(name, context) for name in keyed)
        outputs = tuple(output for record in records for output in record.outputs)
        self.new_jobs[job.name] = JobRecord(
            self._job_fingerprint(job, shared_fp, keyed_fps), pages, shared, keyed,
            job.template.name, shared_fp, keyed_fps, outputs,
        )

    def finish(self, produced: set[str]) -> None:
        """After a successful build (output/ in place): remember what it wrote and read."""
        self._record_jobs()
        self.produced, self.page_count = produced, self.new_page_count
        # (A tracked index's lookup that found nothing is left out: see _keyed_changes.)
        self.keyed_last = {name: fingerprint for name, fingerprint in self.keyed_fingerprints.items()
                           if (fingerprint or name[0] == SOURCE) and name in self.by_keyed}
        self.files = self.new_files
        self.deferred_paths = {path for _work, paths in self.deferred for path in paths}
        self.deferred_done = True  # until that work is found stopped or failed
        self.readings.update(self.new_readings)
        for key in self.lists.keys() - self.fingerprinter.lists_seen:  # lists of a replaced catalogue
            del self.lists[key]
        stat = self.output.stat()
        self.output_id = (stat.st_dev, stat.st_ino)
        self._reset(starting=False)

    def _record_jobs(self) -> None:
        """The last build's jobs, updated with this build's: the carried stay as they are,
        the jobs gone or made and checked again are replaced by what this build recorded
        (their pages moved from ``new_pages`` to ``pages_of_jobs``); the others' pages are
        the build's ``pages``."""
        values = self.new_job_values
        names = values[0].keys() if len(values) == 1 else set().union(*values)  # (none: no jobs)
        if self.active:
            gone = (self.jobs.keys() - names) | self.made
        else:
            gone = set()
            self.jobs, self.pages_of_jobs, self.job_outputs, self.by_shared, self.by_keyed = {}, {}, {}, {}, {}
            self.keyed_indexes = set()
        jobs, pages_of_jobs, job_outputs, by_shared, by_keyed = (
            self.jobs, self.pages_of_jobs, self.job_outputs, self.by_shared, self.by_keyed)
        for name in gone:
            job = jobs.pop(name, None)
            if job is None:
                continue
            for page in job.pages:
                pages_of_jobs.pop(page, None)
            for index, keys in ((job_outputs, job.outputs), (by_shared, (id(job.shared),)), (by_keyed, job.keyed)):
                for key in keys:
                    owners = index.get(key)
                    if owners is not None:
                        owners.discard(name)
                        if not owners:
                            del index[key]
        new_pages = self.new_pages
        for name, job in self.new_jobs.items():
            records = [new_pages.get(page) for page in job.pages]
            if None in records:  # cannot be (a job is recorded with its pages)
                continue
            for page in job.pages:
                del new_pages[page]
            pages_of_jobs.update(zip(job.pages, records))
            jobs[name] = job
            for output in job.outputs:
                job_outputs.setdefault(output, set()).add(name)
            by_shared.setdefault(id(job.shared), set()).add(name)
            for key in job.keyed:
                by_keyed.setdefault(key, set()).add(name)
                if key[0] != SOURCE:
                    self.keyed_indexes.add(key[0])
        self.pages = new_pages
        self.unrecorded = (self.unrecorded | self.made) - jobs.keys()
        self.job_values = values[0] if len(values) == 1 else {name: v for found in values for name, v in found.items()}

    def hold(self, relative: str, data: bytes) -> bool:
        """Keep a page this rebuild rendered for :func:`merge_into` to write into ``output/``
        over the last build's file, instead of writing it to staging; False when it would
        take the pages held past ``HOLD_BYTES`` (it goes to staging then).

        A staged file replaces its page's file with a new inode, and frees the old one:
        on ext4 without a journal each new inode is then allocated past every one freed
        in the last minute (``recently_deleted``), each looked up in the buffer cache, so
        a preview that rebuilt a few hundred pages a few times made each next ``mkdir``
        and ``open`` cost 100-150 us instead of 20. Written in place, a page keeps its
        inode and blocks, and its folder needs no twin in staging.
        """
        if len(data) > self.held_room:
            return False
        self.held[relative] = data
        self.held_room -= len(data)
        return True

    def abandon(self) -> None:
        """After a failed build: the last good build's record stays."""
        self._reset(starting=False)


def prewarm(values: Iterable[Any]) -> None:
    """Fingerprint ``values`` now (before render workers fork, which then share the results).

    In the preview's first build too: the records' fingerprints stay in the parent
    (``known``) for the first rebuild, which would otherwise walk all of them.
    """
    if current is not None:
        for value in values:
            current.fingerprinter(value)


def unchanged_file(relative: str, *inputs: Any) -> bool:
    """True when the last build wrote the file at ``relative`` (output-relative) from the
    same ``inputs`` (fingerprinted deeply): the caller skips writing it, and it is kept.

    For files written outside Pelican's writer (calendar files, the sitemap).
    """
    session = current
    if session is None:
        return False
    key = session.fingerprinter(inputs)
    session.new_files[relative] = key
    if session.active and session.files.get(relative) == key and relative in session.produced:
        session.kept.add(relative)
        return True
    return False


def _sitemap_entry(obj) -> tuple:
    """What pelican-sitemap reads of an article or page (``_write_out``): all its entry shows."""
    if obj is None:
        return ()
    return (
        type(obj).__name__, obj.url, str(getattr(obj, "modified", None) or getattr(obj, "date", None)),
        getattr(obj, "status", "published"), getattr(obj, "private", ""),
        getattr(obj, "changefreq", None), getattr(obj, "priority", None),
        tuple((translation.lang, translation.url) for translation in getattr(obj, "translations", ())),
    )


def _sitemap_write_out(original):
    """pelican-sitemap's ``_write_out``, skipped when the pages it lists are the same,
    else written by :mod:`plugins.common.sitemap` (the same bytes, faster); in a preview's
    rebuild, written after the pages by the background process (:func:`defer`)."""

    def write_out(self, pelican):
        session = current
        from plugins.common import sitemap as fast_sitemap  # imports pelican-sitemap

        config = pelican.settings.get("SITEMAP", {})
        name = "sitemap." + config.get("format", "xml")
        if deferring() and fast_sitemap.valid(config):
            # A preview's rebuild: the background process writes it after the pages (tens of
            # thousands of entries, 0.1-0.15 s at 30,000 records). Not fingerprinted: the next
            # build writes it again, whatever this one's background process got done.
            # Its parts in output/ now (written by an earlier background process, maybe):
            # kept until it has written, removed then if not written again.
            written = {name, *filter(fast_sitemap.PART.fullmatch, os.listdir(session.output))}
            queued = copy.copy(self)  # pelican-sitemap empties its queue once this returns
            defer(lambda folder: fast_sitemap.write_out(queued, pelican, original, str(folder)), written)
            return None
        if session is not None:
            root = os.path.join(os.path.abspath(pelican.output_path), "")
            # In any order: the sitemap sorts its entries (kept jobs are announced first).
            # Tens of thousands of entries, hashed as a set in C (a path is written once);
            # each article or page also by what the sitemap writes of it (not its text: a
            # new paragraph changes no entry). Catalogue pages have no such object.
            queue = self.page_queue
            paths, objects = list(map(_FIRST, queue)), list(map(_SECOND, queue))
            if all(map(str.startswith, paths, itertools.repeat(root))):
                paths = list(map(operator.getitem, paths, itertools.repeat(slice(len(root), None))))
            else:
                paths = [path[len(root):] if path.startswith(root) else path for path in paths]
            named = itertools.compress(zip(paths, objects), map(operator.is_not, objects, itertools.repeat(None)))
            pages = hash((frozenset(paths), frozenset((path, _sitemap_entry(obj)) for path, obj in named)))
            if unchanged_file(name, pages, self.now):
                session.kept.update(filter(fast_sitemap.PART.fullmatch, session.produced))  # its parts, if split
                return None
        return fast_sitemap.write_out(self, pelican, original)

    write_out.__wrapped__ = original
    return write_out


def bulk_receiver(receiver) -> Any:
    """A ``content_written`` receiver's way to take many pages at once, if it has one.

    Ours say so with a ``bulk`` method. pelican-sitemap's ``queue_page`` only
    queues ``(path, article or page)``; for
    pages that are neither (the catalogue's 42,000), the paths are queued in one
    step (plugins/common/parallel announces kept pages this way). None otherwise.
    """
    bulk = getattr(receiver, "bulk", None)  # a receiver of ours (plugins/common/build)
    if callable(bulk):
        return bulk
    owner = getattr(receiver, "__self__", None)
    if owner is not None and getattr(receiver, "__func__", None) is _SITEMAP_QUEUE_PAGE:
        return lambda paths: owner.page_queue.extend(zip(paths, itertools.repeat(None)))
    return None


_SITEMAP_QUEUE_PAGE = None  # pelican-sitemap's SitemapGenerator.queue_page (register)


def deferring() -> bool:
    """True in a preview's rebuild, whose slow files follow the build (see :func:`defer`)."""
    return current is not None and current.active and current.background


def defer(work, paths: Iterable[str]) -> bool:
    """Run ``work(folder)`` after this build instead of now, if the build allows it.

    In the preview's rebuilds (``build(..., background=True)``), slow files that
    pages do not include (the search index) are made by a process forked once
    the new pages are in ``output/``: the editor sees the pages at once, the
    file follows seconds later. ``work`` writes ``paths`` (output-relative) under
    the folder it is given, and may write others (a search index's parts, named
    by their content): every file it wrote is moved into ``output/`` when all are
    written, and until then the last build's files stay; then those of ``paths``
    it did not write again are removed. Returns False (the caller does the work
    now) in every other build.
    """
    if not deferring():
        return False
    session = current
    paths = list(paths)
    session.deferred.append((work, paths))
    session.kept.update(paths)
    return True


def list_files(folder: Path) -> set[str]:
    """Every file under ``folder``, as paths relative to it."""
    prefix = len(os.path.join(str(folder), ""))
    return {os.path.join(root, name)[prefix:] for root, _dirs, names in os.walk(folder) for name in names}


class Listing:
    """:func:`list_files` of ``folder``, made by a forked process while the preview waits
    for the next edit: after a full build of 50,000 pages, walking as many folders takes
    a second the editor need not wait for (the next build reads the list, :meth:`result`).
    The list goes through a file without a name (nothing is left behind, however the
    preview ends).
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.file = tempfile.TemporaryFile()
        self.pid = os.fork()
        if self.pid == 0:  # pragma: no cover - runs in the forked process
            status = 1
            try:
                data = "\0".join(list_files(folder)).encode("utf-8", "surrogateescape")
                view = memoryview(data)
                while view:
                    view = view[os.write(self.file.fileno(), view):]
                status = 0
            finally:
                os._exit(status)

    def result(self) -> set[str]:
        """The list (waiting for it if need be); made here if the process failed."""
        try:
            _pid, status = os.waitpid(self.pid, 0)
            done = os.waitstatus_to_exitcode(status) == 0
        except ChildProcessError:
            done = False
        with self.file:
            if done:
                self.file.seek(0)
                text = self.file.read().decode("utf-8", "surrogateescape")
                return set(text.split("\0")) if text else set()
        return list_files(self.folder)


_background: list[tuple[int, Session]] = []  # deferred work still running: (pid, its session)


def output_files(prefix: str) -> list[str]:
    """The files under ``prefix`` (output-relative) in this preview's ``output/`` now."""
    if current is None:
        return []
    return sorted(os.path.join(prefix, relative) for relative in list_files(current.output / prefix))


def stop_background() -> None:
    """Stop deferred work of an earlier build (a new build makes it again if still needed).

    Work stopped or failed is noted in its session (``deferred_done``): the files it
    was to replace or remove are then the next build's (see :func:`merge_into`).
    """
    while _background:
        pid, session = _background.pop()
        try:
            ended, status = os.waitpid(pid, os.WNOHANG)
            if ended == 0:  # still running
                os.kill(pid, signal.SIGTERM)
                os.waitpid(pid, 0)
                session.deferred_done = False
            elif os.waitstatus_to_exitcode(status) != 0:
                session.deferred_done = False
        except (ProcessLookupError, ChildProcessError):
            session.deferred_done = False


def wait_background() -> None:
    """Wait until deferred work is done (the benchmark times it)."""
    while _background:
        pid, session = _background.pop()
        try:
            _pid, status = os.waitpid(pid, 0)
        except ChildProcessError:
            session.deferred_done = False
            continue
        if os.waitstatus_to_exitcode(status) != 0:
            session.deferred_done = False


def run_deferred(output: Path, work: list, session: Session) -> None:
    """Fork one process for a successful build's deferred work (see :func:`defer`)."""
    if not work:
        return
    pid = os.fork()
    if pid:
        _background.append((pid, session))
        return
    status = 0  # pragma: no cover - runs in the forked process

    def stop(signum, frame):  # a newer build stops this one: clean up, then leave
        raise SystemExit(1)

    try:
        signal.signal(signal.SIGTERM, stop)
        for make, paths in work:
            scratch = Path(tempfile.mkdtemp(prefix=".deferred-", dir=output.parent))
            try:
                make(scratch)
                root = os.path.join(str(scratch), "")
                written = {os.path.join(folder, name)[len(root):]
                           for folder, _dirs, names in os.walk(scratch) for name in names}
                # New files first (the index's parts), then those replacing the last build's
                # (its head, which names the parts): a reader never gets a head before its parts.
                listed = set(paths)
                for relative in sorted(written, key=lambda relative: (relative in listed, relative)):
                    target = output / relative
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(scratch / relative, target)
                for relative in listed - written:  # the last build's, not made again
                    _remove(output, relative)
            finally:
                shutil.rmtree(scratch, ignore_errors=True)
    except SystemExit:
        status = 1
    except BaseException as error:  # noqa: BLE001 - reported; the next build tries again
        sys.stderr.write(f"Gagal membuat berkas latar belakang: {type(error).__name__}: {error}\n")
        status = 1
    finally:
        os._exit(status)


def report() -> tuple | None:
    """What a render worker sends back to the parent (see :func:`adopt`)."""
    session = current
    if session is None:
        return None
    return (session.new_pages, session.kept, session.rendered, session.new_jobs)


def forget_progress() -> None:
    """In a new render worker: report only what this worker does (its pages in staging,
    where the parent finds them: it holds none)."""
    if current is not None:
        current.new_pages, current.kept, current.rendered, current.new_jobs = {}, set(), 0, {}
        current.held, current.held_room = {}, 0


def adopt(new_pages: Mapping[str, PageRecord], kept: set[str], rendered: int, new_jobs=None) -> None:
    """Take a render worker's pages into this process's session (names interned again)."""
    session = current
    if session is None:
        return
    for relative, record in new_pages.items():
        record.shared, record.own = session._intern(record.shared), session._intern(record.own)
        session.new_pages[relative] = record
    for name, job in (new_jobs or {}).items():
        job.shared, job.keyed = session._intern(job.shared), session._intern(job.keyed)
        session.new_jobs[name] = job
        session.keyed_fingerprints.update(zip(job.keyed, job.keyed_fps))
    session.kept |= kept
    session.rendered += rendered


_sessions: dict[Path, Session] = {}
current: Session | None = None


def open_session(output: Path, settings: Mapping[str, Any], background: bool = False) -> Session:
    global current
    stop_background()
    session = _sessions.setdefault(output.resolve(), Session(output.resolve()))
    session.start(settings)
    session.background = background
    current = session
    return session


def close_session() -> None:
    global current
    current = None


HOLD_BYTES = 32 * 1024 * 1024  # the pages a rebuild holds for output/ (2,000 or so)


def merge_into(staging: Path, final: Path, session: Session) -> set[str]:
    """Write the pages the session holds into ``final`` (over their files: a reader of the
    preview may get a page half written for a moment), move every file of ``staging``
    there; remove what this build no longer produces, and the folders that leaves empty
    (a removed book's ``katalog/<id>/``).

    Returns the relative paths of everything this build produced (kept and written);
    ``session.new_page_count`` is the HTML files among them.
    """
    produced = set(session.kept)
    staged = list(session.held)
    top = os.path.join(str(final), "")
    for relative, data in session.held.items():
        write_in_place(top + relative, data)
    session.held = {}
    root = os.path.join(str(staging), "")
    for folder, _dirs, files in os.walk(staging):
        for name in files:
            source = os.path.join(folder, name)
            relative = source[len(root):]
            staged.append(relative)
            target = final / relative
            try:
                os.replace(source, target)
            except FileNotFoundError:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(source, target)
    produced.update(staged)
    gone = session.produced - produced
    if session.page_count is None:  # (after a full build, which counted the pages it announced)
        session.new_page_count = sum(map(str.endswith, produced, itertools.repeat(".html")))
    else:  # the last build's count, with the pages that came and went: no pass over 60,000 names
        came = set(staged).difference(session.produced)
        html = itertools.repeat(".html")
        session.new_page_count = session.page_count + sum(map(str.endswith, came, html)) - sum(
            map(str.endswith, gone, html))
    if session.deferred_done:  # the last build's deferred work removed those it did not write again
        gone -= session.deferred_paths  # (thousands of an old search index's parts)
    for relative in gone:
        _remove(final, relative)
    return produced


def _remove(final: Path, relative: str) -> None:
    """Delete ``final/relative`` and the folders that leaves empty (not ``final``)."""
    target = final / relative
    try:
        target.unlink()
    except FileNotFoundError:
        return
    folder = target.parent
    while folder != final:
        try:
            folder.rmdir()
        except OSError:  # not empty
            break
        folder = folder.parent


# -- the writer ------------------------------------------------------------------------


_PER_PAGE = frozenset({"output_file", "localsiteurl", "SITEURL"})  # set per page by the writer


def render(template, values: dict[str, Any]) -> str:
    """``template.render(values)``, without copying the page's values twice more.

    Jinja's ``render`` copies ``values``, then merges the template's globals (a
    ChainMap, read key by key, a KeyError raised and caught for each) with a
    second copy: tens of microseconds a page. Here the globals are merged layer
    by layer into one new dict, with the page's values over them, as Jinja does,
    and that dict is the template's context.
    """
    if not isinstance(template, Template):  # something else with a render(values)
        return template.render(values)
    layers = getattr(template.globals, "maps", [template.globals])
    merged: dict[str, Any] = {}
    for layer in reversed(layers):
        merged.update(layer)
    merged.update(values)
    environment = template.environment
    try:
        return environment.concat(template.root_render_func(template.new_context(merged, shared=True)))
    except Exception:
        environment.handle_exception()  # raises, with the template's lines in the traceback


def make_folder(folder: str) -> None:
    """``os.makedirs(folder, exist_ok=True)``, in one system call when the parent exists."""
    try:
        os.mkdir(folder)
    except FileExistsError:
        if not os.path.isdir(folder):
            raise
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)


_WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)
_IN_PLACE_FLAGS = os.O_WRONLY | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)


def write_bytes(path: str, data: bytes) -> None:
    """``open(path, "wb").write(data)``, without a file object per page."""
    _write_bytes(os.open(path, _WRITE_FLAGS, 0o666), data)


def write_in_place(path: str, data: bytes) -> None:
    """Write ``data`` into the file at ``path`` (made, with its folders, if missing) over
    what it held, cut to its length: the same inode and, mostly, the same blocks."""
    try:
        descriptor = os.open(path, _IN_PLACE_FLAGS, 0o666)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        descriptor = os.open(path, _IN_PLACE_FLAGS, 0o666)
    _write_bytes(descriptor, data, truncate=True)


def _write_bytes(descriptor: int, data: bytes, truncate: bool = False) -> None:
    """Write ``data`` to the open file, cut it there if ``truncate``, and close it."""
    view = memoryview(data)
    try:
        while view:
            view = view[os.write(descriptor, view):]
        if truncate:
            os.ftruncate(descriptor, len(data))
    finally:
        os.close(descriptor)


def page_writer(writer: Writer) -> Writer:
    """The writer for many pages: Pelican's own becomes a :class:`MemoWriter` into the same
    folder sharing its record of written files (without a session, it keeps nothing)."""
    if type(writer) is not Writer:
        return writer
    pages = MemoWriter(writer.output_path, writer.settings)
    pages._written_files, pages._overridden_files = writer._written_files, writer._overridden_files
    return pages


class MemoWriter(Writer):
    """Pelican's Writer, keeping pages whose inputs did not change (see the module text).

    Same pages, files and messages as Pelican's, with less work per page: the
    template gets one merged copy of the context (:func:`render`), a page's folder
    is one ``mkdir`` and its file one ``open`` and ``write`` of bytes. The
    catalogue writes with it in every build (:func:`page_writer`); without a
    session it only writes.
    """

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings)
        self._root = os.path.join(os.path.abspath(self.output_path), "")

    def write_file(
        self,
        name,
        template,
        context,
        relative_urls=False,
        paginated=None,
        template_name=None,
        override_output=False,
        url=None,
        **kwargs,
    ):
        if not name:
            return

        def page_values(name, kwargs):
            """What Pelican's writer adds to the build's context for this page."""
            values = {"localsiteurl": context.get("localsiteurl", None)}
            if relative_urls:
                relative_url = path_to_url(get_relative_path(name))
                values["SITEURL"] = relative_url
                values["localsiteurl"] = relative_url
            values["output_file"] = name
            values.update(kwargs)
            return values

        if paginated is None:
            paginated = {key: val for key, val in kwargs.items() if key in {"articles", "dates"}}

        if paginated and template_name in self.settings["PAGINATED_TEMPLATES"]:
            per_page = self.settings["PAGINATED_TEMPLATES"][template_name] or self.settings["DEFAULT_PAGINATION"]
            paginators = {key: Paginator(name, url, val, self.settings, per_page) for key, val in paginated.items()}
            untouched = self._untouched_pages(paginated, paginators, kwargs) if relative_urls else {}
            for page_num in range(next(iter(paginators.values())).num_pages):
                if page_num + 1 in untouched:
                    self._keep_untouched(*untouched[page_num + 1], override_output)
                    continue
                paginated_kwargs = kwargs.copy()
                for key, paginator in paginators.items():
                    previous_page = paginator.page(page_num) if page_num > 0 else None
                    page = paginator.page(page_num + 1)
                    next_page = paginator.page(page_num + 2) if page_num + 1 < paginator.num_pages else None
                    paginated_kwargs.update(
                        {
                            f"{key}_paginator": paginator,
                            f"{key}_page": page,
                            f"{key}_previous_page": previous_page,
                            f"{key}_next_page": next_page,
                        }
                    )
                self._render(context, template, page_values(page.save_as, paginated_kwargs), page.save_as,
                             override_output)
        else:
            self._render(context, template, page_values(name, kwargs), name, override_output)

    def write_feed(self, elements, context, path=None, url=None, feed_type="atom", override_output=False,
                   feed_title=None):
        """Pelican's, unless the last build wrote this feed from the same items and context.

        A feed's file shows its items (the first ``FEED_MAX_ITEMS`` articles,
        fingerprinted whole), its title, URLs and type, and the site's name,
        subtitle and URL; the settings are the same in an incremental build. Not
        while anything listens to Pelican's feed signals (it could change the feed).
        """
        session = current
        if (path and session is not None
                and not signals.feed_generated.receivers and not signals.feed_written.receivers):
            complete_path = sanitised_join(self.output_path, path)
            inputs = (
                "feed", list(elements[: self.settings["FEED_MAX_ITEMS"]]), url, feed_type, feed_title,
                tuple(context.get(name) for name in ("SITENAME", "SITESUBTITLE", "SITEURL", "FEED_DOMAIN")),
            )
            if unchanged_file(complete_path[len(self._root):], *inputs):
                self._claim(complete_path, override_output)
                return None
        return super().write_feed(elements, context, path, url, feed_type, override_output, feed_title)

    def _untouched_pages(self, paginated, paginators, kwargs) -> dict[int, tuple[str, PageRecord]]:
        """The pages of a partly changed job (``Session.partial``) that stay as the last
        build wrote them, by number: (path relative to the output, what it read).

        Only when the job's other inputs are the last build's (``Session.keep_jobs``)
        and it paginates one list, into as many pages as the last build's job wrote
        (in page order): a page whose slice holds none of the replaced positions,
        and which read its list only through that slice (not the whole list under
        another name, nor a neighbouring page), has the same values as then.
        """
        session = current
        changed = session.partial.get(session.job) if session is not None and session.job else None
        if not changed or len(paginators) != 1 or changed.keys() != paginators.keys():
            return {}
        [(key, paginator)] = paginators.items()
        last = session.jobs.get(session.job)
        if last is None or len(last.pages) != paginator.num_pages:
            return {}
        positions = sorted(changed[key])
        whole = paginated[key]
        whole_names = frozenset(
            [name for name, value in kwargs.items() if value is whole]
            + [f"{key}_previous_page", f"{key}_next_page"]
        )
        untouched = {}
        for number, relative in enumerate(last.pages, start=1):
            bottom = (number - 1) * paginator.per_page  # as Paginator.page slices
            top = bottom + paginator.per_page
            if top + paginator.orphans >= paginator.count:
                top = paginator.count
            if bisect.bisect_left(positions, bottom) != bisect.bisect_left(positions, top):
                continue  # a replaced item is on it
            previous = session.pages_of_jobs.get(relative)
            if previous is not None and whole_names.isdisjoint(previous.own):
                untouched[number] = (relative, previous)
        return untouched

    def _keep_untouched(self, relative: str, previous: PageRecord, override: bool) -> None:
        """Keep the last build's page at ``relative`` (see :meth:`_untouched_pages`)."""
        session = current
        session.job_pages.append(relative)
        session.keep_page(relative, previous)
        path = self._root + relative
        if self._claim(path, override):
            signals.content_written.send(path, context={"output_file": path})

    def _claim(self, path: str, override: bool) -> bool:
        """Pelican's bookkeeping of written files (``_open_w``) without opening; False to skip."""
        if path in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{path}" a second time (was previously overwritten)'
                )
            return False
        if path in self._written_files and not override:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{path}" as Pelican has already written to it previously'
            )
        if override:
            self._overridden_files.add(path)
        self._written_files.add(path)
        return True

    def _render(self, context, template, values, name, override):
        """Pelican's ``_write_file``, unless the session keeps the page from the last build."""
        global _recording
        if values["localsiteurl"]:
            context["localsiteurl"] = values["localsiteurl"]
        path = sanitised_join(self.output_path, name)
        session = current
        relative = path[len(self._root):]
        own_keys = _PER_PAGE.union(values)
        if session is not None and session.job is not None:
            session.job_pages.append(relative)
        if session is not None and session.active:
            page = ChainMap(values, context)  # the page's context, without copying the build's
            if session.unchanged(relative, template.name, context, page, own_keys):
                if self._claim(path, override):
                    signals.content_written.send(path, context=page)
                return
        localcontext = context.copy()
        localcontext.update(values)
        outer, names = _recording, set()
        _recording = names
        try:
            output = render(template, localcontext)
        finally:
            _recording = outer
        if override or path in self._written_files or path in self._overridden_files:
            if session is not None:
                session.held.pop(relative, None)  # written again: the staged file is the page
            make_folder(os.path.dirname(path))
            with self._open_w(path, "utf-8", override=override) as f:  # Pelican's checks and messages
                f.write(output)
        else:
            self._written_files.add(path)
            data = output.encode("utf-8")  # the bytes open(path, "w", encoding="utf-8") writes on POSIX
            if session is None or not session.active or not session.hold(relative, data):
                make_folder(os.path.dirname(path))
                write_bytes(path, data)
        if session is not None:
            session.rendered_page(relative, template.name, names, context, localcontext, own_keys)
        signals.content_written.send(path, context=localcontext)


class _CompiledTemplates(BytecodeCache):
    """Templates compiled once per process (Pelican makes new Jinja environments every
    build); Jinja keys each entry by the template's name and source checksum."""

    def __init__(self):
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


_compiled = _CompiledTemplates()


def _nothing_cached(filename, default=None):
    return default


def _cache_nothing(filename, data) -> None:
    return None


def _skip_empty_cache(generator) -> None:
    """Pelican's content cache at a generator's level, off (``CACHE_CONTENT``, or the
    readers' level): it still stats each source twice a build, to find nothing and store
    nothing (the preview keeps the readers' output, see :func:`_reuse_readings`)."""
    if isinstance(generator, CachingGenerator) and not generator._cache_data_policy and not generator._cache:
        generator.get_cached_data, generator.cache_data = _nothing_cached, _cache_nothing


def _install(generator) -> None:
    if current is not None:  # recording costs a call per lookup: only when it is used
        generator.env.context_class = RecordingContext
        if generator.env.bytecode_cache is None:
            generator.env.bytecode_cache = _compiled


def _writer(pelican):
    return MemoWriter if current is not None else None


def file_stamp(path: str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


def _current_reading(session: "Session", path: str) -> bytes | None:
    """The pickled reading of ``path`` this build can reuse (its file unchanged since), else None."""
    found = session.new_readings.get(path) or session.readings.get(path)
    return None if found is None or found[0] != file_stamp(path) else found[1]


def has_reading(path: str) -> bool:
    """Whether this build reuses an earlier reading of ``path`` instead of reading it."""
    return current is not None and _current_reading(current, path) is not None


def _reuse_readings(readers) -> None:
    """Markdown converted in an earlier build of this process is reused while its file is unchanged.

    Pelican's own reader cache does the same through a pickle on disk; here it
    stays in memory, and only readings of successful builds are kept (a file
    whose reading logged a warning is read, and warns, again).
    """
    session = current
    if session is None:
        if not readers.settings.get("CACHE_CONTENT") and not readers.settings.get("LOAD_CONTENT_CACHE"):
            # Pelican's cache, off (its policy is set after this signal): see _skip_empty_cache.
            readers.get_cached_data, readers.cache_data = _nothing_cached, _cache_nothing
        return

    # Pickled with the settings by reference: a reading's categories, tags and authors get
    # this build's settings, not a copy of them each (six times less to unpickle).
    def get_cached_data(path, default=None):
        found = _current_reading(session, path)
        return default if found is None else loads_sharing(found, readers.settings)  # a fresh copy per build

    def cache_data(path, data):
        session.new_readings[path] = (file_stamp(path), dumps_sharing(data, readers.settings))

    readers.get_cached_data = get_cached_data
    readers.cache_data = cache_data


_pelican_relative_source_path = Content.get_relative_source_path
_relative_paths: dict[tuple[str, str, str], str] = {}


def _relative_source_path(self, source_path: str | None = None) -> str | None:
    """Pelican's ``Content.get_relative_source_path``, remembered for the process: every
    build asks it again for each article several times (its source, URL and save_as),
    each time two ``abspath`` and a ``relpath`` (about 18 ms a rebuild at 600 articles)."""
    path = source_path or self.source_path
    if path is None:
        return None
    key = (os.getcwd(), self.settings["PATH"], path)
    found = _relative_paths.get(key)
    if found is None:
        if len(_relative_paths) >= 100_000:
            _relative_paths.clear()
        found = _relative_paths[key] = _pelican_relative_source_path(self, path)
    return found


def _salt(generators) -> None:
    if current is not None and generators:
        current.set_salt(generators[0].context)


def register():
    text.install_slugify()  # the same names slugged at every build
    Content.get_relative_source_path = _relative_source_path
    signals.generator_init.connect(_install)
    signals.article_generator_init.connect(_skip_empty_cache)  # sent once its cache is set up
    signals.page_generator_init.connect(_skip_empty_cache)
    signals.get_writer.connect(_writer)
    signals.all_generators_finalized.connect(_salt)
    signals.readers_init.connect(_reuse_readings)
    global _SITEMAP_QUEUE_PAGE
    try:
        from pelican.plugins.sitemap import sitemap
    except ImportError:  # pragma: no cover - the site uses it
        return
    _SITEMAP_QUEUE_PAGE = sitemap.SitemapGenerator.queue_page
    if not getattr(sitemap.SitemapGenerator._write_out, "_incremental", False):
        write_out = _sitemap_write_out(sitemap.SitemapGenerator._write_out)
        write_out._incremental = True
        sitemap.SitemapGenerator._write_out = write_out
