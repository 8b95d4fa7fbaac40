"""The private map original → pseudonym: consistent, and saved only under private_dir()."""

from __future__ import annotations

import io
import os
import stat
import sys

import pytest

from collector.core.errors import CollectorError
from collector.core.paths import private_dir
from collector.redact import PseudonymMap, RedactOptions, Redactor


def test_numbers_are_assigned_per_kind_on_first_sight():
    m = PseudonymMap()
    assert m.pseudonym("cpf", "52998224725") == "CPF-0001"
    assert m.pseudonym("cpf", "11144477735") == "CPF-0002"
    assert m.pseudonym("cpf", "52998224725") == "CPF-0001"
    assert m.pseudonym("email", "a@b.com") == "email-0001@pseudonimo.invalid"
    assert m.pseudonym("hostname", "appsrv01") == "host-0001"
    assert len(m) == 4 and m.counts() == {"cpf": 2, "email": 1, "hostname": 1}


def test_saved_only_in_the_private_dir_never_in_the_bundle(tmp_path):
    bundle = tmp_path / "bundle"
    (bundle / "logs").mkdir(parents=True)
    redactor = Redactor(RedactOptions(hostnames=["APPSRV01"]))
    src = tmp_path / "TrackLog.log"
    src.write_text("cpf 529.982.247-25 em APPSRV01, joana@empresa.com.br\n", encoding="utf-8")
    with open(bundle / "logs" / "TrackLog.log", "wb") as out:
        redactor.redact_file(src, out)

    path = redactor.pseudonyms.save("3f0c2a9e-bundle")
    assert path.parent == private_dir() and path.is_relative_to(os.environ["COLLECTOR_HOME"])
    if sys.platform != "win32":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with pytest.raises(CollectorError):
        redactor.pseudonyms.save_to(bundle / "redaction-map.json")
    with pytest.raises(CollectorError):
        redactor.pseudonyms.save_to(private_dir() / ".." / "escaped.json")
    with pytest.raises(CollectorError):
        PseudonymMap.path_for("../../bundle/x")

    bundle_bytes = b"".join(p.read_bytes() for p in bundle.rglob("*") if p.is_file())
    for original in (b"529.982.247-25", b"52998224725", b"APPSRV01", b"appsrv01", b"joana@empresa"):
        assert original not in bundle_bytes
    assert sorted(p.name for p in bundle.rglob("*")) == ["TrackLog.log", "logs"]

    loaded = PseudonymMap.load("3f0c2a9e-bundle")
    assert loaded.lookup("cpf", "52998224725") == "CPF-0001"
    assert loaded.lookup("hostname", "appsrv01") == "host-0001"
    assert loaded.pseudonym("cpf", "11144477735") == "CPF-0002"  # numbering goes on


def test_a_loaded_map_keeps_pseudonyms_consistent_across_bundles():
    first = Redactor()
    first.redact_text("cpf 529.982.247-25 e 111.444.777-35")
    first.pseudonyms.save("user-map")
    second = Redactor(pseudonyms=PseudonymMap.load("user-map"))
    assert second.redact_text("111.444.777-35").text == "CPF-0002"


@pytest.mark.parametrize("content", ["not json", '{"schema": "other"}', '{"schema": "collector.redaction-map/1"}'])
def test_unreadable_map_loads_empty(content):
    PseudonymMap.path_for("broken").write_text(content, encoding="utf-8")
    assert len(PseudonymMap.load("broken")) == 0


def test_missing_map_loads_empty():
    assert len(PseudonymMap.load("never-saved")) == 0


def test_redacting_writes_nothing_anywhere_by_itself(tmp_path):
    before = sorted(p for p in private_dir().rglob("*"))
    Redactor().redact_file(io.BytesIO(b"cpf 529.982.247-25\n"), io.BytesIO())
    assert sorted(p for p in private_dir().rglob("*")) == before
