"""The Hyperscan prefilter is only an accelerator: with and without it every file comes out the same
(the trigger patterns Hyperscan matches are supersets of the exact ``re`` triggers, and the shape
spans shared by the CPF/CNPJ and MAC rules give what the pure-``re`` searches give)."""

from __future__ import annotations

import io
import random
import re

import pytest

from collector.redact import RedactOptions, Redactor, prefilter
from tests.redact.planted import machine_files, plants

if prefilter.hyperscan is None:  # pragma: no cover - platforms without a wheel
    pytest.skip("hyperscan is not installed: there is only one path", allow_module_level=True)

LINES = [
    "   at RM.Lib.Server.RMSServer.ExecuteProcess(RMSProcessParams params, CancellationToken "
    "cancellationToken) in C:\\build\\RM\\Src\\Lib\\RMSServer.cs:line 812",
    "a senha será Xv7Pq2Lm amanhã",
    "o token de acesso: Tk9Zz8Yy7Ww",
    "password is Pw7Zq1Lm",
    "Senha do usuário = Sd8Yx3Nn",
    "<password required>Pr5Wq8Zz</password>",
    "placa 00:1A:2B:3C:4D:5E. e 00-1a-2b-3c-4d-5e, e 00:11:22:33:44:55:66 e x0:11:22:33:44:55",
    "CPF: 529.982.247-25, cpf 52998224725, CPF do titular 0529982247, CNPJ 11.222.333/0001-81",
    "guid 078977f4-6459-df4e-1d4c-37a2b6ee003d hora 09:15:02",
    "Data Source=DBSRV\\RM;User ID=rm;Password=Senha123!;Pooling=true",
]


def _corpus(seed: int) -> bytes:
    rng = random.Random(seed)
    p = plants(seed)
    parts = [text for text, _kind in machine_files(p).values()]
    parts += [rng.choice(LINES) for _ in range(400)]
    rng.shuffle(parts)
    return "\r\n".join(parts).encode("utf-8")


def _redact(data: bytes, monkeypatch: pytest.MonkeyPatch | None) -> tuple[bytes, dict[str, int]]:
    if monkeypatch is not None:
        monkeypatch.setattr(prefilter, "hyperscan", None)
        prefilter.span_scanner.cache_clear()
    try:
        redactor = Redactor(RedactOptions(hostnames=("APPSRV01",), usernames=("joao.silva",), ipv4=True),
                            known_secrets=["Pl4nt@d0-S3nh4"])
        assert isinstance(redactor._scanner, prefilter.HyperscanScanner) is (monkeypatch is None)
        out = io.BytesIO()
        result = redactor.redact_file(io.BytesIO(data), out, kind="logs", filename="TrackLog.log")
        return out.getvalue(), result.counts
    finally:
        prefilter.span_scanner.cache_clear()


_NUMBERED = re.compile(rb"\b(CPF|CNPJ|email|MAC|ip|host|user)-[0-9]{4}")


def _unnumbered(data: bytes) -> bytes:
    return _NUMBERED.sub(rb"\1-N", data)


@pytest.mark.parametrize("seed", [3, 11, 2026])
def test_hyperscan_and_pure_re_give_the_same_output(seed, monkeypatch):
    data = _corpus(seed)
    fast = _redact(data, None)
    exact = _redact(data, monkeypatch)
    # the same spans with the same rules; only the numbering of pseudonyms may differ (it follows the
    # order the handlers ran in: by position in Hyperscan's one pass, by anchor byte in the re passes)
    assert _unnumbered(fast[0]) == _unnumbered(exact[0])
    assert fast[1] == exact[1]
    for secret in (b"Xv7Pq2Lm", b"Tk9Zz8Yy7Ww", b"Pw7Zq1Lm", b"Sd8Yx3Nn", b"Pr5Wq8Zz", b"Senha123!",
                   b"1A:2B:3C", b"529.982.247", b"cpf 52998224725"):
        assert secret not in fast[0], secret
    assert b"cancellationToken) in C:\\build" in fast[0]  # a stack frame is no secret
    assert b"00:11:22:33:44:55:66" in fast[0]  # seven groups: no MAC
