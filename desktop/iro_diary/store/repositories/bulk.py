"""Whole-database operations: is it empty, clear it, and fast inserts of many rows (demo, import, restore)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from iro_diary.store.models import Base, Child, Iro, Meeting, Room

CHUNK = 5000


class BulkRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def has_data(self) -> bool:
        """Whether the diary holds any IROs, rooms, children or meetings."""
        return any(self.session.scalar(select(model.id).limit(1)) is not None for model in (Iro, Room, Child, Meeting))

    def core_counts(self) -> tuple[int, int, int, int]:
        """How many IROs, rooms, children and meetings there are."""
        iros, rooms, children, meetings = (
            int(self.session.scalar(select(func.count()).select_from(model)) or 0)
            for model in (Iro, Room, Child, Meeting)
        )
        return iros, rooms, children, meetings

    def clear_all(self) -> None:
        """Delete every row of every table (children before parents). The service's own configuration stays
        (settings, calendar days, its quality-assurance theme lists and live-audit checklist), and so do the people
        who use the app and the audit trail (which the app never deletes: issue #10)."""
        keep = {"setting", "calendar_day", "quality_theme", "audit_item", "app_user", "audit_entry", "change_log"}
        for table in reversed(Base.metadata.sorted_tables):
            if table.name not in keep:
                self.session.execute(table.delete())

    def insert_rows(
        self, table_name: str, rows: Sequence[dict[str, Any]], progress: Callable[[int], None] | None = None
    ) -> None:
        table = Base.metadata.tables[table_name]
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            self.session.execute(insert(table), list(chunk))
            if progress is not None:
                progress(len(chunk))

    def reset_id_sequences(self) -> None:
        """After inserting explicit ids on PostgreSQL, move each id sequence past the largest id (and the meeting
        reference sequence past the latest reference)."""
        if self.session.get_bind().dialect.name != "postgresql":
            return
        self.session.execute(
            text(
                "SELECT setval('meeting_ref_seq', GREATEST(1, COALESCE((SELECT MAX(CAST(SUBSTRING(ref FROM 3) AS "
                "bigint)) FROM meeting WHERE ref ~ '^M-[0-9]+$'), 0)), (SELECT COUNT(*) > 0 FROM meeting "
                "WHERE ref ~ '^M-[0-9]+$'))"
            )
        )
        for table in Base.metadata.sorted_tables:
            if "id" in table.c and table.c.id.autoincrement:
                self.session.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                    )
                )
