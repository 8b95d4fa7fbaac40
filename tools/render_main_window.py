"""Render the main window "Meus chamados" to PNG, filled as a user would see it, for a human to look at.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python tools/render_main_window.py [--out DIR] [--lang pt_BR|en]

A local portal on 127.0.0.1 with a few tickets (an analyst's reply pending the customer, a resolved
one, one in *Validação Cliente* after the rules ran) and a bundle that failed to send; the window
is shown on the X screen and the whole screen is grabbed (``main-window.png``).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def prepare() -> tuple[argparse.Namespace, Path, Path]:
    """(arguments, output folder, a scratch folder that is this run's COLLECTOR_HOME's parent); shared
    with ``render_ticket_detail.py``."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default="screenshots")
    parser.add_argument("--lang", default="pt_BR")
    args = parser.parse_args()
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="render-main-"))
    os.environ["COLLECTOR_HOME"] = str(tmp / "home")
    (tmp / "home").mkdir()
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    return args, out, tmp


def main() -> int:
    args, out, tmp = prepare()

    from PySide6.QtCore import QTimer

    from collector.portal.auth import Credentials
    from collector.portal.client import PortalClient
    from collector.portal.local import LocalPortal
    from collector.portal.local.testing import FakeClock, session
    from collector.portal.outbox import Outbox
    from collector.portal.seen import SeenStore
    from collector.portal.sender import Sender
    from tests.bundle.factory import make_bundle

    clock = FakeClock()
    portal = LocalPortal(tmp / "portal", clock=clock, rules_interval=3600)
    portal.start()
    user, agent = portal.accounts["end-user"], portal.accounts["agent"]
    creds = Credentials(user["email"], user["token"])
    with PortalClient(portal.url, creds) as client, session(portal.url, agent["email"], agent["token"]) as s:
        def reply(ticket, **fields):
            s.put(f"{portal.url}/api/v2/tickets/{ticket}", json={"ticket": fields}).raise_for_status()

        SeenStore.for_user(portal.url, client.me()["id"], clock=clock)  # the user opened the window before
        old = client.create_request("Integração TOTVS Gestão de Pessoas x eSocial parada", "texto")["id"]
        reply(old, status="pending", comment={"body": "Aplicamos o patch, pode validar?"})
        clock.advance(days=8)
        portal.run_rules(clock())
        solved = client.create_request("Relatório de férias com valores errados", "texto")["id"]
        clock.advance(hours=3)
        reply(solved, status="solved", comment={"body": "Corrigido na versão 12.1.2406.150."})
        clock.advance(days=1)
        pending = client.create_request("Folha não calcula: RMError ao calcular a folha", "texto")["id"]
        clock.advance(hours=2)
        reply(pending, status="pending", comment={"body": "Precisamos do log do servidor de aplicação."})
        client.create_request("Lentidão ao abrir o TOTVS Educacional", "texto")
        clock.advance(minutes=30)
    clock.set(clock())  # the rest of the run at this moment
    make_bundle(tmp / "b.zip")
    outbox = Outbox()
    entry = outbox.enqueue(tmp / "b.zip", subject="Erro ao calcular a folha")
    bad = PortalClient(portal.url, Credentials(user["email"], "token-errado"), attempts=1)
    try:
        Sender(bad, outbox).send(entry)
    except Exception:  # noqa: BLE001 - the failure is what the screenshot shows
        pass
    bad.close()

    def grab(app, _window, _data) -> None:
        QTimer.singleShot(500, lambda: (app.primaryScreen().grabWindow(0).save(str(out / "main-window.png")),
                                        print(out / "main-window.png"), app.quit()))

    return run_window(args, portal, creds, tmp, grab)


def run_window(args, portal, creds, tmp: Path, on_refreshed, **window_options) -> int:
    """"Meus chamados" in ``args.lang``, signed in to ``portal`` with ``creds``, at the top left;
    ``on_refreshed(app, window, data)`` after each refresh (it quits the app when done); closes the
    portal at the end. Shared with ``render_ticket_detail.py``."""
    from PySide6.QtWidgets import QApplication

    from collector.portal.settings import PortalSettings
    from collector.ui import i18n, tasks
    from collector.ui.backend import PortalConfig, Services
    from collector.ui.tickets_window import TicketsWindow

    app = QApplication(sys.argv[:1])
    i18n.install(app, args.lang)
    services = Services(portal=PortalConfig(PortalSettings(url=portal.url), credentials=creds),
                        session_dir=tmp / "session")
    window = TicketsWindow(services, auto_refresh=False, **window_options)
    window.move(0, 0)
    window.refreshed.connect(lambda data: on_refreshed(app, window, data))
    window.show()
    app.exec()
    tasks.wait_all(10_000)
    portal.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
