"""Audit trail, team-wide settings and the calendar's local days."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from iro_diary.store.base import Base, UtcDateTime, Versioned


class AuditEntry(Base):
    """Who changed what, when, with the values before and after (JSON). Written in the same transaction."""

    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_entity_entity_id", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime, index=True)
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(40))
    summary: Mapped[str] = mapped_column(String(200), default="")
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)


class ChangeLog(Base):
    """What was changed, for the other windows showing an embedded (SQLite) diary (issue #10: live refresh).

    Written by database triggers (migration 1000_shared_diary), so every writer is seen; `source` says which open
    app made the change (stamped by `Database.write`, which holds SQLite's only write lock), so an app does not
    refresh twice for its own changes. PostgreSQL's triggers send NOTIFY instead and leave this table empty but
    for a restore's marker (`kind = 'restoring'`, inside the restore's own transaction).
    """

    __tablename__ = "change_log"
    # Finds a restore's marker at once (the audit trail's triggers ask for it); holds no other rows.
    __table_args__ = (
        Index(
            "ix_change_log_restoring",
            "kind",
            sqlite_where=text("kind = 'restoring'"),
            postgresql_where=text("kind = 'restoring'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(80), default="")


class Setting(Versioned, Base):
    """A team-wide setting (a JSON value under a key from the settings schema)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    updated_by: Mapped[str] = mapped_column(String(120))


class CalendarDay(Base):
    """A day the working-day calendar must know about beyond the `holidays` package.

    kind "bank-holiday": imported from a gov.uk file (changes statutory counting).
    kind "closure": a local closure such as a Christmas shutdown (blocks booking only).
    """

    __tablename__ = "calendar_day"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
