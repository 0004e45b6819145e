"""Dates in WIB (Asia/Jakarta), and the build's "now".

Editors write local times without an offset ("2026-12-05 09:00"); those are
WIB. The build's "now" decides which events are upcoming; it comes from the
``PORTAL_NOW`` setting, so tests and reproducible builds can fix it.
"""

import datetime as dt
import functools
import os
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from pelican.utils import get_date

DEFAULT_TIMEZONE = "Asia/Jakarta"


def site_timezone(settings: Mapping[str, Any]) -> ZoneInfo:
    return ZoneInfo(settings.get("TIMEZONE") or DEFAULT_TIMEZONE)


def to_datetime(value: Any, settings: Mapping[str, Any]) -> dt.datetime:
    """Turn a YAML date, datetime or string into an aware datetime.

    A value without an offset is taken as the site's local time (WIB).
    Raises ValueError for text that is not a date.
    """
    if isinstance(value, dt.datetime):
        result = value
    elif isinstance(value, dt.date):
        result = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str) and value.strip():
        result = _parse_date(value.strip())
    else:
        raise ValueError(f"not a date: {value!r}")
    if result.tzinfo is None:
        result = result.replace(tzinfo=site_timezone(settings))
    return result


@functools.lru_cache(maxsize=8192)
def _parse_date(text: str) -> dt.datetime:
    """dateutil's parse of ``text`` (about 0.1 ms), once a process: the check and the
    build read every event's dates again after each save in the preview."""
    return get_date(text)


def parse_now(text: str | None) -> dt.datetime | None:
    """Parse the ``PORTAL_NOW`` text (ISO date or date-time) or return None."""
    if not text:
        return None
    value = dt.datetime.fromisoformat(text.strip())
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(DEFAULT_TIMEZONE))
    return value


def now_from_environment() -> dt.datetime | None:
    """``PORTAL_NOW``, else ``SOURCE_DATE_EPOCH`` (reproducible builds), else None."""
    if os.environ.get("PORTAL_NOW"):
        return parse_now(os.environ["PORTAL_NOW"])
    if os.environ.get("SOURCE_DATE_EPOCH"):
        epoch = int(os.environ["SOURCE_DATE_EPOCH"])
        return dt.datetime.fromtimestamp(epoch, tz=ZoneInfo(DEFAULT_TIMEZONE))
    return None


def build_now(settings: Mapping[str, Any]) -> dt.datetime:
    """The build's "now": the ``PORTAL_NOW`` setting, or the clock."""
    value = settings.get("PORTAL_NOW")
    if value is None:
        return dt.datetime.now(site_timezone(settings))
    if isinstance(value, str):
        value = parse_now(value)
    return to_datetime(value, settings)


MONTHS = {
    "id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni",
           "Juli", "Agustus", "September", "Oktober", "November", "Desember"),
    "en": ("January", "February", "March", "April", "May", "June",
           "July", "August", "September", "October", "November", "December"),
}
WEEKDAYS = {
    "id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}


def format_date(value: dt.date, weekday: bool = False, lang: str = "id") -> str:
    """"Sabtu, 5 Desember 2026" (id) or "Saturday, 5 December 2026" (en)."""
    lang = lang if lang in MONTHS else "id"
    text = f"{value.day} {MONTHS[lang][value.month - 1]} {value.year}"
    return f"{WEEKDAYS[lang][value.weekday()]}, {text}" if weekday else text


def format_time(value: dt.datetime, lang: str = "id") -> str:
    """Clock time: "09.00" in Indonesian, "09:00" in English."""
    separator = ":" if lang == "en" else "."
    return f"{value.hour:02d}{separator}{value.minute:02d}"
