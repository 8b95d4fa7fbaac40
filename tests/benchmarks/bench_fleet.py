"""A fleet: N outboxes retrying against one portal account after an outage (SPEC §4.7, issue 13).

N agents (default 200), each with its own outbox, client and sender, submit one bundle while the
portal is down for a 10-minute outage (each at a random moment of it); the local portal then comes
back on the same port with an account rate limit (default 200 requests a minute: Zendesk's Team plan,
https://developer.zendesk.com/api-reference/introduction/rate-limits). Everything runs on 127.0.0.1
with real HTTP; only time is compressed: one clock running ``SPEED`` times faster than the wall clock
drives the portal's rate limiter (and so its ``Retry-After``), the outboxes' clocks and every pause
of the clients and senders, so the simulation sees minutes while it runs for seconds.

Reported: requests refused with 429, time from the portal's return until every bundle is delivered,
the peak request rate over any 60-second window versus the limit (attempted, and accepted), how
long the attempted rate stayed above the limit, and how many tickets exist per bundle (must be 1).

Run: .venv/bin/python tests/benchmarks/bench_fleet.py [N] [LIMIT_PER_MINUTE] [OUTAGE_MINUTES] [SPEED] [CAP_S]
(CAP_S: try another ceiling for the outbox's backoff, to compare side by side; default: the product's)
"""

from __future__ import annotations

import logging
import random
import socket
import sys
import tempfile
import threading
import time
from bisect import bisect_left
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from collector.portal import errors  # noqa: E402
from collector.portal import sender as sender_mod  # noqa: E402
from collector.portal.auth import Credentials  # noqa: E402
from collector.portal.client import PortalClient  # noqa: E402
from collector.portal.local import LocalPortal  # noqa: E402
from collector.portal.local.web import RateLimits  # noqa: E402
from collector.portal.outbox import Outbox, parse_iso  # noqa: E402
from collector.portal.retry import Backoff  # noqa: E402
from collector.portal.sender import Sender  # noqa: E402
from collector.portal.transport import RequestsTransport  # noqa: E402
from tests.bundle.factory import make_bundle  # noqa: E402


