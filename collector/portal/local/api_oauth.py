"""The local portal's OAuth endpoints, shaped like Zendesk's (see ``oauth_store``):

- ``GET /oauth/authorizations/new?response_type=code&client_id&redirect_uri&scope&state&code_challenge&
  code_challenge_method=S256`` → the portal's sign-in page (e-mail + password);
- ``POST /oauth/authorizations/new`` (the sign-in form) → the consent page ("Permitir" / "Negar");
- ``POST /oauth/authorizations/consent`` → ``302`` to ``redirect_uri`` with ``code`` and ``state`` (or
  ``error=access_denied``);
- ``POST /oauth/tokens`` (form or JSON body) with ``grant_type`` ``authorization_code`` or
  ``refresh_token``;
- ``DELETE /api/v2/oauth/tokens/current`` revokes the token that authenticates the call.

An unknown client or a redirect URI that is not registered gets an error page, never a redirect
(RFC 6749 §4.1.2.1); the other mistakes go back to the client in the redirect.
"""

from __future__ import annotations

import html
from urllib.parse import urlencode

from flask import Blueprint, g, jsonify, redirect, request

from collector.portal.local.help_center import page
from collector.portal.local.oauth_store import OAuthFailure
from collector.portal.local.web import require, state

bp = Blueprint("oauth", __name__)

PARAMS = ("response_type", "client_id", "redirect_uri", "scope", "state", "code_challenge",
          "code_challenge_method")

SIGN_IN = """
<p>O aplicativo <strong>{client}</strong> quer acessar sua conta do portal.
Entre com o e-mail e a senha do portal.</p>
<form method="post" action="/oauth/authorizations/new">
{hidden}
<label>E-mail <input name="email" type="email" required autocomplete="username" value="{email}"></label>
<label>Senha <input name="password" type="password" required autocomplete="current-password"></label>
<button type="submit">Entrar</button>
</form>"""

CONSENT = """
<p>Olá, <strong>{user}</strong>. O aplicativo <strong>{client}</strong> pede permissão para:</p>
<ul>{scopes}</ul>
<form method="post" action="/oauth/authorizations/consent">
{hidden}
<input type="hidden" name="sign_in" value="{ticket}">
<button type="submit" name="decision" value="allow">Permitir</button>
<button type="submit" name="decision" value="deny">Negar</button>
</form>"""

SCOPE_TEXT = {"read": "ver seus chamados e seu perfil", "write": "abrir chamados e responder em seu nome"}


def _params(source) -> dict[str, str]:
    return {k: (source.get(k) or "").strip() for k in PARAMS}


def _hidden(params: dict[str, str]) -> str:
    return "\n".join(f'<input type="hidden" name="{k}" value="{html.escape(v, quote=True)}">'
                     for k, v in params.items())


def _back(params: dict[str, str], **query: str):
    """Redirect to the client's loopback address with the answer (``state`` always echoed)."""
    if params.get("state"):
        query["state"] = params["state"]
    separator = "&" if "?" in params["redirect_uri"] else "?"
    return redirect(params["redirect_uri"] + separator + urlencode(query), code=302)


def _check(params: dict[str, str]):
    """(client, scopes, None) when the request is good; else (None, None, the response to give)."""
    store = state().oauth
    assert store is not None  # the OAuth routes answer only on a portal that has OAuth
    client = store.client(params["client_id"])
    if client is None:
        return None, None, page("Cliente OAuth desconhecido",
                                "<p>Este aplicativo não está registrado no portal (client_id desconhecido).</p>",
                                400)
    if params["redirect_uri"] not in client.redirect_uris:
        return None, None, page("Endereço de retorno não permitido",
                                "<p>O endereço de retorno (redirect_uri) não está registrado para este "
                                "aplicativo.</p>", 400)
    if params["response_type"] != "code":
        return None, None, _back(params, error="unsupported_response_type")
    if not params["code_challenge"] or params["code_challenge_method"] != "S256":
        return None, None, _back(params, error="invalid_request",
                                 error_description="PKCE (code_challenge, S256) is required for public clients")
    scopes = params["scope"].split() or list(client.scopes)
    if not set(scopes) <= set(client.scopes):
        return None, None, _back(params, error="invalid_scope")
    return client, scopes, None


@bp.get("/oauth/authorizations/new")
def authorize():
    params = _params(request.args)
    client, _scopes, failure = _check(params)
    if failure is not None:
        return failure
    return page("Entrar no portal", SIGN_IN.format(client=html.escape(client.name), hidden=_hidden(params), email=""))


@bp.post("/oauth/authorizations/new")
def sign_in():
    params = _params(request.form)
    client, scopes, failure = _check(params)
    if failure is not None:
        return failure
    st = state()
    email = request.form.get("email", "").strip()
    user = st.accounts.authenticate_password(email, request.form.get("password", ""))
    if user is None:
        body = ('<p class="demo">E-mail ou senha incorretos.</p>'
                + SIGN_IN.format(client=html.escape(client.name), hidden=_hidden(params), email=html.escape(email)))
        return page("Entrar no portal", body, 401)
    ticket = st.oauth.remember_sign_in(user.id)
    items = "".join(f"<li>{html.escape(SCOPE_TEXT.get(s, s))}</li>" for s in scopes)
    return page("Autorizar o aplicativo", CONSENT.format(user=html.escape(user.name), client=html.escape(client.name),
                                                         scopes=items, hidden=_hidden(params), ticket=ticket))


@bp.post("/oauth/authorizations/consent")
def consent():
    params = _params(request.form)
    client, scopes, failure = _check(params)
    if failure is not None:
        return failure
    st = state()
    user_id = st.oauth.take_sign_in(request.form.get("sign_in", ""))
    if user_id is None:
        return page("Sessão expirada", "<p>A entrada expirou; volte ao aplicativo e tente de novo.</p>", 400)
    if request.form.get("decision") != "allow":
        return _back(params, error="access_denied")
    code = st.oauth.new_code(client, user_id, params["redirect_uri"], scopes, params["code_challenge"])
    return _back(params, code=code)


def _int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


@bp.post("/oauth/tokens")
def tokens():
    data = request.get_json(silent=True) if request.is_json else None
    data = data if isinstance(data, dict) else request.form
    store = state().oauth
    grant = data.get("grant_type")
    try:
        if grant == "authorization_code":
            token = store.exchange_code(data.get("client_id"), data.get("code"), data.get("redirect_uri") or "",
                                        data.get("code_verifier") or "", _int(data.get("expires_in")),
                                        _int(data.get("refresh_token_expires_in")))
        elif grant == "refresh_token":
            token = store.refresh(data.get("client_id"), data.get("refresh_token"), _int(data.get("expires_in")),
                                  _int(data.get("refresh_token_expires_in")))
        else:
            raise OAuthFailure("unsupported_grant_type", f"grant_type {grant!r} is not supported.")
    except OAuthFailure as exc:
        response = jsonify({"error": exc.error, "error_description": exc.description})
        response.status_code = exc.status
        response.headers["Cache-Control"] = "no-store"
        return response
    response = jsonify(token)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.delete("/api/v2/oauth/tokens/current")
@require()
def revoke_current():
    bearer = getattr(g, "bearer", None)
    if bearer:
        state().oauth.revoke_access(bearer)
    return "", 204
