"""The redaction engine (SPEC §4.8): every collected text file passes through ``Redactor``.

Files are processed as bytes in chunks of whole lines (about 1 MB). Each chunk is split into
encoding segments (``encoding.segments``: a file may switch between ANSI and UTF-16 midway, with or
without a BOM): UTF-8 and cp1252 segments are never decoded (all patterns are ASCII), UTF-16
segments are transcoded to UTF-8 and back (UTF-32, BOM only, as a whole). Trigger passes and
skeleton searches find candidates at C speed, rules check them, hits are resolved once and the
chunk is assembled in one pass. Encoding, BOM, line endings (CRLF), blank lines and every byte that
no rule touched come out exactly as they went in; memory stays bounded whatever the file size.
"""

from __future__ import annotations

import codecs
import contextlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, AnyStr, BinaryIO

from collector.core.errors import CollectorError
from collector.redact.catalog import RULES
from collector.redact.encoding import (
    ASCII_COMPATIBLE,
    SNIFF_BYTES,
    UTF16_BE,
    UTF16_LE,
    Sniff,
    decode,
    errors_for,
    read_head,
    segments,
    sniff_bytes,
)
from collector.redact.hits import ChunkScan, Hit, PseudonymFn, apply, resolve
from collector.redact.personal import DocumentRule, EmailRule, Ipv4Rule, MacRule, NameListRule
from collector.redact.prefilter import make_scanner
from collector.redact.protocols import (
    CommandLineRule,
    CookieRule,
    DigestRule,
    OracleLoginRule,
    PuttyKeyRule,
    SasRule,
    SmtpAuthRule,
)
from collector.redact.pseudonyms import PseudonymMap
from collector.redact.secrets import (
    AuthHeaderRule,
    JwtRule,
    KeyedSecretRule,
    KnownSecretRule,
    PrivateKeyRule,
    UrlCredentialsRule,
)
from collector.redact.tokens import KnownTokenRule

__all__ = ["RULES", "BinaryFileError", "FileRedaction", "Finding", "RedactOptions", "RedactResult",
           "Redactor", "ScanReport"]

BLOCK = 1 << 20  # bytes read at a time; a chunk is the whole lines of about one block
MAX_LINE = 16 << 20  # a longer line is cut (at a blank or separator if there is one) to bound memory
PREVIEW_BYTES = 2 << 20  # how much of a file the review page shows


class BinaryFileError(CollectorError):
    """A binary file was given where text is expected: it is left out, never shipped unredacted."""

    def __init__(self, name: str, reason: str):
        super().__init__(f"{name}: {reason} — deixado de fora do pacote")
        self.reason = reason


@dataclass(frozen=True)
class RedactOptions:
    personal_data: bool = True  # CPF, CNPJ, e-mail, MAC → pseudonyms (False = --keep-personal-data)
    hostnames: tuple[str, ...] = ()  # pseudonymized as whole words
    usernames: tuple[str, ...] = ()
    extra_secrets: tuple[str, ...] = ()  # literals masked wherever they appear
    ipv4: bool = False  # IPv4 addresses → pseudonyms

    def __post_init__(self) -> None:
        for name in ("hostnames", "usernames", "extra_secrets"):
            value = getattr(self, name) or ()
            object.__setattr__(self, name, (value,) if isinstance(value, str) else tuple(value))


@dataclass
class RedactResult:
    text: str
    counts: dict[str, int]
    spans: list[tuple[int, int, str]]  # (start, end, rule): character offsets in ``text``, the output


@dataclass
class FileRedaction:
    counts: dict[str, int]
    encoding: str  # utf-8, utf-8-sig, cp1252, utf-16-le+bom... ("binary" when forced)
    bytes_in: int
    bytes_out: int


@dataclass(frozen=True)
class Finding:
    rule: str
    line: int  # 1-based
    count: int


@dataclass
class ScanReport:
    findings: list[Finding] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    encoding: str | None = None
    binary: bool = False
    reason: str | None = None  # why the file was not scanned (binary)


def _no_pseudonym(kind: str, key: str) -> str:
    return ""


@contextlib.contextmanager
def _source(src: str | Path | BinaryIO) -> Iterator[BinaryIO]:
    if isinstance(src, (str, Path)):
        with open(src, "rb") as stream:
            yield stream
    else:
        yield src


def _soft_cut(buf: AnyStr, newline: tuple[AnyStr, AnyStr], separators: tuple[AnyStr, ...]) -> int:
    """Where a chunk may end: after the last line break; in an endless line, after a separator.
    In bytes, a NUL right after the break is its UTF-16LE high byte and stays with it."""
    cut = buf.rfind(newline[0])
    if cut < 0:
        cut = buf.rfind(newline[1])
    if cut < 0:
        if len(buf) < MAX_LINE:
            return 0
        window = len(buf) - min(len(buf), BLOCK)
        cut = max(buf.rfind(c, window) for c in separators)
        if cut < 0:
            return len(buf)
    cut += 1
    if isinstance(buf, bytes) and cut < len(buf) and buf[cut] == 0:
        cut += 1
    return int(cut)


