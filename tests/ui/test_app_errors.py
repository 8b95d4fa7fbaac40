"""ui.app without a console: an uncaught error goes to the log and a message box, never to a None stderr."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QMessageBox

from collector.ui import app


def test_unexpected_error_shows_a_box_and_logs_the_traceback(qapp, monkeypatch, caplog):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append((title, text)))
    try:
        raise KeyError("chave")
    except KeyError as exc:
        with caplog.at_level(logging.ERROR):
            app.unexpected_error(type(exc), exc, exc.__traceback__)
    [(title, text)] = shown
    assert title == "Coletor de Diagnóstico RM" and "KeyError" in text and "\n" not in text
    assert any(r.exc_info and r.exc_info[0] is KeyError for r in caplog.records)


def test_second_start_without_console_is_quiet(qapp, monkeypatch):
    from collector.core import errorbox

    told = []
    monkeypatch.setattr(app.SingleInstance, "claim", lambda self: False)
    monkeypatch.setattr(errorbox, "tell", lambda text, error=True: told.append((text, error)) or "log")
    assert app.run() == 0
    assert told == [("collector: o assistente já está aberto nesta sessão (trazido para a frente).", False)]
