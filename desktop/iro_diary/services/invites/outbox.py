"""Queueing invite emails inside a transaction: what a change means for SEQUENCE, and the messages it calls for.

These functions take the caller's session, like `audit.record`, so the diary (issue #4) can raise SEQUENCE and
queue the updates in the same transaction as the change itself: either both happen or neither does.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from iro_diary.domain.invites import ical, mime
from iro_diary.domain.invites.model import Invitee, InviteKind, InviteMeeting, OutboxStatus
from iro_diary.domain.invites.plan import InviteFacts, PlannedMessage, invite_change, plan_messages
from iro_diary.services import audit
from iro_diary.services.context import ServiceContext
from iro_diary.services.invites.config import InviteConfig, invite_config
from iro_diary.services.invites.rows import delivery_of, invite_facts, invite_meeting, recipient_columns
from iro_diary.store.models import Meeting, OutboxMessage
from iro_diary.store.repositories.invites import InviteRepository


@dataclass(frozen=True, slots=True)
class QueueResult:
    """What a change or a 'Send invites' did: the SEQUENCE now, the messages queued, and why."""

    meeting_id: int
    sequence: int
    queued: int
    reasons: tuple[str, ...] = ()
    send_now: bool = False


def render(
    meeting: InviteMeeting, kind: InviteKind, recipient: Invitee, config: InviteConfig, now: dt.datetime
) -> tuple[str, str]:
    """(subject, whole email as text) for one planned message."""
    setup = config.setup
    ics = ical.invite(meeting, kind, setup, stamp=now, recipient=recipient)
    names = setup.privacy.names_for(recipient.email)
    title = mime.subject(kind, meeting.sequence, ical.summary(meeting, setup.privacy, names=False))
    text = mime.body_text(kind, ical.description(meeting, setup, kind, names=names), setup.organiser)
    domain = config.mailbox.rsplit("@", 1)[1]
    message = mime.invite_email(
        ics=ics,
        kind=kind,
        title=title,
        text=text,
        organiser=setup.organiser,
        recipient=recipient,
        message_id=f"<{uuid.uuid4()}@{domain}>",
        date=now,
    )
    return title, message.as_string()


def queue_plan(session: Session, ctx: ServiceContext, meeting: Meeting, *, everyone: bool) -> int:
    """Replace the meeting's unsent messages with the ones that bring every calendar up to date."""
    config = invite_config(session)
    repo = InviteRepository(session)
    meeting = repo.meeting(meeting.id, fresh=True) or meeting  # the chair, room and attendees as they are now
    repo.supersede_pending(meeting.id)
    sent = {row.recipient: delivery_of(row) for row in repo.deliveries(meeting.id)}
    current = invite_meeting(meeting)
    plan = plan_messages(current, sent, organiser_mailbox=config.mailbox, everyone=everyone)
    now = ctx.clock.now()
    for planned in plan:
        session.add(_outbox_row(planned, current, config, ctx, now, meeting.id))
    if plan:
        kinds = ", ".join(sorted({p.kind.value for p in plan}))
        audit.record(
            session,
            ctx,
            action="queue-invites",
            entity="meeting",
            entity_id=meeting.id,
            summary=f"{len(plan)} invite email(s) queued ({kinds}), sequence {meeting.ical_sequence}",
        )
    return len(plan)


def _outbox_row(
    planned: PlannedMessage,
    meeting: InviteMeeting,
    config: InviteConfig,
    ctx: ServiceContext,
    now: dt.datetime,
    meeting_id: int,
) -> OutboxMessage:
    subject, text = render(meeting, planned.kind, planned.recipient, config, now)
    return OutboxMessage(
        meeting_id=meeting_id,
        kind=planned.kind,
        sequence=meeting.sequence,
        subject=subject[:200],
        message=text,
        status=OutboxStatus.QUEUED,
        attempts=0,
        queued_at=now,
        queued_by=ctx.actor,
        next_attempt_at=now,
        **recipient_columns(planned.recipient),
    )


def invites_are_live(session: Session, meeting_id: int) -> bool:
    """Whether anyone has been sent (or has queued) an invite for this meeting."""
    repo = InviteRepository(session)
    return bool(repo.deliveries(meeting_id) or repo.pending(meeting_id))


def record_meeting_change(
    session: Session, ctx: ServiceContext, meeting: Meeting, before: InviteFacts | None
) -> QueueResult:
    """Call after changing (or booking, when `before` is None) a meeting, in the same transaction.

    A change that matters raises SEQUENCE (never otherwise). Updates are queued when the meeting's invites have
    already gone out, or for a booking or a change that matters when the team sends invites automatically;
    `send_now` says whether the caller should then send the outbox.

    Take `before` with `rows.invite_facts(meeting)` before changing anything.
    """
    session.flush()  # a chair or room set through the relationship shows in its id column only after a flush
    change = invite_change(before, invite_facts(meeting)) if before is not None else None
    reasons = change.reasons if change is not None else ("booked",)
    if change is not None and change.matters:
        old = meeting.ical_sequence
        meeting.ical_sequence = old + 1
        audit.record(
            session,
            ctx,
            action="raise-sequence",
            entity="meeting",
            entity_id=meeting.id,
            summary=f"Invite sequence raised ({', '.join(change.reasons)})",
            before={"ical_sequence": old},
            after={"ical_sequence": meeting.ical_sequence},
        )
    automatic = invite_config(session).send_automatically
    queued = 0
    # Once invites are out, every change is followed up (a new attendee gets the invite, a removed one a
    # withdrawal, everyone a higher SEQUENCE when it matters); before that, only automatic sending starts them.
    # A meeting just booked has no invites out yet: only automatic sending starts them.
    live = before is not None and invites_are_live(session, meeting.id)
    if live or (automatic and (change is None or change.matters)):
        queued = queue_plan(session, ctx, meeting, everyone=False)
    return QueueResult(meeting.id, meeting.ical_sequence, queued, reasons, send_now=automatic and queued > 0)
