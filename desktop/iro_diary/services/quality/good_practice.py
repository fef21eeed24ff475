"""Good practice ("complements" in the annual report): recorded from a meeting or a child, with its theme and whom
it recognises, and a thank-you note for the worker's manager.

The note goes to someone outside the IRO service, so the child is named only when the IRO chooses to
(`thank_you_note(..., with_child_name=True)`); by default the note carries their initials.
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy.orm import Session

from iro_diary.domain.access import Permission
from iro_diary.domain.errors import NotFound, ValidationError
from iro_diary.domain.invites.model import ChildName
from iro_diary.domain.quality.codes import ThemeKind
from iro_diary.domain.quality.notes import GoodPracticeNote, NoteText, thank_you_note
from iro_diary.infra.clock import LONDON
from iro_diary.services import audit
from iro_diary.services.access import requires
from iro_diary.services.changes import Changes
from iro_diary.services.context import ServiceContext
from iro_diary.services.quality.choices import held_meeting, quality_choices
from iro_diary.services.quality.rows import GoodPracticeRow, NewGoodPractice, QualityChoices
from iro_diary.store.models import GoodPractice
from iro_diary.store.repositories.quality import QualityListRepository, QualityRecordRepository
from iro_diary.store.repositories.settings import SettingRepository

log = logging.getLogger(__name__)
REF_PREFIX = "GP-"
FIELDS = ("theme_id", "recorded_on", "recognised", "recognised_role", "recognised_team", "manager", "description")


def _text(value: str, what: str, limit: int | None = None, *, required: bool = True) -> str:
    text = value.strip()
    if required and not text:
        raise ValidationError(f"give {what}")
    if limit is not None and len(text) > limit:
        raise ValidationError(f"{what} is too long ({len(text)} characters; at most {limit})")
    return text


class GoodPracticeService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def list_good_practice(
        self, *, child_id: int | None = None, iro_id: int | None = None, team: str | None = None
    ) -> list[GoodPracticeRow]:
        """Good practice recorded, newest first (for one child, one IRO or one team if asked)."""
        with self._ctx.db.read() as session:
            rows = [_row(r) for r in QualityRecordRepository(session).good_practice(child_id=child_id)]
        rows = [r for r in rows if (iro_id is None or r.iro_id == iro_id) and (team is None or r.team == team)]
        return sorted(rows, key=lambda r: (r.recorded_on, r.id), reverse=True)

    def record_id(self, ref: str) -> int:
        """The record with this reference (GP-000003), for scripts."""
        with self._ctx.db.read() as session:
            found = QualityRecordRepository(session).id_of(GoodPractice, ref)
        if found is None:
            raise NotFound(f"no good practice record '{ref}' (see `iro-diary good-practice list`)")
        return found

    def choices(self, *, child_id: int | None = None, meeting_id: int | None = None) -> QualityChoices:
        """What the record-good-practice dialog offers for a held meeting or a child."""
        with self._ctx.db.read() as session:
            return quality_choices(
                session, ThemeKind.GOOD_PRACTICE, self._ctx.clock.today(), child_id=child_id, meeting_id=meeting_id
            )

    @requires(Permission.QUALITY)
    def record(self, request: NewGoodPractice) -> tuple[GoodPracticeRow, Changes]:
        """Record good practice seen at a held meeting or in a child's case."""
        today = self._ctx.clock.today()
        with self._ctx.db.write() as session:
            records = QualityRecordRepository(session)
            found = self._new_record(session, request, request.recorded_on or today, today)
            found.ref = records.next_ref(GoodPractice, REF_PREFIX)
            records.add(found)
            audit.record(
                session, self._ctx, action="create", entity="good-practice", entity_id=found.ref,
                summary=f"Good practice {found.ref} recorded", after=audit.snapshot(found, FIELDS),
            )  # fmt: skip
            log.info("good practice %s recorded (child %s, meeting %s)", found.id, found.child_id, found.meeting_id)
            return _row(records.good_practice(found.id)[0]), Changes(good_practice=frozenset({found.id}))

    def _new_record(self, session: Session, request: NewGoodPractice, on: dt.date, today: dt.date) -> GoodPractice:
        records = QualityRecordRepository(session)
        if on > today:
            raise ValidationError(f"good practice cannot be recorded in the future ({on:%d %b %Y})")
        theme = QualityListRepository(session).theme(request.theme_id)
        if theme is None or theme.kind is not ThemeKind.GOOD_PRACTICE:
            raise ValidationError("choose one of the service's themes for good practice")
        if request.meeting_id is not None:
            meeting = held_meeting(session, request.meeting_id)
            if request.child_id not in {c.child_id for c in meeting.children}:
                raise ValidationError(f"{meeting.ref} was not about that child")
        if records.child(request.child_id) is None:
            raise NotFound(f"child {request.child_id} no longer exists (it may have been removed)")
        if request.recorded_by_iro_id is not None and records.iro(request.recorded_by_iro_id) is None:
            raise NotFound(f"IRO {request.recorded_by_iro_id} no longer exists")
        now = self._ctx.clock.now()
        return GoodPractice(
            child_id=request.child_id,
            meeting_id=request.meeting_id,
            theme_id=theme.id,
            recorded_by_iro_id=request.recorded_by_iro_id,
            recorded_on=on,
            recognised=_text(request.recognised, "who it recognises", 120),
            recognised_role=_text(request.recognised_role, "their role", 120, required=False),
            recognised_team=_text(request.recognised_team, "their team", 120, required=False),
            manager=_text(request.manager, "their manager", 120, required=False),
            description=_text(request.description, "what was good about it"),
            created_at=now,
            created_by=self._ctx.actor,
            updated_at=now,
            updated_by=self._ctx.actor,
        )

    def thank_you_note(self, record_id: int, *, with_child_name: bool = False) -> NoteText:
        """The thank-you note for the worker's manager: the child by initials unless `with_child_name`."""
        with self._ctx.db.read() as session:
            found = QualityRecordRepository(session).good_practice(record_id)
            if not found:
                raise NotFound(f"good practice record {record_id} no longer exists")
            record = found[0]
            organisation = str(SettingRepository(session).values(["organisation.name"])["organisation.name"])
            note = _note(record, organisation)
        log.info("thank-you note for good practice %s made (child named: %s)", record_id, with_child_name)
        return thank_you_note(note, with_child_name=with_child_name)


