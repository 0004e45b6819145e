"""Loading the YAML data files under ``DATA_PATH`` (catalogue, partners)."""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml


class DataError(Exception):
    """A data file that cannot be read; the message names the file."""


def data_path(settings: Mapping[str, Any]) -> Path:
    return Path(settings["DATA_PATH"])


def load_records(path: Path) -> list[dict[str, Any]]:
    """Load a YAML file holding a list of mappings; raise DataError otherwise."""
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise DataError(f"{path}: {error}") from None
    if loaded is None:
        return []
    if not isinstance(loaded, list) or not all(isinstance(r, dict) for r in loaded):
        raise DataError(f"{path}: berkas harus berisi daftar entri (list of mappings)")
    return loaded
