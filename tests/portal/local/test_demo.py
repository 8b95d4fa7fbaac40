"""Demo mode's in-process portal."""

from __future__ import annotations

import requests

from collector.portal.local.demo import start_demo


def test_start_demo_uses_the_user_data_folder_and_an_ephemeral_port(_isolated_home):
    demo = start_demo()
    try:
        assert demo.url.startswith("http://127.0.0.1:")
        assert (_isolated_home / "local-portal" / "accounts.json").exists()
        r = requests.get(f"{demo.url}/api/v2/users/me", auth=(f"{demo.email}/token", demo.token), timeout=10)
        assert r.status_code == 200 and r.json()["user"]["role"] == "end-user"
    finally:
        demo.stop()


def test_start_demo_recovers_from_a_lost_accounts_file(tmp_path):
    start_demo(tmp_path).stop()
    (tmp_path / "accounts.json").unlink()
    demo = start_demo(tmp_path)
    try:
        r = requests.get(f"{demo.url}/api/v2/users/me", auth=(f"{demo.email}/token", demo.token), timeout=10)
        assert r.status_code == 200
        assert (tmp_path / "accounts.json").exists()
    finally:
        demo.stop()
