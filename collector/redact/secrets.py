"""Rules for secrets: whatever they find becomes ``********`` (fixed length).

Each rule declares literal triggers (see ``triggers``) and checks the shape around each one with
small regexes on the lower-cased bytes (same positions as the original). Keyword rules find
``senha``, ``pass``, ``token``... and try the shapes a secret takes after the name: XML element,
XML attribute, ``<add key=".." value=".."/>``, JSON key (also escaped inside a JSON string),
connection string, ``name=value`` in free text.
"""

from __future__ import annotations

import base64
import binascii
import html
import json
import re
from collections.abc import Iterable
from urllib.parse import quote

from collector.redact.encoding import sniff_bytes
from collector.redact.hits import MASK_BYTES, ChunkScan
from collector.redact.triggers import Handler, Trigger

#: environment variables that hold secrets: their values are masked wherever they show up
SECRET_ENV = ("COLLECTOR_PORTAL_TOKEN", "COLLECTOR_DB_PASSWORD")

# SPEC §4.8: a key whose name contains one of these has its value masked, whatever it looks like
# ("passphrase" contains "pass")
CONFIG_SECRET_WORDS = ("senha", "chave", "pass", "pwd", "secret", "token", "key", "credential")
_KEYWORD = re.compile("|".join(CONFIG_SECRET_WORDS).encode())

# Free text (logs): "chave" and "key" are everyday words there (record keys, primary keys), so a
# plain `name=value` or `name='value'` is masked only when the name says password, secret or token.
_NARROW_NAME = re.compile(
    rb"senha|passw|passphrase|pwd|secret|credential|token|api[_-]?key|access[_-]?key|private[_-]?key"
    rb"|subscription[_-]?key|account[_-]?key|shared[_-]?access[_-]?key|signing[_-]?key|encryption[_-]?key"
    rb"|master[_-]?key|auth[_-]?key|app[_-]?key|client[_-]?key|sas[_-]?key|(?:^|[_.:-])pass(?:$|[_.:-])"
)
_TOKEN_NAME = re.compile(rb"token|api[_-]?key|access[_-]?key|subscription[_-]?key")

# names that contain a keyword but name a key or carry a public value
NOT_SECRET_NAMES = frozenset(
    {b"keyname", b"keytype", b"keysize", b"keylength", b"publickey", b"publickeytoken", b"keyid",
     b"tokentype", b"token_type", b"tokenendpoint", b"token_endpoint", b"keyvaulturl", b"keyvaultname",
     b"passwordpolicy", b"passwordexpiration", b"passwordminlength", b"keyfield", b"primarykey",
     b"foreignkey", b"keycolumn", b"hotkey", b"shortcutkey", b"expires_in"}
)
# ... and as an XML attribute ``key="DefaultDB"`` names the setting (appSettings), it is no secret
NOT_SECRET_ATTRIBUTES = NOT_SECRET_NAMES | {b"key"}

_NAME_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789_.:-" + bytes(range(128, 256)))
_N = rb"[a-z0-9_.:\x80-\xff-]"  # a name byte, lower-cased view
_NAME_MAX = rb"{0,64}"  # bounded, so a long base64 blob full of "key"s stays linear
_NAME_REST = re.compile(_N + _NAME_MAX)
# what may follow a keyword for it to be worth a look (checked in C by the trigger pass)
_FOLLOW = _N + _NAME_MAX + rb"(?:[ \t]*[=:\"'>\\]|[ \t]+[^\r\n\"<>=]{0,40}(?:\"[ \t]*:|=))"

