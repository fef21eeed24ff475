"""Causes for concern: raised by a meeting's chair (or about a child), escalated stage by stage, and closed.

Each stage has its timescale in working days (Settings, `concerns.working-days.<stage>`); the deadline is worked
out when the stage begins. Whether a response is overdue is worked out from the dates each time the list is read
(`domain.quality.concerns.standing`), so nothing depends on the app running at the moment a deadline passes.

Every public method is one user action and one transaction, with an audit row; logs carry ids, never names.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from sqlalchemy.orm import Session

from iro_diary.domain.access import Permission
from iro_diary.domain.errors import NotFound, StaleEdit, ValidationError
from iro_diary.domain.quality.codes import Outcome, Stage, StageEnd, ThemeKind, WorkArea, area_of_meeting
from iro_diary.domain.quality.concerns import (
    check_step_day,
    escalation_end,
    next_stage,
    stage_deadline,
    stage_setting,
    standing,
)
from iro_diary.domain.working_days import WorkingDayCalendar
from iro_diary.services import audit
from iro_diary.services.access import requires
from iro_diary.services.changes import Changes
from iro_diary.services.context import ServiceContext
from iro_diary.services.quality.choices import held_meeting, quality_choices
from iro_diary.services.quality.rows import ConcernDetail, ConcernRow, NewConcern, QualityChoices, StageRow
from iro_diary.store.models import CauseForConcern, ConcernStage
from iro_diary.store.repositories.quality import QualityListRepository, QualityRecordRepository
from iro_diary.store.repositories.settings import SettingRepository

log = logging.getLogger(__name__)
REF_PREFIX = "CfC-"
FIELDS = ("stage", "resolved_on", "outcome", "outcome_note", "addressed_team", "theme_id", "description")
STAGE_FIELDS = ("stage", "addressed_to", "started_on", "due_on", "responded_on", "ended_on", "ended_how")


def _text(value: str, what: str, limit: int | None = None) -> str:
    text = value.strip()
    if not text:
        raise ValidationError(f"give {what}")
    if limit is not None and len(text) > limit:
        raise ValidationError(f"{what} is too long ({len(text)} characters; at most {limit})")
    return text


class ConcernService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    # -- reading ----------------------------------------------------------------------------------------------

    def list_concerns(
        self,
        *,
        include_closed: bool = False,
        iro_id: int | None = None,
        team: str | None = None,
        child_id: int | None = None,
    ) -> list[ConcernRow]:
        """Concerns (open ones unless `include_closed`), worst standing first, then by deadline."""
        today = self._ctx.clock.today()
        with self._ctx.db.read() as session:
            calendar = self._ctx.rule_book(session).calendar
            found = QualityRecordRepository(session).concern_rows(open_only=not include_closed, child_id=child_id)
        rows = [_row(c, calendar, today) for c in found]
        rows = [r for r in rows if (iro_id is None or r.iro_id == iro_id) and (team is None or r.team == team)]
        return sorted(rows, key=lambda r: (r.standing.severity, r.due_on, r.ref))

    def reminders(self) -> list[ConcernRow]:
        """Open concerns that need the IRO now: a response overdue or due soon, or one received to act on."""
        return [row for row in self.list_concerns() if row.standing.needs_attention]

    def concern(self, concern_id: int) -> ConcernDetail:
        """One concern with the history of the stages it reached."""
        today = self._ctx.clock.today()
        with self._ctx.db.read() as session:
            concern = self._load(session, concern_id)
            row = self._row_of(session, concern_id, today)
            return ConcernDetail(row, tuple(_stage_row(s) for s in concern.stages))

    def concern_id(self, ref: str) -> int:
        """The concern with this reference (CfC-000012), for scripts."""
        with self._ctx.db.read() as session:
            found = QualityRecordRepository(session).id_of(CauseForConcern, ref)
        if found is None:
            raise NotFound(f"no cause for concern '{ref}' (see `iro-diary concerns list --all`)")
        return found

    def choices(self, *, child_id: int | None = None, meeting_id: int | None = None) -> QualityChoices:
        """What the raise-a-concern dialog offers for a held meeting (its children) or for one child."""
        with self._ctx.db.read() as session:
            return quality_choices(
                session, ThemeKind.CONCERN, self._ctx.clock.today(), child_id=child_id, meeting_id=meeting_id
            )

    # -- changing ---------------------------------------------------------------------------------------------

    @requires(Permission.QUALITY)
    def raise_concern(self, request: NewConcern) -> tuple[ConcernRow, Changes]:
        """Record a new concern at its first stage (informal resolution unless the IRO starts higher)."""
        today = self._ctx.clock.today()
        on = request.raised_on or today
        with self._ctx.db.write() as session:
            records = QualityRecordRepository(session)
            concern = self._new_concern(session, request, on, today)
            concern.ref = records.next_ref(CauseForConcern, REF_PREFIX)
            concern.stages = [
                self._stage(session, request.stage, _text(request.addressed_to, "the person it goes to", 120), on)
            ]
            records.add(concern)
            self._audit(session, "create", concern, None, f"Concern {concern.ref} raised")
            log.info("concern %s raised for child %s (meeting %s)", concern.id, concern.child_id, concern.meeting_id)
            return self._row_after(session, concern.id, today), Changes(concerns=frozenset({concern.id}))

    def _new_concern(self, session: Session, request: NewConcern, on: dt.date, today: dt.date) -> CauseForConcern:
        records = QualityRecordRepository(session)
        if on > today:
            raise ValidationError(f"a concern cannot be raised in the future ({on:%d %b %Y})")
        if records.child(request.child_id) is None:
            raise NotFound(f"child {request.child_id} no longer exists (it may have been removed)")
        theme = QualityListRepository(session).theme(request.theme_id)
        if theme is None or theme.kind is not ThemeKind.CONCERN:
            raise ValidationError("choose one of the service's themes for causes for concern")
        area = request.area
        if request.meeting_id is not None:
            meeting = held_meeting(session, request.meeting_id)
            if request.child_id not in {link.child_id for link in meeting.children}:
                raise ValidationError(f"{meeting.ref} was not about that child")
            area = area or area_of_meeting(meeting.kind)
        if request.raised_by_iro_id is not None and records.iro(request.raised_by_iro_id) is None:
            raise NotFound(f"IRO {request.raised_by_iro_id} no longer exists")
        now = self._ctx.clock.now()
        return CauseForConcern(
            child_id=request.child_id,
            meeting_id=request.meeting_id,
            theme_id=theme.id,
            area=area or WorkArea.OTHER,
            raised_by_iro_id=request.raised_by_iro_id,
            raised_on=on,
            description=_text(request.description, "a description of the concern"),
            addressed_team=_text(request.addressed_team, "the team it goes to", 120),
            stage=request.stage,
            created_at=now,
            created_by=self._ctx.actor,
            updated_at=now,
            updated_by=self._ctx.actor,
        )

    @requires(Permission.QUALITY)
    def record_response(
        self, concern_id: int, version: int, response: str, on: dt.date | None = None
    ) -> tuple[ConcernRow, Changes]:
        """The response to the current stage arrived: the deadline is met; the IRO then closes or escalates."""
        today = self._ctx.clock.today()
        with self._ctx.db.write() as session:
            concern, current = self._open_for_change(session, concern_id, version)
            if current.responded_on is not None:
                raise ValidationError(
                    f"{concern.ref} already has a response at this stage ({current.responded_on:%d %b %Y})"
                )
            day = on or today
            check_step_day(day, current.started_on, today, "A response")
            before = audit.snapshot(current, STAGE_FIELDS)
            current.responded_on, current.response = day, _text(response, "the response (a short note)")
            self._touch(concern)
            self._audit(session, "respond", concern, before, f"Response to {concern.ref} recorded")
            return self._row_after(session, concern.id, today), Changes(concerns=frozenset({concern.id}))

    @requires(Permission.QUALITY)
    def escalate(
        self, concern_id: int, version: int, addressed_to: str, note: str = "", on: dt.date | None = None
    ) -> tuple[ConcernRow, Changes]:
        """Take the concern to the next stage (to `addressed_to`), saying why the current stage ended."""
        today = self._ctx.clock.today()
        with self._ctx.db.write() as session:
            concern, current = self._open_for_change(session, concern_id, version)
            following = next_stage(concern.stage)
            day = on or today
            check_step_day(day, current.started_on, today, "An escalation")
            before = audit.snapshot(concern, FIELDS)
            current.ended_on, current.ended_how = day, escalation_end(current.responded_on, current.due_on, day)
            current.note = note.strip() or None
            concern.stages.append(
                self._stage(session, following, _text(addressed_to, "the person it goes to", 120), day)
            )
            concern.stage = following
            self._touch(concern)
            self._audit(session, "escalate", concern, before, f"Concern {concern.ref} escalated to {following.label}")
            log.info("concern %s escalated to %s (%s)", concern.id, following.value, current.ended_how.value)
            return self._row_after(session, concern.id, today), Changes(concerns=frozenset({concern.id}))

    @requires(Permission.QUALITY)
    def resolve(
        self, concern_id: int, version: int, outcome: Outcome, note: str = "", on: dt.date | None = None
    ) -> tuple[ConcernRow, Changes]:
        """Close the concern at its current stage with its outcome (resolved, partly, not resolved, withdrawn)."""
        today = self._ctx.clock.today()
        with self._ctx.db.write() as session:
            concern, current = self._open_for_change(session, concern_id, version)
            day = on or today
            check_step_day(day, current.started_on, today, "Closing the concern")
            before = audit.snapshot(concern, FIELDS)
            current.ended_on, current.ended_how = day, StageEnd.CLOSED
            concern.resolved_on, concern.outcome, concern.outcome_note = day, outcome, note.strip() or None
            self._touch(concern)
            self._audit(session, "resolve", concern, before, f"Concern {concern.ref} closed: {outcome.label}")
            log.info("concern %s closed at %s: %s", concern.id, concern.stage.value, outcome.value)
            return self._row_after(session, concern.id, today), Changes(concerns=frozenset({concern.id}))

    # -- helpers ----------------------------------------------------------------------------------------------

    def _load(self, session: Session, concern_id: int) -> CauseForConcern:
        concern = QualityRecordRepository(session).concern(concern_id)
        if concern is None:
            raise NotFound(f"cause for concern {concern_id} no longer exists")
        return concern

    def _open_for_change(self, session: Session, concern_id: int, version: int) -> tuple[CauseForConcern, ConcernStage]:
        concern = self._load(session, concern_id)
        if concern.version != version:
            raise StaleEdit(
                f"{concern.ref} was changed by {concern.updated_by} since you opened it. Nothing was saved: "
                "open it again to see their change."
            )
        if concern.resolved_on is not None:
            raise ValidationError(f"{concern.ref} was closed on {concern.resolved_on:%d %b %Y}")
        return concern, _current(concern)

    def _stage(self, session: Session, stage: Stage, addressed_to: str, on: dt.date) -> ConcernStage:
        key = stage_setting(stage)
        days = int(SettingRepository(session).values([key])[key])
        calendar = self._ctx.rule_book(session).calendar
        return ConcernStage(
            stage=stage, addressed_to=addressed_to, started_on=on, due_on=stage_deadline(calendar, on, days)
        )

    def _touch(self, concern: CauseForConcern) -> None:
        concern.updated_at, concern.updated_by = self._ctx.clock.now(), self._ctx.actor

    def _row_after(self, session: Session, concern_id: int, today: dt.date) -> ConcernRow:
        session.flush()
        return self._row_of(session, concern_id, today)

    def _row_of(self, session: Session, concern_id: int, today: dt.date) -> ConcernRow:
        [found] = QualityRecordRepository(session).concern_rows(concern_id=concern_id)
        return _row(found, self._ctx.rule_book(session).calendar, today)

    def _audit(
        self, session: Session, action: str, concern: CauseForConcern, before: dict[str, object] | None, summary: str
    ) -> None:
        session.flush()
        stages = [audit.snapshot(s, STAGE_FIELDS) for s in concern.stages]
        audit.record(
            session, self._ctx, action=action, entity="cause-for-concern", entity_id=concern.ref, summary=summary,
            before=before, after={**audit.snapshot(concern, FIELDS), "stages": stages},
        )  # fmt: skip


def _current(concern: CauseForConcern) -> ConcernStage:
    return next(s for s in concern.stages if s.stage is concern.stage)


def _stage_row(stage: ConcernStage) -> StageRow:
    return StageRow(
        stage.stage, stage.addressed_to, stage.started_on, stage.due_on, stage.responded_on, stage.response,
        stage.ended_on, stage.ended_how, stage.note,
    )  # fmt: skip


def _row(found: Any, calendar: WorkingDayCalendar, today: dt.date) -> ConcernRow:
    """A list row from `QualityRecordRepository.concern_rows`, with its standing today."""
    where, left = standing(calendar, found.due_on, found.responded_on, found.resolved_on is not None, today)
    return ConcernRow(
        id=found.id,
        ref=found.ref,
        child_id=found.child_id,
        case_ref=found.case_ref,
        child_name=f"{found.given_name} {found.family_name}",
        meeting_id=found.meeting_id,
        meeting_ref=found.meeting_ref,
        theme_id=found.theme_id,
        theme=found.theme,
        area=found.area,
        iro_id=found.raised_by_iro_id,
        iro_name=found.iro_name,
        team=found.team.value if found.team is not None else None,
        raised_on=found.raised_on,
        description=found.description,
        addressed_to=found.addressed_to,
        addressed_team=found.addressed_team,
        stage=found.stage,
        stage_started_on=found.started_on,
        due_on=found.due_on,
        responded_on=found.responded_on,
        standing=where,
        working_days_left=left,
        resolved_on=found.resolved_on,
        outcome=found.outcome,
        outcome_note=found.outcome_note,
        version=found.version,
    )
