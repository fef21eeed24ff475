"""The Windows installer: installer/windows/iro-diary.wxs plus a list of the bundle's files, built into an .msi.

On Windows with WiX v3 on PATH: `heat` lists the bundle, `candle` and `light` build the MSI (with ICE
validation). Elsewhere (and on Windows without WiX): `wixl-heat` and `wixl -a x64` from Debian's wixl package. On
Linux the bundle is the Linux one, so that MSI only checks the installer's structure (files, version, upgrade
code, shortcut); the real one is built on Windows from the same spec and .wxs (installer/README.md).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from installer.tools import BuildError, run

INSTALLER = Path(__file__).resolve().parent
WXS = INSTALLER / "windows" / "iro-diary.wxs"
COMPONENT_GROUP = "AppFiles"
INSTALL_DIRECTORY = "INSTALLDIR"


def msi_version(version: str) -> str:
    """The MSI ProductVersion for a Python version: major.minor.build, numbers only (1.2.0rc1 -> 1.2.0)."""
    match = re.match(r"(\d+)\.(\d+)(?:\.(\d+))?", version)
    if not match:
        raise BuildError(f"the version {version!r} does not start with major.minor")
    major, minor, build = (int(part or 0) for part in match.groups())
    if major > 255 or minor > 255 or build > 65535:
        raise BuildError(f"the version {version!r} is too large for Windows Installer (255.255.65535)")
    return f"{major}.{minor}.{build}"


def executable_name(bundle: Path) -> str:
    return "iro-diary.exe" if (bundle / "iro-diary.exe").is_file() else "iro-diary"


def defines(bundle: Path, version: str, icon: Path) -> dict[str, str]:
    return {
        "Version": msi_version(version),
        "BundleDir": str(bundle),
        "ExeName": executable_name(bundle),
        "IconFile": str(icon),
        "Win64": "yes",
    }


def harvest_with_wixl(bundle: Path, target: Path) -> None:
    """Write the AppFiles component group for every file in the bundle, as wixl-heat lists them."""
    files = sorted(p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file())
    command = [
        "wixl-heat",
        "--prefix=",
        f"--component-group={COMPONENT_GROUP}",
        "--var=var.BundleDir",
        f"--directory-ref={INSTALL_DIRECTORY}",
        "--win64",
    ]
    result = subprocess.run(command, input="\n".join(files) + "\n", capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BuildError(f"wixl-heat failed: {result.stderr.strip()}")
    target.write_text(result.stdout, encoding="utf-8")


def build_with_wixl(bundle: Path, version: str, icon: Path, work: Path, target: Path) -> None:
    """wixl resolves file sources relative to its working folder (it rejects absolute ones): run it in `work`."""
    files = work / "app-files.wxs"
    harvest_with_wixl(bundle, files)
    relative = {name: os.path.relpath(path, work) for name, path in (("bundle", bundle), ("icon", icon))}
    values = defines(Path(relative["bundle"]), version, Path(relative["icon"]))
    values["ExeName"] = executable_name(bundle)
    options = [f"--define={name}={value}" for name, value in values.items()]
    run(["wixl", "--arch=x64", *options, f"--output={target}", str(WXS), str(files)], cwd=work)


def build_with_wix3(bundle: Path, version: str, icon: Path, work: Path, target: Path) -> None:
    """WiX v3 on Windows: heat lists the bundle (stable component GUIDs from paths), candle and light build."""
    files = work / "app-files.wxs"
    harvest = ["heat", "dir", str(bundle), "-nologo", "-ag", "-srd", "-sfrag", "-sreg", "-scom"]
    run([*harvest, "-cg", COMPONENT_GROUP, "-dr", INSTALL_DIRECTORY, "-var", "var.BundleDir", "-out", str(files)])
    options = [f"-d{name}={value}" for name, value in defines(bundle, version, icon).items()]
    run(["candle", "-nologo", "-arch", "x64", *options, "-out", f"{work}\\", str(WXS), str(files)])
    objects = [str(work / f"{source.stem}.wixobj") for source in (WXS, files)]
    run(["light", "-nologo", "-out", str(target), *objects])


def build_msi(bundle: Path, version: str, icon: Path, work: Path, dist: Path) -> Path:
    """`iro-diary-VERSION.msi` in `dist`."""
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    target = dist / f"iro-diary-{version}.msi"
    if sys.platform == "win32" and shutil.which("candle") and shutil.which("light"):
        build_with_wix3(bundle, version, icon, work, target)
    elif shutil.which("wixl"):
        build_with_wixl(bundle, version, icon, work, target)
    else:
        raise BuildError("no MSI builder: install WiX Toolset v3 (Windows) or the Debian package wixl")
    return target
