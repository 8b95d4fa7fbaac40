"""When to try again: exponential backoff with full jitter, ``Retry-After``, rate-limit pacing.

Thousands of agents share one portal account (SPEC §4.7). After an outage they must not come back
in lockstep, so every wait is drawn uniformly between 0 and the exponential ceiling ("full
jitter"), is never shorter than what ``Retry-After`` asked, and requests slow down when
``X-Rate-Limit-Remaining`` runs low.

We keep our own loop instead of urllib3's ``Retry`` on the adapter because a wait must be
cancellable (the wizard's "Cancelar"), a long ``Retry-After`` must move to the outbox instead of
blocking the caller, and POST is retried per call (only with an ``Idempotency-Key``). urllib3's
parser is still used for the header itself.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import dataclass

from urllib3.util.retry import Retry

from collector.core.errors import Cancelled
from collector.portal.errors import SEND_CANCELLED

CancelToken = threading.Event | Callable[[], bool] | None


@dataclass(frozen=True)
class Backoff:
    """Full-jitter exponential backoff: attempt n waits U(0, min(cap, base * 2**n)) seconds."""

    base: float = 0.5
    cap: float = 8.0

    def delay(self, attempt: int, retry_after: float | None = None, rng: random.Random | None = None) -> float:
        ceiling = min(self.cap, self.base * (2 ** max(attempt, 0)))
        wait = (rng or random).uniform(0, ceiling)
        if retry_after is not None:
            wait = max(wait, retry_after)
        return wait


# In one call: a few quick retries (seconds). In the outbox: long waits (minutes to an hour).
CALL_BACKOFF = Backoff(base=0.5, cap=8.0)
OUTBOX_BACKOFF = Backoff(base=30.0, cap=3600.0)


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta seconds or an HTTP date)."""
    if not value:
        return None
    try:
        return max(0.0, float(Retry().parse_retry_after(value)))
    except Exception:  # urllib3 raises InvalidHeader for garbage; garbage means "no advice"
        return None


def pace_delay(remaining: int | None, limit: int | None = None, rng: random.Random | None = None) -> float:
    """A pause before the next request when the rate-limit budget runs low (0 when it does not).

    The budget refills over a minute (Zendesk); with ``remaining`` requests left we spread them over
    that minute, jittered so that many agents on one account do not fire together.
    """
    if remaining is None:
        return 0.0
    low_water = max(10, int(limit * 0.1)) if limit else 10
    if remaining >= low_water:
        return 0.0
    return min(60.0, 60.0 / (remaining + 1)) * (rng or random).uniform(0.5, 1.0)


def is_cancelled(cancel: CancelToken) -> bool:
    if cancel is None:
        return False
    if isinstance(cancel, threading.Event):
        return cancel.is_set()
    return bool(cancel())


def check_cancel(cancel: CancelToken) -> None:
    if is_cancelled(cancel):
        raise Cancelled(SEND_CANCELLED)


def sleep(seconds: float, cancel: CancelToken = None) -> None:
    """Sleep that wakes up (and raises :class:`Cancelled`) as soon as ``cancel`` is set."""
    if seconds <= 0:
        check_cancel(cancel)
        return
    if isinstance(cancel, threading.Event):
        if cancel.wait(seconds):
            raise Cancelled(SEND_CANCELLED)
        return
    event = threading.Event()
    step = 0.1
    waited = 0.0
    while waited < seconds:
        check_cancel(cancel)
        event.wait(min(step, seconds - waited))
        waited += step
    check_cancel(cancel)
