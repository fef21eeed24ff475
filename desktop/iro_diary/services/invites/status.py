"""What the meeting's record shows about its invites: who has which SEQUENCE, what waits, what failed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from iro_diary.domain.codes import AttendeeRole, MeetingStatus
from iro_diary.domain.invites.model import InviteKind, OutboxStatus
from iro_diary.infra.clock import LONDON
from iro_diary.services.invites.rows import invite_meeting, unaddressed_of
from iro_diary.store.models import InviteDelivery, Meeting, OutboxMessage

_ROLE_LABELS = {
    AttendeeRole.CHAIR: "Chair",
    AttendeeRole.REQUIRED: "Required",
    AttendeeRole.OPTIONAL: "Optional",
    AttendeeRole.MINUTE_TAKER: "Minute-taker",
}
_SENT_LABELS = {InviteKind.REQUEST: "Invited", InviteKind.CANCEL: "Cancelled", InviteKind.WITHDRAW: "Withdrawn"}


@dataclass(frozen=True, slots=True)
class RecipientStatus:
    """One address and where its invite stands."""

    email: str
    name: str
    role: str
    invited_now: bool
    sent_kind: InviteKind | None
    sent_sequence: int | None
    sent_at: dt.datetime | None
    pending_kind: InviteKind | None
    pending_status: OutboxStatus | None
    attempts: int
    last_error: str | None

    @property
    def up_to_date(self) -> bool:
        return self.pending_kind is None and self.sent_kind is not None

    @property
    def sent_text(self) -> str:
        if self.sent_kind is None:
            return "Not sent"
        when = self.sent_at.astimezone(LONDON).strftime("%d %b %H:%M") if self.sent_at else ""
        return f"{_SENT_LABELS[self.sent_kind]} (sequence {self.sent_sequence}) {when}".strip()

    @property
    def state_text(self) -> str:
        if self.pending_status is OutboxStatus.FAILED:
            return f"Failed: {self.last_error or 'refused'}"
        if self.pending_kind is not None:
            waiting = f"{self.pending_kind.method.title()} queued"
            return f"{waiting}, retrying: {self.last_error}" if self.last_error else waiting
        return "Up to date" if self.sent_kind is not None else "Not sent"


@dataclass(frozen=True, slots=True)
class InviteStatus:
    meeting_id: int
    ref: str
    uid: str
    sequence: int
    cancelled: bool
    recipients: tuple[RecipientStatus, ...]
    unaddressed: tuple[str, ...]

    @property
    def failed(self) -> int:
        return sum(1 for r in self.recipients if r.pending_status is OutboxStatus.FAILED or r.last_error)

    @property
    def queued(self) -> int:
        return sum(1 for r in self.recipients if r.pending_status is OutboxStatus.QUEUED)

    @property
    def summary_text(self) -> str:
        """'Sequence 2 · 3 of 4 invitees have it · 1 queued · 1 failed'."""
        invited = [r for r in self.recipients if r.invited_now]
        current = sum(1 for r in invited if r.sent_kind is InviteKind.REQUEST and r.sent_sequence == self.sequence)
        parts = [f"Sequence {self.sequence}"]
        if self.cancelled:
            holders = sum(1 for r in self.recipients if r.sent_kind is InviteKind.CANCEL)
            parts.append(f"cancellation sent to {holders}")
        else:
            parts.append(f"{current} of {len(invited)} invitees have it")
        if self.queued:
            parts.append(f"{self.queued} queued")
        if self.failed:
            parts.append(f"{self.failed} failed")
        if self.unaddressed:
            parts.append(f"{len(self.unaddressed)} without an email address")
        return " · ".join(parts)


def invite_status(
    meeting: Meeting, deliveries: Sequence[InviteDelivery], pending: Sequence[OutboxMessage]
) -> InviteStatus:
    current = invite_meeting(meeting)
    sent = {d.recipient: d for d in deliveries}
    waiting = {m.recipient: m for m in pending}  # the newest pending message per address wins
    names = {i.email: (i.name, _ROLE_LABELS[i.role] if not i.is_room else "Room") for i in current.invitees}
    others: list[InviteDelivery | OutboxMessage] = [*deliveries, *pending]
    for row in others:
        names.setdefault(row.recipient, (row.recipient_name, _ROLE_LABELS[row.recipient_role]))
    rows = []
    for email, (name, role) in names.items():
        delivery, message = sent.get(email), waiting.get(email)
        rows.append(
            RecipientStatus(
                email=email,
                name=name,
                role=role,
                invited_now=current.invitee(email) is not None,
                sent_kind=delivery.kind if delivery else None,
                sent_sequence=delivery.sequence if delivery else None,
                sent_at=delivery.sent_at if delivery else None,
                pending_kind=message.kind if message else None,
                pending_status=message.status if message else None,
                attempts=message.attempts if message else 0,
                last_error=message.last_error if message else None,
            )
        )
    return InviteStatus(
        meeting_id=meeting.id,
        ref=meeting.ref,
        uid=meeting.ical_uid,
        sequence=meeting.ical_sequence,
        cancelled=meeting.status is MeetingStatus.CANCELLED,
        recipients=tuple(rows),
        unaddressed=unaddressed_of(meeting),
    )


@dataclass(frozen=True, slots=True)
class OutboxRow:
    id: int
    meeting_ref: str
    recipient: str
    method: str
    sequence: int
    status: str
    attempts: int
    last_error: str | None
    queued_at: dt.datetime
    sent_at: dt.datetime | None

    @classmethod
    def of(cls, message: OutboxMessage, ref: str) -> OutboxRow:
        return cls(
            id=message.id,
            meeting_ref=ref,
            recipient=message.recipient,
            method=message.kind.method,
            sequence=message.sequence,
            status=message.status.value,
            attempts=message.attempts,
            last_error=message.last_error,
            queued_at=message.queued_at,
            sent_at=message.sent_at,
        )


@dataclass(frozen=True, slots=True)
class OutboxSummary:
    queued: int
    failed: int
    last_problem: str | None
    server: str

    @property
    def text(self) -> str:
        if not self.queued and not self.failed:
            return "Outbox empty."
        text = f"Outbox: {self.queued} queued, {self.failed} failed."
        return f"{text} Last problem: {self.last_problem}" if self.last_problem else text
