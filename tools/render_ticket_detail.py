"""Render a ticket's window (opened from "Meus chamados") to PNG, for a human to look at: a ticket where
the analyst replied with an attachment and then asked for a diagnostic bundle ("O analista pediu: …").

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python tools/render_ticket_detail.py [--out DIR] [--lang pt_BR|en]

A local portal on 127.0.0.1; the main window is shown with the ticket's window over it, and the whole
screen is grabbed (``ticket-detail.png``).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from render_main_window import prepare, run_window  # noqa: E402 - the same set-up (tools/ is the script's folder)


def main() -> int:
    args, out, tmp = prepare()

    from PySide6.QtCore import QTimer

    from collector.portal import request_doc
    from collector.portal.auth import Credentials
    from collector.portal.client import PortalClient
    from collector.portal.local import LocalPortal
    from collector.ui.screen_fit import fit_to_screen

    portal = LocalPortal(tmp / "portal", rules_interval=3600)
    portal.start()
    user, agent = portal.accounts["end-user"], portal.accounts["agent"]
    creds = Credentials(user["email"], user["token"])
    log = tmp / "RM.Host.Service.log"
    log.write_text("2026-12-02 09:14:03 ERRO Timeout ao calcular a folha\n" * 900, encoding="utf-8")
    with PortalClient(portal.url, creds) as client, \
            PortalClient(portal.url, Credentials(agent["email"], agent["token"])) as analyst:
        client.create_request("Lentidão ao abrir o TOTVS Educacional", "texto")
        ticket = client.create_request(
            "Folha não calcula: RMError ao calcular a folha",
            "Ao calcular a folha de novembro da coligada 1 aparece o erro de tempo limite.")["id"]

        def reply(body: str, files=()) -> None:
            tokens = [analyst.upload(path).token for path in files]
            analyst.call("PUT", f"tickets/{ticket}", json={"ticket": {"status": "pending", "comment": {
                "body": body, "public": True, "uploads": tokens}}})

        reply("Olá! Encontramos este trecho no log do servidor de aplicação, em anexo.", [log])
        client.add_comment(ticket, "O erro aparece sempre às 9h, quando o cálculo começa.")
        block = request_doc.build(ticket, ["rmerror", "logs", "config"], since="2d",
                                  note="Reproduza o cálculo antes de responder.").to_block()
        reply("Para seguir, precisamos do pacote de diagnóstico desta máquina:\n\n" + block)

    opened: list = []

    def open_detail(app, window, _data) -> None:
        if opened:  # the list refreshes again once the ticket is read
            return
        row = next(i for i, t in enumerate(window.data.tickets) if t.id == ticket)
        detail = window.open_ticket(row)
        opened.append(detail)
        if detail is None:
            app.quit()
            return
        detail.move(380, 60)  # over the list, as a window manager would cascade it
        fit_to_screen(detail)  # and inside the screen (150 % scaling: 380 + 820 is wider than 910)
        detail.loaded.connect(lambda _d: QTimer.singleShot(700, lambda: grab(app)))

    def grab(app) -> None:
        app.primaryScreen().grabWindow(0).save(str(out / "ticket-detail.png"))
        print(out / "ticket-detail.png")
        app.quit()

    return run_window(args, portal, creds, tmp, open_detail, open_wizard=lambda *_: None)


if __name__ == "__main__":
    sys.exit(main())
