"""The wizard's flow and state without a display (SPEC §5: Qt pages only show and edit this)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from collector.core.kinds import Kind
from collector.core.wizard import (
    CONSENT_TEXT,
    EvidenceFile,
    Mode,
    Page,
    Rect,
    SendOutcome,
    WizardState,
    evidence_from_path,
)

DOC = {"installations": [
    {"root": "C:\\totvs\\Producao\\RM.Net", "version": "12.1.2406.145", "version_source": "RM.Version.dll",
     "topology": "three-tier", "topology_evidence": "RM.exe.config: Host=APPSRV01",
     "database": {"alias": "CorporeRM", "type": "sqlserver", "server": "DBSRV\\RM"},
     "app_server": {"host": "APPSRV01", "port": 8050}},
    {"root": "C:\\totvs\\Homologacao\\RM.Net", "version": "12.1.2410.112", "version_source": "RM.Version.dll",
     "topology": "local", "topology_evidence": "RM.exe.config: JobServer3Camadas=false",
     "database": {"alias": "CorporeRM", "type": "oracle", "server": "orahml/CORPORE"}, "app_server": None},
]}


def codes(state: WizardState, page: Page) -> list[str]:
    return [b.code for b in state.blockers(page)]


def fill_description(state: WizardState) -> None:
    a = state.answers
    a.title, a.process, a.expected, a.users_affected = "Erro ao calcular férias", "1. Abrir\n2. Calcular", "Calcular", "all"


def test_pages_in_order_and_evidence_first():
    state = WizardState()
    order = [Page.ENVIRONMENT]
    while (nxt := state.next_page(order[-1])) is not None:
        order.append(nxt)
    assert order == [Page.ENVIRONMENT, Page.DESCRIPTION, Page.EVIDENCE, Page.REVIEW, Page.SEND]
    # a user in the middle of an incident skips the description: nothing blocks before the review
    state.apply_inspect({"installations": []})
    assert state.can_leave(Page.ENVIRONMENT)
    assert state.can_leave(Page.DESCRIPTION)
    assert state.can_leave(Page.EVIDENCE)


def test_environment_waits_for_inspection_and_picks_the_first_installation():
    state = WizardState(inspecting=True)
    assert codes(state, Page.ENVIRONMENT) == ["inspecting"]
    state.apply_inspect(DOC)
    assert state.can_leave(Page.ENVIRONMENT)
    assert state.root == "C:\\totvs\\Producao\\RM.Net"
    assert state.version_options() == ["12.1.2406.145", "12.1.2410.112"]
    facts = {f.key: f for f in state.environment_facts()}
    assert facts["version"].state == "detected" and "RM.Version.dll" in facts["version"].source
    assert facts["database"].value == "SQL Server"
    assert facts["topology"].value == "Três camadas"
    assert facts["db_server"].value == "DBSRV\\RM" and facts["db_server"].state == "detected"
    assert facts["app_server"].value == "APPSRV01:8050"
    assert facts["cloud"].state == "missing"
    assert facts["coligada"].state == "missing"


def test_choosing_another_installation_and_answering_over_detection():
    state = WizardState()
    state.apply_inspect(DOC, root="C:\\totvs\\Homologacao\\RM.Net")
    facts = {f.key: f for f in state.environment_facts()}
    assert facts["database"].value == "Oracle"
    assert facts["app_server"].state == "not_applicable"  # local installation: no application server
    state.answers.version = "12.1.2410.113"
    state.answers.db_server = "orahml2/CORPORE"
    facts = {f.key: f for f in state.environment_facts()}
    assert facts["version"].state == "answered" and facts["version"].value == "12.1.2410.113"
    assert facts["db_server"].state == "answered"
    assert state.effective("version") == "12.1.2410.113"
    assert state.effective("database") == "oracle"


def test_nothing_detected_is_asked():
    state = WizardState()
    state.apply_inspect({"installations": []})
    facts = {f.key: f for f in state.environment_facts()}
    for key in ("version", "database", "topology", "db_server"):
        assert facts[key].state == "missing", key
        assert "informe" in facts[key].source


def test_review_blocks_on_missing_required_items_and_consent():
    state = WizardState()
    state.apply_inspect({"installations": []})
    state.review.staged = True
    blockers = codes(state, Page.REVIEW)
    assert "consent" in blockers
    missing = {c.split(":", 1)[1] for c in blockers if c.startswith("missing:")}
    assert missing == {"title", "version", "database", "topology", "process", "expected", "users"}
    messages = [b.message for b in state.blockers(Page.REVIEW)]
    assert "Preencha: Versão do sistema." in messages
    fill_description(state)
    state.answers.version, state.answers.database, state.answers.topology = "12.1.2406.1", "sqlserver", "local"
    assert codes(state, Page.REVIEW) == ["consent"]
    state.review.give_consent(True)
    assert state.can_leave(Page.REVIEW)


def test_review_waits_for_staging_and_reports_its_failure():
    state = WizardState()
    state.apply_inspect(DOC)
    fill_description(state)
    state.review.give_consent(True)
    state.review.staging = True
    assert codes(state, Page.REVIEW) == ["staging"]
    state.review.staging, state.review.stage_error = False, "disco cheio"
    assert codes(state, Page.REVIEW) == ["stage_error"]
    assert state.blockers(Page.REVIEW)[0].message == "disco cheio"


def test_complement_needs_only_the_ticket_number():
    state = WizardState()
    state.apply_inspect({"installations": []})
    state.set_mode(Mode.COMPLEMENT)
    assert codes(state, Page.DESCRIPTION) == ["ticket_id"]
    state.set_mode(Mode.COMPLEMENT, 4321)
    assert state.can_leave(Page.DESCRIPTION)
    state.review.staged = True
    state.review.give_consent(True)
    assert state.missing_required() == []
    assert state.can_leave(Page.REVIEW)
    assert state.subject() == "Complemento do chamado 4321"
    state.set_mode(Mode.NEW)
    assert state.answers.ticket_id is None
    with pytest.raises(ValueError):
        state.set_mode("other")


def test_evidence_counts_feed_the_meter_and_changes_invalidate_the_stage(tmp_path: Path):
    shot = tmp_path / "screenshot-monitor1.png"
    shot.write_bytes(b"\x89PNG fake")
    doc = tmp_path / "planilha.xlsx"
    doc.write_bytes(b"PK")
    state = WizardState()
    state.review.staged = True
    state.review.give_consent(True)
    added = state.add_evidence([EvidenceFile(shot, Kind.SCREENSHOTS, "capture", 9),
                                evidence_from_path(doc, origin="drop")])
    assert len(added) == 2 and added[1].size == 2 and added[1].kind == "attachments"
    assert state.add_evidence([evidence_from_path(doc, origin="paste")]) == []  # same file twice
    assert not state.review.staged and not state.review.consent  # what was reviewed changed
    counts = state.evidence_counts()
    assert (counts[Kind.SCREENSHOTS], counts[Kind.ATTACHMENTS], counts.total) == (1, 1, 2)
    item = next(i for i in state.completeness().items if i.key == "evidence")
    assert item.state == "detected" and item.value == "1 captura de tela, 1 anexo"
    state.set_selected(doc, False)
    assert state.evidence_counts()[Kind.ATTACHMENTS] == 0
    state.remove_evidence(shot)
    assert state.evidence_counts().total == 0


def test_found_files_keep_the_users_unticks(tmp_path: Path):
    log1, log2 = tmp_path / "a.log", tmp_path / "b.log"
    state = WizardState()
    state.set_found([EvidenceFile(log1, "logs", "found", 10), EvidenceFile(log2, "logs", "found", 20)])
    state.set_selected(log1, False)
    state.set_found([EvidenceFile(log1, "logs", "found", 11), EvidenceFile(log2, "logs", "found", 21)])
    sel = {e.path: e.selected for e in state.evidence}
    assert sel == {log1: False, log2: True}
    assert [e.size for e in state.files("logs", selected_only=True)] == [21]


def test_log_window_defaults_to_two_days():
    state = WizardState()
    now = datetime(2026, 11, 28, 9, 15, tzinfo=timezone(timedelta(hours=-3)))
    assert state.log_window_start(now) == now - timedelta(days=2)
    state.log_since = now - timedelta(days=7)
    assert state.log_window_start(now) == now - timedelta(days=7)


def test_consent_record_has_text_time_and_user():
    state = WizardState()
    with pytest.raises(ValueError):
        state.review.consent_record()
    when = datetime(2026, 11, 28, 9, 15, tzinfo=timezone(timedelta(hours=-3)))
    state.review.give_consent(True, when)
    record = state.review.consent_record().to_manifest()
    assert record["statement"] == CONSENT_TEXT == "Revisei o conteúdo e estou autorizado a enviá-lo"
    assert record["given_at"] == "2026-11-28T09:15:00-03:00"
    assert record["how"] == "wizard" and "os_user" in record
    state.review.give_consent(False)
    assert state.review.consent_at is None


def test_covers_and_exclusions():
    state = WizardState()
    state.review.add_cover("screenshots/a.png", Rect(100, 50, -40, -20))
    assert state.review.covers["screenshots/a.png"] == [Rect(60, 30, 40, 20)]
    assert Rect(-10, -10, 30, 30).clipped(100, 100) == Rect(0, 0, 20, 20)
    assert Rect(200, 200, 5, 5).clipped(100, 100) is None
    state.review.clear_covers("screenshots/a.png")
    assert state.review.covers == {}
    state.review.set_excluded("logs/x.log", True)
    state.review.set_excluded("logs/y.log", True)
    state.review.set_excluded("logs/x.log", False)
    assert state.review.excluded == {"logs/y.log"}


def test_send_page_waits_for_a_result():
    state = WizardState()
    assert codes(state, Page.SEND) == ["not_sent"]
    state.send.sending = True
    assert codes(state, Page.SEND) == ["sending"]
    state.send.sending = False
    state.send.outcome = SendOutcome("queued", reason="portal fora do ar")
    assert state.can_leave(Page.SEND)
    fill_description(state)
    assert state.subject() == "Erro ao calcular férias"


def test_a_bundle_in_the_send_queue_is_not_unsent_work():
    """Closing after a failure, a cancel or a refused sign-in loses nothing: the bundle is in the queue."""
    state = WizardState()
    fill_description(state)
    assert state.has_unsent_work()
    state.send.outcome = SendOutcome("failed", reason="o perfil do portal não confere")  # before the queue
    assert state.has_unsent_work()
    for status in ("failed", "cancelled", "signin"):
        state.send.outcome = SendOutcome(status, reason="…", outbox_id="0e7813ac")
        assert not state.has_unsent_work(), status
