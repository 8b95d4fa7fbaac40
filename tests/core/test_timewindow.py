import pickle
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from collector.core.errors import UsageError
from collector.core.timewindow import TimeWindow, parse_duration, parse_when

SP = ZoneInfo("America/Sao_Paulo")
NOW = datetime(2026, 11, 28, 9, 15, 2, tzinfo=SP)


@pytest.mark.parametrize(("text", "delta"), [
    ("90m", timedelta(minutes=90)),
    ("36h", timedelta(hours=36)),
    ("7d", timedelta(days=7)),
    ("2w", timedelta(weeks=2)),
    ("1d12h", timedelta(days=1, hours=12)),
    (" 7D ", timedelta(days=7)),
    ("45min", timedelta(minutes=45)),
])
def test_durations_count_back_from_now(text, delta):
    assert parse_when(text, NOW) == NOW - delta


def test_parse_duration_rejects_non_durations():
    assert parse_duration("2026-11-20") is None
    assert parse_duration("7x") is None
    assert parse_duration("") is None


def test_iso_date_is_local_midnight():
    assert parse_when("2026-11-20", NOW, tz=SP) == datetime(2026, 11, 20, 0, 0, tzinfo=SP)
    assert parse_when("2026-11-20", NOW, tz=SP).utcoffset() == timedelta(hours=-3)


def test_iso_datetime_with_and_without_offset():
    assert parse_when("2026-11-20T14:30:00-02:00", NOW) == datetime(2026, 11, 20, 13, 30, tzinfo=SP)
    assert parse_when("2026-11-20T17:30Z", NOW) == datetime(2026, 11, 20, 14, 30, tzinfo=SP)
    assert parse_when("2026-11-20 14:30", NOW, tz=SP) == datetime(2026, 11, 20, 14, 30, tzinfo=SP)


def test_naive_is_machine_local_time_by_default():
    got = parse_when("2026-11-20T14:30", NOW)
    assert got.tzinfo is not None
    assert got == datetime(2026, 11, 20, 14, 30).astimezone()


def test_brazilian_dates_are_accepted():
    assert parse_when("20/11/2026", NOW, tz=SP) == datetime(2026, 11, 20, tzinfo=SP)
    assert parse_when("20/11/2026 14:30", NOW, tz=SP) == datetime(2026, 11, 20, 14, 30, tzinfo=SP)


@pytest.mark.parametrize(("text", "words"), [
    ("", "vazia"),
    ("   ", "vazia"),
    ("ontem", "inválida"),
    ("7x", "duração inválida"),
    ("0d", "maior que zero"),
    ("2026-13-01", "inválida"),
    ("7", "inválida"),
    ("99999d", "longa demais"),
    ("2026-12-25", "futuro"),
])
def test_bad_input_is_a_clear_usage_error(text, words):
    with pytest.raises(UsageError) as info:
        parse_when(text, NOW, tz=SP)
    message = str(info.value)
    assert words in message
    assert "\n" not in message
    assert info.value.exit_code == 2


def test_default_window_is_two_days():
    window = TimeWindow.default(NOW)
    assert window.end == NOW
    assert window.span == timedelta(days=2)
    assert TimeWindow.since(None, NOW) == window
    assert TimeWindow.since("  ", NOW) == window
    assert TimeWindow.since("36h", NOW) == TimeWindow(NOW - timedelta(hours=36), NOW)


def test_window_queries():
    window = TimeWindow(datetime(2026, 11, 27, 0, 0, tzinfo=SP), NOW)
    assert window.contains(datetime(2026, 11, 27, 0, 0, tzinfo=SP))      # inclusive start
    assert window.contains(NOW)                                           # inclusive end
    assert not window.contains(datetime(2026, 11, 26, 23, 59, 59, tzinfo=SP))
    assert window.contains(NOW.timestamp() - 10)
    assert window.overlaps(None, window.start_ts)
    assert window.overlaps(window.end_ts, None)
    assert not window.overlaps(0, window.start_ts - 1)
    assert window.to_json() == {"start": "2026-11-27T00:00:00-03:00", "end": "2026-11-28T09:15:02-03:00"}
    assert window.describe() == "de 27/11/2026 00:00 a 28/11/2026 09:15 (UTC-03:00)"
    assert pickle.loads(pickle.dumps(window)) == window


def test_window_needs_aware_ordered_datetimes():
    with pytest.raises(ValueError):
        TimeWindow(datetime(2026, 11, 27), NOW)
    with pytest.raises(ValueError):
        TimeWindow(NOW, NOW - timedelta(seconds=1))
    utc = TimeWindow(NOW.astimezone(UTC) - timedelta(hours=1), NOW)  # mixed zones are fine
    assert utc.span == timedelta(hours=1)
