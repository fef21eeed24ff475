"""The live audit: the checklist the chair answers for each child when a looked-after review or a conference is
held, and its quarterly figures per item, per team and per IRO.

The held dialog answers it in the same transaction as marking the meeting held (`record_answers`); it can be
answered or corrected later from the child's record. Items are the service's own (Quality assurance → Lists).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from sqlalchemy.orm import Session

from iro_diary.domain.access import Permission
from iro_diary.domain.codes import MeetingStatus
from iro_diary.domain.errors import NotFound, ValidationError
from iro_diary.domain.quality.audit import AnswerRecord, AuditFigures, ChecklistItem, HeldChild, audit_figures
from iro_diary.domain.quality.codes import Answer, audited
from iro_diary.domain.reports.period import ReportPeriod
from iro_diary.infra.clock import LONDON
from iro_diary.services import audit
from iro_diary.services.access import requires
from iro_diary.services.changes import Changes
from iro_diary.services.context import ServiceContext
from iro_diary.services.quality.rows import Checklist, ChecklistChild, ChecklistItemRow, GivenAnswer
from iro_diary.store.models import AuditAnswer, AuditItem, Meeting
from iro_diary.store.repositories.meetings import MeetingRepository
from iro_diary.store.repositories.quality import LiveAuditRepository, QualityListRepository, QualityRecordRepository

log = logging.getLogger(__name__)
NOTE_LIMIT = 500


class LiveAuditService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def checklist(self, meeting_id: int) -> Checklist:
        """The meeting's checklist: the items asked at its kind, its children and the answers given so far.
        A meeting that is not a review or a conference has an empty checklist."""
        with self._ctx.db.read() as session:
            meeting = MeetingRepository(session).get(meeting_id)
            if meeting is None:
                raise NotFound("That meeting no longer exists (someone may have removed it).")
            return checklist_of(session, meeting)

    @requires(Permission.QUALITY)
    def answer(self, meeting_id: int, answers: Sequence[GivenAnswer]) -> Changes:
        """Answer (or correct) the checklist of a held meeting."""
        with self._ctx.db.write() as session:
            meeting = MeetingRepository(session).get(meeting_id)
            if meeting is None:
                raise NotFound("That meeting no longer exists (someone may have removed it).")
            if meeting.status is not MeetingStatus.HELD:
                raise ValidationError(f"{meeting.ref} has not been marked held: the checklist is answered once it is")
            changed = record_answers(session, self._ctx, meeting, answers)
        return Changes(audits=frozenset({meeting_id})) if changed else Changes()

    @requires(Permission.REPORTS)
    def figures(self, period: ReportPeriod) -> AuditFigures:
        """The period's figures: overall, by quarter, by the chair's team and by the chair."""
        with self._ctx.db.read() as session:
            held, answers, items, iros = audit_facts(session, period)
        return audit_figures(period, items, held, answers, iros)


def audit_facts(
    session: Session, period: ReportPeriod
) -> tuple[list[HeldChild], list[AnswerRecord], list[ChecklistItem], dict[int, str]]:
    """What the live audit's figures are worked out from."""
    held = [
        HeldChild(meeting, child, start.astimezone(LONDON).date(), chair, team.value if team is not None else None)
        for meeting, child, start, chair, team in LiveAuditRepository(session).held_children(period.start, period.end)
    ]
    answers, items = audit_answers(session, period)
    iros = {i.id: i.name for i in QualityRecordRepository(session).iros()}
    return held, answers, items, iros


def audit_answers(session: Session, period: ReportPeriod) -> tuple[list[AnswerRecord], list[ChecklistItem]]:
    """The answers given for the period's held reviews and conferences, and the checklist (also for the report,
    which has the period's meetings already)."""
    answer_of = {answer.value: answer for answer in Answer}
    answers = [
        AnswerRecord(m, c, item, answer_of[code])
        for m, c, item, code in LiveAuditRepository(session).answers_between(period.start, period.end)
    ]
    items = [
        ChecklistItem(i.id, i.code, i.label, i.applies_to, i.position, i.active)
        for i in QualityListRepository(session).items()
    ]
    return answers, items


