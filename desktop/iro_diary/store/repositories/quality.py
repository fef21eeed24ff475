"""Quality assurance records: the theme lists and the checklist, concerns with their stages, good practice, and
the live audit's answers (with the held meetings they belong to)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import Row, String, func, select, text, type_coerce
from sqlalchemy.orm import Session, selectinload

from iro_diary.domain.codes import MeetingKind, MeetingStatus
from iro_diary.domain.quality.codes import Answer, ThemeKind
from iro_diary.infra.clock import days_span
from iro_diary.store.models import (
    AuditAnswer,
    AuditItem,
    CauseForConcern,
    Child,
    ConcernStage,
    GoodPractice,
    Iro,
    Meeting,
    MeetingChild,
    QualityTheme,
)

Referenced = TypeVar("Referenced", CauseForConcern, GoodPractice)
ANSWERS = {answer.value: answer for answer in Answer}
AUDITED_KINDS = [MeetingKind.CLA_REVIEW, *(k for k in MeetingKind if k.is_conference)]


# Transaction locks (PostgreSQL) serialising the references of each kind of record; far below the booking locks'
# 2**60 (store/repositories/booking_facts.py), away from the compliance cache's and the upgrade's.
_REFERENCE_LOCKS = {"cause_for_concern": 0x1D0C0A60, "good_practice": 0x1D0C0A61}


class QualityListRepository:
    """The service's own lists: themes of concerns and of good practice, and the live-audit checklist."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def themes(self, kind: ThemeKind | None = None) -> list[QualityTheme]:
        query = select(QualityTheme).order_by(QualityTheme.kind, QualityTheme.position, QualityTheme.id)
        if kind is not None:
            query = query.where(QualityTheme.kind == kind)
        return list(self.session.scalars(query))

    def theme(self, theme_id: int) -> QualityTheme | None:
        return self.session.get(QualityTheme, theme_id)

    def theme_named(self, kind: ThemeKind, name: str) -> QualityTheme | None:
        query = select(QualityTheme).where(
            QualityTheme.kind == kind, func.lower(QualityTheme.name) == name.strip().lower()
        )
        return self.session.scalars(query).first()

    def theme_usage(self) -> dict[int, int]:
        """How many concerns and good-practice records use each theme."""
        used: dict[int, int] = {}
        for model in (CauseForConcern, GoodPractice):
            for theme_id, count in self.session.execute(select(model.theme_id, func.count()).group_by(model.theme_id)):
                used[theme_id] = used.get(theme_id, 0) + count
        return used

    def items(self) -> list[AuditItem]:
        return list(self.session.scalars(select(AuditItem).order_by(AuditItem.position, AuditItem.id)))

    def item(self, item_id: int) -> AuditItem | None:
        return self.session.get(AuditItem, item_id)

    def item_by_code(self, code: str) -> AuditItem | None:
        return self.session.scalars(select(AuditItem).where(AuditItem.code == code.strip().lower())).first()

    def item_usage(self) -> dict[int, int]:
        rows = self.session.execute(select(AuditAnswer.item_id, func.count()).group_by(AuditAnswer.item_id))
        return {item_id: count for item_id, count in rows}

    def next_position(self, model: type[QualityTheme] | type[AuditItem]) -> int:
        return int(self.session.scalar(select(func.max(model.position))) or 0) + 1

    def add(self, record: QualityTheme | AuditItem) -> None:
        self.session.add(record)
        self.session.flush()


