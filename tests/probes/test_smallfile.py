import pytest

from collector.probes import smallfile
from collector.probes.smallfile import FileProblem, read_bytes, read_text


def _raising(exc):
    def fake_open(*args, **kwargs):
        raise exc
    return fake_open


def test_permission_denied(tmp_path, monkeypatch):
    path = tmp_path / "Alias.dat"
    path.write_text("x")
    monkeypatch.setattr(smallfile, "open", _raising(PermissionError(13, "Permission denied")), raising=False)
    with pytest.raises(FileProblem, match="sem permissão"):
        read_bytes(path)


def test_locked_file_retries_then_reports_locked(tmp_path, monkeypatch):
    path = tmp_path / "RM.exe.config"
    path.write_text("x")
    calls = []
    err = PermissionError(13, "The process cannot access the file")
    err.winerror = 32  # ERROR_SHARING_VIOLATION, as Windows reports a file held open by RM

    def fake_open(*args, **kwargs):
        calls.append(args)
        raise err

    monkeypatch.setattr(smallfile, "open", fake_open, raising=False)
    monkeypatch.setattr(smallfile.time, "sleep", lambda s: None)
    with pytest.raises(FileProblem, match="locked"):
        read_bytes(path)
    assert len(calls) == 4  # three brief retries


def test_lock_released_during_retry(tmp_path, monkeypatch):
    path = tmp_path / "RM.exe.config"
    path.write_bytes(b"ok")
    real_open = open
    err = PermissionError(13, "locked")
    err.winerror = 32
    state = {"n": 0}

    def flaky(*args, **kwargs):
        state["n"] += 1
        if state["n"] == 1:
            raise err
        return real_open(*args, **kwargs)

    monkeypatch.setattr(smallfile, "open", flaky, raising=False)
    monkeypatch.setattr(smallfile.time, "sleep", lambda s: None)
    assert read_bytes(path) == b"ok"


def test_missing_and_directory(tmp_path):
    with pytest.raises(FileProblem, match="não encontrado"):
        read_bytes(tmp_path / "nope")
    with pytest.raises(FileProblem):
        read_bytes(tmp_path)


@pytest.mark.parametrize("raw, expected", [
    ("Produção".encode("cp1252"), "Produção"),
    (b"\xef\xbb\xbf" + "Produção".encode(), "Produção"),
    ("Produção".encode("utf-16"), "Produção"),
    ("Produção".encode(), "Produção"),
    (b"caf\x81", "caf\ufffd"),  # a byte cp1252 leaves undefined: replaced, not a crash
])
def test_encodings(tmp_path, raw, expected):
    path = tmp_path / "f.config"
    path.write_bytes(raw)
    assert read_text(path) == expected
