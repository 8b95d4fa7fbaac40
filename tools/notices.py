"""Writes THIRD_PARTY_LICENSES.md from the build environment: one command, never by hand.

    .venv/bin/python tools/notices.py            # rewrite THIRD_PARTY_LICENSES.md
    .venv/bin/python tools/notices.py --check    # exit 1 when the committed file is stale (CI)
    .venv/bin/python tools/notices.py --check-bundle dist/ColetorRM   # every shipped library is named

What it lists (SPEC §4.9): every Python package the app ships (the closure of pyproject.toml's
dependencies, plus PyInstaller whose bootloader is in the executables) with the full text of every
licence file in its wheel; the native libraries inside those wheels (FFmpeg and its codecs in PyAV's,
Qt in PySide6's, OpenBLAS in NumPy's, OpenSSL linked into cryptography...), found by inspecting the
installed files and asking each library its version (``av_version_info()``, ``vpx_codec_version_str()``,
the version string compiled into the binary...), with where to get their source at that version; then
the full licence texts. A native library the tables below do not know stops the generator: a new one
must be identified before it ships.

A frozen build copies libraries from the build machine too (on Linux: libpython's and Qt's system
dependencies). ``--bundle-notice`` (used by collector.spec) appends those, with the Debian package
each comes from and its copyright file, to the copy shipped in the build.
"""

from __future__ import annotations

import argparse
import ctypes
import importlib.metadata as md
import platform
import re
import subprocess
import sys
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "THIRD_PARTY_LICENSES.md"
TEXTS = ROOT / "resources" / "licenses"
SHIPPED_TOOLS = ["pyinstaller"]  # its bootloader is the executables' first code (not its own dependencies)
FENCE = "````"


# ---- asking a native library its version -----------------------------------------------------------

def _c_string(func: str, *args) -> Callable[[Path], str | None]:
    def probe(path: Path) -> str | None:
        fn = getattr(ctypes.CDLL(str(path)), func)
        fn.restype = ctypes.c_char_p
        return fn(*args).decode()
    return probe


def _c_variable(name: str) -> Callable[[Path], str | None]:
    return lambda path: ctypes.c_char_p.in_dll(ctypes.CDLL(str(path)), name).value.decode()


def _binary(pattern: bytes) -> Callable[[Path], str | None]:
    """The first group of ``pattern`` in the file's bytes (a version string compiled in)."""
    def probe(path: Path) -> str | None:
        found = re.search(pattern, path.read_bytes())
        return found.group(1).decode() if found else None
    return probe


def _file_name(pattern: str, label: str = "{}") -> Callable[[Path], str | None]:
    """A version read from the file name (its SONAME): the library has no way to tell its release."""
    def probe(path: Path) -> str | None:
        found = re.search(pattern, path.name)
        return label.format(next(g for g in found.groups() if g)) if found else None
    return probe


def _nettle(path: Path) -> str:
    lib = ctypes.CDLL(str(path))
    return f"{lib.nettle_version_major()}.{lib.nettle_version_minor()}"


def _unistring(path: Path) -> str:
    value = ctypes.c_int.in_dll(ctypes.CDLL(str(path)), "_libunistring_version").value
    return f"{value >> 16}.{(value >> 8) & 0xFF}.{value & 0xFF}"


def _webp(path: Path) -> str:
    value = ctypes.CDLL(str(path)).WebPGetEncoderVersion()
    return f"{value >> 16}.{(value >> 8) & 0xFF}.{value & 0xFF}"


def _qt(_path: Path) -> str:
    return md.version("PySide6-Essentials")  # Qt for Python is versioned as the Qt it bundles


