"""The days each view shows, how Page Up and Page Down move them, and how the range is named (no Qt)."""

from __future__ import annotations

import datetime as dt

from iro_diary.ui.diary.grid_layout import month_weeks, work_week


def days_of(view: str, anchor: dt.date) -> list[dt.date]:
    """Day: the day; week: its Monday to Friday; month: the working weeks touching the month; agenda: two weeks."""
    if view == "day":
        return [anchor]
    if view == "month":
        return [day for week in month_weeks(anchor) for day in week]
    weeks = 2 if view == "agenda" else 1
    return [day for n in range(weeks) for day in work_week(anchor + dt.timedelta(weeks=n))]


def stepped(view: str, day: dt.date, direction: int) -> dt.date:
    """The anchor one range on (direction 1) or back (-1); the day view skips weekends."""
    if view == "day":
        moved = day + dt.timedelta(days=direction)
        while moved.weekday() >= 5:
            moved += dt.timedelta(days=direction)
        return moved
    if view == "month":
        month = day.year * 12 + day.month - 1 + direction
        return dt.date(month // 12, month % 12 + 1, 1)
    return day + dt.timedelta(weeks=2 if view == "agenda" else 1) * direction


def range_label(view: str, anchor: dt.date) -> str:
    days = days_of(view, anchor)
    first, last = days[0], days[-1]
    if view == "day":
        return f"{first:%A} {first.day} {first:%B %Y}"
    if view == "month":
        return f"{anchor:%B %Y}"
    return f"{first.day} {first:%b} – {last.day} {last:%b %Y}"
