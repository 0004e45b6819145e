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
