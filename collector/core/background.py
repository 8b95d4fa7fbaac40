"""What the collector does in the background for this user, all opt-in or safe by default (issue 18):
ticket notifications, the RMError watcher, starting with the session.

Kept in the ``"background"`` section of the user's settings file (the rest of the file is left as
it is)::

    {"background": {"notifications": true, "rmerror_watch": false, "start_with_session": false}}

Notifications poll the portal: on by default, except on a shared server (a Remote Desktop /
Terminal Server session, :func:`collector.core.winsession.is_remote_session`), where dozens of
sessions would poll with the same company's rate limit — there only if the user turns them on. The
RMError watcher and starting with the session are off unless the user turns them on.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from collector.core import settings_file

log = logging.getLogger(__name__)
SECTION = "background"


@dataclass
class Background:
    notifications: bool | None = None  # None: the default (on, except on a shared server)
    rmerror_watch: bool = False
    start_with_session: bool = False

    def notifications_on(self, shared: bool | None = None) -> bool:
        if self.notifications is not None:
            return self.notifications
        return not (shared_server() if shared is None else shared)


def shared_server() -> bool:
    """True in a remote (possibly shared) Windows session; False elsewhere."""
    from collector.core import winsession

    try:
        return winsession.is_remote_session()
    except Exception:  # never fail the tray over a detection: treat as shared (the quiet choice)
        log.warning("could not tell whether this is a shared server", exc_info=True)
        return True


def load() -> Background:
    section = settings_file.section(SECTION)
    if not section:
        return Background()
    notifications = section.get("notifications")
    return Background(notifications=notifications if isinstance(notifications, bool) else None,
                      rmerror_watch=section.get("rmerror_watch") is True,
                      start_with_session=section.get("start_with_session") is True)


def save(background: Background) -> None:
    """Writes the section, keeping the rest of the settings file."""
    settings_file.write_section(SECTION, {
        "notifications": background.notifications, "rmerror_watch": background.rmerror_watch,
        "start_with_session": background.start_with_session})