_BYTE_SEPARATORS = (b" ", b"\t", b";", b",", b">")
_TEXT_SEPARATORS = (" ", "\t", ";", ",", ">")


def _byte_chunks(stream: BinaryIO, data: bytes, meter: list[int]) -> Iterator[bytes]:
    pending = data
    while True:
        block = stream.read(BLOCK)
        if not block:
            if pending:
                yield pending
            return
        meter[0] += len(block)
        buf = pending + block if pending else block
        cut = _soft_cut(buf, (b"\n", b"\r"), _BYTE_SEPARATORS)
        if cut:
            yield buf[:cut]
        pending = buf[cut:]


def _text_chunks(stream: BinaryIO, codec: str, data: bytes, meter: list[int]) -> Iterator[str | bytes]:
    """Decoded chunks of whole lines; a bytes item is an undecodable tail (an odd UTF-16 byte)."""
    decoder = codecs.getincrementaldecoder(codec)(errors_for(codec))
    pending = ""
    while True:
        if not data:
            try:
                text = pending + decoder.decode(b"", final=True)
                tail = b""
            except UnicodeDecodeError:
                text, tail = pending, decoder.getstate()[0]
            if text:
                yield text
            if tail:
                yield tail
            return
        buf = pending + decoder.decode(data)
        cut = _soft_cut(buf, ("\n", "\r"), _TEXT_SEPARATORS)
        if cut:
            yield buf[:cut]
        pending = buf[cut:]
        data = stream.read(BLOCK)
        meter[0] += len(data)