_KW = ("(?:" + "|".join(CONFIG_SECRET_WORDS) + ")").encode()
# a CDATA value ends at "]]>" or, if never closed, at the end of its line
_ELEM = re.compile(
    _KW + rb"[a-z0-9_.\x80-\xff-]{0,64}(?:\s[^<>]*)?(?<!/)>"
    rb"(?:<!\[cdata\[(.*?)(?:\]\]>|(?=[\r\n])|\Z)|([^<]*)(?:<|\Z))"
)
_JSON = re.compile(_KW + rb'[^"\\\r\n]{0,80}"\s*:\s*(?:"((?:[^"\\\r\n]|\\.)*)"|(-?[0-9][0-9.e+-]*))')
_JSON_ESCAPED = re.compile(_KW + rb'[^"\\\r\n]{0,80}\\"\s*:\s*\\"((?:[^"\\\r\n]|\\[^"\r\n])*)\\"')
_ATTR = re.compile(_KW + _N + _NAME_MAX + rb"\s*=\s*(?:\"([^\"\r\n]*)\"|'([^'\r\n]*)')")
# Password=/Pwd= in connection strings: up to ; or quote or end of line; quoted values may hold ;
# and their own quote doubled (ADO.NET ``"a""b"``, ``'a''b'``; ODBC ``{a}}b}``)
_CONN = re.compile(
    rb"(?:password|pwd)\s*=\s*(?:\"((?:[^\"\r\n]|\"\")*)\"|'((?:[^'\r\n]|'')*)'|&quot;(.*?)&quot;"
    rb"|&apos;(.*?)&apos;|\{((?:[^}\r\n]|\}\})*)\}"
    rb"|\xe2\x80[\x9c\x98]((?:(?!\xe2\x80[\x9d\x99])[^\r\n])*)|[\x93\x91]([^\x94\x92\r\n]*)|([^;\"'<\r\n]*))"
)
# the value after ``name=`` / ``name:`` in free text: quoted (ASCII quotes, smart quotes in UTF-8 or
# cp1252, a quote never closed runs to the end of the line), else a few words when they run to the
# end of the line or a delimiter (so "password: minha senha secreta" is masked whole), else one word
_VALUE = (
    rb"(?:\"([^\"\r\n]*)(?:\"|(?=[\r\n])|\Z)|'([^'\r\n]*)(?:'|(?=[\r\n])|\Z)"
    rb"|\xe2\x80[\x9c\x98]((?:(?!\xe2\x80[\x9d\x99])[^\r\n])*)|[\x93\x91]([^\x94\x92\r\n]*)"
    rb"|([^\s;,&\"'<>(){}\[\]|`]{1,64}(?:[ \t]+(?![a-z0-9_.-]+[ \t]*[=:]|-->|\*/)[^\s;,&\"'<>(){}\[\]|`]{1,40}){1,7}"
    rb"(?=[ \t]*(?:[;,&|)\]}\r\n\"'<>]|-->|\*/|\Z))|[^\s;,&\"'<>(){}\[\]|`]+))"
)
_FREE = re.compile(
    _KW + rb"[a-z0-9_.\x80-\xff-]{0,64}[\"']?[ \t]*(?:=|:(?!:))[ \t]*" + _VALUE
)
# prose: "senha do usuário: X", "a senha antiga é X", "password is X" (up to four words between)
_PROSE = re.compile(
    rb"(?:senha|password|passwd|pwd|secret|token)s?(?:[ \t]+[a-z\x80-\xff]{1,20}){0,4}?"
    rb"(?:[ \t]*(?:=|:(?!:))|[ \t]+(?:\xc3\xa9|\xe9|eh|is|era|ser\xc3\xa1|ser\xe1|foi|=))[ \t]*" + _VALUE
)
# YAML block scalar under a secret key: "password: |" then the more indented lines
_YAML_BLOCK = re.compile(rb"[\"']?[ \t]*:[ \t]*[|>][+-]?[0-9]?[ \t]*(?:#[^\r\n]*)?\r?\n")
_JSON_OPEN = re.compile(_KW + rb'[^"\\\r\n]{0,80}"\s*:\s*([\[{])')
_PROSE_WORDS = (b"senha", b"pass", b"pwd", b"secret", b"token")
# the prose alternatives follow _PROSE itself (a few words, then "=", ":" or a verb), not "any text up
# to a colon": ``CancellationToken cancellationToken) in C:\\...`` is no candidate (stack traces are
# full of them, and each candidate is a Python call)
_PROSE_TAIL = rb"(?:[ \t]+[a-z\x80-\xff]{1,20}){0,4}"
_FOLLOW_PROSE = _N + _NAME_MAX + (
    rb"(?:[ \t]*[=:\"'>\\|]|[ \t]+[^\r\n\"<>=]{0,60}(?:\"[ \t]*:|=|>)|" + _PROSE_TAIL + rb"[ \t]*[=:]"
    rb"|" + _PROSE_TAIL + rb"[ \t]+(?:\xc3\xa9|\xe9|eh|is|era|ser\xc3\xa1|ser\xe1|foi)[ \t])"
)
_SHORT_NAMES = (b"pw", b"psw", b"pswd", b"pword")
_SHORT = re.compile(rb"(?:pw|psw|pswd|pword)[ \t]*(?:=|:(?!:))[ \t]*" + _VALUE)
_TAG_END = re.compile(rb"(?:[^<>\"']|\"[^\"]*\"|'[^']*')*>")  # ">" may stand inside a quoted value
_XML_ATTR = re.compile(rb"([a-z0-9_.:\x80-\xff-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_SETTING = re.compile(rb"<setting\s+name\s*=\s*[\"']([^\"']*)[\"'][^<>]*>\s*<value>([^<]*)</value>")


def _is_alias_file(filename: str) -> bool:
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].lower()
    return name.endswith(".dat") and "alias" in name