class FastClock:
    """Virtual time running ``speed`` times faster than the wall clock, from ``start``."""

    def __init__(self, speed: float, start: datetime):
        self.speed = speed
        self._start = start
        self._t0 = time.monotonic()
        self.stop = threading.Event()  # set at the bound: every pause ends, every agent gives up

    def seconds(self) -> float:  # monotonic virtual seconds since the start
        return (time.monotonic() - self._t0) * self.speed

    def now(self) -> datetime:
        return self._start + timedelta(seconds=self.seconds())

    def sleep(self, seconds: float, cancel=None) -> None:
        if seconds > 0:
            self.stop.wait(seconds / self.speed)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    outage = float(sys.argv[3]) if len(sys.argv) > 3 else 10.0
    speed = float(sys.argv[4]) if len(sys.argv) > 4 else 20.0
    if len(sys.argv) > 5:
        sender_mod.OUTBOX_BACKOFF = Backoff(base=sender_mod.OUTBOX_BACKOFF.base, cap=float(sys.argv[5]))
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "Task queue depth is N": expected here
    bound = timedelta(minutes=outage + 60)  # give up after an hour of simulated recovery
    rng = random.Random(13)
    clock = FastClock(speed, datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    hits: list[tuple[float, bool]] = []  # (virtual second, accepted) of every API request
    hits_lock = threading.Lock()
    real_hit = RateLimits.hit

    def recording_hit(self, method, path, user_id, address):
        remaining, retry_after = real_hit(self, method, path, user_id, address)
        with hits_lock:
            hits.append((clock.seconds(), retry_after is None))
        return remaining, retry_after

    RateLimits.hit = recording_hit
    delivered_at: dict[int, float] = {}
    attempts: dict[int, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        port = _free_port()
        portal = LocalPortal(tmp / "portal", rules_interval=3600, rate_limit=limit, threads=16,
                             rate_clock=clock.seconds)
        account = portal.accounts["end-user"]
        creds = Credentials(account["email"], account["token"])
        url = f"http://127.0.0.1:{port}"
        bundle_ids = []
        for i in range(n):
            manifest = make_bundle(tmp / f"b{i}.zip", {"logs/RM.log": f"erro {i}\n".encode() * 200})
            bundle_ids.append(manifest["bundle_id"])
        outage_end = outage * 60

        def agent(i: int) -> None:
            outbox = Outbox(tmp / f"outbox{i}", clock=clock.now)
            client = PortalClient(url, creds, transport=RequestsTransport(), sleeper=clock.sleep,
                                  timeout=(10.0, 60.0))
            sender = Sender(client, outbox, sleeper=clock.sleep)
            clock.sleep(rng.uniform(0, outage_end))  # the user submits at some moment of the outage
            if clock.stop.is_set():
                return
            entry = outbox.enqueue(tmp / f"b{i}.zip")
            while not clock.stop.is_set():
                due = parse_iso(outbox.load(entry.id).next_attempt_at)
                if due is not None:
                    clock.sleep((due - clock.now()).total_seconds())
                attempts[i] = attempts.get(i, 0) + 1
                try:
                    sender.send(entry)
                except errors.TransientPortalError:
                    continue
                except errors.CollectorError as exc:
                    print(f"agent {i}: {exc}")
                    break
                delivered_at[i] = clock.seconds()
                break
            client.close()

        threads = [threading.Thread(target=agent, args=(i,), daemon=True) for i in range(n)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        clock.sleep(outage_end - clock.seconds())
        portal.start(port=port)
        back = clock.seconds()
        for thread in threads:
            thread.join(max(0.0, bound.total_seconds() / speed - (time.monotonic() - started)))
        clock.stop.set()
        for thread in threads:
            thread.join(30)
        wall = time.monotonic() - started
        with portal.state.db.tx() as conn:
            descriptions = [r["description"] for r in conn.execute("SELECT description FROM tickets")]
        portal.close()
    RateLimits.hit = real_hit

    per_bundle = [sum(bid in d for d in descriptions) for bid in bundle_ids]
    times = sorted(t for t, _ in hits)
    accepted = sorted(t for t, ok in hits if ok)
    refused = len(hits) - len(accepted)

    def peak(samples: list[float]) -> int:
        return max((bisect_left(samples, t + 60) - k for k, t in enumerate(samples)), default=0)

    over = sum(1 for second in range(int(back), int(max(times, default=back)) + 1)
               if bisect_left(times, second + 60) - bisect_left(times, second) > limit)
    drain = (max(delivered_at.values()) - back) / 60 if len(delivered_at) == n else None
    print(f"fleet: {n} outboxes, account limit {limit}/min, outage {outage:g} min, time x{speed:g} "
          f"({wall:.0f} s of wall clock), outbox backoff ceiling {sender_mod.OUTBOX_BACKOFF.cap:g} s")
    print(f"  delivered: {len(delivered_at)}/{n}; tickets per bundle: min {min(per_bundle)} max {max(per_bundle)}")
    print(f"  requests after the outage: {len(hits)}, refused with 429: {refused} "
          f"({100 * refused / max(1, len(hits)):.1f} %)")
    print("  time to drain after the portal came back: "
          + (f"{drain:.1f} min" if drain is not None else "not drained within the bound"))
    print(f"  peak requests in any 60 s: attempted {peak(times)}, accepted {peak(accepted)} (limit {limit})")
    print(f"  seconds with the attempted rate above the limit: {over}")
    print(f"  sends per agent: mean {sum(attempts.values()) / max(1, len(attempts)):.1f}, "
          f"max {max(attempts.values(), default=0)}")


if __name__ == "__main__":
    main()
