"""``collector request``: the analyst's diagnostic request."""

from __future__ import annotations

from collector.cli import main
from collector.portal import request_doc


def test_prints_a_block_that_decodes(capsys):
    assert main(["request", "--ticket", "42", "--items", "rmerror,logs", "--since", "7d", "--note", "Oi"]) == 0
    out = capsys.readouterr().out
    [req] = request_doc.find_in_text(out)
    assert (req.ticket, req.items, req.note) == (42, ("rmerror", "logs"), "Oi") and req.since is not None


def test_writes_a_file(tmp_path, capsys):
    assert main(["request", "--ticket", "42", "--items", "screenshots", "--out", str(tmp_path)]) == 0
    assert request_doc.load_file(tmp_path / "chamado-42.collector-request.json").items == ("screenshots",)


def test_bad_input_is_one_line(capsys):
    assert main(["request", "--ticket", "x", "--items", "logs"]) == 2
    assert main(["request", "--ticket", "1", "--items", "senhas"]) == 2
    assert main(["request", "--ticket", "1", "--items", "logs", "--since", "ontem"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "item desconhecido" in err