@dataclass(frozen=True)
class Native:
    """A native library found inside a wheel."""

    name: str
    files: str  # regex on the file name (Linux .so, Windows .dll)
    licence: str  # SPDX expression
    source: str  # where the source is, {v} = version
    version: Callable[[Path], str | None] | None = None
    probe_file: str = ""  # regex: which of the matching files to ask (default: the first)
    notices: str = ""  # resources/licenses/projects/<notices>.txt: copyright and licence notices
    note: str = ""
    folder: str = ""  # regex on the file's path in the package: everything under it belongs here

    def owns(self, item: str) -> bool:
        return bool(re.search(self.files, Path(item).name) or (self.folder and re.search(self.folder, item)))


GNU = "https://ftp.gnu.org/gnu"
NATIVE = [
    Native("FFmpeg", r"^(lib)?(avcodec|avformat|avutil|avdevice|avfilter|swscale|swresample|postproc)\b",
           "LGPL-3.0-or-later as configured (avcodec_license()); linked with x264 and x265 (GPL-2.0-or-later)",
           "https://ffmpeg.org/releases/ffmpeg-{v}.tar.xz", _c_string("av_version_info"), r"avutil", "ffmpeg",
           "Built for PyAV by https://github.com/PyAV-Org/pyav-ffmpeg (the recipe names every library's version)."),
    Native("x264", r"^(lib)?x264\b", "GPL-2.0-or-later", "https://code.videolan.org/videolan/x264 (stable branch, "
           "X264_BUILD {v})", _file_name(r"\.so\.(\d+)$|x264-(\d+)[^/]*\.dll$"), notices="x264"),
    Native("x265", r"^(lib)?x265\b", "GPL-2.0-or-later", "https://bitbucket.org/multicoreware/x265_git/src/{v}/",
           _c_variable("x265_version_str"), notices="x265"),
    Native("libvpx", r"^(lib)?vpx\b", "BSD-3-Clause", "https://chromium.googlesource.com/webm/libvpx/+/refs/tags/{v}",
           _c_string("vpx_codec_version_str"), notices="libvpx"),
    Native("dav1d", r"^(lib)?dav1d\b", "BSD-2-Clause", "https://code.videolan.org/videolan/dav1d/-/tags/{v}",
           _c_string("dav1d_version"), notices="dav1d"),
    Native("SVT-AV1", r"^(lib)?SvtAv1Enc\b", "BSD-3-Clause-Clear AND LicenseRef-AOM-Patent-License-1.0",
           "https://gitlab.com/AOMediaCodec/SVT-AV1/-/tags/{v}", _c_string("svt_av1_get_version"), notices="svt-av1"),
    Native("Opus", r"^(lib)?opus\b", "BSD-3-Clause", "https://downloads.xiph.org/releases/opus/opus-{v}.tar.gz",
           lambda p: _c_string("opus_get_version_string")(p).removeprefix("libopus "), notices="opus"),
    Native("LAME", r"^(lib)?mp3lame\b", "LGPL-2.0-or-later", "https://sourceforge.net/projects/lame/files/lame/{v}/",
           _c_string("get_lame_version"), notices="lame"),
    Native("opencore-amr", r"^(lib)?opencore-amr(nb|wb)\b", "Apache-2.0",
           "https://sourceforge.net/projects/opencore-amr/files/opencore-amr/ (library {v})",
           _file_name(r"\.so\.(\d+\.\d+\.\d+)$", "so.{}"), notices="opencore-amr"),
    Native("libwebp", r"^(lib)?(webp|webpmux|webpdemux|sharpyuv)\b", "BSD-3-Clause",
           "https://storage.googleapis.com/downloads.webmproject.org/releases/webp/libwebp-{v}.tar.gz", _webp,
           r"^(lib)?webp[-.]", "libwebp"),
    Native("GnuTLS", r"^(lib)?gnutls\b", "LGPL-2.1-or-later",
           "https://www.gnupg.org/ftp/gcrypt/gnutls/ (gnutls-{v}.tar.xz)", _c_string("gnutls_check_version", None),
           notices="gnutls"),
    Native("Nettle", r"^(lib)?(nettle|hogweed)\b", "LGPL-3.0-or-later OR GPL-2.0-or-later",
           GNU + "/nettle/nettle-{v}.tar.gz", _nettle, r"nettle", "nettle"),
    Native("GMP", r"^(lib)?gmp\b", "LGPL-3.0-or-later OR GPL-2.0-or-later", "https://gmplib.org/download/gmp/gmp-{v}.tar.xz",
           _c_variable("__gmp_version"), notices="gmp"),
    Native("libunistring", r"^(lib)?unistring\b", "LGPL-3.0-or-later OR GPL-2.0-or-later",
           GNU + "/libunistring/libunistring-{v}.tar.gz", _unistring, notices="libunistring"),
    Native("alsa-lib", r"^(lib)?asound\b", "LGPL-2.1-or-later",
           "https://www.alsa-project.org/files/pub/lib/alsa-lib-{v}.tar.bz2", _c_string("snd_asoundlib_version"),
           notices="alsa-lib"),
    Native("libvpl", r"^(lib)?vpl\b", "MIT", "https://github.com/intel/libvpl (API {v})",
           _file_name(r"\.so\.(\d+\.\d+)$", "API {}"), notices="libvpl"),
    Native("libdrm", r"^(lib)?drm\b", "MIT", "https://dri.freedesktop.org/libdrm/ (libdrm {v})",
           _file_name(r"\.so\.(\d+\.\d+\.\d+)$", "so.{}"), notices="libdrm"),
    Native("libxcb", r"^(lib)?xcb(-[a-z]+)?\b", "MIT", "https://xorg.freedesktop.org/archive/individual/lib/ "
           "(libxcb {v})", _file_name(r"\.so\.(\d+)", "so.{}"), r"^libxcb-[0-9a-f]{8}\.", "libxcb"),
    Native("libXau", r"^(lib)?Xau\b", "MIT", "https://xorg.freedesktop.org/archive/individual/lib/ (libXau {v})",
           _file_name(r"\.so\.(\d+)", "so.{}"), notices="libxau"),
    Native("Qt", r"^(lib)?Qt6", "LGPL-3.0-only",
           "https://download.qt.io/official_releases/qt/ (qt-everywhere-src-{v}.tar.xz)", _qt, notices="qtbase",
           note="Qt for Python (PySide6) bundles Qt; its plugins are in PySide6/Qt/plugins.",
           folder=r"PySide6/(Qt/)?(plugins|qml)/"),
    Native("ICU", r"^(lib)?icu(data|i18n|uc)\b", "Unicode-3.0", "https://github.com/unicode-org/icu/releases "
           "(release {v})", _file_name(r"\.so\.(\d+)"), notices="icu"),
    Native("OpenBLAS", r"^(lib)?scipy_openblas", "BSD-3-Clause", "https://github.com/OpenMathLib/OpenBLAS/releases "
           "(v{v})", _binary(rb"OpenBLAS (\d+\.\d+\.\d+)"), note="Its notice is in NumPy's LICENSE.txt below."),
    Native("GCC runtime (libgfortran, libquadmath)", r"^(lib)?(gfortran|quadmath|gcc_s)\b",
           "GPL-3.0-or-later WITH GCC-exception-3.1 (libquadmath: LGPL-2.1-or-later)",
           "https://gcc.gnu.org/releases.html (libgfortran {v}: GCC 8 or later)",
           _file_name(r"\.so\.(\d+)", "so.{}"), r"gfortran",
           note="Its notice is in NumPy's LICENSE.txt below."),
    Native("OpenSSL", r"^(lib)?(ssl|crypto)-\d", "Apache-2.0", "https://github.com/openssl/openssl/releases/tag/"
           "openssl-{v}", _binary(rb"OpenSSL (\d+\.\d+\.\d+[a-z]?) "), notices="openssl"),
    Native("Vectorscan", r"^(lib)?hs(_runtime)?\b", "BSD-3-Clause AND BSD-2-Clause AND BSL-1.0",
           "https://github.com/VectorCamp/vectorscan/releases/tag/vectorscan/{v}",
           _binary(rb"(\d+\.\d+\.\d+) \d{4}-\d{2}-\d{2}\x00"), notices="vectorscan",
           note="Intel's Hyperscan as forked by VectorCamp; python-hyperscan links it into its extension."),
    Native("libffi", r"^(lib)?ffi\b", "MIT", "https://github.com/libffi/libffi/releases (the release "
           "the package's build vendors)", notices="libffi", note="cffi links it into its _cffi_backend extension."),
    Native("Duktape", r"^(lib)?duktape\b", "MIT", "https://duktape.org/download.html (the release the package "
           "vendors)", notices="duktape", note="dukpy compiles it into its _dukpy extension."),
]
#: the package's own compiled code, covered by its licence
OWN_CODE = re.compile(r"\.(cpython-\d+[^.]*|abi3|cp\d+[^.]*)\.(so|pyd)$|\.pyd$|^(lib)?(shiboken6|pyside6\w*)\.abi3\.so|"
                      r"^(lib)?(shiboken6|pyside6\w*)(\.abi3)?\.dll$|^libPySidePlugin\.so$")
