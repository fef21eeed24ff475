"""Invites as Outlook needs them, checked with python-icalendar, an independent parser (vobject) and dateutil's
VTIMEZONE reader: methods, UIDs, sequences, time zones across the clock changes, escaping and privacy."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from dateutil import tz as dateutil_tz
from hypothesis import given, settings
from hypothesis import strategies as st

from iro_diary.domain.codes import AttendeeRole, MeetingKind, MeetingStatus
from iro_diary.domain.invites import ical
from iro_diary.domain.invites.ical import CalendarSetup
from iro_diary.domain.invites.model import (
    ChildName,
    Invitee,
    InviteKind,
    InviteMeeting,
    Organiser,
    Privacy,
    usable_email,
)
from iro_diary.domain.invites.vtimezone import vtimezone
from tests.invites_support import unfold

LONDON = ZoneInfo("Europe/London")
STAMP = dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.UTC)
ORGANISER = Organiser("Independent Reviewing Service", "iro-service@council.gov.uk")
CHAIR = Invitee("jane.chair@council.gov.uk", "Jane Chair", AttendeeRole.CHAIR)
WORKER = Invitee("sam.worker@council.gov.uk", "Sam Worker (Social worker)", AttendeeRole.REQUIRED)
POLICE = Invitee("pc.plod@police.uk", "PC Plod", AttendeeRole.OPTIONAL)
MINUTES = Invitee("min.taker@council.gov.uk", "Min Taker", AttendeeRole.MINUTE_TAKER)
MOTHER = Invitee("mum@example.com", "Quenby Zarathustra (Parent)", AttendeeRole.REQUIRED, is_family=True)
ROOM = Invitee("room2@council.gov.uk", "Room 2", AttendeeRole.OPTIONAL, is_room=True)
CHILDREN = (ChildName("Zebedee", "Zarathustra"), ChildName("Xanthe", "Zarathustra"))


def setup(privacy: Privacy | None = None) -> CalendarSetup:
    return CalendarSetup(ORGANISER, privacy or Privacy(), LONDON, "Europe/London")


def meeting(**overrides: object) -> InviteMeeting:
    start = dt.datetime(2026, 12, 1, 10, 0, tzinfo=LONDON)
    values: dict[str, object] = dict(
        uid="8f6c1d2e-0000-4000-8000-000000000001@iro-diary",
        ref="M-000123",
        kind=MeetingKind.RCPC,
        status=MeetingStatus.BOOKED,
        sequence=0,
        start=start,
        end=start + dt.timedelta(minutes=90),
        place="Room 2, Civic Centre",
        chair_name="Jane Chair",
        invitees=(CHAIR, MINUTES, WORKER, POLICE, MOTHER, ROOM),
        children=CHILDREN,
        last_modified=dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC),
    )
    values.update(overrides)
    return InviteMeeting(**values)  # type: ignore[arg-type]


def parse(data: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(data)


def only_event(data: bytes) -> icalendar.Event:
    events = parse(data).walk("VEVENT")
    assert len(events) == 1
    return events[0]


def vobject_event(data: bytes) -> object:
    calendar = vobject.readOne(io.StringIO(data.decode("utf-8")))
    events = list(calendar.vevent_list)
    assert len(events) == 1
    return events[0]


def test_a_request_has_everything_outlook_needs() -> None:
    data = ical.invite(meeting(), InviteKind.REQUEST, setup(), stamp=STAMP, recipient=WORKER)
    calendar, event = parse(data), only_event(data)
    assert calendar["METHOD"] == "REQUEST" and calendar["VERSION"] == "2.0" and calendar["PRODID"]
    assert event["UID"] == "8f6c1d2e-0000-4000-8000-000000000001@iro-diary"
    assert event["SEQUENCE"] == 0 and event["STATUS"] == "CONFIRMED"
    assert b"DTSTAMP:20261126T100000Z\r\n" in data
    assert b"DTSTART;TZID=Europe/London:20261201T100000\r\n" in data
    assert b"DTEND;TZID=Europe/London:20261201T113000\r\n" in data
    assert str(event["ORGANIZER"]) == "mailto:iro-service@council.gov.uk"
    assert event["ORGANIZER"].params["CN"] == "Independent Reviewing Service"
    assert event["LOCATION"] == "Room 2, Civic Centre"
    roles = {str(a): (a.params["ROLE"], a.params["RSVP"], a.params["PARTSTAT"]) for a in event["ATTENDEE"]}
    assert roles == {
        "mailto:jane.chair@council.gov.uk": ("CHAIR", "TRUE", "NEEDS-ACTION"),
        "mailto:min.taker@council.gov.uk": ("NON-PARTICIPANT", "TRUE", "NEEDS-ACTION"),
        "mailto:sam.worker@council.gov.uk": ("REQ-PARTICIPANT", "TRUE", "NEEDS-ACTION"),
        "mailto:pc.plod@police.uk": ("OPT-PARTICIPANT", "TRUE", "NEEDS-ACTION"),
        "mailto:mum@example.com": ("REQ-PARTICIPANT", "TRUE", "NEEDS-ACTION"),
        "mailto:room2@council.gov.uk": ("NON-PARTICIPANT", "TRUE", "NEEDS-ACTION"),
    }
    room = next(a for a in event["ATTENDEE"] if str(a) == "mailto:room2@council.gov.uk")
    assert room.params["CUTYPE"] == "ROOM"
    assert all(line.count(b"\r\n") <= 1 and len(line) <= 75 for line in data.split(b"\r\n"))
    assert data.endswith(b"END:VCALENDAR\r\n") and b"\n" not in data.replace(b"\r\n", b"")


def test_the_time_zone_block_is_complete_and_outlook_shaped() -> None:
    data = ical.invite(meeting(), InviteKind.REQUEST, setup(), stamp=STAMP)
    zones = parse(data).walk("VTIMEZONE")
    assert len(zones) == 1 and zones[0]["TZID"] == "Europe/London"
    parts = {part.name: part for part in zones[0].subcomponents}
    assert set(parts) == {"STANDARD", "DAYLIGHT"}
    assert parts["DAYLIGHT"]["RRULE"]["BYDAY"] == ["-1SU"] and parts["DAYLIGHT"]["RRULE"]["BYMONTH"] == [3]
    assert parts["STANDARD"]["RRULE"]["BYDAY"] == ["-1SU"] and parts["STANDARD"]["RRULE"]["BYMONTH"] == [10]
    assert b"RDATE" not in data


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [(dt.date(2026, 3, 30), 9), (dt.date(2026, 10, 26), 10), (dt.date(2027, 3, 29), 9), (dt.date(2027, 11, 1), 10)],
)
def test_a_meeting_after_the_clocks_change_keeps_its_wall_clock_time(day: dt.date, utc_hour: int) -> None:
    """10:00 on the Monday after the clocks change is 10:00 UK time in every reader (09:00Z in summer)."""
    start = dt.datetime.combine(day, dt.time(10), tzinfo=LONDON)
    data = ical.invite(
        meeting(start=start, end=start + dt.timedelta(hours=1)), InviteKind.REQUEST, setup(), stamp=STAMP
    )
    assert f"DTSTART;TZID=Europe/London:{day:%Y%m%d}T100000".encode() in data
    expected = dt.datetime.combine(day, dt.time(utc_hour), tzinfo=dt.UTC)
    assert only_event(data)["DTSTART"].dt.astimezone(dt.UTC) == expected
    # vobject builds the zone from the file's own VTIMEZONE, not from the system's zone database.
    assert vobject_event(data).dtstart.value.astimezone(dt.UTC) == expected  # type: ignore[attr-defined]


def test_the_vtimezone_alone_gives_the_zone_databases_offsets() -> None:
    """Read with dateutil's VTIMEZONE parser, the block agrees with zoneinfo every hour of 2026 and 2027."""
    block = vtimezone(LONDON, "Europe/London", 2026, 2027).decode()
    zone = dateutil_tz.tzical(io.StringIO(block)).get("Europe/London")
    instant = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    while instant.year < 2028:
        assert instant.astimezone(zone).utcoffset() == instant.astimezone(LONDON).utcoffset(), instant
        instant += dt.timedelta(hours=1)


