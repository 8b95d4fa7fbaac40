"""Secrets in the shapes of command lines, protocols and key files (our own rules, from the public
descriptions of each format):

- Oracle ``user/password@connect`` (SQL*Plus ``CONNECT`` and command line, JDBC thin
  ``jdbc:oracle:thin:user/password@host:port/service``, EZConnect ``user/password@//host:port/svc``,
  TNS aliases and descriptors): the password.
- ``sqlcmd``/``osql``/``bcp``/``isql`` ``-P password`` (Microsoft's sqlcmd utility: ``-P`` is the
  password); ``mysql``/``mysqldump`` ``-p<password>`` glued.
- ``net use [device] \\\\server\\share [password | *] [/user:[domain\\]name] [password]`` (Microsoft's
  ``net use`` reference): the password token wherever it stands.
- SMTP AUTH (RFC 4954) with SASL PLAIN (RFC 4616, ``AUTH PLAIN <base64>``) and LOGIN (the base64
  lines the client sends after ``334`` challenges).
- HTTP Digest (RFC 7616): ``response="..."`` (derived from the password).
- Cookies (RFC 6265): every value of a ``Cookie:`` header, the value of ``Set-Cookie:``, and known
  session cookies anywhere (``.ASPXAUTH``, ``ASP.NET_SessionId``, ``.AspNetCore.*``, ``JSESSIONID``,
  ``PHPSESSID``, ``__RequestVerificationToken``).
- Azure Storage shared access signatures: the ``sig=`` query parameter.
- PuTTY private key files (PuTTY manual, appendix "PPK file format"): the ``Private-Lines`` block and
  ``Private-MAC``.
"""

from __future__ import annotations

import re

from collector.redact.hits import ChunkScan
from collector.redact.triggers import Handler, Trigger

# -- Oracle ---------------------------------------------------------------------------------------

# the user, "/", the password (quoted or not), "@", then a connect identifier (host, //host, TNS, "(")
_ORACLE = re.compile(
    rb"[a-z_][a-z0-9_$#.]{0,63}/(?:\"([^\"\r\n]{1,128})\"|([^\s/@\"'<>;,]{1,128}))@(?=//|[a-z0-9(\[_\"])"
)
_ORACLE_BEFORE = b" \t\r\n\"'=:(,;>"


class OracleLoginRule:
    names = ("connection-string-password",)

    def triggers(self) -> list[tuple[Trigger, Handler]]:
        return [(Trigger(b"/", rb"(?:\"[^\"\r\n]{1,128}\"|[^\s/@\"'<>;,]{1,128})@(?://|[a-z0-9(\[_\"])"), self._login)]

    @staticmethod
    def _login(cs: ChunkScan, trigger: Trigger, slash: int, end: int) -> None:
        low = cs.low
        start = slash
        floor = max(0, slash - 64)
        while start > floor and (low[start - 1:start].isalnum() or low[start - 1] in b"_$#."):
            start -= 1
        if start == slash or (start > 0 and low[start - 1] not in _ORACLE_BEFORE):
            return
        if start >= 3 and low[start - 3:start] == b"://":
            return  # a URL's authority (url-credentials)
        m = _ORACLE.match(low, start)
        if m and m.lastindex:
            cs.mask(m.start(m.lastindex), m.end(m.lastindex), "connection-string-password")


# -- command lines ----------------------------------------------------------------------------------

_TOOL_P = re.compile(rb"(?<![a-z0-9_-])(?:sqlcmd|osql|isql|bcp)(?:\.exe)?\b")
_DASH_P = re.compile(rb"[ \t][-/]P(?:[ \t]+|(?=[^ \t\r\n]))(\"[^\"\r\n]*\"|'[^'\r\n]*'|[^\s\"']+)")
_MYSQL_P = re.compile(rb"[ \t]-p([^\s\"']+)|[ \t]-p[ \t]*(\"[^\"\r\n]*\"|'[^'\r\n]*')")
_NET_USE = re.compile(rb"net(?:\.exe)?[ \t]+use\b")
_TOKEN = re.compile(rb"\"[^\"\r\n]*\"|'[^'\r\n]*'|[^\s]+")
_DEVICE = re.compile(rb"[a-z]:|\*|lpt[0-9]:?|com[0-9]:?|prn:?")


def _line_end(low: bytes, pos: int) -> int:
    nl = low.find(b"\n", pos)
    return len(low) if nl < 0 else nl


