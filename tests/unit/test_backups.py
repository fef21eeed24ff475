"""Backing up and restoring the whole diary: identical data back, and a bad file never touches the diary."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest

from iro_diary.domain.errors import DatabaseNotUsable, ValidationError
from iro_diary.infra.clock import FixedClock
from iro_diary.services.registry import Services
from iro_diary.store import backups as backup_files
from tests.conftest import TODAY
from tests.factories import make_room
from tests.snapshots import database_rows


def live_bytes(path: Path) -> bytes:
    """The database file and its write-ahead log, as they are on disk."""
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def test_a_backup_restored_gives_identical_data(demo_services: Services, tmp_path: Path) -> None:
    before = database_rows(demo_services)
    result = demo_services.backups.backup(tmp_path / "backup.sqlite3")
    assert result.format == "sqlite" and (result.path.stat().st_mode & 0o777) == 0o600
    assert not Path(str(result.path) + "-wal").exists()
    make_room(demo_services.ctx.db, name="Added after the backup")
    demo_services.settings.set("child-population", 70000)
    restored, changes = demo_services.backups.restore(result.path, tmp_path / "safety")
    assert changes.everything and restored.safety_copy.parent == tmp_path / "safety"
    assert database_rows(demo_services) == before
    assert demo_services.settings.get("child-population") == 65800
    assert demo_services.status.counts().rooms == len(before["room"])


def test_the_copy_kept_before_a_restore_holds_the_diary_as_it_was(demo_services: Services, tmp_path: Path) -> None:
    backup = demo_services.backups.backup(tmp_path / "backup.sqlite3").path
    make_room(demo_services.ctx.db, name="Only in the safety copy")
    later = database_rows(demo_services)
    restored, _ = demo_services.backups.restore(backup, tmp_path / "safety")
    demo_services.backups.restore(restored.safety_copy, tmp_path / "safety")
    assert database_rows(demo_services) == later


def _truncated(source: Path, target: Path) -> Path:
    target.write_bytes(source.read_bytes()[: source.stat().st_size // 2])
    return target


def _corrupted(source: Path, target: Path) -> Path:
    data = bytearray(source.read_bytes())
    data[4096 * 3 : 4096 * 3 + 64] = b"\xff" * 64
    target.write_bytes(bytes(data))
    return target


def _foreign(_source: Path, target: Path) -> Path:
    with sqlite3.connect(target) as connection:
        connection.execute("CREATE TABLE recipes (name TEXT)")
    return target


def _text(_source: Path, target: Path) -> Path:
    target.write_text("minutes of the meeting\n" * 100)
    return target


def _empty(_source: Path, target: Path) -> Path:
    target.write_bytes(b"")
    return target


def _newer(source: Path, target: Path) -> Path:
    shutil.copyfile(source, target)
    with sqlite3.connect(target) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    return target


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (_truncated, "damaged or incomplete"),
        (_corrupted, "damaged or incomplete"),
        (_foreign, "another program's database"),
        (_text, "not an IRO Diary backup"),
        (_empty, "not an IRO Diary backup"),
        (_newer, "newer version of IRO Diary"),
    ],
)
def test_a_bad_backup_is_refused_and_the_diary_is_untouched(
    demo_services: Services,
    demo_db_path: Path,
    tmp_path: Path,
    spoil,
    message: str,  # type: ignore[no-untyped-def]
) -> None:
    good = demo_services.backups.backup(tmp_path / "good.sqlite3").path
    bad = spoil(good, tmp_path / "bad.sqlite3")
    demo_services.status.counts()  # the app has the database open, with pooled connections
    before = live_bytes(demo_db_path)
    with pytest.raises(DatabaseNotUsable, match=message) as refused:
        demo_services.backups.restore(bad, tmp_path / "safety")
    assert "Nothing was changed" in refused.value.message and "bad.sqlite3" in refused.value.message
    assert live_bytes(demo_db_path) == before
    assert not (tmp_path / "safety").exists()


def test_a_backup_cannot_overwrite_the_diary_nor_restore_it_onto_itself(
    demo_services: Services, demo_db_path: Path, tmp_path: Path
) -> None:
    with pytest.raises(ValidationError):
        demo_services.backups.backup(demo_db_path)
    with pytest.raises(ValidationError):
        demo_services.backups.restore(demo_db_path, tmp_path)


def test_a_full_export_restores_into_sqlite_and_a_truncated_one_is_refused(
    demo_services: Services, tmp_path: Path
) -> None:
    from iro_diary.services.backups import BackupService

    service = BackupService(demo_services.ctx)
    service._full_export(tmp_path / "full.zip")  # what a PostgreSQL diary without pg_dump writes
    assert zipfile.is_zipfile(tmp_path / "full.zip")
    before = database_rows(demo_services)
    make_room(demo_services.ctx.db, name="Gone after the restore")
    _truncated(tmp_path / "full.zip", tmp_path / "cut.zip")
    changed = database_rows(demo_services)
    with pytest.raises(DatabaseNotUsable, match="damaged or incomplete"):
        service.restore(tmp_path / "cut.zip", tmp_path / "safety")
    assert database_rows(demo_services) == changed
    service.restore(tmp_path / "full.zip", tmp_path / "safety")
    assert database_rows(demo_services) == before


@pytest.mark.postgres
def test_postgresql_backs_up_with_pg_dump_and_restores(postgres_url: str, clock: FixedClock, tmp_path: Path) -> None:
    from tests.conftest import make_services

    if backup_files.pg_tool("pg_dump") is None:
        pytest.skip("pg_dump is not installed")
    services = make_services(postgres_url, clock)
    try:
        services.demo.generate(0.05, 2)
        before = database_rows(services)
        result = services.backups.backup(tmp_path / "shared.pgdump")
        assert result.format == "pg_dump"
        _truncated(result.path, tmp_path / "cut.pgdump")
        with pytest.raises(DatabaseNotUsable, match="not a complete IRO Diary backup"):
            services.backups.restore(tmp_path / "cut.pgdump", tmp_path / "safety")
        make_room(services.ctx.db, name="Gone after the restore")
        services.backups.restore(result.path, tmp_path / "safety")
        assert database_rows(services) == before
        make_room(services.ctx.db, name="A new room gets a fresh id")
    finally:
        services.close()


@pytest.mark.postgres
def test_without_pg_dump_postgresql_backs_up_as_a_full_export(
    postgres_url: str, clock: FixedClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import make_services

    monkeypatch.setattr(backup_files, "pg_tool", lambda _name: None)
    services = make_services(postgres_url, clock)
    try:
        services.demo.generate(0.05, 4)
        before = database_rows(services)
        result = services.backups.backup(tmp_path / "shared.zip")
        assert result.format == "full-export" and "pg_dump is not installed" in result.note
        make_room(services.ctx.db, name="Gone after the restore")
        services.backups.restore(result.path, tmp_path / "safety")
        assert database_rows(services) == before
    finally:
        services.close()


@pytest.mark.postgres
def test_a_sqlite_backup_restores_into_postgresql(
    demo_services: Services, postgres_url: str, clock: FixedClock, tmp_path: Path
) -> None:
    from tests.conftest import make_services

    backup = demo_services.backups.backup(tmp_path / "embedded.sqlite3").path
    shared = make_services(postgres_url, clock)
    try:
        shared.backups.restore(backup, tmp_path / "safety")
        assert database_rows(shared) == database_rows(demo_services)
    finally:
        shared.close()


def _at(services: Services, day: dt.date, hour: int = 9) -> None:
    services.ctx.clock = FixedClock.on(day, hour)


def test_daily_backups_are_made_once_a_day_and_kept_for_the_set_days(services: Services, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    services.settings.set("backups.keep-days", 3)
    first = services.backups.daily_backup(folder)
    assert first is not None and first.name.startswith("daily-diary-")
    assert services.backups.daily_backup(folder) is None  # less than a day old
    for days in range(1, 7):
        _at(services, TODAY + dt.timedelta(days=days), hour=10)
        assert services.backups.daily_backup(folder) is not None
    kept = sorted(p.name for p in folder.iterdir())
    assert len(kept) == 4 and kept[-1].startswith("daily-diary-20261202")
    services.settings.set("backups.keep-days", 0)
    _at(services, TODAY + dt.timedelta(days=30))
    assert services.backups.daily_backup(folder) is None and len(list(folder.iterdir())) == 4