class KeyedSecretRule:
    """The value of any key whose name says secret: XML, JSON, connection strings, name=value."""

    names = ("alias-password", "config-secret-key", "connection-string-password", "password-assignment",
             "api-token")

    def triggers(self) -> list[tuple[Trigger, Handler]]:
        out: list[tuple[Trigger, Handler]] = [(Trigger(kw.encode(), _FOLLOW_PROSE if kw.encode() in _PROSE_WORDS else _FOLLOW), self._keyword)
               for kw in CONFIG_SECRET_WORDS]
        out += [(Trigger(w, rb"[ \t]*(?:=|:(?!:))", not_after=rb"[a-z0-9_]"), self._short_name) for w in _SHORT_NAMES]
        out.append((Trigger(b"<add", rb"\s"), self._appsetting))
        out.append((Trigger(b"<setting", rb"\s"), self._setting))
        return out

    @classmethod
    def _keyword(cls, cs: ChunkScan, trigger: Trigger, k: int, kend: int) -> None:
        if cs.inside_covered("keyed", k):
            return  # inside a value already masked up to the end of its line
        before = len(cs.hits)
        cls._shapes(cs, trigger, k)
        for hit in cs.hits[before:]:
            if cs.at_line_end(hit[1]):
                cs.covered["keyed"] = (hit[0], hit[1])

    @staticmethod
    def _shapes(cs: ChunkScan, trigger: Trigger, k: int) -> None:
        low = cs.low
        start = k
        floor = max(0, k - 64)
        while start > floor and low[start - 1] in _NAME_BYTES:
            start -= 1
        end = _NAME_REST.match(low, k).end()  # type: ignore[union-attr]  # the pattern matches the empty string
        name = low[start:end]
        local = name.rsplit(b":", 1)[-1]
        if local in NOT_SECRET_NAMES:
            return
        if start > 0 and low[start - 1] == 0x3C:  # "<": an XML element
            m = _ELEM.match(low, k)
            if m:
                g = 1 if m.group(1) is not None else 2
                rule = "alias-password" if _is_alias_file(cs.filename) else "config-secret-key"
                cs.mask_trimmed(m.start(g), m.end(g), rule)
                return
        if _json_name_ok(low, k):
            m = _JSON.match(low, k)
            if m:
                g = 1 if m.group(1) is not None else 2
                if local == b"key" and _names_a_secret(low[m.start(g):m.end(g)], cs.text[m.start(g):m.end(g)]):
                    _mask_sibling_value(cs, m.end())  # {"key": "DbPassword", "value": "..."}
                elif g == 2:  # a number: a quoted mask keeps the document valid JSON
                    cs.replace(m.start(g), m.end(g), "config-secret-key", QUOTED_MASK)
                else:
                    cs.mask(m.start(g), m.end(g), "config-secret-key")
                return
            m = _JSON_OPEN.match(low, k)
            if m:  # an array or an object under a secret key: every string value inside
                _mask_json_strings(cs, m.start(1))
                return
        m = _JSON_ESCAPED.match(low, k)
        if m:
            cs.mask(m.start(1), m.end(1), "config-secret-key")
            return
        m = _YAML_BLOCK.match(low, end - 1 if low[end - 1] == 0x3A else end)  # the name may hold its ":"
        if m:
            _mask_indented_block(cs, start, m.end())
            return
        if local == b"key":  # a bare "key" names things in free text and attributes (key="DefaultDB")
            return
        is_config = cs.kind == "config"
        narrow = _NARROW_NAME.search(name) is not None
        m = _ATTR.match(low, k) if start > 0 and low[start - 1] in b" \t\r\n" else None
        if m and (m.group(1) is not None or is_config or narrow):  # an attribute: name="value"
            g = 1 if m.group(1) is not None else 2
            cs.mask(m.start(g), m.end(g), "config-secret-key")
        if trigger.literal in (b"pass", b"pwd"):
            m = _CONN.match(low, k)
            if m and m.lastindex:
                cs.mask_trimmed(m.start(m.lastindex), m.end(m.lastindex), "connection-string-password")
        if narrow or is_config:
            m = _FREE.match(low, k)
            if m and m.lastindex:
                if _TOKEN_NAME.search(name):
                    rule = "api-token"
                elif narrow:
                    rule = "password-assignment"
                else:
                    rule = "config-secret-key"
                cs.mask_trimmed(m.start(m.lastindex), m.end(m.lastindex), rule)
                return
        if trigger.literal in _PROSE_WORDS and start == k:
            m = _PROSE.match(low, k)
            if m and m.lastindex:
                cs.mask_trimmed(m.start(m.lastindex), m.end(m.lastindex), "password-assignment")

    @staticmethod
    def _short_name(cs: ChunkScan, trigger: Trigger, start: int, end: int) -> None:
        """``pw=``, ``psw=``, ``pswd=``: names too short to look for inside other names."""
        m = _SHORT.match(cs.low, start)
        if m and m.lastindex:
            cs.mask_trimmed(m.start(m.lastindex), m.end(m.lastindex), "password-assignment")

    @staticmethod
    def _appsetting(cs: ChunkScan, trigger: Trigger, start: int, end: int) -> None:
        """``<add key="DbPassword" value="..."/>``: the *named* key decides, the value is masked."""
        tag = _TAG_END.match(cs.low, end)
        if not tag:
            return
        attrs = {}
        for a in _XML_ATTR.finditer(cs.low, end, tag.end()):
            g = 2 if a.group(2) is not None else 3
            attrs[a.group(1)] = (a.group(g), a.start(g), a.end(g))
        key, value = attrs.get(b"key"), attrs.get(b"value")
        if key and value and _KEYWORD.search(key[0]) and key[0].strip() not in NOT_SECRET_NAMES \
                and key[0].strip() != b"key":
            cs.mask(value[1], value[2], "config-secret-key")

    @staticmethod
    def _setting(cs: ChunkScan, trigger: Trigger, start: int, end: int) -> None:
        """``<setting name="Senha"><value>...</value></setting>`` (applicationSettings)."""
        m = _SETTING.match(cs.low, start)
        if m and _KEYWORD.search(m.group(1)):
            cs.mask_trimmed(m.start(2), m.end(2), "config-secret-key")


