"""The Debian package: the bundle in /opt/iro-diary, /usr/bin/iro-diary, a menu entry and its icon.

Built with `dpkg-deb --root-owner-group`, so neither root nor fakeroot is needed. `Depends` names what the
bundle takes from the system rather than carrying itself: the X11/xcb libraries Qt's xcb platform plugin loads
(libxcb-icccm4 and libxcb-keysyms1 among them, which a desktop does not always have), fonts and OpenGL. No
maintainer scripts: Debian's triggers refresh the menu and icon caches.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from installer.icons import AppIcons
from installer.tools import run

INSTALLER = Path(__file__).resolve().parent
ROOT = INSTALLER.parent
PREFIX = Path("opt/iro-diary")
# What the bundle loads from the system (installer/iro-diary.spec HOST_LIBRARIES leaves these out): Qt's xcb
# platform plugin and its GL integration, QtGui's fonts and glib, QtDBus, print support (CUPS) and the C++
# runtime. The PySide6 wheels carry Qt and ICU themselves.
DEPENDS = (
    "libc6 (>= 2.28)",
    "libstdc++6",
    "libgcc-s1",
    "zlib1g",
    "libzstd1",
    "libpq5",  # psycopg's PostgreSQL client library (the bundle uses the system's, see iro-diary.spec)
    "libglib2.0-0",
    "libdbus-1-3",
    "libfontconfig1",
    "libfreetype6",
    "fonts-dejavu-core | fonts-liberation",
    "libgl1",
    "libegl1",
    "libx11-6",
    "libx11-xcb1",
    "libxcb1",
    "libxcb-cursor0",
    "libxcb-glx0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-shm0",
    "libxcb-sync1",
    "libxcb-util1",
    "libxcb-xfixes0",
    "libxcb-xkb1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libcups2",
)


def debian_version(version: str) -> str:
    """A Python version in Debian's ordering: 1.2.0rc1 -> 1.2.0~rc1 (before 1.2.0), 1.2.0.post1 -> 1.2.0+post1."""
    version = re.sub(r"\.?(a|b|rc|dev)(\d*)", r"~\1\2", version)
    return re.sub(r"\.?post(\d*)", r"+post\1", version)


def architecture() -> str:
    return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True, check=True).stdout.strip()


def stage(bundle: Path, icons: AppIcons, root: Path) -> None:
    """Lay out the package's files under `root` as they will be installed."""
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(bundle, root / PREFIX, symlinks=True)
    files = {
        "usr/bin/iro-diary": (INSTALLER / "linux" / "iro-diary", 0o755),
        "usr/share/applications/iro-diary.desktop": (ROOT / "resources" / "iro-diary.desktop", 0o644),
        "usr/share/icons/hicolor/scalable/apps/iro-diary.svg": (icons.svg, 0o644),
        "usr/share/icons/hicolor/256x256/apps/iro-diary.png": (icons.png, 0o644),
    }
    for target, (source, mode) in files.items():
        (root / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, root / target)
        (root / target).chmod(mode)
    normalise_modes(root)


def normalise_modes(root: Path) -> None:
    """Folders 755, programs 755, other files 644: whatever the builder's umask was, every user can run it."""
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        if path.is_dir():
            path.chmod(0o755)
        else:
            path.chmod(0o755 if path.stat().st_mode & 0o100 else 0o644)


def write_control(root: Path, version: str, arch: str) -> None:
    size_kib = sum(p.stat().st_size for p in root.rglob("*") if p.is_file() and not p.is_symlink()) // 1024
    control = (
        (INSTALLER / "linux" / "control.in")
        .read_text(encoding="utf-8")
        .format(
            version=debian_version(version),
            architecture=arch,
            installed_size=size_kib,
            depends=", ".join(DEPENDS),
        )
    )
    (root / "DEBIAN").mkdir(mode=0o755)
    (root / "DEBIAN" / "control").write_text(control, encoding="utf-8")
    (root / "DEBIAN" / "control").chmod(0o644)


def build_deb(bundle: Path, version: str, icons: AppIcons, work: Path, dist: Path) -> Path:
    """`iro-diary_VERSION_ARCH.deb` in `dist`, staged in `work`."""
    arch = architecture()
    root = work / "root"
    stage(bundle, icons, root)
    write_control(root, version, arch)
    target = dist / f"iro-diary_{debian_version(version)}_{arch}.deb"
    run(["dpkg-deb", "--root-owner-group", "-Zgzip", "-z6", "--build", str(root), str(target)])
    return target
