"""collector.core.background: the opt-in settings, kept in the settings file with its other sections."""

from __future__ import annotations

import json
import sys

import pytest

from collector.core import background, paths


def test_defaults_notifications_on_except_on_a_shared_server():
    settings = background.load()
    assert (settings.notifications, settings.rmerror_watch, settings.start_with_session) == (None, False, False)
    assert settings.notifications_on(shared=False) is True
    assert settings.notifications_on(shared=True) is False
    settings.notifications = True  # the user turned them on: also on a shared server
    assert settings.notifications_on(shared=True) is True


def test_saved_beside_the_portal_section(tmp_path):
    paths.settings_file().write_text(json.dumps({"portal": {"url": "https://suporte.example.com"}}), encoding="utf-8")
    background.save(background.Background(notifications=False, rmerror_watch=True))
    data = json.loads(paths.settings_file().read_text(encoding="utf-8"))
    assert data["portal"] == {"url": "https://suporte.example.com"}
    loaded = background.load()
    assert (loaded.notifications, loaded.rmerror_watch, loaded.start_with_session) == (False, True, False)


def test_a_damaged_file_means_the_defaults(caplog):
    paths.settings_file().write_text("{broken", encoding="utf-8")
    assert background.load() == background.Background()
    paths.settings_file().write_text(json.dumps({"background": {"notifications": "yes", "rmerror_watch": 1}}),
                                     encoding="utf-8")
    assert background.load() == background.Background()  # only real booleans count


@pytest.mark.skipif(sys.platform == "win32", reason="on Windows the answer is the session's (test_winsession)")
def test_off_windows_this_is_not_a_shared_server():
    assert background.shared_server() is False
