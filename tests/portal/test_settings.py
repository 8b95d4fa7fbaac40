"""collector.portal.settings: --portal, then COLLECTOR_PORTAL_URL, then the settings file."""

from __future__ import annotations

import json

import pytest

from collector.core import paths
from collector.core.errors import UsageError
from collector.portal import settings


def _write(section):
    paths.settings_file().write_text(json.dumps({"portal": section}), encoding="utf-8")


def test_nothing_configured():
    config = settings.load()
    assert not config.configured and config.request_form_url() is None


def test_precedence(monkeypatch):
    _write({"url": "https://arquivo.example.com/", "custom_fields": {"version": 11, "database": "22",
                                                                      "topology": "x", "other": 5}})
    assert settings.load().url == "https://arquivo.example.com"
    assert settings.load().custom_fields == {"version": 11, "database": 22}
    monkeypatch.setenv(settings.ENV_URL, "https://env.example.com")
    assert settings.load().source == settings.ENV_URL
    config = settings.load("https://cli.example.com")
    assert (config.url, config.source) == ("https://cli.example.com", "--portal")
    assert config.request_form_url() == "https://cli.example.com/hc/pt-br/requests/new"


def test_broken_settings_file_is_ignored():
    paths.settings_file().write_text("{nope", encoding="utf-8")
    assert settings.load().url is None


@pytest.mark.parametrize("url", ["ftp://x", "suporte.example.com", "https://user:pw@x.com"])
def test_bad_urls_are_usage_errors(url):
    with pytest.raises(UsageError):
        settings.load(url)


def test_save_url_is_read_back_by_load_and_keeps_the_rest():
    _write({"custom_fields": {"version": 7}})
    assert settings.save_url(" https://suporte.example.com/ ") == "https://suporte.example.com"
    config = settings.load()
    assert (config.url, config.source, config.custom_fields) == ("https://suporte.example.com", "settings",
                                                                 {"version": 7})
    assert config.ticket_url(42) == "https://suporte.example.com/hc/pt-br/requests/42"
    with pytest.raises(UsageError):
        settings.save_url("suporte.example.com")
    assert settings.load().url == "https://suporte.example.com"
