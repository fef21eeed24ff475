"""Meetings: who chairs, where, when, for which children, and who is invited."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint, func, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from iro_diary.domain.codes import AttendeeRole, MeetingKind, MeetingStatus
from iro_diary.store.base import Base, UtcDateTime, Versioned, code_enum
from iro_diary.store.models.cases import Child
from iro_diary.store.models.staff import Iro, Room


class Meeting(Versioned, Base):
    """One meeting in the diary. Times are instants (UTC); the UI shows them in Europe/London."""

    __tablename__ = "meeting"
    __table_args__ = (
        CheckConstraint("end_at > start_at", name="ends_after_start"),
        CheckConstraint("ical_sequence >= 0", name="sequence_not_negative"),
        Index("ix_meeting_chair_id_start_at", "chair_id", "start_at"),
        Index("ix_meeting_room_id_start_at", "room_id", "start_at"),
        # The latest reference is the longest, then the largest (M-999999 < M-1000000): read from this at once.
        Index("ix_meeting_ref_length_ref", func.length(text("ref")), "ref"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(20), unique=True)
    kind: Mapped[MeetingKind] = mapped_column(code_enum(MeetingKind, "meeting_kind"))
    status: Mapped[MeetingStatus] = mapped_column(code_enum(MeetingStatus, "meeting_status"))
    start_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, index=True)
    end_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    room_id: Mapped[int | None] = mapped_column(ForeignKey("room.id", ondelete="RESTRICT"))
    venue: Mapped[str | None] = mapped_column(String(200))
    chair_id: Mapped[int | None] = mapped_column(ForeignKey("iro.id", ondelete="RESTRICT"))
    minute_taker: Mapped[str | None] = mapped_column(String(120))
    minute_taker_email: Mapped[str | None] = mapped_column(String(254))
    family_id: Mapped[int | None] = mapped_column(ForeignKey("family.id", ondelete="SET NULL"), index=True)
    foster_household_id: Mapped[int | None] = mapped_column(
        ForeignKey("foster_household.id", ondelete="CASCADE"), index=True
    )
    ical_uid: Mapped[str] = mapped_column(String(120), unique=True)
    ical_sequence: Mapped[int] = mapped_column(Integer, default=0)
    outcome: Mapped[str | None] = mapped_column(Text)
    cancel_reason: Mapped[str | None] = mapped_column(String(200))
    late_reason: Mapped[str | None] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[str] = mapped_column(String(120))
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    updated_by: Mapped[str] = mapped_column(String(120))

    chair: Mapped[Iro | None] = relationship(lazy="raise")
    room: Mapped[Room | None] = relationship(lazy="raise")
    children: Mapped[list[MeetingChild]] = relationship(
        back_populates="meeting", lazy="raise", cascade="all, delete-orphan"
    )
    attendees: Mapped[list[Attendee]] = relationship(
        back_populates="meeting", lazy="raise", cascade="all, delete-orphan"
    )


class MeetingChild(Base):
    """One child at a meeting: the requirement it answers, and (once held) participation and decision."""

    __tablename__ = "meeting_child"
    __table_args__ = (UniqueConstraint("meeting_id", "child_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id", ondelete="CASCADE"), index=True)
    # The rule this meeting answers for this child (e.g. "cla-first"), recorded when booked.
    rule: Mapped[str | None] = mapped_column(String(40))
    # SSDA903 review participation code, PN0-PN7 (looked-after reviews, once held).
    participation: Mapped[str | None] = mapped_column(String(3))
    # Conference decision, e.g. "plan-made", "plan-continues", "plan-ends", "no-plan".
    decision: Mapped[str | None] = mapped_column(String(40))
    category: Mapped[str | None] = mapped_column(String(3))

    meeting: Mapped[Meeting] = relationship(back_populates="children", lazy="raise")
    child: Mapped[Child] = relationship(lazy="raise")


class Attendee(Base):
    """Someone invited to a meeting (family, professionals); the chair and minute-taker are on the meeting."""

    __tablename__ = "attendee"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254))
    role: Mapped[AttendeeRole] = mapped_column(code_enum(AttendeeRole, "attendee_role"))
    organisation: Mapped[str | None] = mapped_column(String(120))
    response: Mapped[str] = mapped_column(String(20), default="needs-action")

    meeting: Mapped[Meeting] = relationship(back_populates="attendees", lazy="raise")
