"""collector.core.paths: a data folder that cannot be created is one clear line, not an OSError."""

from __future__ import annotations

import pytest

from collector.cli import main
from collector.core import paths
from collector.core.errors import CollectorError


def test_data_dir_is_created(tmp_path, monkeypatch):
    monkeypatch.setenv("COLLECTOR_HOME", str(tmp_path / "a" / "b"))
    assert paths.outbox_dir().is_dir() and paths.private_dir().is_dir()


@pytest.mark.parametrize("where", ["file", "under-a-file"])
def test_collector_home_on_a_file_is_a_clear_error(tmp_path, monkeypatch, capsys, where):
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    home = blocker if where == "file" else blocker / "sub"
    monkeypatch.setenv("COLLECTOR_HOME", str(home))
    with pytest.raises(CollectorError, match="pasta de dados do coletor"):
        paths.outbox_dir()
    assert main(["outbox", "list"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("collector: não foi possível criar a pasta de dados do coletor")
    assert "COLLECTOR_HOME" in err and "erro inesperado" not in err and len(err.splitlines()) == 1
