"""Backing up and restoring the whole diary, and the embedded database's automatic daily backups.

- Backup: SQLite by its online backup API; PostgreSQL by `pg_dump` when it is installed and works, else a full
  export (every table in one zip).
- Restore: the file is recognised, copied somewhere private and proved whole (and upgraded there if it comes
  from an older version) before the live database is touched; then a copy of the current diary is kept
  ("before-restore-…") and the diary is replaced in one transaction. A corrupt, truncated or foreign file is
  refused and the live database is left byte for byte as it was.
- Restoring SQLite while the app has it open: the engine's pooled connections are closed first (every database
  call of the app goes through one worker, so none is in use), the pages are copied in with SQLite's backup API
  (which takes the proper locks, so another process cannot read a half-restored file), and the next session
  opens fresh connections.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from iro_diary.domain.access import Permission
from iro_diary.domain.errors import DatabaseNotUsable, EnvironmentProblem, ValidationError
from iro_diary.services.access import open_to_everyone, requires
from iro_diary.services.changes import Changes
from iro_diary.services.context import ServiceContext
from iro_diary.services.settings import SettingsService
from iro_diary.store import backups as files
from iro_diary.store.backups import BackupFormat
from iro_diary.store.database import Database
from iro_diary.store.full_export import read_full_export, write_full_export
from iro_diary.store.migrate import check_compatible, head_revision, prepare
from iro_diary.store.repositories.change_log import ChangeLogRepository
from iro_diary.store.repositories.snapshot import SnapshotRepository, tables

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
DAILY_PREFIX = "daily-"
STAMP = "%Y%m%d-%H%M%SZ"
SUFFIXES = {BackupFormat.SQLITE: ".sqlite3", BackupFormat.PG_DUMP: ".pgdump", BackupFormat.FULL_EXPORT: ".zip"}


@dataclass(frozen=True, slots=True)
class BackupResult:
    path: Path
    format: BackupFormat
    size: int
    note: str = ""


@dataclass(frozen=True, slots=True)
class RestoreResult:
    source: Path
    format: BackupFormat
    safety_copy: Path


class BackupService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    @property
    def _db(self) -> Database:
        return self._ctx.db

    def suggested_name(self, prefix: str = "iro-diary") -> str:
        """A file name for a backup of this database taken now, e.g. iro-diary-20261126-100000Z.sqlite3."""
        suffix = ".sqlite3" if self._db.is_sqlite else ".pgdump" if files.pg_tool("pg_dump") else ".zip"
        return f"{prefix}-{self._ctx.clock.now():{STAMP}}{suffix}"

    @requires(Permission.DATA)
    def backup(self, target: Path, progress: Progress | None = None) -> BackupResult:
        """A consistent copy of the whole diary in `target` (SQLite file, pg_dump archive or full export)."""
        report = progress or (lambda _d, _t, _x: None)
        report(0, 1, "Backing up the diary")
        if target.is_dir():
            raise ValidationError(f"{target} is a folder: give the name of the backup file to write")
        if self._db.is_sqlite and self._db.path is not None:
            if target.resolve() == self._db.path.resolve():
                raise ValidationError("a backup cannot be written over the diary database itself")
            self._sqlite_backup(target)
            result = BackupResult(target, BackupFormat.SQLITE, target.stat().st_size)
        else:
            result = self._server_backup(target)
        report(1, 1, "Backed up")
        log.info("backup written (%s, %d bytes)", result.format, result.size)
        return result

    def _sqlite_backup(self, target: Path) -> None:
        assert self._db.path is not None
        try:
            files.copy_sqlite(self._db.path, target)
        except (OSError, sqlite3.Error) as error:
            raise EnvironmentProblem(f"Could not write the backup {target}: {error}. Nothing was changed.") from None

    def _server_backup(self, target: Path) -> BackupResult:
        tool = files.pg_tool("pg_dump")
        if tool is not None:
            try:
                files.pg_dump(tool, self._db.url, target)
                return BackupResult(target, BackupFormat.PG_DUMP, target.stat().st_size)
            except EnvironmentProblem as problem:
                log.info("pg_dump did not work (%s); writing a full export instead", problem.message[:200])
                note = f"pg_dump did not work ({problem.message}), so this is a full export instead."
        else:
            note = "pg_dump is not installed, so this is a full export (every table in one zip file)."
        self._full_export(target)
        return BackupResult(target, BackupFormat.FULL_EXPORT, target.stat().st_size, note)

    def _full_export(self, target: Path) -> None:
        with self._db.read() as session:
            repo = SnapshotRepository(session)
            data = {table.name: repo.rows(table) for table in tables()}
        try:
            write_full_export(target, head_revision(), data)
        except OSError as error:
            raise EnvironmentProblem(f"Could not write the backup {target}: {error}. Nothing was changed.") from None

    @requires(Permission.DATA)
    def restore(
        self, source: Path, safety_folder: Path, progress: Progress | None = None
    ) -> tuple[RestoreResult, Changes]:
        """Replace the whole diary with a backup's, after proving the backup whole and keeping a copy of now."""
        report = progress or (lambda _d, _t, _x: None)
        shown = source.name
        if not source.is_file():
            raise ValidationError(f"{source} is not a file: choose a backup file")
        if self._db.path is not None and source.resolve() == self._db.path.resolve():
            raise ValidationError("that file is the diary database itself: choose a backup of it")
        kind = files.sniff(source)
        if kind is None:
            raise DatabaseNotUsable(f"{shown} is not an IRO Diary backup. Nothing was changed.")
        report(0, 3, "Checking the backup")
        with tempfile.TemporaryDirectory(prefix="iro-diary-restore-") as work:
            restore = self._prepared_restore(kind, source, Path(work), shown)
            report(1, 3, "Keeping a copy of the diary as it is now")
            safety = self.backup(safety_folder / self.suggested_name("before-restore"))
            report(2, 3, "Restoring")
            restore()
        with self._db.write() as session:
            ChangeLogRepository(session).announce_everything()  # the other windows and PCs reload (issue #10)
        self._ctx.forget_rules()
        log.info("diary restored from a %s backup", kind)
        return RestoreResult(source, kind, safety.path), Changes.all()

    def _prepared_restore(self, kind: BackupFormat, source: Path, work: Path, shown: str) -> Callable[[], None]:
        """Check the backup completely (nothing live is touched) and return the step that restores it."""
        if kind is BackupFormat.FULL_EXPORT:
            revision, data = read_full_export(source, shown)
            self._require_current(revision, shown)
            return lambda: self._replace_tables(data)
        if kind is BackupFormat.PG_DUMP:
            return self._prepared_pg_restore(source, shown)
        copy = self._checked_sqlite_copy(source, work, shown)
        if self._db.is_sqlite:
            return lambda: self._restore_sqlite_pages(copy)
        data = _snapshot_of(copy)
        return lambda: self._replace_tables(data)

    def _require_current(self, revision: str, shown: str) -> None:
        if revision != head_revision():
            raise DatabaseNotUsable(
                f"{shown} was made by a different version of IRO Diary (schema {revision}, this one uses "
                f"{head_revision()}). Nothing was changed."
            )

    def _checked_sqlite_copy(self, source: Path, work: Path, shown: str) -> Path:
        copy = work / "backup.sqlite3"
        try:
            shutil.copyfile(source, copy)
            copy.chmod(0o600)
        except OSError as error:
            raise EnvironmentProblem(f"Cannot read {shown}: {error.strerror or error}. Nothing was changed.") from None
        files.check_sqlite_file(copy, shown)
        try:
            db = Database(str(copy), create_file=False)
            try:
                if check_compatible(db) is None:
                    raise DatabaseNotUsable(f"{shown} holds no IRO Diary data. Nothing was changed.")
                prepare(db, work / "upgrade-backups", self._ctx.clock.now())
            finally:
                db.close()
        except DatabaseNotUsable as problem:
            raise DatabaseNotUsable(problem.message.replace(str(copy), shown)) from None
        files.make_self_contained(copy)
        return copy

    def _prepared_pg_restore(self, source: Path, shown: str) -> Callable[[], None]:
        if self._db.is_sqlite:
            raise ValidationError(
                f"{shown} is a PostgreSQL (pg_dump) backup; this diary is an embedded SQLite database. "
                "Restore it into a PostgreSQL diary, or choose a SQLite backup or a full export."
            )
        tool = files.pg_tool("pg_restore")
        if tool is None:
            raise EnvironmentProblem("pg_restore is not installed here, so a pg_dump backup cannot be restored.")
        self._require_current(files.pg_archive_revision(tool, source, shown), shown)

        def restore() -> None:
            self._db.engine.dispose()
            files.pg_restore(tool, self._db.url, source)

        return restore

    def _restore_sqlite_pages(self, copy: Path) -> None:
        assert self._db.path is not None
        self._db.engine.dispose()
        try:
            files.restore_sqlite_pages(copy, self._db.path)
        except sqlite3.Error as error:
            raise EnvironmentProblem(
                f"The diary database could not be restored ({error}); it is as it was. Close other windows "
                "using it and try again."
            ) from None
        self._db.engine.dispose()

    def _replace_tables(self, data: dict[str, list[dict[str, object]]]) -> None:
        with self._db.write() as session:
            SnapshotRepository(session).replace_all(data)

    @open_to_everyone
    def daily_backup(self, folder: Path) -> Path | None:
        """At start: back the embedded database up when the newest daily backup is a day old or more, and delete
        daily backups older than the setting `backups.keep-days` (the newest is always kept)."""
        keep_days = int(SettingsService(self._ctx).get("backups.keep-days"))
        if not self._db.is_sqlite or self._db.path is None or keep_days <= 0:
            return None
        now = self._ctx.clock.now()
        prefix = f"{DAILY_PREFIX}{self._db.path.stem}-"
        taken = _daily_backups(folder, prefix)
        made = None
        if not taken or now - max(taken) >= dt.timedelta(days=1):
            made = self.backup(folder / f"{prefix}{now:{STAMP}}.sqlite3").path
            taken[now] = made
        newest = max(taken)
        for when, path in taken.items():
            if when != newest and now - when > dt.timedelta(days=keep_days):
                path.unlink(missing_ok=True)
        return made


def _daily_backups(folder: Path, prefix: str) -> dict[dt.datetime, Path]:
    found = {}
    for path in folder.glob(f"{prefix}*.sqlite3") if folder.is_dir() else []:
        stamp = path.name.removeprefix(prefix).removesuffix(".sqlite3")
        try:
            found[dt.datetime.strptime(stamp, STAMP).replace(tzinfo=dt.UTC)] = path
        except ValueError:
            continue
    return found


def _snapshot_of(copy: Path) -> dict[str, list[dict[str, object]]]:
    db = Database(str(copy), create_file=False)
    try:
        with db.read() as session:
            repo = SnapshotRepository(session)
            return {table.name: repo.rows(table) for table in tables()}
    finally:
        db.close()
