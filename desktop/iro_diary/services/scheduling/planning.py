"""The planner's rows: whom each requirement is for (the Due & overdue list's words), and the plan's outcome as
proposals that book as they are and requirements it could not place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from sqlalchemy.orm import Session

from iro_diary.domain.due_list import Requirement
from iro_diary.domain.planner import PlanOutcome
from iro_diary.domain.slots import SlotSearch
from iro_diary.domain.timescales import RuleBook
from iro_diary.services.diary_rows import BookingRequest
from iro_diary.services.scheduling.rows import PlannedRow, PlanPreview, Subject, UnplacedRow, slot_row
from iro_diary.store.repositories.timescale_facts import TimescaleFactRepository

LATE_REASON_LENGTH = 200


def subjects(session: Session, book: RuleBook, wanted: Sequence[Requirement]) -> dict[str, Subject]:
    """Each requirement's subject by requirement id: children's references and names, family, household."""
    repo = TimescaleFactRepository(session)
    children = repo.child_labels({c for r in wanted for c in r.child_ids})
    households = repo.household_labels() if any(r.household_id is not None for r in wanted) else {}
    found = {}
    for r in wanted:
        kids = [children[c] for c in r.child_ids if c in children]
        household = households.get(r.household_id) if r.household_id is not None else None
        rule = book.rules.get(r.rule)
        found[r.requirement_id] = Subject(
            requirement_id=r.requirement_id,
            kind=r.meeting_kind,
            rule_label=rule.label if rule else r.rule,
            child_ids=r.child_ids,
            case_refs=tuple(k[0] for k in kids),
            names=", ".join(k[1] for k in kids) if kids else (household[1] if household else ""),
            family_ref=next((k[2] for k in kids if k[2]), None),
            household_id=r.household_id,
            household_ref=household[0] if household else None,
            due=r.due,
            latest_working_day=r.latest_working_day,
        )
    return found


def preview(
    first: dt.date,
    last: dt.date,
    requirements: int,
    outcome: PlanOutcome,
    subjects: Mapping[str, Subject],
    search: SlotSearch,
) -> PlanPreview:
    """The outcome as rows, soonest proposal first; what could not be placed by latest working day."""
    planned = []
    for placed in outcome.placed:
        subject = subjects[placed.key]
        slot = slot_row(placed.slot, search, "")
        late = f"Planned late. {placed.shortfall}" if placed.shortfall else "Planned late: no earlier slot"
        request = BookingRequest(
            kind=subject.kind,
            day=slot.day,
            start=slot.start.time().replace(tzinfo=None),
            minutes=slot.minutes,
            chair_id=slot.chair_id,
            child_ids=subject.child_ids,
            household_id=subject.household_id,
            room_id=slot.room_id,
            provisional=True,
            late_reason=late[:LATE_REASON_LENGTH] if slot.late else "",
        )
        planned.append(PlannedRow(subject, slot, request, placed.continuity))
    planned.sort(key=lambda p: (p.slot.start, p.slot.chair_name))
    unplaced = sorted(
        (UnplacedRow(subjects[u.key], u.reason) for u in outcome.unplaced),
        key=lambda u: (u.subject.latest_working_day, u.subject.requirement_id),
    )
    return PlanPreview(first, last, requirements, tuple(planned), tuple(unplaced), outcome.stopped)
