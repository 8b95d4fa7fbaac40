"""Admin adds authorized contacts (strong-password rule), API tokens, password login."""

from __future__ import annotations

import pytest
import requests

from collector.portal.local.accounts import password_problems


@pytest.mark.parametrize("password", ["Curta-1a", "semmaiusculas-12", "SEMMINUSCULAS-12", "SemNumeros-abc",
                                      "SemSimbolo1234a"])
def test_weak_passwords_are_422(portal, admin, password):
    r = admin.post(f"{portal.url}/api/v2/users",
                   json={"user": {"name": "Ana", "email": "ana@cliente.com.br", "role": "end-user",
                                  "password": password}})
    assert r.status_code == 422
    detail = r.json()["details"]["base"][0]
    assert detail["field_key"] == "password" and detail["description"]
    assert password not in r.text


def test_admin_adds_contact_who_logs_in_with_password_and_token(portal, admin):
    r = admin.post(f"{portal.url}/api/v2/users",
                   json={"user": {"name": "Ana", "email": "ana@cliente.com.br", "role": "end-user",
                                  "password": "Rm-Suporte-2026!"}})
    assert r.status_code == 201
    user = r.json()["user"]
    assert (user["name"], user["role"], user["email"]) == ("Ana", "end-user", "ana@cliente.com.br")
    me = requests.get(f"{portal.url}/api/v2/users/me", auth=("ana@cliente.com.br", "Rm-Suporte-2026!"), timeout=10)
    assert me.status_code == 200 and me.json()["user"]["id"] == user["id"]
    wrong = requests.get(f"{portal.url}/api/v2/users/me", auth=("ana@cliente.com.br", "Rm-Suporte-2027!"),
                         timeout=10)
    assert wrong.status_code == 401
    tok = admin.post(f"{portal.url}/api/v2/api_tokens",
                     json={"token": {"description": "coletor", "user_id": user["id"]}})
    assert tok.status_code == 201
    token = tok.json()["api_token"]["token"]
    me = requests.get(f"{portal.url}/api/v2/users/me", auth=("ana@cliente.com.br/token", token), timeout=10)
    assert me.json()["user"]["email"] == "ana@cliente.com.br"


def test_duplicate_and_invalid_users_are_422(portal, admin):
    dup = admin.post(f"{portal.url}/api/v2/users", json={"user": {"email": "cliente@portal.local"}})
    assert dup.status_code == 422
    bad = admin.post(f"{portal.url}/api/v2/users", json={"user": {"email": "x@y.com", "role": "root"}})
    assert bad.status_code == 422


@pytest.mark.parametrize("role", ["end-user", "agent"])
def test_only_admins_add_users_and_tokens(portal, role):
    acc = portal.accounts[role]
    auth = (f"{acc['email']}/token", acc["token"])
    r = requests.post(f"{portal.url}/api/v2/users", auth=auth, json={"user": {"email": "z@z.com"}}, timeout=10)
    assert r.status_code == 403
    r = requests.post(f"{portal.url}/api/v2/api_tokens", auth=auth, json={"token": {}}, timeout=10)
    assert r.status_code == 403


def test_admin_sets_password_with_the_rule(portal, admin):
    user = admin.post(f"{portal.url}/api/v2/users", json={"user": {"email": "b@c.com"}}).json()["user"]
    url = f"{portal.url}/api/v2/users/{user['id']}/password"
    assert admin.post(url, json={"password": "fraca"}).status_code == 422
    assert admin.post(url, json={"password": "Bem-Forte-123"}).status_code == 200
    assert requests.get(f"{portal.url}/api/v2/users/me", auth=("b@c.com", "Bem-Forte-123"), timeout=10).ok


def test_agent_reads_users(portal, agent, customer):
    me = customer.get(f"{portal.url}/api/v2/users/me").json()["user"]
    assert agent.get(f"{portal.url}/api/v2/users/{me['id']}").json()["user"]["email"] == me["email"]
    assert customer.get(f"{portal.url}/api/v2/users/{me['id']}").status_code == 403


def test_password_rule():
    assert password_problems("Rm-Suporte-2026!") == []
    assert len(password_problems("")) == 5
