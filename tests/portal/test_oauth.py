"""collector.portal.oauth against the local portal's OAuth server: PKCE, single-use short-lived codes,
refresh rotation, a 401 that refreshes once, revocation — and the errors each one gives the user."""

from __future__ import annotations

import threading
import time
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests

from collector.portal import auth, errors, oauth
from collector.portal.client import PortalClient
from collector.portal.local import LocalPortal
from collector.portal.profile import OAuthSettings
from tests.portal.stand_in_browser import main as stand_in

CLIENT = "coletor-unit"


@pytest.fixture
def portal(tmp_path):
    lp = LocalPortal(tmp_path / "portal", rules_interval=3600)
    lp.start()
    yield lp
    lp.close()


@pytest.fixture
def settings(portal):
    from tests.commands.test_login_end_to_end import free_ports

    uris = tuple(f"http://127.0.0.1:{p}/cb" for p in free_ports(2))
    portal.oauth.add_client(CLIENT, "Teste", list(uris))
    return OAuthSettings(CLIENT, ("read", "write"), uris)


@pytest.fixture
def person(portal, monkeypatch, tmp_path):
    """The person at the browser: signs in and allows; what the redirect carried goes to a file."""
    account = portal.accounts["end-user"]
    monkeypatch.setenv("STANDIN_EMAIL", account["email"])
    monkeypatch.setenv("STANDIN_PASSWORD", account["password"])
    monkeypatch.setenv("STANDIN_MODE", "close")
    log = tmp_path / "redirects.txt"
    monkeypatch.setenv("STANDIN_LOG", str(log))

    def act(url: str) -> str:
        assert stand_in(url) == 0
        return log.read_text().splitlines()[-1]

    return act


def _sign_in(portal, settings, person, asked=None):
    """The --no-browser flow: the person's redirect address is pasted back."""
    def ask(_prompt):
        return person(seen[-1]) if asked is None else asked(person(seen[-1]))

    seen: list[str] = []
    return oauth.sign_in(portal.url, settings, browser=False, say=lambda t: seen.append(t.splitlines()[1]), ask=ask)


def test_pkce_flow_gives_expiring_tokens(portal, settings, person):
    tokens = _sign_in(portal, settings, person)
    assert tokens.refresh_token and tokens.expires_at > time.time() + 60
    me = requests.get(f"{portal.url}/api/v2/users/me", headers={"Authorization": f"Bearer {tokens.access_token}"},
                      timeout=10)
    assert me.json()["user"]["email"] == portal.accounts["end-user"]["email"]


def _code_and_verifier(portal, settings, person):
    """One authorization done by hand: (code, verifier, redirect_uri)."""
    session = oauth._session(settings, settings.redirect_uris[0])
    verifier = "v" * 64
    url, state = session.create_authorization_url(portal.url + oauth.AUTHORIZE_PATH, code_verifier=verifier)
    answer = oauth.parse_redirect(person(url))
    assert answer["state"] == state
    return answer["code"], verifier, session


def test_a_reused_code_is_refused_and_revokes_what_it_gave(portal, settings, person):
    code, verifier, session = _code_and_verifier(portal, settings, person)
    token = oauth._token_request(lambda: session.fetch_token(portal.url + oauth.TOKEN_PATH, code=code,
                                                             code_verifier=verifier), "o código")
    with pytest.raises(oauth.SignInError, match=r"recusou o código \(invalid_grant: .*already used"):
        oauth._token_request(lambda: session.fetch_token(portal.url + oauth.TOKEN_PATH, code=code,
                                                         code_verifier=verifier), "o código")
    assert portal.oauth.user_for_access(token.access_token) is None  # RFC 6749 §4.1.2


def test_a_wrong_verifier_is_refused(portal, settings, person):
    code, _verifier, session = _code_and_verifier(portal, settings, person)
    with pytest.raises(oauth.SignInError, match="code_verifier does not match"):
        oauth._token_request(lambda: session.fetch_token(portal.url + oauth.TOKEN_PATH, code=code,
                                                         code_verifier="w" * 64), "o código")


def test_codes_are_short_lived(portal, settings, person):
    portal.oauth.code_ttl = 0
    code, verifier, session = _code_and_verifier(portal, settings, person)
    with pytest.raises(oauth.SignInError, match="expired"):
        oauth._token_request(lambda: session.fetch_token(portal.url + oauth.TOKEN_PATH, code=code,
                                                         code_verifier=verifier), "o código")


