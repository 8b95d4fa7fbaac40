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
"""

from collector.redact.encoding import Sniff, is_probably_binary, sniff, sniff_bytes
from collector.redact.engine import (
    RULES,
    BinaryFileError,
    FileRedaction,
    Finding,
    RedactOptions,
    Redactor,
    RedactResult,
    ScanReport,
)
from collector.redact.hits import MASK
from collector.redact.pseudonyms import PseudonymMap
from collector.redact.secrets import alias_passwords

__all__ = [
    "MASK",
    "RULES",
    "BinaryFileError",
    "FileRedaction",
    "Finding",
    "PseudonymMap",
    "RedactOptions",
    "RedactResult",
    "Redactor",
    "ScanReport",
    "Sniff",
    "alias_passwords",
    "is_probably_binary",
    "sniff",
    "sniff_bytes",
]
