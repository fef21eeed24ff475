"""The scheduling assistant's plain rows: suggested slots, a plan's proposals and what it could not place.

Times are UK local (Europe/London), timezone-aware. A planned row carries the `BookingRequest` that books it as it
is (provisional; with the reason it is late, when it is).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from iro_diary.domain.booking import Window
from iro_diary.domain.codes import MeetingKind
from iro_diary.domain.slot_data import Slot
from iro_diary.domain.slots import SlotSearch
from iro_diary.infra.clock import LONDON
from iro_diary.services.diary_rows import BookingRequest


@dataclass(frozen=True, slots=True)
class SlotRow:
    """One suggested slot: when, who chairs, where, and why it ranks where it does."""

    start: dt.datetime
    end: dt.datetime
    chair_id: int
    chair_name: str
    chair_email: str
    room_id: int | None
    room_name: str | None
    venue: str
    working_days_late: int
    reasons: tuple[str, ...]

    @property
    def late(self) -> bool:
        return self.working_days_late > 0

    @property
    def day(self) -> dt.date:
        return self.start.date()

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)

    @property
    def place(self) -> str:
        return self.room_name or self.venue


@dataclass(frozen=True, slots=True)
class SlotList:
    """The best slots for one meeting, best first, with the window they answer and — when nothing fits by the
    latest working day — why (`shortfall`)."""

    kind: MeetingKind
    child_ids: tuple[int, ...]
    case_refs: tuple[str, ...]
    household_id: int | None
    household_ref: str | None
    window: Window | None
    minutes: int
    people: int
    slots: tuple[SlotRow, ...]
    shortfall: str = ""
    continuity: str = ""  # why the child's own IRO is not among the slots in time, when they are not


@dataclass(frozen=True, slots=True)
class Subject:
    """Whom a requirement is for, as the Due & overdue list shows them."""

    requirement_id: str
    kind: MeetingKind
    rule_label: str
    child_ids: tuple[int, ...]
    case_refs: tuple[str, ...]
    names: str
    family_ref: str | None
    household_id: int | None
    household_ref: str | None
    due: dt.date
    latest_working_day: dt.date

    @property
    def who(self) -> str:
        refs = " ".join(self.case_refs) or (self.household_ref or "")
        return f"{self.names} ({refs})" if self.names else refs


@dataclass(frozen=True, slots=True)
class PlannedRow:
    """A proposed provisional booking for one requirement."""

    subject: Subject
    slot: SlotRow
    request: BookingRequest
    continuity: str = ""  # why the child's own IRO does not chair it, when they could not in time

    @property
    def late(self) -> bool:
        return self.slot.late

    @property
    def reasons(self) -> tuple[str, ...]:
        return (self.continuity, *self.slot.reasons) if self.continuity else self.slot.reasons

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


@dataclass(frozen=True, slots=True)
class UnplacedRow:
    """A requirement the planner could not place, and why."""

    subject: Subject
    reason: str


@dataclass(frozen=True, slots=True)
class PlanPreview:
    """What the planner proposes for the requirements falling due from `first` to `last` (and, when the window
    starts today or earlier, those already overdue). `stopped`: cancelled before every one was looked at."""

    first: dt.date
    last: dt.date
    requirements: int
    planned: tuple[PlannedRow, ...]
    unplaced: tuple[UnplacedRow, ...]
    stopped: bool = False

    @property
    def late(self) -> int:
        return sum(1 for p in self.planned if p.late)


def slot_row(slot: Slot, search: SlotSearch, venue: str) -> SlotRow:
    """A domain slot as a row, with the chair's and room's names (from the search that found it)."""
    chair = next(c for c in search.chairs if c.iro_id == slot.chair_id)
    room = next((r for r in search.rooms if r.room_id == slot.room_id), None)
    return SlotRow(
        start=slot.start.replace(tzinfo=LONDON),
        end=slot.end.replace(tzinfo=LONDON),
        chair_id=chair.iro_id,
        chair_name=chair.name,
        chair_email=chair.email,
        room_id=room.room_id if room else None,
        room_name=room.name if room else None,
        venue="" if room else venue,
        working_days_late=slot.working_days_late,
        reasons=slot.reasons,
    )
