"""Migration 0600_invites: upgrades a diary from 0001 (keeping its meetings), matches the models exactly, and
downgrades cleanly — on SQLite and on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from tests.migration_support import assert_migration_round_trip


def test_the_invites_tables_upgrade_downgrade_and_match_the_models(any_db_url: str, tmp_path: Path) -> None:
    assert_migration_round_trip(any_db_url, tmp_path / "backups", "0001", {"invite_outbox", "invite_delivery"})
