"""Every row of every table of a diary, to assert that something left the database exactly as it was."""

from __future__ import annotations

from typing import Any

from iro_diary.services.registry import Services
from iro_diary.store.repositories.snapshot import SnapshotRepository, tables


def database_rows(services: Services) -> dict[str, list[dict[str, Any]]]:
    with services.ctx.db.read() as session:
        repo = SnapshotRepository(session)
        return {table.name: repo.rows(table) for table in tables()}