#: what each package's own compiled code has linked into it (a wheel's licence files name only the
#: package's own licence): package -> [(file regex, NATIVE component)]; the version comes from the binary
#: when the component's probe finds it there, else it is the package's own. Every package that ships
#: compiled code must be listed (with nothing when it links nothing third-party in): a new one stops the
#: generator, like an unknown native library, until someone has looked at what it embeds.
STATIC: dict[str, list[tuple[str, str]]] = {
    "av": [],  # FFmpeg and its codecs are separate libraries in av.libs (NATIVE)
    "cffi": [(r"^_cffi_backend\.", "libffi")],
    "charset-normalizer": [],  # its own code compiled by mypyc
    "cryptography": [(r"^_rust\.", "OpenSSL")],
    "dukpy": [(r"^_dukpy\.", "Duktape")],
    "hyperscan": [(r"^_hs_ext\.", "Vectorscan")],
    "markupsafe": [],
    "numpy": [],  # OpenBLAS and the GCC runtime are separate libraries (NATIVE)
    "oracledb": [],  # thin mode in Cython; thick mode loads an Oracle Client the user installed
    "psutil": [],
    "pyodbc": [],  # the ODBC driver manager is the system's (copied by a frozen build: --bundle-notice)
    "pyside6-essentials": [],  # Qt is separate libraries (NATIVE)
    "shiboken6": [],
}
NATIVE_SUFFIX = re.compile(r"\.(so(\.[\d.]+)?|dll|pyd|dylib)$")


