"""Booking rules: whether a meeting may go at a given time, with a given chair, room and children.

The same checks run live in the booking dialog (as the user types) and again inside the write transaction of the
booking service, so a race cannot double-book and both say the same words ("Chair already booked 10:00–11:30 by
M-000123"). Everything here is plain data: the facts of one day are loaded once (`DayFacts`) and every keystroke
is a pure function of them. Times are UK wall-clock times on one day; meetings never cross midnight.

Blocking problems disable Save; the others are shown as warnings. A booking after the requirement's latest working
day is allowed only with a reason, which is stored and reported (DOMAIN.md: in timescale means on or before the due
date; the latest working day is what the diary must aim for).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from iro_diary.domain.codes import WEEKDAY_NAMES, MeetingKind
from iro_diary.domain.working_days import WorkingDayCalendar

SHORTEST_MINUTES = 15
LONGEST_MINUTES = 8 * 60
DAY_NAMES = ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays")


class Field(StrEnum):
    """Where a problem is shown in the booking dialog."""

    WHEN = "when"
    DURATION = "duration"
    CHAIR = "chair"
    PLACE = "place"
    CHILDREN = "children"
    LATE_REASON = "late-reason"


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with a proposed booking; `blocking` problems must be fixed before it can be saved.

    `bad_input` marks what is missing or malformed (a validation error) rather than a conflict with the diary.
    """

    field: Field
    message: str
    blocking: bool = True
    bad_input: bool = False
    working_days_late: int = 0  # after the requirement's latest working day (shown in red, reason needed)


