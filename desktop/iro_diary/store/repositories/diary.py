"""What the diary views show: the meetings of a range of days, absences, the people and rooms, and searches.

Plain rows only, a few queries per range: the week view of a whole team at ten times the report's size reads a
thousand meetings, so each list is one statement rather than one per meeting.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from iro_diary.domain.codes import MeetingStatus
from iro_diary.store.models import (
    Absence,
    Child,
    Family,
    FosterHousehold,
    Iro,
    Meeting,
    MeetingChild,
    Room,
)
from iro_diary.store.repositories.raw_rows import batches

SEARCH_LIMIT = 200

MEETING_COLUMNS = (
    Meeting.id,
    Meeting.ref,
    Meeting.kind,
    Meeting.status,
    Meeting.start_at,
    Meeting.end_at,
    Meeting.chair_id,
    Iro.name.label("chair_name"),
    Iro.email.label("chair_email"),
    Meeting.room_id,
    Room.name.label("room_name"),
    Meeting.venue,
    Meeting.version,
    Meeting.late_reason,
    Meeting.cancel_reason,
    Meeting.family_id,
    Meeting.foster_household_id,
    Family.family_ref,
    FosterHousehold.household_ref,
    FosterHousehold.name.label("household_name"),
)


def _meeting_query() -> Any:
    return (
        select(*MEETING_COLUMNS)
        .outerjoin(Iro, Iro.id == Meeting.chair_id)
        .outerjoin(Room, Room.id == Meeting.room_id)
        .outerjoin(Family, Family.id == Meeting.family_id)
        .outerjoin(FosterHousehold, FosterHousehold.id == Meeting.foster_household_id)
        .order_by(Meeting.start_at, Meeting.id)
    )


# One meeting with its children (one row each, in case reference order; one row with no child for none): what a
# booking reads back before its commit, built once.
_ONE_MEETING = (
    _meeting_query()
    .add_columns(Child.id.label("child_id"), Child.case_ref, Child.given_name, Child.family_name)
    .outerjoin(MeetingChild, MeetingChild.meeting_id == Meeting.id)
    .outerjoin(Child, Child.id == MeetingChild.child_id)
    .where(Meeting.id == bindparam("meeting"))
    .order_by(None)
    .order_by(Child.case_ref)
)


class DiaryRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def meeting_with_children(self, meeting_id: int) -> tuple[Any, list[tuple[int, str, str]]]:
        """One meeting's record (None when there is none) and its children as `children_of` gives them, in one
        query. Reads through the connection: flush first if the session holds changes."""
        rows = self.session.connection().execute(_ONE_MEETING, {"meeting": meeting_id}).all()
        children = [(r.child_id, r.case_ref, f"{r.given_name} {r.family_name}") for r in rows if r.child_id is not None]
        return (rows[0] if rows else None), children

    def meetings_between(
        self,
        start: dt.datetime,
        end: dt.datetime,
        *,
        include_cancelled: bool,
        chair_id: int | None = None,
        room_id: int | None = None,
    ) -> list[Any]:
        """Meetings overlapping [start, end) (only one chair's or one room's when given), in start order."""
        # A meeting ends on the day it starts, so bounding start_at both ways lets its index find them.
        query = _meeting_query().where(
            Meeting.start_at >= start - dt.timedelta(days=1), Meeting.start_at < end, Meeting.end_at > start
        )
        if not include_cancelled:
            query = query.where(Meeting.status != MeetingStatus.CANCELLED)
        if chair_id is not None:
            query = query.where(Meeting.chair_id == chair_id)
        if room_id is not None:
            query = query.where(Meeting.room_id == room_id)
        return list(self.session.execute(query).all())

    def meetings_by_id(self, ids: Iterable[int]) -> list[Any]:
        return list(self.session.execute(_meeting_query().where(Meeting.id.in_(list(ids)))).all())

    def children_of(self, meeting_ids: list[int]) -> dict[int, list[tuple[int, str, str]]]:
        """meeting id -> [(child id, case ref, name)], in case reference order."""
        found: defaultdict[int, list[tuple[int, str, str]]] = defaultdict(list)
        query = (
            select(MeetingChild.meeting_id, Child.id, Child.case_ref, Child.given_name, Child.family_name)
            .join(Child, Child.id == MeetingChild.child_id)
            .order_by(Child.case_ref)
        )
        for batch in batches(meeting_ids):
            for meeting_id, child_id, case_ref, given, family in self.session.execute(
                query.where(MeetingChild.meeting_id.in_(batch))
            ):
                found[meeting_id].append((child_id, case_ref, f"{given} {family}"))
        return found

    def absences_between(self, first: dt.date, last: dt.date) -> list[Any]:
        query = select(Absence.iro_id, Absence.start_date, Absence.end_date, Absence.kind).where(
            Absence.start_date <= last, Absence.end_date >= first
        )
        return list(self.session.execute(query).all())

    def iros(self) -> list[Any]:
        query = select(
            Iro.id,
            Iro.name,
            Iro.email,
            Iro.team,
            Iro.working_days,
            Iro.day_start,
            Iro.day_end,
            Iro.daily_cap,
            Iro.active,
        ).order_by(Iro.name)
        return list(self.session.execute(query).all())

    def rooms(self) -> list[Any]:
        query = select(Room.id, Room.name, Room.site, Room.capacity, Room.accessible, Room.active).order_by(
            Room.site, Room.name
        )
        return list(self.session.execute(query).all())

    def households(self) -> list[Any]:
        query = select(
            FosterHousehold.id, FosterHousehold.household_ref, FosterHousehold.name, FosterHousehold.allocated_iro_id
        ).order_by(FosterHousehold.household_ref)
        return list(self.session.execute(query).all())

    def child_index(self) -> list[Any]:
        """Every child, for the booking dialog's search: reference, names, family and allocated IRO."""
        query = (
            select(
                Child.id,
                Child.case_ref,
                Child.given_name,
                Child.family_name,
                Child.date_of_birth,
                Child.expected_delivery,
                Child.family_id,
                Family.family_ref,
                Child.allocated_iro_id,
            )
            .outerjoin(Family, Family.id == Child.family_id)
            .order_by(Child.case_ref)
        )
        return list(self.session.execute(query).all())

    def search(self, text: str) -> list[int]:
        """Ids of meetings whose reference, children (case reference or name), family or household match every
        word of `text`, latest first."""
        words = [w for w in text.casefold().split() if w]
        if not words:
            return []
        haystack = func.lower(
            Meeting.ref
            + " "
            + func.coalesce(Child.case_ref, "")
            + " "
            + func.coalesce(Child.given_name, "")
            + " "
            + func.coalesce(Child.family_name, "")
            + " "
            + func.coalesce(Family.family_ref, "")
            + " "
            + func.coalesce(Family.name, "")
            + " "
            + func.coalesce(FosterHousehold.household_ref, "")
            + " "
            + func.coalesce(FosterHousehold.name, "")
        )
        query = (
            select(Meeting.id, func.max(Meeting.start_at).label("start_at"))
            .outerjoin(MeetingChild, MeetingChild.meeting_id == Meeting.id)
            .outerjoin(Child, Child.id == MeetingChild.child_id)
            .outerjoin(Family, Family.id == Meeting.family_id)
            .outerjoin(FosterHousehold, FosterHousehold.id == Meeting.foster_household_id)
            .where(*[haystack.contains(word, autoescape=True) for word in words])
            .group_by(Meeting.id)
            .order_by(func.max(Meeting.start_at).desc())
            .limit(SEARCH_LIMIT)
        )
        return [row[0] for row in self.session.execute(query)]
