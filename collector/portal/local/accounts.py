"""Local portal users: roles, API tokens, passwords and the first-start ``accounts.json``."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from collector.portal.local.db import Database, inserted_id

ROLES = ("end-user", "agent", "admin")
ACCOUNTS_FILE = "accounts.json"
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD_LENGTH = 12

# The three accounts a fresh data folder starts with.
BOOTSTRAP = (
    ("admin", "admin@portal.local", "Administrador do Portal"),
    ("agent", "analista@portal.local", "Analista de Suporte"),
    ("end-user", "cliente@portal.local", "Cliente Demonstração"),
)


@dataclass(frozen=True)
class User:
    id: int
    name: str
    email: str
    role: str
    active: bool
    created_at: str
    updated_at: str

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> User:
        return cls(row["id"], row["name"], row["email"], row["role"], bool(row["active"]),
                   row["created_at"], row["updated_at"])

    @property
    def is_agent(self) -> bool:
        return self.role in ("agent", "admin")


class AccountError(ValueError):
    """Invalid account data; ``field`` names the offending field."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def password_problems(password: str) -> list[str]:
    """What the strong-password rule finds wrong (empty when the password is acceptable)."""
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(f"pelo menos {MIN_PASSWORD_LENGTH} caracteres")
    if not re.search(r"[A-Z]", password):
        problems.append("uma letra maiúscula")
    if not re.search(r"[a-z]", password):
        problems.append("uma letra minúscula")
    if not re.search(r"\d", password):
        problems.append("um número")
    if not re.search(r"[^A-Za-z0-9]", password):
        problems.append("um símbolo")
    return problems


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)
    return f"scrypt${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str | None) -> bool:
    if not stored or not stored.startswith("scrypt$"):
        return False
    _, salt_hex, digest_hex = stored.split("$")
    digest = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt_hex), n=2**14, r=8, p=1)
    return hmac.compare_digest(digest.hex(), digest_hex)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Accounts:
    """Users and their credentials, stored in the portal database."""

    def __init__(self, db: Database):
        self.db = db

    def create_user(self, email: str, role: str, name: str | None = None,
                    password: str | None = None) -> User:
        email = (email or "").strip()
        if not EMAIL_RE.match(email):
            raise AccountError("email", f"E-mail inválido: {email!r}.")
        if role not in ROLES:
            raise AccountError("role", f"Papel inválido: {role!r} (use {', '.join(ROLES)}).")
        if password is not None:
            problems = password_problems(password)
            if problems:
                raise AccountError("password", "A senha precisa ter " + ", ".join(problems) + ".")
        now = self.db.now_iso()
        with self.db.tx() as conn:
            if conn.execute("SELECT 1 FROM users WHERE email = ?", (email,)).fetchone():
                raise AccountError("email", f"Já existe um usuário com o e-mail {email}.")
            cur = conn.execute(
                "INSERT INTO users (name, email, role, password_hash, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (name or email.split("@")[0], email, role,
                 hash_password(password) if password is not None else None, now, now))
            row = conn.execute("SELECT * FROM users WHERE id = ?", (inserted_id(cur),)).fetchone()
        return User.from_row(row)

    def set_password(self, user_id: int, password: str) -> None:
        problems = password_problems(password)
        if problems:
            raise AccountError("password", "A senha precisa ter " + ", ".join(problems) + ".")
        with self.db.tx() as conn:
            conn.execute("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?",
                         (hash_password(password), self.db.now_iso(), user_id))

    def new_token(self, user_id: int, description: str = "") -> tuple[int, str]:
        """A fresh API token for the user: (token id, token). Only its hash is stored."""
        token = secrets.token_urlsafe(30)
        with self.db.tx() as conn:
            cur = conn.execute(
                "INSERT INTO api_tokens (user_id, token_hash, description, created_at) VALUES (?, ?, ?, ?)",
                (user_id, _token_hash(token), description, self.db.now_iso()))
        return inserted_id(cur), token

    def get(self, user_id: int) -> User | None:
        with self.db.tx() as conn:
            row = conn.execute("SELECT * FROM users WHERE id = ?", (user_id,)).fetchone()
        return User.from_row(row) if row else None

    def by_email(self, email: str) -> User | None:
        with self.db.tx() as conn:
            row = conn.execute("SELECT * FROM users WHERE email = ?", (email,)).fetchone()
        return User.from_row(row) if row else None

    def count(self) -> int:
        with self.db.tx() as conn:
            return conn.execute("SELECT COUNT(*) FROM users").fetchone()[0]

    def authenticate_token(self, email: str | None, token: str) -> User | None:
        """The active user owning ``token`` (and matching ``email`` when given)."""
        with self.db.tx() as conn:
            row = conn.execute(
                "SELECT users.* FROM api_tokens JOIN users ON users.id = api_tokens.user_id"
                " WHERE api_tokens.token_hash = ? AND users.active = 1", (_token_hash(token),)).fetchone()
        if row is None or (email is not None and row["email"].lower() != email.lower()):
            return None
        return User.from_row(row)

    def authenticate_password(self, email: str, password: str) -> User | None:
        with self.db.tx() as conn:
            row = conn.execute("SELECT * FROM users WHERE email = ? AND active = 1", (email,)).fetchone()
        if row is None or not check_password(password, row["password_hash"]):
            return None
        return User.from_row(row)


def new_password() -> str:
    """A random password that passes the strong-password rule (for the first-start accounts)."""
    while True:
        candidate = f"Rm-{secrets.token_urlsafe(9)}-7a!"
        if not password_problems(candidate):
            return candidate


def bootstrap(accounts: Accounts, data_dir: Path) -> Path | None:
    """On an empty database: create admin, agent and end user, each with an API token and a password
    (the OAuth sign-in page asks for it), and write ``accounts.json`` (owner-only).

    Returns the file written, or None when the portal already had users.
    """
    if accounts.count():
        return None
    entries = {}
    for role, email, name in BOOTSTRAP:
        password = new_password()
        user = accounts.create_user(email, role, name=name, password=password)
        _, token = accounts.new_token(user.id, "criado na primeira inicialização")
        entries[role] = {"email": email, "name": name, "token": token, "password": password}
    return write_accounts_file(data_dir, entries)


def write_accounts_file(data_dir: Path, entries: dict) -> Path:
    path = data_dir / ACCOUNTS_FILE
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(entries, fh, ensure_ascii=False, indent=2)
    os.chmod(path, 0o600)
    return path


def read_accounts_file(data_dir: Path) -> dict[str, dict[str, str]]:
    """role -> {"email", "name", "token", "password"} from ``accounts.json`` ({} when absent)."""
    path = data_dir / ACCOUNTS_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
