"""Changing who holds a child, in the caller's transaction, audited.

The old allocation is closed the day before (kept, so the caseload history stays true), a new one opens today,
the child's IRO changes, and their future provisional or booked meetings move to the new IRO when the new IRO
is free (domain/rechair.py). An allocation that only started today is corrected rather than closed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Mapping

from sqlalchemy.orm import Session

from iro_diary.domain.rechair import Availability, MeetingFacts, RechairDecision, plan_rechair
from iro_diary.infra.clock import LONDON, day_start
from iro_diary.services import audit
from iro_diary.services.changes import Changes
from iro_diary.services.context import ServiceContext
from iro_diary.services.workload.rows import AllocationOutcome, MeetingMove
from iro_diary.services.workload.state import IroFacts, absences_by_iro
from iro_diary.store.models import Child, IroAllocation, Meeting
from iro_diary.store.repositories.workload import WorkloadRepository


def holders_now(session: Session, child_ids: Collection[int], today: dt.date) -> dict[int, int | None]:
    """Child -> the IRO holding them now: the allocated IRO, else (open CSE concern) the CSE chair."""
    repo = WorkloadRepository(session)
    holders: dict[int, int | None] = {c.id: c.allocated_iro_id for c in repo.children(child_ids)}
    unallocated = [c for c, iro in holders.items() if iro is None]
    if unallocated:
        concerned = {child for child, _family in repo.unallocated_with_open_concern(today)}
        chairs = repo.cse_chairs(today)
        for child in unallocated:
            if child in concerned:
                holders[child] = chairs.get(child)
    return holders


def start_of_tomorrow(today: dt.date) -> dt.datetime:
    return day_start(today + dt.timedelta(days=1)).astimezone(dt.UTC)


def plan_meetings(
    session: Session, moves: Mapping[int, int], previous: Mapping[int, int | None], today: dt.date
) -> tuple[list[RechairDecision], dict[int, Meeting]]:
    """What happens to the future meetings of the children moving (and the meetings themselves, by id)."""
    repo = WorkloadRepository(session)
    sources = {p for p in previous.values() if p is not None}
    meetings = {m.id: m for m in repo.future_meetings_chaired(sources, start_of_tomorrow(today))} if sources else {}
    facts = [
        MeetingFacts(m.id, m.ref, m.start_at, m.end_at, m.chair_id, frozenset(c.child_id for c in m.children))
        for m in meetings.values()
        if m.chair_id is not None
    ]
    relevant = [f for f in facts if f.child_ids and f.child_ids <= moves.keys()]
    if not relevant:
        return [], meetings
    targets = set(moves.values())
    first, last = min(f.start for f in relevant), max(f.end for f in relevant)
    iros = {i.id: IroFacts.of(i) for i in repo.iros() if i.id in targets}
    busy: dict[int, list[tuple[int, dt.datetime, dt.datetime]]] = defaultdict(list)
    for chair, meeting_id, start, end in repo.busy_times(targets, first, last):
        if chair is not None:
            busy[chair].append((meeting_id, start, end))
    away = absences_by_iro(session, first.astimezone(LONDON).date(), last.astimezone(LONDON).date())
    availability = Availability({i: f.days for i, f in iros.items()}, away, busy)
    names = {i: f.name for i, f in iros.items()}
    decisions = plan_rechair(relevant, moves, previous, availability, lambda t: t.astimezone(LONDON).date(), names)
    return decisions, meetings


def meeting_move(decision: RechairDecision) -> MeetingMove:
    m = decision.meeting
    return MeetingMove(m.meeting_id, m.ref, m.start.astimezone(LONDON), m.chair_id, decision.to_iro, decision.note)


def move_children(
    session: Session, ctx: ServiceContext, moves: Mapping[int, int], today: dt.date, *, why: str
) -> AllocationOutcome:
    """Give each child in `moves` to their new IRO, and move their future meetings where the new IRO is free."""
    repo = WorkloadRepository(session)
    previous = holders_now(session, moves.keys(), today)
    rows: dict[int, list[IroAllocation]] = defaultdict(list)
    for row in repo.open_allocations(moves.keys()):
        rows[row.child_id].append(row)
    moved = []
    for child in repo.children(moves.keys()):
        new = moves[child.id]
        if child.allocated_iro_id == new:
            continue
        _reallocate(session, child, rows[child.id], new, today)
        audit.record(
            session,
            ctx,
            action="allocate",
            entity="child",
            entity_id=child.id,
            summary=f"IRO allocation changed ({why})",
            before={"allocated_iro_id": previous.get(child.id)},
            after={"allocated_iro_id": new},
        )
        moved.append(child.id)
    session.flush()
    decisions, meetings = plan_meetings(session, moves, previous, today)
    rechaired = [d for d in decisions if d.to_iro is not None]
    for decision in rechaired:
        _rechair(session, ctx, meetings[decision.meeting.meeting_id], decision.to_iro or 0, why)
    iros = {i for i in moves.values()} | {p for p in previous.values() if p is not None}
    changes = Changes(
        children=frozenset(moved),
        iros=frozenset(iros),
        meetings=frozenset(d.meeting.meeting_id for d in rechaired),
    )
    kept = tuple(meeting_move(d) for d in decisions if d.to_iro is None)
    return AllocationOutcome(tuple(moved), tuple(meeting_move(d) for d in rechaired), kept, changes)


def _reallocate(session: Session, child: Child, open_rows: list[IroAllocation], iro_id: int, today: dt.date) -> None:
    corrected = False
    for row in open_rows:
        if row.start_date >= today and not corrected:
            row.iro_id, row.start_date, corrected = iro_id, today, True
        else:
            row.end_date = max(row.start_date, today - dt.timedelta(days=1))
    if not corrected:
        session.add(IroAllocation(child_id=child.id, iro_id=iro_id, start_date=today))
    child.allocated_iro_id = iro_id


def _rechair(session: Session, ctx: ServiceContext, meeting: Meeting, iro_id: int, why: str) -> None:
    before = audit.snapshot(meeting, ("chair_id",))
    meeting.chair_id = iro_id
    meeting.updated_at = ctx.clock.now()
    meeting.updated_by = ctx.actor
    audit.record(
        session,
        ctx,
        action="update",
        entity="meeting",
        entity_id=meeting.id,
        summary=f"Chair changed with the children's IRO ({why})",
        before=before,
        after={"chair_id": iro_id},
    )
