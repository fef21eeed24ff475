"""The clock: the only place in the app that reads the system time.

Everything else receives a `Clock` and asks it, so tests and the demo can fix "now" and every rule that depends
on today stays a pure function of its arguments.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


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
