"""Checking a migration: upgrade, downgrade and upgrade again, keeping the data, ending exactly at the models."""

from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, inspect

from iro_diary.store.database import Database
from iro_diary.store.migrate import alembic_config, current_revision, head_revision, prepare
from iro_diary.store.models import Base
from tests.factories import make_meeting

EXPRESSION_INDEX = "ix_meeting_ref_length_ref"


def index_names(connection: Connection) -> set[str]:
    """Every index's name, those on expressions included (which SQLite's reflection leaves out)."""
    if connection.dialect.name == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE type = 'index'"
    else:
        query = "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
    return set(connection.exec_driver_sql(query).scalars())


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
            with warnings.catch_warnings():
                # SQLite's reflection cannot read an index on an expression (the latest reference's), so neither
                # can the comparison: it is looked for by name below instead.
                warnings.filterwarnings("ignore", ".*expression-based index")
                assert compare_metadata(context, Base.metadata) == []
            assert EXPRESSION_INDEX in index_names(connection)
            assert connection.exec_driver_sql(f"SELECT id FROM meeting WHERE id = {meeting_id}").scalar() == meeting_id
    finally:
        db.close()
