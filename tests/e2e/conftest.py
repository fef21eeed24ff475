"""The installers, built once per test session for the frozen-build tests (tests/e2e/test_installer*.py).

`installers` runs `python -m installer.build` (what `make installer` runs) and hands over the artefacts in
installer/dist/. Outside CI a missing tool (PyInstaller, wixl, msitools, root for dpkg) skips the tests that need
it, with the reason; under CI=true it fails them instead, so CI cannot pass without building and running them.
"""

from __future__ import annotations

import importlib.util
import os
import platform
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest

from installer.debian import architecture, debian_version
from iro_diary import __version__

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "installer" / "dist"
BUILD_TIMEOUT_SECONDS = 900


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("true", "1")


def unavailable(reason: str) -> NoReturn:
    """Skip with the reason, or fail under CI=true, where every installer test must run."""
    if in_ci():
        pytest.fail(f"the installer tests must run under CI=true, but {reason}")
    pytest.skip(reason)


def require_tool(command: str, package: str) -> None:
    if shutil.which(command) is None:
        unavailable(f"{command} is missing (Debian package {package}; `make installer` as root installs it)")


@dataclass(frozen=True)
class Installers:
    """What `make installer` left in installer/dist/, and how long it took."""

    bundle: Path
    tarball: Path
    deb: Path
    msi: Path
    build_seconds: float

    @property
    def executable(self) -> Path:
        return self.bundle / "iro-diary"

    def require(self, artefact: Path) -> Path:
        if not artefact.exists():
            unavailable(f"{artefact.name} was not built (its tools are missing; see the build output)")
        return artefact


@pytest.fixture(scope="session")
def installers() -> Installers:
    if not sys.platform.startswith("linux"):
        pytest.skip("the installer tests build the Linux bundle, .deb and structural .msi")
    if importlib.util.find_spec("PyInstaller") is None:
        unavailable("PyInstaller is not installed (`pip install -e '.[installer]'`, which `make test` does)")
    command = [sys.executable, "-m", "installer.build"]
    if not in_ci():
        command.append("--skip-missing-tools")
    started = time.perf_counter()
    result = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=BUILD_TIMEOUT_SECONDS, check=False
    )
    if result.returncode != 0:
        pytest.fail(f"`{' '.join(command)}` failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return Installers(
        bundle=DIST / "iro-diary",
        tarball=DIST / f"iro-diary-{__version__}-linux-{platform.machine()}.tar.gz",
        deb=DIST / f"iro-diary_{debian_version(__version__)}_{architecture()}.deb",
        msi=DIST / f"iro-diary-{__version__}.msi",
        build_seconds=time.perf_counter() - started,
    )


def bundle_files(bundle: Path) -> list[Path]:
    """Every file in the bundle (symlinks included), relative to it."""
    return sorted(p.relative_to(bundle) for p in bundle.rglob("*") if p.is_file() or p.is_symlink())


def run_tool(command: Sequence[str | Path], *, env: dict[str, str] | None = None, timeout: int = 300) -> str:
    """A command's stdout; the test fails with its stderr when it exits non-zero."""
    result = subprocess.run(
        [str(part) for part in command],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=timeout,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, f"{' '.join(map(str, command))} exited {result.returncode}:\n{result.stderr}"
    return result.stdout