def _note(record: GoodPractice, organisation: str) -> GoodPracticeNote:
    child, meeting, iro = record.child, record.meeting, record.recorded_by
    return GoodPracticeNote(
        ref=record.ref,
        recorded_on=record.recorded_on,
        theme=record.theme.name,
        recognised=record.recognised,
        recognised_role=record.recognised_role,
        recognised_team=record.recognised_team,
        manager=record.manager,
        description=record.description,
        iro_name=iro.name if iro is not None else "",
        organisation=organisation,
        child=ChildName(child.given_name, child.family_name),
        meeting_label=meeting.kind.label if meeting is not None else "",
        meeting_day=meeting.start_at.astimezone(LONDON).date() if meeting is not None else None,
        meeting_ref=meeting.ref if meeting is not None else "",
    )


def _row(record: GoodPractice) -> GoodPracticeRow:
    child, iro, meeting = record.child, record.recorded_by, record.meeting
    return GoodPracticeRow(
        id=record.id,
        ref=record.ref,
        child_id=record.child_id,
        case_ref=child.case_ref,
        child_name=f"{child.given_name} {child.family_name}",
        meeting_id=record.meeting_id,
        meeting_ref=meeting.ref if meeting is not None else None,
        theme_id=record.theme_id,
        theme=record.theme.name,
        iro_id=record.recorded_by_iro_id,
        iro_name=iro.name if iro is not None else None,
        team=iro.team.value if iro is not None else None,
        recorded_on=record.recorded_on,
        recognised=record.recognised,
        recognised_role=record.recognised_role,
        recognised_team=record.recognised_team,
        manager=record.manager,
        description=record.description,
        version=record.version,
    )