def checklist_of(session: Session, meeting: Meeting) -> Checklist:
    """The checklist of a meeting loaded with its children."""
    given = LiveAuditRepository(session).answers_of(meeting.id)
    answered = {a.item_id for a in given}
    lists = QualityListRepository(session)
    used = lists.item_usage()
    items = tuple(
        ChecklistItemRow(i.id, i.code, i.label, i.applies_to, i.position, i.active, used.get(i.id, 0), i.version)
        for i in lists.items()
        if audited(meeting.kind) and ((i.active and i.applies_to.covers(meeting.kind)) or i.id in answered)
    )
    children = tuple(
        ChecklistChild(link.child_id, link.child.case_ref, f"{link.child.given_name} {link.child.family_name}")
        for link in sorted(meeting.children, key=lambda link: link.child.case_ref)
    )
    return Checklist(
        meeting_id=meeting.id,
        ref=meeting.ref,
        kind=meeting.kind,
        day=meeting.start_at.astimezone(LONDON).date(),
        held=meeting.status is MeetingStatus.HELD,
        items=items if children else (),
        children=children,
        answers={(a.child_id, a.item_id): (a.answer, a.note or "") for a in given},
    )


def record_answers(session: Session, ctx: ServiceContext, meeting: Meeting, answers: Sequence[GivenAnswer]) -> bool:
    """Save the chair's answers for a held meeting (its children loaded); True if anything changed."""
    if not answers:
        return False
    if not audited(meeting.kind):
        raise ValidationError(
            f"{meeting.ref} is a {meeting.kind.label.lower()}: the live audit is for reviews and conferences"
        )
    repo = LiveAuditRepository(session)
    existing = {(a.child_id, a.item_id): a for a in repo.answers_of(meeting.id)}
    items = _askable(session, meeting, {key[1] for key in existing})
    children = {link.child_id: link.child.case_ref for link in meeting.children}
    changed: dict[str, dict[str, str | None]] = {}
    for given in answers:
        item = _checked(given, items, children, meeting.ref)
        note = given.note.strip()[:NOTE_LIMIT] or None
        found = existing.get((given.child_id, given.item_id))
        if _save(repo, ctx, meeting, given, note, found):
            value = given.answer.value if given.answer is not None else None
            changed.setdefault(children[given.child_id], {})[item.code] = value
    if changed:
        session.flush()
        audit.record(
            session, ctx, action="live-audit", entity="meeting", entity_id=meeting.ref,
            summary=f"Live audit answered for {meeting.ref}", after=changed,
        )  # fmt: skip
        log.info("live audit of meeting %s: %d answers changed", meeting.id, sum(len(v) for v in changed.values()))
    return bool(changed)


def _askable(session: Session, meeting: Meeting, answered: set[int]) -> dict[int, AuditItem]:
    return {
        i.id: i
        for i in QualityListRepository(session).items()
        if (i.active and i.applies_to.covers(meeting.kind)) or i.id in answered
    }


def _checked(given: GivenAnswer, items: dict[int, AuditItem], children: dict[int, str], ref: str) -> AuditItem:
    if given.child_id not in children:
        raise ValidationError(f"{ref} is not about child {given.child_id}")
    item = items.get(given.item_id)
    if item is None:
        raise ValidationError(f"checklist item {given.item_id} is not asked at {ref}")
    return item


def _save(
    repo: LiveAuditRepository,
    ctx: ServiceContext,
    meeting: Meeting,
    given: GivenAnswer,
    note: str | None,
    found: AuditAnswer | None,
) -> bool:
    if given.answer is None:
        if found is not None:
            repo.remove(found)
            return True
        return False
    if found is not None and (found.answer, found.note) == (given.answer, note):
        return False
    if found is None:
        found = AuditAnswer(meeting_id=meeting.id, child_id=given.child_id, item_id=given.item_id)
        repo.add(found)
    found.answer, found.note = given.answer, note
    found.answered_at, found.answered_by = ctx.clock.now(), ctx.actor
    return True
