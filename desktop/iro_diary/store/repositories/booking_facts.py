"""The facts of one day that the booking checks need, loaded in a handful of queries.

The booking dialog loads them once per date (not per keystroke) and the booking service loads them again inside
its write transaction, so the check that guards the database is the one the user saw.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Integer, and_, bindparam, column, or_, select, text, true
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


def lock_key(kind: int, day: dt.date, record_id: int | None) -> int | None:
    if record_id is None:
        return None
    return (kind << 60) | (day.toordinal() << 32) | (record_id & 0xFFFFFFFF)


MEETING_COLUMNS = (Meeting.id, Meeting.ref, Meeting.start_at, Meeting.end_at, Meeting.chair_id, Meeting.room_id)


def _busy(meetings: Iterable[Any], links: Iterable[Any]) -> tuple[tuple[Busy, ...], dict[int, str]]:
    """Meetings (MEETING_COLUMNS) and their children (meeting id, child id, case reference) as the checks' Busy
    times, and the children's case references."""
    children: defaultdict[int, set[int]] = defaultdict(set)
    case_refs: dict[int, str] = {}
    for meeting_id, child_id, case_ref in links:
        children[meeting_id].add(child_id)
        case_refs[child_id] = case_ref
    busy = tuple(
        Busy(meeting_id, ref, wall_clock(start), wall_clock(end), chair_id, room_id, frozenset(children[meeting_id]))
        for meeting_id, ref, start, end, chair_id, room_id in meetings
    )
    return busy, case_refs


def _within(start: Any, end: Any, day_before: Any) -> tuple[ColumnElement[bool], ...]:
    """Meetings (not cancelled) overlapping [start, end); `day_before` is a day before `start`: a meeting ends on
    the day it starts, so the start_at index finds them all."""
    return (
        Meeting.start_at >= day_before,
        Meeting.start_at < end,
        Meeting.end_at > start,
        Meeting.status != MeetingStatus.CANCELLED,
    )


# One booking's checks run these inside its write transaction: built once, so each booking only binds its values.
_BOOKING_MEETINGS = (
    select(*MEETING_COLUMNS, MeetingChild.child_id, Child.case_ref)
    .outerjoin(MeetingChild, MeetingChild.meeting_id == Meeting.id)
    .outerjoin(Child, Child.id == MeetingChild.child_id)
    .where(
        *_within(bindparam("start"), bindparam("end"), bindparam("day_before")),
        or_(
            Meeting.chair_id == bindparam("chair"),  # None matches nothing
            Meeting.room_id == bindparam("room"),
            Meeting.id.in_(
                select(MeetingChild.meeting_id).where(MeetingChild.child_id.in_(bindparam("children", expanding=True)))
            ),
        ),
    )
)
# Every IRO as a chair on a day, with any absence (the earliest-starting first, when two overlap).
CHAIR_COLUMNS = (Iro.id, Iro.name, Iro.working_days, Iro.day_start, Iro.day_end, Iro.daily_cap, Iro.active, Iro.left_on)
ROOM_COLUMNS = (Room.id, Room.name, Room.capacity, Room.active)
_ABSENT_THAT_DAY = and_(
    Absence.iro_id == Iro.id, Absence.start_date <= bindparam("day"), Absence.end_date >= bindparam("day")
)
_CHAIRS = (
    select(*CHAIR_COLUMNS, Absence.kind)
    .outerjoin(Absence, _ABSENT_THAT_DAY)
    .order_by(Iro.id, Absence.start_date, Absence.id)
)
_ROOMS = select(*ROOM_COLUMNS)
# One booking's chair (with any absence) and room in one query: a row for each absence, room columns alongside.
_WANTED = select(
    bindparam("chair", type_=Integer).label("chair"), bindparam("room", type_=Integer).label("room")
).subquery("wanted")
_CHAIR_AND_ROOM = (
    select(*CHAIR_COLUMNS, Absence.kind, *ROOM_COLUMNS)
    .select_from(_WANTED)
    .outerjoin(Iro, Iro.id == _WANTED.c.chair)
    .outerjoin(Absence, _ABSENT_THAT_DAY)
    .outerjoin(Room, Room.id == _WANTED.c.room)
    .order_by(Absence.start_date, Absence.id)
)
# On PostgreSQL the same statement takes the booking's day locks (see `lock_for_all`), in key order: one round trip
# fewer for every booking. The chair and room it reads are not what the locks guard; the day's meetings are read
# by the next statement, which sees every booking committed before the locks were granted.
_LOCKING = (
    text(
        "SELECT count(CAST(pg_advisory_xact_lock(k) AS text)) AS locked "
        "FROM (SELECT unnest(CAST(:keys AS bigint[])) AS k ORDER BY k) AS ordered"
    )
    .columns(column("locked", Integer))
    .subquery("locking")
)
_CHAIR_AND_ROOM_LOCKING = _CHAIR_AND_ROOM.add_columns(_LOCKING.c.locked).join(_LOCKING, true())
CHAIR_WIDTH = len(CHAIR_COLUMNS) + 1
ROOM_END = CHAIR_WIDTH + len(ROOM_COLUMNS)


def _chair_facts(day: dt.date, rows: Iterable[Any]) -> dict[int, ChairFacts]:
    """`_CHAIRS` rows as the checks' chairs on `day` (a second absence that day is left out)."""
    chairs: dict[int, ChairFacts] = {}
    for iro_id, name, days, day_start, day_end, cap, active, left_on, away in rows:
        if iro_id not in chairs:
            chairs[iro_id] = ChairFacts(
                iro_id=iro_id,
                name=name,
                working_days=parse_working_days(days),
                day_start=day_start,
                day_end=day_end,
                daily_cap=cap,
                active=active and (left_on is None or left_on > day),
                absence=away.value if away is not None else None,
            )
    return chairs