class CommandLineRule:
    names = ("password-assignment",)

    def triggers(self) -> list[tuple[Trigger, Handler]]:
        return [
            *((Trigger(t, rb"(?:\.exe)?[ \t]", not_after=rb"[a-z0-9_-]"), self._dash_p)
              for t in (b"sqlcmd", b"osql", b"isql", b"bcp")),
            (Trigger(b"mysql", rb"(?:dump|\.exe)?[ \t]", not_after=rb"[a-z0-9_-]"), self._mysql),
            (Trigger(b"net", rb"(?:\.exe)?[ \t]+use\b", not_after=rb"[a-z0-9_-]"), self._net_use),
        ]

    @staticmethod
    def _dash_p(cs: ChunkScan, trigger: Trigger, start: int, end: int) -> None:
        stop = _line_end(cs.low, end)
        for m in _DASH_P.finditer(cs.text, end, stop):  # -P is upper case: -p is something else
            cs.mask_trimmed(m.start(1), m.end(1), "password-assignment")

    @staticmethod
    def _mysql(cs: ChunkScan, trigger: Trigger, start: int, end: int) -> None:
        stop = _line_end(cs.low, end)
        for m in _MYSQL_P.finditer(cs.text, end, stop):
            g = 1 if m.group(1) is not None else 2
            cs.mask(m.start(g), m.end(g), "password-assignment")

    @staticmethod
    def _net_use(cs: ChunkScan, trigger: Trigger, start: int, end: int) -> None:
        """Every token after ``net use`` that is neither a device, a path, a switch nor ``*``."""
        low = cs.low
        m = _NET_USE.match(low, start)
        if not m:
            return
        stop = _line_end(low, m.end())
        for tok in _TOKEN.finditer(cs.text, m.end(), stop):
            value = tok.group()
            bare = value.strip(b"\"'")
            if value.startswith((b"/", b"-")):
                continue  # a switch: /user:CORP\\joao, /persistent:no, /savecred
            if bare.startswith((b"\\\\", b"//")) or _DEVICE.fullmatch(bare.lower()):
                continue
            if bare in (b"&", b"&&", b"|", b">", b">>", b"2>&1", b"||"):
                return  # the next command
            cs.mask_trimmed(tok.start(), tok.end(), "password-assignment")


# -- SMTP AUTH, HTTP Digest, cookies, SAS -------------------------------------------------------------

_B64 = re.compile(rb"[A-Za-z0-9+/]{4,}={0,2}")
_AUTH_LINE = re.compile(rb"auth[ \t]+(?:plain|login|xoauth2|cram-md5)(?:[ \t]+([a-z0-9+/]{4,}={0,2}))?")
# the client's line after a "334" challenge: an optional "C:" / "->" prefix, then base64 alone
_CLIENT_LINE = re.compile(rb"[ \t]*(?:(?:c:|client:|->|>>|send(?:ing)?:?)[ \t]*)?([a-z0-9+/]{4,}={0,2})[ \t]*\r?$")


class SmtpAuthRule:
    names = ("basic-auth",)

    def triggers(self) -> list[tuple[Trigger, Handler]]:
        return [(Trigger(b"auth", rb"[ \t]+(?:plain|login|xoauth2|cram-md5)", not_after=rb"[a-z0-9_-]"),
                 self._auth),
                (Trigger(b"334", rb"[ \t]*[a-z0-9+/]*={0,2}[ \t]*\r?\n", not_after=rb"[0-9]"), self._challenge)]

    @staticmethod
    def _auth(cs: ChunkScan, trigger: Trigger, start: int, end: int) -> None:
        m = _AUTH_LINE.match(cs.low, start)
        if m and m.group(1):
            cs.mask(m.start(1), m.end(1), "basic-auth")

    @staticmethod
    def _challenge(cs: ChunkScan, trigger: Trigger, start: int, end: int) -> None:
        """The first line after the server's ``334`` challenge is the client's base64 answer."""
        low = cs.low
        nl = low.find(b"\n", end)
        if nl < 0:
            return
        line_end = _line_end(low, nl + 1)
        line = low[nl + 1:line_end]
        # the answer may carry the log's own prefix (timestamp, level): its last token counts
        m = _CLIENT_LINE.search(line) if len(line) < 1024 else None
        if m and (m.start() == 0 or line[:m.start()].rstrip().endswith((b"]", b":", b">"))):
            cs.mask(nl + 1 + m.start(1), nl + 1 + m.end(1), "basic-auth")


_DIGEST = re.compile(rb"response[ \t]*=[ \t]*\"?([0-9a-f]{32,128})")


class DigestRule:
    names = ("api-token",)

    def triggers(self) -> list[tuple[Trigger, Handler]]:
        return [(Trigger(b"response", rb"[ \t]*=[ \t]*\"?[0-9a-f]{32}", not_after=rb"[a-z0-9_-]"), self._response)]

    @staticmethod
    def _response(cs: ChunkScan, trigger: Trigger, start: int, end: int) -> None:
        m = _DIGEST.match(cs.low, start)
        if m:
            cs.mask(m.start(1), m.end(1), "api-token")