@pytest.mark.parametrize(("name", "years"), [("America/Sao_Paulo", (2018, 2020)), ("Asia/Dubai", (2026, 2027))])
def test_zones_without_a_steady_rule_still_get_a_correct_block(name: str, years: tuple[int, int]) -> None:
    zone = ZoneInfo(name)
    block = vtimezone(zone, name, *years).decode()
    parsed = dateutil_tz.tzical(io.StringIO(block)).get(name)
    instant = dt.datetime(years[0], 1, 1, 12, tzinfo=dt.UTC)
    while instant.year <= years[1]:
        assert instant.astimezone(parsed).utcoffset() == instant.astimezone(zone).utcoffset(), instant
        instant += dt.timedelta(hours=6)


def test_a_provisional_booking_is_tentative() -> None:
    event = only_event(ical.invite(meeting(status=MeetingStatus.PROVISIONAL), InviteKind.REQUEST, setup(), stamp=STAMP))
    assert event["STATUS"] == "TENTATIVE" and event["X-MICROSOFT-CDO-BUSYSTATUS"] == "TENTATIVE"
    assert "Provisional" in event["DESCRIPTION"]


def test_an_update_keeps_the_uid_and_raises_the_sequence() -> None:
    first = only_event(ical.invite(meeting(), InviteKind.REQUEST, setup(), stamp=STAMP))
    moved_start = dt.datetime(2026, 12, 2, 14, 0, tzinfo=LONDON)
    moved = meeting(sequence=1, start=moved_start, end=moved_start + dt.timedelta(hours=1))
    second = only_event(ical.invite(moved, InviteKind.REQUEST, setup(), stamp=STAMP + dt.timedelta(hours=1)))
    assert second["UID"] == first["UID"] and second["SEQUENCE"] == first["SEQUENCE"] + 1
    assert second["DTSTAMP"].dt > first["DTSTAMP"].dt