QUOTED_MASK = b'"' + MASK_BYTES + b'"'
_JSON_STRING = re.compile(rb'"((?:[^"\\\r\n]|\\.)*)"')
MAX_JSON_VALUE = 64 * 1024  # bytes of an array/object under a secret key that are looked into


def _mask_json_strings(cs: ChunkScan, open_at: int) -> None:
    """Every string value in the array/object opening at ``open_at`` (keys of objects stay)."""
    low = cs.low
    depth, pos, limit = 0, open_at, min(len(low), open_at + MAX_JSON_VALUE)
    while pos < limit:
        c = low[pos]
        if c == 0x22:  # '"'
            m = _JSON_STRING.match(low, pos)
            if not m:
                return
            after = low[m.end():m.end() + 64].lstrip()
            if not after.startswith(b":"):  # a value, not a key
                cs.mask(m.start(1), m.end(1), "config-secret-key")
            pos = m.end()
            continue
        if c in b"[{":
            depth += 1
        elif c in b"]}":
            depth -= 1
            if depth == 0:
                return
        elif c not in b" \t\r\n,:" and depth:  # a bare number/true inside: masked too
            e = pos
            while e < limit and low[e] not in b" \t\r\n,]}":
                e += 1
            cs.replace(pos, e, "config-secret-key", QUOTED_MASK)
            pos = e
            continue
        pos += 1


_IDENTIFIER = re.compile(rb"[a-z_][a-z0-9_.:-]{0,63}")
_SIBLING_VALUE = re.compile(rb'\s*,\s*"value"\s*:\s*"((?:[^"\\\r\n]|\\.)*)"')


