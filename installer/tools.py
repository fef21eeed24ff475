"""Running build tools for installer/build.py, and installing the Debian ones it needs when it may."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

# Debian package -> the commands it provides. wixl builds the MSI; the tests (tests/e2e) read it back with
# msitools and start the installed .deb on Xvfb.
BUILD_TOOLS = {"wixl": ("wixl", "wixl-heat")}
TEST_TOOLS = {"msitools": ("msiinfo", "msiextract"), "xvfb": ("xvfb-run", "Xvfb"), "xauth": ("xauth",)}
DEBIAN_TOOLS = {**BUILD_TOOLS, **TEST_TOOLS}


class BuildError(Exception):
    """A step could not run; the message says what to do about it."""


def run(command: list[str], **options: object) -> None:
    """Run a build tool, echoing it; BuildError when it fails."""
    print("+", " ".join(command), flush=True)
    result = subprocess.run(command, check=False, **options)  # type: ignore[call-overload]
    if result.returncode != 0:
        raise BuildError(f"`{' '.join(command)}` failed with exit code {result.returncode}")


def missing_debian_packages() -> list[str]:
    return [package for package, tools in DEBIAN_TOOLS.items() if not all(shutil.which(t) for t in tools)]


def can_apt_install() -> bool:
    """Whether this is a Debian-like machine where we are root (CI is)."""
    is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    return sys.platform.startswith("linux") and is_root and shutil.which("apt-get") is not None


def ensure_debian_tools() -> list[str]:
    """Install wixl and msitools with apt-get if they are missing and we may; the packages still missing."""
    missing = missing_debian_packages()
    if missing and can_apt_install():
        install = ["apt-get", "install", "-y", "--no-install-recommends", *missing]
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        print("+", " ".join(install), flush=True)
        if subprocess.run(install, env=env, check=False, stdin=subprocess.DEVNULL).returncode != 0:
            # A fresh machine may have no package lists yet.
            subprocess.run(["apt-get", "update"], env=env, check=False, stdin=subprocess.DEVNULL)
            subprocess.run(install, env=env, check=False, stdin=subprocess.DEVNULL)
        missing = missing_debian_packages()
    return missing
