"""Backup files: making them, recognising them, and proving one is whole before anything is restored from it.

- SQLite: SQLite's online backup API copies a live database consistently while the app uses it; the copy is a
  single self-contained file (rollback journal, not WAL) readable by its owner only, written under a temporary
  name and renamed into place, so an interrupted backup never leaves a half file under the real name.
- A SQLite backup is checked before a restore on a private copy: its size matches the page count its header
  declares (a truncated file does not), `PRAGMA integrity_check` passes, and it is an IRO Diary database of a
  schema this version knows. Restoring copies the checked pages into the live database with the same backup API,
  in one transaction: either every page arrives or the database is as it was.
- PostgreSQL: `pg_dump --format=custom`; an archive is read whole (`pg_restore` into /dev/null) before it is
  restored with `pg_restore --single-transaction`, so a truncated archive changes nothing.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from enum import StrEnum
from pathlib import Path

from sqlalchemy.engine import URL

from iro_diary.domain.errors import DatabaseNotUsable, EnvironmentProblem

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
ZIP_MAGIC = b"PK\x03\x04"
TOOL_TIMEOUT_SECONDS = 3600


class BackupFormat(StrEnum):
    SQLITE = "sqlite"
    PG_DUMP = "pg_dump"
    FULL_EXPORT = "full-export"


def sniff(path: Path) -> BackupFormat | None:
    """What kind of backup `path` is by its first bytes; None when it is none of ours."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise EnvironmentProblem(f"Cannot read {path}: {error.strerror or error}. Nothing was changed.") from None
    if head.startswith(SQLITE_MAGIC):
        return BackupFormat.SQLITE
    if head.startswith(PG_DUMP_MAGIC):
        return BackupFormat.PG_DUMP
    if head.startswith(ZIP_MAGIC):
        return BackupFormat.FULL_EXPORT
    return None


def partial_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.partial")


def copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of a (possibly live) SQLite database as one private file. Raises OSError/sqlite3.Error."""
    temporary = partial_name(target)
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary.unlink(missing_ok=True)
    os.close(os.open(temporary, os.O_CREAT | os.O_WRONLY, 0o600))
    try:
        with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(temporary)) as dst:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
        temporary.replace(target)
    finally:
        temporary.unlink(missing_ok=True)


def check_sqlite_file(path: Path, shown: str) -> None:
    """Refuse a truncated, damaged or foreign SQLite file (checked on a copy we own, never the live database)."""
    damaged = f"{shown} is damaged or incomplete (it may have been cut short while copying). Nothing was changed."
    data_size = path.stat().st_size
    with path.open("rb") as handle:
        header = handle.read(100)
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise DatabaseNotUsable(damaged)
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    header_count_valid = header[24:28] == header[92:96]
    if header_count_valid and pages and data_size < page_size * pages:
        raise DatabaseNotUsable(damaged)
    try:
        with closing(sqlite3.connect(path)) as connection:
            verdict = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError:
        raise DatabaseNotUsable(damaged) from None
    if verdict != ["ok"]:
        raise DatabaseNotUsable(damaged)
    with closing(sqlite3.connect(path)) as connection:
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "alembic_version" not in names:
        raise DatabaseNotUsable(
            f"{shown} is not an IRO Diary backup (it is another program's database). Nothing was changed."
        )


def make_self_contained(path: Path) -> None:
    """Fold any write-ahead log into the file and switch it to a rollback journal: one file, nothing beside it."""
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA journal_mode = DELETE")


def restore_sqlite_pages(checked_copy: Path, live: Path) -> None:
    """Copy every page of a checked backup into the live database in one transaction (the online backup API)."""
    with closing(sqlite3.connect(checked_copy)) as src, closing(sqlite3.connect(live, timeout=5)) as dst:
        src.backup(dst)
        dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def pg_tool(name: str) -> str | None:
    return shutil.which(name)


def _conninfo(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq URI without the password, and an environment carrying the password (never on a command line)."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(command: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            command, capture_output=True, text=True, env=env, timeout=TOOL_TIMEOUT_SECONDS, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise EnvironmentProblem(f"{Path(command[0]).name} could not run ({error}). Nothing was changed.") from None


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "no details"


def pg_dump(tool: str, url: URL, target: Path) -> None:
    """`pg_dump --format=custom` into `target` (renamed into place when complete); EnvironmentProblem on failure."""
    conninfo, env = _conninfo(url)
    temporary = partial_name(target)
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    command = [tool, "--format=custom", "--no-owner", "--no-privileges", f"--file={temporary}", f"--dbname={conninfo}"]
    result = _run(command, env)
    if result.returncode != 0:
        temporary.unlink(missing_ok=True)
        raise EnvironmentProblem(f"pg_dump failed: {_last_line(result.stderr)}")
    temporary.chmod(0o600)
    temporary.replace(target)


def pg_archive_revision(tool: str, path: Path, shown: str) -> str:
    """Read a pg_dump archive whole and return its schema revision; DatabaseNotUsable if it is not a whole
    IRO Diary archive."""
    damaged = f"{shown} is not a complete IRO Diary backup (pg_restore cannot read it whole). Nothing was changed."
    whole = _run([tool, f"--file={os.devnull}", str(path)])
    listing = _run([tool, "--list", str(path)])
    if whole.returncode != 0 or listing.returncode != 0:
        raise DatabaseNotUsable(damaged)
    if "TABLE DATA public alembic_version" not in listing.stdout or " meeting " not in listing.stdout:
        raise DatabaseNotUsable(f"{shown} is a PostgreSQL backup of another program's database. Nothing was changed.")
    data = _run([tool, "--data-only", "--table=alembic_version", "--file=-", str(path)])
    lines = data.stdout.splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if line.startswith("COPY ") and "alembic_version" in line)
        return lines[start + 1].strip()
    except (StopIteration, IndexError):
        raise DatabaseNotUsable(damaged) from None


def pg_restore(tool: str, url: URL, path: Path) -> None:
    """Replace the database's tables with the archive's, in one transaction (all or nothing)."""
    conninfo, env = _conninfo(url)
    command = [
        tool,
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        f"--dbname={conninfo}",
        str(path),
    ]
    result = _run(command, env)
    if result.returncode != 0:
        raise EnvironmentProblem(f"pg_restore failed, so nothing was changed: {_last_line(result.stderr)}")
