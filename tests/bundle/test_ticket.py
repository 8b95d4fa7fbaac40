from datetime import datetime, timedelta, timezone

from collector import __version__
from collector.bundle.ticket import build_ticket_text, format_when
from collector.core.checklist import Answers, Detected, Evidence, evaluate
from collector.core.kinds import Kind

BRT = timezone(timedelta(hours=-3))
DOC = {"installations": [{"root": "C:\\totvs\\RM.Net", "version": "12.1.2406.145",
                          "version_source": "RM.Version.dll", "topology": "local",
                          "topology_evidence": "RM.exe.config: JobServer3Camadas=false",
                          "database": {"alias": "CorporeRM", "type": "sqlserver", "server": "DBSRV\\RM"}}]}


def test_ticket_text_lines_in_portuguese():
    answers = Answers(title="Erro no cálculo", process="1. Abrir folha\n2. Calcular", expected="Calcular sem erro",
                      since="2026-11-20T08:00:00-03:00", since_after_update=True, version_before="12.1.2402",
                      version_after="12.1.2406", users_affected="all", coligada="1", filial="2", cloud=False)
    detected = Detected.from_inspect(DOC)
    completeness = evaluate(answers, detected, Evidence({Kind.LOGS: 1}))
    text = build_ticket_text(answers, completeness, [("logs/a.log", 2048), ("screenshots/t.png", 3 * 2**20)],
                             "b-1", database_summary="SQL Server 2019 (15.0.4360)",
                             window=(datetime(2026, 11, 26, 9, tzinfo=BRT), datetime(2026, 11, 28, 9, tzinfo=BRT)),
                             detected=detected)
    assert "**Versão do sistema:** 12.1.2406.145 (detectado: RM.Version.dll em C:\\totvs\\RM.Net)" in text
    assert ("**Banco de dados:** SQL Server (detectado: alias CorporeRM (Alias.dat)) — servidor DBSRV\\RM "
            "— SQL Server 2019") in text
    assert "**Ambiente (três camadas ou local):** Local (duas camadas)" in text
    assert "**Cloud TOTVS:** Não" in text
    assert "**Coligada/Filial:** 1 / 2" in text
    assert "**Processo realizado:**\n\n1. Abrir folha\n2. Calcular" in text
    assert "**Desde quando:** 20/11/2026 08:00 (UTC-03:00) — após atualização da versão 12.1.2402 para 12.1.2406" in text
    assert "**Usuários afetados:** Todos os usuários" in text
    assert "**Janela dos logs:** 26/11/2026 09:00 (UTC-03:00) a 28/11/2026 09:00 (UTC-03:00)" in text
    assert "- logs/a.log (2 KB)" in text and "- screenshots/t.png (3 MB)" in text
    assert text.rstrip().endswith(f"Coletor de Diagnóstico {__version__} · pacote b-1")


def test_servers_the_user_corrected_win():
    answers = Answers(db_server="DBNOVO,1433", app_server="APPSRV02:8050", topology="three-tier")
    text = build_ticket_text(answers, evaluate(answers, Detected.from_inspect(DOC), Evidence()), [], "x",
                             detected=Detected.from_inspect(DOC))
    assert "— servidor DBNOVO,1433" in text
    assert "— servidor de aplicação APPSRV02:8050" in text


def test_missing_answers_say_so():
    text = build_ticket_text(Answers(), evaluate(Answers(), Detected(), Evidence()), [], "x")
    assert "**Versão do sistema:** não informado" in text
    assert "**Particularidades do cenário:** não se aplica" in text
    assert "- nenhum" in text


def test_helpers():
    assert format_when("2026-11-20") == "20/11/2026"
    assert format_when("2026-11-20T10:00:00-02:00") == "20/11/2026 10:00 (UTC-02:00)"
    assert format_when("garbage") == "garbage"


def test_ticket_names_both_app_servers_the_product_and_the_portals_tracklog(tmp_path):
    from collector.probes.installation import analyze
    from tests.fixtures import rm_install as fx

    env = fx.environment(tmp_path / "CorporeRM")
    client = analyze(fx.smart_client(tmp_path / "Cliente" / "RM.Net"), []).to_dict()
    doc = {"installations": [client]}
    answers = Answers(product="meurh")
    detected = Detected.from_inspect(doc)
    text = build_ticket_text(answers, evaluate(answers, detected, Evidence()), [], "x", detected=detected)
    assert text.startswith("**Produto:** Meu RH (FrameHTML)\n")
    assert ("— servidor de aplicação appsrv01.empresa.local:8050; APPSRV02:8060 (Host2)") in text
    # no FrameHTML beside this client: the RM's own TRACKLOG, off, with how to turn it on
    assert "**TRACKLOG:** desativado (appsettings.log.json ausente: padrão enable=false). Para ativar" in text

    server = analyze(env["bin"], []).to_dict()
    detected = Detected.from_inspect({"installations": [server]})
    text = build_ticket_text(answers, evaluate(answers, detected, Evidence()), [], "x", detected=detected)
    assert f"**TRACKLOG:** FrameHTML / Meu RH: ativado (pasta {env['framehtml_logs']})" in text
    portal = Answers(product="portal")
    text = build_ticket_text(portal, evaluate(portal, detected, Evidence()), [], "x", detected=detected)
    assert "**TRACKLOG:** Corpore.Net: desativado" in text and "**Produto:** Portal" in text


def test_alias_origin_in_the_detected_note(tmp_path):
    from collector.probes.installation import analyze
    from tests.fixtures import rm_install as fx

    inst = analyze(fx.aliaspath_server(tmp_path / "RM.Net", tmp_path / "share"), []).to_dict()
    assert Detected.from_inspect({"installations": [inst]}).database_source == "alias CorporeRM (Alias.dat via Aliaspath)"
    inst = analyze(fx.config_global_share(tmp_path / "B" / "RM.Net", tmp_path / "share2"), []).to_dict()
    assert (Detected.from_inspect({"installations": [inst]}).database_source
            == "alias CorporeRM (Config Global, grupo Default)")
