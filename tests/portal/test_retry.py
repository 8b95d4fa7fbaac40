"""collector.portal.retry: full jitter, Retry-After floor, rate-limit pacing, cancellable sleep."""

from __future__ import annotations

import random
import threading

import pytest

from collector.core.errors import Cancelled
from collector.portal.retry import OUTBOX_BACKOFF, Backoff, pace_delay, parse_retry_after, sleep


def test_full_jitter_stays_under_the_exponential_ceiling():
    rng = random.Random(1)
    backoff = Backoff(base=1, cap=60)
    for attempt in range(10):
        waits = [backoff.delay(attempt, rng=rng) for _ in range(200)]
        ceiling = min(60, 2 ** attempt)
        assert all(0 <= w <= ceiling for w in waits)
        assert min(waits) < ceiling * 0.2 and max(waits) > ceiling * 0.8  # spread over the whole range


def test_never_faster_than_retry_after():
    assert all(OUTBOX_BACKOFF.delay(0, retry_after=90) >= 90 for _ in range(50))


def test_parse_retry_after():
    assert parse_retry_after("7") == 7
    assert parse_retry_after(None) is None
    assert parse_retry_after("garbage") is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0  # a date in the past: go now


def test_pacing_only_when_the_budget_runs_low():
    assert pace_delay(None) == 0 and pace_delay(500, 700) == 0
    assert 30 <= pace_delay(0, 700) <= 60
    assert pace_delay(5, 700) < pace_delay(1, 700) + 30


def test_sleep_wakes_up_on_cancel():
    event = threading.Event()
    threading.Timer(0.05, event.set).start()
    with pytest.raises(Cancelled):
        sleep(30, event)
    flag = []
    threading.Timer(0.05, lambda: flag.append(1)).start()
    with pytest.raises(Cancelled):
        sleep(30, lambda: bool(flag))
