"""collector.portal.request_doc: the analyst's request as JSON, file, and comment block."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from collector.core.errors import UsageError
from collector.portal import request_doc
from collector.portal.request_doc import BEGIN, END, RequestError

BRT = timezone(timedelta(hours=-3))


def test_block_round_trip():
    req = request_doc.build(123, "rmerror,logs, config", "2026-11-20T00:00:00-03:00", "Repita o cálculo")
    block = req.to_block()
    assert block.startswith(BEGIN) and block.endswith(END)
    assert all(len(line) <= 64 for line in block.splitlines())
    comment = f"Olá! Por favor rode o coletor.\n\n{block}\n\nObrigado."
    [found] = request_doc.find_in_text(comment)
    assert found == req
    assert found.since == datetime(2026, 11, 20, tzinfo=BRT) and found.note == "Repita o cálculo"


def test_block_survives_mail_quoting_and_indentation():
    req = request_doc.build(7, ["screenshots", "recording"])
    quoted = "\n".join("> " + line for line in req.to_block().splitlines())
    assert request_doc.find_in_text(quoted) == [req]


def test_broken_blocks_are_skipped():
    good = request_doc.build(8, ["logs"]).to_block()
    text = f"{BEGIN}\n!!!não é base64!!!\n{END}\n{good}\n{BEGIN}\neyJ4Ijox\n{END}"
    assert [r.ticket for r in request_doc.find_in_text(text)] == [8]
    assert request_doc.find_in_text("") == []


def test_duration_since():
    now = datetime(2026, 11, 28, 9, 0, tzinfo=BRT)
    req = request_doc.build(1, ["logs"], "36h", now=now)
    assert req.since == now - timedelta(hours=36)


@pytest.mark.parametrize("ticket, items, message", [
    ("abc", ["logs"], "chamado inválido"),
    (0, ["logs"], "chamado inválido"),
    (1, ["logs", "senhas"], "item desconhecido"),
    (1, [], "ao menos um item"),
])
def test_invalid_requests(ticket, items, message):
    with pytest.raises(RequestError, match=message):
        request_doc.build(ticket, items)


def test_file_round_trip(tmp_path):
    req = request_doc.build(55, ["database", "system"], note="x")
    path = tmp_path / req.file_name()
    path.write_text(req.dumps(), encoding="utf-8")
    assert path.name == "chamado-55.collector-request.json"
    assert request_doc.load_file(path) == req


@pytest.mark.parametrize("content, message", [
    ("{", "JSON malformado"),
    ('{"schema": "collector.request/9", "ticket": 1, "items": ["logs"]}', "versão desconhecida"),
    ('{"ticket": 1, "items": "logs"}', "items deve ser uma lista"),
    ('[1, 2]', "não é um objeto"),
])
def test_bad_files(tmp_path, content, message):
    path = tmp_path / "x.collector-request.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RequestError, match=message):
        request_doc.load_file(path)


def test_a_macro_template_has_no_ticket_and_a_relative_window():
    template = request_doc.template("logs,rmerror", "2d", "veja o log")
    [found] = request_doc.find_in_text("Pedido:\n" + template.to_block())
    assert (found.ticket, found.since, found.span, found.items) == (None, None, "2d", ("logs", "rmerror"))
    written = datetime(2026, 11, 28, 9, 0, tzinfo=BRT)
    resolved = found.for_comment(77, written)
    assert (resolved.ticket, resolved.since, resolved.note) == (77, written - timedelta(days=2), "veja o log")
    with pytest.raises(RequestError, match="chamado #8"):
        request_doc.build(8, ["logs"]).for_comment(9, written)
    with pytest.raises(UsageError, match="duração"):
        request_doc.template(["logs"], "0d")
    assert request_doc.template(["logs"]).window_start(written) is None


def test_a_relative_window_in_a_file_counts_back_from_now():
    req = request_doc.loads('{"ticket": 5, "items": ["logs"], "since": "36h"}')
    now = datetime(2026, 11, 28, 9, 0, tzinfo=BRT)
    assert (req.ticket, req.window_start(now)) == (5, now - timedelta(hours=36))