def _names_a_secret(value: bytes, original: bytes) -> bool:
    """``"key": "DbPassword"`` names a setting (a key/value pair object); a Jwt ``"Key"`` holding a
    random string does not look like a name: a name is short, has few digits, and its secret word
    starts a word part (``DbPassword``, ``db_password``, ``SenhaERP``), not the middle of noise."""
    if _IDENTIFIER.fullmatch(value) is None or len(value) > 48 or sum(c in b"0123456789" for c in value) > 3:
        return False
    for m in _KEYWORD.finditer(value):
        i = m.start()
        if i == 0 or value[i - 1] in b"_.:-" or (original[i:i + 1].isupper() and original[i - 1:i].islower()):
            return True
    return False


def _mask_sibling_value(cs: ChunkScan, after: int) -> None:
    m = _SIBLING_VALUE.match(cs.low, after)
    if m:
        cs.mask(m.start(1), m.end(1), "config-secret-key")


def _mask_indented_block(cs: ChunkScan, key_start: int, body_start: int) -> None:
    """A YAML block scalar: the lines after the key more indented than the key's line."""
    low = cs.low
    line_start = low.rfind(b"\n", 0, key_start) + 1
    indent = len(low[line_start:key_start]) - len(low[line_start:key_start].lstrip(b" \t"))
    pos = body_start
    n = len(low)
    while pos < n:
        nl = low.find(b"\n", pos)
        line_end = n if nl < 0 else nl
        line = low[pos:line_end].rstrip(b"\r")
        stripped = line.lstrip(b" \t")
        if stripped and len(line) - len(stripped) <= indent:
            return
        if stripped:
            cs.mask(pos + len(line) - len(stripped), pos + len(line), "config-secret-key")
        pos = line_end + 1


def _json_name_ok(low: bytes, k: int) -> bool:
    quote_at = low.rfind(b'"', max(0, k - 80), k)
    if quote_at < 0 or b"\n" in low[quote_at:k]:
        return False
    name_end = low.find(b'"', k)
    if name_end < 0 or b"\n" in low[k:name_end]:
        return False
    return low[quote_at + 1: name_end].strip() not in NOT_SECRET_NAMES


_PEM_END = re.compile(rb"-----end [a-z0-9 ]*private key(?: block)?-----")
_PEM_BODY = re.compile(
    rb"[ \t\"']*(?:[a-z0-9+/=]+(?:\\[nr])*|(?:proc-type|dek-info|comment|version):[^\r\n]*)?[\"',+ \t]*\r?"
)
_LINE_CONTENT = re.compile(rb"(?m)^([ \t]*)(\S[^\r\n]*)")


