"""Small hand-built diaries for the scheduling assistant's tests: chairs, rooms, bookings and needs with
defaults a test overrides. The calendar has England's Christmas 2026 bank holidays; the search starts on Friday
27 November 2026 (the day after the suite's "today", with the default one working day's notice)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from iro_diary.domain.booking import Busy, Window
from iro_diary.domain.codes import MeetingKind, Team
from iro_diary.domain.slot_data import Away, BusyIndex, Chair, Need, Room, SearchRules
from iro_diary.domain.slots import SlotSearch
from iro_diary.domain.working_days import WorkingDayCalendar

D = dt.date
FRI = D(2026, 11, 27)
MON = D(2026, 11, 30)
TUE = D(2026, 12, 1)
WED = D(2026, 12, 2)
THU = D(2026, 12, 3)
EARLIEST = dt.datetime(2026, 11, 27, 0, 0)
HOLIDAYS = {D(2026, 12, 25): "Christmas Day", D(2026, 12, 28): "Boxing Day (substitute day)"}


def calendar(closures: dict[dt.date, str] | None = None) -> WorkingDayCalendar:
    return WorkingDayCalendar(HOLIDAYS, closures or {})


def chair(iro_id: int, **overrides: Any) -> Chair:
    values: dict[str, Any] = dict(
        iro_id=iro_id,
        name=f"IRO {iro_id}",
        email=f"iro{iro_id}@example.gov.uk",
        team=Team.CHILDREN_IN_CARE,
        working_days=frozenset(range(5)),
        day_start=dt.time(9),
        day_end=dt.time(17),
        daily_cap=3,
        caseload_per_fte=50.0,
    )
    values.update(overrides)
    return Chair(**values)


def away(first: dt.date, last: dt.date, kind: str = "leave") -> tuple[Away, ...]:
    return (Away(first, last, kind),)


def room(room_id: int, capacity: int = 10, accessible: bool = True) -> Room:
    return Room(room_id, f"Room {room_id}", capacity, accessible)


IN_CARE_SINCE = D(2026, 11, 2)


def window(latest: dt.date, anchor: dt.date = IN_CARE_SINCE, due: dt.date | None = None) -> Window:
    return Window("cla-first", "First looked-after review", anchor, "became looked after", due or latest, latest)


def need(**overrides: Any) -> Need:
    values: dict[str, Any] = dict(
        kind=MeetingKind.CLA_REVIEW,
        minutes=90,
        child_ids=frozenset({1}),
        window=window(WED),
        people=4,
    )
    values.update(overrides)
    return Need(**values)


_ids = iter(range(1, 1_000_000))


def busy(
    day: dt.date,
    start: str,
    end: str,
    *,
    chair_id: int | None = None,
    room_id: int | None = None,
    children: Sequence[int] = (),
) -> Busy:
    n = next(_ids)
    return Busy(
        n,
        f"M-{n:06d}",
        dt.datetime.combine(day, dt.time.fromisoformat(start)),
        dt.datetime.combine(day, dt.time.fromisoformat(end)),
        chair_id,
        room_id,
        frozenset(children),
    )


def search(
    chairs: Sequence[Chair],
    rooms: Sequence[Room] = (),
    bookings: Sequence[Busy] = (),
    *,
    cal: WorkingDayCalendar | None = None,
    earliest: dt.datetime = EARLIEST,
    travel: int = 30,
) -> SlotSearch:
    return SlotSearch(
        chairs,
        rooms or [room(1)],
        BusyIndex(bookings),
        cal or calendar(),
        earliest=earliest,
        rules=SearchRules(travel_minutes=travel),
    )