def test_a_cancellation_matches_its_request() -> None:
    request = ical.invite(meeting(sequence=2), InviteKind.REQUEST, setup(), stamp=STAMP)
    cancelled = meeting(sequence=3, status=MeetingStatus.CANCELLED)
    cancel = ical.invite(cancelled, InviteKind.CANCEL, setup(), stamp=STAMP)
    assert parse(cancel)["METHOD"] == "CANCEL"
    before, after = only_event(request), only_event(cancel)
    assert after["UID"] == before["UID"] and after["SEQUENCE"] > before["SEQUENCE"]
    assert after["STATUS"] == "CANCELLED" and after["DTSTART"].dt == before["DTSTART"].dt
    assert {str(a) for a in after["ATTENDEE"]} == {str(a) for a in before["ATTENDEE"]}


def test_withdrawing_one_person_cancels_for_them_only_without_cancelling_the_meeting() -> None:
    data = ical.invite(meeting(sequence=1), InviteKind.WITHDRAW, setup(), stamp=STAMP, recipient=CHAIR)
    event = only_event(data)
    assert parse(data)["METHOD"] == "CANCEL" and "STATUS" not in event
    attendees = event["ATTENDEE"] if isinstance(event["ATTENDEE"], list) else [event["ATTENDEE"]]
    assert [str(a) for a in attendees] == ["mailto:jane.chair@council.gov.uk"]
    assert "withdrawn" in event["DESCRIPTION"]


def test_a_feed_publishes_without_attendees_or_cancelled_meetings() -> None:
    standing = meeting()
    gone = meeting(uid="other@iro-diary", ref="M-000124", status=MeetingStatus.CANCELLED)
    data = ical.feed([standing, gone], setup(), stamp=STAMP, title="Jane Chair (IRO Diary)")
    calendar = parse(data)
    assert calendar["METHOD"] == "PUBLISH" and calendar["X-WR-CALNAME"] == "Jane Chair (IRO Diary)"
    events = calendar.walk("VEVENT")
    assert [e["UID"] for e in events] == [standing.uid]
    assert b"ATTENDEE" not in data and b"RSVP" not in data


def _default_copies() -> list[bytes]:
    copies = [ical.invite(meeting(), InviteKind.REQUEST, setup(), stamp=STAMP, recipient=r) for r in meeting().invitees]
    copies.append(ical.invite(meeting(status=MeetingStatus.CANCELLED), InviteKind.CANCEL, setup(), stamp=STAMP))
    copies.append(ical.invite(meeting(), InviteKind.WITHDRAW, setup(), stamp=STAMP, recipient=MOTHER))
    copies.append(ical.feed([meeting()], setup(), stamp=STAMP, title="Room 2"))
    return copies


