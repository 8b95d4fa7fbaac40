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


def x_display_problem(display: str) -> str | None:
    """Why the X server named by ``display`` cannot be used, or None. Qt's xcb plugin aborts the
    process (several lines, exit 134) when DISPLAY names a server that does not answer — a stale
    DISPLAY in an SSH or ``su`` session — so ask libxcb first, as Qt would."""
    import ctypes
    import ctypes.util

    try:
        try:  # the soname Debian/Ubuntu/Fedora ship; find_library spawns ldconfig (cold start)
            xcb = ctypes.CDLL("libxcb.so.1")
        except OSError:
            name = ctypes.util.find_library("xcb")
            if not name:
                return None  # cannot check here: let Qt try
            xcb = ctypes.CDLL(name)
        xcb.xcb_connect.restype = ctypes.c_void_p
        xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_int)]
        xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
        xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    except (OSError, AttributeError):
        return None
    conn = xcb.xcb_connect(display.encode(), None)
    try:
        failed = xcb.xcb_connection_has_error(conn)
    finally:
        xcb.xcb_disconnect(conn)
    if failed:
        return (f"não foi possível abrir a tela gráfica (DISPLAY={display}): o servidor X não responde; "
                "use os comandos de linha, como 'collector collect', ou rode o assistente numa sessão "
                "com área de trabalho")
    return None


def run(args) -> int:
    if not has_screen():
        raise CollectorError(NO_SCREEN)
    if sys.platform.startswith("linux") and os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY") \
            and os.environ.get("QT_QPA_PLATFORM", "xcb") == "xcb":
        from collector.commands import qt_libraries

        problem = qt_libraries.problem() or x_display_problem(os.environ["DISPLAY"])
        if problem:
            raise CollectorError(problem)
    from collector.ui.app import run as run_app

    if getattr(args, "profile", None):  # the wizard reads the profile like the CLI: --profile wins over the rest
        from collector.portal.profile import ENV_PROFILE, load

        load(args.profile)  # a bad profile is one clear error here, before any window opens
        os.environ[ENV_PROFILE] = str(args.profile)
    return run_app(demo=bool(getattr(args, "demo", False)), portal_url=getattr(args, "portal", None),
                   debug=bool(getattr(args, "debug", False)), tray_only=bool(getattr(args, "tray", False)))
