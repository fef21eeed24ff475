"""The diary's plain rows: what the views, the booking dialog and the CLI get from the diary and booking services.

Frozen values, never ORM objects; times are UK local (Europe/London), timezone-aware.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from iro_diary.domain.booking import Window
from iro_diary.domain.codes import AbsenceKind, AttendeeRole, MeetingKind, MeetingStatus, Team
from iro_diary.domain.working_days import WorkingDayCalendar
from iro_diary.infra.clock import LONDON


@dataclass(frozen=True, slots=True)
class MeetingRow:
    """One meeting as the diary shows it."""

    id: int
    ref: str
    kind: MeetingKind
    status: MeetingStatus
    start: dt.datetime
    end: dt.datetime
    chair_id: int | None
    chair_name: str
    chair_email: str
    room_id: int | None
    room_name: str | None
    venue: str | None
    child_ids: tuple[int, ...]
    case_refs: tuple[str, ...]
    names: str
    family_id: int | None
    family_ref: str | None
    household_id: int | None
    household_ref: str | None
    version: int
    late_reason: str | None = None
    cancel_reason: str | None = None

    @property
    def day(self) -> dt.date:
        return self.start.date()

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)

    @property
    def place(self) -> str:
        return self.room_name or self.venue or ""

    @property
    def who(self) -> str:
        """Case references (or the household reference): what a day sheet and a cell show."""
        return " ".join(self.case_refs) or (self.household_ref or "")

    @property
    def pending(self) -> bool:
        return self.status in (MeetingStatus.BOOKED, MeetingStatus.PROVISIONAL)


@dataclass(frozen=True, slots=True)
class IroRow:
    id: int
    name: str
    email: str
    team: Team
    working_days: frozenset[int]
    day_start: dt.time
    day_end: dt.time
    daily_cap: int
    active: bool


@dataclass(frozen=True, slots=True)
class RoomRow:
    id: int
    name: str
    site: str
    capacity: int
    accessible: bool
    active: bool


@dataclass(frozen=True, slots=True)
class HouseholdRow:
    id: int
    ref: str
    name: str
    allocated_iro_id: int | None


@dataclass(frozen=True, slots=True)
class Resources:
    """The people and places a diary is laid out by."""

    iros: tuple[IroRow, ...]
    rooms: tuple[RoomRow, ...]
    households: tuple[HouseholdRow, ...] = ()


@dataclass(frozen=True, slots=True)
class AbsenceRow:
    iro_id: int
    first: dt.date
    last: dt.date
    kind: AbsenceKind


@dataclass(frozen=True, slots=True)
class DayInfo:
    """A day's standing in the calendar: a bank holiday or a closure blocks booking; weekends are not shown."""

    day: dt.date
    holiday: str | None
    closure: str | None


@dataclass(frozen=True)
class DiaryRange:
    """Everything a diary view shows for a range of days."""

    first: dt.date
    last: dt.date
    include_cancelled: bool
    meetings: tuple[MeetingRow, ...]
    absences: tuple[AbsenceRow, ...]
    days: Mapping[dt.date, DayInfo]
    resources: Resources


@dataclass(frozen=True, slots=True)
class ChildPick:
    """A child the booking dialog can add (searched by case reference, name or family)."""

    id: int
    case_ref: str
    name: str
    date_of_birth: dt.date | None
    expected_delivery: dt.date | None
    family_id: int | None
    family_ref: str | None
    allocated_iro_id: int | None

    @property
    def label(self) -> str:
        family = f", family {self.family_ref}" if self.family_ref else ""
        return f"{self.case_ref} {self.name}{family}"


@dataclass(frozen=True, slots=True)
class AttendeeRow:
    name: str
    email: str | None = None
    role: AttendeeRole = AttendeeRole.REQUIRED
    organisation: str | None = None


