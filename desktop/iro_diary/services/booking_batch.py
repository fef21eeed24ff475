"""Checking many new bookings in one write transaction (the planner's accepted proposals) without reading the
same facts once per booking: the children's facts and open steps once, each day's facts once, the next reference once.

Sound because the transaction holds the diary's booking lock (SQLite's write lock; PostgreSQL's advisory lock):
nothing but this transaction changes the diary meanwhile, so a day's facts stay right once the bookings made in
it are added to them, and the statutory windows do not move (a booking does not change a due date).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from sqlalchemy.orm import Session

from iro_diary.domain.booking import Busy, DayFacts
from iro_diary.domain.timescales import RuleBook
from iro_diary.services.booking_support import Subjects, subjects_of
from iro_diary.services.diary_rows import BookingRequest
from iro_diary.store.models import Meeting
from iro_diary.store.repositories.booking_facts import BookingFactRepository, wall_clock
from iro_diary.store.repositories.meetings import REF_PREFIX, MeetingRepository


class BatchFacts:
    """What the booking checks read, for a batch of new bookings in the caller's write transaction."""

    def __init__(self, session: Session, book: RuleBook, today: dt.date, requests: Sequence[BookingRequest]) -> None:
        self._session = session
        self._book = book
        children = sorted({c for r in requests for c in r.child_ids})
        self._children = subjects_of(session, book, today, children, None)
        self._households = {
            household: subjects_of(session, book, today, (), household)
            for household in sorted({r.household_id for r in requests if r.household_id is not None})
        }
        self._days: dict[dt.date, DayFacts] = {}
        # On PostgreSQL references come from a sequence other bookings share (issue #10): take each from it. SQLite's
        # write transaction excludes every other booking, so counting on from the highest is safe and saves queries.
        self._shared = session.get_bind().dialect.name == "postgresql"
        self._next = 0 if self._shared else int(MeetingRepository(session).next_ref().removeprefix(REF_PREFIX))

    def subjects(self, request: BookingRequest) -> Subjects:
        """What one of the batch's bookings is for, with its open steps."""
        if request.household_id is not None:
            return self._households[request.household_id].of(request)
        return self._children.of(request)

    def day_facts(self, day: dt.date) -> DayFacts:
        facts = self._days.get(day)
        if facts is None:
            facts = self._days[day] = BookingFactRepository(self._session).day_facts(day)
        return facts

    def next_ref(self) -> str:
        if self._shared:
            return MeetingRepository(self._session).next_ref()
        ref = f"{REF_PREFIX}{self._next:06d}"
        self._next += 1
        return ref

    def added(self, meeting: Meeting, child_ids: Sequence[int]) -> None:
        """A booking made in this transaction now takes up its chair's, room's and children's time."""
        start = wall_clock(meeting.start_at)
        facts = self.day_facts(start.date())
        busy = Busy(
            meeting.id,
            meeting.ref,
            start,
            wall_clock(meeting.end_at),
            meeting.chair_id,
            meeting.room_id,
            frozenset(child_ids),
        )
        self._days[start.date()] = dataclasses.replace(facts, busy=(*facts.busy, busy))
