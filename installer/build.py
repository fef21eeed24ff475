"""Build IRO Diary's installers into installer/dist/: `make installer` (or `python -m installer.build`).

On Linux: the one-folder bundle `iro-diary/`, `iro-diary-VERSION-linux-x86_64.tar.gz`, `iro-diary_VERSION_amd64.deb`
and `iro-diary-VERSION.msi` (built from the Linux bundle with wixl, as a structural check of the Windows
installer). On Windows: the bundle and the real `iro-diary-VERSION.msi` (WiX v3 or wixl). Everything comes from
one PyInstaller spec (installer/iro-diary.spec) and one version, `iro_diary.__version__`.

Missing Debian tools (wixl for the build; msitools and xvfb for its tests) are installed with apt-get when this
runs as root on Debian, as CI does. Otherwise a missing wixl stops the build with the package to install, unless
`--skip-missing-tools` is given, which builds the rest and says what it left out.
"""

from __future__ import annotations

import argparse
import ast
import os
import platform
import shutil
import sys
import tarfile
import time
from collections.abc import Callable
from pathlib import Path

from installer import debian, icons, msi
from installer.tools import BUILD_TOOLS, TEST_TOOLS, BuildError, ensure_debian_tools, run

INSTALLER = Path(__file__).resolve().parent
ROOT = INSTALLER.parent
DIST = INSTALLER / "dist"
WORK = INSTALLER / "build"
BUNDLE_NAME = "iro-diary"
WINDOWS = sys.platform == "win32"


def app_version() -> str:
    """`__version__` from desktop/iro_diary/__init__.py, read without importing the app."""
    source = (ROOT / "desktop" / "iro_diary" / "__init__.py").read_text(encoding="utf-8")
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__version__" for t in node.targets):
            return str(ast.literal_eval(node.value))
    raise BuildError("desktop/iro_diary/__init__.py has no __version__")


def build_bundle(icon: Path | None) -> Path:
    """Run PyInstaller on the spec; the bundle folder installer/dist/iro-diary."""
    env = {**os.environ, "IRO_DIARY_ICON": str(icon) if icon else ""}
    run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level=WARN",
            f"--distpath={DIST}",
            f"--workpath={WORK / 'pyinstaller'}",
            str(INSTALLER / "iro-diary.spec"),
        ],
        env=env,
    )
    bundle = DIST / BUNDLE_NAME
    executable = bundle / (f"{BUNDLE_NAME}.exe" if WINDOWS else BUNDLE_NAME)
    if not executable.is_file():
        raise BuildError(f"PyInstaller did not produce {executable}")
    return bundle


def build_tarball(bundle: Path, version: str) -> Path:
    """The bundle as `iro-diary-VERSION-linux-x86_64.tar.gz`, unpacking to an `iro-diary/` folder."""
    target = DIST / f"{BUNDLE_NAME}-{version}-linux-{platform.machine()}.tar.gz"
    with tarfile.open(target, "w:gz", compresslevel=6) as archive:
        archive.add(bundle, arcname=BUNDLE_NAME, filter=_owned_by_root)
    return target


def _owned_by_root(member: tarfile.TarInfo) -> tarfile.TarInfo:
    member.uid = member.gid = 0
    member.uname = member.gname = "root"
    return member


def clean_outputs() -> None:
    DIST.mkdir(parents=True, exist_ok=True)
    for old in DIST.glob(f"{BUNDLE_NAME}*"):
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old)
        else:
            old.unlink()


def timed(step: Callable[..., Path], *args: object) -> Path:
    """Run one build step and say how long it took (the build runs in CI; its time is budgeted)."""
    started = time.perf_counter()
    output = step(*args)
    print(f"{output.name}: {time.perf_counter() - started:.1f} s", flush=True)
    return output


def check_tools(skip_missing_tools: bool) -> list[str]:
    """The Debian packages still missing after trying to install them; BuildError if the build needs one."""
    missing = [] if WINDOWS else ensure_debian_tools()
    if set(missing) & set(BUILD_TOOLS) and not skip_missing_tools:
        raise BuildError(
            "wixl is missing: install the Debian package wixl (`sudo apt-get install wixl msitools`), "
            "or pass --skip-missing-tools to build the rest"
        )
    if set(missing) & set(TEST_TOOLS):
        print(f"note: the installer tests need the Debian packages {' '.join(missing)}", flush=True)
    return missing


def build_all(skip_missing_tools: bool) -> list[Path]:
    """Every artefact this platform can build; BuildError if a required tool is missing."""
    version = app_version()
    missing = check_tools(skip_missing_tools)
    clean_outputs()
    rendered = icons.render_app_icons(ROOT / "resources" / "icons" / "app.svg", WORK / "icons")
    bundle = timed(build_bundle, rendered.ico if WINDOWS else None)
    outputs = [bundle]
    if not WINDOWS:
        outputs.append(timed(build_tarball, bundle, version))
        outputs.append(timed(debian.build_deb, bundle, version, rendered, WORK / "deb", DIST))
    if "wixl" in missing:
        print("skipped the .msi: wixl is not installed", flush=True)
    else:
        outputs.append(timed(msi.build_msi, bundle, version, rendered.ico, WORK / "msi", DIST))
    return outputs


def build_msi_only() -> list[Path]:
    """The .msi again from the bundle already in installer/dist/ (after signing its executables, say)."""
    bundle = DIST / BUNDLE_NAME
    icon = WORK / "icons" / "iro-diary.ico"
    if not bundle.is_dir() or not icon.is_file():
        raise BuildError(f"there is no bundle in {bundle} yet: run the whole build first")
    check_tools(skip_missing_tools=False)
    return [timed(msi.build_msi, bundle, app_version(), icon, WORK / "msi", DIST)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--skip-missing-tools", action="store_true", help="build the rest when wixl is missing")
    parser.add_argument("--msi-only", action="store_true", help="only rebuild the .msi from the existing bundle")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        outputs = build_msi_only() if args.msi_only else build_all(args.skip_missing_tools)
    except BuildError as error:
        sys.stderr.write(f"installer: {error}\n")
        return 1
    print(f"built in {time.perf_counter() - started:.0f} s:")
    for output in outputs:
        print(f"  {output.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
