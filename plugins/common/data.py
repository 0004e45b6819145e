"""Loading the YAML data files under ``DATA_PATH`` (catalogue, partners).

The validation plugin has checked them before any generator reads them. It
parses every data file anyway (with positions), so it hands each parsed value
over (:func:`hand_over`) and the generator takes it (:func:`load_records`)
instead of parsing the file a second time, provided the file's text is still
the same. A value is handed over once per build, and the generators get a new
dict per record (they add ``page_url`` and links): the value itself may be the
check's cached one, shared by the builds of one process.
"""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

_handed_over: dict[Path, tuple[str, Any]] = {}


def data_path(settings: Mapping[str, Any]) -> Path:
    return Path(settings["DATA_PATH"])


def hand_over(path: Path, text: str, value: Any) -> None:
    """Offer ``value``, parsed from ``text`` (the content of ``path``), to :func:`load_records`."""
    _handed_over[Path(path).resolve()] = (text, value)


def load_records(path: Path) -> list[dict[str, Any]]:
    """The list of mappings in a YAML data file, each a new dict the caller may change
    (the check's cache shares what it hands over between builds)."""
    text = path.read_text(encoding="utf-8")
    offered = _handed_over.pop(Path(path).resolve(), None)
    if offered is not None and offered[0] == text:
        return [dict(record) for record in offered[1] or []]
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader) or []  # noqa: S506
