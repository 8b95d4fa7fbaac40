"""A desktop without Qt's xcb runtime libraries: one Portuguese line with the apt command, not Qt's abort.

The test hides a library the xcb plugin needs from the dynamic loader: in a private mount namespace the
system library folder is replaced by a view of itself without that library.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from collector.commands import qt_libraries

# $1: the library to hide; the rest: the command to run without it
HIDE = r"""
set -e
lib=$(readlink -f "$1"); shift
dir=${lib%/*}; hidden=${lib##*/}; hidden=${hidden%%.so*}.so
view=$(mktemp -d)
mkdir "$view/real" "$view/dir"
mount --bind "$dir" "$view/real"
for f in "$view/real"/*; do
  n=${f##*/}
  case "$n" in "$hidden"*) continue;; esac
  ln -s "$f" "$view/dir/$n"
done
mount --bind "$view/dir" "$dir"
exec "$@"
"""


def _unshare() -> list[str] | None:
    """A command prefix that runs in a private mount namespace, or None where that is not allowed."""
    tool = shutil.which("unshare")
    if not tool or not sys.platform.startswith("linux"):
        return None
    prefixes = [[tool, "--mount", "--propagation", "private"]] if os.geteuid() == 0 else []
    prefixes.append([tool, "--user", "--map-root-user", "--mount", "--propagation", "private"])
    for prefix in prefixes:
        if subprocess.run([*prefix, "true"], capture_output=True).returncode == 0:
            return prefix
    return None


def _system_path(soname: str) -> Path | None:
    plugin = qt_libraries.xcb_plugin()
    out = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True).stdout if plugin else ""
    for line in out.splitlines():
        name, _, rest = line.strip().partition(" => ")
        if name == soname and rest.startswith("/"):
            return Path(rest.split(" (")[0])
    return None


@pytest.mark.parametrize(("soname", "package"), [
    ("libxcb-cursor.so.0", "libxcb-cursor0"),
    ("libxcb-icccm.so.4", "libxcb-icccm4"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
    ("libxcb-render-util.so.0", "libxcb-render-util0"),
    ("libX11-xcb.so.1", "libx11-xcb1"),
    ("libEGL.so.1", "libegl1"),
])
def test_the_package_follows_debian_naming_of_run_time_libraries(soname, package):
    assert qt_libraries.debian_package(soname) == package


def test_nothing_is_missing_on_a_machine_set_up_by_ci():
    if qt_libraries.xcb_plugin() is None:
        pytest.skip("o PySide6 desta instalação não tem o plugin xcb")
    assert qt_libraries.missing_libraries() == [] and qt_libraries.problem() is None


def test_a_hidden_xcb_library_is_one_line_with_the_apt_command(tmp_path):
    prefix = _unshare()
    if prefix is None:
        pytest.skip("sem namespace de montagem (unshare) para esconder uma biblioteca do carregador")
    lib = _system_path("libxcb-cursor.so.0")
    if lib is None:
        pytest.skip("libxcb-cursor0 não está instalada: nada a esconder")
    env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(DISPLAY=os.environ.get("DISPLAY") or ":0", COLLECTOR_HOME=str(tmp_path), COLLECTOR_LANG="pt_BR")
    proc = subprocess.run([*prefix, "bash", "-c", HIDE, "hide", str(lib), sys.executable, "-m", "collector"],
                          env=env, capture_output=True, text=True, timeout=120)
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 1, proc.stderr
    assert lines == ["collector: faltam bibliotecas do sistema para abrir a janela (libxcb-cursor.so.0); "
                     "instale com: sudo apt-get install libxcb-cursor0"]
