"""A simple diary for the demo: places meetings in fixed daily slots without double-booking anyone.

The real scheduling assistant is far cleverer; this only has to make a believable, conflict-free history.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from iro_diary.domain.working_days import WorkingDayCalendar
from iro_diary.services.demo.records import DemoIro, DemoRoom

SLOT_STARTS = (dt.time(9, 30), dt.time(12, 0), dt.time(14, 30))
SEARCH_BACK_DAYS = 12
SEARCH_FORWARD_DAYS = 15


class DemoDiary:
    """Tracks which (chair, day, slot) and (room, day, slot) are taken."""

    def __init__(
        self,
        calendar: WorkingDayCalendar,
        iros: dict[int, DemoIro],
        rooms: list[DemoRoom],
        rng: random.Random,
    ) -> None:
        self.calendar = calendar
        self.iros = iros
        self.rooms = rooms
        self.rng = rng
        self.absent: set[tuple[int, dt.date]] = set()
        self._chair: defaultdict[tuple[int, dt.date], set[int]] = defaultdict(set)
        self._room: defaultdict[tuple[int, dt.date], set[int]] = defaultdict(set)

    def place(
        self, chair_id: int, target: dt.date, minutes: int, needs_room: bool, not_before: dt.date
    ) -> tuple[dt.datetime, dt.datetime, int | None, int] | None:
        """Book the chair (and a room) on `target` or the nearest working day around it. When the chair has no
        time (leave, a full diary), a colleague from the same team covers, as a real service would. Returns
        (start, end, room, chair) or None when nobody in the team can."""
        team = self.iros[chair_id].team
        colleagues = [i for i in self.iros if i != chair_id and self.iros[i].team == team]
        for candidate in [chair_id, *self.rng.sample(colleagues, len(colleagues))]:
            for day in self._days_around(target, not_before):
                placed = self._place_on(candidate, day, minutes, needs_room)
                if placed is not None:
                    return (*placed, candidate)
        return None

    def _days_around(self, target: dt.date, not_before: dt.date) -> list[dt.date]:
        back = [target - dt.timedelta(days=n) for n in range(SEARCH_BACK_DAYS)]
        forward = [target + dt.timedelta(days=n) for n in range(1, SEARCH_FORWARD_DAYS)]
        return [d for d in back if d > not_before] + forward

    def _place_on(
        self, chair_id: int, day: dt.date, minutes: int, needs_room: bool
    ) -> tuple[dt.datetime, dt.datetime, int | None] | None:
        iro = self.iros[chair_id]
        if not self.calendar.is_bookable(day) or day.weekday() not in iro.working_days:
            return None
        if (chair_id, day) in self.absent:
            return None
        taken = self._chair[(chair_id, day)]
        if len(taken) >= iro.daily_cap:
            return None
        for slot in self.rng.sample(range(len(SLOT_STARTS)), len(SLOT_STARTS)):
            start = dt.datetime.combine(day, SLOT_STARTS[slot])
            end = start + dt.timedelta(minutes=minutes)
            if slot in taken or start.time() < iro.day_start or end.time() > iro.day_end:
                continue
            room_id = self._free_room(day, slot) if needs_room else None
            if needs_room and room_id is None:
                continue
            taken.add(slot)
            if room_id is not None:
                self._room[(room_id, day)].add(slot)
            return start, end, room_id
        return None

    def _free_room(self, day: dt.date, slot: int) -> int | None:
        for room in self.rng.sample(self.rooms, len(self.rooms)):
            if slot not in self._room[(room.id, day)]:
                return room.id
        return None
