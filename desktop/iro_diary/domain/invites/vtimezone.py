"""A VTIMEZONE for the diary's zone, derived from the zone database, in the shape Outlook imports.

Outlook reads one STANDARD and one DAYLIGHT rule with a yearly RRULE (MS-OXCICAL §2.1.3.1.1.19: FREQ=YEARLY with
a single BYDAY such as -1SU); RDATE lists, which python-icalendar's generator writes, are a known source of
trouble there (ical4j-zoneinfo-outlook avoids them). A missing or partial VTIMEZONE is how invites end up an hour
out (anchors-research §4, items 9-10). So the rule is read from the zone database year by year and written as
RRULEs only when every year in range follows it; otherwise the full per-transition form is written instead,
which is always right if less tidy.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when the first block is built, not when the app starts
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

_DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True, slots=True)
class _Onset:
    """One change of offset: when (local wall time before it) and from/to which offset."""

    local: dt.datetime
    offset_from: dt.timedelta
    offset_to: dt.timedelta
    name: str
    is_dst: bool

    @property
    def rule(self) -> tuple[int, int, int, dt.time, dt.timedelta, dt.timedelta]:
        """(month, occurrence, weekday, time, from, to): occurrence -1 is 'last' (e.g. last Sunday of March)."""
        day = self.local.day
        last_day = calendar.monthrange(self.local.year, self.local.month)[1]
        occurrence = -1 if day + 7 > last_day else (day - 1) // 7 + 1
        return (
            self.local.month,
            occurrence,
            self.local.weekday(),
            self.local.time(),
            self.offset_from,
            self.offset_to,
        )


def _offset(zone: dt.tzinfo, instant: dt.datetime) -> dt.timedelta:
    return instant.astimezone(zone).utcoffset() or dt.timedelta(0)


def _onsets(zone: dt.tzinfo, year: int) -> list[_Onset]:
    """Every change of offset in `year`, found day by day and then hour by hour (UTC)."""
    onsets = []
    day = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
    previous = _offset(zone, day)
    while day.year == year:
        following = day + dt.timedelta(days=1)
        if _offset(zone, following) != previous:
            instant = day
            while _offset(zone, instant + dt.timedelta(minutes=15)) == previous:
                instant += dt.timedelta(minutes=15)
            change = instant + dt.timedelta(minutes=15)
            after = change.astimezone(zone)
            local = (change + previous).replace(tzinfo=None)
            offset_to = _offset(zone, change)  # a zero offset is falsy: never `utcoffset() or ...` here
            onsets.append(_Onset(local, previous, offset_to, after.tzname() or "", bool(after.dst())))
            previous = _offset(zone, following)
        day = following
    return onsets


def _yearly_rules(zone: dt.tzinfo, first_year: int, last_year: int) -> list[_Onset] | None:
    """The onsets of `first_year` when every year to `last_year` repeats them by rule; else None."""
    expected: list[tuple[tuple[int, int, int, dt.time, dt.timedelta, dt.timedelta], str, bool]] | None = None
    first: list[_Onset] = []
    for year in range(first_year, last_year + 1):
        onsets = _onsets(zone, year)
        rules = [(o.rule, o.name, o.is_dst) for o in onsets]
        if expected is None:
            expected, first = rules, onsets
        elif rules != expected:
            return None
    if len(first) != 2 or first[0].is_dst == first[1].is_dst:
        return None
    return first


def _sub_component(onset: _Onset) -> TimezoneStandard | TimezoneDaylight:
    from icalendar import TimezoneDaylight, TimezoneStandard

    part: TimezoneStandard | TimezoneDaylight = TimezoneDaylight() if onset.is_dst else TimezoneStandard()
    month, occurrence, weekday, _time, offset_from, offset_to = onset.rule
    part.add("dtstart", onset.local)
    part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": f"{occurrence}{_DAY_CODES[weekday]}"})
    part.add("tzoffsetfrom", offset_from)
    part.add("tzoffsetto", offset_to)
    part.add("tzname", onset.name)
    return part


def _fixed(zone: dt.tzinfo, tzid: str, year: int) -> Timezone:
    from icalendar import Timezone, TimezoneStandard

    instant = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
    offset = _offset(zone, instant)
    start = instant.replace(tzinfo=None)  # VTIMEZONE onsets are local wall times
    timezone = Timezone()
    timezone.add("tzid", tzid)
    standard = TimezoneStandard()
    standard.add("dtstart", start)
    standard.add("tzoffsetfrom", offset)
    standard.add("tzoffsetto", offset)
    standard.add("tzname", instant.astimezone(zone).tzname() or tzid)
    timezone.add_component(standard)
    return timezone


@functools.cache
def vtimezone(zone: dt.tzinfo, tzid: str, first_year: int, last_year: int) -> bytes:
    """The VTIMEZONE block (bytes, CRLF lines) valid for every instant from `first_year` to `last_year`.

    The rules start the year before `first_year`, so the first event of `first_year` already has an onset before
    it (a reader that finds no earlier onset has to guess the offset).
    """
    from icalendar import Timezone

    start_year = first_year - 1
    onsets = _yearly_rules(zone, start_year, last_year)
    if onsets is None:
        if not any(_onsets(zone, year) for year in range(start_year, last_year + 1)):
            return bytes(_fixed(zone, tzid, start_year).to_ical())
        generated = Timezone.from_tzinfo(
            zone, tzid, first_date=dt.date(start_year, 1, 1), last_date=dt.date(last_year + 1, 1, 1)
        )
        return bytes(generated.to_ical())
    timezone = Timezone()
    timezone.add("tzid", tzid)
    for onset in sorted(onsets, key=lambda o: o.is_dst):
        timezone.add_component(_sub_component(onset))
    return bytes(timezone.to_ical())
