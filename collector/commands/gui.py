"""``collector`` with no command: the wizard (SPEC §4.1). ``--demo`` runs it on the local portal."""

from __future__ import annotations

import os
import sys

from collector.core.errors import CollectorError

HELP = "abre o assistente (interface gráfica)"

NO_SCREEN = ("não há tela gráfica nesta sessão (DISPLAY não definido): use os comandos de linha, como "
             "'collector collect', ou rode o assistente numa sessão com área de trabalho")


def has_screen(environ=os.environ, platform: str = sys.platform) -> bool:
    """Qt aborts without a display (SPEC §7): check first. Windows and macOS always have one."""
    if platform in ("win32", "darwin"):
        return True
    return bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY") or environ.get("QT_QPA_PLATFORM"))


def run(args) -> int:
    if not has_screen():
        raise CollectorError(NO_SCREEN)
    from collector.ui.app import run as run_app

    return run_app(demo=bool(getattr(args, "demo", False)), portal_url=getattr(args, "portal", None),
                   debug=bool(getattr(args, "debug", False)))
