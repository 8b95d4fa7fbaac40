"""The one redactor of a bundle, and the choke point everything the collector writes goes through.

Files are streamed through ``BundleRedactor.transform``; member names through ``name``; the
manifest (all of it: inspect section, checklist answers, consent, host facts, skipped sources,
probe reasons), ``ticket.md`` and any other text through ``tree``/``text``. ``write_zip`` calls
``for_stage`` itself, so a new field or member cannot reach the zip without passing here.

One redactor per bundle: the same pseudonym map for files, names and manifest (the same user name
becomes the same ``user-0001`` everywhere). It stays in memory with its stage; a stage reloaded
from disk gets it rebuilt from the private map and the installations' Alias.dat (the known
secrets are never written to the stage).

Names: the Windows user name and this computer's name are pseudonymized by default (in paths too:
``C:\\Users\\joao`` → ``C:\\Users\\user-0001``); ``keep_names`` is the opt-out (``--keep-names``).
"""

from __future__ import annotations

import getpass
import gzip
import os
import platform
import socket
import weakref
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from collector.probes.rm_aliases import config_global_passwords, read_outside
from collector.probes.smallfile import FileProblem, read_bytes
from collector.redact import RedactOptions, Redactor, alias_passwords
from collector.redact.encoding import archive_format
from collector.redact.pseudonyms import PseudonymMap
from collector.redact.scrub import scrub_name, scrub_tree
from collector.redact.secrets import SECRET_ENV

MAX_ZIP_MEMBERS = 2000  # members of an attached .zip that are scanned
MAX_ZIP_MEMBER_BYTES = 200 * 1024 * 1024

# account names that name no person (and are everyday words in logs and in our own JSON keys)
GENERIC_ACCOUNTS = frozenset({
    "root", "admin", "administrator", "administrador", "user", "usuario", "usuário", "guest", "convidado",
    "system", "default", "public", "defaultaccount", "local", "network", "service", "localservice",
    "networkservice", "localsystem", "nobody", "runner", "docker", "ubuntu", "debian",
})


def _split_account(name: str) -> list[str]:
    """``DOMAIN\\joao`` / ``joao@corp.local`` → ``joao``; generic and very short names dropped."""
    name = (name or "").strip()
    for sep in ("\\", "/"):
        name = name.rsplit(sep, 1)[-1]
    name = name.split("@", 1)[0]
    return [name] if len(name) >= 3 and name.lower() not in GENERIC_ACCOUNTS else []


def local_usernames(inspect_doc: dict[str, Any] | None = None) -> list[str]:
    """The names the current Windows/OS user goes by (account, profile folder, inspect's ``user``)."""
    found: list[str] = []
    candidates = [os.environ.get(v, "") for v in ("USERNAME", "USER", "LOGNAME")]
    try:
        candidates.append(getpass.getuser())
    except Exception:  # no user database entry (containers): the environment is enough
        pass
    candidates.append(Path.home().name)
    host = (inspect_doc or {}).get("host") or {}
    if isinstance(host.get("user"), str):
        candidates.append(host["user"])
    for c in candidates:
        found += _split_account(c)
    return list(dict.fromkeys(found))


def local_hostnames(inspect_doc: dict[str, Any] | None = None) -> list[str]:
    """This computer's names (NetBIOS ``COMPUTERNAME``, DNS host name and its first label)."""
    candidates = [os.environ.get("COMPUTERNAME", ""), os.environ.get("HOSTNAME", ""), platform.node()]
    try:
        candidates.append(socket.gethostname())
    except OSError:
        pass
    host = (inspect_doc or {}).get("host") or {}
    if isinstance(host.get("hostname"), str):
        candidates.append(host["hostname"])
    found: list[str] = []
    for c in candidates:
        c = (c or "").strip()
        for name in (c, c.split(".", 1)[0]):
            if len(name) >= 3 and name.lower() not in ("localhost", "localhost.localdomain"):
                found.append(name)
    return list(dict.fromkeys(found))


def known_secrets(installations: list[dict[str, Any]]) -> list[str]:
    """Passwords written in the installations' Alias.dat files (malformed ones too) — also the one that
    ``Aliaspath``/``CONFIGPATH`` point at — and in their Config Global JSON: masked as literals wherever
    else they appear. Memory only; files outside the installation are read with their own time bound."""
    secrets: list[str] = []
    for inst in installations:
        root = Path(inst["root"])
        for candidate in (root / "Alias.dat", root / "Bin" / "Alias.dat"):
            if candidate.is_file():
                try:
                    secrets.extend(alias_passwords(read_bytes(candidate)))
                except FileProblem:
                    pass
        source = inst.get("alias_source") or {}
        if source.get("status") != "ok" or not source.get("path"):
            continue
        try:
            data = read_outside(Path(source["path"]))
        except FileProblem:
            continue
        if source.get("kind") == "config-global":
            secrets.extend(config_global_passwords(data))
        else:
            secrets.extend(alias_passwords(data))
    return list(dict.fromkeys(secrets))


def environment_secrets() -> list[str]:
    """Secrets the environment hands the collector (``COLLECTOR_DB_PASSWORD``, the portal token)."""
    return [v for v in (os.environ.get(n, "") for n in SECRET_ENV) if v.strip()]


