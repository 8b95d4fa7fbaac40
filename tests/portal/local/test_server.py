"""The local portal as a server: start/stop, first-start accounts, authentication, error shapes."""

from __future__ import annotations

import base64
import json
import os
import stat

import pytest
import requests

from collector.portal.local import LocalPortal


def test_first_start_writes_three_accounts_owner_only(portal):
    path = portal.accounts_path
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    accounts = json.loads(path.read_text(encoding="utf-8"))
    assert set(accounts) == {"admin", "agent", "end-user"}
    assert len({a["token"] for a in accounts.values()}) == 3
    assert all(len(a["token"]) >= 32 for a in accounts.values())


def test_restart_keeps_accounts_and_data(tmp_path):
    with LocalPortal(tmp_path) as first:
        url = first.start()
        tokens = first.accounts
        acc = tokens["end-user"]
        r = requests.post(f"{url}/api/v2/requests", auth=(f"{acc['email']}/token", acc["token"]),
                          json={"request": {"subject": "s", "comment": {"body": "b"}}}, timeout=10)
        assert r.status_code == 201
    with LocalPortal(tmp_path) as second:
        assert second.accounts_file is None  # nothing new written
        url = second.start()
        r = requests.get(f"{url}/api/v2/requests", auth=(f"{acc['email']}/token", acc["token"]), timeout=10)
        assert r.status_code == 200
        assert [q["subject"] for q in r.json()["requests"]] == ["s"]


def test_stop_frees_the_port(tmp_path):
    p = LocalPortal(tmp_path)
    url = p.start()
    assert requests.get(url + "/", timeout=10).status_code == 200
    p.close()
    with pytest.raises(requests.ConnectionError):
        requests.get(url + "/", timeout=2)


@pytest.mark.parametrize("role", ["end-user", "agent", "admin"])
def test_users_me_with_api_token(portal, role):
    acc = portal.accounts[role]
    r = requests.get(f"{portal.url}/api/v2/users/me.json", auth=(f"{acc['email']}/token", acc["token"]), timeout=10)
    assert r.status_code == 200
    user = r.json()["user"]
    assert (user["email"], user["role"]) == (acc["email"], role)
    assert user["created_at"].endswith("Z")


def test_bearer_token(portal):
    acc = portal.accounts["end-user"]
    r = requests.get(f"{portal.url}/api/v2/users/me", headers={"Authorization": f"Bearer {acc['token']}"},
                     timeout=10)
    assert r.status_code == 200 and r.json()["user"]["email"] == acc["email"]


@pytest.mark.parametrize("header", [
    None,
    "Basic " + base64.b64encode(b"cliente@portal.local/token:wrong").decode(),
    "Basic " + base64.b64encode(b"someone@else.com/token:x").decode(),
    "Basic !!notbase64",
    "Bearer nope",
])
def test_bad_credentials_get_zendesk_401(portal, header):
    headers = {"Authorization": header} if header else {}
    r = requests.get(f"{portal.url}/api/v2/users/me", headers=headers, timeout=10)
    assert r.status_code == 401
    assert r.json() == {"error": "Couldn't authenticate you"}
    assert "X-Rate-Limit-Remaining" in r.headers


def test_token_of_another_email_is_refused(portal):
    agent, customer = portal.accounts["agent"], portal.accounts["end-user"]
    r = requests.get(f"{portal.url}/api/v2/users/me", auth=(f"{agent['email']}/token", customer["token"]),
                     timeout=10)
    assert r.status_code == 401


def test_end_user_gets_403_on_agent_calls(portal, customer):
    r = customer.get(f"{portal.url}/api/v2/tickets")
    assert r.status_code == 403
    assert r.json()["error"] == "Forbidden"


def test_not_found_shapes(portal, customer):
    r = customer.get(f"{portal.url}/api/v2/requests/999")
    assert (r.status_code, r.json()) == (404, {"error": "RecordNotFound", "description": "Not found"})
    r = customer.get(f"{portal.url}/api/v2/nothing_here")
    assert r.status_code == 404 and r.json()["error"] == "InvalidEndpoint"


def test_every_response_carries_rate_limit_remaining(portal, customer):
    first = customer.get(f"{portal.url}/api/v2/users/me")
    second = customer.get(f"{portal.url}/api/v2/users/me")
    assert int(first.headers["X-Rate-Limit-Remaining"]) > int(second.headers["X-Rate-Limit-Remaining"])
    assert "X-Rate-Limit-Remaining" in requests.get(portal.url + "/", timeout=10).headers


def test_rate_limit_gives_429_with_retry_after(tmp_path):
    with LocalPortal(tmp_path, rate_limit=3) as p:
        p.start()
        acc = p.accounts["end-user"]
        auth = (f"{acc['email']}/token", acc["token"])
        codes = [requests.get(f"{p.url}/api/v2/users/me", auth=auth, timeout=10) for _ in range(4)]
        assert [r.status_code for r in codes] == [200, 200, 200, 429]
        assert int(codes[-1].headers["Retry-After"]) >= 1
        assert codes[-1].headers["X-Rate-Limit-Remaining"] == "0"


def test_bad_json_is_400(portal, customer):
    r = customer.post(f"{portal.url}/api/v2/requests", data="{not json", headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and "error" in r.json()
    r = customer.post(f"{portal.url}/api/v2/requests", json={"ticket": {}})
    assert r.status_code == 400


def test_wsgi_app_without_server(portal):
    client = portal.create_app().test_client()
    acc = portal.accounts["end-user"]
    token = base64.b64encode(f"{acc['email']}/token:{acc['token']}".encode()).decode()
    r = client.get("/api/v2/users/me", headers={"Authorization": f"Basic {token}"})
    assert r.status_code == 200 and r.json["user"]["role"] == "end-user"
