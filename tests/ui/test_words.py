"""Words a clerk understands (issue 16): real plurals in Portuguese and in English ("1 arquivo escolhido",
"2 files chosen"), thousands separated, never "arquivo(s)" or "valor(es)"."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from PySide6.QtCore import QCoreApplication

from collector.ui import i18n

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "resources" / "translations"
EITHER_OR = re.compile(r"\w\((?:s|es|is|ns|a|as|os)\)", re.IGNORECASE)  # arquivo(s), valor(es), escolhido(a)

CASES = {
    "pt_BR": [("EvidencePage", "%Ln files chosen", 1, "1 arquivo escolhido"),
              ("EvidencePage", "%Ln files chosen", 1200, "1.200 arquivos escolhidos"),
              ("EvidencePage", " days", 1, " dia"), ("EvidencePage", " days", 2, " dias"),
              ("ReviewPage", "%Ln values masked", 1, "1 valor mascarado"),
              ("ReviewPage", "%Ln values masked", 3, "3 valores mascarados"),
              ("ReviewPage", "%Ln hidden spans highlighted", 1, "1 trecho ocultado em destaque"),
              ("ReviewPage", "%Ln hidden spans highlighted", 3, "3 trechos ocultados em destaque"),
              ("CoverEditor", "%Ln areas covered", 0, "0 área coberta"),  # Portuguese: 0 and 1 are singular
              ("SendPage", "%Ln files", 2, "2 arquivos")],
    "en": [("EvidencePage", "%Ln files chosen", 1, "1 file chosen"),
           ("EvidencePage", "%Ln files chosen", 1200, "1,200 files chosen"),
           ("EvidencePage", " days", 1, " day"),
           ("ReviewPage", "%Ln values masked", 1, "1 value masked"),
           ("ReviewPage", "%Ln hidden spans highlighted", 3, "3 hidden spans highlighted"),
           ("CoverEditor", "%Ln areas covered", 0, "0 areas covered"),
           ("ResumeBox", "%Ln files gathered", 1, "1 file gathered")],
}


@pytest.mark.parametrize("lang", sorted(CASES))
def test_plurals_are_words_in_both_languages(qapp, lang):
    i18n.install(qapp, lang)
    try:
        got = [(ctx, text, n, QCoreApplication.translate(ctx, text, "", n)) for ctx, text, n, _ in CASES[lang]]
    finally:
        i18n.install(qapp, "en")
    assert got == CASES[lang]


def _strings(ts: Path) -> list[str]:
    root = ElementTree.parse(ts).getroot()
    out = []
    for message in root.iter("message"):
        out.append(message.findtext("source") or "")
        translation = message.find("translation")
        if translation is not None:
            out += [translation.text or ""] + [f.text or "" for f in translation.iter("numerusform")]
    return out


def test_no_either_or_plurals_in_the_ui_strings():
    """No translation says "file(s)"; a source string that does is a numerus message that the English
    plural forms (collector_en.ts) turn into words, so neither language shows it."""
    found = [s for ts in sorted(TRANSLATIONS.glob("*.ts")) for s in _strings(ts) if EITHER_OR.search(s)
             if s not in _english_plurals()]
    assert found == []
    sources = [*sorted((ROOT / "collector" / "ui").rglob("*.py")), ROOT / "collector" / "core" / "kinds.py"]
    literals = [(p.name, m.group(1)) for p in sources
                for m in re.finditer(r"\"([^\"\n]*)\"", p.read_text(encoding="utf-8")) if EITHER_OR.search(m.group(1))]
    assert [x for x in literals if x[1] not in _english_plurals()] == []


def _english_plurals() -> set[str]:
    """The sources of the numerus messages that collector_en.ts translates into real English forms."""
    root = ElementTree.parse(TRANSLATIONS / "collector_en.ts").getroot()
    return {m.findtext("source") or "" for m in root.iter("message")
            if m.get("numerus") == "yes" and all((f.text or "").strip() and not EITHER_OR.search(f.text or "")
                                                 for f in m.iter("numerusform"))}


def test_cloud_totvs_is_not_informed_only_until_answered(qtbot, tmp_path, portuguese):
    """Sim / Não answered shows as such in the review; "não informado" only while unanswered."""
    from collector.core.wizard import WizardState
    from collector.ui.backend import Services
    from collector.ui.pages.review import ReviewPage

    state = WizardState()
    page = ReviewPage(state, Services(session_dir=tmp_path / "s", rm_roots=[tmp_path]))
    qtbot.addWidget(page)

    def cloud() -> str:
        page.refresh_meter()
        rows = [page.items.topLevelItem(i) for i in range(page.items.topLevelItemCount())]
        return next(r.text(1) for r in rows if r.data(0, 0x0100) == "cloud")

    assert cloud() == "não informado"
    state.answers.cloud = False
    assert cloud() == "Não"
    state.answers.cloud = True
    assert cloud() == "Sim"
