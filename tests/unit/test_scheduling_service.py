"""The scheduling assistant through its service, on a real diary (SQLite and PostgreSQL where it writes):
suggestions from the database's facts that book as they are, and a plan accepted in one audited transaction."""

from __future__ import annotations

import datetime as dt

import pytest

from iro_diary.domain.codes import MeetingKind, MeetingStatus, Team
from iro_diary.domain.due_list import Rag
from iro_diary.domain.errors import BookingConflict, NotFound, ValidationError
from iro_diary.services.diary_rows import BookingRequest
from iro_diary.services.registry import Services
from iro_diary.store.database import Database
from iro_diary.store.models import AuditEntry
from tests.factories import (
    local,
    make_absence,
    make_allocation,
    make_child,
    make_discussion,
    make_episode,
    make_family,
    make_household,
    make_iro,
    make_meeting,
    make_room,
)

D = dt.date
FRI, MON = D(2026, 11, 27), D(2026, 11, 30)


def make_diary(services: Services) -> dict[str, int]:
    """Ava in care since 2 Nov (first review due by Mon 30 Nov) with Jo as her IRO; Sam, a colleague; Oak Room."""
    db = services.ctx.db
    jo = make_iro(db, name="Jo Chair", email="jo@example.gov.uk")
    sam = make_iro(db, name="Sam Second", email="sam@example.gov.uk")
    ava = make_child(db, case_ref="C1", given_name="Ava", family_name="Able")
    make_allocation(db, ava, jo)
    make_episode(db, ava, start_date=D(2026, 11, 2))
    room = make_room(db, name="Oak Room", capacity=8)
    return {"jo": jo, "sam": sam, "ava": ava, "room": room}


@pytest.fixture
def diary(any_services: Services) -> dict[str, int]:
    return make_diary(any_services)


@pytest.fixture
def sqlite_diary(services: Services) -> dict[str, int]:
    return make_diary(services)


def as_request(found: object, slot: object) -> BookingRequest:
    return BookingRequest(
        kind=found.kind,  # type: ignore[attr-defined]
        day=slot.day,  # type: ignore[attr-defined]
        start=slot.start.time(),  # type: ignore[attr-defined]
        minutes=slot.minutes,  # type: ignore[attr-defined]
        chair_id=slot.chair_id,  # type: ignore[attr-defined]
        child_ids=found.child_ids,  # type: ignore[attr-defined]
        room_id=slot.room_id,  # type: ignore[attr-defined]
    )


def test_the_best_slot_for_a_requirement_books_as_it_is_and_only_once(
    any_services: Services, diary: dict[str, int]
) -> None:
    [due] = any_services.timescales.due_list()
    found = any_services.scheduling.slots_for_requirement(due.requirement_id, count=3)
    top = found.slots[0]
    assert (top.day, f"{top.start:%H:%M}", top.chair_name, top.room_name) == (FRI, "09:00", "Jo Chair", "Oak Room")
    assert top.reasons[0] == "The child's IRO" and top.reasons[-1] == "1 working day before the deadline"
    assert (found.case_refs, found.minutes, found.people) == (("C1",), 90, 6)
    row, _changes = any_services.booking.book(as_request(found, top))
    assert (row.ref, row.chair_name, row.start) == ("M-000001", "Jo Chair", top.start)
    with pytest.raises(BookingConflict, match="Chair already booked 09:00–10:30 by M-000001"):
        any_services.booking.book(as_request(found, top))
    again = any_services.scheduling.suggest(MeetingKind.CLA_REVIEW, [diary["ava"]], count=1)
    assert again.slots[0].start != top.start


