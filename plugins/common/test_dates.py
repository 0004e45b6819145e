import datetime as dt

import pytest

from plugins.common.dates import build_now, format_date, format_time, to_datetime

SETTINGS = {"TIMEZONE": "Asia/Jakarta"}


def test_a_time_without_offset_is_wib():
    value = to_datetime("2026-12-05 09:00", SETTINGS)
    assert value.utcoffset() == dt.timedelta(hours=7)
    assert (value.hour, value.minute) == (9, 0)


def test_a_yaml_date_becomes_midnight_wib():
    value = to_datetime(dt.date(2026, 2, 1), SETTINGS)
    assert value.isoformat() == "2026-02-01T00:00:00+07:00"


def test_an_explicit_offset_is_kept():
    assert to_datetime("2026-12-05T09:00+00:00", SETTINGS).utcoffset() == dt.timedelta(0)


@pytest.mark.parametrize("text", ["2026-02-30 09:00", "besok pagi", ""])
def test_impossible_or_empty_dates_are_rejected(text):
    with pytest.raises(ValueError):
        to_datetime(text, SETTINGS)


def test_indonesian_date_and_time_forms():
    saturday = dt.datetime(2026, 12, 5, 9, 0)
    assert format_date(saturday) == "5 Desember 2026"
    assert format_date(saturday, weekday=True) == "Sabtu, 5 Desember 2026"
    assert format_time(saturday) == "09.00"


def test_now_is_settable_and_defaults_to_the_clock():
    fixed = build_now({**SETTINGS, "PORTAL_NOW": "2027-01-01T08:00"})
    assert fixed.isoformat() == "2027-01-01T08:00:00+07:00"
    clock = build_now({**SETTINGS, "PORTAL_NOW": None})
    assert abs(clock - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)
