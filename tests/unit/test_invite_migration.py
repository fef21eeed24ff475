"""Migration 0600_invites: upgrades a diary from 0001 (keeping its meetings), matches the models exactly, and
downgrades cleanly — on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from iro_diary.store.database import Database
from iro_diary.store.migrate import current_revision, head_revision, prepare
from iro_diary.store.models import Base
from tests.factories import make_meeting
from tests.migration_support import migrate


def test_the_invites_tables_upgrade_downgrade_and_match_the_models(any_db_url: str, tmp_path: Path) -> None:
    db = Database(any_db_url)
    try:
        prepare(db, tmp_path / "backups", dt.datetime.now(dt.UTC))
        meeting_id = make_meeting(db)
        migrate(db, "downgrade", "0001")
        with db.engine.connect() as connection:
            assert not {"invite_outbox", "invite_delivery"} & set(inspect(connection).get_table_names())
        migrate(db, "upgrade", "head")
        assert current_revision(db) == head_revision()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
            assert connection.exec_driver_sql(f"SELECT id FROM meeting WHERE id = {meeting_id}").scalar() == meeting_id
    finally:
        db.close()
