"""A keyring backend for tests that must share a keyring between processes (``collector login``
then ``collector submit``): a JSON file named by ``COLLECTOR_TEST_KEYRING``. Never used outside the
tests; selected with ``PYTHON_KEYRING_BACKEND=tests.portal.file_keyring.FileKeyring``."""

from __future__ import annotations

import json
import os
from pathlib import Path

import keyring.backend
import keyring.errors


class FileKeyring(keyring.backend.KeyringBackend):
    priority = 1

    @property
    def _path(self) -> Path:
        return Path(os.environ["COLLECTOR_TEST_KEYRING"])

    def _load(self) -> dict:
        try:
            return json.loads(self._path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}

    def get_password(self, service, username):
        return self._load().get(f"{service}|{username}")

    def set_password(self, service, username, password):
        data = self._load()
        data[f"{service}|{username}"] = password
        self._path.write_text(json.dumps(data), encoding="utf-8")

    def delete_password(self, service, username):
        data = self._load()
        if data.pop(f"{service}|{username}", None) is None:
            raise keyring.errors.PasswordDeleteError(username)
        self._path.write_text(json.dumps(data), encoding="utf-8")