@dataclass(frozen=True, slots=True)
class Busy:
    """A meeting that already takes up its chair's, room's and children's time (cancelled ones never do)."""

    meeting_id: int
    ref: str
    start: dt.datetime  # UK wall-clock, naive
    end: dt.datetime
    chair_id: int | None
    room_id: int | None
    child_ids: frozenset[int] = frozenset()

    @property
    def span(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"


@dataclass(frozen=True, slots=True)
class ChairFacts:
    iro_id: int
    name: str
    working_days: frozenset[int]  # Monday is 0
    day_start: dt.time
    day_end: dt.time
    daily_cap: int
    active: bool = True
    absence: str | None = None  # "leave", "training", … when absent that day


@dataclass(frozen=True, slots=True)
class RoomFacts:
    room_id: int
    name: str
    capacity: int
    active: bool = True


@dataclass(frozen=True)
class DayFacts:
    """Everything the checks need about one day, loaded once per date."""

    day: dt.date
    busy: tuple[Busy, ...]
    chairs: Mapping[int, ChairFacts]
    rooms: Mapping[int, RoomFacts]
    case_refs: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Window:
    """The statutory window a booking answers: on or after the anchor, by the latest working day."""

    rule: str
    label: str
    anchor: dt.date
    anchor_label: str
    due: dt.date
    latest_working_day: dt.date

    @property
    def not_before(self) -> dt.date:
        """The first day a meeting may answer it: the anchor, for a due date counted forward from it. A pre-birth
        conference is counted back from the expected date of delivery: any day up to the due date will do."""
        return self.anchor if self.anchor <= self.due else dt.date.min


@dataclass(frozen=True, slots=True)
class Proposal:
    """A booking as the user has it so far (a new one when `meeting_id` is None)."""

    kind: MeetingKind
    day: dt.date
    start: dt.time
    minutes: int
    chair_id: int | None
    room_id: int | None = None
    venue: str = ""
    child_ids: frozenset[int] = frozenset()
    household_id: int | None = None
    people: int = 1
    meeting_id: int | None = None
    window: Window | None = None
    late_reason: str = ""
    now: dt.datetime | None = None  # UK wall-clock "now", to warn about a time in the past

    @property
    def start_at(self) -> dt.datetime:
        return dt.datetime.combine(self.day, self.start)

    @property
    def end_at(self) -> dt.datetime:
        return self.start_at + dt.timedelta(minutes=self.minutes)


def check_times(day: dt.date, start: dt.time, minutes: int) -> list[Problem]:
    """Bad times: too short, too long, or running past midnight."""
    if minutes <= 0:
        return [Problem(Field.DURATION, "A meeting must end after it starts", bad_input=True)]
    if minutes < SHORTEST_MINUTES:
        return [Problem(Field.DURATION, f"A meeting lasts at least {SHORTEST_MINUTES} minutes", bad_input=True)]
    if minutes > LONGEST_MINUTES:
        return [Problem(Field.DURATION, f"A meeting lasts at most {LONGEST_MINUTES // 60} hours", bad_input=True)]
    end = dt.datetime.combine(day, start) + dt.timedelta(minutes=minutes)
    if end.date() != day:
        return [Problem(Field.DURATION, "A meeting must end on the day it starts (not after midnight)", bad_input=True)]
    return []


def check_booking(proposal: Proposal, facts: DayFacts, calendar: WorkingDayCalendar) -> list[Problem]:
    """Every problem with `proposal`, blocking ones first, on the day `facts` describes."""
    problems = check_times(proposal.day, proposal.start, proposal.minutes)
    if problems:
        return problems
    problems += _day_problems(proposal, calendar)
    problems += _window_problems(proposal, calendar)
    problems += _chair_problems(proposal, facts)
    problems += _place_problems(proposal, facts)
    problems += _children_problems(proposal, facts)
    return sorted(problems, key=lambda p: not p.blocking)


def blocking(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.blocking]


def _date(day: dt.date) -> str:
    return f"{WEEKDAY_NAMES[day.weekday()]} {day.day} {day:%b %Y}"


def _day_problems(p: Proposal, calendar: WorkingDayCalendar) -> list[Problem]:
    holiday = calendar.holiday_name(p.day)
    if holiday and p.day.weekday() < 5:
        return [Problem(Field.WHEN, f"{_date(p.day)} is a bank holiday ({holiday})")]
    if not calendar.is_working_day(p.day):
        return [Problem(Field.WHEN, f"{_date(p.day)} is not a working day")]
    closure = calendar.closure_name(p.day)
    if closure:
        return [Problem(Field.WHEN, f"{_date(p.day)} is a closure day ({closure})")]
    if p.meeting_id is None and p.now is not None and p.start_at < p.now:
        return [Problem(Field.WHEN, "That time has already passed", blocking=False)]
    return []


def _window_problems(p: Proposal, calendar: WorkingDayCalendar) -> list[Problem]:
    window = p.window
    if window is None:
        return []
    if p.day < window.not_before:
        return [
            Problem(
                Field.WHEN,
                f"Before the {window.anchor_label} of {_date(window.anchor)}: the meeting must be on or after it",
            )
        ]
    if p.day <= window.latest_working_day:
        return []
    late = calendar.working_days_between(window.latest_working_day, p.day)
    days = "working day" if late == 1 else "working days"
    message = f"{late} {days} after the latest working day ({_date(window.latest_working_day)})"
    if p.late_reason.strip():
        return [Problem(Field.WHEN, message, blocking=False, working_days_late=late)]
    return [
        Problem(Field.WHEN, message, blocking=False, working_days_late=late),
        Problem(Field.LATE_REASON, "Give a reason for booking after the latest working day"),
    ]


def _clashes(p: Proposal, facts: DayFacts) -> list[Busy]:
    start, end = p.start_at, p.end_at
    return [b for b in facts.busy if b.meeting_id != p.meeting_id and b.start < end and start < b.end]


def _chair_problems(p: Proposal, facts: DayFacts) -> list[Problem]:
    if p.chair_id is None:
        return [Problem(Field.CHAIR, "Choose a chair", bad_input=True)]
    chair = facts.chairs.get(p.chair_id)
    if chair is None or not chair.active:
        return [Problem(Field.CHAIR, "That chair is no longer an active IRO")]
    clash = next((b for b in _clashes(p, facts) if b.chair_id == p.chair_id), None)
    if clash is not None:
        return [Problem(Field.CHAIR, f"Chair already booked {clash.span} by {clash.ref}")]
    if chair.absence:
        return [Problem(Field.CHAIR, f"{chair.name} is away ({chair.absence}) on {_date(p.day)}")]
    if p.day.weekday() not in chair.working_days:
        works = " ".join(WEEKDAY_NAMES[d] for d in sorted(chair.working_days))
        return [Problem(Field.CHAIR, f"{chair.name} does not work on {DAY_NAMES[p.day.weekday()]} (works {works})")]
    if p.start < chair.day_start or p.end_at.time() > chair.day_end:
        return [Problem(Field.CHAIR, f"Outside {chair.name}'s hours ({chair.day_start:%H:%M}–{chair.day_end:%H:%M})")]
    that_day = {b.meeting_id for b in facts.busy if b.chair_id == p.chair_id and b.meeting_id != p.meeting_id}
    if chair.daily_cap and len(that_day) >= chair.daily_cap:
        return [
            Problem(
                Field.CHAIR,
                f"{chair.name} already has {len(that_day)} meetings on {_date(p.day)} (daily cap {chair.daily_cap})",
            )
        ]
    return []


def _place_problems(p: Proposal, facts: DayFacts) -> list[Problem]:
    if p.room_id is None:
        return (
            [] if p.venue.strip() else [Problem(Field.PLACE, "Choose a room or give an external venue", bad_input=True)]
        )
    room = facts.rooms.get(p.room_id)
    if room is None or not room.active:
        return [Problem(Field.PLACE, "That room is no longer in use")]
    clash = next((b for b in _clashes(p, facts) if b.room_id == p.room_id), None)
    if clash is not None:
        return [Problem(Field.PLACE, f"Room already booked {clash.span} by {clash.ref}")]
    if p.people > room.capacity:
        return [Problem(Field.PLACE, f"{room.name} holds {room.capacity}; this meeting needs {p.people}")]
    return []


def _children_problems(p: Proposal, facts: DayFacts) -> list[Problem]:
    if p.kind is MeetingKind.FOSTER_REVIEW:
        return (
            []
            if p.household_id is not None
            else [Problem(Field.CHILDREN, "Choose the foster household", bad_input=True)]
        )
    if not p.child_ids:
        return [Problem(Field.CHILDREN, "Choose at least one child", bad_input=True)]
    for busy in _clashes(p, facts):
        shared = sorted(p.child_ids & busy.child_ids)
        if shared:
            who = ", ".join(facts.case_refs.get(c, f"child {c}") for c in shared)
            return [Problem(Field.CHILDREN, f"{who} already booked {busy.span} by {busy.ref}")]
    return []
