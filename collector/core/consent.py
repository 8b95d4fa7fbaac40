"""The consent a bundle records in its manifest (``consent``): one shape, whoever gave it.

The wizard's user ticks "Revisei o conteúdo e estou autorizado a enviá-lo" on the review page; on the
command line, running ``collector collect`` is itself the act of the operating-system user.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

How = Literal["wizard", "cli"]

WIZARD_STATEMENT = "Revisei o conteúdo e estou autorizado a enviá-lo"
CLI_STATEMENT = "executado pela linha de comando pelo usuário do sistema operacional"


def os_user() -> str | None:
    """The login name, or None (a service account without USERNAME)."""
    try:
        return getpass.getuser()
    except Exception:
        return None


@dataclass(frozen=True)
class Consent:
    how: How
    statement: str
    given_at: datetime
    os_user: str | None

    @classmethod
    def given(cls, how: How, when: datetime) -> Consent:
        return cls(how, WIZARD_STATEMENT if how == "wizard" else CLI_STATEMENT, when, os_user())

    def to_manifest(self) -> dict[str, Any]:
        return {"how": self.how, "statement": self.statement,
                "given_at": self.given_at.isoformat(timespec="seconds"), "os_user": self.os_user}