def test_continuity_and_caseload_come_from_the_diary(services: Services) -> None:
    db = services.ctx.db
    jo = make_iro(db, name="Jo", team=Team.CHILD_PROTECTION)
    sam = make_iro(db, name="Sam", team=Team.CHILD_PROTECTION, fte=0.5)
    family = make_family(db)
    first = make_child(db, case_ref="C1", family_id=family)
    second = make_child(db, case_ref="C2", family_id=family)
    make_allocation(db, second, sam)
    make_discussion(db, (first,), D(2026, 11, 20))
    make_room(db, capacity=10)
    found = services.scheduling.suggest(MeetingKind.ICPC, [first], count=2)
    assert [s.chair_name for s in found.slots] == ["Sam", "Sam"]
    assert found.slots[0].reasons[:2] == ("Siblings' IRO", "Caseload 2 per FTE")
    alone = make_child(db, case_ref="C3")
    make_meeting(
        db,
        child_ids=(alone,),
        kind=MeetingKind.CSE_STRATEGY,
        status=MeetingStatus.HELD,
        chair_id=sam,
        start_at=local(D(2026, 10, 1), 10),
    )
    cse = services.scheduling.suggest(MeetingKind.CSE_REVIEW, [alone], count=1)
    assert (cse.slots[0].chair_name, cse.slots[0].reasons[0]) == ("Sam", "Chaired the last meeting")
    assert services.scheduling.suggest(MeetingKind.ICPC, [alone], count=1).slots[0].chair_name == "Jo"
    del jo


def test_leave_and_the_travel_setting_change_what_is_offered(services: Services, sqlite_diary: dict[str, int]) -> None:
    db = services.ctx.db
    make_absence(db, sqlite_diary["jo"], start_date=FRI, end_date=FRI)
    make_meeting(db, chair_id=sqlite_diary["jo"], start_at=local(MON, 9), end_at=local(MON, 10))
    found = services.scheduling.suggest(MeetingKind.CLA_REVIEW, [sqlite_diary["ava"]], count=2)
    assert [(s.day, f"{s.start:%H:%M}", s.chair_name) for s in found.slots] == [
        (MON, "10:30", "Jo Chair"),
        (FRI, "09:00", "Sam Second"),
    ]
    services.settings.set("scheduling.travel-minutes", 60)
    assert (
        f"{services.scheduling.suggest(MeetingKind.CLA_REVIEW, [sqlite_diary['ava']], count=1).slots[0].start:%H:%M}"
        == "11:00"
    )


def test_nothing_in_time_says_why_and_offers_late_slots(services: Services, sqlite_diary: dict[str, int]) -> None:
    db = services.ctx.db
    for iro in (sqlite_diary["jo"], sqlite_diary["sam"]):
        make_absence(db, iro, start_date=FRI, end_date=MON)
    found = services.scheduling.suggest(MeetingKind.CLA_REVIEW, [sqlite_diary["ava"]], count=2)
    assert found.shortfall == "Nothing fits by Mon 30 Nov: 2 IROs on leave"
    assert all(s.late for s in found.slots) and found.slots[0].chair_name == "Jo Chair"
    assert found.slots[0].reasons[:2] == ("1 working day late (latest working day Mon 30 Nov)", found.shortfall)


def test_slots_need_a_subject_and_a_real_requirement(services: Services, sqlite_diary: dict[str, int]) -> None:
    with pytest.raises(ValidationError, match="Choose the children first"):
        services.scheduling.suggest(MeetingKind.CLA_REVIEW, [])
    with pytest.raises(ValidationError, match="not a requirement id"):
        services.scheduling.slots_for_requirement("C1")
    with pytest.raises(NotFound, match="no open requirement"):
        services.scheduling.slots_for_requirement("cla:child-999:2026-01-01")


