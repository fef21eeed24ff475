"""Invites for one meeting: export the .ics, queue the emails, show who has what, and send the outbox.

Sending is the one use case that is not one transaction: talking to a mail server inside a database
transaction would hold the diary's write lock for as long as the server takes. So the due messages are claimed
(leased) in one short transaction, sent outside any, and each result is recorded in its own transaction —
a crash part-way leaves at most one message to be sent twice, which calendars treat as the same invite.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from iro_diary.domain.access import Permission
from iro_diary.domain.codes import MeetingStatus
from iro_diary.domain.errors import EnvironmentProblem, NotFound, ValidationError
from iro_diary.domain.invites import ical
from iro_diary.domain.invites.model import InviteKind, OutboxStatus
from iro_diary.domain.invites.plan import InviteFacts
from iro_diary.infra import secrets
from iro_diary.services import audit
from iro_diary.services.access import open_to_everyone, requires
from iro_diary.services.changes import Changes
from iro_diary.services.context import ServiceContext
from iro_diary.services.invites.config import SmtpSettings, invite_config
from iro_diary.services.invites.outbox import QueueResult, queue_plan, record_meeting_change
from iro_diary.services.invites.rows import invite_meeting, recipient_columns, recipient_of
from iro_diary.services.invites.smtp import DeliveryError, SmtpTransport, Transport
from iro_diary.services.invites.status import InviteStatus, OutboxRow, OutboxSummary, invite_status
from iro_diary.store.models import InviteDelivery, Meeting
from iro_diary.store.repositories.invites import PENDING, InviteRepository

Progress = Callable[[int, int, str], None]
TransportFactory = Callable[[SmtpSettings, "str | None"], Transport]

LEASE = dt.timedelta(minutes=10)
BATCH = 500
NO_SERVER = "No mail server is set (Settings → Invites, email and feeds): invites wait in the outbox."


@dataclass(frozen=True, slots=True)
class IcsExport:
    """An .ics ready to save: what it is, for the message the user sees."""

    ics: bytes
    method: str
    events: int
    title: str
    uid: str = ""
    sequence: int = 0
    note: str = ""


@dataclass(frozen=True, slots=True)
class _Claimed:
    id: int
    meeting_id: int
    recipient: str
    message: str


@dataclass(frozen=True, slots=True)
class SendReport:
    """What one send of the outbox did."""

    sent: int
    failed: int
    waiting: int
    problems: tuple[str, ...] = ()
    changes: Changes = dataclasses.field(default_factory=Changes)

    @property
    def text(self) -> str:
        parts = [f"{self.sent} invite email(s) sent."]
        if self.failed:
            parts.append(f"{self.failed} could not be sent: {self.problems[0]}")
        elif self.problems:
            parts.append(self.problems[0])
        if self.waiting:
            parts.append(f"{self.waiting} wait in the outbox and are retried.")
        return " ".join(parts)


def _retry_delay(attempts: int) -> dt.timedelta:
    """1, 2, 4 … minutes, at most an hour, between tries of one message."""
    return dt.timedelta(minutes=min(60, 2 ** max(0, attempts - 1)))


class InvitesService:
    def __init__(self, ctx: ServiceContext, transport: TransportFactory | None = None) -> None:
        self._ctx = ctx
        self._transport: TransportFactory = transport or SmtpTransport

    # Reading.

    def export_meeting(
        self, *, ref: str | None = None, meeting_id: int | None = None, cancel: bool = False
    ) -> IcsExport:
        """The meeting's invite as an .ics (without names). A cancelled meeting gives its cancellation; `cancel`
        gives the cancellation of a meeting that still stands, one SEQUENCE above its last update."""
        now = self._ctx.clock.now()
        with self._ctx.db.read() as session:
            meeting = self._meeting(session, ref=ref, meeting_id=meeting_id)
            current = invite_meeting(meeting)
            setup = invite_config(session).setup
        note = ""
        kind = InviteKind.REQUEST
        if meeting.status is MeetingStatus.CANCELLED:
            kind, note = InviteKind.CANCEL, "the meeting is cancelled: this is its cancellation"
        elif cancel:
            kind = InviteKind.CANCEL
            current = dataclasses.replace(current, sequence=current.sequence + 1)
            note = "the meeting still stands in the diary: cancel it there too, so later updates stay in order"
        ics = ical.invite(current, kind, setup, stamp=now)
        title = ical.summary(current, setup.privacy, names=False)
        return IcsExport(ics, kind.method, 1, title, current.uid, current.sequence, note)

    def meeting_id(self, ref: str) -> int:
        """The id of the meeting with this reference (NotFound if there is none)."""
        with self._ctx.db.read() as session:
            return self._meeting(session, ref=ref).id

    def status(self, meeting_id: int) -> InviteStatus:
        """Who has been sent which SEQUENCE of the meeting, what waits, and what failed."""
        with self._ctx.db.read() as session:
            meeting = self._meeting(session, meeting_id=meeting_id)
            repo = InviteRepository(session)
            return invite_status(meeting, repo.deliveries(meeting_id), repo.pending(meeting_id))

    def outbox_summary(self) -> OutboxSummary:
        with self._ctx.db.read() as session:
            repo = InviteRepository(session)
            counts = repo.counts()
            problem = repo.latest_problem()
            host = invite_config(session).smtp.host
        return OutboxSummary(
            queued=counts.get(OutboxStatus.QUEUED, 0),
            failed=counts.get(OutboxStatus.FAILED, 0),
            last_problem=problem.last_error if problem is not None else None,
            server=host,
        )

    def outbox(self, *, include_sent: bool = False) -> list[OutboxRow]:
        statuses = (*PENDING, OutboxStatus.SENT) if include_sent else PENDING
        with self._ctx.db.read() as session:
            rows = InviteRepository(session).listing(statuses)
            return [OutboxRow.of(message, ref) for message, ref in rows]

    # Queueing.

    @requires(Permission.BOOK, Permission.OWN_DIARY)
    def send_invites(self, meeting_id: int, *, everyone: bool = False) -> QueueResult:
        """Queue the invites (or updates, or cancellations) the meeting's invitees have not had yet; with
        `everyone`, the current one to everyone again. Sending is `send_outbox()`."""
        with self._ctx.db.write() as session:
            meeting = self._meeting(session, meeting_id=meeting_id)
            queued = queue_plan(session, self._ctx, meeting, everyone=everyone)
            return QueueResult(meeting.id, meeting.ical_sequence, queued, send_now=queued > 0)

    @requires(Permission.BOOK, Permission.OWN_DIARY)
    def meeting_changed(self, meeting_id: int, before: InviteFacts | None) -> QueueResult:
        """For the diary: after a meeting was booked (`before` None) or changed. Raises SEQUENCE when the change
        matters and queues the updates (see `outbox.record_meeting_change`, which does the same inside the
        caller's own transaction)."""
        with self._ctx.db.write() as session:
            meeting = self._meeting(session, meeting_id=meeting_id)
            return record_meeting_change(session, self._ctx, meeting, before)

    @requires(Permission.BOOK, Permission.OWN_DIARY)
    def retry_failed(self, meeting_id: int | None = None) -> Changes:
        """Put messages that were given up on back in the queue (after fixing an address, say)."""
        with self._ctx.db.write() as session:
            count = InviteRepository(session).retry_failed(self._ctx.clock.now(), meeting_id)
            if count:
                audit.record(
                    session,
                    self._ctx,
                    action="retry-invites",
                    entity="invite_outbox",
                    entity_id=meeting_id or "all",
                    summary=f"{count} failed invite email(s) queued again",
                )
        return Changes(invites=frozenset({meeting_id} if meeting_id else set()))

    # Sending.

    @requires(Permission.BOOK, Permission.OWN_DIARY)
    def send_outbox(
        self, *, force: bool = True, meeting_id: int | None = None, progress: Progress | None = None
    ) -> SendReport:
        """Send queued invite emails: all of them (`force`, the user's "send now") or those whose retry time has
        come. Failures stay queued with the reason, or are given up on when the server refused the address."""
        claimed, smtp, mailbox = self._claim(force=force, meeting_id=meeting_id)
        if smtp is None:
            return SendReport(0, 0, self._waiting(), (NO_SERVER,))
        if not claimed:
            return SendReport(0, 0, self._waiting())
        problems: list[str] = []
        done: list[bool] = []  # one entry per message tried: sent or not
        try:
            password = secrets.read_password(smtp.host, smtp.account) if smtp.account else None
            with self._transport(smtp, password) as transport:
                for number, item in enumerate(claimed):
                    if progress is not None:
                        progress(number, len(claimed), "Sending invites")
                    done.append(self._deliver(transport, item, mailbox, problems))
        except (DeliveryError, EnvironmentProblem) as error:  # no connection (or no password): nothing went
            problems.append(error.message)
            for item in claimed[len(done) :]:
                self._record_failure(item, error.message, permanent=False)
        sent = sum(done)
        changes = Changes(invites=frozenset(item.meeting_id for item in claimed))
        return SendReport(sent, len(claimed) - sent, self._waiting(), tuple(problems), changes)

    def _deliver(self, transport: Transport, item: _Claimed, mailbox: str, problems: list[str]) -> bool:
        """Hand one message to the server and record what happened; True if it went."""
        try:
            transport.send(item.message, sender=mailbox, recipient=item.recipient, date=self._ctx.clock.now())
        except DeliveryError as error:
            problems.append(error.message)
            self._record_failure(item, error.message, permanent=error.permanent)
            return False
        self._record_sent(item)
        return True

    @open_to_everyone
    def send_if_automatic(self) -> SendReport | None:
        """The app's periodic retry: send what is due when the team sends invites automatically; else None."""
        with self._ctx.db.read() as session:
            config = invite_config(session)
            if not (config.send_automatically and config.smtp.configured):
                return None
            if not InviteRepository(session).counts().get(OutboxStatus.QUEUED):
                return None
        return self.send_outbox(force=False)

    def _claim(self, *, force: bool, meeting_id: int | None) -> tuple[list[_Claimed], SmtpSettings | None, str]:
        now = self._ctx.clock.now()
        with self._ctx.db.write() as session:
            config = invite_config(session)
            if not config.smtp.configured:
                return [], None, config.mailbox
            rows = InviteRepository(session).due(now, force=force, meeting_id=meeting_id, limit=BATCH)
            for row in rows:
                row.lease_until = now + LEASE
            claimed = [_Claimed(r.id, r.meeting_id, r.recipient, r.message) for r in rows]
        return claimed, config.smtp, config.mailbox

    def _record_sent(self, item: _Claimed) -> None:
        now = self._ctx.clock.now()
        with self._ctx.db.write() as session:
            repo = InviteRepository(session)
            message = repo.message(item.id)
            if message is None:
                return  # the meeting was deleted meanwhile
            message.status, message.sent_at, message.lease_until = OutboxStatus.SENT, now, None
            message.attempts += 1
            delivery = repo.delivery(message.meeting_id, message.recipient)
            if delivery is None:
                delivery = InviteDelivery(meeting_id=message.meeting_id, **recipient_columns(recipient_of(message)))
                session.add(delivery)
            elif delivery.sequence > message.sequence:
                delivery = None  # an older message that went late: the newer one still stands
            if delivery is not None:
                delivery.kind, delivery.sequence, delivery.sent_at = message.kind, message.sequence, now
            audit.record(
                session,
                self._ctx,
                action="send-invite",
                entity="invite_outbox",
                entity_id=message.id,
                summary=f"{message.kind.method} sequence {message.sequence} for meeting {message.meeting_id} sent",
            )

    def _record_failure(self, item: _Claimed, reason: str, *, permanent: bool) -> None:
        now = self._ctx.clock.now()
        with self._ctx.db.write() as session:
            message = InviteRepository(session).message(item.id)
            if message is None:
                return
            message.attempts += 1
            message.last_error, message.lease_until = reason[:300], None
            if message.status is OutboxStatus.QUEUED:
                message.status = OutboxStatus.FAILED if permanent else OutboxStatus.QUEUED
            message.next_attempt_at = now + _retry_delay(message.attempts)

    def _waiting(self) -> int:
        with self._ctx.db.read() as session:
            return sum(InviteRepository(session).counts().values())

    # The mail server password (this PC's keyring, never the database).

    @requires(Permission.SETTINGS)
    def save_smtp_password(self, password: str) -> None:
        with self._ctx.db.read() as session:
            smtp = invite_config(session).smtp
        if not smtp.configured or not smtp.account:
            raise ValidationError("Set the mail server and the account first: the password belongs to that account.")
        secrets.save_password(smtp.host, smtp.account, password)

    def smtp_password_stored(self) -> bool:
        with self._ctx.db.read() as session:
            smtp = invite_config(session).smtp
        if not smtp.account:
            return False
        return secrets.read_password(smtp.host, smtp.account) is not None

    def keyring_problem(self) -> str | None:
        """None when this PC can keep the mail password; else the message saying why not."""
        return secrets.keyring_problem()

    def _meeting(self, session: Session, *, ref: str | None = None, meeting_id: int | None = None) -> Meeting:
        repo = InviteRepository(session)
        meeting = repo.meeting(meeting_id) if meeting_id is not None else repo.meeting_by_ref(ref or "")
        if meeting is None:
            what = f"meeting {ref}" if ref else f"meeting {meeting_id}"
            raise NotFound(f"There is no {what} in the diary (check the reference, e.g. M-000123).")
        return meeting
