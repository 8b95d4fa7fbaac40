import pytest

from collector.probes.pe_version import read_pe_version, release_of
from collector.probes.smallfile import FileProblem
from tests.fixtures.rm_install import make_pe


def test_fixed_file_info_read_back(tmp_path):
    found = read_pe_version(make_pe(tmp_path / "RM.Version.dll", "12.1.2406.145"))
    assert found.version == "12.1.2406.145"
    assert found.source == "VS_FIXEDFILEINFO"


def test_strings_when_fixed_info_is_zero(tmp_path):
    found = read_pe_version(make_pe(tmp_path / "RM.exe", None))
    assert found.source == "StringFileInfo"
    assert found.version == "1.1.0.14"  # the launcher's own version string


@pytest.mark.parametrize("content, message", [
    (b"not a PE at all", "não é um executável"),
    (b"MZ" + b"\0" * 10, "não é um executável"),
])
def test_not_a_pe(tmp_path, content, message):
    path = tmp_path / "RM.Version.dll"
    path.write_bytes(content)
    with pytest.raises(FileProblem, match=message):
        read_pe_version(path)


def test_truncated_pe(tmp_path):
    good = make_pe(tmp_path / "good.dll").read_bytes()
    path = tmp_path / "RM.Version.dll"
    path.write_bytes(good[:900])
    with pytest.raises(FileProblem):
        read_pe_version(path)


@pytest.mark.parametrize("version, release", [
    ("12.1.2406.145", "12.1.2406"), ("12.1.33.210", "12.1.33"), (None, None), ("garbage", None)])
def test_release(version, release):
    assert release_of(version) == release
