"""A small on-disk cache keyed by content: what was worked out from a file's bytes.

``ContentCache(folder, version)`` stores picklable values under
``folder/<sha256>.pickle``; a key is the hash of ``version`` (everything the
value depends on besides the file: code, schemas, settings) and the file's name
and bytes. A changed file, schema or module gives a new key, so nothing is ever
invalidated by hand; ``./dev clean`` or deleting the folder empties it. An entry
that cannot be read is a miss. Writes go through a temporary file and a rename,
so a crashed or concurrent build never leaves half an entry.
"""

import hashlib
import io
import os
import pickle
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any


def source_version(*parts: Any, files: Iterable[Path] = ()) -> str:
    """A digest of ``parts`` (their repr) and the bytes of ``files``."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(repr(part).encode("utf-8") + b"\0")
    for path in sorted(Path(p) for p in files):
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


class _Pickler(pickle.Pickler):
    def __init__(self, file, shared) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.shared = shared

    def persistent_id(self, obj: Any) -> str | None:
        return "shared" if obj is self.shared else None


class _Unpickler(pickle.Unpickler):
    def __init__(self, file, shared) -> None:
        super().__init__(file)
        self.shared = shared

    def persistent_load(self, pid: Any) -> Any:
        if pid != "shared":
            raise pickle.UnpicklingError(f"unknown reference {pid!r}")
        return self.shared


def dumps_sharing(value: Any, shared: Any) -> bytes:
    """``pickle.dumps(value)`` with ``shared`` (the site's settings, which Pelican's
    categories, tags and authors hold) by reference, not copied into the bytes."""
    buffer = io.BytesIO()
    _Pickler(buffer, shared).dump(value)
    return buffer.getvalue()


def loads_sharing(data: bytes, shared: Any) -> Any:
    """The value of :func:`dumps_sharing`, holding ``shared`` where the pickled one held its own."""
    return _Unpickler(io.BytesIO(data), shared).load()


_memory: dict[tuple[str, str], Any] = {}  # (folder, key) -> value, for repeated builds in one process (the preview)
MEMORY_ENTRIES = 100


class ContentCache:
    """With ``memory``, also keeps values in this process (the last ``MEMORY_ENTRIES``), so
    the preview's rebuilds skip reading and unpickling them: callers must not change a value
    they get."""

    def __init__(self, folder: Path | str, version: str, memory: bool = False):
        self.folder = Path(folder)
        self.version = version
        self.memory = memory

    def key(self, name: str, data: bytes) -> str:
        digest = hashlib.sha256(self.version.encode("ascii"))
        digest.update(name.encode("utf-8") + b"\0")
        digest.update(data)
        return digest.hexdigest()

    def recall(self, key: str) -> Any | None:
        """The value kept in this process's memory for ``key``, else None (no disk read)."""
        return _memory.get((str(self.folder), key)) if self.memory else None

    def remember(self, key: str, value: Any) -> None:
        """Keep ``value`` in memory (a value a worker process stored on disk)."""
        if self.memory:
            _memory[(str(self.folder), key)] = value
            while len(_memory) > MEMORY_ENTRIES:
                del _memory[next(iter(_memory))]

    def get(self, key: str) -> Any | None:
        found = self.recall(key)
        if found is not None:
            return found
        try:
            with (self.folder / f"{key}.pickle").open("rb") as stored:
                return pickle.load(stored)  # noqa: S301 - written by this module only
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
            return None

    def put(self, key: str, value: Any) -> None:
        self.remember(key, value)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.folder / f"{key}.pickle")
        except OSError:
            return  # a cache that cannot be written only costs time
