"""Demo mode (``collector --demo``): the local portal in-process on 127.0.0.1, an ephemeral port.

The demo signs in like the real portal: through the browser, with the end user's e-mail and password
(shown in the demo banner's tooltip and kept in ``accounts.json``); its API token stays there too,
for headless use and the tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from collector.portal.local.accounts import BOOTSTRAP, new_password, write_accounts_file
from collector.portal.local.server import LocalPortal


@dataclass(frozen=True)
class DemoPortal:
    """A running local portal and the end user's account (e-mail, API token and password)."""

    portal: LocalPortal
    url: str
    email: str
    token: str
    password: str

    def stop(self) -> None:
        self.portal.close()


def default_data_dir() -> Path:
    from collector.core.paths import data_dir

    return data_dir() / "local-portal"


def demo_account(portal: LocalPortal) -> dict[str, str]:
    """The first-start end user's {"email", "name", "token", "password"}; what ``accounts.json``
    lost (or an older data folder never had) is made again and written back."""
    accounts = portal.accounts
    entry = dict(accounts.get("end-user") or {})
    _, email, name = next(b for b in BOOTSTRAP if b[0] == "end-user")
    email = entry.get("email") or email
    user = portal.users.by_email(email) or portal.users.create_user(email, "end-user", name=name)
    changed = False
    if not (entry.get("token") and portal.users.authenticate_token(email, entry["token"])):
        _, entry["token"] = portal.users.new_token(user.id, "modo demonstração")
        changed = True
    if not (entry.get("password") and portal.users.authenticate_password(email, entry["password"])):
        entry["password"] = new_password()
        portal.users.set_password(user.id, entry["password"])
        changed = True
    entry.update(email=email, name=user.name)
    if changed:
        accounts["end-user"] = entry
        write_accounts_file(portal.data_dir, accounts)
    return entry


def start_demo(data_dir: Path | None = None) -> DemoPortal:
    """Starts the local portal for demo mode (default folder: ``data_dir()/local-portal``)."""
    portal = LocalPortal(data_dir or default_data_dir())
    try:
        url = portal.start("127.0.0.1", 0)
        account = demo_account(portal)
    except BaseException:
        portal.close()
        raise
    return DemoPortal(portal, url, account["email"], account["token"], account["password"])