def _room_facts(rows: Iterable[Any]) -> dict[int, RoomFacts]:
    return {room_id: RoomFacts(room_id, name, capacity, active) for room_id, name, capacity, active in rows}


class BookingFactRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def lock_for_all(self, bookings: Iterable[tuple[dt.date, int | None, int | None, Iterable[int]]]) -> None:
        """Hold, until this transaction ends, the booking locks of these bookings' (day, chair, room, children), so
        the checks that follow see every booking of theirs made before. Bookings of other people and places, or on
        other days, need not wait (a meeting ends on the day it starts). The exclusion constraints refuse an
        overlapping chair or room whatever happens; the locks make the refusal the checks' own words, and keep a
        child's meetings and a chair's daily cap right. Taken in one order, so two bookings cannot deadlock. One
        booking's are taken by `facts_for` with its chair and room."""
        keys = self._lock_keys(bookings)
        if keys:
            self.session.execute(select(_LOCKING.c.locked), {"keys": keys})

    def _lock_keys(self, bookings: Iterable[tuple[dt.date, int | None, int | None, Iterable[int]]]) -> list[int]:
        """The booking locks of these bookings in the order they are taken; none on SQLite, whose write
        transaction (`BEGIN IMMEDIATE`) already holds the only write lock."""
        if self.session.get_bind().dialect.name != "postgresql":
            return []
        keys: set[int | None] = set()
        for day, chair_id, room_id, child_ids in bookings:
            keys |= {lock_key(CHAIR, day, chair_id), lock_key(ROOM, day, room_id)}
            keys |= {lock_key(CHILD, day, child) for child in child_ids}
        return sorted(k for k in keys if k is not None)

    def day_facts(self, day: dt.date) -> DayFacts:
        start, end = day_bounds(day)
        busy, case_refs = self.busy_between(start, end)
        return DayFacts(day=day, busy=busy, chairs=self._chairs(day), rooms=self._rooms(), case_refs=case_refs)

    def facts_for(
        self, day: dt.date, chair_id: int | None, room_id: int | None, child_ids: Iterable[int], *, lock: bool = True
    ) -> DayFacts:
        """What the checks of one booking read of `day_facts`: that chair and that room, and the day's meetings of
        this chair, this room or these children — read after taking the day's booking locks (`lock_for_all`) unless
        `lock` is False. The booking service checks each booking with these inside its write transaction: two small
        prepared queries instead of the whole day's meetings, every IRO and every room. The first reads the chair
        and room and takes the locks; the second, the meetings."""
        children = list(child_ids)
        connection = self.session.connection()
        whose = {"day": day, "chair": chair_id, "room": room_id}
        keys = self._lock_keys([(day, chair_id, room_id, children)]) if lock else []
        if keys:
            people = connection.execute(_CHAIR_AND_ROOM_LOCKING, whose | {"keys": keys}).all()
        else:
            people = connection.execute(_CHAIR_AND_ROOM, whose).all()
        chairs = _chair_facts(day, (row[:CHAIR_WIDTH] for row in people if row[0] is not None))
        rooms = _room_facts({row[CHAIR_WIDTH:ROOM_END] for row in people if row[CHAIR_WIDTH] is not None})
        start, end = day_bounds(day)
        wanted = {"start": start, "end": end, "day_before": start - dt.timedelta(days=1)}
        rows = connection.execute(
            _BOOKING_MEETINGS, wanted | {"chair": chair_id, "room": room_id, "children": children}
        )
        meetings, links = {}, []
        for row in rows:
            meetings[row[0]] = row[:6]
            if row[6] is not None:
                links.append((row[0], row[6], row[7]))
        busy, case_refs = _busy(meetings.values(), links)
        return DayFacts(day=day, busy=busy, chairs=chairs, rooms=rooms, case_refs=case_refs)

    def busy_between(self, start: dt.datetime, end: dt.datetime) -> tuple[tuple[Busy, ...], dict[int, str]]:
        """Every meeting (not cancelled) overlapping [start, end), with its children; and their case references.
        The booking checks read one day; the scheduling assistant the weeks it searches."""
        within = _within(start, end, start - dt.timedelta(days=1))
        meetings = self.session.execute(select(*MEETING_COLUMNS).where(*within)).all()
        links: Sequence[Any] = ()
        if meetings:
            # The same meetings' children by a join (weeks of them would be a very long IN list).
            links = self.session.execute(
                select(MeetingChild.meeting_id, MeetingChild.child_id, Child.case_ref)
                .join(Meeting, Meeting.id == MeetingChild.meeting_id)
                .join(Child, Child.id == MeetingChild.child_id)
                .where(*within)
            ).all()
        return _busy(meetings, links)

    def _chairs(self, day: dt.date) -> dict[int, ChairFacts]:
        return _chair_facts(day, self.session.connection().execute(_CHAIRS, {"day": day}))

    def _rooms(self) -> dict[int, RoomFacts]:
        return _room_facts(self.session.connection().execute(_ROOMS))

    def case_refs(self, child_ids: list[int]) -> dict[int, str]:
        if not child_ids:
            return {}
        rows = self.session.execute(select(Child.id, Child.case_ref).where(Child.id.in_(child_ids)))
        return dict(rows.tuples().all())