# ---- the packages -----------------------------------------------------------------------------------

def _environment() -> dict[str, str]:
    env = default_environment()
    env["extra"] = ""
    return env


def shipped_distributions() -> list[md.Distribution]:
    """The closure of the app's dependencies in this environment, plus the build tools that ship."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    env = _environment()
    todo = [Requirement(r) for r in project["dependencies"]] + [Requirement(r) for r in SHIPPED_TOOLS]
    seen: dict[str, md.Distribution] = {}
    while todo:
        req = todo.pop()
        if req.marker and not req.marker.evaluate(env):
            continue
        key = canonicalize_name(req.name)
        if key in seen:
            continue
        try:
            dist = md.distribution(req.name)
        except md.PackageNotFoundError as exc:
            raise SystemExit(f"notices: {req.name} não está instalado: pip install -e '.[dist]'") from exc
        seen[key] = dist
        if key in SHIPPED_TOOLS:
            continue
        for sub in dist.requires or []:
            parsed = Requirement(sub)
            if not parsed.marker or parsed.marker.evaluate(env):  # extras are never wanted here
                todo.append(parsed)
    return sorted(seen.values(), key=lambda d: canonicalize_name(d.metadata["Name"]))


def licence_of(dist: md.Distribution) -> str:
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return expression
    text = (meta.get("License") or "").strip()
    if text and "\n" not in text and len(text) < 80:
        return text
    classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    return ", ".join(classifiers) or "see the licence files below"


def licence_files(dist: md.Distribution) -> list[tuple[str, str]]:
    """(name, text) of every licence/notice file in the package's metadata folder."""
    found = []
    for item in dist.files or []:
        parts = Path(str(item)).parts
        if not parts[0].endswith(".dist-info") or item.suffix in (".py", ".pyc"):
            continue
        name = Path(str(item)).name.upper()
        if "licenses" in parts or name.startswith(("LICEN", "COPYING", "NOTICE", "AUTHORS", "THIRD_PARTY")):
            path = Path(str(dist.locate_file(item)))
            if path.is_file():
                found.append(("/".join(parts[1:]), path.read_text(encoding="utf-8", errors="replace").strip()))
    return sorted(set(found))


