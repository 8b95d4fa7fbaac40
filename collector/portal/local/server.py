"""``LocalPortal``: the local portal served by waitress on a thread, with its rules scheduler."""

from __future__ import annotations

import json
import logging
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from waitress.channel import ClientDisconnected, HTTPChannel
from waitress.parser import HTTPRequestParser

from collector.portal import profile as portal_profile
from collector.portal.local import accounts as accounts_mod
from collector.portal.local import rules
from collector.portal.local.api_uploads import sweep_expired_uploads
from collector.portal.local.app import create_app
from collector.portal.local.db import Database
from collector.portal.local.faults import Faults, take_drop
from collector.portal.local.oauth_store import ACCESS_TTL, REFRESH_TTL, OAuthStore
from collector.portal.local.web import PortalState, RateLimits

log = logging.getLogger(__name__)

DB_FILE = "portal.sqlite3"
PROFILE_FILE = Path(__file__).with_name("profile.json")
DEFAULT_CLIENT_NAME = "Coletor de Diagnóstico RM"


def _channel_class(faults: Faults) -> type[HTTPChannel]:
    """A waitress channel that can reset the connection in the middle of a request body, or instead of
    writing a response that was already produced (``Faults.commit_then_drop``)."""

    class Parser(HTTPRequestParser):
        reset_at: int | None = None
        aborted = False

        def received(self, data):
            if self.body_rcv is not None and self.reset_at is None and not self.aborted:
                armed = faults.take(("reset",), self.command, self.path)
                self.reset_at = armed.nbytes if armed else -1
            if self.reset_at is not None and self.reset_at >= 0 and not self.completed:
                room = self.reset_at - self.body_bytes_received
                if len(data) >= room:
                    if room > 0:
                        super().received(data[:room])
                    self.aborted = True
                    return len(data)
            return super().received(data)

    class Channel(HTTPChannel):
        parser_class = Parser

        def write_soon(self, data):
            if take_drop():
                try:
                    self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                except OSError:
                    pass
                self.server.trigger.pull_trigger(self.handle_close)  # closed by the loop: a TCP RST
                raise ClientDisconnected("response dropped by an injected fault")
            return super().write_soon(data)

        def received(self, data):
            result = super().received(data)
            current = self.request
            if current is not None and getattr(current, "aborted", False):
                try:
                    self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                except OSError:
                    pass
                self.request = None
                current.close()  # frees the half-received body buffer
                self.handle_close()
                return False
            return result

    return Channel


