"""The schemas in data/schemas/*.json: one place for fields, rules and labels.

They are read once per process, and read again when a file of the folder changed
since (:func:`refresh`, called as every build starts: the preview is one process
building again and again). Code that keeps something made from them registers
how to forget it with :func:`forget_with`.
"""

import json
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from plugins.common.build import PROJECT_ROOT

SCHEMA_PATH = PROJECT_ROOT / "data" / "schemas"


_read_as: dict[str, tuple] = {}  # folder -> its files' stamps when last read
_forgetters: list[Callable[[], None]] = []


def _stamp(schema_path: str) -> tuple:
    """Name, modification time and size of each schema file (stat only, no read)."""
    stamps = []
    for path in sorted(Path(schema_path).glob("*.json")):
        try:
            status = path.stat()
        except OSError:
            continue
        stamps.append((path.name, status.st_mtime_ns, status.st_size))
    return tuple(stamps)


@lru_cache(maxsize=8)
def _load(schema_path: str) -> Mapping[str, dict]:
    _read_as[schema_path] = _stamp(schema_path)  # before reading: a file changed meanwhile is read again
    return {
        path.stem: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(Path(schema_path).glob("*.json"))
    }


def load_schemas(schema_path: Path | str | None = None) -> Mapping[str, dict]:
    """Every ``*.json`` schema by file stem (``event``, ``catalogue``…), of ``schema_path``
    (default: :data:`SCHEMA_PATH`)."""
    return _load(str(schema_path or SCHEMA_PATH))


def forget_with(forget: Callable[[], None]) -> None:
    """Have :func:`refresh` call ``forget()`` (e.g. an ``lru_cache``'s ``cache_clear``)
    when the schemas changed."""
    _forgetters.append(forget)


def refresh() -> bool:
    """Forget the schemas read so far, and what was made from them, if a schema file
    was added, removed or changed since it was read; True if so."""
    if all(_stamp(folder) == stamp for folder, stamp in _read_as.items()):
        return False
    _read_as.clear()
    _load.cache_clear()
    for forget in _forgetters:
        forget()
    return True


def labels(schema: str, field: str, schema_path: Path | str | None = None) -> dict[str, Any]:
    """The ``x-labels`` (value → Indonesian label) of a field's allowed values."""
    node = load_schemas(schema_path)[schema]["properties"][field]
    return dict(node.get("x-labels") or node.get("items", {}).get("x-labels") or {})


def resolve(node: Mapping[str, Any], schemas: Mapping[str, dict]) -> dict[str, Any]:
    """A property with its ``$ref`` (``common.json#/$defs/x``) merged in."""
    node = dict(node)
    ref = node.pop("$ref", None)
    if ref:
        document, _, pointer = ref.partition("#")
        target: Any = schemas[document.removesuffix(".json")]
        for part in pointer.strip("/").split("/"):
            target = target[part]
        node = {**resolve(target, schemas), **node}
    return node


def coerce(values: dict[str, Any], schema: str, schema_path: Path | str | None = None) -> dict[str, Any]:
    """Text values made lists or numbers where ``schema`` wants them; returns the changes.

    Pelican's ``Key: value`` headers give text (``Partners: unsri, perpusnas``);
    YAML front matter gives the right types already and is left as it is.
    """
    schemas = load_schemas(schema_path)
    properties = schemas[schema].get("properties", {})
    changes = {}
    for key, value in values.items():
        if not isinstance(value, str) or key not in properties:
            continue
        kind = resolve(properties[key], schemas).get("type")
        if kind == "array":
            changes[key] = [part.strip() for part in value.split(",") if part.strip()]
        elif kind == "integer" and value.strip().isdigit():
            changes[key] = int(value)
    values.update(changes)
    return changes
