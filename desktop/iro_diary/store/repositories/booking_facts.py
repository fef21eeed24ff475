"""The facts of one day that the booking checks need, loaded in a handful of queries.

The booking dialog loads them once per date (not per keystroke) and the booking service loads them again inside
its write transaction, so the check that guards the database is the one the user saw.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from iro_diary.domain.booking import Busy, ChairFacts, DayFacts, RoomFacts
from iro_diary.domain.codes import MeetingStatus, parse_working_days
from iro_diary.infra.clock import LONDON, days_span
from iro_diary.store.models import Absence, Child, Iro, Meeting, MeetingChild, Room


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The UTC instants at which a UK day starts and ends (23 or 25 hours long when the clocks change)."""
    start, end = days_span(day, day)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def wall_clock(instant: dt.datetime) -> dt.datetime:
    """An instant as a naive UK wall-clock time (what the checks compare)."""
    return instant.astimezone(LONDON).replace(tzinfo=None)


# What a booking lock (PostgreSQL, transaction-scoped, one 64-bit key) is for: the kind in the top bits, then the
# day, then the id, so no two of them (nor any other lock of the app, all far below 2**60) share a key.
CHAIR, ROOM, CHILD = 1, 2, 3


def _lock_key(kind: int, day: dt.date, record_id: int | None) -> int | None:
    if record_id is None:
        return None
    return (kind << 60) | (day.toordinal() << 32) | (record_id & 0xFFFFFFFF)


class BookingFactRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def lock_for(self, day: dt.date, chair_id: int | None, room_id: int | None, child_ids: Iterable[int]) -> None:
        """Hold, until this transaction ends, the booking locks of this day's chair, room and children, so the
        checks that follow see every booking of theirs made before this one. Bookings of other people and places,
        or on other days, need not wait (a meeting ends on the day it starts). The exclusion constraints refuse an
        overlapping chair or room whatever happens; the locks make the refusal the checks' own words, and keep a
        child's meetings and a chair's daily cap right. Taken in one order, so two bookings cannot deadlock.
        SQLite's write transaction (`BEGIN IMMEDIATE`) already holds the only write lock."""
        self.lock_for_all([(day, chair_id, room_id, child_ids)])

    def lock_for_all(self, bookings: Iterable[tuple[dt.date, int | None, int | None, Iterable[int]]]) -> None:
        """`lock_for` several bookings (day, chair, room, children) at once, all in the one order."""
        if self.session.get_bind().dialect.name != "postgresql":
            return
        keys: set[int | None] = set()
        for day, chair_id, room_id, child_ids in bookings:
            keys |= {_lock_key(CHAIR, day, chair_id), _lock_key(ROOM, day, room_id)}
            keys |= {_lock_key(CHILD, day, child) for child in child_ids}
        ordered = sorted(k for k in keys if k is not None)
        if not ordered:
            return
        self.session.execute(  # one round trip; the sorted subquery hands the keys over in order
            text("SELECT pg_advisory_xact_lock(k) FROM (SELECT unnest(CAST(:keys AS bigint[])) AS k ORDER BY k) AS o"),
            {"keys": ordered},
        )

    def day_facts(self, day: dt.date) -> DayFacts:
        start, end = day_bounds(day)
        busy, case_refs = self.busy_between(start, end)
        return DayFacts(day=day, busy=busy, chairs=self._chairs(day), rooms=self._rooms(), case_refs=case_refs)

    def busy_between(self, start: dt.datetime, end: dt.datetime) -> tuple[tuple[Busy, ...], dict[int, str]]:
        """Every meeting (not cancelled) overlapping [start, end), with its children; and their case references.
        The booking checks read one day; the scheduling assistant the weeks it searches."""
        within = (
            # A meeting ends on the day it starts, so the start_at index finds them all.
            Meeting.start_at >= start - dt.timedelta(days=1),
            Meeting.start_at < end,
            Meeting.end_at > start,
            Meeting.status != MeetingStatus.CANCELLED,
        )
        meetings = self.session.execute(
            select(Meeting.id, Meeting.ref, Meeting.start_at, Meeting.end_at, Meeting.chair_id, Meeting.room_id).where(
                *within
            )
        ).all()
        children: defaultdict[int, set[int]] = defaultdict(set)
        case_refs: dict[int, str] = {}
        if meetings:
            # The same meetings' children by a join (weeks of them would be a very long IN list).
            links = self.session.execute(
                select(MeetingChild.meeting_id, MeetingChild.child_id, Child.case_ref)
                .join(Meeting, Meeting.id == MeetingChild.meeting_id)
                .join(Child, Child.id == MeetingChild.child_id)
                .where(*within)
            )
            for meeting_id, child_id, case_ref in links:
                children[meeting_id].add(child_id)
                case_refs[child_id] = case_ref
        busy = tuple(
            Busy(
                m.id,
                m.ref,
                wall_clock(m.start_at),
                wall_clock(m.end_at),
                m.chair_id,
                m.room_id,
                frozenset(children[m.id]),
            )
            for m in meetings
        )
        return busy, case_refs

    def _chairs(self, day: dt.date) -> dict[int, ChairFacts]:
        away = dict(
            self.session.execute(
                select(Absence.iro_id, Absence.kind).where(Absence.start_date <= day, Absence.end_date >= day)
            ).all()
        )
        rows = self.session.execute(
            select(
                Iro.id, Iro.name, Iro.working_days, Iro.day_start, Iro.day_end, Iro.daily_cap, Iro.active, Iro.left_on
            )
        )
        return {
            iro_id: ChairFacts(
                iro_id=iro_id,
                name=name,
                working_days=parse_working_days(days),
                day_start=day_start,
                day_end=day_end,
                daily_cap=cap,
                active=active and (left_on is None or left_on > day),
                absence=away[iro_id].value if iro_id in away else None,
            )
            for iro_id, name, days, day_start, day_end, cap, active, left_on in rows
        }

    def _rooms(self) -> dict[int, RoomFacts]:
        rows = self.session.execute(select(Room.id, Room.name, Room.capacity, Room.active))
        return {room_id: RoomFacts(room_id, name, capacity, active) for room_id, name, capacity, active in rows}

    def case_refs(self, child_ids: list[int]) -> dict[int, str]:
        if not child_ids:
            return {}
        rows = self.session.execute(select(Child.id, Child.case_ref).where(Child.id.in_(child_ids)))
        return dict(rows.tuples().all())
