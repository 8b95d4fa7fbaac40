"""Demo mode (``collector --demo``): the local portal in-process on 127.0.0.1, an ephemeral port."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from collector.portal.local.accounts import ACCOUNTS_FILE, BOOTSTRAP
from collector.portal.local.server import LocalPortal


@dataclass(frozen=True)
class DemoPortal:
    """A running local portal and the end user's credentials the app files tickets with."""

    portal: LocalPortal
    url: str
    email: str
    token: str

    def stop(self) -> None:
        self.portal.close()


def default_data_dir() -> Path:
    from collector.core.paths import data_dir

    return data_dir() / "local-portal"


def _end_user_credentials(portal: LocalPortal) -> tuple[str, str]:
    """The first-start end user's e-mail and token; a new token if ``accounts.json`` was lost."""
    entry = portal.accounts.get("end-user")
    if entry and portal.users.authenticate_token(entry["email"], entry["token"]):
        return entry["email"], entry["token"]
    _, email, name = next(b for b in BOOTSTRAP if b[0] == "end-user")
    user = portal.users.by_email(email) or portal.users.create_user(email, "end-user", name=name)
    _, token = portal.users.new_token(user.id, "modo demonstração")
    accounts = portal.accounts
    accounts["end-user"] = {"email": email, "name": user.name, "token": token}
    path = portal.data_dir / ACCOUNTS_FILE
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(accounts, fh, ensure_ascii=False, indent=2)
    return email, token


def start_demo(data_dir: Path | None = None) -> DemoPortal:
    """Starts the local portal for demo mode (default folder: ``data_dir()/local-portal``)."""
    portal = LocalPortal(data_dir or default_data_dir())
    try:
        url = portal.start("127.0.0.1", 0)
        email, token = _end_user_credentials(portal)
    except BaseException:
        portal.close()
        raise
    return DemoPortal(portal, url, email, token)
