"""Building the iCalendar bytes: one invite (REQUEST or CANCEL) for one recipient, or a feed (PUBLISH).

What Outlook needs and why (anchors-research §5): METHOD:REQUEST in the calendar (and in the MIME part) or there
are no Accept/Decline buttons; an ORGANIZER that is not the recipient; a stable UID and a SEQUENCE only the
organiser raises, or updates duplicate; METHOD:CANCEL (not REQUEST + STATUS:CANCELLED) or cancellations stay in
calendars; DTSTART/DTEND with TZID and a complete VTIMEZONE, or times are an hour out; DTSTAMP in UTC.

Privacy (DOMAIN.md): the summary is the meeting's kind and reference and at most the children's initials; no
name, date of birth, category, address or case note anywhere, unless names are allowed for this recipient (then
the invite says so). Every free text is cleaned of control characters and escaped by python-icalendar, and every
parameter value is flattened to one line without quotes, so a name cannot start a property of its own.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from iro_diary.domain.codes import AttendeeRole, MeetingStatus
from iro_diary.domain.invites.model import Invitee, InviteKind, InviteMeeting, Organiser, Privacy
from iro_diary.domain.invites.vtimezone import vtimezone

if TYPE_CHECKING:  # python-icalendar is imported when the first invite is built, not when the app starts
    from icalendar import vCalAddress

PRODID = "-//IRO Diary//Meeting invites//EN"
MARKING = "OFFICIAL-SENSITIVE"
FAMILY_MEMBER = "Family member"

_ROLES = {
    AttendeeRole.CHAIR: "CHAIR",
    AttendeeRole.REQUIRED: "REQ-PARTICIPANT",
    AttendeeRole.OPTIONAL: "OPT-PARTICIPANT",
    AttendeeRole.MINUTE_TAKER: "NON-PARTICIPANT",
}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class CalendarSetup:
    """Everything an invite needs besides the meeting: who organises, the privacy choice and the zone."""

    organiser: Organiser
    privacy: Privacy
    zone: dt.tzinfo
    tzid: str


def clean_text(value: str) -> str:
    """Free text fit for a TEXT value: line breaks kept as LF (escaped as \\n on output), other controls gone."""
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def clean_param(value: str) -> str:
    """Text fit for a parameter value (CN): one line; no double quote (it ends a quoted value), no backslash
    (some readers take it as an escape) and no caret (RFC 6868 readers take ^n as a line break); no controls."""
    flat = value.replace('"', "'").replace("\\", "/").replace("^", "")
    return _SPACES.sub(" ", _CONTROL.sub(" ", flat)).strip()[:120]


def summary(meeting: InviteMeeting, privacy: Privacy, *, names: bool) -> str:
    """'Review child protection conference — M-000123 (A.S., B.S.)'."""
    text = f"{meeting.kind.label} — {meeting.ref}"
    if names and meeting.children:
        text += " (" + ", ".join(c.full_name for c in meeting.children) + ")"
    elif privacy.initials and meeting.children:
        text += " (" + ", ".join(c.initials for c in meeting.children if c.initials) + ")"
    return clean_text(text).replace("\n", " ")


def _when(meeting: InviteMeeting, zone: dt.tzinfo) -> str:
    start, end = meeting.start.astimezone(zone), meeting.end.astimezone(zone)
    day = f"{start:%A} {start.day} {start:%B %Y}"
    return f"{day}, {start:%H:%M} to {end:%H:%M} (UK time)"


def description(meeting: InviteMeeting, setup: CalendarSetup, kind: InviteKind | None, *, names: bool) -> str:
    """The body of the calendar entry: the marking, what and when, where, the chair, and who to ask."""
    lines = [MARKING]
    if kind is InviteKind.CANCEL:
        lines.append("THIS MEETING HAS BEEN CANCELLED.")
    elif kind is InviteKind.WITHDRAW:
        lines.append("Your invitation to this meeting has been withdrawn; the meeting itself may go ahead.")
    if names:
        domains = ", ".join(sorted(setup.privacy.internal_domains))
        lines.append(f"CHILDREN'S NAMES INCLUDED: for internal recipients only ({domains}); do not forward.")
    lines.append(f"{meeting.kind.label}, meeting reference {meeting.ref}.")
    if meeting.status is MeetingStatus.PROVISIONAL and kind is not InviteKind.CANCEL:
        lines.append("Provisional booking: the time may still change.")
    lines.append(f"When: {_when(meeting, setup.zone)}")
    lines.append(f"Where: {meeting.place or 'to be confirmed'}")
    if meeting.chair_name:
        lines.append(f"Chair: {meeting.chair_name}")
    lines.append(f"Queries: {setup.organiser.name}, {setup.organiser.mailbox}")
    return clean_text("\n".join(lines))


def _address(email: str, **params: str) -> vCalAddress:
    from icalendar import vCalAddress

    address = vCalAddress(f"mailto:{email}")
    for key, value in params.items():
        if value:
            address.params[key.replace("_", "-")] = value
    return address


def _attendee(invitee: Invitee, *, names: bool) -> vCalAddress:
    name = FAMILY_MEMBER if invitee.is_family and not names else invitee.name
    return _address(
        invitee.email,
        cutype="ROOM" if invitee.is_room else "INDIVIDUAL",
        role="NON-PARTICIPANT" if invitee.is_room else _ROLES[invitee.role],
        partstat="NEEDS-ACTION",
        rsvp="TRUE",
        cn=clean_param(name),
    )


def _status(meeting: InviteMeeting, kind: InviteKind | None) -> str | None:
    if kind is InviteKind.CANCEL:
        return "CANCELLED"
    if kind is InviteKind.WITHDRAW:
        return None  # RFC 5546 §3.2.5: removing one attendee is a CANCEL without STATUS
    return "TENTATIVE" if meeting.status is MeetingStatus.PROVISIONAL else "CONFIRMED"


def event(
    meeting: InviteMeeting,
    setup: CalendarSetup,
    *,
    stamp: dt.datetime,
    kind: InviteKind | None,
    attendees: Sequence[Invitee] = (),
    names: bool = False,
) -> bytes:
    """One VEVENT. `kind` None is a feed entry (PUBLISH: no attendees, no RSVP)."""
    from icalendar import Event

    item = Event()
    item.add("uid", meeting.uid)
    item.add("sequence", meeting.sequence)
    item.add("dtstamp", stamp.astimezone(dt.UTC))
    item.add("dtstart", meeting.start.astimezone(setup.zone))
    item.add("dtend", meeting.end.astimezone(setup.zone))
    item.add("summary", summary(meeting, setup.privacy, names=names))
    if meeting.place:
        item.add("location", clean_text(meeting.place))
    item.add("description", description(meeting, setup, kind, names=names))
    status = _status(meeting, kind)
    if status:
        item.add("status", status)
    item.add("organizer", _address(setup.organiser.mailbox, cn=clean_param(setup.organiser.name)))
    for invitee in attendees:
        item.add("attendee", _attendee(invitee, names=names))
    item.add("transp", "OPAQUE")
    busy = "TENTATIVE" if meeting.status is MeetingStatus.PROVISIONAL else "BUSY"
    item.add("x-microsoft-cdo-busystatus", "FREE" if kind is InviteKind.CANCEL else busy)
    if meeting.last_modified is not None:
        item.add("last-modified", meeting.last_modified.astimezone(dt.UTC))
    return bytes(item.to_ical())


def wrap(
    method: str | None, events: Iterable[bytes], setup: CalendarSetup, years: tuple[int, int], *, title: str = ""
) -> bytes:
    """A VCALENDAR around already-built VEVENTs, with the VTIMEZONE for `years` (first, last)."""
    header = [b"BEGIN:VCALENDAR", f"PRODID:{PRODID}".encode(), b"VERSION:2.0", b"CALSCALE:GREGORIAN"]
    if method:
        header.append(f"METHOD:{method}".encode())
    if title:
        from icalendar import vText

        header.append(b"X-WR-CALNAME:" + vText(clean_text(title).replace("\n", " ")).to_ical())
        header.append(f"X-WR-TIMEZONE:{setup.tzid}".encode())
        # How often a subscriber should fetch the feed again (RFC 7986; Outlook reads the X- form).
        header += [b"REFRESH-INTERVAL;VALUE=DURATION:PT1H", b"X-PUBLISHED-TTL:PT1H"]
    parts = [b"\r\n".join(header) + b"\r\n", vtimezone(setup.zone, setup.tzid, *years), *events]
    return b"".join(parts) + b"END:VCALENDAR\r\n"


def years_of(meetings: Iterable[InviteMeeting], zone: dt.tzinfo, fallback: int) -> tuple[int, int]:
    years = [y for m in meetings for y in (m.start.astimezone(zone).year, m.end.astimezone(zone).year)]
    return (min(years), max(years)) if years else (fallback, fallback)


def attendees_for(meeting: InviteMeeting, kind: InviteKind, recipient: Invitee | None) -> tuple[Invitee, ...]:
    """Who the invite lists: everyone for a request or a cancellation, only the person for a withdrawal."""
    if kind is InviteKind.WITHDRAW:
        if recipient is None:
            raise ValueError("a withdrawal is addressed to the one person withdrawn")
        return (recipient,)
    return meeting.invitees


def invite(
    meeting: InviteMeeting,
    kind: InviteKind,
    setup: CalendarSetup,
    *,
    stamp: dt.datetime,
    recipient: Invitee | None = None,
) -> bytes:
    """The .ics for one recipient (or, without one, the copy for anyone: never with names): METHOD:REQUEST or
    METHOD:CANCEL, with the one VEVENT."""
    names = recipient is not None and setup.privacy.names_for(recipient.email)
    people = attendees_for(meeting, kind, recipient)
    body = event(meeting, setup, stamp=stamp, kind=kind, attendees=people, names=names)
    return wrap(kind.method, [body], setup, years_of([meeting], setup.zone, stamp.year))


def feed_event(meeting: InviteMeeting, setup: CalendarSetup, *, stamp: dt.datetime) -> bytes:
    """One feed entry. DTSTAMP is the meeting's last change, so an unchanged diary writes unchanged files."""
    return event(meeting, setup, stamp=meeting.last_modified or stamp, kind=None)


def feed(
    meetings: Sequence[InviteMeeting],
    setup: CalendarSetup,
    *,
    stamp: dt.datetime,
    title: str,
    events: dict[str, bytes] | None = None,
) -> bytes:
    """A METHOD:PUBLISH calendar of `meetings` (cancelled ones left out) for subscribing, never with names.

    RFC 5546 §3.2.1: a PUBLISH carries no ATTENDEE and asks for no reply. `events` caches each meeting's
    VEVENT by UID, so a meeting in an IRO's feed and a room's feed is built once.
    """
    standing = [m for m in meetings if m.status is not MeetingStatus.CANCELLED]
    cache = {} if events is None else events
    bodies = []
    for meeting in standing:
        body = cache.get(meeting.uid)
        if body is None:
            body = cache[meeting.uid] = feed_event(meeting, setup, stamp=stamp)
        bodies.append(body)
    return wrap("PUBLISH", bodies, setup, years_of(standing, setup.zone, stamp.year), title=title)
