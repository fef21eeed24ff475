"""Marking a meeting held: what each child's participation was, what a conference decided, and what comes next.

A held meeting answers its statutory step and anchors the next one (DOMAIN.md: "each held meeting sets the next due
date"). A plan made at an initial conference starts the review conferences; a plan ending stops them. The result
names the meetings the chains now require, so the chair can set the next date before everyone leaves the room.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy.orm import Session

from iro_diary.domain.access import Permission
from iro_diary.domain.codes import MeetingKind, MeetingStatus, PlanCategory
from iro_diary.domain.errors import ValidationError
from iro_diary.domain.outcomes import ChildOutcome, check_outcome, default_participation
from iro_diary.infra.clock import LONDON
from iro_diary.services import access, audit
from iro_diary.services.access import requires
from iro_diary.services.booking import AUDIT_FIELDS, load_for_change, when
from iro_diary.services.booking_support import next_bookings, read_row
from iro_diary.services.changes import Changes
from iro_diary.services.context import ServiceContext
from iro_diary.services.diary_rows import MeetingRow, NextBooking
from iro_diary.services.quality.live_audit import record_answers
from iro_diary.services.quality.rows import GivenAnswer
from iro_diary.store.models import Child, IroAllocation, Meeting, MeetingChild, ProtectionPlan
from iro_diary.store.repositories.meetings import MeetingRepository

OUTCOME_FIELDS = ("participation", "decision", "category")


class HeldService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    @requires(Permission.BOOK, Permission.OWN_DIARY)
    def mark_held(
        self,
        meeting_id: int,
        version: int,
        outcomes: Sequence[ChildOutcome] = (),
        outcome: str = "",
        audit_answers: Sequence[GivenAnswer] = (),
    ) -> tuple[MeetingRow, list[NextBooking], Changes]:
        """Record that the meeting took place, with each child's outcome and the chair's live-audit answers (a
        review or a conference); return the meetings now required."""
        with self._ctx.db.write() as session:
            meeting = load_for_change(session, meeting_id, version)
            access.check_chairs(self._ctx, [meeting.chair_id], meeting.ref)
            self._refuse_unless_due(meeting)
            day = meeting.start_at.astimezone(LONDON).date()
            before = audit.snapshot(meeting, AUDIT_FIELDS)
            records = self._record(session, meeting, {o.child_id: o for o in outcomes}, day)
            meeting.status = MeetingStatus.HELD
            meeting.outcome = outcome.strip() or None
            meeting.updated_at, meeting.updated_by = self._ctx.clock.now(), self._ctx.actor
            session.flush()
            audit.record(
                session, self._ctx, action="held", entity="meeting", entity_id=meeting.ref,
                summary=f"Marked {meeting.ref} held", before=before,
                after={**audit.snapshot(meeting, AUDIT_FIELDS), "children": records},
            )  # fmt: skip
            audited = record_answers(session, self._ctx, meeting, audit_answers)
            children = frozenset(link.child_id for link in meeting.children)
        with self._ctx.db.read() as session:
            row = read_row(session, meeting_id)
            following = next_bookings(session, self._ctx.rule_book(session), self._ctx.clock.today(), row)
        audits = frozenset({meeting_id}) if audited else frozenset()
        return row, following, Changes(meetings=frozenset({meeting_id}), children=children, audits=audits)

    def _refuse_unless_due(self, meeting: Meeting) -> None:
        if meeting.status is MeetingStatus.HELD:
            raise ValidationError(f"{meeting.ref} is already marked held")
        if meeting.status is MeetingStatus.CANCELLED:
            raise ValidationError(f"{meeting.ref} was cancelled: it cannot be marked held")
        if meeting.start_at > self._ctx.clock.now():
            raise ValidationError(
                f"{meeting.ref} starts at {when(meeting.start_at)}: mark it held once it has taken place"
            )

    def _record(
        self, session: Session, meeting: Meeting, outcomes: dict[int, ChildOutcome], day: dt.date
    ) -> dict[str, dict[str, str | None]]:
        links = {link.child_id: link for link in meeting.children}
        strangers = set(outcomes) - set(links)
        if strangers:
            raise ValidationError(f"{meeting.ref} is not about child {min(strangers)}")
        recorded: dict[str, dict[str, str | None]] = {}
        for child_id, link in sorted(links.items(), key=lambda item: item[1].child.case_ref):
            found = _with_defaults(meeting.kind, outcomes.get(child_id, ChildOutcome(child_id)), link.child, day)
            check_outcome(meeting.kind, found, link.child.date_of_birth, link.child.case_ref, day)
            link.participation, link.decision, link.category = found.participation, found.decision, found.category
            self._follow_decision(session, meeting, link, day)
            recorded[link.child.case_ref] = audit.snapshot(link, OUTCOME_FIELDS)
        return recorded

    def _follow_decision(self, session: Session, meeting: Meeting, link: MeetingChild, day: dt.date) -> None:
        """A plan made starts the review conference chain; a plan ending stops it (Working Together 2023 ch.4)."""
        repo = MeetingRepository(session)
        child = link.child
        if link.decision == "plan-made" and link.category is not None:
            if not repo.open_plans(child.id, day):
                repo.add_record(ProtectionPlan(child_id=child.id, start_date=day, category=PlanCategory(link.category)))
            if child.allocated_iro_id is None and meeting.chair_id is not None:
                child.allocated_iro_id = meeting.chair_id
                repo.add_record(IroAllocation(child_id=child.id, iro_id=meeting.chair_id, start_date=day))
        elif link.decision == "plan-ends":
            for plan in repo.open_plans(child.id, day):
                plan.end_date = day
        elif link.decision == "plan-continues" and link.category is not None:
            for plan in repo.open_plans(child.id, day):
                plan.category = PlanCategory(link.category)


def _with_defaults(kind: MeetingKind, found: ChildOutcome, child: Child, day: dt.date) -> ChildOutcome:
    if kind is MeetingKind.CLA_REVIEW and found.participation is None:
        return replace(found, participation=default_participation(child.date_of_birth, day))
    return found
