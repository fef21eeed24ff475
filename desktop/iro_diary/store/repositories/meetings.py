"""Meetings as the booking service changes them: one meeting in full, references, and the records a booking
names (children, chairs, rooms, households, protection plans)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import Select, func, select, text
from sqlalchemy.orm import Session, selectinload

from iro_diary.store.models import (
    Child,
    FosterHousehold,
    Iro,
    IroAllocation,
    Meeting,
    MeetingChild,
    ProtectionPlan,
    Room,
)

REF_PREFIX = "M-"


def _ref_number(ref: str | None) -> int:
    digits = (ref or "").removeprefix(REF_PREFIX)
    return int(digits) if digits.isdigit() else 0


class MeetingRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, meeting_id: int) -> Meeting | None:
        """One meeting with its children, attendees, chair and room loaded."""
        query = (
            select(Meeting)
            .where(Meeting.id == meeting_id)
            .options(
                selectinload(Meeting.children).selectinload(MeetingChild.child),
                selectinload(Meeting.attendees),
                selectinload(Meeting.chair),
                selectinload(Meeting.room),
            )
            .execution_options(populate_existing=True)
        )
        return self.session.scalars(query).one_or_none()

    def id_of(self, ref: str) -> int | None:
        return self.session.scalar(select(Meeting.id).where(func.upper(Meeting.ref) == ref.strip().upper()))

    def id_of_uid(self, ical_uid: str) -> int | None:
        """The meeting with this invite UID (a booking saved before, when the same booking is saved again)."""
        return self.session.scalar(select(Meeting.id).where(Meeting.ical_uid == ical_uid))

    def next_ref(self) -> str:
        """The next meeting reference, M-000001 upwards (fixed width, so the longest, largest is the latest).

        On PostgreSQL, where bookings run side by side (issue #10), the number comes from a sequence, so two
        bookings never take the same one and never wait for each other (a booking refused at the last moment
        leaves a gap)."""
        if self.session.get_bind().dialect.name == "postgresql":
            return f"{REF_PREFIX}{self._next_ref_number():06d}"
        last = self._last_ref_number()
        return f"{REF_PREFIX}{last + 1:06d}"

    def _next_ref_number(self) -> int:
        number, latest = self.session.execute(
            select(func.nextval("meeting_ref_seq"), self._last_ref_query().scalar_subquery())
        ).one()
        floor = _ref_number(latest)
        if number > floor:
            return int(number)
        # References were written by something else (an import of meetings): carry on after the highest. In the
        # rare race with another booking here, the unique reference refuses one and the booking service retries.
        self.session.execute(
            text("SELECT setval('meeting_ref_seq', GREATEST(:floor, last_value)) FROM meeting_ref_seq"),
            {"floor": floor},
        )
        return int(self.session.scalar(text("SELECT nextval('meeting_ref_seq')")) or 0)

    def _last_ref_number(self) -> int:
        """The number of the latest reference written (M-000123 -> 123; 0 for none)."""
        return _ref_number(self.session.scalar(self._last_ref_query()))

    @staticmethod
    def _last_ref_query() -> Select[str]:
        """The latest reference: the longest, then the largest (M-999999 < M-1000000), read backwards from the index
        on (length(ref), ref) — one index entry, not every reference."""
        return (
            select(Meeting.ref)
            .where(Meeting.ref.like(f"{REF_PREFIX}%"))
            .order_by(func.length(Meeting.ref).desc(), Meeting.ref.desc())
            .limit(1)
        )

    def add(self, meeting: Meeting) -> None:
        self.session.add(meeting)
        self.session.flush()

    # -- what a booking names ---------------------------------------------------------------------------------

    def children(self, child_ids: Sequence[int]) -> list[Child]:
        if not child_ids:
            return []
        return list(self.session.scalars(select(Child).where(Child.id.in_(list(child_ids)))))

    def child_ids_by_ref(self, case_refs: Sequence[str]) -> dict[str, int]:
        wanted = {ref.strip().upper(): ref for ref in case_refs}
        rows = self.session.execute(select(Child.case_ref, Child.id).where(func.upper(Child.case_ref).in_(wanted)))
        return {wanted[ref.upper()]: child_id for ref, child_id in rows}

    def sibling_iro(self, family_ids: Sequence[int]) -> int | None:
        """The allocated IRO of a child in one of these families (siblings share one where possible)."""
        return self.session.scalar(
            select(Child.allocated_iro_id)
            .where(Child.family_id.in_(list(family_ids)), Child.allocated_iro_id.is_not(None))
            .order_by(Child.case_ref)
            .limit(1)
        )

    def iro(self, iro_id: int) -> Iro | None:
        return self.session.get(Iro, iro_id)

    def iro_id_by_email(self, email: str) -> int | None:
        return self.session.scalar(select(Iro.id).where(func.lower(Iro.email) == email.strip().lower()))

    def room(self, room_id: int) -> Room | None:
        return self.session.get(Room, room_id)

    def room_id_by_name(self, name: str) -> int | None:
        return self.session.scalar(select(Room.id).where(func.lower(Room.name) == name.strip().lower()))

    def household(self, household_id: int) -> FosterHousehold | None:
        return self.session.get(FosterHousehold, household_id)

    def household_id_by_ref(self, ref: str) -> int | None:
        return self.session.scalar(
            select(FosterHousehold.id).where(func.upper(FosterHousehold.household_ref) == ref.strip().upper())
        )

    # -- protection plans (a conference's decision) -----------------------------------------------------------

    def open_plans(self, child_id: int, on: dt.date) -> list[ProtectionPlan]:
        query = select(ProtectionPlan).where(
            ProtectionPlan.child_id == child_id,
            ProtectionPlan.start_date <= on,
            (ProtectionPlan.end_date.is_(None)) | (ProtectionPlan.end_date > on),
        )
        return list(self.session.scalars(query))

    def open_allocations(self, child_id: int) -> list[IroAllocation]:
        query = select(IroAllocation).where(IroAllocation.child_id == child_id, IroAllocation.end_date.is_(None))
        return list(self.session.scalars(query))

    def add_record(self, record: ProtectionPlan | IroAllocation) -> None:
        self.session.add(record)