class QualityRecordRepository:
    """Causes for concern and good-practice records."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def concern(self, concern_id: int) -> CauseForConcern | None:
        query = self._concerns().where(CauseForConcern.id == concern_id).execution_options(populate_existing=True)
        return self.session.scalars(query).one_or_none()

    def concern_rows(
        self, *, open_only: bool = False, child_id: int | None = None, concern_id: int | None = None
    ) -> Sequence[Row[Any]]:
        """Concerns as plain rows for the lists, with the child, theme, IRO, meeting and current stage joined in
        (one query: the list of a large service's every concern stays quick)."""
        current = (ConcernStage.concern_id == CauseForConcern.id) & (ConcernStage.stage == CauseForConcern.stage)
        query = (
            select(
                CauseForConcern.id,
                CauseForConcern.ref,
                CauseForConcern.child_id,
                Child.case_ref,
                Child.given_name,
                Child.family_name,
                CauseForConcern.meeting_id,
                Meeting.ref.label("meeting_ref"),
                CauseForConcern.theme_id,
                QualityTheme.name.label("theme"),
                CauseForConcern.area,
                CauseForConcern.raised_by_iro_id,
                Iro.name.label("iro_name"),
                Iro.team,
                CauseForConcern.raised_on,
                CauseForConcern.description,
                ConcernStage.addressed_to,
                CauseForConcern.addressed_team,
                CauseForConcern.stage,
                ConcernStage.started_on,
                ConcernStage.due_on,
                ConcernStage.responded_on,
                CauseForConcern.resolved_on,
                CauseForConcern.outcome,
                CauseForConcern.outcome_note,
                CauseForConcern.version,
            )
            .join(Child, Child.id == CauseForConcern.child_id)
            .join(QualityTheme, QualityTheme.id == CauseForConcern.theme_id)
            .join(ConcernStage, current)
            .outerjoin(Meeting, Meeting.id == CauseForConcern.meeting_id)
            .outerjoin(Iro, Iro.id == CauseForConcern.raised_by_iro_id)
            .order_by(CauseForConcern.raised_on, CauseForConcern.id)
        )
        if open_only:
            query = query.where(CauseForConcern.resolved_on.is_(None))
        if child_id is not None:
            query = query.where(CauseForConcern.child_id == child_id)
        if concern_id is not None:
            query = query.where(CauseForConcern.id == concern_id)
        return list(self.session.execute(query))

    def report_concerns(self, first: dt.date, last: dt.date) -> tuple[list[Row[Any]], list[Row[Any]]]:
        """The concerns raised from `first` to `last` (with their theme's name), and the stages they reached
        (concern id, stage, day it began): what a report counts, as plain rows."""
        raised = CauseForConcern.raised_on.between(first, last)
        concerns = select(
            CauseForConcern.id,
            CauseForConcern.ref,
            CauseForConcern.child_id,
            CauseForConcern.raised_on,
            QualityTheme.name.label("theme"),
            CauseForConcern.area,
            CauseForConcern.raised_by_iro_id,
            CauseForConcern.resolved_on,
            CauseForConcern.outcome,
        ).join(QualityTheme, QualityTheme.id == CauseForConcern.theme_id)
        stages = (
            select(ConcernStage.concern_id, ConcernStage.stage, ConcernStage.started_on)
            .join(CauseForConcern, CauseForConcern.id == ConcernStage.concern_id)
            .order_by(ConcernStage.concern_id, ConcernStage.started_on, ConcernStage.id)
        )
        return list(self.session.execute(concerns.where(raised))), list(self.session.execute(stages.where(raised)))

    def _concerns(self) -> Any:
        return select(CauseForConcern).options(
            selectinload(CauseForConcern.stages),
            selectinload(CauseForConcern.child),
            selectinload(CauseForConcern.theme),
            selectinload(CauseForConcern.raised_by),
            selectinload(CauseForConcern.meeting),
        )

    def good_practice(
        self,
        record_id: int | None = None,
        *,
        child_id: int | None = None,
        recorded: tuple[dt.date, dt.date] | None = None,
    ) -> list[GoodPractice]:
        query = (
            select(GoodPractice)
            .options(
                selectinload(GoodPractice.child),
                selectinload(GoodPractice.theme),
                selectinload(GoodPractice.recorded_by),
                selectinload(GoodPractice.meeting),
            )
            .order_by(GoodPractice.recorded_on, GoodPractice.id)
        )
        if record_id is not None:
            query = query.where(GoodPractice.id == record_id).execution_options(populate_existing=True)
        if child_id is not None:
            query = query.where(GoodPractice.child_id == child_id)
        if recorded is not None:
            query = query.where(GoodPractice.recorded_on.between(*recorded))
        return list(self.session.scalars(query))

    def id_of(self, model: type[Referenced], ref: str) -> int | None:
        return self.session.scalar(select(model.id).where(func.upper(model.ref) == ref.strip().upper()))

    def next_ref(self, model: type[Referenced], prefix: str) -> str:
        """The next reference after the highest with this prefix: CfC-000001, GP-000001 (fixed width). On
        PostgreSQL two PCs may raise one at the same moment: a lock per table, held until this transaction ends,
        makes the second read the first's reference (SQLite's write transaction already excludes it)."""
        if self.session.get_bind().dialect.name == "postgresql":
            key = _REFERENCE_LOCKS[model.__tablename__]
            self.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
        last = self.session.scalar(
            select(model.ref)
            .where(model.ref.like(f"{prefix}%"))
            .order_by(func.length(model.ref).desc(), model.ref.desc())
            .limit(1)
        )
        digits = (last or "").removeprefix(prefix)
        return f"{prefix}{(int(digits) + 1 if digits.isdigit() else 1):06d}"

    def child(self, child_id: int) -> Child | None:
        return self.session.get(Child, child_id)

    def iro(self, iro_id: int) -> Iro | None:
        return self.session.get(Iro, iro_id)

    def iros(self) -> list[Iro]:
        return list(self.session.scalars(select(Iro).order_by(Iro.name, Iro.id)))

    def add(self, record: CauseForConcern | GoodPractice) -> None:
        self.session.add(record)
        self.session.flush()


class LiveAuditRepository:
    """Answers to the checklist and the held reviews and conferences they answer for."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def answers_of(self, meeting_id: int) -> list[AuditAnswer]:
        return list(self.session.scalars(select(AuditAnswer).where(AuditAnswer.meeting_id == meeting_id)))

    def add(self, answer: AuditAnswer) -> None:
        self.session.add(answer)

    def remove(self, answer: AuditAnswer) -> None:
        self.session.delete(answer)

    def held_children(self, first: dt.date, last: dt.date) -> list[tuple[int, int, dt.datetime, int | None, Any]]:
        """(meeting id, child id, start, chair id, chair's team) for each child at a held review or conference
        between two UK dates."""
        query = (
            select(Meeting.id, MeetingChild.child_id, Meeting.start_at, Meeting.chair_id, Iro.team)
            .join(MeetingChild, MeetingChild.meeting_id == Meeting.id)
            .outerjoin(Iro, Iro.id == Meeting.chair_id)
            .where(_held_between(first, last))
        )
        return [(m, c, start, chair, team) for m, c, start, chair, team in self.session.execute(query)]

    def answers_between(self, first: dt.date, last: dt.date) -> Sequence[tuple[int, int, int, str]]:
        """(meeting id, child id, item id, answer code) at the held reviews and conferences between two UK
        dates."""
        # The answer's code as plain text (a report reads tens of thousands: no enum conversion per row).
        code = type_coerce(AuditAnswer.answer, String())
        query = (
            select(AuditAnswer.meeting_id, AuditAnswer.child_id, AuditAnswer.item_id, code)
            .join(Meeting, Meeting.id == AuditAnswer.meeting_id)
            .where(_held_between(first, last))
        )
        return self.session.connection().execute(query).all()


def _held_between(first: dt.date, last: dt.date) -> Any:
    start, end = days_span(first, last)
    return (
        (Meeting.status == MeetingStatus.HELD)
        & Meeting.kind.in_(AUDITED_KINDS)
        & (Meeting.start_at >= start)
        & (Meeting.start_at < end)
    )
