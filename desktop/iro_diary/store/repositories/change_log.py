"""The change log (issue #10): what other windows and PCs changed, and the schema the database is at.

The database's triggers add the rows; this reads them for the live refresh, stamps an SQLite app's own rows, marks
a whole-diary replacement, and keeps the log short.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, inspect, select, text, update
from sqlalchemy.orm import Session

from iro_diary.store.models import ChangeLog

# The PostgreSQL channel the triggers notify (migration 1000_shared_diary).
CHANNEL = "iro_diary_changes"
# A whole-diary replacement (restore, demo): the views reload everything.
EVERYTHING = "everything"
# Present only inside a restore's own transaction: the audit trail's triggers let it replace the audit rows.
RESTORING = "restoring"
# How many rows to keep: an app further behind than this reloads everything.
KEEP_ROWS = 20_000


@dataclass(frozen=True, slots=True)
class LoggedChange:
    id: int
    source: str | None
    kind: str
    key: str


class ChangeLogRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def exists(self) -> bool:
        """Whether this database has a change log (it is missing before migration 1000_shared_diary)."""
        return bool(inspect(self.session.connection()).has_table("change_log"))

    def last_id(self) -> int:
        return int(self.session.scalar(select(func.coalesce(func.max(ChangeLog.id), 0))) or 0)

    def first_id(self) -> int:
        return int(self.session.scalar(select(func.coalesce(func.min(ChangeLog.id), 0))) or 0)

    def stamp(self, after: int, source: str) -> None:
        """Say that the unstamped rows after `after` are `source`'s (SQLite: the writer holds the only lock)."""
        self.session.execute(
            update(ChangeLog).where(ChangeLog.id > after, ChangeLog.source.is_(None)).values(source=source)
        )

    def since(self, last: int, limit: int) -> list[LoggedChange]:
        rows = self.session.execute(
            select(ChangeLog.id, ChangeLog.source, ChangeLog.kind, ChangeLog.key)
            .where(ChangeLog.id > last)
            .order_by(ChangeLog.id)
            .limit(limit)
        )
        return [LoggedChange(*row) for row in rows]

    def announce_everything(self) -> None:
        """Tell every other open app to reload everything (after the whole diary was replaced)."""
        if self.session.get_bind().dialect.name == "postgresql":
            self.session.execute(
                text("SELECT pg_notify(:channel, current_setting('application_name') || '|everything:')"),
                {"channel": CHANNEL},
            )
        elif self.exists():
            self.session.execute(insert(ChangeLog).values(kind=EVERYTHING, key=""))

    @contextmanager
    def restoring(self) -> Iterator[None]:
        """While the whole diary is replaced in this transaction, the audit trail's triggers let its rows go (the
        backup brings its own trail). The marker is invisible to every other transaction and removed at the end."""
        self.session.execute(insert(ChangeLog).values(kind=RESTORING, key=""))
        yield
        self.session.execute(delete(ChangeLog).where(ChangeLog.kind == RESTORING))

    def prune(self, keep: int = KEEP_ROWS) -> None:
        last = self.last_id()
        if last > keep:
            self.session.execute(delete(ChangeLog).where(ChangeLog.id <= last - keep))

    def schema_revision(self) -> str | None:
        """The Alembic revision the database is at (None if it has none)."""
        return self.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
