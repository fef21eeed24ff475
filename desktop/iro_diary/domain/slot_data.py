"""The plain data the scheduling assistant searches: chairs, rooms, what is to be booked, and the diary as it
stands, indexed per chair, room and child per day (and per chair per week).

The index is built once from the bookings of the days searched, in one pass, so a search looks up only the days
it considers: its cost grows with the IROs and days it looks at, never with the number of meetings in the diary.
The planner adds each meeting it proposes to the same index, so proposals never clash with each other.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from iro_diary.domain.booking import Busy, ChairFacts, RoomFacts, Window
from iro_diary.domain.codes import MeetingKind, Team


@dataclass(frozen=True, slots=True)
class Away:
    """Leave, training or sickness: the chair's diary is blocked from `first` to `last` inclusive."""

    first: dt.date
    last: dt.date
    kind: str


@dataclass(frozen=True, slots=True)
class Chair:
    """An active IRO as the search sees them: when they work, how full they may get, how loaded they are."""

    iro_id: int
    name: str
    email: str
    team: Team
    working_days: frozenset[int]  # Monday is 0
    day_start: dt.time
    day_end: dt.time
    daily_cap: int  # 0: no cap
    caseload_per_fte: float = 0.0
    left_on: dt.date | None = None
    away: tuple[Away, ...] = ()

    def absence_on(self, day: dt.date) -> str | None:
        return next((a.kind for a in self.away if a.first <= day <= a.last), None)

    def in_post_on(self, day: dt.date) -> bool:
        return self.left_on is None or self.left_on > day

    def facts_on(self, day: dt.date) -> ChairFacts:
        """The chair as the booking checks see them on `day`."""
        return ChairFacts(
            self.iro_id,
            self.name,
            self.working_days,
            self.day_start,
            self.day_end,
            self.daily_cap,
            active=self.in_post_on(day),
            absence=self.absence_on(day),
        )


@dataclass(frozen=True, slots=True)
class Room:
    """A room in use."""

    room_id: int
    name: str
    capacity: int
    accessible: bool = True

    @property
    def facts(self) -> RoomFacts:
        return RoomFacts(self.room_id, self.name, self.capacity, True)


@dataclass(frozen=True, slots=True)
class Need:
    """What is to be booked: the meeting, for whom, within which statutory window, and who would keep continuity.

    `allocated` are the children's (or household's) allocated IROs, `siblings` the IROs of their brothers and
    sisters, `previous_chair` who chaired the meeting before this one. A `venue` means an external venue: no room
    is needed. `meeting_id` is a meeting being moved: its own booking is not in the way.
    """

    kind: MeetingKind
    minutes: int
    child_ids: frozenset[int] = frozenset()
    household_id: int | None = None
    window: Window | None = None
    people: int = 1
    accessible: bool = False
    venue: str = ""
    allocated: frozenset[int] = frozenset()
    siblings: frozenset[int] = frozenset()
    previous_chair: int | None = None
    meeting_id: int | None = None

    @property
    def needs_room(self) -> bool:
        return not self.venue.strip()


@dataclass(frozen=True, slots=True)
class SearchRules:
    """The council's settings for the search (`scheduling.*`) and the band that headroom is measured against."""

    travel_minutes: int = 30  # kept free between a chair's meetings
    step_minutes: int = 30  # start times are on this grid from the chair's day start
    late_working_days: int = 20  # how far past the latest working day to look for late slots
    days_ahead: int = 20  # without a statutory window: working days ahead to look
    band_high: float = 70.0  # caseload per FTE at the top of the band


def _monday(ordinal: int) -> int:
    return ordinal - (ordinal - 1) % 7  # ordinal 1 (1 Jan 0001) was a Monday


class BusyIndex:
    """The diary's bookings, looked up per chair, room or child per day, and counted per chair per week."""

    def __init__(self, busy: Iterable[Busy] = ()) -> None:
        self._chair: defaultdict[tuple[int, int], list[Busy]] = defaultdict(list)
        self._room: defaultdict[tuple[int, int], list[Busy]] = defaultdict(list)
        self._child: defaultdict[tuple[int, int], list[Busy]] = defaultdict(list)
        self._week: Counter[tuple[int, int]] = Counter()
        self._changes: Counter[int] = Counter()
        self._by_id: dict[int, Busy] = {}
        self.size = 0
        for meeting in busy:
            self.add(meeting)

    def add(self, meeting: Busy) -> None:
        day = meeting.start.toordinal()
        self.size += 1
        self._changes[day] += 1
        self._by_id[meeting.meeting_id] = meeting
        if meeting.chair_id is not None:
            self._chair[(meeting.chair_id, day)].append(meeting)
            self._week[(meeting.chair_id, _monday(day))] += 1
        if meeting.room_id is not None:
            self._room[(meeting.room_id, day)].append(meeting)
        for child in meeting.child_ids:
            self._child[(child, day)].append(meeting)

    def meeting(self, meeting_id: int | None) -> Busy | None:
        return self._by_id.get(meeting_id) if meeting_id is not None else None

    def chair_day(self, chair_id: int, day: dt.date) -> list[Busy]:
        return self._chair.get((chair_id, day.toordinal()), [])

    def room_day(self, room_id: int, day: dt.date) -> list[Busy]:
        return self._room.get((room_id, day.toordinal()), [])

    def child_day(self, child_id: int, day: dt.date) -> list[Busy]:
        return self._child.get((child_id, day.toordinal()), [])

    def changes_on(self, day: dt.date) -> int:
        """How many bookings were added on `day` (what is worked out from a day's bookings stays right until
        this changes)."""
        return self._changes.get(day.toordinal(), 0)

    def chair_week(self, chair_id: int, day: dt.date) -> int:
        """How many meetings the chair has in the week (Monday to Sunday) of `day`."""
        return self._week.get((chair_id, _monday(day.toordinal())), 0)


@dataclass(frozen=True, slots=True)
class Slot:
    """One suggestion: a time, a chair and a room (None: the external venue asked for), and why it ranks where
    it does. Times are UK wall-clock. `working_days_late` counts from the latest working day (0: in time)."""

    start: dt.datetime
    end: dt.datetime
    chair_id: int
    room_id: int | None
    working_days_late: int
    reasons: tuple[str, ...]

    @property
    def late(self) -> bool:
        return self.working_days_late > 0

    @property
    def day(self) -> dt.date:
        return self.start.date()


@dataclass(frozen=True, slots=True)
class Suggestions:
    """The best slots, best first, and — when nothing fits by the latest working day, or the child's own IRO is
    not free in time — why, in the user's words."""

    slots: tuple[Slot, ...]
    shortfall: str = ""
    continuity: str = ""  # why the child's own IRO is not among the slots in time, when they are not
