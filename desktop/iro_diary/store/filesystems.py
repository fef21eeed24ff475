"""Refusing SQLite on a network share.

SQLite's locking does not work over SMB/NFS: two PCs writing one file on a share corrupt it (sqlite.org,
"How To Corrupt An SQLite Database File", §2). A team shares a PostgreSQL server instead.
"""

from __future__ import annotations

import sys
from pathlib import Path

from iro_diary.domain.errors import ValidationError

NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "fuse.sshfs",
        "sshfs",
        "afs",
        "ncpfs",
        "davfs",
        "fuse.davfs2",
        "9p",
    }
)

REFUSAL = (
    "{path} is on a network share. An embedded (SQLite) diary on a share gets corrupted when two PCs use it: "
    "keep the file on this PC, or connect the team to a shared PostgreSQL database (see the README)."
)


def refuse_network_location(path: Path) -> None:
    """Raise ValidationError when `path` lies on a network file system."""
    if is_network_location(path):
        raise ValidationError(REFUSAL.format(path=path))


def is_network_location(path: Path) -> bool:
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows
        return _windows_drive_is_remote(path)
    return _mount_type(path) in NETWORK_FILESYSTEMS


def _mount_type(path: Path, mounts_file: Path = Path("/proc/mounts")) -> str | None:
    """The file-system type of the mount holding `path`, from /proc/mounts (None where unknown)."""
    try:
        lines = mounts_file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    target = str(Path(path).absolute())
    best, best_type = "", None
    for line in lines:
        fields = line.split()
        if len(fields) < 3:
            continue
        mount_point = fields[1].replace("\\040", " ")
        inside = target == mount_point or target.startswith(mount_point.rstrip("/") + "/")
        if inside and len(mount_point) > len(best):
            best, best_type = mount_point, fields[2]
    return best_type


def _windows_drive_is_remote(path: Path) -> bool:  # pragma: no cover - Windows only
    import ctypes

    drive = Path(path).absolute().drive
    if not drive:
        return False
    drive_remote = 4
    return bool(ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == drive_remote)  # type: ignore[attr-defined]
