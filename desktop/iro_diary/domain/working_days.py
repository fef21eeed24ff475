"""Working days: the calendar every statutory timescale counts in.

A working day is Monday to Friday and not an England & Wales bank holiday (the gov.uk list, which includes
Christmas Day and Good Friday and the one-off days such as 8 May 2020 and 19 Sep 2022). This matches the
statutory definition used across English children's regulations and DfE's own CIN validator
(research notes §1.5).

Counting (research notes §1.6): "within N working days of X" makes the first working day *after* X day 1, so a
strategy discussion on Thu 18 Dec 2025 gives an ICPC due on Tue 13 Jan 2026.

Local closure days (a council's Christmas shutdown) block booking but never change statutory counting: they
are kept apart from bank holidays for exactly that reason.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Mapping

EARLIEST_DATE = dt.date(1990, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)


def _weekday(ordinal: int) -> int:
    """Monday is 0; ordinal 1 (1 Jan 0001) was a Monday."""
    return (ordinal - 1) % 7


class WorkingDayCalendar:
    """Bank holidays plus local closures, with the working-day arithmetic the rules need."""

    def __init__(self, bank_holidays: Mapping[dt.date, str], closures: Mapping[dt.date, str] | None = None) -> None:
        self._holiday_names = dict(bank_holidays)
        self._closure_names = dict(closures or {})
        self._holidays = frozenset(d.toordinal() for d in bank_holidays)
        self._closures = frozenset(d.toordinal() for d in self._closure_names)
        self._weekday_holidays = sorted(h for h in self._holidays if _weekday(h) < 5)

    @property
    def closures(self) -> Mapping[dt.date, str]:
        return dict(self._closure_names)

    def with_closures(self, closures: Mapping[dt.date, str]) -> WorkingDayCalendar:
        """The same bank holidays with another set of local closure days."""
        return WorkingDayCalendar(self._holiday_names, closures)

    def bank_holiday_ordinals(self) -> list[int]:
        """Every bank holiday as a day number, in order (for fingerprinting the rules in force)."""
        return sorted(self._holidays)

    def holiday_name(self, day: dt.date) -> str | None:
        """The bank holiday's name, or None on an ordinary day."""
        return self._holiday_names.get(day)

    def closure_name(self, day: dt.date) -> str | None:
        return self._closure_names.get(day)

    def _is_working(self, ordinal: int) -> bool:
        return _weekday(ordinal) < 5 and ordinal not in self._holidays

    def is_working_day(self, day: dt.date) -> bool:
        """Monday–Friday and not a bank holiday. Closure days still count: they are working days in law."""
        return self._is_working(day.toordinal())

    def is_bookable(self, day: dt.date) -> bool:
        """A working day on which the service is open (not a local closure day)."""
        ordinal = day.toordinal()
        return self._is_working(ordinal) and ordinal not in self._closures

    def add_working_days(self, anchor: dt.date, count: int) -> dt.date:
        """The date `count` working days after `anchor` (the day after the anchor is day 1).

        A negative count goes back. Zero returns the anchor itself, working day or not.
        """
        ordinal = anchor.toordinal()
        step = 1 if count >= 0 else -1
        remaining = abs(count)
        while remaining:
            ordinal += step
            if self._is_working(ordinal):
                remaining -= 1
        return dt.date.fromordinal(ordinal)

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]: how many working days `end` is after `start` (negative if before)."""
        if end < start:
            return -self.working_days_between(end, start)
        first, last = start.toordinal() + 1, end.toordinal()
        span = last - first + 1
        weeks, extra = divmod(span, 7)
        count = weeks * 5
        for ordinal in range(last - extra + 1, last + 1):
            if _weekday(ordinal) < 5:
                count += 1
        holidays = self._weekday_holidays
        count -= bisect.bisect_right(holidays, last) - bisect.bisect_left(holidays, first)
        return count

    def latest_working_day_on_or_before(self, day: dt.date) -> dt.date:
        """The day itself if it is a working day, else the last working day before it."""
        ordinal = day.toordinal()
        while not self._is_working(ordinal):
            ordinal -= 1
        return dt.date.fromordinal(ordinal)

    def next_working_day_on_or_after(self, day: dt.date) -> dt.date:
        ordinal = day.toordinal()
        while not self._is_working(ordinal):
            ordinal += 1
        return dt.date.fromordinal(ordinal)

    def latest_bookable_day_on_or_before(self, day: dt.date) -> dt.date:
        """Like `latest_working_day_on_or_before`, also skipping local closure days (for booking)."""
        ordinal = day.toordinal()
        while not (self._is_working(ordinal) and ordinal not in self._closures):
            ordinal -= 1
        return dt.date.fromordinal(ordinal)
