"""When a change to a meeting matters for invites, and which messages then go to whom.

RFC 5545 §3.8.7.4: the organiser MUST raise SEQUENCE when DTSTART, DTEND or STATUS change and may for other
properties; Outlook only replaces an entry with a higher SEQUENCE (MS-OXOCAL), and only the organiser raises it
(tutanota #2807). Here it is raised for the time, the place (room or venue), the chair and the status
(cancelled, reinstated, provisional <-> booked) — and never for anything else, such as notes or the outcome.

Who gets what (RFC 5546 §3.2.2, §3.2.5): every current invitee who has not had the current SEQUENCE gets a
REQUEST; someone who holds the meeting in their calendar but is no longer invited (an old chair) gets a CANCEL
without STATUS, to them only; when the meeting is cancelled everyone who holds it gets a CANCEL with
STATUS:CANCELLED. Nobody is sent the organiser's own invite.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from iro_diary.domain.codes import MeetingStatus
from iro_diary.domain.invites.model import Invitee, InviteKind, InviteMeeting


@dataclass(frozen=True, slots=True)
class InviteFacts:
    """The parts of a meeting its invites depend on (take one before a change, one after)."""

    start: dt.datetime
    end: dt.datetime
    room_id: int | None
    venue: str | None
    chair_id: int | None
    status: MeetingStatus


@dataclass(frozen=True, slots=True)
class InviteChange:
    """Why a change matters for invites; empty when it does not."""

    reasons: tuple[str, ...]

    @property
    def matters(self) -> bool:
        return bool(self.reasons)

    @property
    def cancelled(self) -> bool:
        return "cancelled" in self.reasons


def _status_reason(before: MeetingStatus, after: MeetingStatus) -> str | None:
    if before is after:
        return None
    if after is MeetingStatus.CANCELLED:
        return "cancelled"
    if before is MeetingStatus.CANCELLED:
        return "reinstated"
    if MeetingStatus.PROVISIONAL in (before, after):
        return "confirmed" if after is not MeetingStatus.PROVISIONAL else "made provisional"
    return None  # booked -> held: the calendar entry does not change


def invite_change(before: InviteFacts, after: InviteFacts) -> InviteChange:
    """Whether going from `before` to `after` should raise SEQUENCE and send updates, and why."""
    reasons = []
    if (before.start, before.end) != (after.start, after.end):
        reasons.append("time")
    if (before.room_id, (before.venue or "").strip()) != (after.room_id, (after.venue or "").strip()):
        reasons.append("place")
    if before.chair_id != after.chair_id:
        reasons.append("chair")
    status = _status_reason(before.status, after.status)
    if status:
        reasons.append(status)
    return InviteChange(tuple(reasons))


@dataclass(frozen=True, slots=True)
class Delivery:
    """What one person was last sent for a meeting."""

    recipient: Invitee
    kind: InviteKind
    sequence: int

    @property
    def holds_meeting(self) -> bool:
        """Whether the meeting is in their calendar (their last message was a request)."""
        return self.kind is InviteKind.REQUEST


@dataclass(frozen=True, slots=True)
class PlannedMessage:
    recipient: Invitee
    kind: InviteKind


def plan_messages(
    meeting: InviteMeeting,
    sent: Mapping[str, Delivery],
    *,
    organiser_mailbox: str,
    everyone: bool = False,
) -> list[PlannedMessage]:
    """The messages that bring every calendar up to date with `meeting`.

    `sent` is what each address was last sent (messages still queued are replaced by this plan, so they do not
    count: a request that never left needs no cancellation). `everyone` re-sends the current message to
    everyone it concerns (a user's explicit "send again").
    """
    organiser = organiser_mailbox.strip().lower()
    current = {i.email: i for i in meeting.invitees if i.email != organiser}
    if meeting.status is MeetingStatus.CANCELLED:
        return [
            PlannedMessage(d.recipient, InviteKind.CANCEL)
            for email, d in sorted(sent.items())
            if email != organiser and _needs(d, InviteKind.CANCEL, meeting.sequence, everyone)
        ]
    plan = [
        PlannedMessage(invitee, InviteKind.REQUEST)
        for email, invitee in current.items()
        if email not in sent or _needs(sent[email], InviteKind.REQUEST, meeting.sequence, everyone)
    ]
    plan += [
        PlannedMessage(d.recipient, InviteKind.WITHDRAW)
        for email, d in sorted(sent.items())
        if email not in current and email != organiser and d.holds_meeting
    ]
    return plan


def _needs(last: Delivery, kind: InviteKind, sequence: int, everyone: bool) -> bool:
    if kind is InviteKind.CANCEL:
        return last.holds_meeting or (everyone and last.kind is InviteKind.CANCEL)
    return everyone or last.kind is not InviteKind.REQUEST or last.sequence < sequence
