"""Undo and redo for booking, moving and cancelling (Ctrl+Z / Ctrl+Shift+Z).

Each undo is itself an audited service call — undoing a booking cancels it, undoing a move moves the meeting back,
undoing a cancellation reinstates it — carrying the version the meeting had after the step, so it is refused
cleanly (a stale edit) when someone has changed the meeting since.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

from iro_diary.domain.codes import MeetingStatus
from iro_diary.services.booking import KEEP, UNDONE
from iro_diary.services.changes import Changes
from iro_diary.services.diary_rows import MeetingRow
from iro_diary.services.registry import Services

Call = Callable[[Services], tuple[MeetingRow, Changes]]


@dataclass(frozen=True, slots=True)
class Placing:
    """Where a meeting is: its day, start (UK local), chair and room."""

    day: dt.date
    start: dt.time
    chair_id: int | None
    room_id: int | None

    @classmethod
    def of(cls, row: MeetingRow) -> Placing:
        return cls(row.day, row.start.time().replace(tzinfo=None), row.chair_id, row.room_id)


@dataclass(frozen=True, slots=True)
class Step:
    """One undoable action. `version` is the meeting's version after the action (or its latest redo)."""

    action: str  # "book", "move" or "cancel"
    meeting_id: int
    ref: str
    version: int
    status: MeetingStatus  # booked or provisional: what a reinstated meeting becomes
    before: Placing | None = None
    after: Placing | None = None
    reason: str = ""

    @property
    def description(self) -> str:
        return {"book": f"booking {self.ref}", "move": f"moving {self.ref}", "cancel": f"cancelling {self.ref}"}[
            self.action
        ]


def booked(row: MeetingRow) -> Step:
    return Step("book", row.id, row.ref, row.version, row.status)


def moved(before: MeetingRow, after: MeetingRow) -> Step:
    return Step("move", after.id, after.ref, after.version, after.status, Placing.of(before), Placing.of(after))


def cancelled(before: MeetingRow, after: MeetingRow) -> Step:
    return Step("cancel", after.id, after.ref, after.version, before.status, reason=after.cancel_reason or "")


def undo_call(step: Step) -> Call:
    if step.action == "book":
        return lambda s: s.booking.cancel(step.meeting_id, step.version, UNDONE)
    if step.action == "move":
        return _move_to(step, step.before)
    return lambda s: s.booking.reinstate(step.meeting_id, step.version, step.status)


def redo_call(step: Step) -> Call:
    if step.action == "book":
        return lambda s: s.booking.reinstate(step.meeting_id, step.version, step.status)
    if step.action == "move":
        return _move_to(step, step.after)
    return lambda s: s.booking.cancel(step.meeting_id, step.version, step.reason or "Cancelled again")


def _move_to(step: Step, where: Placing | None) -> Call:
    assert where is not None
    chair = where.chair_id if where.chair_id is not None else KEEP
    room = where.room_id if where.room_id is not None else KEEP
    return lambda s: s.booking.move(step.meeting_id, step.version, where.day, where.start, chair_id=chair, room_id=room)


class UndoStack:
    """Two stacks of steps; a new action clears what could be redone."""

    def __init__(self) -> None:
        self._undo: list[Step] = []
        self._redo: list[Step] = []

    def push(self, step: Step) -> None:
        self._undo.append(step)
        self._redo.clear()

    def next_undo(self) -> Step | None:
        return self._undo[-1] if self._undo else None

    def next_redo(self) -> Step | None:
        return self._redo[-1] if self._redo else None

    def undone(self, step: Step, version: int) -> None:
        """The step was undone; the meeting is now at `version`."""
        self._undo.remove(step)
        self._redo.append(replace(step, version=version))

    def redone(self, step: Step, version: int) -> None:
        self._redo.remove(step)
        self._undo.append(replace(step, version=version))

    def drop(self, step: Step) -> None:
        """Forget a step that can no longer be undone or redone (the meeting changed underneath it)."""
        for stack in (self._undo, self._redo):
            if step in stack:
                stack.remove(step)
