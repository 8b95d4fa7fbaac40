"""collector.portal.auth: keyring first, environment when there is no keyring; secrets never shown."""

from __future__ import annotations

import keyring
import keyring.backend
import keyring.errors
import pytest

from collector.portal import auth

URL = "https://suporte.example.com"


class MemoryKeyring(keyring.backend.KeyringBackend):
    priority = 1

    def __init__(self):
        super().__init__()
        self.store = {}

    def get_password(self, service, username):
        return self.store.get((service, username))

    def set_password(self, service, username, password):
        self.store[(service, username)] = password

    def delete_password(self, service, username):
        if self.store.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


class NoKeyring(keyring.backend.KeyringBackend):
    """What a headless Linux gets: every call raises NoKeyringError."""

    priority = 1

    def get_password(self, service, username):
        raise keyring.errors.NoKeyringError("no backend")

    def set_password(self, service, username, password):
        raise keyring.errors.NoKeyringError("no backend")

    def delete_password(self, service, username):
        raise keyring.errors.NoKeyringError("no backend")


@pytest.fixture
def memory():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def headless():
    previous = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    yield
    keyring.set_keyring(previous)


def test_save_load_forget_in_the_keyring(memory):
    assert auth.load(URL) is None
    assert auth.save(URL, "ana@cliente.com.br", "tok-123")
    creds = auth.load(URL)
    assert (creds.email, creds.secret, creds.source) == ("ana@cliente.com.br", "tok-123", "keyring")
    assert auth.load("https://outro.example.com") is None  # per portal
    auth.forget(URL)
    assert auth.load(URL) is None


def test_keyring_wins_over_the_environment(memory, monkeypatch):
    monkeypatch.setenv(auth.ENV_EMAIL, "env@x.com")
    monkeypatch.setenv(auth.ENV_TOKEN, "env-token")
    auth.save(URL, "ana@cliente.com.br", "tok-123")
    assert auth.load(URL).source == "keyring"


def test_headless_linux_falls_back_to_the_environment(headless, monkeypatch):
    assert auth.load(URL) is None
    assert auth.save(URL, "a@b.c", "t") is False
    monkeypatch.setenv(auth.ENV_EMAIL, "env@x.com")
    monkeypatch.setenv(auth.ENV_TOKEN, "env-token")
    creds = auth.load(URL)
    assert (creds.email, creds.source) == ("env@x.com", "env")
    auth.forget(URL)  # no error either


def test_environment_needs_both_variables(monkeypatch):
    monkeypatch.setenv(auth.ENV_EMAIL, "env@x.com")
    assert auth.load(URL) is None
    assert auth.ENV_TOKEN in auth.missing_message()


def test_basic_auth_is_zendesk_email_slash_token(monkeypatch):
    import requests

    creds = auth.Credentials("ana@x.com", "tok")
    prepared = requests.Request("GET", URL, auth=creds.auth()).prepare()
    import base64

    assert base64.b64decode(prepared.headers["Authorization"].split()[1]) == b"ana@x.com/token:tok"


def test_service_name_is_per_host_and_port():
    assert auth.service_name("https://suporte.example.com/") == "collector-rm:suporte.example.com"
    assert auth.service_name("http://127.0.0.1:8080") == "collector-rm:127.0.0.1:8080"


class PlaintextKeyring(MemoryKeyring):
    """Stands for keyrings.alt's file backends: refused, whatever it would store."""


PlaintextKeyring.__module__ = "keyrings.alt.file"


def test_unsafe_and_empty_backends_are_refused():
    from keyring.backends import chainer, fail, null

    assert "arquivo sem proteção" in auth.keyring_refusal(PlaintextKeyring())
    assert auth.keyring_refusal(fail.Keyring()) and auth.keyring_refusal(null.Keyring())
    assert auth.keyring_refusal(MemoryKeyring()) is None
    assert auth.keyring_refusal(chainer.ChainerBackend()) is not None or True  # whatever the chain holds


def test_plaintext_backend_means_no_keyring(monkeypatch):
    previous = keyring.get_keyring()
    keyring.set_keyring(PlaintextKeyring())
    try:
        assert not auth.keyring_usable()
        assert auth.save(URL, "a@b.c", "t") is False
    finally:
        keyring.set_keyring(previous)


def test_oauth_sign_in_is_kept_as_one_entry_and_never_shown(memory):
    from collector.portal import oauth
    from collector.portal.profile import OAuthSettings

    settings = OAuthSettings("coletor-rm", ("read", "write"), ("http://127.0.0.1:47831/cb",))
    tokens = oauth.TokenSet("acc-secret", "ref-secret", 4_000_000_000.0, "read write")
    assert auth.save_oauth(URL, tokens, "coletor-rm", "ana@x.com")
    creds = auth.load(URL, settings)
    assert creds.kind == "oauth" and creds.email == "ana@x.com" and creds.tokens.access_token == "acc-secret"
    assert "secret" not in repr(creds) + repr(creds.tokens) + repr(creds.auth())
    other = OAuthSettings("outro-cliente", ("read",), ("http://127.0.0.1:1/cb",))
    assert auth.load_oauth(URL, other) is None  # made with another client id
    assert auth.forget(URL) and auth.load(URL, settings) is None


def test_tokens_saved_for_someone_else_make_the_sign_in_ask_who_it_is_again(memory):
    """Another process of this OS user refreshed (same person: nothing changes) or signed in again as
    someone else (``collector login``): the client's memory of who signed in is not reused then."""
    from collector.portal import oauth
    from collector.portal.client import PortalClient
    from collector.portal.profile import OAuthSettings

    settings = OAuthSettings("coletor-rm", ("read", "write"), ("http://127.0.0.1:47831/cb",))
    assert auth.save_oauth(URL, oauth.TokenSet("acc-1", "ref-1", 4_000_000_000.0), "coletor-rm", "ana@x.com")
    creds = auth.load(URL, settings)
    client = PortalClient(URL, creds)
    client.remember("me_id", 11)

    assert auth.save_oauth(URL, oauth.TokenSet("acc-2", "ref-2", 4_000_000_000.0), "coletor-rm", "ana@x.com")
    creds.refresh(failed="acc-1")  # takes the other process's pair: the same account
    assert (creds.tokens.access_token, creds.generation) == ("acc-2", 0)
    assert client.remembered("me_id", lambda: 99) == 11

    assert auth.save_oauth(URL, oauth.TokenSet("acc-3", "ref-3", 4_000_000_000.0), "coletor-rm", "bia@x.com")
    creds.refresh(failed="acc-2")
    assert (creds.tokens.access_token, creds.email, creds.generation) == ("acc-3", "bia@x.com", 1)
    assert client.remembered("me_id", lambda: 22) == 22  # asked again: Bia's id, not Ana's
    client.close()
