"""The audit trail read back (issue #10): who did what to a meeting or a child, when, with before and after; and
an export of it as CSV. Nothing here can change the trail (DOMAIN.md: every change to a booking is attributable)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from iro_diary.domain.access import Permission
from iro_diary.domain.errors import EnvironmentProblem, NotFound, ValidationError
from iro_diary.infra.clock import LONDON, days_span
from iro_diary.services.access import requires
from iro_diary.services.context import ServiceContext
from iro_diary.store.models import AuditEntry
from iro_diary.store.repositories.audit import AuditRepository
from iro_diary.store.repositories.meetings import MeetingRepository

CSV_HEADER = ("when", "who", "action", "record", "record_id", "summary", "field", "before", "after")
# Columns that hold ids of IROs or rooms: shown by name.
IRO_FIELDS = {"chair_id", "allocated_iro_id", "iro_id"}
ROOM_FIELDS = {"room_id"}
# How people call the fields the trail records most (others are shown by their own name).
FIELD_LABELS = {
    "start_at": "start",
    "end_at": "end",
    "chair_id": "chair",
    "room_id": "room",
    "allocated_iro_id": "IRO",
    "iro_id": "IRO record",
    "ical_sequence": "invite version",
    "cancel_reason": "reason for cancelling",
    "late_reason": "reason for booking late",
    "minute_taker": "minute-taker",
}

# The fields people look for first come first (the trail stores them in alphabetical order).
FIELD_ORDER = {field: place for place, field in enumerate(FIELD_LABELS)}


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    before: str
    after: str

    @property
    def label(self) -> str:
        return FIELD_LABELS.get(self.field, self.field.replace("_", " "))


@dataclass(frozen=True, slots=True)
class HistoryRow:
    """One audit row as people read it: the time in UK local time, values as text, ids as names."""

    at: dt.datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    summary: str
    changes: tuple[FieldChange, ...]

    @property
    def changes_text(self) -> str:
        return "; ".join(f"{c.label}: {c.before or '—'} → {c.after or '—'}" for c in self.changes)


class _Namer:
    def __init__(self, iros: dict[int, str], rooms: dict[int, str]) -> None:
        self.iros, self.rooms = iros, rooms

    def __call__(self, field: str, value: Any) -> str:
        if value is None:
            return ""
        if field in IRO_FIELDS and isinstance(value, int):
            return self.iros.get(value, f"IRO {value}")
        if field in ROOM_FIELDS and isinstance(value, int):
            return self.rooms.get(value, f"room {value}")
        if isinstance(value, dict | list):
            return json.dumps(value, sort_keys=True)
        if field.endswith("_at") and isinstance(value, str):
            return _local_time(value)
        return str(value)


def _local_time(text: str) -> str:
    """An instant as recorded (ISO, UTC) in UK local time, as the diary shows it."""
    try:
        instant = dt.datetime.fromisoformat(text)
    except ValueError:
        return text
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=dt.UTC)
    return f"{instant.astimezone(LONDON):%a %d %b %Y %H:%M}"


def _changes(entry: AuditEntry, name: _Namer) -> tuple[FieldChange, ...]:
    before = json.loads(entry.before) if entry.before else {}
    after = json.loads(entry.after) if entry.after else {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return ()
    fields = [f for f in dict.fromkeys([*before, *after]) if before.get(f) != after.get(f)]
    fields.sort(key=lambda f: (FIELD_ORDER.get(f, len(FIELD_ORDER)), f))
    return tuple(FieldChange(f, name(f, before.get(f)), name(f, after.get(f))) for f in fields)


def _row(entry: AuditEntry, name: _Namer) -> HistoryRow:
    return HistoryRow(
        entry.at.astimezone(LONDON),
        entry.actor,
        entry.action,
        entry.entity,
        entry.entity_id,
        entry.summary,
        _changes(entry, name),
    )


class HistoryService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def meeting(self, meeting_id: int) -> list[HistoryRow]:
        """Everything that happened to a meeting: booked, changed, moved, invites, held, cancelled."""
        with self._ctx.db.read() as session:
            meeting = MeetingRepository(session).get(meeting_id)
            if meeting is None:
                raise NotFound("That meeting no longer exists.")
            repo = AuditRepository(session)
            name = _Namer(*repo.names())
            entries = repo.of([("meeting", meeting.ref), ("meeting", str(meeting.id))])
            return [_row(entry, name) for entry in entries]

    def child(self, child_id: int) -> list[HistoryRow]:
        """Changes to a child's record, care episodes and plans (their meetings have their own history)."""
        with self._ctx.db.read() as session:
            repo = AuditRepository(session)
            name = _Namer(*repo.names())
            return [_row(entry, name) for entry in repo.of(repo.records_of_child(child_id))]

    @requires(Permission.AUDIT)
    def export(self, path: Path, start: dt.date, end: dt.date) -> int:
        """Every audit row from `start` to `end` (UK days, inclusive) to a CSV file; how many rows were written."""
        if end < start:
            raise ValidationError("The period ends before it starts")
        first, after_last = days_span(start, end)
        with self._ctx.db.read() as session:
            repo = AuditRepository(session)
            name = _Namer(*repo.names())
            return write_csv(path, (_row(entry, name) for entry in repo.between(first, after_last)))


def write_csv(path: Path, rows: Iterable[HistoryRow]) -> int:
    """History rows as CSV, one line per changed field (a row without fields gets one line); the row count."""
    count = 0
    try:
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(CSV_HEADER)
            for row in rows:
                count += 1
                when = row.at.strftime("%Y-%m-%d %H:%M:%S")
                common = [when, row.actor, row.action, row.entity, row.entity_id, row.summary]
                for change in row.changes or (FieldChange("", "", ""),):
                    writer.writerow([*common, change.field, change.before, change.after])
    except OSError as error:
        raise EnvironmentProblem(f"Cannot write {path}: {error.strerror or error}") from None
    return count
