"""The .deb and the .msi as the people who install them meet them (issue #11).

The .deb is installed for real with dpkg (as root: CI runs as root), run, and removed. The .msi built on Linux
from the Linux bundle cannot be installed here: its tables (version, upgrade code, per-machine scope, Program
Files, Start-menu shortcut, upgrade sequence) and its files are read with msitools instead.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from installer.debian import debian_version
from installer.msi import msi_version
from iro_diary import __version__
from tests.e2e.conftest import Installers, bundle_files, in_ci, require_tool, run_tool, unavailable

pytestmark = pytest.mark.slow

PACKAGE = "iro-diary"
PREFIX = Path("/opt/iro-diary")
# Fixed for ever: Windows recognises a newer MSI as the same app by it, so it replaces the old version.
UPGRADE_CODE = "{306BE42B-C2CC-4B1B-BAD5-A09D97667744}"
PACKAGE_FILES = [
    "/usr/bin/iro-diary",
    "/usr/share/applications/iro-diary.desktop",
    "/usr/share/icons/hicolor/scalable/apps/iro-diary.svg",
    "/usr/share/icons/hicolor/256x256/apps/iro-diary.png",
]
# Libraries that must resolve on a desktop once the package's Depends are installed.
LINKED_FROM_HOST = [
    "_internal/PySide6/Qt/plugins/platforms/libqxcb.so",
    "_internal/PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so",
    "_internal/PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
    "_internal/PySide6/QtWidgets.abi3.so",
    "_internal/PySide6/QtCharts.abi3.so",
    "_internal/PySide6/QtPrintSupport.abi3.so",
]
APT_ENV = {"DEBIAN_FRONTEND": "noninteractive"}


def msi_table(msi: Path, table: str) -> list[list[str]]:
    """A table's rows (after the three header lines `msiinfo export` prints)."""
    lines = run_tool(["msiinfo", "export", msi, table]).splitlines()[3:]
    return [line.split("\t") for line in lines]


def msi_properties(msi: Path) -> dict[str, str]:
    return {row[0]: row[1] for row in msi_table(msi, "Property")}


def dpkg_status() -> str:
    result = subprocess.run(["dpkg-query", "-W", "-f=${Status}", PACKAGE], capture_output=True, text=True, check=False)
    return result.stdout.strip() if result.returncode == 0 else "not-installed"


def install_deb(deb: Path) -> None:
    """`dpkg -i`, then `apt-get install -f` for Depends the machine does not have yet."""
    if subprocess.run(["dpkg", "-i", str(deb)], capture_output=True, check=False).returncode != 0:
        fix = ["apt-get", "install", "-f", "-y", "--no-install-recommends"]
        if subprocess.run(fix, env={**os.environ, **APT_ENV}, capture_output=True, check=False).returncode != 0:
            run_tool(["apt-get", "update"], env=APT_ENV)
            run_tool(fix, env=APT_ENV, timeout=600)
    assert dpkg_status() == "install ok installed"


def unresolved_libraries(path: Path) -> list[str]:
    output = run_tool(["ldd", path], env={"LD_LIBRARY_PATH": str(PREFIX / "_internal")})
    return [line.strip() for line in output.splitlines() if "not found" in line]


def check_installed_app() -> None:
    assert run_tool(["/usr/bin/iro-diary", "--version"]).strip() == f"iro-diary {__version__}"
    assert "self-test passed" in run_tool(["/usr/bin/iro-diary", "self-test"], env={"QT_QPA_PLATFORM": "offscreen"})
    unresolved = {name: unresolved_libraries(PREFIX / name) for name in LINKED_FROM_HOST}
    assert not any(unresolved.values()), f"the package's Depends miss: {unresolved}"
    # The real X11 path: Qt's xcb plugin against an X server, with only the Depends to lean on.
    output = run_tool(["xvfb-run", "-a", "/usr/bin/iro-diary", "self-test"], env={"QT_QPA_PLATFORM": "xcb"})
    assert "self-test passed" in output


