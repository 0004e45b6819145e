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


class ContentCache:
    def __init__(self, folder: Path | str, version: str):
        self.folder = Path(folder)
        self.version = version

    def key(self, name: str, data: bytes) -> str:
        digest = hashlib.sha256(self.version.encode("ascii"))
        digest.update(name.encode("utf-8") + b"\0")
        digest.update(data)
        return digest.hexdigest()

    def get(self, key: str) -> Any | None:
        try:
            with (self.folder / f"{key}.pickle").open("rb") as stored:
                return pickle.load(stored)  # noqa: S301 - written by this module only
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
            return None

    def put(self, key: str, value: Any) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.folder / f"{key}.pickle")
        except OSError:
            return  # a cache that cannot be written only costs time
