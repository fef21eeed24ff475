"""The service's people and places: IROs (the chairs), their absences, and meeting rooms."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Date, Float, ForeignKey, Integer, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from iro_diary.domain.codes import AbsenceKind, Team
from iro_diary.store.base import Base, Versioned, code_enum


class Iro(Versioned, Base):
    """An Independent Reviewing Officer: chairs meetings, holds a caseload."""

    __tablename__ = "iro"
    __table_args__ = (
        CheckConstraint("fte > 0 AND fte <= 1", name="fte_in_range"),
        CheckConstraint("daily_cap >= 0", name="daily_cap_not_negative"),
        CheckConstraint("day_end > day_start", name="day_ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    fte: Mapped[float] = mapped_column(Float)
    team: Mapped[Team] = mapped_column(code_enum(Team, "team"))
    working_days: Mapped[str] = mapped_column(String(40), default="Mon Tue Wed Thu Fri")
    day_start: Mapped[dt.time] = mapped_column(Time, default=dt.time(9, 0))
    day_end: Mapped[dt.time] = mapped_column(Time, default=dt.time(17, 0))
    daily_cap: Mapped[int] = mapped_column(Integer, default=3)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    left_on: Mapped[dt.date | None] = mapped_column(Date)

    absences: Mapped[list[Absence]] = relationship(back_populates="iro", lazy="raise")


class Absence(Versioned, Base):
    """Leave, training or sickness: the IRO's diary is blocked from `start_date` to `end_date` inclusive."""

    __tablename__ = "absence"
    __table_args__ = (CheckConstraint("end_date >= start_date", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    iro_id: Mapped[int] = mapped_column(ForeignKey("iro.id", ondelete="CASCADE"), index=True)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[AbsenceKind] = mapped_column(code_enum(AbsenceKind, "absence_kind"))
    note: Mapped[str | None] = mapped_column(Text)

    iro: Mapped[Iro] = relationship(back_populates="absences", lazy="raise")


class Room(Versioned, Base):
    """A meeting room the service books."""

    __tablename__ = "room"
    __table_args__ = (CheckConstraint("capacity > 0", name="capacity_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    site: Mapped[str] = mapped_column(String(120), default="")
    capacity: Mapped[int] = mapped_column(Integer)
    accessible: Mapped[bool] = mapped_column(Boolean, default=True)
    mailbox: Mapped[str | None] = mapped_column(String(254))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
