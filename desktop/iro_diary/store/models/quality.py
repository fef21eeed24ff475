"""Quality assurance: causes for concern with their stages, good practice, themes, and the live audit.

The theme lists and the checklist are the service's own (edited in the app, seeded by the migration with the
annual report's); concerns keep one row per stage they reached, so their history is the rows themselves.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from iro_diary.domain.quality.codes import Answer, AuditScope, Outcome, Stage, StageEnd, ThemeKind, WorkArea
from iro_diary.store.base import Base, UtcDateTime, Versioned, code_enum
from iro_diary.store.models.cases import Child
from iro_diary.store.models.meetings import Meeting
from iro_diary.store.models.staff import Iro


class Stamped:
    """Who recorded it and who changed it last, and when (the audit trail has the detail)."""

    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[str] = mapped_column(String(120))
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    updated_by: Mapped[str] = mapped_column(String(120))


class QualityTheme(Versioned, Base):
    """A theme of the service's concerns or of its good practice (a list the service edits)."""

    __tablename__ = "quality_theme"
    __table_args__ = (UniqueConstraint("kind", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ThemeKind] = mapped_column(code_enum(ThemeKind, "theme_kind"))
    name: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class CauseForConcern(Stamped, Versioned, Base):
    """A concern an IRO escalated after a meeting (or about a child), and where it has got to."""

    __tablename__ = "cause_for_concern"
    __table_args__ = (CheckConstraint("(resolved_on IS NULL) = (outcome IS NULL)", name="resolved_with_outcome"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(20), unique=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"), index=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("quality_theme.id", ondelete="RESTRICT"), index=True)
    area: Mapped[WorkArea] = mapped_column(code_enum(WorkArea, "work_area"))
    raised_by_iro_id: Mapped[int | None] = mapped_column(ForeignKey("iro.id", ondelete="SET NULL"), index=True)
    raised_on: Mapped[dt.date] = mapped_column(Date, index=True)
    description: Mapped[str] = mapped_column(Text)
    addressed_team: Mapped[str] = mapped_column(String(120))
    stage: Mapped[Stage] = mapped_column(code_enum(Stage, "concern_stage_code"))
    resolved_on: Mapped[dt.date | None] = mapped_column(Date)
    outcome: Mapped[Outcome | None] = mapped_column(code_enum(Outcome, "concern_outcome"))
    outcome_note: Mapped[str | None] = mapped_column(Text)

    child: Mapped[Child] = relationship(lazy="raise")
    meeting: Mapped[Meeting | None] = relationship(lazy="raise")
    theme: Mapped[QualityTheme] = relationship(lazy="raise")
    raised_by: Mapped[Iro | None] = relationship(lazy="raise")
    stages: Mapped[list[ConcernStage]] = relationship(
        back_populates="concern",
        lazy="raise",
        cascade="all, delete-orphan",
        order_by="[ConcernStage.started_on, ConcernStage.id]",
    )


class ConcernStage(Base):
    """One stage a concern reached: to whom, when it began, its deadline, the response, and how it ended."""

    __tablename__ = "concern_stage"
    __table_args__ = (
        UniqueConstraint("concern_id", "stage"),
        CheckConstraint("due_on >= started_on", name="due_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    concern_id: Mapped[int] = mapped_column(ForeignKey("cause_for_concern.id", ondelete="CASCADE"), index=True)
    stage: Mapped[Stage] = mapped_column(code_enum(Stage, "concern_stage_code"))
    addressed_to: Mapped[str] = mapped_column(String(120))
    started_on: Mapped[dt.date] = mapped_column(Date)
    # The deadline worked out when the stage began (working days from the setting then in force): what the
    # person it went to was told.
    due_on: Mapped[dt.date] = mapped_column(Date)
    responded_on: Mapped[dt.date | None] = mapped_column(Date)
    response: Mapped[str | None] = mapped_column(Text)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    ended_how: Mapped[StageEnd | None] = mapped_column(code_enum(StageEnd, "concern_stage_end"))
    note: Mapped[str | None] = mapped_column(Text)

    concern: Mapped[CauseForConcern] = relationship(back_populates="stages", lazy="raise")


class GoodPractice(Stamped, Versioned, Base):
    """Good practice an IRO saw at a meeting (or in a child's case), and whom it recognises."""

    __tablename__ = "good_practice"

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(20), unique=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"), index=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("quality_theme.id", ondelete="RESTRICT"), index=True)
    recorded_by_iro_id: Mapped[int | None] = mapped_column(ForeignKey("iro.id", ondelete="SET NULL"), index=True)
    recorded_on: Mapped[dt.date] = mapped_column(Date, index=True)
    recognised: Mapped[str] = mapped_column(String(120))
    recognised_role: Mapped[str] = mapped_column(String(120), default="")
    recognised_team: Mapped[str] = mapped_column(String(120), default="")
    manager: Mapped[str] = mapped_column(String(120), default="")
    description: Mapped[str] = mapped_column(Text)

    child: Mapped[Child] = relationship(lazy="raise")
    meeting: Mapped[Meeting | None] = relationship(lazy="raise")
    theme: Mapped[QualityTheme] = relationship(lazy="raise")
    recorded_by: Mapped[Iro | None] = relationship(lazy="raise")


class AuditItem(Versioned, Base):
    """A question of the live-audit checklist, and which held meetings it is asked at."""

    __tablename__ = "audit_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    label: Mapped[str] = mapped_column(String(200))
    applies_to: Mapped[AuditScope] = mapped_column(code_enum(AuditScope, "audit_scope"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class AuditAnswer(Base):
    """The chair's answer to one checklist item for one child at one held meeting."""

    __tablename__ = "audit_answer"
    __table_args__ = (UniqueConstraint("meeting_id", "child_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The unique constraint's index (meeting first) serves lookups by meeting.
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("audit_item.id", ondelete="RESTRICT"), index=True)
    answer: Mapped[Answer] = mapped_column(code_enum(Answer, "audit_answer_code"))
    note: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    answered_by: Mapped[str] = mapped_column(String(120))
