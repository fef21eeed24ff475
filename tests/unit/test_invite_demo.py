"""Every invite and feed the demo service produces: both parsers read it, a real CalDAV server (Radicale)
accepts every event, and none carries a child's name, date of birth, category or case reference."""

from __future__ import annotations

import datetime as dt
import email
import io
import re
from collections.abc import Iterator
from email.policy import default
from pathlib import Path

import icalendar
import pytest
import vobject

from iro_diary.domain.codes import PlanCategory
from iro_diary.services.registry import Services
from iro_diary.store.models import Child, Meeting, MeetingChild, OutboxMessage
from tests.invites_support import CalDavServer, as_calendar_object, unfold


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory, demo_template_db: Path) -> Iterator[dict[str, object]]:
    """Invites (one per recipient) for every meeting in the coming month, some cancellations, and every feed."""
    import shutil

    from iro_diary.infra.clock import FixedClock
    from tests.conftest import TODAY, make_services

    folder = tmp_path_factory.mktemp("invites")
    path = folder / "demo.sqlite3"
    shutil.copyfile(demo_template_db, path)
    services = make_services(str(path), FixedClock.on(TODAY, hour=10))
    try:
        yield _generate(services, folder)
    finally:
        services.close()


def _upcoming(services: Services) -> list[Meeting]:
    now = services.ctx.clock.now()
    with services.ctx.db.read() as session:
        query = session.query(Meeting).filter(Meeting.start_at >= now, Meeting.start_at < now + dt.timedelta(days=31))
        return list(query.order_by(Meeting.start_at))


def _generate(services: Services, folder: Path) -> dict[str, object]:
    meetings = _upcoming(services)
    for meeting in meetings:
        services.invites.send_invites(meeting.id)
    files: dict[str, bytes] = {}
    with services.ctx.db.read() as session:
        for message in session.query(OutboxMessage):
            parsed = email.message_from_string(message.message, policy=default)
            part = next(p for p in parsed.walk() if p.get_content_type() == "text/calendar")
            files[f"outbox-{message.id}"] = part.get_payload(decode=True)
        children = {
            meeting_id: child
            for meeting_id, child in session.query(MeetingChild.meeting_id, Child).join(
                Child, Child.id == MeetingChild.child_id
            )
        }
        people = {m.id: m for m in session.query(Meeting)}
    for meeting in meetings[:15]:
        files[f"cancel-{meeting.ref}"] = services.invites.export_meeting(meeting_id=meeting.id, cancel=True).ics
    feeds = folder / "feeds"
    feeds.mkdir()
    services.feeds.write_feeds(str(feeds))
    for feed in sorted(feeds.glob("*.ics")):
        files[feed.name] = feed.read_bytes()
    return {"files": files, "children": children, "meetings": people, "count": len(meetings)}


def test_the_demo_gives_plenty_to_check(generated: dict[str, object]) -> None:
    files = generated["files"]
    assert generated["count"] >= 20 and len(files) >= 60  # type: ignore[arg-type]


def test_every_file_parses_with_icalendar_and_vobject(generated: dict[str, object]) -> None:
    for name, data in generated["files"].items():  # type: ignore[attr-defined]
        calendar = icalendar.Calendar.from_ical(data)
        events = calendar.walk("VEVENT")
        parsed = vobject.readOne(io.StringIO(data.decode("utf-8")))
        assert len(getattr(parsed, "vevent_list", [])) == len(events), name
        for event in events:
            assert event["DTSTART"].params["TZID"] == "Europe/London", name
            assert event["DTSTAMP"].dt.tzinfo is not None, name


def test_radicale_accepts_every_event(generated: dict[str, object], tmp_path: Path) -> None:
    server = CalDavServer(tmp_path / "caldav").start()
    try:
        status, _ = server.request("MKCALENDAR", "/diary/invites/")
        assert status == 201
        stored, seen = 0, set()
        for name, data in generated["files"].items():  # type: ignore[attr-defined]
            for uid, single in _single_events(data):
                if single in seen:
                    continue  # the same event in an IRO's feed and a room's, or in two recipients' copies
                seen.add(single)
                # One resource per UID: another recipient's copy (or a cancellation) of the same meeting is
                # stored over it, as a calendar client would store an update.
                path = f"/diary/invites/{re.sub(r'[^A-Za-z0-9-]', '-', uid)}.ics"
                status, body = server.request("PUT", path, as_calendar_object(single))
                assert status in (201, 204), (name, body[:300])
                stored += 1
        status, body = server.request("GET", path)
        assert status == 200 and b"BEGIN:VEVENT" in body
    finally:
        server.stop()
    assert stored >= 60


def _single_events(data: bytes) -> Iterator[tuple[str, bytes]]:
    """A feed holds many events; CalDAV stores one UID per resource, so each goes in its own calendar."""
    calendar = icalendar.Calendar.from_ical(data)
    zones = calendar.walk("VTIMEZONE")
    for event in calendar.walk("VEVENT"):
        single = icalendar.Calendar()
        for key in ("PRODID", "VERSION", "METHOD"):
            if key in calendar:
                single[key] = calendar[key]
        for component in [*zones, event]:
            single.add_component(component)
        yield str(event["UID"]), single.to_ical()


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z']+", text.casefold()))


def test_no_invite_or_feed_identifies_a_child(generated: dict[str, object]) -> None:
    """Search the bytes (and the unfolded text) for each child's names, date of birth, case reference and
    plan category. A name is only excused where the same word is also an adult's name or the place in the
    invite (a chair called Green is not a leak of a child called Green)."""
    children: dict[int, Child] = generated["children"]  # type: ignore[assignment]
    meetings: dict[int, Meeting] = generated["meetings"]  # type: ignore[assignment]
    everything = {name: unfold(data) for name, data in generated["files"].items()}  # type: ignore[attr-defined]
    labels = [c.label.casefold() for c in PlanCategory]
    for text in everything.values():
        folded = text.casefold()
        assert not any(f"\n{label}" in folded or f" {label}" in folded for label in labels if label != "multiple")
    for meeting_id, child in children.items():
        ref = meetings[meeting_id].ref
        for name, text in everything.items():
            if ref not in text:
                continue
            summary = re.search(r"SUMMARY:(.*)", text)
            assert summary and child.given_name not in summary.group(1), name
            adults = _words(
                " ".join(re.findall(r'CN="?([^";:]*)', text))
                + " "
                + " ".join(re.findall(r"(?:Where|Chair): (.*?)\\n", text))
            )
            words = _words(text)
            for part in (child.given_name, child.family_name):
                if part.casefold() not in adults:
                    assert part.casefold() not in words, (name, "a child's name")
            assert child.case_ref not in text
            if child.date_of_birth:
                for form in ("%Y%m%d", "%Y-%m-%d", "%d/%m/%Y"):
                    assert child.date_of_birth.strftime(form) not in text