def test_the_deb_declares_its_version_files_and_depends(installers: Installers) -> None:
    deb = installers.require(installers.deb)
    fields = {f: run_tool(["dpkg-deb", "-f", deb, f]).strip() for f in ("Package", "Version", "Depends")}
    assert fields["Package"] == PACKAGE and fields["Version"] == debian_version(__version__)
    depends = {alternative.split()[0] for alternative in re.split(r"[,|]", fields["Depends"])}
    assert {"libxcb-icccm4", "libxcb-keysyms1", "libxcb-cursor0", "libxkbcommon-x11-0"} <= depends
    contents = run_tool(["dpkg-deb", "-c", deb])
    for name in [
        *PACKAGE_FILES,
        "/opt/iro-diary/iro-diary",
        "/opt/iro-diary/_internal/resources/rules/timescales.toml",
    ]:
        assert f" .{name}\n" in contents, name


def test_the_deb_installs_runs_and_removes_cleanly(installers: Installers) -> None:
    deb = installers.require(installers.deb)
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("apt-get"):
        unavailable("installing the .deb needs root and apt-get")
    require_tool("xvfb-run", "xvfb")
    if dpkg_status() != "not-installed" and not in_ci():
        pytest.skip("an iro-diary package is installed on this machine; this test would replace and remove it")
    try:
        install_deb(deb)
        check_installed_app()
    finally:
        subprocess.run(["dpkg", "-r", PACKAGE], capture_output=True, check=False)
    assert dpkg_status() in ("not-installed", "unknown ok not-installed")
    left = [str(p) for p in [PREFIX, *map(Path, PACKAGE_FILES)] if p.exists() or p.is_symlink()]
    assert not left, f"left behind after dpkg -r: {left}"


def test_the_msi_carries_the_version_and_the_fixed_upgrade_code(installers: Installers) -> None:
    msi = installers.require(installers.msi)
    require_tool("msiinfo", "msitools")
    properties = msi_properties(msi)
    assert properties["ProductVersion"] == msi_version(__version__)
    assert properties["UpgradeCode"] == UPGRADE_CODE
    assert properties["ProductName"] == "IRO Diary" and properties["ALLUSERS"] == "1"  # per-machine
    upgrades = {(row[0], row[-1]) for row in msi_table(msi, "Upgrade")}
    assert {(UPGRADE_CODE, "WIX_UPGRADE_DETECTED"), (UPGRADE_CODE, "WIX_DOWNGRADE_DETECTED")} <= upgrades
    sequence = {row[0] for row in msi_table(msi, "InstallExecuteSequence")}
    assert {"FindRelatedProducts", "RemoveExistingProducts", "CreateShortcuts"} <= sequence
    assert "Template: x64;1033" in run_tool(["msiinfo", "suminfo", msi])
    # An older MSI run on a PC with a newer version stops with this message instead of downgrading.
    assert msi_table(msi, "LaunchCondition") == [
        ["NOT WIX_DOWNGRADE_DETECTED", "A newer version of IRO Diary is already installed."]
    ]


def test_the_msi_installs_into_program_files_with_a_start_menu_shortcut(installers: Installers) -> None:
    msi = installers.require(installers.msi)
    require_tool("msiinfo", "msitools")
    directories = {row[0]: (row[1], row[2]) for row in msi_table(msi, "Directory")}
    assert directories["INSTALLDIR"] == ("ProgramFiles64Folder", "IRO Diary")
    shortcuts = [(row[1], row[2], row[4]) for row in msi_table(msi, "Shortcut")]
    assert shortcuts == [("ProgramMenuFolder", "IRO Diary", "[INSTALLDIR]iro-diary")]
    assert {"File", "Component", "Icon", "Media"} <= set(run_tool(["msiinfo", "tables", msi]).split())


def test_the_msi_carries_every_file_of_the_bundle(installers: Installers, tmp_path: Path) -> None:
    msi = installers.require(installers.msi)
    require_tool("msiinfo", "msitools")
    listed = set(run_tool(["msiextract", "--list", msi]).splitlines())
    assert listed == {f"IRO Diary/{name.as_posix()}" for name in bundle_files(installers.bundle)}
    run_tool(["msiextract", "--directory", tmp_path, msi])
    extracted = tmp_path / "IRO Diary"
    rules = Path("_internal/resources/rules/timescales.toml")
    assert (extracted / rules).read_bytes() == (installers.bundle / rules).read_bytes()
    (extracted / "iro-diary").chmod(0o755)  # the structural MSI's tree is the Linux bundle: it runs
    assert run_tool([extracted / "iro-diary", "--version"]).strip() == f"iro-diary {__version__}"
