"""Which changes matter for invites, and who is sent what (pure rules, no database)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iro_diary.domain.codes import AttendeeRole, MeetingStatus
from iro_diary.domain.invites.model import Invitee, InviteKind
from iro_diary.domain.invites.plan import Delivery, InviteFacts, invite_change, plan_messages
from tests.unit.test_invite_ical import CHAIR, ORGANISER, POLICE, WORKER, meeting

START = dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC)
FACTS = InviteFacts(START, START + dt.timedelta(hours=1), 1, None, 7, MeetingStatus.BOOKED)
NEW_CHAIR = Invitee("new.chair@council.gov.uk", "New Chair", AttendeeRole.CHAIR)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"start": START + dt.timedelta(days=1), "end": START + dt.timedelta(days=1, hours=1)}, "time"),
        ({"end": START + dt.timedelta(hours=2)}, "time"),
        ({"room_id": 2}, "place"),
        ({"room_id": None, "venue": "Family centre"}, "place"),
        ({"chair_id": 8}, "chair"),
        ({"status": MeetingStatus.CANCELLED}, "cancelled"),
        ({"status": MeetingStatus.PROVISIONAL}, "made provisional"),
    ],
)
def test_changes_that_matter(change: dict[str, object], reason: str) -> None:
    result = invite_change(FACTS, dataclasses.replace(FACTS, **change))  # type: ignore[arg-type]
    assert result.matters and result.reasons == (reason,)


def test_confirming_a_provisional_booking_matters_and_holding_a_meeting_does_not() -> None:
    provisional = dataclasses.replace(FACTS, status=MeetingStatus.PROVISIONAL)
    assert invite_change(provisional, FACTS).reasons == ("confirmed",)
    assert not invite_change(FACTS, dataclasses.replace(FACTS, status=MeetingStatus.HELD)).matters
    assert not invite_change(FACTS, dataclasses.replace(FACTS, venue=None)).matters


@given(st.booleans(), st.booleans(), st.booleans())
def test_a_change_matters_exactly_when_time_place_chair_or_status_changed(time: bool, room: bool, chair: bool) -> None:
    after = dataclasses.replace(
        FACTS,
        start=FACTS.start + dt.timedelta(minutes=30 * time),
        room_id=2 if room else FACTS.room_id,
        chair_id=8 if chair else FACTS.chair_id,
    )
    assert invite_change(FACTS, after).matters == (time or room or chair)


def sent(*people: Invitee, kind: InviteKind = InviteKind.REQUEST, sequence: int = 0) -> dict[str, Delivery]:
    return {p.email: Delivery(p, kind, sequence) for p in people}


def plan(current: object, delivered: dict[str, Delivery], **options: bool) -> list[tuple[str, InviteKind]]:
    messages = plan_messages(current, delivered, organiser_mailbox=ORGANISER.mailbox, **options)  # type: ignore[arg-type]
    return sorted((m.recipient.email, m.kind) for m in messages)


def test_first_send_invites_everyone_but_the_organiser() -> None:
    organiser_too = Invitee(ORGANISER.mailbox, "Service", AttendeeRole.OPTIONAL)
    current = meeting(invitees=(CHAIR, WORKER, organiser_too))
    assert plan(current, {}) == [(CHAIR.email, InviteKind.REQUEST), (WORKER.email, InviteKind.REQUEST)]


def test_nothing_is_sent_twice_unless_asked() -> None:
    current = meeting(invitees=(CHAIR, WORKER))
    assert plan(current, sent(CHAIR, WORKER)) == []
    assert len(plan(current, sent(CHAIR, WORKER), everyone=True)) == 2


def test_an_update_goes_to_everyone_with_an_older_sequence() -> None:
    current = meeting(invitees=(CHAIR, WORKER), sequence=1)
    delivered = {**sent(CHAIR, sequence=1), **sent(WORKER, sequence=0)}
    assert plan(current, delivered) == [(WORKER.email, InviteKind.REQUEST)]


def test_a_new_chair_is_invited_and_the_old_one_withdrawn() -> None:
    current = meeting(invitees=(NEW_CHAIR, WORKER), sequence=1)
    assert plan(current, sent(CHAIR, WORKER)) == [
        (CHAIR.email, InviteKind.WITHDRAW),
        (NEW_CHAIR.email, InviteKind.REQUEST),
        (WORKER.email, InviteKind.REQUEST),
    ]


def test_a_cancellation_goes_to_whoever_holds_the_meeting() -> None:
    current = meeting(invitees=(CHAIR, WORKER, POLICE), sequence=2, status=MeetingStatus.CANCELLED)
    delivered = {**sent(CHAIR, WORKER, sequence=1), **sent(NEW_CHAIR, kind=InviteKind.WITHDRAW)}
    assert plan(current, delivered) == [(CHAIR.email, InviteKind.CANCEL), (WORKER.email, InviteKind.CANCEL)]
    already = sent(CHAIR, WORKER, kind=InviteKind.CANCEL, sequence=2)
    assert plan(current, already) == []
