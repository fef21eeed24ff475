"""Booking: book, edit, move, cancel and reinstate meetings — each one transaction with an audit row.

Every change re-runs the booking checks inside the write transaction (on SQLite `BEGIN IMMEDIATE` holds the write
lock; on PostgreSQL transaction-scoped advisory locks serialise the bookings of one chair, room or child on one
day), so two diary managers racing for one slot cannot both win: the loser gets the words the dialog would have
shown. A database that refuses an overlapping row itself (the PostgreSQL exclusion constraints of issue #10) is
explained the same way.

Who may: diary managers and team leads anything, an IRO only meetings they chair (`services.access`).

Edits carry the version the user opened; a stale edit is refused with who changed it and when, and nothing is
overwritten. Every change is handed to the invites (issue #6) in the same transaction: they raise the invite
SEQUENCE when the time, place, chair or status changed (never otherwise) and queue the updates.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from sqlalchemy.orm import Session

from iro_diary.domain.access import Permission
from iro_diary.domain.booking import check_booking
from iro_diary.domain.codes import MeetingStatus
from iro_diary.domain.errors import BookingConflict, NotFound, PermissionRefused, StaleEdit, ValidationError
from iro_diary.domain.invites.plan import InviteFacts
from iro_diary.infra.clock import LONDON
from iro_diary.services import access, audit
from iro_diary.services.access import requires
from iro_diary.services.booking_batch import BatchFacts
from iro_diary.services.booking_support import (
    BookingAnswers,
    apply_request,
    check_input,
    described,
    proposal,
    read_row,
    read_rows,
    refuse_if_blocked,
    request_of,
    subjects_of,
    window_among,
)
from iro_diary.services.changes import Changes
from iro_diary.services.context import ServiceContext
from iro_diary.services.diary_rows import BookingRequest, MeetingRow
from iro_diary.services.invites.outbox import record_meeting_change
from iro_diary.services.invites.rows import invite_facts
from iro_diary.store.errors import OverlapRefused, ReferenceTaken
from iro_diary.store.models import Meeting
from iro_diary.store.repositories.booking_facts import BookingFactRepository
from iro_diary.store.repositories.meetings import MeetingRepository

T = TypeVar("T")

AUDIT_FIELDS = (
    "ref",
    "kind",
    "status",
    "start_at",
    "end_at",
    "chair_id",
    "room_id",
    "venue",
    "minute_taker",
    "late_reason",
    "cancel_reason",
    "ical_sequence",
)
UNDONE = "Booking undone"
REFERENCE_ATTEMPTS = 3
KEEP = -1


def when(instant: dt.datetime) -> str:
    local = instant.astimezone(LONDON)
    return f"{local:%H:%M} on {local:%a} {local.day} {local:%b %Y}"


def load_for_change(session: Session, meeting_id: int, version: int) -> Meeting:
    """The meeting to change, provided nobody has changed it since the user read `version`."""
    meeting = MeetingRepository(session).get(meeting_id)
    if meeting is None:
        raise NotFound("That meeting no longer exists (someone may have removed it).")
    if meeting.version != version:
        raise StaleEdit(
            f"{meeting.ref} was changed by {meeting.updated_by} at {when(meeting.updated_at)} since you opened it. "
            "Nothing was saved: open it again to see their change."
        )
    return meeting


@dataclass(frozen=True, slots=True)
class Before:
    """A meeting as it was before a change: for the audit row, and for the invites (issue #6) to decide whether
    the change matters to them."""

    values: dict[str, object]
    invite: InviteFacts

    @classmethod
    def of(cls, meeting: Meeting) -> Before:
        return cls(audit.snapshot(meeting, AUDIT_FIELDS), invite_facts(meeting))


class BookingService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    # -- book and edit ----------------------------------------------------------------------------------------

    @requires(Permission.BOOK, Permission.OWN_DIARY)
    def book(self, request: BookingRequest) -> tuple[MeetingRow, Changes]:
        """Book a new meeting (provisional or booked) after checking it against the diary."""
        check_input(request)
        uid = f"{request.key or uuid.uuid4()}@iro-diary"

        def work(session: Session) -> int:
            saved_before = MeetingRepository(session).id_of_uid(uid) if request.key else None
            if saved_before is not None:
                return saved_before  # this very booking was saved already (its reply was lost): it is one meeting
            return self._create(session, request, uid=uid)

        return self._saved(request, None, work, set(request.child_ids))

    @requires(Permission.BOOK, Permission.OWN_DIARY)
    def book_all(self, requests: Sequence[BookingRequest], *, origin: str) -> tuple[list[MeetingRow], Changes]:
        """Book several meetings in one transaction, each checked as `book` checks it and audited: all of them or,
        when one is refused (someone booked its slot meanwhile), none. `origin` goes in each audit summary."""
        for request in requests:
            check_input(request)

        def work(session: Session) -> list[int]:
            # Every booking's locks at once, in one order, before any day's facts are read (see `lock_for_all`).
            BookingFactRepository(session).lock_for_all((r.day, r.chair_id, r.room_id, r.child_ids) for r in requests)
            ids = []
            batch = BatchFacts(session, self._ctx.rule_book(session), self._ctx.clock.today(), requests)
            for request in requests:
                try:
                    ids.append(self._create(session, request, origin=origin, batch=batch))
                except OverlapRefused:
                    raise
                except (ValidationError, BookingConflict, NotFound, PermissionRefused) as error:
                    raise type(error)(
                        f"{described(request)}: {error.message.rstrip('.')}. Nothing was booked."
                    ) from None
            return ids

        meeting_ids = self._write_batch(work)
        with self._ctx.db.read() as session:
            rows = read_rows(session, meeting_ids)
        children = {c for r in rows for c in r.child_ids}
        # A foster carer review has no children: the views whose rows are children's then reload whole.
        households = any(r.household_id is not None for r in rows)
        return rows, Changes(meetings=frozenset(meeting_ids), children=frozenset(children), bulk=households)

    def _create(
        self,
        session: Session,
        request: BookingRequest,
        *,
        uid: str | None = None,
        origin: str = "",
        batch: BatchFacts | None = None,
    ) -> int:
        """Check and add one new meeting, with its invites' bookkeeping and its audit row."""
        access.check_chairs(self._ctx, [request.chair_id])
        answers = self._checked(session, request, meeting_id=None, batch=batch)
        repo = MeetingRepository(session)
        now = self._ctx.clock.now()
        meeting = Meeting(
            ref=batch.next_ref() if batch is not None else repo.next_ref(),
            kind=request.kind,
            status=MeetingStatus.PROVISIONAL if request.provisional else MeetingStatus.BOOKED,
            ical_uid=uid or f"{uuid.uuid4()}@iro-diary",
            ical_sequence=0,
            created_at=now,
            created_by=self._ctx.actor,
            updated_at=now,
            updated_by=self._ctx.actor,
        )
        apply_request(meeting, request, answers)
        repo.add(meeting)
        if batch is not None:
            batch.added(meeting, request.child_ids)
        record_meeting_change(session, self._ctx, meeting, None)
        after = audit.snapshot(meeting, AUDIT_FIELDS)
        summary = f"Booked {meeting.ref} ({request.kind.value}) for {when(meeting.start_at)}"
        audit.record(
            session, self._ctx, action="book", entity="meeting", entity_id=meeting.ref,
            summary=f"{summary} ({origin})" if origin else summary, after=after,
        )  # fmt: skip
        return meeting.id

    @requires(Permission.BOOK, Permission.OWN_DIARY)
    def edit(self, meeting_id: int, version: int, request: BookingRequest) -> tuple[MeetingRow, Changes]:
        """Change a booked or provisional meeting: everything the booking dialog shows."""
        check_input(request)
        before_children: set[int] = set()

        def work(session: Session) -> int:
            meeting = load_for_change(session, meeting_id, version)
            access.check_chairs(self._ctx, [meeting.chair_id, request.chair_id], meeting.ref)
            _refuse_unless_pending(meeting, "changed")
            before_children.update(link.child_id for link in meeting.children)
            answers = self._checked(session, request, meeting_id=meeting_id)
            before = Before.of(meeting)
            meeting.kind = request.kind
            meeting.status = MeetingStatus.PROVISIONAL if request.provisional else MeetingStatus.BOOKED
            apply_request(meeting, request, answers)
            return self._changed(session, meeting, before, "edit", f"Changed {meeting.ref}")

        return self._saved(request, meeting_id, work, before_children | set(request.child_ids))

    @requires(Permission.BOOK, Permission.OWN_DIARY)
    def move(
        self, meeting_id: int, version: int, day: dt.date, start: dt.time, *, chair_id: int = KEEP, room_id: int = KEEP
    ) -> tuple[MeetingRow, Changes]:
        """Move a meeting to another time (and chair or room, when dragged to another column); its length stays."""
        current = self._request_of(meeting_id)
        request = _moved(current, day, start, chair_id, room_id)
        check_input(request)

        def work(session: Session) -> int:
            meeting = load_for_change(session, meeting_id, version)
            access.check_chairs(self._ctx, [meeting.chair_id, request.chair_id], meeting.ref)
            _refuse_unless_pending(meeting, "moved")
            self._checked(session, request, meeting_id=meeting_id)
            before = Before.of(meeting)
            meeting.start_at = request.start_at
            meeting.end_at = request.start_at + dt.timedelta(minutes=request.minutes)
            meeting.chair_id, meeting.room_id = request.chair_id, request.room_id
            return self._changed(session, meeting, before, "move", f"Moved {meeting.ref} to {when(meeting.start_at)}")

        return self._saved(request, meeting_id, work, set(request.child_ids))

    # -- cancel and reinstate ---------------------------------------------------------------------------------

    @requires(Permission.BOOK, Permission.OWN_DIARY)
    def cancel(self, meeting_id: int, version: int, reason: str) -> tuple[MeetingRow, Changes]:
        """Cancel a booked or provisional meeting, with the reason (it is reported and goes on the invite)."""
        reason = reason.strip()
        if not reason:
            raise ValidationError("Give a reason for cancelling the meeting")
        with self._ctx.db.write() as session:
            meeting = load_for_change(session, meeting_id, version)
            access.check_chairs(self._ctx, [meeting.chair_id], meeting.ref)
            _refuse_unless_pending(meeting, "cancelled")
            before = Before.of(meeting)
            meeting.status = MeetingStatus.CANCELLED
            meeting.cancel_reason = reason[:200]
            self._changed(session, meeting, before, "cancel", f"Cancelled {meeting.ref}: {reason}")
            row = read_row(session, meeting_id)
        return row, Changes(meetings=frozenset({meeting_id}), children=frozenset(row.child_ids))

    @requires(Permission.BOOK, Permission.OWN_DIARY)
    def reinstate(
        self, meeting_id: int, version: int, status: MeetingStatus = MeetingStatus.BOOKED
    ) -> tuple[MeetingRow, Changes]:
        """Put a cancelled meeting back in the diary (undoing a cancellation), if its slot is still free."""
        if status not in (MeetingStatus.BOOKED, MeetingStatus.PROVISIONAL):
            raise ValidationError("a meeting is reinstated as booked or provisional")
        request = self._request_of(meeting_id)

        def work(session: Session) -> int:
            meeting = load_for_change(session, meeting_id, version)
            access.check_chairs(self._ctx, [meeting.chair_id], meeting.ref)
            if meeting.status is not MeetingStatus.CANCELLED:
                raise ValidationError(f"{meeting.ref} is not cancelled")
            self._checked(session, request, meeting_id=meeting_id)
            before = Before.of(meeting)
            meeting.status, meeting.cancel_reason = status, None
            return self._changed(session, meeting, before, "reinstate", f"Reinstated {meeting.ref}")

        return self._saved(request, meeting_id, work, set(request.child_ids))

    # -- the shared path --------------------------------------------------------------------------------------

    def _changed(self, session: Session, meeting: Meeting, before: Before, action: str, summary: str) -> int:
        """Stamp and write the change, let the invites follow it in the same transaction (SEQUENCE raised when the
        time, place, chair or status changed; updates queued when invites are out), and audit it."""
        meeting.updated_at, meeting.updated_by = self._ctx.clock.now(), self._ctx.actor
        session.flush()
        record_meeting_change(session, self._ctx, meeting, before.invite)
        after = audit.snapshot(meeting, AUDIT_FIELDS)
        audit.record(
            session, self._ctx, action=action, entity="meeting", entity_id=meeting.ref, summary=summary,
            before=before.values, after=after,
        )  # fmt: skip
        return meeting.id

    def _checked(
        self,
        session: Session,
        request: BookingRequest,
        *,
        meeting_id: int | None,
        batch: BatchFacts | None = None,
        locked: bool = True,
    ) -> BookingAnswers:
        """Run the booking checks on the facts as they are now, inside the write transaction (holding the day's
        locks of its chair, room and children from just before the day's facts are read until the commit); what the
        booking answers (each child's rule, the family). A batch took its locks first and reads the facts once for
        all its bookings."""
        book = self._ctx.rule_book(session)
        if batch is not None:
            subjects = batch.subjects(request)
            facts = batch.day_facts(request.day)
        else:
            subjects = subjects_of(session, book, self._ctx.clock.today(), request.child_ids, request.household_id)
            facts = BookingFactRepository(session).facts_for(
                request.day, request.chair_id, request.room_id, request.child_ids, lock=locked
            )
        family_id = subjects.named_family(request)
        window, rules = window_among(subjects.steps, book, request.kind, request.household_id)
        now = self._ctx.clock.now() if meeting_id is None else None
        checked = proposal(request, window=window, meeting_id=meeting_id, now=now)
        refuse_if_blocked(check_booking(checked, facts, book.calendar))
        return BookingAnswers(rules, family_id)

    def _write(self, request: BookingRequest, meeting_id: int | None, work: Callable[[Session], T]) -> T:
        try:
            return self._write_retrying(work)
        except OverlapRefused:
            # The database itself refused an overlapping row: explain it in the dialog's words, from a fresh look.
            with self._ctx.db.read() as session:
                self._checked(session, request, meeting_id=meeting_id, locked=False)
            raise

    def _write_batch(self, work: Callable[[Session], T]) -> T:
        try:
            return self._write_retrying(work)
        except OverlapRefused:
            raise BookingConflict(
                "Another booking was saved first for one of these times. Nothing was booked: plan again."
            ) from None

    def _write_retrying(self, work: Callable[[Session], T]) -> T:
        """`work` in a write transaction, again when another booking took the same reference at the same moment
        (PostgreSQL's references come from a sequence that a data import can overtake)."""
        for _attempt in range(REFERENCE_ATTEMPTS - 1):
            try:
                with self._ctx.db.write() as session:
                    return work(session)
            except ReferenceTaken:
                continue
        with self._ctx.db.write() as session:
            return work(session)

    def _request_of(self, meeting_id: int) -> BookingRequest:
        with self._ctx.db.read() as session:
            meeting = MeetingRepository(session).get(meeting_id)
            if meeting is None:
                raise NotFound("That meeting no longer exists (someone may have removed it).")
            return request_of(meeting)

    def _saved(
        self, request: BookingRequest, meeting_id: int | None, work: Callable[[Session], int], children: set[int]
    ) -> tuple[MeetingRow, Changes]:
        """`work` (a booking or change, giving the meeting's id) written, and the meeting read back as a row in the
        same transaction; what changed for the views (the children before and after the change)."""
        row = self._write(request, meeting_id, lambda session: read_row(session, work(session)))
        return row, Changes(meetings=frozenset({row.id}), children=frozenset(children | set(row.child_ids)))


def _moved(current: BookingRequest, day: dt.date, start: dt.time, chair_id: int, room_id: int) -> BookingRequest:
    return replace(
        current,
        day=day,
        start=start,
        chair_id=current.chair_id if chair_id == KEEP else chair_id,
        room_id=current.room_id if room_id == KEEP else room_id,
    )


def _refuse_unless_pending(meeting: Meeting, done: str) -> None:
    if meeting.status is MeetingStatus.HELD:
        raise ValidationError(f"{meeting.ref} has been held: it can no longer be {done}")
    if meeting.status is MeetingStatus.CANCELLED:
        raise ValidationError(f"{meeting.ref} was cancelled: it can no longer be {done}")
