"""Every row of every table: read for a full export, and replaced wholesale by a restore (one transaction)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Table, bindparam, select
from sqlalchemy.orm import Session

from iro_diary.store.models import Base
from iro_diary.store.repositories.bulk import BulkRepository
from iro_diary.store.repositories.change_log import ChangeLogRepository

# Not the diary's data: which changes other open windows have yet to hear about (issue #10).
NOT_DATA = {"change_log"}


def tables() -> list[Table]:
    """The app's tables, parents before children (Alembic's own version table and the change log are not)."""
    return [table for table in Base.metadata.sorted_tables if table.name not in NOT_DATA]


class SnapshotRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def rows(self, table: Table) -> list[dict[str, Any]]:
        query = select(table).order_by(*table.primary_key.columns)
        return [dict(row) for row in self.session.execute(query).mappings()]

    def replace_all(
        self, data: Mapping[str, Sequence[dict[str, Any]]], progress: Callable[[int], None] | None = None
    ) -> None:
        """Delete every row of every table (settings, calendar days and the audit trail too), then insert `data`'s;
        then tell every other open app to reload."""
        log = ChangeLogRepository(self.session)
        with log.restoring():
            for table in reversed(tables()):
                self.session.execute(table.delete())
        bulk = BulkRepository(self.session)
        for table in tables():
            bulk.insert_rows(table.name, data.get(table.name, []), progress)
        bulk.reset_id_sequences()
        self._put_back_facts_versions(data)
        log.announce_everything()

    def _put_back_facts_versions(self, data: Mapping[str, Sequence[dict[str, Any]]]) -> None:
        """Inserting a child's episodes and meetings raised its `facts_version` (migration 0700's triggers); the
        facts are now exactly as exported, so their version is too, and the kept answered steps stay usable."""
        for table in tables():
            rows = data.get(table.name, [])
            if "facts_version" not in table.c or not rows:
                continue
            statement = table.update().where(table.c.id == bindparam("_id")).values(facts_version=bindparam("_version"))
            self.session.execute(statement, [{"_id": r["id"], "_version": r.get("facts_version") or 0} for r in rows])
