"""From the diary's records to the plain data invites are built from (and the facts a change is judged on)."""

from __future__ import annotations

from iro_diary.domain.codes import AttendeeRole
from iro_diary.domain.invites.model import ChildName, Invitee, InviteMeeting, usable_email
from iro_diary.domain.invites.plan import Delivery, InviteFacts
from iro_diary.store.models import InviteDelivery, Meeting
from iro_diary.store.models.invites import RecipientColumns


def place_of(meeting: Meeting) -> str:
    """'Room 2, Civic Centre', an external venue, or '' when not yet known."""
    if meeting.room is not None:
        return ", ".join(part for part in (meeting.room.name, meeting.room.site) if part)
    return (meeting.venue or "").strip()


def invitees_of(meeting: Meeting, *, with_attendees: bool = True) -> tuple[Invitee, ...]:
    """Everyone an invite can reach: the chair, the minute-taker, the attendees with an address, and the room
    when it has a mailbox. Each address once (the first role wins: the chair before anyone else)."""
    people: list[Invitee] = []
    if meeting.chair is not None and (email := usable_email(meeting.chair.email)):
        people.append(Invitee(email, meeting.chair.name, AttendeeRole.CHAIR))
    if meeting.minute_taker and (email := usable_email(meeting.minute_taker_email)):
        people.append(Invitee(email, meeting.minute_taker, AttendeeRole.MINUTE_TAKER))
    if with_attendees:
        for attendee in sorted(meeting.attendees, key=lambda a: a.id):
            if email := usable_email(attendee.email):
                people.append(Invitee(email, attendee.name, attendee.role, is_family=not attendee.organisation))
    if meeting.room is not None and (email := usable_email(meeting.room.mailbox)):
        people.append(Invitee(email, meeting.room.name, AttendeeRole.OPTIONAL, is_room=True))
    unique: dict[str, Invitee] = {}
    for person in people:
        unique.setdefault(person.email, person)
    return tuple(unique.values())


def unaddressed_of(meeting: Meeting) -> tuple[str, ...]:
    """Invited people invites cannot reach (no usable address), by name, for the meeting's status."""
    names = [a.name for a in sorted(meeting.attendees, key=lambda a: a.id) if not usable_email(a.email)]
    if meeting.minute_taker and not usable_email(meeting.minute_taker_email):
        names.append(f"{meeting.minute_taker} (minute-taker)")
    return tuple(names)


def invite_meeting(meeting: Meeting, *, with_attendees: bool = True) -> InviteMeeting:
    children = sorted(meeting.children, key=lambda link: link.child.case_ref)
    return InviteMeeting(
        uid=meeting.ical_uid,
        ref=meeting.ref,
        kind=meeting.kind,
        status=meeting.status,
        sequence=meeting.ical_sequence,
        start=meeting.start_at,
        end=meeting.end_at,
        place=place_of(meeting),
        chair_name=meeting.chair.name if meeting.chair is not None else None,
        invitees=invitees_of(meeting, with_attendees=with_attendees),
        children=tuple(ChildName(link.child.given_name, link.child.family_name) for link in children),
        last_modified=meeting.updated_at,
    )


def invite_facts(meeting: Meeting) -> InviteFacts:
    """What the meeting's invites depend on, to compare before and after a change."""
    return InviteFacts(
        start=meeting.start_at,
        end=meeting.end_at,
        room_id=meeting.room_id,
        venue=meeting.venue,
        chair_id=meeting.chair_id,
        status=meeting.status,
    )


def recipient_of(row: RecipientColumns) -> Invitee:
    return Invitee(
        email=row.recipient,
        name=row.recipient_name,
        role=row.recipient_role,
        is_room=row.recipient_is_room,
        is_family=row.recipient_is_family,
    )


def recipient_columns(invitee: Invitee) -> dict[str, object]:
    return {
        "recipient": invitee.email,
        "recipient_name": invitee.name[:120],
        "recipient_role": invitee.role,
        "recipient_is_room": invitee.is_room,
        "recipient_is_family": invitee.is_family,
    }


def delivery_of(row: InviteDelivery) -> Delivery:
    return Delivery(recipient_of(row), row.kind, row.sequence)