class PrivateKeyRule:
    """PEM private keys (RSA, EC, OpenSSH, PKCS#8, PGP): the body, line by line, even across chunks.

    The body ends at the END marker, or at the first line that is not key material (a truncated
    key does not swallow the rest of a log). An END marker whose BEGIN is not in view (a log cut to
    its newest part, a cut inside the block) masks the key material above it: a cut never leaves
    half a key in clear.
    """

    names = ("private-key",)

    def triggers(self) -> list[tuple[Trigger, Handler]]:
        return [(Trigger(b"-----begin", rb" [a-z0-9 ]*private key(?: block)?-----"), self._begin),
                (Trigger(b"-----end", rb" [a-z0-9 ]*private key(?: block)?-----"), self._end)]

    @staticmethod
    def _end(cs: ChunkScan, trigger: Trigger, start: int, end: int) -> None:
        if cs.inside_covered("pem", start) or (cs.covered.get("pem") and cs.covered["pem"][1] == start):
            return  # the END of a block whose BEGIN was seen
        low = cs.low
        top = start
        line_start = low.rfind(b"\n", 0, start) + 1
        if low[line_start:start].strip(b" \t\"',+"):
            return  # the marker shares its line with other text: the BEGIN rule's business
        pos = line_start
        while pos > 0:
            prev_start = low.rfind(b"\n", 0, pos - 1) + 1
            line_end = pos - 1
            if line_end > prev_start and low[line_end - 1] == 0x0D:
                line_end -= 1
            if line_end <= prev_start or not _PEM_BODY.fullmatch(low, prev_start, line_end):
                break
            top = prev_start
            pos = prev_start
        if top < line_start:
            body = cs.text[top:line_start]
            masked = _LINE_CONTENT.sub(rb"\1********", body)
            if masked != body:
                cs.replace(top, line_start, "private-key", masked)

    def scan(self, cs: ChunkScan) -> None:
        if cs.state.get("pem"):  # a key left open by the previous chunk
            self._body(cs, 0, 0)

    def _begin(self, cs: ChunkScan, trigger: Trigger, start: int, end: int) -> None:
        if cs.inside_covered("pem", start):
            return
        marker_end = cs.low.index(b"-----", end) + 5
        eol = cs.low.find(b"\n", marker_end)
        self._body(cs, marker_end, len(cs.low) if eol < 0 else eol + 1)

    @staticmethod
    def _body(cs: ChunkScan, start: int, lines_from: int) -> None:
        """Mask from ``start`` up to the END marker or the first line that is not key material.
        The BEGIN marker's own line counts as key material (keys written on one line, JSON)."""
        low = cs.low
        n = len(low)
        stop = None
        end_marker = _PEM_END.search(low, start, max(start, lines_from))
        if end_marker:
            stop = end_marker.start()
        else:
            pos = lines_from
            while pos < n:
                nl = low.find(b"\n", pos)
                line_end = n if nl < 0 else nl
                end_marker = _PEM_END.search(low, pos, line_end)
                if end_marker:
                    stop = end_marker.start()
                    break
                if not _PEM_BODY.fullmatch(low, pos, line_end):
                    stop = pos
                    break
                pos = line_end + 1
        if stop is None:
            cs.next_state["pem"] = True
            stop = n
        cs.covered["pem"] = (start, stop)
        body = cs.text[start:stop]
        masked = _LINE_CONTENT.sub(rb"\1********", body)
        if masked != body:
            cs.replace(start, stop, "private-key", masked)


_AUTH_HEADER = re.compile(
    rb"authorization[\"']?\s*[:=]\s*[\"']?(?:(bearer|basic|digest|negotiate|ntlm|token|apikey|sso-key)\s+)?"
    rb"([^\s\"',;]+)"
)
_BEARER = re.compile(rb"bearer\s+([a-z0-9._~+/=-]+)")
_BASIC = re.compile(rb"basic\s+([a-z0-9+/]+={0,2})")
_SCHEME_RULE = {b"bearer": "bearer-token", b"basic": "basic-auth"}


def _word_start(low: bytes, at: int) -> bool:
    return at == 0 or not (low[at - 1:at].isalnum() or low[at - 1] == 0x5F)


class AuthHeaderRule:
    """``Authorization: <scheme> <credential>``, ``Bearer <token>``, ``Basic <base64 of user:pass>``."""

    names = ("bearer-token", "basic-auth", "api-token")

    def triggers(self) -> list[tuple[Trigger, Handler]]:
        return [
            (Trigger(b"authorization", rb"[\"']?[ \t]*[:=]"), self._header),
            (Trigger(b"bearer", rb"\s+[a-z0-9._~+/=-]{8}"), self._bearer),
            (Trigger(b"basic", rb"\s+[a-z0-9+/]{8}"), self._basic),
        ]

    @staticmethod
    def _header(cs: ChunkScan, trigger: Trigger, start: int, end: int) -> None:
        if cs.inside_covered("auth", start):
            return
        m = _AUTH_HEADER.match(cs.low, start)
        if m:
            cs.mask(m.start(2), m.end(2), _SCHEME_RULE.get(m.group(1) or b"", "api-token"))
            cs.covered["auth"] = (m.start(2), m.end(2))

    @staticmethod
    def _bearer(cs: ChunkScan, trigger: Trigger, start: int, end: int) -> None:
        m = _BEARER.match(cs.low, start)
        if not m or not _word_start(cs.low, start):
            return
        token = m.group(1)
        if len(token) >= 16 or not token.isalpha():  # "Bearer authentication" is prose
            cs.mask(m.start(1), m.end(1), "bearer-token")

    @staticmethod
    def _basic(cs: ChunkScan, trigger: Trigger, start: int, end: int) -> None:
        m = _BASIC.match(cs.low, start)
        if not m or not _word_start(cs.low, start):
            return
        value = cs.text[m.start(1): m.end(1)]
        try:
            decoded = base64.b64decode(value + b"=" * (-len(value) % 4), validate=True)
        except (binascii.Error, ValueError):
            return
        if b":" in decoded:  # base64 of user:password
            cs.mask(m.start(1), m.end(1), "basic-auth")