@dataclass(frozen=True, slots=True)
class BookingRequest:
    """What the booking dialog (or `iro-diary book`) asks for. `day` and `start` are UK local."""

    kind: MeetingKind
    day: dt.date
    start: dt.time
    minutes: int
    chair_id: int | None
    child_ids: tuple[int, ...] = ()
    household_id: int | None = None
    room_id: int | None = None
    venue: str = ""
    provisional: bool = False
    minute_taker: str = ""
    minute_taker_email: str = ""
    attendees: tuple[AttendeeRow, ...] = ()
    notes: str = ""
    late_reason: str = ""
    # Issue #10: the same booking saved twice (the connection dropped after the server had saved it, and the user
    # saved again) is one meeting. The booking dialog gives each new booking its own key; it becomes the invite UID.
    key: str = ""

    @property
    def start_at(self) -> dt.datetime:
        return dt.datetime.combine(self.day, self.start, tzinfo=LONDON)

    @property
    def people(self) -> int:
        """Who needs a seat: the chair, the minute-taker and the invited."""
        return 1 + bool(self.minute_taker.strip()) + len(self.attendees)


@dataclass(frozen=True, slots=True)
class HeldChild:
    """A child at a meeting, with what was recorded when it was held."""

    child_id: int
    case_ref: str
    name: str
    date_of_birth: dt.date | None
    rule: str | None
    participation: str | None
    decision: str | None
    category: str | None


@dataclass(frozen=True, slots=True)
class MeetingDetail:
    """One meeting in full, for the edit and mark-held dialogs (with the version it was read at)."""

    row: MeetingRow
    children: tuple[HeldChild, ...]
    attendees: tuple[AttendeeRow, ...]
    minute_taker: str
    minute_taker_email: str
    notes: str
    outcome: str
    updated_by: str
    updated_at: dt.datetime

    def as_request(self) -> BookingRequest:
        row = self.row
        return BookingRequest(
            kind=row.kind,
            day=row.day,
            start=row.start.time(),
            minutes=row.minutes,
            chair_id=row.chair_id,
            child_ids=row.child_ids,
            household_id=row.household_id,
            room_id=row.room_id,
            venue=row.venue or "",
            provisional=row.status is MeetingStatus.PROVISIONAL,
            minute_taker=self.minute_taker,
            minute_taker_email=self.minute_taker_email,
            attendees=self.attendees,
            notes=self.notes,
            late_reason=row.late_reason or "",
        )


@dataclass(frozen=True)
class BookingContext:
    """What the booking dialog needs before the user picks a date: the statutory window, the default chair and
    length, and the working-day calendar the checks count in."""

    kind: MeetingKind
    window: Window | None
    default_chair_id: int | None
    default_minutes: int
    calendar: WorkingDayCalendar


@dataclass(frozen=True, slots=True)
class NextBooking:
    """The meeting a chain now requires, after one was marked held: one click books it."""

    kind: MeetingKind
    child_ids: tuple[int, ...]
    household_id: int | None
    chair_id: int | None
    window: Window
    booked_ref: str | None = None  # already in the diary (booked before this one was held)


def to_local(instant: dt.datetime) -> dt.datetime:
    return instant.astimezone(LONDON)


def meeting_rows(records: Sequence[Any], children: Mapping[int, Sequence[tuple[int, str, str]]]) -> list[MeetingRow]:
    """Rows from the diary repository's meeting records and each meeting's children."""
    rows = []
    for m in records:
        kids = children.get(m.id, ())
        rows.append(
            MeetingRow(
                id=m.id,
                ref=m.ref,
                kind=m.kind,
                status=m.status,
                start=to_local(m.start_at),
                end=to_local(m.end_at),
                chair_id=m.chair_id,
                chair_name=m.chair_name or "",
                chair_email=m.chair_email or "",
                room_id=m.room_id,
                room_name=m.room_name,
                venue=m.venue,
                child_ids=tuple(c[0] for c in kids),
                case_refs=tuple(c[1] for c in kids),
                names=", ".join(c[2] for c in kids) or (m.household_name or ""),
                family_id=m.family_id,
                family_ref=m.family_ref,
                household_id=m.foster_household_id,
                household_ref=m.household_ref,
                version=m.version,
                late_reason=m.late_reason,
                cancel_reason=m.cancel_reason,
            )
        )
    return rows
