"""The due date each held meeting answered, worked out once and kept while nothing it depends on has changed.

Due dates are derived, never typed in (DESIGN.md), and a year's "% within timescale" walks the chains of tens of
thousands of children. So the answered steps are kept here, each subject's with the `facts_version` of the child
or household they were worked out from and the key of the rules in force (rules, parameters, calendar, app
version). Database triggers (migration 0700) raise a subject's `facts_version` whenever anything its chains read
changes — in any table, from any client, through the ORM or not — so a kept row whose mark no longer matches is
simply not used, and is worked out afresh. Nothing here is ever edited by hand or exported.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from iro_diary.domain.codes import MeetingKind
from iro_diary.store.base import Base, code_enum


class ComplianceMark(Base):
    """Which version of a child's (or household's) facts its kept answered steps were worked out from."""

    __tablename__ = "compliance_mark"
    __table_args__ = (CheckConstraint("(child_id IS NULL) <> (household_id IS NULL)", name="one_subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int | None] = mapped_column(ForeignKey("child.id", ondelete="CASCADE"), unique=True)
    household_id: Mapped[int | None] = mapped_column(ForeignKey("foster_household.id", ondelete="CASCADE"), unique=True)
    facts_version: Mapped[int] = mapped_column(Integer)
    rules_key: Mapped[str] = mapped_column(String(64))


class AnsweredStep(Base):
    """A held meeting and the statutory step it answered for one child (or household), with its due date."""

    __tablename__ = "answered_step"
    __table_args__ = (CheckConstraint("(child_id IS NULL) <> (household_id IS NULL)", name="one_subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    ref: Mapped[str] = mapped_column(String(20))
    meeting_kind: Mapped[MeetingKind] = mapped_column(code_enum(MeetingKind, "meeting_kind"))
    child_id: Mapped[int | None] = mapped_column(ForeignKey("child.id", ondelete="CASCADE"), index=True)
    household_id: Mapped[int | None] = mapped_column(ForeignKey("foster_household.id", ondelete="CASCADE"), index=True)
    rule: Mapped[str] = mapped_column(String(40))
    anchor: Mapped[dt.date] = mapped_column(Date)
    due: Mapped[dt.date] = mapped_column(Date)
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    working_days_late: Mapped[int] = mapped_column(Integer)
