"""Translations: Brazilian Portuguese by default, English available (SPEC §1, §7).

Source strings are English (``self.tr(...)``); ``resources/translations/collector_pt_BR.qm`` holds
ours and Qt's own ``qtbase_pt_BR.qm`` translates QWizard's buttons and the standard dialogs.
``collector_en.qm`` holds only the English plural forms ("1 file" / "2 files": a source string
names the plural, ``lupdate -pluralonly``). The
language comes from ``COLLECTOR_LANG`` (``pt_BR`` or ``en``), else the saved preference, else
Portuguese. The ticket text is always Portuguese: it is built outside the UI.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

LANGUAGES = {"pt_BR": "Português (Brasil)", "en": "English"}
DEFAULT_LANGUAGE = "pt_BR"
ENV_LANG = "COLLECTOR_LANG"


def translations_dirs() -> list[Path]:
    """Where our .qm files may be: a frozen app's bundle, the source tree, the installed package."""
    dirs = []
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        dirs.append(Path(frozen) / "resources" / "translations")
    here = Path(__file__).resolve()
    dirs.append(here.parents[2] / "resources" / "translations")  # source checkout
    dirs.append(here.parent / "translations")  # shipped inside the package
    dirs.append(Path(sys.prefix) / "share" / "coletor-rm" / "translations")  # wheel data-files
    return dirs


def normalize(lang: str | None) -> str:
    if not lang:
        return DEFAULT_LANGUAGE
    low = lang.replace("-", "_").lower()
    if low.startswith("en"):
        return "en"
    return DEFAULT_LANGUAGE


def choose_language(saved: str | None = None) -> str:
    return normalize(os.environ.get(ENV_LANG) or saved)


_installed: list[QTranslator] = []
_current = [DEFAULT_LANGUAGE]


def current() -> str:
    """The language installed last."""
    return _current[0]


def install(app: QCoreApplication, lang: str) -> list[str]:
    """Installs the translators for ``lang``; returns the files loaded."""
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    _current[0] = lang
    QLocale.setDefault(QLocale(QLocale.Language.Portuguese, QLocale.Country.Brazil)
                       if lang == "pt_BR" else QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    loaded = []
    if lang != "en":  # Qt's own strings are English already
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        qt = QTranslator(app)
        if qt.load(f"qtbase_{lang}", qt_dir):
            app.installTranslator(qt)
            _installed.append(qt)
            loaded.append(qt.filePath())
    ours = QTranslator(app)
    for folder in translations_dirs():
        if ours.load(f"collector_{lang}", str(folder)):
            app.installTranslator(ours)
            _installed.append(ours)
            loaded.append(ours.filePath())
            break
    return loaded
