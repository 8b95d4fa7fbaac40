"""The local portal: a real HTTP server speaking the Zendesk subset of SPEC §4.5 (demo mode, tests).

``LocalPortal(data_dir, clock=None).start() -> base URL``; see ``server.py``.
"""

from collector.portal.local.faults import Faults
from collector.portal.local.server import LocalPortal

__all__ = ["Faults", "LocalPortal"]
