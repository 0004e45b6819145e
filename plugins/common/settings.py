"""One way to read a plugin's settings: its DEFAULTS merged with the site's."""

from collections.abc import Mapping
from typing import Any


def plugin_settings(
    settings: Mapping[str, Any], name: str, defaults: Mapping[str, Any]
) -> dict[str, Any]:
    """Return ``defaults`` updated with the site's ``NAME`` dict setting, if any."""
    merged = dict(defaults)
    merged.update(settings.get(name) or {})
    return merged
