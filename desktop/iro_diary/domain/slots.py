"""The scheduling assistant: the best (day, start, chair, room) for one meeting, before its statutory deadline.

No tool diary managers have combines a statutory deadline with continuity of chair and caseload per FTE
(anchors research §2). This does, ranking every candidate by (each step only breaks ties left by the ones before):
1. on or before the requirement's latest working day; a late slot only when too few fit in time, the first days
   after the deadline first;
2. continuity: the child's allocated IRO, then the siblings' IRO ("sibling groups get the same IRO where
   possible"), then the chair of the previous meeting, then the IROs of the team that does this work;
3. headroom: caseload per FTE against the top of the band, plus the share of the chair's week already booked;
4. the earliest.
Each candidate carries its reasons in those words. One candidate per chair per day (its earliest start that
fits), so ten suggestions are ten real choices rather than one morning in half-hour steps.

A candidate is only offered after the booking rules themselves (`domain.booking.check_booking`, what the booking
dialog and the booking service run) pass it, so a suggested slot books as it is. The search adds a travel buffer
between a chair's meetings, which the booking rules do not require.

Cost: the bookings are indexed per chair, room and child per day (`slot_data.BusyIndex`), and chairs are taken in
rank order, week by week, stopping once no later week can beat the slots found; a search touches the days it
looks at, never the whole diary.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from iro_diary.domain.booking import Busy, DayFacts, Proposal, blocking, check_booking
from iro_diary.domain.codes import MeetingKind
from iro_diary.domain.shortfall import Blocked, Tally, away_reason, day_text, explain
from iro_diary.domain.slot_data import BusyIndex, Chair, Need, Room, SearchRules, Slot, Suggestions
from iro_diary.domain.slot_reasons import slot_reasons, usual_teams
from iro_diary.domain.working_days import WorkingDayCalendar

ONE_DAY = dt.timedelta(days=1)
NO_CAP_MEETINGS_A_DAY = 4  # what a day holds, for the week's share, when a chair has no daily cap


class _Candidate(NamedTuple):
    key: tuple[object, ...]
    slot: Slot


class SlotSearch:
    """Searches one diary (chairs, rooms, bookings) for the best slots of a need; `best()` is one search.

    `earliest` (UK wall-clock) is the first moment a suggested meeting may start: now plus the notice a meeting
    needs. The planner adds each proposal to `index`, so later searches see it.
    """

    def __init__(
        self,
        chairs: Sequence[Chair],
        rooms: Sequence[Room],
        index: BusyIndex,
        calendar: WorkingDayCalendar,
        *,
        earliest: dt.datetime,
        rules: SearchRules | None = None,
    ) -> None:
        self.chairs = list(chairs)
        self.rooms = sorted(rooms, key=lambda r: (r.capacity, r.name))  # the smallest room that seats them
        self.index = index
        self.calendar = calendar
        self.earliest = earliest
        self.rules = rules or SearchRules()
        self._capacity: dict[tuple[int, dt.date], int] = {}
        self._team_rank: dict[MeetingKind, dict[int, int]] = {}
        self._free_rooms: dict[tuple[dt.datetime, dt.datetime, int, bool], tuple[int, Room | None]] = {}

    def best(self, need: Need, count: int = 10) -> Suggestions:
        """The `count` best slots for `need`, best first; late ones (marked) only when fewer fit in time."""
        return _Search(self, need).run(max(1, count))

    def team_rank(self, kind: MeetingKind) -> dict[int, int]:
        """Each chair's rank when nothing else links them to the meeting: 3 in the usual team, 4 otherwise."""
        ranks = self._team_rank.get(kind)
        if ranks is None:
            usual = usual_teams(kind)
            ranks = self._team_rank[kind] = {c.iro_id: 3 if c.team in usual else 4 for c in self.chairs}
        return ranks

    def week_capacity(self, chair: Chair, monday: dt.date) -> int:
        """The meetings a chair's week can hold: the days they work in it (open, not away) times their daily cap.
        It depends on no booking, so it is kept for every search."""
        key = (chair.iro_id, monday)
        capacity = self._capacity.get(key)
        if capacity is None:
            days = 0
            for n in range(5):
                day = monday + dt.timedelta(days=n)
                if day.weekday() in chair.working_days and self.calendar.is_bookable(day):
                    days += chair.absence_on(day) is None
            capacity = self._capacity[key] = max(1, days * (chair.daily_cap or NO_CAP_MEETINGS_A_DAY))
        return capacity

    def free_room(self, start: dt.datetime, end: dt.datetime, people: int, accessible: bool) -> Room | None:
        """The smallest room free from `start` to `end` that seats `people` (step-free if asked). Kept until a
        booking is added on that day: every chair and every requirement tried at that time asks the same."""
        key = (start, end, people, accessible)
        changes = self.index.changes_on(start.date())
        known = self._free_rooms.get(key)
        if known is not None and known[0] == changes:
            return known[1]
        day = start.date()
        room = next(
            (
                r
                for r in self.rooms
                if r.capacity >= people
                and (r.accessible or not accessible)
                and not _clash(self.index.room_day(r.room_id, day), start, end)
            ),
            None,
        )
        self._free_rooms[key] = (changes, room)
        return room

    def bookable_days(self, first: dt.date, last: dt.date) -> list[dt.date]:
        days, day = [], first
        while day <= last:
            if self.calendar.is_bookable(day):
                days.append(day)
            day += ONE_DAY
        return days


