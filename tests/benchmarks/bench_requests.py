"""How long finding the analysts' requests takes (``collector requests``' engine) for a user with many
open tickets and long conversations, on the local portal: portal calls and wall time.

Run: .venv/bin/python tests/benchmarks/bench_requests.py [TICKETS] [COMMENTS]   (default 50 and 20)
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import requests

from collector.portal import analyst_requests, request_doc
from collector.portal.auth import Credentials
from collector.portal.client import PortalClient
from collector.portal.local import LocalPortal


class _Counting(PortalClient):
    calls = 0

    def call(self, *args, **kwargs):
        _Counting.calls += 1
        return super().call(*args, **kwargs)


def main() -> None:
    tickets = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    comments = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    with tempfile.TemporaryDirectory() as tmp, LocalPortal(Path(tmp) / "p", rules_interval=3600, rate_limit=100_000) as portal:
        portal.start()
        user, agent = portal.accounts["end-user"], portal.accounts["agent"]
        agent_auth = (f"{agent['email']}/token", agent["token"])
        with PortalClient(portal.url, Credentials(user["email"], user["token"])) as client:
            for n in range(tickets):
                ticket = client.create_request(f"Chamado {n}", "Erro no cálculo")["id"]
                for c in range(comments - 1):
                    body = request_doc.build(ticket, ["logs"]).to_block() if c == comments - 2 and n % 2 else "Ok."
                    requests.put(f"{portal.url}/api/v2/tickets/{ticket}", auth=agent_auth, timeout=30,
                                 json={"ticket": {"status": "pending", "comment": {"body": body}}}).raise_for_status()
        with _Counting(portal.url, Credentials(user["email"], user["token"])) as client:
            started = time.perf_counter()
            found = analyst_requests.pending_requests(client)
            elapsed = time.perf_counter() - started
        print(f"{tickets} open tickets × {comments} comments: {len(found)} pending requests found in "
              f"{elapsed * 1000:.0f} ms with {_Counting.calls} portal calls")


if __name__ == "__main__":
    main()
