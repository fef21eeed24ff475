"""Why nothing fits by the latest working day, in a diary manager's words.

Microsoft Graph's `findMeetingTimes` answers an empty search with an `emptySuggestionsReason` (anchors research
§2); a diary manager needs more than a code: "Nothing fits by Tue 13 Jan: 4 IROs on leave, 9 at their daily cap,
no room free on Mon 12". The search notes what stopped each chair on each day it looked at; each IRO is then
counted once, under what stopped them on most of those days, and the days on which a chair was free but no room
was are named.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from enum import StrEnum

from iro_diary.domain.codes import WEEKDAY_NAMES

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DAYS_NAMED = 3


class Blocked(StrEnum):
    """What stopped a chair on a day, in the order a tie between them is settled."""

    LEAVE = "leave"
    SICKNESS = "sickness"
    TRAINING = "training"
    OTHER = "other"  # away for another reason
    LEFT = "left"
    CAP = "cap"
    FULL = "full"
    NOT_WORKING = "not-working"
    CHILD = "child"
    ROOM = "room"


_COUNTED = {
    Blocked.LEAVE: ("{n} IRO on leave", "{n} IROs on leave"),
    Blocked.SICKNESS: ("{n} off sick", "{n} off sick"),
    Blocked.TRAINING: ("{n} at training", "{n} at training"),
    Blocked.OTHER: ("{n} away", "{n} away"),
    Blocked.LEFT: ("{n} left the service", "{n} left the service"),
    Blocked.CAP: ("{n} at their daily cap", "{n} at their daily cap"),
    Blocked.FULL: ("{n} with no free time long enough", "{n} with no free time long enough"),
    Blocked.NOT_WORKING: ("{n} not working those days", "{n} not working those days"),
    Blocked.CHILD: (
        "{n} free only when the child is at another meeting",
        "{n} free only when the child is at another meeting",
    ),
}


_ONE_CHAIR = {
    Blocked.LEAVE: "on leave",
    Blocked.SICKNESS: "off sick",
    Blocked.TRAINING: "at training",
    Blocked.OTHER: "away",
    Blocked.LEFT: "has left the service",
    Blocked.CAP: "at their daily cap",
    Blocked.FULL: "has no free time long enough",
    Blocked.NOT_WORKING: "not working those days",
    Blocked.CHILD: "free only when the child is at another meeting",
    Blocked.ROOM: "no room is free when they are",
}


def day_text(day: dt.date) -> str:
    """'Tue 13 Jan' (what a diary manager writes)."""
    return f"{WEEKDAY_NAMES[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"


def away_reason(kind: str) -> Blocked:
    try:
        return Blocked(kind)
    except ValueError:
        return Blocked.OTHER


class Tally:
    """What stopped each chair on each day the search looked at."""

    def __init__(self) -> None:
        self.by_chair: defaultdict[int, Counter[Blocked]] = defaultdict(Counter)
        self.room_days: set[dt.date] = set()
        self.days: set[dt.date] = set()

    def note(self, chair_id: int, day: dt.date, reason: Blocked) -> None:
        self.by_chair[chair_id][reason] += 1
        self.days.add(day)
        if reason is Blocked.ROOM:
            self.room_days.add(day)

    def main_reason(self, chair_id: int) -> str:
        """What stopped one chair on most of the days looked at ("on leave"), or "" if nothing was noted."""
        counts = self.by_chair.get(chair_id)
        if not counts:
            return ""
        order = list(Blocked)
        return _ONE_CHAIR[min(counts, key=lambda r: (-counts[r], order.index(r)))]

    def parts(self) -> list[str]:
        """Each IRO once, under what stopped them most; then the days no room was free."""
        order = list(Blocked)
        main = Counter(
            min(counts, key=lambda r: (-counts[r], order.index(r))) for counts in self.by_chair.values() if counts
        )
        parts = []
        for reason, (one, many) in _COUNTED.items():
            n = main.get(reason, 0)
            if n:
                parts.append((one if n == 1 else many).format(n=n))
        if self.room_days:
            days = sorted(self.room_days)
            named = ", ".join(day_text(d) for d in days[:DAYS_NAMED])
            more = f" and {len(days) - DAYS_NAMED} more days" if len(days) > DAYS_NAMED else ""
            parts.append(f"no room free on {named}{more}")
        return parts


def explain(
    tally: Tally,
    latest: dt.date,
    first: dt.date | None,
    *,
    room_too_small: str = "",
) -> str:
    """The sentence shown when nothing fits on or before `latest` (the latest working day). `first` is the first
    day the search could use (None: the window had already passed); `room_too_small` says that no room at all
    seats the meeting, when that is so."""
    head = f"Nothing fits by {day_text(latest)}"
    if first is None:
        return f"{head}: that day has passed"
    if room_too_small:
        return f"{head}: {room_too_small}"
    if not tally.days:
        return f"{head}: no working day the service is open from {day_text(first)}"
    parts = tally.parts()
    return f"{head}: {', '.join(parts)}" if parts else head
