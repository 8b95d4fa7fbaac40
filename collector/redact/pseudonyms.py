"""Consistent pseudonyms for personal data, and the private map original → pseudonym.

Same value → same pseudonym for the whole bundle (every file), so the analyst can still correlate
"the same CPF in the log and in the RMError" without seeing it. Pseudonyms are plainly labels
(``CPF-0001``, ``email-0001@pseudonimo.invalid``, ``host-0001``): they cannot be taken for real data
(a CPF label has letters, the e-mail domain is the reserved ``.invalid``), and no rule matches them
again, so redacting twice changes nothing.

The map is the only way back to the originals: it is saved only under
``collector.core.paths.private_dir()`` (per user, never inside a bundle or the outbox).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from collector.core.atomic import atomic_write_json
from collector.core.errors import CollectorError

SCHEMA = "collector.redaction-map/1"

# kind -> how the n-th pseudonym of that kind is written
FORMATS = {
    "cpf": "CPF-{:04d}",
    "cnpj": "CNPJ-{:04d}",
    "email": "email-{:04d}@pseudonimo.invalid",
    "mac": "MAC-{:04d}",
    "ipv4": "ip-{:04d}",
    "hostname": "host-{:04d}",
    "username": "user-{:04d}",
}

PSEUDONYM_EMAIL_DOMAIN = "pseudonimo.invalid"

_SAFE_NAME = re.compile(r"^[A-Za-z0-9._-]{1,100}$")


class PseudonymMap:
    """original → pseudonym, per kind. Keys are normalized by the rules (digits only, lower case)."""

    def __init__(self, entries: dict[str, dict[str, str]] | None = None):
        self._entries: dict[str, dict[str, str]] = {kind: {} for kind in FORMATS}
        for kind, mapping in (entries or {}).items():
            if kind in FORMATS:
                self._entries[kind].update(mapping)

    def pseudonym(self, kind: str, key: str) -> str:
        """The pseudonym of ``key`` (normalized original), assigning the next number on first sight."""
        mapping = self._entries[kind]
        found = mapping.get(key)
        if found is None:
            found = FORMATS[kind].format(len(mapping) + 1)
            mapping[key] = found
        return found

    def lookup(self, kind: str, key: str) -> str | None:
        return self._entries[kind].get(key)

    def __len__(self) -> int:
        return sum(len(m) for m in self._entries.values())

    def counts(self) -> dict[str, int]:
        """How many distinct values of each kind were pseudonymized (safe to put in a manifest)."""
        return {kind: len(m) for kind, m in self._entries.items() if m}

    def to_dict(self) -> dict[str, Any]:
        return {"schema": SCHEMA, "entries": {k: dict(m) for k, m in self._entries.items() if m}}

    # -- persistence, private dir only ---------------------------------------------------------

    @staticmethod
    def path_for(name: str) -> Path:
        """Where the map called ``name`` (e.g. the bundle id) lives: ``private_dir()/redaction-<name>.json``."""
        from collector.core.paths import private_dir

        if not _SAFE_NAME.match(name):
            raise CollectorError("Nome inválido para o mapa de pseudônimos.")
        return private_dir() / f"redaction-{name}.json"

    def save(self, name: str) -> Path:
        """Write the map (owner-only permissions) under ``private_dir()`` and return its path."""
        return self.save_to(self.path_for(name))

    def save_to(self, path: Path) -> Path:
        """Write the map to ``path``, which must be inside ``private_dir()`` (refused anywhere else)."""
        from collector.core.paths import private_dir

        target = Path(path).resolve()
        private = private_dir().resolve()
        if not target.is_relative_to(private):
            raise CollectorError(
                "O mapa de pseudônimos só pode ser salvo na pasta privada do usuário, nunca no pacote."
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_json(target, self.to_dict(), private=True)
        return target

    @classmethod
    def load(cls, name: str) -> PseudonymMap:
        """The map saved as ``name``, or an empty one when there is none (or it is unreadable)."""
        path = cls.path_for(name)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            return cls()
        entries = data.get("entries")
        if not isinstance(entries, dict):
            return cls()
        clean = {
            k: {str(a): str(b) for a, b in v.items()}
            for k, v in entries.items()
            if isinstance(v, dict)
        }
        return cls(clean)
