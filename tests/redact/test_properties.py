"""Properties over generated inputs: redaction changes nothing where no rule applies (byte for
byte, in every encoding), never crashes on arbitrary bytes, and a planted secret never survives
whatever text surrounds it."""

from __future__ import annotations

import codecs
import io
import re

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from collector.redact import RedactOptions, Redactor

# No digits (documents, IPs), no "@" (e-mail), no ":" "=" "<" ">" quotes "\" (assignments, XML,
# JSON, URLs), no "-" "." "_" (MAC, PEM, JWT, tokens), no b/k (bearer/basic, AKIA): nothing here
# can be a candidate, whatever the words say (senha, token, chave, passphrase...).
_LETTERS = "acdefghijlmnopqrstuvwxyzACDEFGHIJLMNOPQRSTUVWXYZáéíóúâêôãõçÁÉÍÓÚÂÊÔÃÕÇ"
NO_CANDIDATES = st.text(alphabet=_LETTERS + " \t\r\n,;!?()[]{}#%&+*", max_size=400)
# ...except prose: "a senha é X", "password is X" state a secret in words (the password-assignment rule)
_PROSE_STATEMENT = re.compile(r"(?:senha|password|passwd|pwd|secret|token)s?(?:\s+\w{1,20}){0,4}?\s+(?:é|eh|is|era|será|foi|=)",
                              re.IGNORECASE)
WORDS = st.sampled_from(["senha", "Password", "token", "chave", "secret", "credential", "pwd", "key"])


@settings(max_examples=200, deadline=None, database=None)
@given(parts=st.lists(st.one_of(NO_CANDIDATES, WORDS), max_size=12))
def test_text_without_candidates_is_unchanged(parts):
    text = " ".join(parts)
    assume(not _PROSE_STATEMENT.search(text))
    result = Redactor(RedactOptions(hostnames=["APPSRV01"], usernames=["joao.silva"])).redact_text(text)
    assert result.text == text and result.counts == {} and result.spans == []


@settings(max_examples=100, deadline=None, database=None)
@given(parts=st.lists(st.one_of(NO_CANDIDATES, WORDS), max_size=12),
       encoding=st.sampled_from([("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("cp1252", b""),
                                 ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE)]))
def test_files_without_candidates_are_byte_identical(parts, encoding):
    codec, bom = encoding
    assume(not _PROSE_STATEMENT.search(" ".join(parts)))
    data = bom + " ".join(parts).encode(codec)
    out = io.BytesIO()
    info = Redactor().redact_file(io.BytesIO(data), out)
    assert out.getvalue() == data and info.counts == {}


@settings(max_examples=200, deadline=None, database=None)
@given(data=st.binary(max_size=3000))
def test_arbitrary_bytes_never_crash_and_untouched_bytes_stay(data):
    out = io.BytesIO()
    info = Redactor().redact_file(io.BytesIO(data), out, allow_binary=True)
    assert info.bytes_in == len(data) and info.bytes_out == len(out.getvalue())
    if not info.counts:
        assert out.getvalue() == data


_SECRET_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%+-_.~"
TEMPLATES = [
    "Password={};",
    "Data Source=DBSRV;User ID=rm;Pwd={}",
    "<Password>{}</Password>",
    "    <add key=\"SenhaBanco\" value=\"{}\" />",
    "  \"ClientSecret\": \"{}\",",
    "Authorization: Bearer {}",
    "senha: {}",
    "url ftp://svc:{}@files.empresa.com/x",
]


@settings(max_examples=300, deadline=None, database=None)
@given(secret=st.text(alphabet=_SECRET_CHARS, min_size=6, max_size=40),
       template=st.sampled_from(TEMPLATES),
       before=st.text(max_size=200), after=st.text(max_size=200),
       kind=st.sampled_from(["config", "logs", "rmerror"]),
       newline=st.sampled_from(["\n", "\r\n"]))
def test_a_planted_secret_never_survives(secret, template, before, after, kind, newline):
    secret = "Qz#" + secret  # cannot be a mask, a pseudonym or a fixture word
    assume("@" not in secret or "ftp://" not in template)
    assume(secret not in before and secret not in after)
    text = newline.join([before, template.format(secret), after])
    result = Redactor().redact_text(text, kind=kind)
    assert secret not in result.text
    assert result.text.count(newline) == text.count(newline)