def test_a_plan_accepted_books_provisional_meetings_in_one_audited_transaction(
    any_services: Services, diary: dict[str, int]
) -> None:
    db = any_services.ctx.db
    ben = make_child(db, case_ref="C2", given_name="Ben", family_name="Bond")
    make_allocation(db, ben, diary["jo"])
    make_episode(db, ben, start_date=D(2026, 11, 3))
    preview = any_services.scheduling.plan(D(2026, 11, 26), D(2027, 1, 7))
    assert preview.requirements == 2 and preview.unplaced == () and not preview.stopped
    assert [(p.subject.case_refs, p.slot.chair_name, p.late) for p in preview.planned] == [
        (("C1",), "Jo Chair", False),
        (("C2",), "Jo Chair", False),
    ]
    first, second = preview.planned
    assert first.slot.end + dt.timedelta(minutes=30) <= second.slot.start or first.slot.day != second.slot.day
    rows, changes = any_services.scheduling.accept(preview.planned)
    assert [r.status for r in rows] == [MeetingStatus.PROVISIONAL] * 2 and changes.meetings == {r.id for r in rows}
    with db.read() as session:
        summaries = [a.summary for a in session.query(AuditEntry).filter(AuditEntry.action == "book")]
    assert len(summaries) == 2 and all(s.endswith("(planned by the scheduling assistant)") for s in summaries)
    assert {r.rag for r in any_services.timescales.due_list()} == {Rag.BOOKED}
    assert any_services.scheduling.plan(D(2026, 11, 26), D(2027, 1, 7)).planned == ()


def test_a_plan_whose_slot_was_taken_meanwhile_books_nothing(any_services: Services, diary: dict[str, int]) -> None:
    preview = any_services.scheduling.plan(D(2026, 11, 26), D(2026, 12, 31))
    [planned] = preview.planned
    taken = planned.request
    other = make_child(any_services.ctx.db, case_ref="C9")
    any_services.booking.book(
        BookingRequest(taken.kind, taken.day, taken.start, 60, taken.chair_id, (other,), venue="School")
    )
    with pytest.raises(BookingConflict, match=r"Chair already booked .* Nothing was booked"):
        any_services.scheduling.accept(preview.planned)
    assert len(any_services.diary.agenda(D(2026, 11, 26), D(2026, 12, 31))) == 1
    with pytest.raises(ValidationError):
        any_services.scheduling.plan(D(2026, 12, 31), D(2026, 11, 26))


def test_a_pre_birth_conference_books_before_the_birth_and_counts_as_booked(services: Services) -> None:
    db = services.ctx.db
    jo = make_iro(db, name="Jo", team=Team.CHILD_PROTECTION)
    unborn = make_child(db, case_ref="U1", date_of_birth=None, expected_delivery=D(2027, 3, 5), allocated_iro_id=jo)
    make_discussion(db, (unborn,), D(2026, 11, 20))
    make_room(db)
    [due] = services.timescales.due_list()
    assert due.meeting_kind is MeetingKind.PRE_BIRTH and due.anchor == D(2027, 3, 5) and due.due < due.anchor
    found = services.scheduling.slots_for_requirement(due.requirement_id, count=1)
    assert found.slots[0].day == FRI and not found.slots[0].late
    services.booking.book(as_request(found, found.slots[0]))
    [booked] = services.timescales.due_list()
    assert booked.rag is Rag.BOOKED and booked.booked_ref == "M-000001"


def test_a_batch_checks_each_booking_against_the_ones_before_it(any_services: Services, diary: dict[str, int]) -> None:
    other = make_child(any_services.ctx.db, case_ref="C2")
    first = BookingRequest(
        MeetingKind.CLA_REVIEW,
        FRI,
        dt.time(10),
        90,
        diary["jo"],
        (diary["ava"],),
        room_id=diary["room"],
        provisional=True,
    )
    clash = BookingRequest(MeetingKind.CLA_REVIEW, FRI, dt.time(11), 60, diary["jo"], (other,), venue="School")
    with pytest.raises(BookingConflict) as refused:
        any_services.booking.book_all([first, clash], origin="test")
    assert refused.value.message == (
        "The looked-after review at 11:00 on Fri 27 Nov 2026: Chair already booked 10:00–11:30 by M-000001. "
        "Nothing was booked."
    )
    assert any_services.diary.agenda(FRI, FRI) == []
    later = BookingRequest(MeetingKind.CLA_REVIEW, FRI, dt.time(14), 60, diary["jo"], (other,), venue="School")
    rows, _changes = any_services.booking.book_all([first, later], origin="test")
    assert [r.status for r in rows] == [MeetingStatus.PROVISIONAL, MeetingStatus.BOOKED]
    # PostgreSQL's reference sequence is shared by bookings running side by side: the refused batch left a gap there.
    numbers = [int(r.ref.removeprefix("M-")) for r in rows]
    assert numbers[1] == numbers[0] + 1 and numbers[0] in {1, 2}


