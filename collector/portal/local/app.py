"""The local portal's WSGI application (Flask): Zendesk's API subset plus a few HTML pages."""

from __future__ import annotations

from flask import Flask, g, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.exceptions import HTTPException

from collector.portal.local import (
    api_macros,
    api_oauth,
    api_requests,
    api_survey,
    api_uploads,
    api_users,
    help_center,
    pages,
)
from collector.portal.local.faults import FaultMiddleware
from collector.portal.local.tickets import RecordInvalid, UploadGone
from collector.portal.local.web import (
    BadJson,
    PortalState,
    authenticate,
    bad_request,
    error,
    record_invalid,
    state,
)


class _StripJsonSuffix:
    """Zendesk accepts ``/api/v2/requests.json`` as well as ``/api/v2/requests``."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith("/api/") and path.endswith(".json"):
            environ["PATH_INFO"] = path[: -len(".json")]
        return self.app(environ, start_response)


def create_app(portal_state: PortalState) -> Flask:
    """A Flask app over ``portal_state``; ``app.wsgi_app`` already plays the injected faults."""
    app = Flask(__name__)
    app.extensions["local_portal"] = portal_state
    assert isinstance(app.json, DefaultJSONProvider)
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    for blueprint in (api_requests.bp, api_uploads.bp, api_users.bp, api_oauth.bp, api_macros.bp, api_survey.bp,
                      help_center.bp, pages.bp):
        app.register_blueprint(blueprint)

    @app.before_request
    def _authenticate_and_limit():
        g.user = authenticate() if "Authorization" in request.headers else None
        user = g.user
        remaining, retry_after = state().limiter.hit(request.method, request.path,
                                                     user.id if user else None, request.remote_addr)
        g.rate_remaining = remaining
        if retry_after is not None:
            return error(429, {"error": "TooManyRequests",
                               "description": "Limite de requisições excedido; tente novamente."},
                         {"Retry-After": str(retry_after)})
        return None

    @app.after_request
    def _headers(response):
        st = state()
        remaining = st.faults.rate_limit_remaining
        if remaining is None:
            remaining = getattr(g, "rate_remaining", st.limiter.remaining())
        response.headers["X-Rate-Limit"] = str(st.limiter.limit)
        response.headers["X-Rate-Limit-Remaining"] = str(remaining)
        response.headers.setdefault("Cache-Control", "no-cache")
        return response

    @app.errorhandler(RecordInvalid)
    def _record_invalid(exc: RecordInvalid):
        return record_invalid(exc.description, exc.error, exc.field_key)

    @app.errorhandler(UploadGone)
    def _upload_gone(_exc: UploadGone):
        return error(404, {"error": "RecordNotFound", "description": "Not found"})

    @app.errorhandler(BadJson)
    def _bad_json(exc: BadJson):
        return bad_request(str(exc), "ParameterMissing")

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        if exc.code == 404:
            if request.path.startswith("/api/"):
                return error(404, {"error": "InvalidEndpoint", "description": "Not found"})
            return help_center.not_found_page()
        return error(exc.code or 500, {"error": exc.name, "description": exc.description})

    def _remaining() -> int:
        if portal_state.faults.rate_limit_remaining is not None:
            return portal_state.faults.rate_limit_remaining
        return portal_state.limiter.limit

    expire = portal_state.oauth.expire_access_tokens if portal_state.oauth is not None else None
    # Flask's documented way to wrap the WSGI app in middleware (flask.palletsprojects.com, "Application
    # Dispatching"/"Middleware"): the attribute is replaced on purpose
    wrapped = _StripJsonSuffix(FaultMiddleware(app.wsgi_app, portal_state.faults, _remaining, expire))
    app.wsgi_app = wrapped  # type: ignore[method-assign]
    return app
