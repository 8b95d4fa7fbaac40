"""The planted-secret generator (``tests/redact/planted.py``) against the engine: every category of
SPEC §4.8 "Where redaction really fails", in every encoding variant, and nothing of any planted value
— whole or any 6-character piece, in UTF-8, cp1252, UTF-16LE or UTF-16BE — comes out; JSON and XML
stay parseable, and numbers that only look like documents stay numbers."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET

import pytest

from collector.redact import RedactOptions, Redactor
from collector.redact.encoding import decode
from tests.redact.planted import VARIANTS, encode, leaks, machine_files, plants

SEEDS = (11, 2026)


def _redactor(p):
    return Redactor(RedactOptions(hostnames=(p.hostname,), usernames=(p.username,)),
                    known_secrets=[p["alias-password"]])


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("variant", VARIANTS)
def test_no_piece_of_any_planted_value_survives(seed, variant):
    p = plants(seed)
    redactor = _redactor(p)
    found = {}
    for path, (text, kind) in machine_files(p).items():
        out = io.BytesIO()
        redactor.redact_file(io.BytesIO(encode(text, variant)), out, kind=kind, filename=path)
        for category in leaks(out.getvalue(), p):
            found.setdefault(category, []).append(path)
    assert not found, f"{variant}: {found}"


@pytest.mark.parametrize("variant", ["utf-8", "utf-8-sig", "cp1252", "utf-16-le+bom", "utf-16-be"])
def test_outputs_stay_valid_and_false_positives_stay_numbers(variant):
    p = plants()
    redactor = _redactor(p)
    files = machine_files(p)
    outputs = {}
    for path in ("RM.Net/appsettings.json", "RM.Net/RM.Host.Service.exe.config", "RM.Net/Alias.dat"):
        text, kind = files[path]
        out = io.BytesIO()
        redactor.redact_file(io.BytesIO(encode(text, variant)), out, kind=kind, filename=path)
        outputs[path] = decode(out.getvalue())[0]
    settings = json.loads(outputs["RM.Net/appsettings.json"])
    assert settings["ServiceBus"] == {"Id": 52998224725, "Stamp": 20261128091502, "Count": 11144477735}
    assert settings["Funcionario"]["cpf"].startswith("CPF-")  # an unquoted number became a string
    assert settings["Funcionario"]["CNPJ"].startswith("CNPJ-")
    assert settings["Jwt"]["Issuer"] == "rm" and settings["Jwt"]["ExpireMinutes"] == 60
    for path in ("RM.Net/RM.Host.Service.exe.config", "RM.Net/Alias.dat"):
        ET.fromstring(outputs[path].encode("utf-8").replace(b' encoding="utf-8"', b""))
    config = outputs["RM.Net/RM.Host.Service.exe.config"]
    assert '<add key="DefaultDB" value="CorporeRM" />' in config and 'value="8050"' in config


def test_the_same_person_gets_the_same_pseudonym_in_every_encoding():
    p = plants()
    redactor = _redactor(p)
    text = f"CPF {p['cpf-formatted']} e-mail {p['email']} usuário {p.username}\r\n"
    outs = set()
    for variant in ("utf-8", "cp1252", "utf-16-le", "utf-16-be+bom"):
        out = io.BytesIO()
        redactor.redact_file(io.BytesIO(encode(text, variant)), out, kind="logs")
        outs.add(decode(out.getvalue())[0])
    assert outs == {"CPF CPF-0001 e-mail email-0001@pseudonimo.invalid usuário user-0001\r\n"}


@pytest.mark.parametrize("text", [
    "2026-11-28 09:15:02.123 -03:00 [INF] tempo 1732791302 ms",  # epoch seconds: 10 digits, no context
    '{"Ticks": 20261128091502, "Id": 52998224725}',
    "<Codigo>52998224725</Codigo>",
    "password policy: min 8",
])
def test_no_structure_breaking_false_positives(text):
    out = Redactor().redact_text(text, kind="logs").text
    assert out.replace("********", "") != "" and ("{" not in text or json.loads(out))
    if "policy" not in text:
        assert out == text