@dataclass
class Found:
    component: Native
    package: str
    files: list[str] = field(default_factory=list)
    version: str | None = None


def native_libraries(dists: list[md.Distribution]) -> tuple[list[Found], list[tuple[str, str, str]]]:
    """The native libraries in the packages' files, grouped by component, and the statically linked ones
    as (component, version, package file)."""
    found: dict[str, Found] = {}
    embedded = []
    unknown = []
    unreviewed = []
    for dist in dists:
        pkg = dist.metadata["Name"]
        for item in dist.files or []:
            name = Path(str(item)).name
            if not NATIVE_SUFFIX.search(name):
                continue
            path = Path(str(dist.locate_file(item)))
            if OWN_CODE.search(name):
                linked = STATIC.get(canonicalize_name(pkg))
                if linked is None:
                    unreviewed.append(f"{pkg}: {item}")
                    continue
                for file_re, comp_name in linked:
                    if re.search(file_re, name):
                        comp = next(c for c in NATIVE if c.name == comp_name)
                        version = comp.version(path) if comp.version else None
                        embedded.append((comp_name, version or f"as in {pkg} {dist.version}", f"{pkg} ({item})"))
                continue
            comp = next((c for c in NATIVE if c.owns(str(item))), None)
            if comp is None:
                unknown.append(f"{pkg}: {item}")
                continue
            entry = found.setdefault(comp.name, Found(comp, pkg))
            entry.files.append(str(item))
            if entry.version is None and comp.version and (not comp.probe_file or re.search(comp.probe_file, name)):
                try:
                    entry.version = comp.version(path)
                except (OSError, AttributeError, ValueError) as exc:
                    entry.version = f"? ({type(exc).__name__})"
    if unreviewed:
        raise SystemExit("notices: código compilado sem revisão do que ele embute (declare o pacote em "
                         "tools/notices.py STATIC): " + "; ".join(unreviewed))
    if unknown:
        raise SystemExit("notices: biblioteca nativa desconhecida (identifique-a em tools/notices.py NATIVE): "
                         + "; ".join(unknown))
    order = [c.name for c in NATIVE]
    return sorted(found.values(), key=lambda f: order.index(f.component.name)), sorted(set(embedded))


# ---- writing ----------------------------------------------------------------------------------------

def _block(text: str) -> list[str]:
    return [FENCE + "text", text.rstrip(), FENCE, ""]


def _standard_texts(licences: list[str]) -> list[str]:
    """The standard licence texts the expressions above name (resources/licenses/texts)."""
    wanted = []
    for path in sorted((TEXTS / "texts").glob("*.txt")):
        spdx = path.stem
        if any(re.search(rf"\b{re.escape(spdx)}(-only|-or-later|\+)?\b", lic) for lic in licences) \
                or spdx in ("GPL-3.0", "GPL-2.0", "LGPL-3.0"):
            wanted.append(path)
    return wanted


def environment_line() -> str:
    return f"Build environment: Python {platform.python_version()} on {sys.platform} ({platform.machine()})."