_JWT = re.compile(rb"eyJ[A-Za-z0-9_-]{6,512}\.eyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*){0,2}")


class JwtRule:
    names = ("jwt",)

    def triggers(self) -> list[tuple[Trigger, Handler]]:
        return [(Trigger(b"eyj", rb"[a-z0-9_-]{6,512}\.eyj"), self._jwt)]

    @staticmethod
    def _jwt(cs: ChunkScan, trigger: Trigger, start: int, end: int) -> None:
        if cs.inside_covered("jwt", start):
            return
        m = _JWT.match(cs.text, start)
        if m:
            cs.mask(m.start(), m.end(), "jwt")
            cs.covered["jwt"] = m.span()


_URL_CREDENTIALS = re.compile(rb"://([^\s/@:\"'<>]*):([^\s/\"'<>]*)@")


class UrlCredentialsRule:
    """``scheme://user:password@host``: the password."""

    names = ("url-credentials",)

    def triggers(self) -> list[tuple[Trigger, Handler]]:
        return [(Trigger(b"://", rb"[^\s/@:\"'<>]*:[^\s/\"'<>]*@"), self._url)]

    @staticmethod
    def _url(cs: ChunkScan, trigger: Trigger, start: int, end: int) -> None:
        m = _URL_CREDENTIALS.match(cs.low, start)
        if m:
            cs.mask(m.start(2), m.end(2), "url-credentials")


def secret_variants(secret: str) -> set[bytes]:
    """The bytes a secret may take in a file: as is, XML-escaped, URL-encoded, JSON-escaped, in
    UTF-8 and in cp1252 (and the mojibake of mixing them up)."""
    texts = {secret, html.escape(secret, quote=True), html.escape(secret, quote=False),
             quote(secret, safe=""), json.dumps(secret)[1:-1], secret.replace("&", "&amp;")}
    out: set[bytes] = set()
    for t in texts:
        for enc in ("utf-8", "cp1252"):
            try:
                out.add(t.encode(enc))
            except UnicodeError:
                pass
    return out


KNOWN_SECRET_MIN = 4  # shorter literals would hit everywhere; the keyed rules still catch them
_SUBSTRING_MIN = 6  # shorter ones are masked only where they stand alone, not inside a word


class KnownSecretRule:
    """Exact secrets the collector already knows (Alias.dat passwords): masked wherever they appear."""

    names = ("known-secret",)

    def __init__(self, secrets: Iterable[str]) -> None:
        literals: set[bytes] = set()
        for s in secrets:
            if s and len(s) >= KNOWN_SECRET_MIN:
                literals |= {v for v in secret_variants(s) if len(v) >= KNOWN_SECRET_MIN}
        self.literals = sorted(literals)

    def triggers(self) -> list[tuple[Trigger, Handler]]:
        return [(Trigger(lit, case_sensitive=True), self._found) for lit in self.literals]

    @staticmethod
    def _found(cs: ChunkScan, trigger: Trigger, start: int, end: int) -> None:
        text = cs.text
        if end - start < _SUBSTRING_MIN and (
            (start > 0 and text[start - 1:start].isalnum()) or text[end:end + 1].isalnum()
        ):
            return
        cs.mask(start, end, "known-secret")


_ALIAS_PASSWORD = re.compile(r"<(?:[\w.-]+:)?password(?:\s[^<>]*)?>(?:<!\[CDATA\[(.*?)\]\]>|([^<]*))(?:<|\Z)", re.I | re.S)


def alias_passwords(data: bytes) -> list[str]:
    """The passwords written in an Alias.dat (any encoding, malformed XML too), to hand to
    ``Redactor(known_secrets=...)`` so that they are masked wherever else they appear.
    Keep them in memory only."""
    sniffed = sniff_bytes(data[:65536])
    if sniffed.binary:
        return []
    text = data[len(sniffed.bom):].decode(sniffed.encoding or "utf-8", "replace")
    found = []
    for m in _ALIAS_PASSWORD.finditer(text):
        value = m.group(1) if m.group(1) is not None else html.unescape(m.group(2))
        value = value.strip()
        if value and value not in found:
            found.append(value)
    return found