def test_no_childs_given_or_family_name_is_in_a_default_invite() -> None:
    for data in _default_copies():
        for text in (data.decode("utf-8").casefold(), unfold(data).casefold()):
            for child in CHILDREN:
                assert child.given_name.casefold() not in text
                assert child.family_name.casefold() not in text
    event = only_event(_default_copies()[0])
    assert event["SUMMARY"] == "Review child protection conference — M-000123 (Z.Z., X.Z.)"
    assert event["DESCRIPTION"].startswith("OFFICIAL-SENSITIVE\n")
    assert "Room 2, Civic Centre" in event["DESCRIPTION"] and "iro-service@council.gov.uk" in event["DESCRIPTION"]
    mother = next(a for a in event["ATTENDEE"] if str(a) == "mailto:mum@example.com")
    assert mother.params["CN"] == "Family member"


def test_initials_can_be_left_out() -> None:
    event = only_event(ical.invite(meeting(), InviteKind.REQUEST, setup(Privacy(initials=False)), stamp=STAMP))
    assert event["SUMMARY"] == "Review child protection conference — M-000123"


def test_names_go_only_to_internal_recipients_and_say_so() -> None:
    privacy = Privacy(names_for_internal=True, internal_domains=frozenset({"council.gov.uk"}))
    internal = only_event(ical.invite(meeting(), InviteKind.REQUEST, setup(privacy), stamp=STAMP, recipient=WORKER))
    assert "Zebedee Zarathustra" in internal["SUMMARY"]
    assert "CHILDREN'S NAMES INCLUDED: for internal recipients only (council.gov.uk)" in internal["DESCRIPTION"]
    external = ical.invite(meeting(), InviteKind.REQUEST, setup(privacy), stamp=STAMP, recipient=POLICE)
    assert "zarathustra" not in unfold(external).casefold()
    anyone = ical.invite(meeting(), InviteKind.REQUEST, setup(privacy), stamp=STAMP)
    assert "zarathustra" not in unfold(anyone).casefold()


NASTY = st.lists(
    st.sampled_from([*"abcXYZ \r\n\t;,:\"'\\^=<>@", "\x00", "\x0b", "é", "ATTENDEE", "END:VEVENT", "\r\nSTATUS:X"]),
    max_size=20,
).map("".join)


@settings(max_examples=60, deadline=None)
@given(name=NASTY, venue=NASTY, service=NASTY)
def test_names_and_places_cannot_inject_properties(name: str, venue: str, service: str) -> None:
    person = Invitee("x.person@council.gov.uk", name, AttendeeRole.REQUIRED)
    shaped = meeting(invitees=(CHAIR, person), place=venue, children=(ChildName(name, venue),))
    organiser_setup = dataclasses.replace(setup(), organiser=Organiser(service, ORGANISER.mailbox))
    data = ical.invite(shaped, InviteKind.REQUEST, organiser_setup, stamp=STAMP, recipient=person)
    plain = ical.invite(meeting(invitees=(CHAIR, WORKER)), InviteKind.REQUEST, setup(), stamp=STAMP)
    event, reference = only_event(data), only_event(plain)
    expected = set(reference.keys()) - (set() if venue else {"LOCATION"})
    assert set(event.keys()) == expected, "a property was added or lost"
    assert len(event["ATTENDEE"]) == 2
    assert event["ATTENDEE"][1].params.get("CN", "") == ical.clean_param(name)
    if venue:
        assert event["LOCATION"] == ical.clean_text(venue)
    assert vobject_event(data).uid.value == shaped.uid  # type: ignore[attr-defined]
    assert unfold(data).count("\r\nBEGIN:VEVENT\r\n") == 1


@pytest.mark.parametrize(
    "text",
    ["someone@council.gov.uk\r\nBcc: x@y.z", "a@b.c:evil", '"quoted"@council.gov.uk', "no-at-sign", "a b@c.d", ""],
)
def test_addresses_that_could_smuggle_anything_are_not_used(text: str) -> None:
    assert usable_email(text) is None


def test_every_copy_parses_in_both_parsers() -> None:
    for data in _default_copies():
        assert parse(data).walk("VEVENT")
        assert vobject.readOne(io.StringIO(data.decode("utf-8"))).vevent.uid.value == meeting().uid
