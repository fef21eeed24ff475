"""Opening a database safely: permissions, pragmas, and refusing what is not ours without touching it."""

from __future__ import annotations

import datetime as dt
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from iro_diary.domain.errors import DatabaseNotUsable, EnvironmentProblem, ValidationError
from iro_diary.store import migrate
from iro_diary.store.database import Database
from iro_diary.store.filesystems import _mount_type
from iro_diary.store.urls import describe, hide_password, normalise_database_url

NOW = dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC)


def test_a_new_database_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "new" / "diary.sqlite3"
    db = Database(str(path))
    migrate.prepare(db, tmp_path / "backups", NOW)
    db.close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_a_busy_timeout(db_path: Path) -> None:
    db = Database(str(db_path))
    with db.read() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert session.execute(text("PRAGMA busy_timeout")).scalar() == 5000
    db.close()


def test_a_write_transaction_takes_the_write_lock_at_once(db_path: Path) -> None:
    """BEGIN IMMEDIATE: while one writer is open, another connection cannot start writing."""
    db = Database(str(db_path))
    other = sqlite3.connect(db_path, timeout=0.1, isolation_level=None)
    with db.write() as session:
        session.execute(text("SELECT 1"))
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
    other.close()
    db.close()


def _bytes(path: Path) -> bytes:
    return path.read_bytes()


def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_text("these are my notes, not a database\n" * 50)
    before = _bytes(path)
    with pytest.raises(DatabaseNotUsable, match="not an IRO Diary database"):
        Database(str(path))
    assert _bytes(path) == before


@pytest.mark.expect_warning_logs
def test_a_corrupt_database_is_refused_and_left_alone(tmp_path: Path, db_path: Path) -> None:
    corrupt = tmp_path / "corrupt.sqlite3"
    data = bytearray(db_path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    corrupt.write_bytes(bytes(data))
    before = _bytes(corrupt)
    with pytest.raises(DatabaseNotUsable):
        db = Database(str(corrupt))
        migrate.prepare(db, tmp_path / "backups", NOW)
    assert _bytes(corrupt) == before


def test_another_programs_sqlite_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE recipes (name TEXT)")
    before = _bytes(path)
    with pytest.raises(DatabaseNotUsable, match="not an IRO Diary database"):
        Database(str(path))
    assert _bytes(path) == before


def test_a_database_from_a_newer_version_is_refused_and_left_alone(db_path: Path, tmp_path: Path) -> None:
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    before = _bytes(db_path)
    db = Database(str(db_path))
    with pytest.raises(DatabaseNotUsable, match="newer version of IRO Diary"):
        migrate.prepare(db, tmp_path / "backups", NOW)
    db.close()
    assert _bytes(db_path) == before


def test_an_older_database_is_backed_up_before_it_is_upgraded(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = Database(str(db_path))
    current = migrate.current_revision(db)
    upgrades: list[str] = []
    monkeypatch.setattr(migrate, "head_revision", lambda: "next")
    monkeypatch.setattr(migrate, "SCHEMA_HEAD", "next")
    monkeypatch.setattr(command, "upgrade", lambda config, target: upgrades.append(target))
    report = migrate.prepare(db, tmp_path / "backups", NOW)
    db.close()
    assert upgrades == ["head"]
    assert report.before == current and report.backup is not None
    with sqlite3.connect(report.backup) as copy:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == (current,)
    assert stat.S_IMODE(report.backup.stat().st_mode) == 0o600


def test_an_up_to_date_database_is_not_touched(db_path: Path, tmp_path: Path) -> None:
    db = Database(str(db_path))
    report = migrate.prepare(db, tmp_path / "backups", NOW)
    db.close()
    assert not report.changed and report.backup is None


def test_the_schema_head_the_app_knows_is_the_newest_migration() -> None:
    assert migrate.head_revision() == migrate.SCHEMA_HEAD


def test_opening_an_up_to_date_database_does_not_load_alembic(db_path: Path, tmp_path: Path) -> None:
    script = (
        "import sys, datetime as dt; from pathlib import Path; from iro_diary.store import migrate; "
        "from iro_diary.store.database import Database; "
        f"db = Database({str(db_path)!r}); "
        f"report = migrate.prepare(db, Path({str(tmp_path)!r}), dt.datetime.now(dt.UTC)); db.close(); "
        "print(report.after, 'alembic' in sys.modules)"
    )
    found = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert found.stdout.split() == [migrate.SCHEMA_HEAD, "False"]


def test_a_folder_we_cannot_create_in_gives_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(EnvironmentProblem, match="Cannot create the diary database"):
        Database(str(blocker / "diary.sqlite3"))


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_read_only_folder_gives_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    def refuse(*_args: object, **_kwargs: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(EnvironmentProblem, match="Permission denied"):
        Database(str(tmp_path / "diary.sqlite3"))


def test_a_network_share_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="network share"):
        Database("//fileserver/share/diary.sqlite3")


def test_network_file_systems_are_recognised_from_the_mount_table(tmp_path: Path) -> None:
    mounts = tmp_path / "mounts"
    mounts.write_text(
        "/dev/sda1 / ext4 rw 0 0\n//server/team /mnt/team cifs rw 0 0\nserver:/export /srv/nfs nfs4 rw 0 0\n"
    )
    assert _mount_type(Path("/mnt/team/diary.sqlite3"), mounts) == "cifs"
    assert _mount_type(Path("/srv/nfs/x/diary.sqlite3"), mounts) == "nfs4"
    assert _mount_type(Path("/home/me/diary.sqlite3"), mounts) == "ext4"
    assert _mount_type(Path("/mnt/teamwork/diary.sqlite3"), mounts) == "ext4"


@pytest.mark.parametrize(
    ("given", "driver"),
    [
        ("postgresql://u:secret@db.council.local/diary", "postgresql+psycopg"),
        ("postgres://u@h/d", "postgresql+psycopg"),
        ("sqlite:////tmp/x.sqlite3", "sqlite"),
        ("/tmp/x.sqlite3", "sqlite"),
    ],
)
def test_database_addresses_are_normalised(given: str, driver: str) -> None:
    assert normalise_database_url(given).drivername == driver


@pytest.mark.parametrize("given", ["mysql://u@h/d", "sqlite://", "sqlite:///:memory:", "", "   "])
def test_unsupported_database_addresses_are_refused(given: str) -> None:
    with pytest.raises(ValidationError):
        normalise_database_url(given)


def test_passwords_are_never_shown() -> None:
    url = "postgresql://diary:hunter2@db.council.local:5432/diary"
    assert "hunter2" not in hide_password(url)
    assert "hunter2" not in describe(normalise_database_url(url))
    assert describe(normalise_database_url(url)) == "PostgreSQL diary@db.council.local:5432/diary"


@pytest.mark.expect_warning_logs
def test_an_unreachable_server_is_an_environment_problem(tmp_path: Path) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    db = Database(f"postgresql://nobody@127.0.0.1:{port}/diary")
    with pytest.raises(EnvironmentProblem, match="Cannot reach the shared diary database"):
        migrate.prepare(db, tmp_path, NOW)
