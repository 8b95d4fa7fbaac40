"""Redacting what the collector writes itself: JSON documents (the manifest, inspect.json), short
texts (the ticket, error lines) and file names (zip members, manifest paths).

``scrub_tree`` redacts every string of a JSON-like value in one pass of the engine: the distinct
strings are joined by a separator line no rule can cross, redacted together and split again; when a
rule did cross it (the pieces no longer line up) each string is redacted on its own. Keys made only
of identifier characters are ours (``"path"``, ``"size"``) and stay; any other key is redacted like
a value. The structure never changes, so the output is as valid as the input.
"""

from __future__ import annotations

import re
from typing import Any

from collector.redact.engine import Redactor
from collector.redact.hits import MASK

_SEPARATOR = "\n\x1e\x1e\n"  # record separators on a line of their own: no rule matches across them
_IDENTIFIER = re.compile(r"[A-Za-z0-9_.:-]{0,64}")
NAME_MASK = "(oculto)"  # "*" is not allowed in Windows file names


def scrub_strings(redactor: Redactor, strings: list[str], kind: str = "manifest") -> dict[str, str]:
    """original → redacted, for every distinct string (counted in the redactor's summary)."""
    distinct = [s for s in dict.fromkeys(strings) if s]
    if not distinct:
        return {}
    joined = _SEPARATOR.join(distinct)
    if _SEPARATOR.strip("\n") not in joined.replace(_SEPARATOR, ""):
        out = redactor.redact_text(joined, kind=kind).text.split(_SEPARATOR)
        if len(out) == len(distinct):
            return dict(zip(distinct, out, strict=True))
    return {s: redactor.redact_text(s, kind=kind).text for s in distinct}


def _collect(value: Any, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, dict):
        for k, v in value.items():
            if isinstance(k, str) and not _IDENTIFIER.fullmatch(k):
                out.append(k)
            _collect(v, out)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _collect(v, out)


def _rebuild(value: Any, table: dict[str, str]) -> Any:
    if isinstance(value, str):
        return table.get(value, value)
    if isinstance(value, dict):
        return {(table.get(k, k) if isinstance(k, str) else k): _rebuild(v, table) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_rebuild(v, table) for v in value]
    return value


def scrub_tree(redactor: Redactor, value: Any, kind: str = "manifest") -> Any:
    """A copy of ``value`` (dicts, lists, strings, numbers) with every string redacted."""
    strings: list[str] = []
    _collect(value, strings)
    return _rebuild(value, scrub_strings(redactor, strings, kind))


def scrub_name(redactor: Redactor, name: str) -> str:
    """A file or member name (``logs/x/RMError-joao.txt``) with what the rules find replaced, each
    ``/`` component on its own; the mask becomes ``(oculto)`` (a valid file name everywhere)."""
    parts = name.split("/")
    table = scrub_strings(redactor, parts, kind="name")
    return "/".join(table.get(p, p).replace(MASK, NAME_MASK) for p in parts)
