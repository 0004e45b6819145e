"""The schemas in data/schemas/*.json: one place for fields, rules and labels."""

import json
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from plugins.common.build import PROJECT_ROOT

SCHEMA_PATH = PROJECT_ROOT / "data" / "schemas"


@lru_cache(maxsize=8)
def _load(schema_path: str) -> Mapping[str, dict]:
    return {
        path.stem: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(Path(schema_path).glob("*.json"))
    }


def load_schemas(schema_path: Path | str = SCHEMA_PATH) -> Mapping[str, dict]:
    """Every ``*.json`` schema by file stem (``event``, ``catalogue``…)."""
    return _load(str(schema_path))


def labels(schema: str, field: str, schema_path: Path | str = SCHEMA_PATH) -> dict[str, Any]:
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


def coerce(values: dict[str, Any], schema: str, schema_path: Path | str = SCHEMA_PATH) -> dict[str, Any]:
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