def test_pkce_and_registered_redirects_are_required(portal, settings):
    base = {"response_type": "code", "client_id": CLIENT, "redirect_uri": settings.redirect_uris[0], "state": "s"}
    no_pkce = requests.get(portal.url + oauth.AUTHORIZE_PATH, params=base, allow_redirects=False, timeout=10)
    assert no_pkce.status_code == 302 and "error=invalid_request" in no_pkce.headers["Location"]
    other = requests.get(portal.url + oauth.AUTHORIZE_PATH, timeout=10, allow_redirects=False,
                         params={**base, "redirect_uri": "http://127.0.0.1:1/evil", "code_challenge": "x",
                                 "code_challenge_method": "S256"})
    assert other.status_code == 400 and "Location" not in other.headers
    unknown = requests.get(portal.url + oauth.AUTHORIZE_PATH, params={**base, "client_id": "nada"}, timeout=10)
    assert unknown.status_code == 400


def test_wrong_password_stays_on_the_sign_in_page(portal, settings):
    session = oauth._session(settings, settings.redirect_uris[0])
    url, _ = session.create_authorization_url(portal.url + oauth.AUTHORIZE_PATH, code_verifier="v" * 64)
    params = dict(parse_qsl(urlsplit(url).query))
    page = requests.post(portal.url + oauth.AUTHORIZE_PATH, timeout=10,
                         data={**params, "email": portal.accounts["end-user"]["email"], "password": "Errada-123456!"})
    assert page.status_code == 401 and "E-mail ou senha incorretos" in page.text


def test_refresh_rotates_and_the_old_pair_dies(portal, settings, person):
    first = _sign_in(portal, settings, person)
    second = oauth.refresh(portal.url, settings, first)
    assert second.refresh_token != first.refresh_token and second.access_token != first.access_token
    assert portal.oauth.user_for_access(first.access_token) is None
    with pytest.raises(errors.SignInRequired, match="entre de novo"):
        oauth.refresh(portal.url, settings, first)


def test_a_401_refreshes_once_then_asks_to_sign_in_again(portal, settings, person):
    credentials = auth.OAuthCredentials(portal.url, settings, _sign_in(portal, settings, person), stored=False)
    before = credentials.tokens
    portal.oauth.expire_access_tokens()
    with PortalClient(portal.url, credentials, attempts=1) as client:
        credentials.tokens = oauth.TokenSet(before.access_token, before.refresh_token, None)  # expiry unknown here
        assert client.me()["email"]  # the 401 was met, one refresh, and the call went through
        assert credentials.tokens.access_token != before.access_token
        portal.oauth.revoke_all()
        with pytest.raises(errors.SignInRequired):
            client.me()


def test_an_expired_access_token_is_refreshed_before_the_call(portal, settings, person):
    tokens = _sign_in(portal, settings, person)
    credentials = auth.OAuthCredentials(portal.url, settings,
                                        oauth.TokenSet(tokens.access_token, tokens.refresh_token, time.time() - 1))
    with PortalClient(portal.url, credentials, attempts=1) as client:
        client.me()
    assert credentials.tokens.access_token != tokens.access_token


def test_revoke_current_token(portal, settings, person):
    tokens = _sign_in(portal, settings, person)
    assert oauth.revoke(portal.url, tokens)
    me = requests.get(f"{portal.url}/api/v2/users/me", headers={"Authorization": f"Bearer {tokens.access_token}"},
                      timeout=10)
    assert me.status_code == 401 and me.json() == {"error": "Couldn't authenticate you"}


def test_api_tokens_keep_working_for_every_role(portal):
    for role, account in portal.accounts.items():
        me = requests.get(f"{portal.url}/api/v2/users/me", auth=(f"{account['email']}/token", account["token"]),
                          timeout=10)
        assert me.json()["user"]["role"] == role


def test_the_listener_answers_once_in_portuguese(settings):
    listener = oauth.LoopbackListener(settings.redirect_uris)
    try:
        got = {}
        thread = threading.Thread(target=lambda: got.update(listener.wait(10)))
        thread.start()
        page = requests.get(listener.redirect_uri + "?code=c&state=s", timeout=10)
        thread.join(10)
        assert "Pode fechar esta aba" in page.text and got == {"code": "c", "state": "s"}
        assert requests.get(listener.redirect_uri + "?code=again", timeout=10).status_code == 404
    finally:
        listener.close()


def test_a_second_sign_in_right_after_the_first_gets_the_same_port(settings):
    """The first callback's connection lingers in TIME_WAIT for a minute; the port is still free."""
    for _ in range(2):
        listener = oauth.LoopbackListener(settings.redirect_uris)
        try:
            assert listener.redirect_uri == settings.redirect_uris[0]
            requests.get(listener.redirect_uri + "?code=c&state=s", timeout=10)
            listener.wait(10)
        finally:
            listener.close()
