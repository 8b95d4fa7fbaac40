from collector.core.checklist import Answers, Detected, Evidence, evaluate

DOC = {"installations": [{
    "root": "C:\\totvs\\RM.Net", "version": "12.1.2406.145", "version_source": "RM.Version.dll",
    "topology": "three-tier", "topology_evidence": "RM.exe.config: Host=APPSRV01",
    "database": {"alias": "CorporeRM", "type": "sqlserver", "server": "db01.totvscloud.com.br"},
    "app_server": {"host": "APPSRV01", "port": 8050}}]}


def _states(completeness):
    return {i.key: i.state for i in completeness.items}


def test_detected_items_and_missing_required():
    det = Detected.from_inspect(DOC)
    assert det.cloud is True and "totvscloud" in det.cloud_source
    result = evaluate(Answers(), det, Evidence())
    states = _states(result)
    assert states["version"] == states["database"] == states["topology"] == "detected"
    assert states["cloud"] == "detected"
    assert {i.key for i in result.missing_required} == {"title", "process", "expected", "users"}
    assert not result.complete
    assert result.blocking_message().startswith("Preencha antes de enviar: Título, Processo realizado")


def test_complete_when_required_answered():
    answers = Answers(title="Erro ao calcular férias", process="1. Abrir\n2. Calcular", expected="Calcular",
                      users_affected="all", since="2026-11-20", cloud=False)
    evidence = Evidence.of(["screenshots", "rmerror", "screenshots", "config"])  # config is not evidence
    result = evaluate(answers, Detected.from_inspect(DOC), evidence)
    assert result.complete
    states = _states(result)
    assert states["cloud"] == "not_applicable"
    assert states["evidence"] == "detected"
    assert next(i for i in result.items if i.key == "evidence").value == "2 capturas de tela, 1 RMError"


def test_answer_overrides_detection_and_client_without_alias():
    doc = {"installations": [{"root": "x", "database": {"alias": "CorporeRM", "type": "unknown"},
                              "topology": "unknown"}]}
    det = Detected.from_inspect(doc)
    assert det.database is None and det.topology is None and det.version is None
    result = evaluate(Answers(database="oracle", topology="local", version="12.1.2402.1"), det, Evidence())
    by_key = {i.key: i for i in result.items}
    assert by_key["database"].state == "answered" and by_key["database"].value == "Oracle"
    assert by_key["topology"].value == "Local (duas camadas)"


def test_answers_round_trip_ignores_unknown_keys():
    a = Answers(title="x", coligada="1")
    assert Answers.from_dict({**a.to_dict(), "other": 1}) == a


def test_no_installation_detects_nothing():
    assert Detected.from_inspect({"installations": []}) == Detected()
    assert Detected.from_inspect(None) == Detected()


def test_nao_sei_is_an_answer_the_analyst_reads_and_detection_still_wins():
    """Issue 16: a clerk who does not know the database or the topology says so; the ticket says
    "não sabe" instead of a missing item, and what was detected is not hidden by it."""
    answers = Answers(title="Erro", process="1. Abrir", expected="Abrir", users_affected="one",
                      database="unknown", topology="unknown")
    result = evaluate(answers, Detected.from_inspect({"installations": []}), Evidence.of(["screenshots"]))
    items = {i.key: i for i in result.items}
    assert items["database"].state == items["topology"].state == "answered"
    assert items["database"].value == items["topology"].value == "não sabe"
    assert "database" not in {i.key for i in result.missing_required}
    detected = evaluate(answers, Detected.from_inspect(DOC), Evidence())
    assert {i.key: i.value for i in detected.items}["database"] == "SQL Server"