_SEPARATOR = re.compile(rb"[:=]")
_COOKIE_PAIR = re.compile(rb"[ \t]*([^=;\s,]{1,128})=(\"[^\"\r\n]*\"|[^;\r\n]*)")
_COOKIE_ATTRIBUTES = frozenset({b"path", b"domain", b"expires", b"max-age", b"samesite", b"secure",
                                b"httponly", b"priority", b"partitioned", b"version", b"comment"})
_SESSION_NAMES = (b".aspxauth", b"asp.net_sessionid", b".aspnetcore.", b".aspnet.", b"jsessionid", b"phpsessid",
                  b"__requestverificationtoken", b"aspsessionid", b"sessionid", b"session_id", b"sid")
_SESSION_VALUE = re.compile(rb"[a-z0-9_.-]*[ \t]*=[ \t]*(\"[^\"\r\n]*\"|[^;\s,&\"'<>]+)")


class CookieRule:
    names = ("api-token",)

    def triggers(self) -> list[tuple[Trigger, Handler]]:
        out = [(Trigger(b"cookie", rb"\"?[ \t]*[:=]", not_after=rb"[a-z0-9_]"), self._header)]
        out += [(Trigger(n, rb"[a-z0-9_.-]*[ \t]*=", not_after=rb"[a-z0-9_]"), self._session) for n in _SESSION_NAMES]
        return out

    @staticmethod
    def _header(cs: ChunkScan, trigger: Trigger, start: int, end: int) -> None:
        low = cs.low
        set_cookie = low[max(0, start - 4):start] == b"set-"
        sep = _SEPARATOR.search(low, end)
        if not sep:
            return
        pos = sep.end()
        stop = _line_end(low, pos)
        for n, m in enumerate(_COOKIE_PAIR.finditer(low, pos, stop)):
            name = m.group(1).strip()
            if name in _COOKIE_ATTRIBUTES or (set_cookie and n > 0):
                continue
            value_start, value_end = m.start(2), m.end(2)
            if value_end > value_start:
                cs.mask_trimmed(value_start, value_end, "api-token")

    @staticmethod
    def _session(cs: ChunkScan, trigger: Trigger, start: int, end: int) -> None:
        m = _SESSION_VALUE.match(cs.low, end)
        if m:
            cs.mask(m.start(1), m.end(1), "api-token")


_SAS_SIG = re.compile(rb"sig=([A-Za-z0-9%+/=_-]{16,})")


class SasRule:
    names = ("api-token",)

    def triggers(self) -> list[tuple[Trigger, Handler]]:
        return [(Trigger(b"sig=", rb"[a-z0-9%+/=_-]{16}", not_after=rb"[a-z0-9_]"), self._sig)]

    @staticmethod
    def _sig(cs: ChunkScan, trigger: Trigger, start: int, end: int) -> None:
        m = _SAS_SIG.match(cs.text, start) or _SAS_SIG.match(cs.low, start)
        if m:
            cs.mask(m.start(1), m.end(1), "api-token")


# -- PuTTY key files --------------------------------------------------------------------------------

_PRIVATE_LINES = re.compile(rb"private-lines:[ \t]*([0-9]{1,4})[ \t]*\r?\n")
_PRIVATE_MAC = re.compile(rb"private-(?:mac|hash):[ \t]*([0-9a-f]+)")


class PuttyKeyRule:
    names = ("private-key",)

    def triggers(self) -> list[tuple[Trigger, Handler]]:
        return [(Trigger(b"private-lines:", rb"[ \t]*[0-9]"), self._lines),
                (Trigger(b"private-mac:", rb"[ \t]*[0-9a-f]"), self._mac),
                (Trigger(b"private-hash:", rb"[ \t]*[0-9a-f]"), self._mac)]

    @staticmethod
    def _lines(cs: ChunkScan, trigger: Trigger, start: int, end: int) -> None:
        m = _PRIVATE_LINES.match(cs.low, start)
        if not m:
            return
        pos = m.end()
        for _ in range(int(m.group(1))):
            line_end = _line_end(cs.low, pos)
            body = cs.low[pos:line_end].rstrip(b"\r")
            if body:
                cs.mask(pos, pos + len(body), "private-key")
            pos = line_end + 1
            if pos >= len(cs.low):
                return

    @staticmethod
    def _mac(cs: ChunkScan, trigger: Trigger, start: int, end: int) -> None:
        m = _PRIVATE_MAC.match(cs.low, start)
        if m:
            cs.mask(m.start(1), m.end(1), "private-key")
