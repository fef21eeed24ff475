"""Invite emails waiting to go (the outbox) and what each person was last sent (deliveries).

The outbox keeps every message, as sent, in the database: nothing is lost when the app closes or the mail
server is down, and a shared diary's PCs see one queue. A lease (`lease_until`) stops two PCs sending the same
message at once. Deliveries record who holds which SEQUENCE of which meeting, which decides what they are sent
next (an update, a cancellation, a withdrawal, or nothing).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from iro_diary.domain.codes import AttendeeRole
from iro_diary.domain.invites.model import InviteKind, OutboxStatus
from iro_diary.store.base import Base, UtcDateTime, code_enum


class RecipientColumns:
    """Who a message is for, kept so a later cancellation can name them even if they left the meeting."""

    recipient: Mapped[str] = mapped_column(String(254))
    recipient_name: Mapped[str] = mapped_column(String(120))
    recipient_role: Mapped[AttendeeRole] = mapped_column(code_enum(AttendeeRole, "attendee_role"))
    recipient_is_room: Mapped[bool] = mapped_column(Boolean, default=False)
    recipient_is_family: Mapped[bool] = mapped_column(Boolean, default=False)


class OutboxMessage(RecipientColumns, Base):
    """One email carrying one invite to one recipient."""

    __tablename__ = "invite_outbox"
    __table_args__ = (Index("ix_invite_outbox_status_next_attempt_at", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    kind: Mapped[InviteKind] = mapped_column(code_enum(InviteKind, "invite_kind"))
    sequence: Mapped[int] = mapped_column(Integer)
    subject: Mapped[str] = mapped_column(String(200))
    # The whole RFC 5322 message, exactly as it will be sent (the Date header is set when it goes).
    message: Mapped[str] = mapped_column(Text)
    status: Mapped[OutboxStatus] = mapped_column(code_enum(OutboxStatus, "outbox_status"))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(300))
    queued_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    queued_by: Mapped[str] = mapped_column(String(120))
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    lease_until: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class InviteDelivery(RecipientColumns, Base):
    """The last invite message one person was actually sent for one meeting."""

    __tablename__ = "invite_delivery"
    __table_args__ = (UniqueConstraint("meeting_id", "recipient"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    kind: Mapped[InviteKind] = mapped_column(code_enum(InviteKind, "invite_kind"))
    sequence: Mapped[int] = mapped_column(Integer)
    sent_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