class Redactor:
    """Redacts text and files with one set of rules and one pseudonym map (one per bundle).

    ``known_secrets`` are exact values the collector already saw (Alias.dat passwords, kept in
    memory only): they are masked as literals in every file, whatever surrounds them.
    """

    def __init__(self, options: RedactOptions | None = None, known_secrets: Iterable[str] = (),
                 pseudonyms: PseudonymMap | None = None):
        self.options = options or RedactOptions()
        self.pseudonyms = pseudonyms if pseudonyms is not None else PseudonymMap()
        self._known: set[str] = {s for s in self.options.extra_secrets if s} | {s for s in known_secrets if s}
        self._totals: dict[str, int] = {}
        self._build()

    def _build(self) -> None:
        o = self.options
        rules: list[Any] = [PrivateKeyRule(), PuttyKeyRule(), KeyedSecretRule(), AuthHeaderRule(), JwtRule(),
                       KnownTokenRule(), UrlCredentialsRule(), OracleLoginRule(), CommandLineRule(),
                       SmtpAuthRule(), DigestRule(), CookieRule(), SasRule(), KnownSecretRule(sorted(self._known))]
        if o.personal_data:
            rules += [DocumentRule(), EmailRule(), MacRule()]
        if o.ipv4:
            rules.append(Ipv4Rule())
        if o.hostnames:
            rules.append(NameListRule("hostname", "hostname", o.hostnames))
        if o.usernames:
            rules.append(NameListRule("username", "username", o.usernames))
        self._rules = rules
        bundle_rules = [r for r in rules if isinstance(r, (KnownSecretRule, NameListRule))]
        self._scanner = make_scanner(
            [entry for rule in rules if rule not in bundle_rules for entry in rule.triggers()],
            [entry for rule in bundle_rules for entry in rule.triggers()])
        self._whole_chunk = [rule.scan for rule in rules if hasattr(rule, "scan")]

    def add_known_secrets(self, secrets: Iterable[str]) -> None:
        """Secrets seen by the collector (Alias.dat passwords), masked as literals in every file."""
        new = {s for s in secrets if s} - self._known
        if new:
            self._known |= new
            self._build()

    @property
    def rule_names(self) -> list[str]:
        """The rules this redactor applies (names as in counts and ``RULES``)."""
        active = {n for rule in self._rules for n in rule.names}
        return [n for n in RULES if n in active]

    def summary(self) -> dict[str, int]:
        """Redactions per rule over everything this redactor changed (for the manifest)."""
        return {rule: self._totals[rule] for rule in RULES if rule in self._totals}

    # -- the core: one chunk of bytes ----------------------------------------------------------

    def _hits(self, chunk: bytes, kind: str, filename: str, state: dict[str, Any], pseudonym: PseudonymFn,
              ) -> tuple[list[Hit], dict[str, Any]]:
        cs = ChunkScan(chunk, kind, filename, pseudonym, state)
        self._scanner.run(cs)
        for scan in self._whole_chunk:
            scan(cs)
        return resolve(cs.hits), cs.next_state

    def _redact_bytes(self, chunk: bytes, kind: str, filename: str, state: dict[str, Any], counts: dict[str, int],
                      spans: list[tuple[int, int, str]] | None = None) -> tuple[bytes, dict[str, Any]]:
        hits, next_state = self._hits(chunk, kind, filename, state, self.pseudonyms.pseudonym)
        return apply(chunk, hits, counts, spans), next_state

    def _add_totals(self, counts: dict[str, int]) -> None:
        for rule, n in counts.items():
            self._totals[rule] = self._totals.get(rule, 0) + n

    # -- text ----------------------------------------------------------------------------------

    def redact_text(self, text: str, kind: str = "logs", filename: str = "") -> RedactResult:
        """Redact a whole text; ``spans`` mark the replacements in the output (review page)."""
        return self._redact_str(text, kind, filename, record=True)

    def preview_text(self, text: str, kind: str = "logs", filename: str = "") -> RedactResult:
        """``redact_text`` for showing, not shipping: same pseudonyms, not counted in ``summary()``."""
        return self._redact_str(text, kind, filename, record=False)

    def preview_file(self, src: str | Path | BinaryIO, kind: str = "logs", filename: str | None = None,
                     limit: int = PREVIEW_BYTES) -> RedactResult:
        """The start of a file (whole lines, up to ``limit`` bytes), decoded by its own encoding and
        redacted, with spans: what the review page shows. Raises ``BinaryFileError`` for binaries."""
        name = filename if filename is not None else (str(src) if isinstance(src, (str, Path)) else "")
        with _source(src) as stream:
            head = read_head(stream, limit + 1)
        sniffed = sniff_bytes(head[:SNIFF_BYTES])
        if sniffed.binary:
            raise BinaryFileError(name or "arquivo", sniffed.reason or "arquivo binário")
        data = head
        if len(head) > limit:
            data = head[:limit]
            cut = _soft_cut(data, (b"\n", b"\r"), ())
            if cut > 0:
                data = data[:cut]
        return self._redact_str(decode(data)[0], kind, name, record=False)

    def _redact_str(self, text: str, kind: str, filename: str, record: bool) -> RedactResult:
        data = text.encode("utf-8", "surrogatepass")
        counts: dict[str, int] = {}
        byte_spans: list[tuple[int, int, str]] = []
        out, _ = self._redact_bytes(data, kind, filename, {}, counts, byte_spans)
        if record:
            self._add_totals(counts)
        result = out.decode("utf-8", "surrogatepass")
        if result.isascii() or not byte_spans:
            return RedactResult(result, counts, byte_spans)
        spans, pos, char_pos = [], 0, 0  # byte offsets → character offsets, in one pass
        for start, end, rule in byte_spans:
            char_pos += len(out[pos:start].decode("utf-8", "surrogatepass"))
            char_end = char_pos + len(out[start:end].decode("utf-8", "surrogatepass"))
            spans.append((char_pos, char_end, rule))
            pos, char_pos = end, char_end
        return RedactResult(result, counts, spans)

    def scan_text(self, text: str, kind: str = "attachments", filename: str = "") -> list[Finding]:
        """What the rules would change, by line, without changing anything (user attachments)."""
        return self._findings(text.encode("utf-8", "surrogatepass"), kind, filename, {}, 1, {})[0]

    def _findings(self, chunk: bytes, kind: str, filename: str, state: dict[str, Any], first_line: int,
                  counts: dict[str, int]) -> tuple[list[Finding], dict[str, Any]]:
        hits, next_state = self._hits(chunk, kind, filename, state, _no_pseudonym)
        per_line: dict[tuple[int, str], int] = {}
        line, pos = first_line, 0
        for start, _end, rule, _repl, extra in hits:
            line += chunk.count(b"\n", pos, start)
            pos = start
            for r in (rule, *extra):
                per_line[(line, r)] = per_line.get((line, r), 0) + 1
                counts[r] = counts.get(r, 0) + 1
        return [Finding(rule, ln, n) for (ln, rule), n in per_line.items()], next_state

    # -- files ---------------------------------------------------------------------------------

    @staticmethod
    def _chunks(stream: BinaryIO, sniffed: Sniff, head: bytes, meter: list[int],
                ) -> tuple[str, Iterator[bytes] | Iterator[str | bytes]]:
        """(codec, iterator of chunks): bytes chunks of whole lines, else (UTF-32) str chunks."""
        data = head[len(sniffed.bom):]
        codec = "latin-1" if sniffed.binary else (sniffed.encoding or "utf-8")
        if codec.startswith("utf-32"):
            return codec, _text_chunks(stream, codec, data, meter)
        return codec, _byte_chunks(stream, data, meter)

    def _redact_chunk(self, chunk: bytes, hint: str | None, kind: str, name: str, state: dict[str, Any],
                      counts: dict[str, int], mixed: set[str]) -> tuple[bytes, dict[str, Any]]:
        """One chunk of bytes, each encoding segment redacted in its own encoding."""
        segs = segments(chunk, hint)
        if len(segs) <= 1 and (not segs or segs[0][2] == ASCII_COMPATIBLE):
            return self._redact_bytes(chunk, kind, name, state, counts)
        parts = []
        for start, end, codec in segs:
            mixed.add(codec)
            piece = chunk[start:end]
            if codec == ASCII_COMPATIBLE:
                out, state = self._redact_bytes(piece, kind, name, state, counts)
            else:
                data = piece.decode(codec, "surrogatepass").encode("utf-8", "surrogatepass")
                out, state = self._redact_bytes(data, kind, name, state, counts)
                out = out.decode("utf-8", "surrogatepass").encode(codec, "surrogatepass")
            parts.append(out)
        return b"".join(parts), state

    def _utf8_pieces(self, chunk: bytes, hint: str | None) -> Iterator[bytes]:
        """The chunk as UTF-8-or-ASCII-compatible pieces (for findings: nothing is written back)."""
        for start, end, codec in segments(chunk, hint):
            piece = chunk[start:end]
            if codec == ASCII_COMPATIBLE:
                yield piece
            else:
                yield piece.decode(codec, "surrogatepass").encode("utf-8", "surrogatepass")

    def redact_file(self, src: str | Path | BinaryIO, dst: BinaryIO, kind: str = "logs",
                    filename: str | None = None, allow_binary: bool = False) -> FileRedaction:
        """Stream ``src`` (a path, or a binary stream the caller opened) redacted into ``dst``.

        Raises ``BinaryFileError`` before writing anything when ``src`` looks binary (unless
        ``allow_binary``: then it is treated byte for byte as Latin-1 text).
        """
        name = filename if filename is not None else (str(src) if isinstance(src, (str, Path)) else "")
        meter = [0]
        counts: dict[str, int] = {}
        written = 0
        mixed: set[str] = set()
        with _source(src) as stream:
            head = read_head(stream)
            meter[0] += len(head)
            sniffed = sniff_bytes(head)
            if sniffed.binary and not allow_binary:
                raise BinaryFileError(name or "arquivo", sniffed.reason or "arquivo binário")
            codec, chunks = self._chunks(stream, sniffed, head, meter)
            hint = codec if codec in (UTF16_LE, UTF16_BE) else None
            if sniffed.bom:
                dst.write(sniffed.bom)
                written += len(sniffed.bom)
            state: dict[str, Any] = {}
            for item in chunks:
                if isinstance(item, bytes) and not codec.startswith("utf-32"):
                    out, state = self._redact_chunk(item, hint, kind, name, state, counts, mixed)
                elif isinstance(item, bytes):  # undecodable UTF-32 tail, passed through
                    out = item
                else:
                    data, state = self._redact_bytes(item.encode("utf-8", "surrogatepass"), kind, name,
                                                     state, counts)
                    out = data.decode("utf-8", "surrogatepass").encode(codec, errors_for(codec))
                dst.write(out)
                written += len(out)
        self._add_totals(counts)
        label = sniffed.label
        if len(mixed) > 1:
            label = "misto (" + "+".join(sorted(c.replace(ASCII_COMPATIBLE, "ansi") for c in mixed)) + ")"
        return FileRedaction(counts, label, meter[0], written)

    def scan_file(self, src: str | Path | BinaryIO, kind: str = "attachments",
                  filename: str | None = None) -> ScanReport:
        """Findings in a text file, without changing it; binary files are reported, not scanned."""
        name = filename if filename is not None else (str(src) if isinstance(src, (str, Path)) else "")
        meter = [0]
        report = ScanReport()
        with _source(src) as stream:
            head = read_head(stream)
            sniffed = sniff_bytes(head)
            report.encoding = sniffed.label
            if sniffed.binary:
                report.binary, report.reason = True, sniffed.reason
                return report
            codec, chunks = self._chunks(stream, sniffed, head, meter)
            hint = codec if codec in (UTF16_LE, UTF16_BE) else None
            state: dict[str, Any] = {}
            line = 1
            for item in chunks:
                if isinstance(item, str):
                    pieces = [item.encode("utf-8", "surrogatepass")]
                elif codec.startswith("utf-32"):
                    continue  # undecodable tail
                else:
                    pieces = list(self._utf8_pieces(item, hint))
                for piece in pieces:
                    findings, state = self._findings(piece, kind, name, state, line, report.counts)
                    report.findings += findings
                    line += piece.count(b"\n")
        return report
