"""collector.portal.profile: the collector.portal/1 file, validated with one clear error per mistake."""

from __future__ import annotations

import json

import pytest

from collector.portal import profile
from collector.portal.local.server import PROFILE_FILE

GOOD = {"schema": "collector.portal/1", "url": "https://suporte.example.com.br", "brand": "TOTVS",
        "oauth": {"client_id": "coletor-rm", "scopes": ["read", "write"],
                  "redirect_uris": ["http://127.0.0.1:47831/oauth/callback"]},
        "ticket_form_id": 360001,
        "fields": {"version": {"id": 1001},
                   "database": {"id": 1002, "tags": {"sqlserver": "rm_db_sqlserver", "oracle": "rm_db_oracle"}}},
        "ccs": False}


def test_the_spec_example_and_the_shipped_profiles_load():
    loaded = profile.parse(GOOD, "t")
    assert loaded.oauth.client_id == "coletor-rm" and loaded.ticket_form_id == 360001
    assert profile.read(profile.SHIPPED).oauth.redirect_uris[0].startswith("http://127.0.0.1:")
    assert profile.read(PROFILE_FILE).fields["database"].tags["oracle"] == "rm_db_oracle"


def test_every_mistake_is_named():
    bad = {**GOOD, "schema": "x", "extra": 1, "url": "http://suporte.example.com",
           "oauth": {"client_id": "", "redirect_uris": ["https://example.com/cb"], "secret": "s"},
           "ticket_form_id": "abc",
           "fields": {"version": {"id": "1001"}, "colour": {"id": 5},
                      "database": {"id": 1002, "tags": {"mysql": "rm_mysql", "oracle": "com espaço"}}},
           "ccs": "no"}
    with pytest.raises(profile.ProfileError) as caught:
        profile.parse(bad, "perfil.json")
    text = str(caught.value)
    for expected in ('"schema"', "'extra'", "https", "client_id", "'secret'", "127.0.0.1:PORTA",
                     "ticket_form_id", "fields.version.id", "'colour'", "'mysql'", "sem espaços", '"ccs"'):
        assert expected in text, expected
    assert len(caught.value.problems) == 12
    assert caught.value.exit_code == 2


def test_the_csat_mode_is_legacy_unless_the_profile_says_survey():
    assert profile.parse(GOOD, "t").csat == "legacy"
    assert profile.parse({**GOOD, "csat": "survey"}, "t").csat == "survey"
    with pytest.raises(profile.ProfileError, match='"csat" deve ser'):
        profile.parse({**GOOD, "csat": "emoji"}, "t")


def test_the_portal_admin_sets_how_often_the_tray_asks():
    """Every collector counts against the portal account's per-minute limit: 15 min unless the profile says."""
    assert profile.parse(GOOD, "t").poll_minutes == 15
    assert profile.parse({**GOOD, "poll_minutes": 60}, "t").poll_minutes == 60
    for bad in (1, 0, 2000, "15", True, 7.5):
        with pytest.raises(profile.ProfileError, match='"poll_minutes" deve ser um número inteiro de minutos'):
            profile.parse({**GOOD, "poll_minutes": bad}, "t")


def test_custom_fields_use_tags_and_leave_out_missing_facts():
    loaded = profile.parse(GOOD, "t")
    assert loaded.custom_fields({"version": "12.1.2406", "database": "oracle", "topology": "local"}) == [
        {"id": 1001, "value": "12.1.2406"}, {"id": 1002, "value": "rm_db_oracle"}]
    assert loaded.custom_fields({}) == []
    with pytest.raises(profile.MissingTag, match="'database' para o valor 'unknown'"):
        loaded.custom_fields({"database": "unknown"})


def test_where_the_profile_comes_from(tmp_path, monkeypatch, _isolated_home):
    assert profile.load().source == "shipped"
    (_isolated_home / "portal.json").write_text(json.dumps(GOOD), encoding="utf-8")
    assert profile.load().source == "settings"
    other = tmp_path / "env.json"
    other.write_text(json.dumps({**GOOD, "brand": "env"}), encoding="utf-8")
    monkeypatch.setenv(profile.ENV_PROFILE, str(other))
    assert profile.load().brand == "env"
    cli = tmp_path / "cli.json"
    cli.write_text(json.dumps({**GOOD, "brand": "cli"}), encoding="utf-8")
    assert profile.load(cli).brand == "cli" and profile.load(cli).source == "--profile"


def test_unreadable_files_are_one_clear_error(tmp_path):
    broken = tmp_path / "p.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(profile.ProfileError, match="JSON inválido"):
        profile.read(broken)
    with pytest.raises(profile.ProfileError, match="arquivo não encontrado"):
        profile.read(tmp_path / "nada.json")


def test_the_cli_reports_a_bad_profile_in_the_users_words(tmp_path, capsys):
    from collector.cli import main

    path = tmp_path / "p.json"
    path.write_text(json.dumps({**GOOD, "fields": {"database": {"id": 1}, "topology": {"id": 1}}}), encoding="utf-8")
    assert main(["--profile", str(path), "whoami"]) == 2
    err = capsys.readouterr().err
    assert "perfil do portal inválido" in err and "o campo 1 aparece em mais de um fato" in err
    assert "Traceback" not in err


def test_the_wizard_refuses_a_bad_profile_before_opening(tmp_path, capsys):
    from collector.cli import main

    path = tmp_path / "p.json"
    path.write_text(json.dumps({**GOOD, "ccs": "sim"}), encoding="utf-8")
    assert main(["--profile", str(path)]) == 2
    assert '"ccs" deve ser true ou false' in capsys.readouterr().err
