"""Checking a migration: upgrade, downgrade and upgrade again, keeping the data, ending exactly at the models."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from iro_diary.store.database import Database
from iro_diary.store.migrate import alembic_config, current_revision, head_revision, prepare
from iro_diary.store.models import Base
from tests.factories import make_meeting


def migrate(db: Database, action: str, revision: str) -> None:
    """`alembic upgrade|downgrade REVISION` on `db`."""
    config = alembic_config()
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        getattr(command, action)(config, revision)


def assert_migration_round_trip(url: str, backups: Path, before: str, its_tables: set[str]) -> None:
    """Down to `before` (the migration's tables go, a meeting stays), up to head again: the schema matches the
    models exactly and the meeting is still there."""
    db = Database(url)
    try:
        prepare(db, backups, dt.datetime.now(dt.UTC))
        meeting_id = make_meeting(db)
        migrate(db, "downgrade", before)
        with db.engine.connect() as connection:
            assert not its_tables & set(inspect(connection).get_table_names())
        migrate(db, "upgrade", "head")
        assert current_revision(db) == head_revision()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
            assert connection.exec_driver_sql(f"SELECT id FROM meeting WHERE id = {meeting_id}").scalar() == meeting_id
    finally:
        db.close()
