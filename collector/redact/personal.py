"""Rules for personal data (LGPD): CPF, CNPJ, e-mail, MAC, optionally IPv4, host and user names.

Each finding becomes a consistent pseudonym (see ``pseudonyms``). Digit and hex shapes are found
as literal searches in a translated copy of the chunk (every digit → ``0``; every hex digit → ``x``),
so the regex engine never has to try a match at each of the many digits of a log.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from collector.redact.hits import ChunkScan
from collector.redact.pseudonyms import PSEUDONYM_EMAIL_DOMAIN
from collector.redact.triggers import Handler, Trigger

# in ChunkScan.digits (every digit is "0")
_FORMATTED = re.compile(rb"\.000\.000(?:-00|/0000-00)")  # 123.456.789-09 | 12.345.678/0001-95
_RUN = re.compile(rb"000000000+(?:-00)?")  # 9+ digits, maybe -dd


def cpf_valid(d: str) -> bool:
    if len(d) != 11 or not d.isdigit() or d == d[0] * 11:
        return False
    for n in (9, 10):
        total = sum(int(d[i]) * (n + 1 - i) for i in range(n))
        if (total * 10 % 11) % 10 != int(d[n]):
            return False
    return True


def cnpj_valid(d: str) -> bool:
    if len(d) != 14 or not d.isdigit() or d == d[0] * 14:
        return False
    weights = (6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)
    for n in (12, 13):
        total = sum(int(d[i]) * weights[i + 13 - n] for i in range(n))
        check = 11 - total % 11
        if (0 if check >= 10 else check) != int(d[n]):
            return False
    return True


def _digit(buf: bytes, i: int) -> bool:
    return 0 <= i < len(buf) and buf[i] == 0x30


class DocumentRule:
    """CPF and CNPJ. Fully punctuated ones always (``123.456.789-09``, ``12.345.678/0001-95``);
    bare digits (``12345678909``, ``123456789-09``, 14 digits) only with valid check digits: an
    11-digit number is not a CPF just because of its length."""

    names = ("cpf", "cnpj")

    def triggers(self) -> list[tuple[Trigger, Handler]]:
        return []

    def scan(self, cs: ChunkScan) -> None:
        text = cs.text
        sk = cs.digits
        for m in _FORMATTED.finditer(sk):
            dot = m.start()
            cpf = m.group().endswith(b"-00") and len(m.group()) == 11
            lead = 3 if cpf else 2
            start = dot - lead
            if start < 0 or sk[start:dot] != b"0" * lead or _digit(sk, start - 1) or _digit(sk, m.end()):
                continue
            value = text[start:m.end()].decode("ascii")
            digits = value.replace(".", "").replace("-", "").replace("/", "")
            kind = "cpf" if cpf else "cnpj"
            cs.pseudonymize(start, m.end(), kind, kind, digits)
        for m in _RUN.finditer(sk):
            start, end = m.span()
            if sk[end - 3:end - 2] == b"-" and end - start != 12:
                end -= 3  # "-dd" only completes a 9-digit CPF
            if _digit(sk, end) or (start > 1 and sk[start - 1] in b".-/" and _digit(sk, start - 2)):
                continue  # part of a longer number or of a punctuated one
            value = text[start:end].decode("ascii")
            digits = value.replace("-", "")
            if len(digits) == 11 and cpf_valid(digits):
                kind = "cpf"
            elif len(value) == 14 and cnpj_valid(digits):
                kind = "cnpj"
            else:
                continue
            cs.pseudonymize(start, end, kind, kind, digits)


_EMAIL_FOLLOW = rb"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?![a-z0-9-])"
_EMAIL_DOMAIN = re.compile(b"@(" + _EMAIL_FOLLOW + b")")
_LOCAL_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789._%+-'")


class EmailRule:
    names = ("email",)

    def triggers(self) -> list[tuple[Trigger, Handler]]:
        return [(Trigger(b"@", _EMAIL_FOLLOW), self._email)]

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
        cs.pseudonymize(start, m.end(), "email", "email", low[start:m.end()].decode("ascii"))


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


_IPV4 = re.compile(rb"[0-9](?<![0-9.][0-9])[0-9]{0,2}(?:\.[0-9]{1,3}){3}(?![0-9]|\.[0-9])")
_IPV4_KEEP = (b"0.0.0.0", b"255.255.255.255")


class Ipv4Rule:
    """IPv4 addresses (optional): loopback, 0.0.0.0 and broadcast stay."""

    names = ("ipv4",)

    def triggers(self) -> list[tuple[Trigger, Handler]]:
        return []

    def scan(self, cs: ChunkScan) -> None:
        for m in _IPV4.finditer(cs.text):
            ip = m.group()
            parts = ip.split(b".")
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
