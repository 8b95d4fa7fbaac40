"""Redaction (SPEC §4.8): secrets become ``********``, personal data consistent pseudonyms.

Public API::

    from collector.redact import Redactor, RedactOptions, PseudonymMap, sniff, is_probably_binary

    redactor = Redactor(RedactOptions(personal_data=True, hostnames=["APPSRV01"]),
                        known_secrets=[alias_password])
    result = redactor.redact_text(text, kind="config", filename="RM.exe.config")
    info = redactor.redact_file(path, out_stream, kind="logs")  # streams, keeps the encoding
    report = redactor.scan_file(attachment)  # findings only, nothing changed
    redactor.summary()  # per-rule totals for the manifest
    redactor.pseudonyms.save(bundle_id)  # private_dir() only, never the bundle

The names are loaded on first use (PEP 562): the probes import ``collector.redact.encoding`` (the
one encoding sniffer) in child processes with tight time bounds, and must not pay for the rules.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "Sniff": "encoding", "is_probably_binary": "encoding", "sniff": "encoding", "sniff_bytes": "encoding",
    "RULES": "engine", "BinaryFileError": "engine", "FileRedaction": "engine", "Finding": "engine",
    "RedactOptions": "engine", "Redactor": "engine", "RedactResult": "engine", "ScanReport": "engine",
    "MASK": "hits", "PseudonymMap": "pseudonyms", "alias_passwords": "secrets",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
