"""The clock: the only place in the app that reads the system time.

Everything else receives a `Clock` and asks it, so tests and the demo can fix "now" and every rule that depends
on today stays a pure function of its arguments.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def day_start(day: dt.date) -> dt.datetime:
    """Midnight at the start of a UK day, as an aware datetime (a day is 23 or 25 hours when the clocks change)."""
    return dt.datetime.combine(day, dt.time(0), tzinfo=LONDON)


def days_span(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The UK days `first` to `last` inclusive, as [the start of the first, the start of the day after the last)."""
    return day_start(first), day_start(last + dt.timedelta(days=1))


class Clock(Protocol):
    """Something that knows what time it is."""

    def now(self) -> dt.datetime:
        """The current instant, timezone-aware (UTC)."""
        ...

    def today(self) -> dt.date:
        """Today's date in England (Europe/London), which is what every timescale counts from."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)

    def today(self) -> dt.date:
        return dt.datetime.now(LONDON).date()


class FixedClock:
    """A clock stopped at one instant: for tests, the demo service and reproducible runs."""

    def __init__(self, instant: dt.datetime) -> None:
        if instant.tzinfo is None:
            instant = instant.replace(tzinfo=LONDON)
        self._instant = instant.astimezone(dt.UTC)

    @classmethod
    def on(cls, day: dt.date, hour: int = 9) -> FixedClock:
        """A clock at `hour` o'clock London time on `day`."""
        return cls(dt.datetime.combine(day, dt.time(hour), tzinfo=LONDON))

    def now(self) -> dt.datetime:
        return self._instant

    def today(self) -> dt.date:
        return self._instant.astimezone(LONDON).date()
