"""An IRO's diary against their contract: meetings booked per week, hours booked, hours contracted, days away.

Contracted hours are the IRO's working days (their set days, for part-time posts) that are not bank holidays,
times the length of their working day. Absences are counted separately so a team lead sees both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from iro_diary.domain.working_days import WorkingDayCalendar

WEEKS_AHEAD = 5  # this week and the next four


@dataclass(frozen=True, slots=True)
class WeekLoad:
    monday: dt.date
    meetings: int
    hours: float
    contracted_hours: float
    absent_days: int


@dataclass(frozen=True, slots=True)
class AbsencePeriod:
    start: dt.date
    end: dt.date
    kind: str


def week_mondays(today: dt.date, weeks: int = WEEKS_AHEAD) -> tuple[dt.date, ...]:
    """The Monday of this week and of each following week."""
    monday = today - dt.timedelta(days=today.weekday())
    return tuple(monday + dt.timedelta(weeks=n) for n in range(weeks))


def contracted_days(monday: dt.date, working_days: frozenset[int], calendar: WorkingDayCalendar) -> tuple[dt.date, ...]:
    """The days of one week the IRO is contracted to work (bank holidays excluded)."""
    days = (monday + dt.timedelta(days=n) for n in range(7))
    return tuple(d for d in days if d.weekday() in working_days and calendar.is_working_day(d))


def week_loads(
    mondays: Sequence[dt.date],
    meetings: Iterable[tuple[dt.date, float]],
    working_days: frozenset[int],
    hours_per_day: float,
    calendar: WorkingDayCalendar,
    absences: Sequence[AbsencePeriod] = (),
) -> tuple[WeekLoad, ...]:
    """Per week: meetings and their hours (by local start date), contracted hours, and contracted days away."""
    counts = [0] * len(mondays)
    hours = [0.0] * len(mondays)
    first = mondays[0] if mondays else dt.date.max
    for day, length in meetings:
        index = (day - first).days // 7
        if 0 <= index < len(mondays):
            counts[index] += 1
            hours[index] += length
    loads = []
    for index, monday in enumerate(mondays):
        days = contracted_days(monday, working_days, calendar)
        away = sum(1 for d in days if any(a.start <= d <= a.end for a in absences))
        loads.append(WeekLoad(monday, counts[index], hours[index], len(days) * hours_per_day, away))
    return tuple(loads)


def _day_range(start: dt.date, end: dt.date) -> str:
    if start == end:
        return f"{start.day} {start:%b}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%b}"
    return f"{start.day} {start:%b} – {end.day} {end:%b}"


def describe_absences(absences: Sequence[AbsencePeriod]) -> str:
    """'Leave 1–5 Dec; training 14 Dec' (in date order), or '' when there are none."""
    parts = [f"{a.kind} {_day_range(a.start, a.end)}" for a in sorted(absences, key=lambda a: a.start)]
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]
