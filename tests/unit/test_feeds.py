"""Calendar feeds: one METHOD:PUBLISH file per IRO and per room for the coming months, written atomically,
rewritten only when they change, stale ones removed; and the one-off calendar export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import pytest
from sqlalchemy import text

from iro_diary.domain.codes import MeetingStatus
from iro_diary.domain.errors import EnvironmentProblem, NotFound, ValidationError
from iro_diary.services.changes import Changes
from iro_diary.services.invites.feeds import feed_file_name
from iro_diary.services.registry import Services
from iro_diary.store.models import Meeting
from tests.factories import local, make_iro, make_meeting, make_room


def events(path: Path) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    assert calendar["METHOD"] == "PUBLISH"
    return list(calendar.walk("VEVENT"))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "shared-drive"
    path.mkdir()
    return path


@pytest.fixture
def diary(services: Services) -> dict[str, int]:
    db = services.ctx.db
    ids = {
        "jane": make_iro(db, name="Jane Chair", email="Jane.Chair@council.gov.uk"),
        "omar": make_iro(db, name="Omar Other", email="omar.other@council.gov.uk"),
        "room": make_room(db, name="Room 2"),
    }
    day = dt.date(2026, 12, 1)
    ids["soon"] = make_meeting(db, chair_id=ids["jane"], room_id=ids["room"], start_at=local(day, 10))
    ids["later"] = make_meeting(db, chair_id=ids["jane"], start_at=local(dt.date(2027, 6, 1), 10))
    ids["gone"] = make_meeting(db, chair_id=ids["jane"], status=MeetingStatus.CANCELLED, start_at=local(day, 14))
    ids["past"] = make_meeting(db, chair_id=ids["omar"], start_at=local(dt.date(2026, 11, 2), 10))
    return ids


def test_each_iro_and_room_gets_a_feed_of_the_coming_months(
    services: Services, diary: dict[str, int], folder: Path
) -> None:
    report = services.feeds.write_feeds(str(folder))
    assert (report.feeds, report.written) == (3, 3)
    assert sorted(p.name for p in folder.iterdir()) == [
        "iro-jane.chair-council.gov.uk.ics",
        "iro-omar.other-council.gov.uk.ics",
        "room-room-2.ics",
    ]
    jane = events(folder / "iro-jane.chair-council.gov.uk.ics")
    assert len(jane) == 1, "three months ahead: not June, not the cancelled one"
    assert b"ATTENDEE" not in (folder / "iro-jane.chair-council.gov.uk.ics").read_bytes()
    assert events(folder / "iro-omar.other-council.gov.uk.ics") == []
    assert [e["UID"] for e in events(folder / "room-room-2.ics")] == [jane[0]["UID"]]
    services.settings.set("feeds.months", 7)
    services.feeds.write_feeds(str(folder))
    assert len(events(folder / "iro-jane.chair-council.gov.uk.ics")) == 2


def test_feeds_are_rewritten_only_when_they_change(services: Services, diary: dict[str, int], folder: Path) -> None:
    services.feeds.write_feeds(str(folder))
    again = services.feeds.write_feeds(str(folder))
    assert again.written == 0
    with services.ctx.db.write() as session:
        meeting = session.get(Meeting, diary["soon"])
        assert meeting is not None
        meeting.end_at = meeting.start_at + dt.timedelta(hours=2)
        meeting.updated_at = services.ctx.clock.now()
    changed = services.feeds.write_feeds(str(folder))
    assert changed.written == 2, "Jane's feed and the room's, not Omar's"
    assert not [p for p in folder.iterdir() if p.name.startswith(".")], "no temporary files left behind"


def test_stale_feeds_are_removed_and_other_files_left_alone(
    services: Services, diary: dict[str, int], folder: Path
) -> None:
    services.feeds.write_feeds(str(folder))
    (folder / "iro-someone-else.ics").write_text("BEGIN:VCALENDAR\r\nPRODID:-//Other//EN\r\nEND:VCALENDAR\r\n")
    (folder / "notes.txt").write_text("keep me")
    with services.ctx.db.write() as session:
        session.execute(text("UPDATE iro SET active = :no WHERE id = :id"), {"no": False, "id": diary["omar"]})
    report = services.feeds.write_feeds(str(folder))
    assert report.removed == 1 and not (folder / "iro-omar.other-council.gov.uk.ics").exists()
    assert (folder / "iro-someone-else.ics").exists() and (folder / "notes.txt").exists()


def test_a_missing_folder_or_none_set_is_explained(services: Services, diary: dict[str, int], folder: Path) -> None:
    with pytest.raises(ValidationError, match="No feeds folder is set"):
        services.feeds.write_feeds()
    with pytest.raises(EnvironmentProblem, match="is the shared drive connected"):
        services.feeds.write_feeds(str(folder / "not-mounted"))


def test_after_a_change_feeds_are_rewritten_only_when_set_up_and_touched(
    services: Services, diary: dict[str, int], folder: Path
) -> None:
    assert services.feeds.after_change(Changes(meetings=frozenset({diary["soon"]}))) is None
    services.settings.set("feeds.folder", str(folder))
    assert services.feeds.after_change(Changes(settings=frozenset({"child-population"}))) is None
    report = services.feeds.after_change(Changes(meetings=frozenset({diary["soon"]})))
    assert report is not None and report.feeds == 3 and (folder / "room-room-2.ics").exists()


def test_an_iros_or_a_rooms_calendar_for_a_range(services: Services, diary: dict[str, int]) -> None:
    year = services.feeds.export_calendar(
        iro_email="jane.chair@COUNCIL.gov.uk", first=dt.date(2026, 12, 1), last=dt.date(2027, 11, 30)
    )
    assert (year.method, year.events, year.title) == ("PUBLISH", 2, "Jane Chair")
    one_day = services.feeds.export_calendar(room_name="room 2", first=dt.date(2026, 12, 1), last=dt.date(2026, 12, 1))
    assert one_day.events == 1 and b"X-WR-CALNAME:Room 2 (IRO Diary)" in one_day.ics
    with pytest.raises(NotFound):
        services.feeds.export_calendar(
            iro_email="nobody@council.gov.uk", first=dt.date(2026, 1, 1), last=dt.date(2026, 2, 1)
        )
    with pytest.raises(ValidationError, match="ends"):
        services.feeds.export_calendar(room_name="Room 2", first=dt.date(2026, 2, 1), last=dt.date(2026, 1, 1))


def test_feed_file_names_are_safe() -> None:
    assert feed_file_name("room", "../../etc/Room 2 (old)") == "room-etc-room-2-old.ics"
    assert "/" not in feed_file_name("iro", "a/b@c.d")
