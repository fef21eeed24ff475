"""Writing many rows at once for an import: inserts that give back their ids, updates by id, deletes by id.

Core statements run as executemany batches (SQLAlchemy's "insertmanyvalues"), so 100,000 rows take seconds, not
minutes. Updates raise the optimistic-locking version of versioned tables, as an edit in the app would, so a
window holding an older copy is told its record changed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import bindparam, delete, insert, update
from sqlalchemy.orm import Session

from iro_diary.store.models import Base

CHUNK = 5000
Progress = Callable[[int], None]


class ImportWriteRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def insert(self, table_name: str, rows: Sequence[dict[str, Any]], progress: Progress | None = None) -> None:
        """Insert `rows` (all with the same keys). The caller finds their ids by their natural keys: asking
        for ids back in order makes SQLite insert one row at a time."""
        table = Base.metadata.tables[table_name]
        for start in range(0, len(rows), CHUNK):
            chunk = list(rows[start : start + CHUNK])
            self.session.execute(insert(table), chunk)
            if progress is not None:
                progress(len(chunk))

    def update(self, table_name: str, rows: Sequence[dict[str, Any]], progress: Progress | None = None) -> None:
        """Update rows by their `id` (every row with the same keys); versioned tables get version + 1."""
        if not rows:
            return
        table = Base.metadata.tables[table_name]
        columns = [name for name in rows[0] if name != "id"]
        statement = update(table).where(table.c.id == bindparam("row_id"))
        statement = statement.values({name: bindparam(f"new_{name}") for name in columns})
        if "version" in table.c:
            statement = statement.values(version=table.c.version + 1)
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            parameters = [{"row_id": row["id"], **{f"new_{name}": row[name] for name in columns}} for row in chunk]
            self.session.execute(statement, parameters)
            if progress is not None:
                progress(len(chunk))

    def delete(self, table_name: str, ids: Sequence[int]) -> None:
        table = Base.metadata.tables[table_name]
        for start in range(0, len(ids), 900):
            self.session.execute(delete(table).where(table.c.id.in_(list(ids[start : start + 900]))))
