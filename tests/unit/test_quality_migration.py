"""Migration 1200_quality: upgrades a diary (keeping its meetings) with the report's themes and checklist,
matches the models exactly, and downgrades cleanly — on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from iro_diary.domain.quality.codes import STARTING_CHECKLIST, STARTING_CONCERN_THEMES, STARTING_GOOD_PRACTICE_THEMES
from iro_diary.store.database import Database
from iro_diary.store.migrate import current_revision, head_revision, prepare
from iro_diary.store.models import Base
from tests.factories import make_meeting
from tests.migration_support import migrate

TABLES = {"quality_theme", "cause_for_concern", "concern_stage", "good_practice", "audit_item", "audit_answer"}


def test_the_quality_tables_upgrade_with_the_reports_lists_and_downgrade(any_db_url: str, tmp_path: Path) -> None:
    db = Database(any_db_url)
    try:
        prepare(db, tmp_path / "backups", dt.datetime.now(dt.UTC))
        meeting_id = make_meeting(db)
        migrate(db, "downgrade", "0700_compliance_cache")
        with db.engine.connect() as connection:
            assert not TABLES & set(inspect(connection).get_table_names())
        migrate(db, "upgrade", "head")
        assert current_revision(db) == head_revision()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
            assert connection.exec_driver_sql(f"SELECT id FROM meeting WHERE id = {meeting_id}").scalar() == meeting_id
            themes = connection.exec_driver_sql("SELECT kind, name FROM quality_theme ORDER BY position").all()
            items = connection.exec_driver_sql("SELECT code, label, applies_to FROM audit_item ORDER BY position").all()
        assert themes == [("concern", t) for t in STARTING_CONCERN_THEMES] + [
            ("good-practice", t) for t in STARTING_GOOD_PRACTICE_THEMES
        ]
        assert items == [(code, label, scope.value) for code, label, scope in STARTING_CHECKLIST]
    finally:
        db.close()
