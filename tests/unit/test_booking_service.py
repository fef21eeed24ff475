"""Booking, moving, editing, cancelling and reinstating meetings through the services (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import json
import threading
from dataclasses import replace

import pytest

from iro_diary.domain.codes import AbsenceKind, MeetingKind, MeetingStatus
from iro_diary.domain.due_list import Rag
from iro_diary.domain.errors import BookingConflict, NotFound, StaleEdit, ValidationError
from iro_diary.infra.clock import FixedClock
from iro_diary.services.diary_rows import AttendeeRow, BookingRequest
from iro_diary.services.registry import Services
from iro_diary.store.models import Absence, AuditEntry, Child
from iro_diary.store.repositories.booking_facts import BookingFactRepository
from tests.conftest import make_services
from tests.factories import local, make_child, make_episode, make_iro, make_meeting, make_room

D = dt.date
TUESDAY = D(2026, 12, 1)


@pytest.fixture
def diary(any_services: Services) -> dict[str, int]:
    """A child in care since 2 Nov (first review due Mon 30 Nov), their IRO, a colleague and a room."""
    db = any_services.ctx.db
    jo = make_iro(db, name="Jo Chair", email="jo@example.gov.uk")
    sam = make_iro(db, name="Sam Second", email="sam@example.gov.uk", working_days="Mon Tue Wed", daily_cap=2)
    child = make_child(db, case_ref="C1", given_name="Ava", family_name="Able", allocated_iro_id=jo)
    make_episode(db, child, start_date=D(2026, 11, 2))
    room = make_room(db, name="Oak Room", capacity=6)
    return {"jo": jo, "sam": sam, "child": child, "room": room}


def request(ids: dict[str, int], **overrides: object) -> BookingRequest:
    values: dict[str, object] = dict(
        kind=MeetingKind.CLA_REVIEW,
        day=D(2026, 11, 27),
        start=dt.time(10),
        minutes=90,
        chair_id=ids["jo"],
        child_ids=(ids["child"],),
        room_id=ids["room"],
    )
    values.update(overrides)
    return BookingRequest(**values)  # type: ignore[arg-type]


def audit_actions(services: Services) -> list[str]:
    with services.ctx.db.read() as session:
        return [
            a.action for a in session.query(AuditEntry).filter(AuditEntry.entity == "meeting").order_by(AuditEntry.id)
        ]


def test_booking_answers_the_due_requirement_and_is_audited(any_services: Services, diary: dict[str, int]) -> None:
    row, changes = any_services.booking.book(request(diary))
    assert (row.ref, row.status, row.kind, row.case_refs, row.room_name) == (
        "M-000001",
        MeetingStatus.BOOKED,
        MeetingKind.CLA_REVIEW,
        ("C1",),
        "Oak Room",
    )
    assert (row.start.hour, row.end.hour, row.end.minute, str(row.start.tzinfo)) == (10, 11, 30, "Europe/London")
    assert changes.meetings == {row.id} and changes.children == {diary["child"]}
    [due] = any_services.timescales.due_list()
    assert (due.booked_ref, due.rag) == ("M-000001", Rag.BOOKED)
    assert audit_actions(any_services) == ["book"]
    detail = any_services.diary.meeting(row.id)
    assert detail.children[0].rule == "cla-first" and detail.updated_by == "tester"
    second, _ = any_services.booking.book(request(diary, day=D(2026, 11, 30), provisional=True))
    assert (second.ref, second.status) == ("M-000002", MeetingStatus.PROVISIONAL)


def test_a_double_booked_chair_is_refused_in_the_dialogs_words(any_services: Services, diary: dict[str, int]) -> None:
    first, _ = any_services.booking.book(request(diary))
    other_child = make_child(any_services.ctx.db, case_ref="C2")
    with pytest.raises(BookingConflict, match=r"^Chair already booked 10:00–11:30 by M-000001$"):
        any_services.booking.book(
            request(diary, child_ids=(other_child,), start=dt.time(11), room_id=None, venue="School")
        )
    any_services.booking.cancel(first.id, first.version, "Family unable to attend")
    again, _ = any_services.booking.book(request(diary, child_ids=(other_child,), start=dt.time(11)))
    assert again.ref == "M-000002", "a cancelled meeting never blocks"


def test_absent_chair_part_timer_and_closure(any_services: Services, diary: dict[str, int]) -> None:
    db = any_services.ctx.db
    with db.write() as session:
        session.add(
            Absence(iro_id=diary["jo"], start_date=D(2026, 11, 27), end_date=D(2026, 11, 27), kind=AbsenceKind.TRAINING)
        )
    with pytest.raises(BookingConflict, match="Jo Chair is away \\(training\\) on Fri 27 Nov 2026"):
        any_services.booking.book(request(diary))
    with pytest.raises(BookingConflict, match="Sam Second does not work on Fridays"):
        any_services.booking.book(request(diary, chair_id=diary["sam"]))
    any_services.calendar.add_closure(D(2026, 11, 30), "Staff day")
    with pytest.raises(BookingConflict, match="Mon 30 Nov 2026 is a closure day \\(Staff day\\)"):
        any_services.booking.book(request(diary, day=D(2026, 11, 30)))


def test_late_bookings_need_a_reason_that_is_stored(any_services: Services, diary: dict[str, int]) -> None:
    with pytest.raises(BookingConflict, match="Give a reason for booking after the latest working day"):
        any_services.booking.book(request(diary, day=TUESDAY))
    row, _ = any_services.booking.book(request(diary, day=TUESDAY, late_reason="Child in hospital"))
    assert row.late_reason == "Child in hospital"
    with pytest.raises(BookingConflict, match="Before the became looked after of Mon 2 Nov 2026"):
        any_services.booking.book(request(diary, day=D(2026, 10, 30)))


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        ({"minutes": 0}, ValidationError, "must end after it starts"),
        ({"minutes": 5}, ValidationError, "at least 15 minutes"),
        ({"minutes": 12 * 60}, ValidationError, "at most 8 hours"),
        ({"start": dt.time(23, 30)}, ValidationError, "must end on the day it starts"),
        ({"venue": "School"}, ValidationError, "not both"),
        ({"chair_id": None}, ValidationError, "Choose a chair"),
        ({"child_ids": ()}, ValidationError, "Choose at least one child"),
        ({"child_ids": (999_999,)}, NotFound, "no longer exists"),
        ({"attendees": (AttendeeRow(" "),)}, ValidationError, "Every attendee needs a name"),
    ],
)
def test_bad_input_saves_nothing(
    any_services: Services, diary: dict[str, int], change: dict[str, object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        any_services.booking.book(request(diary, **change))
    assert any_services.diary.range(D(2026, 11, 23), D(2026, 12, 4)).meetings == ()
    assert audit_actions(any_services) == []


def test_a_deleted_child_is_refused_at_save(any_services: Services, diary: dict[str, int]) -> None:
    doomed = make_child(any_services.ctx.db, case_ref="C9")
    with any_services.ctx.db.write() as session:
        session.delete(session.get(Child, doomed))
    with pytest.raises(NotFound, match="A child on this booking no longer exists"):
        any_services.booking.book(request(diary, child_ids=(diary["child"], doomed)))


def test_two_people_editing_the_same_meeting(any_services: Services, diary: dict[str, int], clock: FixedClock) -> None:
    row, _ = any_services.booking.book(request(diary))
    opened = any_services.diary.meeting(row.id)
    moved, _ = any_services.booking.move(row.id, opened.row.version, D(2026, 11, 27), dt.time(14))
    assert moved.start.hour == 14
    with pytest.raises(
        StaleEdit, match=r"M-000001 was changed by tester at \d\d:\d\d on Thu 26 Nov 2026 since you opened"
    ):
        any_services.booking.edit(row.id, opened.row.version, replace(opened.as_request(), notes="mine"))
    assert any_services.diary.meeting(row.id).notes == "" and any_services.diary.meeting(row.id).row.start.hour == 14


def test_invite_sequence_rises_only_for_what_an_invite_says(any_services: Services, diary: dict[str, int]) -> None:
    def sequence(meeting_id: int) -> int:
        with any_services.ctx.db.read() as session:
            return json.loads(session.query(AuditEntry).order_by(AuditEntry.id.desc()).first().after)["ical_sequence"]

    row, _ = any_services.booking.book(request(diary))
    assert sequence(row.id) == 0
    edited, _ = any_services.booking.edit(row.id, row.version, replace(request(diary), notes="Interpreter booked"))
    assert sequence(row.id) == 0, "notes are not on the invite"
    moved, _ = any_services.booking.move(row.id, edited.version, D(2026, 11, 27), dt.time(13))
    assert sequence(row.id) == 1
    rehoused, _ = any_services.booking.move(row.id, moved.version, D(2026, 11, 30), dt.time(13), chair_id=diary["sam"])
    assert sequence(row.id) == 2 and rehoused.chair_name == "Sam Second"
    cancelled, _ = any_services.booking.cancel(row.id, rehoused.version, "Family unable to attend")
    assert (cancelled.status, cancelled.cancel_reason, sequence(row.id)) == (
        MeetingStatus.CANCELLED,
        "Family unable to attend",
        3,
    )
    back, _ = any_services.booking.reinstate(row.id, cancelled.version)
    assert (back.status, sequence(row.id)) == (MeetingStatus.BOOKED, 4)
    diary = [a for a in audit_actions(any_services) if a != "raise-sequence"]
    assert diary == ["book", "edit", "move", "move", "cancel", "reinstate"]
    assert audit_actions(any_services).count("raise-sequence") == 4, "the invites (issue #6) record each rise"


def test_reinstating_into_a_taken_slot_is_refused(any_services: Services, diary: dict[str, int]) -> None:
    row, _ = any_services.booking.book(request(diary))
    cancelled, _ = any_services.booking.cancel(row.id, row.version, "Chair unwell")
    any_services.booking.book(request(diary, start=dt.time(10, 30)))
    with pytest.raises(BookingConflict, match="Chair already booked 10:30–12:00 by M-000002"):
        any_services.booking.reinstate(row.id, cancelled.version)
    with pytest.raises(ValidationError, match="was cancelled: it can no longer be moved"):
        any_services.booking.move(row.id, cancelled.version, TUESDAY, dt.time(9))


def test_a_cancellation_needs_a_reason(any_services: Services, diary: dict[str, int]) -> None:
    row, _ = any_services.booking.book(request(diary))
    with pytest.raises(ValidationError, match="Give a reason"):
        any_services.booking.cancel(row.id, row.version, "  ")


def test_find_and_agenda(any_services: Services, diary: dict[str, int]) -> None:
    row, _ = any_services.booking.book(request(diary))
    for words in ("C1", "ava able", "m-000001"):
        assert [r.ref for r in any_services.diary.find(words)] == ["M-000001"], words
    assert any_services.diary.find("nobody") == []
    agenda = any_services.diary.agenda(D(2026, 11, 23), D(2026, 11, 29), iro_email="JO@example.gov.uk")
    assert [r.ref for r in agenda] == [row.ref]
    assert any_services.diary.agenda(D(2026, 11, 23), D(2026, 11, 29), iro_email="sam@example.gov.uk") == []
    with pytest.raises(NotFound, match="no IRO has the email address"):
        any_services.diary.agenda(D(2026, 11, 23), D(2026, 11, 29), iro_email="x@example.gov.uk")


def test_the_booking_context_knows_the_window_chair_and_length(any_services: Services, diary: dict[str, int]) -> None:
    context = any_services.diary.booking_context(MeetingKind.CLA_REVIEW, [diary["child"]])
    assert context.window is not None
    assert (context.window.rule, context.window.due, context.window.anchor) == (
        "cla-first",
        D(2026, 11, 30),
        D(2026, 11, 2),
    )
    assert (context.default_chair_id, context.default_minutes) == (diary["jo"], 90)
    any_services.settings.set("booking.minutes.cla-review", 75)
    assert any_services.diary.booking_context(MeetingKind.CLA_REVIEW, [diary["child"]]).default_minutes == 75
    assert any_services.diary.booking_context(MeetingKind.ICPC, [diary["child"]]).window is None


def test_a_race_for_one_slot_has_one_winner(any_services: Services, diary: dict[str, int], clock: FixedClock) -> None:
    """Both bookings read the day before either writes would double-book; the write lock makes the second wait."""
    rival = make_services(str(any_services.ctx.db.url), clock)
    original = BookingFactRepository.facts_for
    first_has_read = threading.Event()

    def slow_facts(self: BookingFactRepository, *args, **options):  # type: ignore[no-untyped-def]
        found = original(self, *args, **options)
        if threading.current_thread().name == "first":
            first_has_read.set()
            threading.Event().wait(0.3)  # the rival tries to book in this gap
        return found

    results: dict[str, object] = {}

    def book(name: str, services: Services) -> None:
        try:
            results[name] = services.booking.book(request(diary))[0].ref
        except BookingConflict as conflict:
            results[name] = str(conflict)

    try:
        BookingFactRepository.facts_for = slow_facts  # type: ignore[method-assign]
        first = threading.Thread(target=book, args=("first", any_services), name="first")
        first.start()
        assert first_has_read.wait(10)
        book("second", rival)
        first.join(10)
    finally:
        BookingFactRepository.facts_for = original  # type: ignore[method-assign]
        rival.close()
    assert results == {"first": "M-000001", "second": "Chair already booked 10:00–11:30 by M-000001"}


def test_existing_meetings_in_the_diary_block_their_chair(any_services: Services, diary: dict[str, int]) -> None:
    make_meeting(any_services.ctx.db, chair_id=diary["jo"], ref="M-000050", start_at=local(D(2026, 11, 27), 9, 30))
    with pytest.raises(BookingConflict, match="Chair already booked 09:30–11:00 by M-000050"):
        any_services.booking.book(request(diary))
    row, _ = any_services.booking.book(request(diary, start=dt.time(11)))
    assert row.ref == "M-000051", "references carry on from the highest"


def test_a_database_refusing_an_overlap_says_the_same_words(postgres_url: str, clock: FixedClock) -> None:
    """Issue #10's exclusion constraint refusing a row the checks missed reads like the checks' own refusal."""
    services = make_services(postgres_url, clock)
    try:
        ids = {"jo": make_iro(services.ctx.db), "room": make_room(services.ctx.db)}
        ids["child"] = make_child(services.ctx.db)
        services.booking.book(request(ids, child_ids=(ids["child"],)))
        original = BookingFactRepository.facts_for
        calls: list[dt.date] = []

        def blind_first(self: BookingFactRepository, day: dt.date, *args, **options):  # type: ignore[no-untyped-def]
            found = original(self, day, *args, **options)
            calls.append(day)
            return replace(found, busy=()) if len(calls) == 1 else found

        other = make_child(services.ctx.db)
        BookingFactRepository.facts_for = blind_first  # type: ignore[method-assign]
        try:
            with pytest.raises(BookingConflict, match=r"^Chair already booked 10:00–11:30 by M-000001$"):
                services.booking.book(request(ids, child_ids=(other,), room_id=None, venue="School"))
        finally:
            BookingFactRepository.facts_for = original  # type: ignore[method-assign]
        assert len(calls) == 2, "refused by the database, then explained from a fresh look"
    finally:
        services.close()


def test_a_move_after_the_invites_went_out_queues_the_updates(any_services: Services, diary: dict[str, int]) -> None:
    """The invites (issue #6) follow a diary change in its own transaction: a higher SEQUENCE, queued for everyone."""
    people = (AttendeeRow("Sam Worker", "sam.worker@example.org"), AttendeeRow("Pat Parent", "pat@example.org"))
    row, _ = any_services.booking.book(request(diary, attendees=people))
    first = any_services.invites.send_invites(row.id)
    assert first.queued >= 2 and {m.sequence for m in any_services.invites.outbox()} == {0}
    moved, _ = any_services.booking.move(row.id, row.version, D(2026, 11, 27), dt.time(14))
    queued = [m for m in any_services.invites.outbox() if m.sequence == 1]
    assert {m.recipient for m in queued} >= {"sam.worker@example.org", "pat@example.org"}
    edited, _ = any_services.booking.edit(
        row.id, moved.version, replace(request(diary, attendees=people, start=dt.time(14)), notes="x")
    )
    assert {m.sequence for m in any_services.invites.outbox()} <= {0, 1}, "notes do not raise SEQUENCE"
    assert edited.version == moved.version + 1
