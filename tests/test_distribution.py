"""What a company installs: the licence, the generated third-party notices, the dependency lock and the
Windows installer script (SPEC §4.9, §8)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from importlib.metadata import PathDistribution
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import notices  # noqa: E402

LOCK = ROOT / "requirements" / "build.lock"


def test_the_project_is_gpl3_or_later():
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "GNU GENERAL PUBLIC LICENSE" in licence and "Version 3, 29 June 2007" in licence
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == {"text": "GPL-3.0-or-later"}


def test_the_committed_notices_are_the_generated_ones():
    committed = (ROOT / "THIRD_PARTY_LICENSES.md").read_text(encoding="utf-8")
    here = notices.environment_line()
    if here not in committed:  # another Python or OS resolves other versions from the same lock
        pytest.skip(f"THIRD_PARTY_LICENSES.md vem do ambiente de referência (CI), não de '{here}'")
    assert committed == notices.render(), \
        "THIRD_PARTY_LICENSES.md está desatualizado: rode .venv/bin/python tools/notices.py"


def test_the_notices_name_ffmpeg_its_gpl_codecs_qt_and_every_shipped_package_with_full_texts():
    text = notices.render()
    for component in ("FFmpeg", "x264", "x265", "libvpx", "Qt", "OpenSSL"):
        assert re.search(rf"^\| {re.escape(component)} \| [^|?]+ \|", text, re.M), component
    assert "https://ffmpeg.org/releases/ffmpeg-" in text
    for dist in notices.shipped_distributions():
        assert f"### {dist.metadata['Name']} {dist.version}\n" in text
        for _name, body in notices.licence_files(dist):
            assert body in text  # the full text, not a name
    for spdx in ("GPL-2.0", "GPL-3.0", "LGPL-2.1", "LGPL-3.0", "Apache-2.0"):
        assert (ROOT / "resources/licenses/texts" / f"{spdx}.txt").read_text(encoding="utf-8").rstrip() in text


def _fake_wheel(tmp_path: Path, lib: str) -> PathDistribution:
    """An installed package whose RECORD lists one native library."""
    site = tmp_path / "site"
    info = site / "mystery-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: mystery\nVersion: 1.0\nLicense: MIT\n")
    (site / "mystery.libs").mkdir()
    (site / "mystery.libs" / lib).write_bytes(b"\x7fELF")
    (info / "RECORD").write_text(f"mystery.libs/{lib},,\nmystery-1.0.dist-info/METADATA,,\n")
    return PathDistribution(info)


def test_an_unknown_native_library_in_a_wheel_stops_the_generator(tmp_path):
    with pytest.raises(SystemExit, match="libmystery-0a1b2c3d.so.4"):
        notices.native_libraries([_fake_wheel(tmp_path, "libmystery-0a1b2c3d.so.4")])
    found, _ = notices.native_libraries([_fake_wheel(tmp_path / "b", "libx265-f5385bb8.so.216")])
    assert [f.component.name for f in found] == ["x265"]


def test_compiled_code_of_a_package_nobody_reviewed_stops_the_generator(tmp_path):
    """A wheel's own extension may have a library linked in that its licence files do not name
    (python-hyperscan links Vectorscan, cffi libffi, dukpy Duktape): every package with compiled code
    must be declared in STATIC, with what it embeds."""
    with pytest.raises(SystemExit, match="STATIC.*mystery"):
        notices.native_libraries([_fake_wheel(tmp_path, "_speedups.cpython-311-x86_64-linux-gnu.so")])


def test_libraries_linked_into_extensions_have_their_notices():
    text = notices.render()
    for component, holder in (("Vectorscan", "Intel Corporation"), ("libffi", "Red Hat"),
                              ("Duktape", "Duktape authors")):
        assert re.search(rf"^\| {component} \| [^|?]+ \| [^|]+ \| linked into ", text, re.M), component
        section = text[text.index(f"### {component} "):]
        assert holder in section[:section.index("\n## ") if "\n## " in section else None], component
    assert "Redistributions in binary form must reproduce the above copyright" in text


def test_a_frozen_build_with_a_library_the_notice_does_not_name_fails_the_check(tmp_path):
    (tmp_path / "_internal").mkdir()
    (tmp_path / "_internal" / "libavcodec-5e6b81c2.so.62").write_bytes(b"\x7fELF")
    (tmp_path / "_internal" / "libsecret-1.so.0").write_bytes(b"\x7fELF")
    (tmp_path / "_internal" / "_ssl.cpython-311-x86_64-linux-gnu.so").write_bytes(b"\x7fELF")
    (tmp_path / "THIRD_PARTY_LICENSES.md").write_text("- Shipped in av: `libavcodec-5e6b81c2.so.62`\n")
    assert notices.check_bundle(tmp_path) == ["_internal/libsecret-1.so.0"]


def _lock() -> dict[str, tuple[str, str | None, str]]:
    """name -> (version, marker, the entry's text) of requirements/build.lock."""
    text = LOCK.read_text(encoding="utf-8")
    entries = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        head = block.split("\\")[0].strip()
        if not head or head.startswith("#"):
            continue
        req = Requirement(head)
        entries.setdefault(canonicalize_name(req.name), []).append((str(req.specifier), req.marker, block))
    return entries


def test_the_lock_pins_every_declared_dependency_with_hashes():
    entries = _lock()
    for versions in entries.values():
        for spec, _marker, block in versions:
            assert spec.startswith("==") and "--hash=sha256:" in block, block[:80]
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = project["dependencies"] + [r for extra in project["optional-dependencies"].values() for r in extra]
    env = default_environment()
    stale = []
    for line in declared:
        req = Requirement(line)
        if req.marker and not req.marker.evaluate(env | {"extra": ""}):
            continue
        pins = [spec[2:] for spec, marker, _ in entries.get(canonicalize_name(req.name), [])
                if marker is None or marker.evaluate(env | {"extra": ""})]
        if not pins or not all(req.specifier.contains(v, prereleases=True) for v in pins):
            stale.append(line)
    assert stale == [], f"requirements/build.lock não cobre {stale}: rode tools/update-lock"


def test_pyav_and_pyside6_have_an_upper_bound_before_their_next_major():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    bounds = {canonicalize_name(Requirement(r).name): Requirement(r).specifier for r in project["dependencies"]}
    for name in ("av", "pyside6-essentials"):
        assert any(s.operator == "<" for s in bounds[name]), name


@pytest.mark.parametrize("options", [[], ["-DWITH_TRAY", "-DPORTAL_PROFILE={profile}"]])
def test_the_windows_installer_script_compiles_with_a_stand_in_payload(tmp_path, options):
    makensis = shutil.which("makensis")
    if makensis is None:
        pytest.skip("makensis não instalado: apt-get install nsis (.ci/setup-system instala)")
    payload = tmp_path / "ColetorRM"
    (payload / "_internal").mkdir(parents=True)
    for exe in ("collector.exe", "ColetorRM.exe"):
        (payload / exe).write_bytes(b"MZ stand-in for " + exe.encode())
    (payload / "_internal" / "base_library.zip").write_bytes(b"PK")
    shutil.copy(ROOT / "LICENSE", payload / "LICENSE")
    (payload / "THIRD_PARTY_LICENSES.md").write_text("stand-in", encoding="utf-8")
    profile = tmp_path / "portal.json"
    profile.write_text('{"schema": "collector.portal/1"}', encoding="utf-8")
    out = tmp_path / "ColetorRM-0.1.0-win64.exe"
    proc = subprocess.run([makensis, "-V2", "-WX", f"-DPAYLOAD={payload}", "-DVERSION=0.1.0", f"-DOUTFILE={out}",
                           *(o.format(profile=profile) for o in options), str(ROOT / "installer" / "coletor-rm.nsi")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert out.read_bytes()[:2] == b"MZ"
