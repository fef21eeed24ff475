"""Reading the audit trail (issue #10): one record's history, or everything in a period for an export.

There is nothing here to change or delete an audit row: the app never does, and the database's triggers refuse it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from iro_diary.store.models import AuditEntry, CareEpisode, Iro, ProtectionPlan, Room

BATCH = 2000


class AuditRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def of(self, records: Sequence[tuple[str, str]]) -> list[AuditEntry]:
        """The audit rows of these (entity, entity id) pairs, oldest first."""
        if not records:
            return []
        grouped: dict[str, set[str]] = defaultdict(set)
        for entity, entity_id in records:
            grouped[entity].add(entity_id)
        matches = [and_(AuditEntry.entity == e, AuditEntry.entity_id.in_(sorted(ids))) for e, ids in grouped.items()]
        query = select(AuditEntry).where(or_(*matches)).order_by(AuditEntry.at, AuditEntry.id)
        return list(self.session.scalars(query))

    def between(self, start: dt.datetime, end: dt.datetime) -> Iterator[AuditEntry]:
        """Every audit row from `start` (inclusive) to `end` (exclusive), oldest first, read in batches."""
        query = (
            select(AuditEntry)
            .where(AuditEntry.at >= start, AuditEntry.at < end)
            .order_by(AuditEntry.at, AuditEntry.id)
            .execution_options(yield_per=BATCH)
        )
        yield from self.session.scalars(query)

    def records_of_child(self, child_id: int) -> list[tuple[str, str]]:
        """The child's own record and their care episodes and protection plans, as audited."""
        episodes = self.session.scalars(select(CareEpisode.id).where(CareEpisode.child_id == child_id))
        plans = self.session.scalars(select(ProtectionPlan.id).where(ProtectionPlan.child_id == child_id))
        return [
            ("child", str(child_id)),
            *(("care_episode", str(i)) for i in episodes),
            *(("protection_plan", str(i)) for i in plans),
        ]

    def names(self) -> tuple[dict[int, str], dict[int, str]]:
        """Every IRO's and room's name by id (audit rows record ids; people read names)."""
        iros = {iro_id: name for iro_id, name in self.session.execute(select(Iro.id, Iro.name))}
        rooms = {room_id: name for room_id, name in self.session.execute(select(Room.id, Room.name))}
        return iros, rooms
