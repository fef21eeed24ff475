"""Queries for invites and feeds: meetings with everything an invite names, the outbox, the deliveries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql import Select

from iro_diary.domain.codes import MeetingStatus
from iro_diary.domain.invites.model import OutboxStatus
from iro_diary.store.models import InviteDelivery, Iro, Meeting, MeetingChild, OutboxMessage, Room

PENDING = (OutboxStatus.QUEUED, OutboxStatus.FAILED)


def _with_people(query: Select[Meeting], *, attendees: bool) -> Select[Meeting]:
    options = [
        selectinload(Meeting.chair),
        selectinload(Meeting.room),
        selectinload(Meeting.children).selectinload(MeetingChild.child),
    ]
    if attendees:
        options.append(selectinload(Meeting.attendees))
    return query.options(*options)


class InviteRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def meeting(self, meeting_id: int, *, fresh: bool = False) -> Meeting | None:
        """The meeting with its chair, room, children and attendees; `fresh` reloads them even if this session
        already holds the meeting (after a change to its chair or room)."""
        query = _with_people(select(Meeting).where(Meeting.id == meeting_id), attendees=True)
        if fresh:
            query = query.execution_options(populate_existing=True)
        return self.session.scalars(query).one_or_none()

    def meeting_by_ref(self, ref: str) -> Meeting | None:
        query = _with_people(select(Meeting).where(func.upper(Meeting.ref) == ref.strip().upper()), attendees=True)
        return self.session.scalars(query).one_or_none()

    def meetings_between(
        self, start: dt.datetime, end: dt.datetime, *, chair_id: int | None = None, room_id: int | None = None
    ) -> Sequence[Meeting]:
        """Meetings that have not been cancelled and start in [start, end), in time order (feeds and exports)."""
        query = select(Meeting).where(
            Meeting.start_at >= start, Meeting.start_at < end, Meeting.status != MeetingStatus.CANCELLED
        )
        if chair_id is not None:
            query = query.where(Meeting.chair_id == chair_id)
        if room_id is not None:
            query = query.where(Meeting.room_id == room_id)
        query = _with_people(query.order_by(Meeting.start_at, Meeting.id), attendees=False)
        return self.session.scalars(query).all()

    def iro_by_email(self, email: str) -> Iro | None:
        return self.session.scalars(select(Iro).where(func.lower(Iro.email) == email.strip().lower())).first()

    def room_by_name(self, name: str) -> Room | None:
        return self.session.scalars(select(Room).where(func.lower(Room.name) == name.strip().lower())).first()

    def active_iros(self) -> Sequence[Iro]:
        return self.session.scalars(select(Iro).where(Iro.active.is_(True)).order_by(Iro.email)).all()

    def active_rooms(self) -> Sequence[Room]:
        return self.session.scalars(select(Room).where(Room.active.is_(True)).order_by(Room.name)).all()

    # The record of what was sent.

    def deliveries(self, meeting_id: int) -> Sequence[InviteDelivery]:
        query = select(InviteDelivery).where(InviteDelivery.meeting_id == meeting_id).order_by(InviteDelivery.recipient)
        return self.session.scalars(query).all()

    def delivery(self, meeting_id: int, recipient: str) -> InviteDelivery | None:
        query = select(InviteDelivery).where(
            InviteDelivery.meeting_id == meeting_id, InviteDelivery.recipient == recipient
        )
        return self.session.scalars(query).one_or_none()

    # The outbox.

    def message(self, message_id: int) -> OutboxMessage | None:
        return self.session.get(OutboxMessage, message_id)

    def pending(self, meeting_id: int) -> Sequence[OutboxMessage]:
        """Messages for the meeting that have not gone: queued (maybe retrying) or given up on."""
        query = (
            select(OutboxMessage)
            .where(OutboxMessage.meeting_id == meeting_id, OutboxMessage.status.in_(PENDING))
            .order_by(OutboxMessage.id)
        )
        return self.session.scalars(query).all()

    def supersede_pending(self, meeting_id: int) -> int:
        """Mark every message for the meeting that has not gone as replaced (a newer plan follows)."""
        result = self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.meeting_id == meeting_id, OutboxMessage.status.in_(PENDING))
            .values(status=OutboxStatus.SUPERSEDED, lease_until=None)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    def due(self, now: dt.datetime, *, force: bool, meeting_id: int | None, limit: int) -> Sequence[OutboxMessage]:
        """Queued messages whose turn has come (all queued ones with `force`) and that no PC is sending now."""
        query = select(OutboxMessage).where(
            OutboxMessage.status == OutboxStatus.QUEUED,
            or_(OutboxMessage.lease_until.is_(None), OutboxMessage.lease_until < now),
        )
        if not force:
            query = query.where(OutboxMessage.next_attempt_at <= now)
        if meeting_id is not None:
            query = query.where(OutboxMessage.meeting_id == meeting_id)
        return self.session.scalars(query.order_by(OutboxMessage.id).limit(limit)).all()

    def retry_failed(self, now: dt.datetime, meeting_id: int | None) -> int:
        query = update(OutboxMessage).where(OutboxMessage.status == OutboxStatus.FAILED)
        if meeting_id is not None:
            query = query.where(OutboxMessage.meeting_id == meeting_id)
        result = self.session.execute(query.values(status=OutboxStatus.QUEUED, next_attempt_at=now))
        return int(getattr(result, "rowcount", 0) or 0)

    def counts(self) -> dict[OutboxStatus, int]:
        query = (
            select(OutboxMessage.status, func.count())
            .where(OutboxMessage.status.in_(PENDING))
            .group_by(OutboxMessage.status)
        )
        return {OutboxStatus(status): int(count) for status, count in self.session.execute(query)}

    def latest_problem(self) -> OutboxMessage | None:
        query = (
            select(OutboxMessage)
            .where(OutboxMessage.status.in_(PENDING), OutboxMessage.last_error.is_not(None))
            .order_by(OutboxMessage.id.desc())
            .limit(1)
        )
        return self.session.scalars(query).first()

    def listing(self, statuses: Sequence[OutboxStatus], limit: int = 500) -> Sequence[tuple[OutboxMessage, str]]:
        """Outbox messages in these states with their meeting's reference, newest first."""
        query = (
            select(OutboxMessage, Meeting.ref)
            .join(Meeting, Meeting.id == OutboxMessage.meeting_id)
            .where(OutboxMessage.status.in_(statuses))
            .order_by(OutboxMessage.id.desc())
            .limit(limit)
        )
        return [(message, ref) for message, ref in self.session.execute(query)]
