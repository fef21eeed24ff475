"""What the scheduling assistant reads besides the diary itself: the chairs and rooms in use, and who keeps
continuity for a child (their IRO, their brothers' and sisters' IROs, who chaired their last meetings).

Plain tuples, a few statements per search or plan, in batches of ids (SQLite allows some 32,000 parameters).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from iro_diary.domain.codes import MeetingStatus
from iro_diary.store.models import Child, FosterHousehold, Iro, Meeting, MeetingChild, Room
from iro_diary.store.repositories.raw_rows import batches


class SchedulingRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _batched(self, query: Any, column: Any, ids: Collection[int]) -> Iterator[Any]:
        wanted = sorted(set(ids))
        for batch in batches(wanted):
            yield from self.session.execute(query.where(column.in_(batch))).all()

    def chairs(self) -> list[Any]:
        """Active IROs: id, name, email, team, fte, working days, hours, daily cap, left_on."""
        query = select(
            Iro.id,
            Iro.name,
            Iro.email,
            Iro.team,
            Iro.fte,
            Iro.working_days,
            Iro.day_start,
            Iro.day_end,
            Iro.daily_cap,
            Iro.left_on,
        ).where(Iro.active.is_(True))
        return list(self.session.execute(query.order_by(Iro.id)).all())

    def rooms(self) -> list[Any]:
        """Rooms in use: id, name, capacity, accessible."""
        query = select(Room.id, Room.name, Room.capacity, Room.accessible).where(Room.active.is_(True))
        return list(self.session.execute(query.order_by(Room.id)).all())

    def children(self, child_ids: Collection[int]) -> list[Any]:
        """(child id, family id, allocated IRO id) of these children."""
        query = select(Child.id, Child.family_id, Child.allocated_iro_id)
        return list(self._batched(query, Child.id, child_ids))

    def family_members(self, family_ids: Collection[int]) -> list[Any]:
        """(child id, family id, allocated IRO id) of every child in these families."""
        query = select(Child.id, Child.family_id, Child.allocated_iro_id)
        return list(self._batched(query, Child.family_id, family_ids))

    def held_chairs(self, child_ids: Collection[int]) -> list[Any]:
        """(child id, meeting kind, start, chair id) of the held meetings of these children, oldest first."""
        query = (
            select(MeetingChild.child_id, Meeting.kind, Meeting.start_at, Meeting.chair_id)
            .join(Meeting, Meeting.id == MeetingChild.meeting_id)
            .where(Meeting.status == MeetingStatus.HELD, Meeting.chair_id.is_not(None))
        )
        rows = list(self._batched(query, MeetingChild.child_id, child_ids))
        return sorted(rows, key=lambda r: r.start_at)

    def households(self, household_ids: Collection[int]) -> list[Any]:
        """(household id, allocated IRO id) of these foster households."""
        query = select(FosterHousehold.id, FosterHousehold.allocated_iro_id)
        return list(self._batched(query, FosterHousehold.id, household_ids))

    def household_held_chairs(self, household_ids: Collection[int]) -> list[Any]:
        """(household id, start, chair id) of these households' held reviews, oldest first."""
        query = select(Meeting.foster_household_id, Meeting.start_at, Meeting.chair_id).where(
            Meeting.status == MeetingStatus.HELD, Meeting.chair_id.is_not(None)
        )
        rows = list(self._batched(query, Meeting.foster_household_id, household_ids))
        return sorted(rows, key=lambda r: r.start_at)