class BundleRedactor:
    """One redactor per bundle (one pseudonym map), adapted to the stage's streaming interface."""

    def __init__(self, *, personal_data: bool = True, hostnames: Iterable[str] = (),
                 usernames: Iterable[str] = (), known_secrets: Iterable[str] = (),
                 pseudonyms: PseudonymMap | None = None):
        self.options = RedactOptions(personal_data=personal_data, hostnames=tuple(hostnames),
                                     usernames=tuple(usernames))
        self.redactor = Redactor(self.options, known_secrets=known_secrets, pseudonyms=pseudonyms)

    def transform(self, kind: str, arcname: str):
        def run(src, sink) -> dict[str, Any]:
            result = self.redactor.redact_file(src, sink, kind=kind, filename=arcname)
            return {"redactions": result.counts, "encoding": result.encoding}
        return run

    def text(self, text: str | None, kind: str = "system") -> str | None:
        """A text the collector writes (a probe's reason, the ticket), redacted."""
        return self.redactor.redact_text(text, kind=kind).text if text else text

    scrub = text

    def tree(self, value: Any, kind: str = "manifest") -> Any:
        """A JSON-like document with every string redacted (structure unchanged)."""
        return scrub_tree(self.redactor, value, kind)

    def name(self, arcname: str) -> str:
        """A member name / relative path with what the rules find replaced."""
        return scrub_name(self.redactor, arcname)

    def scan_file(self, path: Path) -> dict[str, int]:
        """What the rules find in an attachment, changing nothing: a text file, every text file
        (and every member name) inside a .zip, or the text inside a gzip file (a rotated
        ``TrackLog.log.gz`` the user attaches: compressed, no rule could read it as it is)."""
        if zipfile.is_zipfile(path):
            return self._scan_zip(path)
        if _is_gzip(path):
            return self._scan_gzip(path)
        report = self.redactor.scan_file(path, kind="attachments")
        return dict(report.counts)

    def _scan_gzip(self, path: Path) -> dict[str, int]:
        try:
            with gzip.open(path, "rb") as packed:
                limited = _Limited(packed, MAX_ZIP_MEMBER_BYTES)  # a gzip bomb stops here
                return dict(self.redactor.scan_file(limited, kind="attachments",
                                                    filename=str(path)).counts)
        except (OSError, EOFError, zlib.error):
            return {}  # not really gzip, or damaged: sent as given, the review still lists it

    def _scan_zip(self, path: Path) -> dict[str, int]:
        counts: dict[str, int] = {}

        def add(found: dict[str, int]) -> None:
            for rule, n in found.items():
                counts[rule] = counts.get(rule, 0) + n

        try:
            with zipfile.ZipFile(path) as zf:
                members = [m for m in zf.infolist() if not m.is_dir()][:MAX_ZIP_MEMBERS]
                names = "\n".join(m.filename for m in members)
                add({f.rule: f.count for f in self.redactor.scan_text(names, kind="name")})
                for member in members:
                    if member.file_size > MAX_ZIP_MEMBER_BYTES or member.flag_bits & 0x1:  # huge or encrypted
                        continue
                    with zf.open(member) as stream:
                        add(dict(self.redactor.scan_file(stream, kind="attachments",
                                                         filename=member.filename).counts))
        except (OSError, zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError):
            pass  # an unreadable archive: sent as given, the review still shows it
        return counts

    def save_private_map(self, bundle_id: str) -> None:
        if len(self.redactor.pseudonyms):
            self.redactor.pseudonyms.save(bundle_id)


def _is_gzip(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return archive_format(fh.read(16)) == "gzip"  # the sniffer the log probe uses too
    except OSError:
        return False


class _Limited:
    """The first ``limit`` bytes of a stream."""

    def __init__(self, stream: Any, limit: int):
        self._stream, self._left = stream, limit

    def read(self, n: int = -1) -> bytes:
        if self._left <= 0:
            return b""
        data = self._stream.read(self._left if n is None or n < 0 else min(n, self._left))
        self._left -= len(data)
        return bytes(data)


# stage → its redactor, for as long as the stage object lives (never written to disk)
_BY_STAGE: weakref.WeakKeyDictionary[Any, BundleRedactor] = weakref.WeakKeyDictionary()


def bind(stage: Any, redactor: BundleRedactor) -> None:
    _BY_STAGE[stage] = redactor


def for_stage(stage: Any) -> BundleRedactor:
    """The redactor that staged ``stage``; rebuilt from its metadata and private map when the stage
    was reloaded from disk (or built by hand, as in tests)."""
    found = _BY_STAGE.get(stage)
    if found is not None:
        return found
    meta = getattr(stage, "meta", {}) or {}
    doc = meta.get("inspect")
    keep = meta.get("keep_names", False)
    redactor = BundleRedactor(
        personal_data=meta.get("personal_data_masked", True),
        hostnames=[] if keep else local_hostnames(doc),
        usernames=[] if keep else local_usernames(doc),
        known_secrets=[*known_secrets((doc or {}).get("installations") or []), *environment_secrets()],
        pseudonyms=PseudonymMap.load(stage.bundle_id) if _safe_id(stage.bundle_id) else None,
    )
    bind(stage, redactor)
    return redactor


def _safe_id(bundle_id: str) -> bool:
    try:
        PseudonymMap.path_for(bundle_id)
    except Exception:
        return False
    return True