class _Search:
    """One search: the need, the rooms that seat the meeting, and what stopped whom (for the shortfall)."""

    def __init__(self, search: SlotSearch, need: Need) -> None:
        self.s = search
        self.need = need
        self.length = dt.timedelta(minutes=need.minutes)
        self.travel = dt.timedelta(minutes=search.rules.travel_minutes)
        self.rooms = [r for r in search.rooms if r.capacity >= need.people and (r.accessible or not need.accessible)]
        self.team_rank = search.team_rank(need.kind)
        self.tally = Tally()
        self.moving = search.index.meeting(need.meeting_id)

    # -- the search -------------------------------------------------------------------------------------------

    def run(self, count: int) -> Suggestions:
        first, last = self._first(), self._latest()
        too_small = self._no_room_seats_them()
        if too_small:
            return Suggestions((), explain(self.tally, last, first, room_too_small=too_small))
        found = self._in_time(first, last, count) if first is not None else []
        shortfall = explain(self.tally, last, first) if not found and self.need.window is not None else ""
        continuity = self._own_iro_missing(found, first, last)
        if len(found) < count and self.need.window is not None:
            # After the latest working day, and not before the search's first day: a long-overdue requirement is
            # offered the first slots from now.
            after = max(last, self.s.earliest.date() - ONE_DAY)
            found += self._late(after, count - len(found), shortfall)
        return Suggestions(tuple(c.slot for c in found[:count]), shortfall, continuity)

    def _own_iro_missing(self, found: list[_Candidate], first: dt.date | None, last: dt.date) -> str:
        """Why the child's (or household's) IRO has no slot in time, when they have none. Their days were all
        looked at: their rank comes first, and the search stops early only once it has slots enough."""
        own = [c for c in self.s.chairs if c.iro_id in self.need.allocated]
        if first is None or not own or any(c.slot.chair_id in self.need.allocated for c in found):
            return ""
        whose = "household's" if self.need.household_id is not None else "child's"
        return "; ".join(
            f"{c.name} (the {whose} IRO) has no free slot by {day_text(last)}: {self.tally.main_reason(c.iro_id)}"
            for c in own
            if self.tally.main_reason(c.iro_id)
        )

    def _first(self) -> dt.date | None:
        """The first day the meeting may be held in time (None: the window has passed)."""
        first = self.s.earliest.date()
        window = self.need.window
        if window is None:
            return first
        first = max(first, window.not_before)
        return first if first <= window.latest_working_day else None

    def _latest(self) -> dt.date:
        window = self.need.window
        if window is not None:
            return window.latest_working_day
        return self.s.calendar.add_working_days(self.s.earliest.date(), self.s.rules.days_ahead)

    def _no_room_seats_them(self) -> str:
        if not self.need.needs_room or self.rooms:
            return ""
        accessible = "accessible " if self.need.accessible else ""
        return f"no {accessible}room seats {self.need.people} people"

    def _in_time(self, first: dt.date, last: dt.date, count: int) -> list[_Candidate]:
        """Chairs by rank; within a rank, their weeks by headroom; the days of each week in order."""
        weeks: defaultdict[dt.date, list[dt.date]] = defaultdict(list)
        for day in self.s.bookable_days(first, last):
            weeks[day - dt.timedelta(days=day.weekday())].append(day)
        by_rank: defaultdict[int, list[Chair]] = defaultdict(list)
        for chair in self.s.chairs:
            by_rank[self.rank(chair)].append(chair)
        found: list[_Candidate] = []
        for rank in sorted(by_rank):
            if _enough(found, count, (rank,)):
                break
            units = sorted(
                (self._load(chair, monday), monday, chair.iro_id, chair, days)
                for chair in by_rank[rank]
                for monday, days in weeks.items()
            )
            for load, _monday, _iro, chair, days in units:
                if _enough(found, count, (rank, load)):
                    break
                for day in days:
                    if _enough(found, count, (rank, load, dt.datetime.combine(day, dt.time.min))):
                        break  # nothing later in this week can beat what is found
                    candidate = self._fit(chair, day, (0, rank, load))
                    if candidate is not None:
                        bisect.insort(found, candidate)
        return found[:count]

    def _late(self, after: dt.date, wanted: int, shortfall: str) -> list[_Candidate]:
        """The first slots after the latest working day, earliest day first, then by rank and headroom."""
        limit = self.s.calendar.add_working_days(after, self.s.rules.late_working_days)
        found: list[_Candidate] = []
        day = after + ONE_DAY
        while day <= limit and len(found) < wanted:
            if self.s.calendar.is_bookable(day):
                ranked = sorted((self.rank(c), self._load(c, day), c.iro_id, c) for c in self.s.chairs)
                for rank, load, _iro, chair in ranked:
                    if _enough(found, wanted, (day, rank, load)):
                        break
                    candidate = self._fit(chair, day, (1, day, rank, load), shortfall)
                    if candidate is not None:
                        bisect.insort(found, candidate)
            day += ONE_DAY
        return found[:wanted]

    # -- one chair on one day ---------------------------------------------------------------------------------

    def _fit(self, chair: Chair, day: dt.date, rank: tuple[object, ...], shortfall: str = "") -> _Candidate | None:
        """The chair's earliest start on `day` that fits, with a room; or None, noting what stopped them."""
        theirs = self._others(self.s.index.chair_day(chair.iro_id, day))
        blocked = self._day_blocked(chair, day, theirs)
        if blocked is not None:
            self.tally.note(chair.iro_id, day, blocked)
            return None
        children = [b for c in self.need.child_ids for b in self._others(self.s.index.child_day(c, day))]
        why = Blocked.FULL
        for start in self._starts(chair, day):
            end = start + self.length
            if _clash(theirs, start - self.travel, end + self.travel):
                continue
            if _clash(children, start, end):
                why = Blocked.CHILD
                continue
            room = self._free_room(day, start) if self.need.needs_room else None
            if self.need.needs_room and room is None:
                why = Blocked.ROOM
                continue
            if self._passes_booking_rules(chair, room, start, theirs + children, late=rank[0] == 1):
                slot = self._slot(chair, room, start, shortfall)
                return _Candidate((*rank, start, chair.iro_id), slot)
        self.tally.note(chair.iro_id, day, why)
        return None

    def _others(self, busy: list[Busy]) -> list[Busy]:
        moving = self.need.meeting_id
        return busy if moving is None else [b for b in busy if b.meeting_id != moving]

    def _day_blocked(self, chair: Chair, day: dt.date, theirs: list[Busy]) -> Blocked | None:
        if not chair.in_post_on(day):
            return Blocked.LEFT
        if day.weekday() not in chair.working_days:
            return Blocked.NOT_WORKING
        away = chair.absence_on(day)
        if away is not None:
            return away_reason(away)
        if chair.daily_cap and len({b.meeting_id for b in theirs}) >= chair.daily_cap:
            return Blocked.CAP
        return None

    def _starts(self, chair: Chair, day: dt.date) -> Iterator[dt.datetime]:
        step = dt.timedelta(minutes=self.s.rules.step_minutes)
        start = dt.datetime.combine(day, chair.day_start)
        stop = dt.datetime.combine(day, chair.day_end) - self.length
        if start < self.s.earliest:
            steps = -((start - self.s.earliest) // step)  # round up onto the grid
            start += steps * step
        while start <= stop:
            yield start
            start += step

    def _free_room(self, day: dt.date, start: dt.datetime) -> Room | None:
        """The smallest free room that seats them (a meeting being moved does not block its own room)."""
        end, need = start + self.length, self.need
        if need.meeting_id is None:
            return self.s.free_room(start, end, need.people, need.accessible)
        index = self.s.index
        return next(
            (r for r in self.rooms if not _clash(self._others(index.room_day(r.room_id, day)), start, end)), None
        )

    def _passes_booking_rules(
        self, chair: Chair, room: Room | None, start: dt.datetime, busy: list[Busy], *, late: bool
    ) -> bool:
        """What the booking dialog and service would say: no blocking problem."""
        day, need = start.date(), self.need
        if room is not None:
            busy = busy + self.s.index.room_day(room.room_id, day)
        facts = DayFacts(
            day,
            tuple({b.meeting_id: b for b in busy}.values()),
            {chair.iro_id: chair.facts_on(day)},
            {room.room_id: room.facts} if room is not None else {},
        )
        proposal = Proposal(
            kind=need.kind,
            day=day,
            start=start.time(),
            minutes=need.minutes,
            chair_id=chair.iro_id,
            room_id=room.room_id if room is not None else None,
            venue=need.venue if room is None else "",
            child_ids=need.child_ids,
            household_id=need.household_id,
            people=need.people,
            meeting_id=need.meeting_id,
            window=need.window,
            late_reason="late" if late else "",
        )
        return not blocking(check_booking(proposal, facts, self.s.calendar))

    # -- ranking and reasons ----------------------------------------------------------------------------------

    def rank(self, chair: Chair) -> int:
        """Continuity: 0 the child's IRO, 1 the siblings', 2 chaired the last one, 3 the usual team, 4 another."""
        need, iro = self.need, chair.iro_id
        if iro in need.allocated:
            return 0
        if iro in need.siblings:
            return 1
        if iro == need.previous_chair:
            return 2
        return self.team_rank[iro]

    def _load(self, chair: Chair, day: dt.date) -> float:
        """Headroom as one number (lower is better): caseload per FTE over the band's top, plus the week's share
        already booked. Rounded, so that near-equal loads leave the choice to the earliest slot."""
        monday = day - dt.timedelta(days=day.weekday())
        week = self._week(chair, monday) / self.s.week_capacity(chair, monday)
        return round(chair.caseload_per_fte / max(self.s.rules.band_high, 1.0) + week, 2)

    def _week(self, chair: Chair, day: dt.date) -> int:
        """The chair's meetings in the week of `day`, not counting the one being moved."""
        count = self.s.index.chair_week(chair.iro_id, day)
        own = self.moving
        if own is not None and own.chair_id == chair.iro_id:
            count -= own.start.date().isocalendar()[:2] == day.isocalendar()[:2]
        return count

    def _slot(self, chair: Chair, room: Room | None, start: dt.datetime, shortfall: str) -> Slot:
        late, reasons = slot_reasons(
            self.need, chair, self.rank(chair), self._week(chair, start.date()), start.date(), self.s.calendar
        )
        if late and shortfall:
            reasons = (reasons[0], shortfall, *reasons[1:])
        room_id = room.room_id if room is not None else None
        return Slot(start, start + self.length, chair.iro_id, room_id, late, reasons)


def _enough(found: list[_Candidate], count: int, prefix: tuple[object, ...]) -> bool:
    """Whether `count` slots are found that nothing ranked from `prefix` on can beat."""
    if len(found) < count:
        return False
    kth = found[count - 1].key
    return kth[1 : 1 + len(prefix)] < prefix


def _clash(busy: list[Busy], start: dt.datetime, end: dt.datetime) -> bool:
    return any(b.start < end and start < b.end for b in busy)
