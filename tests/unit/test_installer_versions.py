"""The one version (`iro_diary.__version__`) as the .deb and the .msi must spell it, so upgrades go the right way."""

from __future__ import annotations

import pytest

from installer.debian import debian_version
from installer.msi import msi_version
from installer.tools import BuildError
from iro_diary import __version__


@pytest.mark.parametrize(
    ("python", "debian"),
    [
        ("0.1.0", "0.1.0"),
        ("1.2.0rc1", "1.2.0~rc1"),  # ~ sorts before the release, as rc1 comes before 1.2.0
        ("1.2.0b2", "1.2.0~b2"),
        ("1.2.0.dev3", "1.2.0~dev3"),
        ("1.2.0.post1", "1.2.0+post1"),
    ],
)
def test_debian_versions_keep_pythons_order(python: str, debian: str) -> None:
    assert debian_version(python) == debian


@pytest.mark.parametrize(("python", "msi"), [("0.1.0", "0.1.0"), ("2.5", "2.5.0"), ("1.2.0rc1", "1.2.0")])
def test_msi_versions_are_major_minor_build(python: str, msi: str) -> None:
    assert msi_version(python) == msi


@pytest.mark.parametrize("python", ["256.0.0", "1.0.65536", "next"])
def test_versions_windows_installer_cannot_hold_are_refused(python: str) -> None:
    with pytest.raises(BuildError):
        msi_version(python)


def test_the_apps_version_fits_every_installer() -> None:
    assert debian_version(__version__) and msi_version(__version__)
