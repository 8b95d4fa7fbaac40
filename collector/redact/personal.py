"""Rules for personal data (LGPD): CPF, CNPJ, e-mail, MAC, optionally IPv4, host and user names.

Each finding becomes a consistent pseudonym (see ``pseudonyms``). Digit and hex shapes are found
as literal searches in a translated copy of the chunk (every digit → ``0``; every hex digit → ``x``),
so the regex engine never has to try a match at each of the many digits of a log.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from collector.redact.hits import ChunkScan
from collector.redact.prefilter import span_scanner
from collector.redact.pseudonyms import PSEUDONYM_EMAIL_DOMAIN
from collector.redact.triggers import Handler, Trigger

# in ChunkScan.digits (every digit is "0"): the canonical punctuation, masked whatever the digits
_FORMATTED = re.compile(rb"\.000\.000(?:-00|/0000-00)")  # 123.456.789-09 | 12.345.678/0001-95
# other separators (spaces, dashes of every kind, a dot before the check digits): valid ones only
_DASH = rb"(?:[-./ ]|\xe2\x80[\x90-\x95]|[\x96\x97])"
# each starts with a literal, so ``re`` finds candidates at memchr speed
_CPF_VARIANTS = (re.compile(rb"000 000 000" + _DASH + rb"?00"), re.compile(rb"000\.000\.000" + _DASH + rb"?00"),
                 re.compile(rb"000000000" + _DASH + rb"00"))
_CNPJ_VARIANTS = (re.compile(rb"00 000 000[/ ]?0000" + _DASH + rb"?00"),
                  re.compile(rb"00\.000\.000[/ .]?0000" + _DASH + rb"?00"))
_RUN = re.compile(rb"000000000+(?:-00)?")  # 9+ digits, maybe -dd
_ALNUM_CNPJ = re.compile(rb"[0-9A-Z]{2}\.?[0-9A-Z]{3}\.?[0-9A-Z]{3}/?[0-9A-Z]{4}-?[0-9]{2}")
_CONTEXT = re.compile(rb"cpf|cnpj|c\.p\.f|c\.n\.p\.j|cic\b|inscri|documento|doc_?fed|cgc")
_CONTEXT_BACK = 48  # bytes before a number where a key or a word may say what it is
_NOT_DIGIT_SEP = b"0.-/"


def cpf_valid(d: str) -> bool:
    if len(d) != 11 or not d.isdigit() or d == d[0] * 11:
        return False
    for n in (9, 10):
        total = sum(int(d[i]) * (n + 1 - i) for i in range(n))
        if (total * 10 % 11) % 10 != int(d[n]):
            return False
    return True


def cnpj_valid(d: str) -> bool:
    """Check digits of a CNPJ, numeric or alphanumeric (Receita Federal, from July 2026: the first
    12 characters may be upper-case letters, each valued as its ASCII code minus 48; the two check
    digits stay numeric, modulo 11 with the same weights)."""
    if len(d) != 14 or not d[12:].isdigit() or d == d[0] * 14 or not d.isalnum() or not d.isascii():
        return False
    d = d.upper()
    weights = (6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)
    for n in (12, 13):
        total = sum((ord(d[i]) - 48) * weights[i + 13 - n] for i in range(n))
        check = 11 - total % 11
        if (0 if check >= 10 else check) != int(d[n]):
            return False
    return True


def _timestamp_like(d: str) -> bool:
    """``yyyyMMddHHmmss``: a 14-digit timestamp is no CNPJ (unless a key says it is)."""
    return (d[:2] in ("19", "20") and "01" <= d[4:6] <= "12" and "01" <= d[6:8] <= "31"
            and d[8:10] < "24" and d[10:12] < "60" and d[12:14] < "61")


def _digit(buf: bytes, i: int) -> bool:
    return 0 <= i < len(buf) and buf[i] == 0x30


def _is_digit(buf: bytes, i: int) -> bool:
    return 0 <= i < len(buf) and 0x30 <= buf[i] <= 0x39


_D = rb"[0-9]"
_MORE_DIGITS = re.compile(rb"[0-9]*")
_TEXT_DASH = rb"(?:[-./ ]|\xe2\x80[\x90-\x95]|[\x96\x97])"
# the digit shapes, for one Hyperscan pass over the original bytes (order = meaning, see _digit_shapes)
_SHAPE_PATTERNS = (
    _D + rb"{3}\." + _D + rb"{3}\." + _D + rb"{3}-" + _D + rb"{2}",  # 0 formatted CPF
    _D + rb"{2}\." + _D + rb"{3}\." + _D + rb"{3}/" + _D + rb"{4}-" + _D + rb"{2}",  # 1 formatted CNPJ
    _D + rb"{3} " + _D + rb"{3} " + _D + rb"{3}" + _TEXT_DASH + rb"?" + _D + rb"{2}",  # 2.. CPF variants
    _D + rb"{3}\." + _D + rb"{3}\." + _D + rb"{3}" + _TEXT_DASH + rb"?" + _D + rb"{2}",
    _D + rb"{9}" + _TEXT_DASH + _D + rb"{2}",
    _D + rb"{2} " + _D + rb"{3} " + _D + rb"{3}[/ ]?" + _D + rb"{4}" + _TEXT_DASH + rb"?" + _D + rb"{2}",  # 5.. CNPJ
    _D + rb"{2}\." + _D + rb"{3}\." + _D + rb"{3}[/ .]?" + _D + rb"{4}" + _TEXT_DASH + rb"?" + _D + rb"{2}",
    rb"(?:^|[^0-9])" + _D + rb"{9}",  # 7 the start of a run of 9+ digits (once per run, not per digit)
    rb"[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}",  # 8 a MAC address with colons (MacRule)
    rb"[0-9a-fA-F]{2}(?:-[0-9a-fA-F]{2}){5}",  # 9 ... with dashes
)
_MAC_IDS = (8, 9)


def _shape_spans(cs: ChunkScan) -> list[tuple[int, int, int]] | None:
    """Every (pattern index, start, end) of ``_SHAPE_PATTERNS`` in the chunk, from one Hyperscan
    pass shared by the CPF/CNPJ and MAC rules; ``None`` without Hyperscan."""
    if "shapes" not in cs.memo:
        scanner = span_scanner(_SHAPE_PATTERNS)
        cs.memo["shapes"] = scanner.spans(cs.text) if scanner is not None else None
    return cs.memo["shapes"]  # type: ignore[no-any-return]


def _digit_shapes(cs: ChunkScan) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]],
                                          list[tuple[int, int]]]:
    """(formatted documents, variants to check, digit runs of 9+ with an optional "-dd").

    One Hyperscan pass over the bytes when available; else literal searches in the digits view."""
    text = cs.text
    spans = _shape_spans(cs)
    formatted: list[tuple[int, int, str]] = []
    variants: set[tuple[int, int, str]] = set()
    runs: list[tuple[int, int]] = []
    if spans is not None:
        run_starts: set[int] = set()
        for pattern_id, start, end in spans:
            if pattern_id in _MAC_IDS:
                continue
            if pattern_id == 7:
                run_starts.add(start if _is_digit(text, start) else start + 1)
            elif pattern_id <= 1:
                if not _is_digit(text, start - 1) and not _is_digit(text, end):
                    formatted.append((start, end, "cpf" if pattern_id == 0 else "cnpj"))
            else:
                variants.add((start, end, "cpf" if pattern_id < 5 else "cnpj"))
        n = len(text)
        for start in sorted(run_starts):
            more = _MORE_DIGITS.match(text, start + 9)
            end = more.end() if more else start + 9
            if end + 2 < n and text[end] == 0x2D and _is_digit(text, end + 1) and _is_digit(text, end + 2):
                end += 3
            runs.append((start, end))
        return formatted, sorted(variants), runs
    sk = cs.digits
    for m in _FORMATTED.finditer(sk):
        dot = m.start()
        cpf = m.group().endswith(b"-00") and len(m.group()) == 11
        lead = 3 if cpf else 2
        start = dot - lead
        if start < 0 or sk[start:dot] != b"0" * lead or _digit(sk, start - 1) or _digit(sk, m.end()):
            continue
        formatted.append((start, m.end(), "cpf" if cpf else "cnpj"))
    for regexes, kind in ((_CPF_VARIANTS, "cpf"), (_CNPJ_VARIANTS, "cnpj")):
        for regex in regexes:
            variants.update((m.start(), m.end(), kind) for m in regex.finditer(sk))
    runs = [m.span() for m in _RUN.finditer(sk)]
    return formatted, sorted(variants), runs


def _prev_blank(buf: bytes, i: int) -> int:
    while i > 0 and buf[i - 1] in b" \t":
        i -= 1
    return i


def _json_number(text: bytes, start: int, end: int) -> bool:
    """An unquoted number in a JSON value position (``"a": 123,``, ``[1, 123]``)."""
    b = _prev_blank(text, start)
    if b == 0 or text[b - 1] not in b":[,":
        return False
    e = end
    while e < len(text) and text[e] in b" \t":
        e += 1
    return e >= len(text) or text[e] in b",}]\r\n"


def _structural(text: bytes, start: int, end: int) -> bool:
    """A whole value of a structure: a JSON number, a JSON/XML string or element holding only it."""
    before = text[start - 1] if start else 0
    after = text[end] if end < len(text) else 0
    if (before, after) in ((0x22, 0x22), (0x27, 0x27), (0x3E, 0x3C)):  # "..." '...' >...<
        return True
    return _json_number(text, start, end)


def _has_context(low: bytes, start: int) -> bool:
    floor = max(0, start - _CONTEXT_BACK, low.rfind(b"\n", 0, start) + 1)
    return _CONTEXT.search(low, floor, start) is not None


class DocumentRule:
    """CPF and CNPJ (numeric and the alphanumeric CNPJ of 2026).

    Always: the canonical punctuation (``123.456.789-09``, ``12.345.678/0001-95``,
    ``12.ABC.345/01DE-35``). With valid check digits: other separators (``123 456 789 09``,
    ``123.456.789–09``), bare digits (``52998224725``, 14 digits). A bare number that is a whole
    JSON/XML value needs a key or word nearby saying CPF/CNPJ (a JSON id that happens to pass the
    check is not a CPF), and so does a 14-digit run shaped like a timestamp, a 10-digit CPF whose
    leading zero a numeric column lost and a bare alphanumeric CNPJ. An unquoted JSON number becomes
    a quoted pseudonym, so the document stays valid JSON.
    """

    names = ("cpf", "cnpj")

    def triggers(self) -> list[tuple[Trigger, Handler]]:
        return [(Trigger(b"/", rb"[0-9a-z]{4}-?[0-9]{2}(?![0-9a-z])"), self._slash),
                (Trigger(b"cpf", rb"[^\r\n0-9]{0,40}[0-9]", not_after=rb"[a-z]"), self._keyword),
                (Trigger(b"cnpj", rb"[^\r\n]{0,40}?[0-9a-z]{2}", not_after=rb"[a-z]"), self._keyword)]

    @staticmethod
    def _emit(cs: ChunkScan, start: int, end: int, kind: str, key: str) -> None:
        cs.pseudonymize(start, end, kind, kind, key, quote=_json_number(cs.text, start, end))

    def scan(self, cs: ChunkScan) -> None:
        text = cs.text
        formatted, variants, runs = _digit_shapes(cs)
        for start, end, kind in formatted:
            digits = bytes(c for c in text[start:end] if 0x30 <= c <= 0x39).decode("ascii")
            self._emit(cs, start, end, kind, digits)
        for start, end, kind in variants:
            if _is_digit(text, start - 1) or _is_digit(text, end) or (start and text[start - 1] in b".-/"):
                continue
            digits = bytes(c for c in text[start:end] if 0x30 <= c <= 0x39).decode("ascii")
            if (cpf_valid if kind == "cpf" else cnpj_valid)(digits):
                self._emit(cs, start, end, kind, digits)
        for start, end in runs:
            if text[end - 3:end - 2] == b"-" and end - start != 12:
                end -= 3  # "-dd" only completes a 9-digit CPF
            if _is_digit(text, end) or (start > 1 and text[start - 1] in b".-/" and _is_digit(text, start - 2)):
                continue  # part of a longer number or of a punctuated one
            if start and text[start - 1] == 0x2E:
                continue  # a decimal fraction
            value = text[start:end].decode("ascii")
            digits = value.replace("-", "")
            if len(digits) == 11 and cpf_valid(digits):
                kind = "cpf"
            elif len(value) == 14 and cnpj_valid(digits):
                kind = "cnpj"
                if _timestamp_like(digits) and not _has_context(cs.low, start):
                    continue
            else:
                continue
            if _structural(text, start, end) and not _has_context(cs.low, start):
                continue
            self._emit(cs, start, end, kind, digits)

    def _slash(self, cs: ChunkScan, trigger: Trigger, slash: int, end: int) -> None:
        """``12.ABC.345/01DE-35`` (and ``12ABC345/01DE35``): the alphanumeric CNPJ, punctuated."""
        text = cs.text
        for back in (10, 8):
            start = slash - back
            if start < 0 or (start and (text[start - 1:start].isalnum())):
                continue
            m = _ALNUM_CNPJ.fullmatch(text, start, min(len(text), slash + 8))
            if not m:
                m = _ALNUM_CNPJ.fullmatch(text, start, min(len(text), slash + 7))
            if m and not text[m.end():m.end() + 1].isalnum():
                key = bytes(c for c in m.group() if c not in b"./-").decode("ascii")
                if cnpj_valid(key):
                    self._emit(cs, m.start(), m.end(), "cnpj", key)
                return

    def _keyword(self, cs: ChunkScan, trigger: Trigger, start: int, end: int) -> None:
        """After ``CPF``/``CNPJ`` (a key, a column, a word): the number that follows, in any form —
        a 10-digit CPF that lost its leading zero, a bare alphanumeric CNPJ, a JSON number."""
        m = _AFTER_KEYWORD.match(cs.text, end)
        if not m:
            return
        value = m.group(1)
        s, e = m.span(1)
        if cs.text[e:e + 1].isalnum():
            return
        compact = bytes(c for c in value if c not in b". -/").decode("ascii", "replace").upper()
        if trigger.literal == b"cpf":
            if compact.isdigit() and len(compact) in (10, 11):
                padded = compact.zfill(11)
                if cpf_valid(padded):
                    self._emit(cs, s, e, "cpf", padded)
        elif len(compact) == 14 and cnpj_valid(compact):
            self._emit(cs, s, e, "cnpj", compact)


# the value after a CPF/CNPJ keyword: up to 40 bytes of key syntax, then digits/letters with separators
_AFTER_KEYWORD = re.compile(
    rb"[^\r\n0-9]{0,40}?(?<![0-9A-Za-z])([0-9A-Za-z]{2,3}(?:[. ]?[0-9A-Za-z]{3}){2}(?:[/ ]?[0-9A-Za-z]{4})?"
    rb"(?:-|[. ]|\xe2\x80[\x90-\x95]|[\x96\x97])?[0-9]{1,2})"
)


# domain labels may hold accented letters (IDN, any encoding); the local part too (RFC 6531)
_LABEL = rb"[a-z0-9\x80-\xff](?:[a-z0-9\x80-\xff-]{0,61}[a-z0-9\x80-\xff])?"
_EMAIL_FOLLOW = rb"(?:" + _LABEL + rb"\.)+[a-z]{2,24}(?![a-z0-9\x80-\xff-])"
_EMAIL_DOMAIN = re.compile(b"(?:@|%40)(" + _EMAIL_FOLLOW + b")")
_LOCAL_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789._%+-'" + bytes(range(0x80, 0x100)))


class EmailRule:
    names = ("email",)

    def triggers(self) -> list[tuple[Trigger, Handler]]:
        return [(Trigger(b"@", _EMAIL_FOLLOW), self._email), (Trigger(b"%40", _EMAIL_FOLLOW), self._email)]

    @staticmethod
    def _email(cs: ChunkScan, trigger: Trigger, at: int, end: int) -> None:
        low = cs.low
        m = _EMAIL_DOMAIN.match(low, at)
        if not m or m.group(1) == PSEUDONYM_EMAIL_DOMAIN.encode():
            return
        start = at
        floor = max(0, at - 64)
        while start > floor and low[start - 1] in _LOCAL_BYTES:
            start -= 1
        while start < at and low[start] == 0x2E:  # a local part does not start with "."
            start += 1
        if start == at:
            return
        if start > 0 and low[start - 1] in b":@" and _in_url_authority(low, start):
            return  # the password of scheme://user:password@host belongs to url-credentials
        key = low[start:m.end()].replace(b"%40", b"@").replace(b"%2e", b".").decode("utf-8", "replace")
        cs.pseudonymize(start, m.end(), "email", "email", key)


def _in_url_authority(low: bytes, start: int) -> bool:
    token_start = max(low.rfind(b" ", 0, start), low.rfind(b"\n", 0, start), start - 256)
    return b"://" in low[token_start:start]


# in ChunkScan.hex (hex digit → "x", "-" → ":")
_MAC_SHAPE = re.compile(rb"xx:xx:xx:xx:xx:xx")
_MAC = re.compile(rb"[0-9a-f]{2}([:-])[0-9a-f]{2}(?:\1[0-9a-f]{2}){4}")


class MacRule:
    """MAC addresses (``00:1a:2b:3c:4d:5e``, ``00-1A-2B-3C-4D-5E``), also when punctuation follows."""

    names = ("mac-address",)

    def triggers(self) -> list[tuple[Trigger, Handler]]:
        return []

    def scan(self, cs: ChunkScan) -> None:
        spans = _shape_spans(cs)
        if spans is not None:
            self._from_spans(cs, spans)
            return
        if b":" not in cs.low and b"-" not in cs.low:
            return
        hx = cs.hex
        n = len(hx)
        for m in _MAC_SHAPE.finditer(hx):
            s, e = m.span()
            if s > 0 and hx[s - 1] in b"x:":
                continue  # longer hex run or one more group: not a MAC
            if e < n and (hx[e] == 0x78 or (hx[e] == 0x3A and e + 1 < n and hx[e + 1] == 0x78)):
                continue
            exact = _MAC.fullmatch(cs.low, s, e)
            if exact:  # one separator throughout
                key = exact.group().replace(b":", b"").replace(b"-", b"").decode("ascii")
                cs.pseudonymize(s, e, "mac-address", "mac", key)


    @staticmethod
    def _from_spans(cs: ChunkScan, spans: list[tuple[int, int, int]]) -> None:
        """The same boundaries as the hex-view search: no hex digit or separator right before, no
        hex digit or separator-and-hex-digit right after (a longer run is no MAC)."""
        low = cs.low
        n = len(low)
        for pattern_id, s, e in spans:
            if pattern_id not in _MAC_IDS:
                continue
            if s > 0 and low[s - 1] in _HEX_OR_SEP:
                continue
            if e < n and (low[e] in _HEX_BYTES or (low[e] in b":-" and e + 1 < n and low[e + 1] in _HEX_BYTES)):
                continue
            key = low[s:e].replace(b":", b"").replace(b"-", b"").decode("ascii")
            cs.pseudonymize(s, e, "mac-address", "mac", key)


_HEX_BYTES = frozenset(b"0123456789abcdef")
_HEX_OR_SEP = _HEX_BYTES | frozenset(b":-")

_IPV4 = re.compile(rb"[0-9](?<![0-9.][0-9])[0-9]{0,2}(?:\.[0-9]{1,3}){3}(?![0-9]|\.[0-9])")
_IPV4_TAIL = re.compile(rb"\.0{1,3}\.0{1,3}\.0{1,3}")
_IPV4_KEEP = (b"0.0.0.0", b"255.255.255.255")


class Ipv4Rule:
    """IPv4 addresses (optional): loopback, 0.0.0.0 and broadcast stay."""

    names = ("ipv4",)

    def triggers(self) -> list[tuple[Trigger, Handler]]:
        return []

    def scan(self, cs: ChunkScan) -> None:
        sk = cs.digits
        text = cs.text
        for tail in _IPV4_TAIL.finditer(sk):  # ".0.0.0" found from its literal start
            start = tail.start()
            back = 0
            while back < 3 and start > 0 and sk[start - 1] == 0x30:
                start -= 1
                back += 1
            if back == 0:
                continue
            m = _IPV4.match(text, start)
            if m is None:
                continue
            ip = m.group()
            parts = ip.split(b".")
            if len(parts) != 4:
                continue
            if any(int(p) > 255 for p in parts) or ip in _IPV4_KEEP or parts[0] == b"127":
                continue
            cs.pseudonymize(m.start(), m.end(), "ipv4", "ipv4", ip.decode("ascii"))


NAME_MIN = 3  # shorter names ("rm", "db") are everyday words in RM logs


_WORD = rb"[a-z0-9_\x80-\xff-]"  # letters, digits, "_", "-", any byte of an accented letter


class NameListRule:
    """Given host or user names, as whole words only (case-insensitive).

    A name matches when the bytes around it are not letters, digits, ``_`` or ``-``:
    ``APPSRV01`` changes in ``\\\\APPSRV01\\share``, ``APPSRV01:8050``, ``appsrv01.corp.local`` and
    ``appsrv01.log`` (a file named after the host names the host), but never in ``XAPPSRV01X``,
    ``APPSRV01X``, ``APPSRV01-BKP`` or ``MYAPPSRV01``. For user names a dot followed by a name
    character continues the word (``joao`` does not change inside ``joao.silva``).
    """

    def __init__(self, rule: str, kind: str, names: Iterable[str]) -> None:
        self.rule = rule
        self.names = (rule,)
        self.kind = kind
        self._canonical: dict[bytes, str] = {}
        for raw in names:
            name = (raw or "").strip()
            if len(name) < NAME_MIN:
                continue
            canonical = name.lower()
            for variant in {name, name.lower(), name.upper(), name.title()}:
                for enc in ("utf-8", "cp1252"):
                    try:
                        literal = variant.encode(enc).lower()
                    except UnicodeError:
                        continue
                    self._canonical.setdefault(literal, canonical)
        if kind == "username":  # a dot followed by a name character continues a user name
            self._not_after, self._follow = rb"[a-z0-9_.\x80-\xff-]", b"(?!" + _WORD + rb"|\." + _WORD + b")"
        else:
            self._not_after, self._follow = _WORD, b"(?!" + _WORD + b")"

    def triggers(self) -> list[tuple[Trigger, Handler]]:
        return [(Trigger(lit, self._follow, not_after=self._not_after), self._found)
                for lit in sorted(self._canonical)]

    def _found(self, cs: ChunkScan, trigger: Trigger, s: int, e: int) -> None:
        cs.pseudonymize(s, e, self.rule, self.kind, self._canonical[trigger.literal])
