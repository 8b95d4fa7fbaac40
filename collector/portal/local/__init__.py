"""The local portal: a real HTTP server speaking the Zendesk subset of SPEC §4.5 (demo mode, tests).

- ``LocalPortal(data_dir, clock=None).start() -> base URL`` (``server.py``): SQLite + files on disk,
  waitress on a daemon thread, the guide's rules on a scheduler, ``.faults`` for fault injection;
- ``start_demo(data_dir=None) -> DemoPortal`` (``demo.py``): what ``collector --demo`` starts;
- ``testing.FakeClock`` and ``testing.session`` for tests.
"""

from collector.portal.local.demo import DemoPortal, start_demo
from collector.portal.local.faults import Faults
from collector.portal.local.server import LocalPortal

__all__ = ["DemoPortal", "Faults", "LocalPortal", "start_demo"]
