"""Migration 1200_quality: upgrades a diary (keeping its meetings) with the report's themes and checklist,
matches the models exactly, and downgrades cleanly — on SQLite and on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from iro_diary.domain.quality.codes import STARTING_CHECKLIST, STARTING_CONCERN_THEMES, STARTING_GOOD_PRACTICE_THEMES
from iro_diary.store.database import Database
from tests.migration_support import assert_migration_round_trip

TABLES = {"quality_theme", "cause_for_concern", "concern_stage", "good_practice", "audit_item", "audit_answer"}


def test_the_quality_tables_upgrade_with_the_reports_lists_and_downgrade(any_db_url: str, tmp_path: Path) -> None:
    assert_migration_round_trip(any_db_url, tmp_path / "backups", "0700_compliance_cache", TABLES)
    db = Database(any_db_url)
    try:
        with db.engine.connect() as connection:
            themes = connection.exec_driver_sql("SELECT kind, name FROM quality_theme ORDER BY position").all()
            items = connection.exec_driver_sql("SELECT code, label, applies_to FROM audit_item ORDER BY position").all()
    finally:
        db.close()
    assert themes == [("concern", t) for t in STARTING_CONCERN_THEMES] + [
        ("good-practice", t) for t in STARTING_GOOD_PRACTICE_THEMES
    ]
    assert items == [(code, label, scope.value) for code, label, scope in STARTING_CHECKLIST]