def test_a_plan_with_a_foster_carer_review_asks_every_view_to_reload(services: Services) -> None:
    db = services.ctx.db
    make_iro(db, name="Kim", team=Team.FOSTERING)
    make_room(db)
    first, second = make_child(db, case_ref="C1"), make_child(db, case_ref="C2")
    for child in (first, second):
        make_episode(db, child, start_date=D(2026, 11, 2))
    make_household(db, approved_on=D(2025, 12, 5))
    preview = services.scheduling.plan(D(2026, 11, 26), D(2027, 1, 7))
    planned = {p.subject.case_refs or ("household",): p for p in preview.planned}
    assert sorted(planned) == [("C1",), ("C2",), ("household",)]
    _rows, changes = services.scheduling.accept([planned[("household",)], planned[("C1",)]])
    assert changes.due_dates_of_children() is None
    _rows, changes = services.scheduling.accept([planned[("C2",)]])
    assert changes.due_dates_of_children() == {second}


def test_what_suggest_keeps_follows_every_write_and_every_change_heard(services: Services) -> None:
    """While the app hears every change (the window's live listener), Suggest answers from what it read before;
    a booking made here, or another app's change heard, makes it read again; not listening, it always reads."""
    diary = make_diary(services)
    [due] = services.timescales.due_list()
    services.live.listen(0.0)
    assert services.ctx.db.watched
    services.scheduling.prepare(MeetingKind.CLA_REVIEW, (diary["ava"],))

    def top() -> dt.datetime:
        slot = services.scheduling.slots_for_requirement(due.requirement_id, count=1).slots[0]
        assert slot.chair_name == "Jo Chair"
        return slot.start

    assert top() == local(FRI, 9)
    other = make_child(services.ctx.db, case_ref="C9")
    services.booking.book(
        BookingRequest(MeetingKind.CLA_REVIEW, FRI, dt.time(9), 90, diary["jo"], (other,), venue="Placement")
    )
    after_booking = top()
    assert after_booking >= local(FRI, 10, 30), "the booking made here was seen"
    another_app = Database(services.ctx.db.url)
    try:
        make_meeting(
            another_app,
            chair_id=diary["jo"],
            start_at=local(after_booking.date(), after_booking.hour, after_booking.minute),
        )
        services.ctx.db.note_outside_change(watched=True)  # the listener heard it
        heard = top()
        assert heard != after_booking, "the other app's booking was seen"
        # Not listening (the command line, a script): nothing is kept, so a change not heard is still seen.
        services.ctx.db.note_outside_change(watched=False)
        top()
        make_meeting(another_app, chair_id=diary["jo"], start_at=local(heard.date(), heard.hour, heard.minute))
        assert top() != heard
    finally:
        another_app.close()


def test_what_is_read_while_a_change_lands_is_not_kept_past_it(services: Services) -> None:
    """The key is taken before the read begins: a change landing during the read makes the next ask read again."""
    from iro_diary.services.scheduling.loading import KeptDiary

    kept, db = KeptDiary(services.ctx.db, services.ctx.clock), services.ctx.db
    db.note_outside_change(watched=True)
    loads: list[str] = []
    reading = kept.reading()
    db.note_outside_change(watched=True)  # another PC's booking heard while that read was under way
    reading.caseloads(lambda: loads.append("during") or {1: 50.0})
    assert kept.reading().caseloads(lambda: loads.append("after") or {1: 51.0}) == {1: 51.0}
    assert kept.reading().caseloads(lambda: loads.append("again") or {}) == {1: 51.0}, "kept until the next change"
    assert loads == ["during", "after"]