def render(system: list[tuple[str, str, str, str]] | None = None) -> str:
    """The notice. ``system``: libraries copied from the build machine, as
    (file, Debian package, version, copyright text) — only for the copy shipped in a frozen build."""
    dists = shipped_distributions()
    natives, embedded = native_libraries(dists)
    py = platform.python_version()
    lines = [
        "# Third-party software in Coletor de Diagnóstico RM",
        "",
        "<!-- Generated by `.venv/bin/python tools/notices.py` from the build environment; do not edit. -->",
        "",
        "Coletor de Diagnóstico RM is free software: you can redistribute it and/or modify it under the terms of",
        "the GNU General Public License, version 3 or (at your option) any later version (the file LICENSE).",
        "The application as distributed contains the components below, each under its own licence. PyAV's FFmpeg",
        "links x264 and x265, which are GPL-2.0-or-later, so the distribution as a whole is under the GPL.",
        "Where a component's source is named below, that is the corresponding source for the version shipped;",
        "the project's own source is at the same place as this build, and on request from its distributor.",
        "",
        environment_line(),
        "",
        "## Summary",
        "",
        "| component | version | licence | shipped in |",
        "|---|---|---|---|",
    ]
    lines.append(f"| Python | {py} | PSF-2.0 | the executables' runtime |")
    for dist in dists:
        lines.append(f"| {dist.metadata['Name']} | {dist.version} | {licence_of(dist)} | Python package |")
    for nat in natives:
        lines.append(f"| {nat.component.name} | {nat.version or '?'} | {nat.component.licence} | "
                     f"{nat.package} (native library) |")
    for comp, version, where in embedded:
        lines.append(f"| {comp} | {version} | {next(c.licence for c in NATIVE if c.name == comp)} | "
                     f"linked into {where} |")
    for file, pkg, version, _ in system or []:
        lines.append(f"| {file} | {version} | see Debian's copyright file below | Debian package {pkg} |")

    lines += ["", "## Python", "", f"Python {py}: source at https://www.python.org/ftp/python/{py}/Python-{py}.tar.xz", ""]
    stdlib_licence = Path(sys.base_prefix) / "LICENSE.txt"
    for candidate in (stdlib_licence, Path(__import__("sysconfig").get_paths()["stdlib"]) / "LICENSE.txt"):
        if candidate.is_file():
            lines += _block(candidate.read_text(encoding="utf-8", errors="replace"))
            break

    lines += ["## Python packages", ""]
    for dist in dists:
        name, version = dist.metadata["Name"], dist.version
        lines += [f"### {name} {version}", "", f"- Licence: {licence_of(dist)}",
                  f"- Source: https://pypi.org/project/{name}/{version}/#files", ""]
        files = licence_files(dist)
        if not files:
            lines += ["The package ships no licence file; its licence is named above and its text is in "
                      "\"Licence texts\" below.", ""]
        for fname, text in files:
            lines += [f"#### {name}: {fname}", ""] + _block(text)

    lines += ["## Native libraries inside the packages", ""]
    for nat in natives:
        comp = nat.component
        version = nat.version or "?"
        lines += [f"### {comp.name} {version}", "", f"- Licence: {comp.licence}",
                  f"- Source: {comp.source.format(v=version.lstrip('v'))}",
                  f"- Shipped in {nat.package}: " + ", ".join(f"`{Path(f).name}`" for f in sorted(nat.files))]
        if comp.note:
            lines.append(f"- {comp.note}")
        lines.append("")
        if comp.notices:
            lines += [f"Copyright and licence notices of {comp.name} (as collected by Debian for its package "
                      "of the same project):", ""]
            lines += _block((TEXTS / "projects" / f"{comp.notices}.txt").read_text(encoding="utf-8"))
    for comp_name, version, where in embedded:
        comp = next(c for c in NATIVE if c.name == comp_name)
        lines += [f"### {comp.name} {version} (linked into {where})", "", f"- Licence: {comp.licence}",
                  f"- Source: {comp.source.format(v=version)}"]
        if comp.note:
            lines.append(f"- {comp.note}")
        lines.append("")
        if comp.notices:
            lines += _block((TEXTS / "projects" / f"{comp.notices}.txt").read_text(encoding="utf-8"))

    if system:
        lines += ["## Libraries copied from the build machine", ""]
        for file, pkg, version, text in system:
            lines += [f"### {file}: Debian package {pkg} {version}", "",
                      f"- Source: `apt-get source {pkg}={version}` (https://sources.debian.org/)", ""] + _block(text)

    licences = [licence_of(d) for d in dists] + [n.component.licence for n in natives]
    lines += ["## Licence texts", ""]
    for path in _standard_texts(licences):
        lines += [f"### {path.stem}", ""] + _block(path.read_text(encoding="utf-8"))
    return "\n".join(lines).rstrip() + "\n"


