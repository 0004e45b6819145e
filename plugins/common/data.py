"""Loading the YAML data files under ``DATA_PATH`` (catalogue, partners).

The validation plugin has checked them before any generator reads them.
"""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml


def data_path(settings: Mapping[str, Any]) -> Path:
    return Path(settings["DATA_PATH"])


def load_records(path: Path) -> list[dict[str, Any]]:
    """The list of mappings in a YAML data file."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or []  # noqa: S506