class LocalPortal:
    """The local portal over ``data_dir`` (SQLite + files). ``clock`` is injectable for the rules;
    ``access_token_ttl`` / ``refresh_token_ttl`` (seconds) make OAuth tokens expire sooner in tests."""

    def __init__(self, data_dir: Path, clock: Callable[[], datetime] | None = None, *,
                 rules_interval: float = 60.0, rate_limit: int = 700, threads: int = 8,
                 access_token_ttl: int = ACCESS_TTL, refresh_token_ttl: int = REFRESH_TTL,
                 rate_clock: Callable[[], float] | None = None, csat: str = "legacy"):
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.files_dir = self.data_dir / "files"
        self.files_dir.mkdir(exist_ok=True)
        self.db = Database(self.data_dir / DB_FILE, clock)
        self.users = accounts_mod.Accounts(self.db)
        self.accounts_file: Path | None = accounts_mod.bootstrap(self.users, self.data_dir)
        self.faults = Faults()
        self.oauth = OAuthStore(self.db, access_ttl=access_token_ttl, refresh_ttl=refresh_token_ttl)
        self._register_default_client()
        self.state = PortalState(self.db, self.users, self.files_dir, self.faults,
                                 RateLimits(rate_limit, clock=rate_clock or time.monotonic), oauth=self.oauth,
                                 csat=csat)
        self.rules_interval = rules_interval
        self.threads = threads
        self._server = None
        self._thread: threading.Thread | None = None
        self._scheduler: threading.Thread | None = None
        self._stop = threading.Event()
        self.url: str | None = None

    # -- the application --------------------------------------------------------------------

    def create_app(self):
        """The WSGI app (Flask) over this portal's state, with fault injection (no server)."""
        return create_app(self.state)

    @property
    def accounts(self) -> dict[str, dict[str, str]]:
        """role -> {"email", "name", "token"} of the first-start accounts (``accounts.json``)."""
        return accounts_mod.read_accounts_file(self.data_dir)

    @property
    def accounts_path(self) -> Path:
        return self.data_dir / accounts_mod.ACCOUNTS_FILE

    def add_user(self, email: str, role: str, name: str | None = None,
                 password: str | None = None) -> tuple[accounts_mod.User, str]:
        """Adds an account; returns it with a new API token (shown once, stored hashed)."""
        user = self.users.create_user(email, role, name=name, password=password)
        _, token = self.users.new_token(user.id, "collector portal user add")
        return user, token

    def profile(self):
        """The portal profile the collector uses with this portal (its form, fields and OAuth client),
        with the address it is being served on."""
        loaded = replace(portal_profile.read(PROFILE_FILE, "portal local"), csat=self.state.csat)
        return loaded.with_url(self.url) if self.url else loaded

    def _register_default_client(self) -> None:
        """The public OAuth client of the shipped local profile, registered on first start."""
        spec = json.loads(PROFILE_FILE.read_text(encoding="utf-8"))["oauth"]
        if self.oauth.client(spec["client_id"]) is None:
            self.oauth.add_client(spec["client_id"], DEFAULT_CLIENT_NAME, spec["redirect_uris"],
                                  tuple(spec["scopes"]))

    # -- rules ------------------------------------------------------------------------------

    def run_rules(self, now: datetime | None = None) -> list[rules.Transition]:
        """Applies the guide's automatic rules once, at ``now`` (default: the portal's clock)."""
        moment = now or self.db.now()
        moves = rules.run_rules(self.db, moment)
        sweep_expired_uploads(self.db, self.files_dir, moment)
        return moves

    def expire_uploads(self) -> int:
        """Makes every unattached upload token expired now (fault injection for tests)."""
        with self.db.tx() as conn:
            return conn.execute("UPDATE uploads SET expires_at = created_at WHERE comment_id IS NULL").rowcount

    def _schedule(self) -> None:
        while not self._stop.wait(self.rules_interval):
            try:
                moves = self.run_rules()
                if moves:
                    log.info("regras automáticas: %s", moves)
            except Exception:  # the scheduler must survive a bad tick
                log.exception("falha ao aplicar as regras automáticas")

    # -- serving ----------------------------------------------------------------------------

    def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serves on a daemon thread; returns the base URL (``port=0``: an ephemeral port)."""
        if self._server is not None:
            return self.url
        from waitress import create_server

        server = create_server(self.create_app(), host=host, port=port, threads=self.threads,
                               ident="collector-local-portal", clear_untrusted_proxy_headers=True,
                               max_request_body_size=8 * 1024**3, channel_timeout=120)
        server.channel_class = _channel_class(self.faults)
        self._server = server
        bound_host = server.effective_host
        display_host = f"[{bound_host}]" if ":" in str(bound_host) else bound_host
        self.url = f"http://{display_host}:{server.effective_port}"
        self._stop.clear()
        self._thread = threading.Thread(target=server.run, name="local-portal-http", daemon=True)
        self._thread.start()
        self._scheduler = threading.Thread(target=self._schedule, name="local-portal-rules", daemon=True)
        self._scheduler.start()
        return self.url

    def serve_forever(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Starts and blocks until interrupted (Ctrl+C)."""
        self.start(host, port)
        thread = self._thread
        assert thread is not None  # start() made it
        try:
            while thread.is_alive():
                thread.join(0.5)
        finally:
            self.stop()

    def stop(self) -> None:
        self._stop.set()
        server, self._server = self._server, None
        if server is not None:
            from waitress import wasyncore

            done = threading.Event()

            def close_everything():
                wasyncore.close_all(server._map)
                done.set()

            try:
                server.trigger.pull_trigger(close_everything)
            except OSError:
                wasyncore.close_all(server._map)
            done.wait(5)
            if self._thread is not None:
                self._thread.join(5)
            server.task_dispatcher.shutdown(timeout=5)
        if self._scheduler is not None:
            self._scheduler.join(5)
        self.url = None

    def close(self) -> None:
        self.stop()
        self.db.close()

    def __enter__(self) -> LocalPortal:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