# ---- a frozen build --------------------------------------------------------------------------------

def debian_origin(path: Path) -> tuple[str, str, str] | None:
    """(package, version, copyright text) of a file installed by a Debian package, or None."""
    try:
        owner = subprocess.run(["dpkg-query", "-S", str(path)], capture_output=True, text=True, timeout=30)
    except OSError:
        return None
    if owner.returncode != 0:
        real = path.resolve()
        if real == path:
            return None
        return debian_origin(real)
    pkg = owner.stdout.split(":")[0].strip()
    arch_pkg = owner.stdout.split(": ")[0].strip()
    version = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", arch_pkg], capture_output=True,
                             text=True).stdout.strip()
    copyright_file = Path("/usr/share/doc") / pkg / "copyright"
    text = copyright_file.read_text(encoding="utf-8", errors="replace") if copyright_file.is_file() else \
        "(Debian did not install a copyright file for this package.)"
    return pkg, version, text


def system_libraries(binaries: list[tuple[str, str, str]]) -> list[tuple[str, str, str, str]]:
    """The entries of a PyInstaller Analysis' ``binaries`` copied from the build machine (not from a
    package of this environment), with their Debian origin."""
    prefix = Path(sys.prefix).resolve()
    base = Path(sys.base_prefix).resolve()
    out = []
    for dest, src, _kind in binaries:
        src_path = Path(src).resolve()
        if prefix in src_path.parents or base in src_path.parents:
            continue
        origin = debian_origin(Path(src))
        if origin is None:
            raise SystemExit(f"notices: {src} não vem de um pacote deste ambiente nem de um pacote Debian")
        out.append((Path(dest).name, *origin))
    return sorted(set(out))


def check_bundle(folder: Path) -> list[str]:
    """Native libraries in a frozen build that its notice does not name (empty: all named)."""
    notice = (folder / "THIRD_PARTY_LICENSES.md").read_text(encoding="utf-8")
    named = set(re.findall(r"^### (\S+?): Debian package", notice, re.M))
    for line in re.findall(r"^- Shipped in .*$", notice, re.M):
        named.update(re.findall(r"`([^`]+)`", line))
    missing = []
    for path in sorted(folder.rglob("*")):
        name = path.name
        if not path.is_file() or not NATIVE_SUFFIX.search(name) or OWN_CODE.search(name):
            continue
        if "lib-dynload" in path.parts or name.startswith(("libpython", "python3")):
            continue  # Python's own
        if name not in named:
            missing.append(str(path.relative_to(folder)))
    return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when THIRD_PARTY_LICENSES.md is stale")
    parser.add_argument("--check-bundle", metavar="DIR", type=Path, help="a frozen build to check")
    args = parser.parse_args(argv)
    if args.check_bundle:
        missing = check_bundle(args.check_bundle)
        if missing:
            print("notices: bibliotecas sem aviso na build: " + ", ".join(missing), file=sys.stderr)
            return 1
        return 0
    text = render()
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print("notices: THIRD_PARTY_LICENSES.md está desatualizado: rode .venv/bin/python tools/notices.py",
                  file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
