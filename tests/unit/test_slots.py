"""The scheduling assistant's search on small diaries whose best answer is known, and its promises for any diary
(Hypothesis): no suggestion overlaps a booking, an absence or a day the chair does not work, and every one passes
the booking rules as it is."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from iro_diary.domain.booking import DayFacts, Proposal, blocking, check_booking
from iro_diary.domain.codes import MeetingKind, Team
from iro_diary.domain.slot_data import Slot
from tests.slot_scenarios import (
    FRI,
    MON,
    THU,
    TUE,
    WED,
    D,
    away,
    busy,
    calendar,
    chair,
    need,
    room,
    search,
    window,
)


def at(slot: Slot) -> tuple[dt.date, str, int]:
    return slot.day, f"{slot.start:%H:%M}", slot.chair_id


def test_a_part_timer_is_never_offered_on_her_day_off_and_keeps_her_child() -> None:
    pat = chair(1, working_days=frozenset({0, 1, 2, 3}))  # Monday to Thursday
    sam = chair(2)
    found = search([pat, sam], [room(1), room(2)]).best(need(allocated=frozenset({1})), 6)
    assert [at(s) for s in found.slots] == [
        (MON, "09:00", 1),
        (TUE, "09:00", 1),
        (WED, "09:00", 1),
        (FRI, "09:00", 2),
        (MON, "09:00", 2),
        (TUE, "09:00", 2),
    ]
    first = found.slots[0]
    assert first.reasons == (
        "The child's IRO",
        "Caseload 50 per FTE",
        "No other meetings that week",
        "2 working days before the deadline",
    )
    assert not any(s.late for s in found.slots) and found.shortfall == ""


def test_the_childs_iro_on_leave_gives_way_to_the_team_and_comes_back_late() -> None:
    jo = chair(1, away=away(FRI, WED))
    sam = chair(2, caseload_per_fte=60.0)
    kim = chair(3, team=Team.FOSTERING, caseload_per_fte=20.0)
    found = search([jo, sam, kim], [room(1), room(2)]).best(need(allocated=frozenset({1})), 12)
    slots = found.slots
    assert at(slots[0]) == (FRI, "09:00", 2)  # the usual team before a lighter IRO from fostering
    assert [s.chair_id for s in slots[:4]] == [2, 2, 2, 2] and [s.chair_id for s in slots[4:8]] == [3, 3, 3, 3]
    assert slots[4].reasons[0] == "In the fostering team, not the one that usually chairs these"
    assert not any(s.chair_id == 1 and s.day <= WED for s in slots)
    late = [s for s in slots if s.late]
    assert at(late[0]) == (THU, "09:00", 1)  # back from leave: the first late day, the child's IRO first
    assert late[0].reasons[:2] == ("1 working day late (latest working day Wed 2 Dec)", "The child's IRO")
    assert slots.index(late[0]) == 8  # late ones only after every slot in time
    assert found.continuity == "IRO 1 (the child's IRO) has no free slot by Wed 2 Dec: on leave"
    kept = search([chair(1), sam], [room(1)]).best(need(allocated=frozenset({1})), 1)
    assert kept.continuity == "" and kept.slots[0].chair_id == 1


def test_two_siblings_with_different_iros_go_to_the_one_with_more_headroom() -> None:
    jo = chair(1, caseload_per_fte=68.0)
    sam = chair(2, caseload_per_fte=40.0)
    other = chair(3, caseload_per_fte=10.0)
    conference = need(
        kind=MeetingKind.RCPC,
        child_ids=frozenset({1, 2}),
        allocated=frozenset({1, 2}),
        window=window(WED, anchor=D(2026, 9, 1)),
    )
    team = [chair(c.iro_id, team=Team.CHILD_PROTECTION, caseload_per_fte=c.caseload_per_fte) for c in (jo, sam, other)]
    found = search(team, [room(1), room(2), room(3)]).best(conference, 9)
    assert [s.chair_id for s in found.slots] == [2, 2, 2, 2, 1, 1, 1, 1, 3]
    assert found.slots[0].reasons[:2] == ("The children's IRO", "Caseload 40 per FTE")


def test_the_siblings_iro_and_the_last_chair_come_before_a_stranger() -> None:
    chairs = [chair(n, caseload_per_fte=float(70 - n)) for n in range(1, 5)]
    found = search(chairs, [room(r) for r in range(1, 5)]).best(
        need(siblings=frozenset({3}), previous_chair=2, window=window(FRI)), 4
    )
    assert [s.chair_id for s in found.slots] == [3, 2, 4, 1]
    assert found.slots[0].reasons[0] == "Siblings' IRO"
    assert found.slots[1].reasons[0] == "Chaired the last review"


def test_a_room_too_small_is_never_offered() -> None:
    small, big = room(1, capacity=6), room(2, capacity=10)
    bookings = [busy(FRI, "09:00", "11:00", room_id=2)]
    found = search([chair(1)], [small, big], bookings).best(need(people=8, window=window(FRI)), 3)
    assert [(at(s), s.room_id, s.late) for s in found.slots] == [
        ((FRI, "11:00", 1), 2, False),
        ((MON, "09:00", 1), 2, True),
        ((TUE, "09:00", 1), 2, True),
    ]
    nothing = search([chair(1)], [small, big]).best(need(people=12, window=window(FRI)), 3)
    assert nothing.slots == ()
    assert nothing.shortfall == "Nothing fits by Fri 27 Nov: no room seats 12 people"
    step_free = search([chair(1)], [room(1, accessible=False), room(2, capacity=20)]).best(
        need(accessible=True, window=window(FRI)), 1
    )
    assert step_free.slots[0].room_id == 2


def test_when_the_only_free_slot_is_after_the_deadline_it_says_why_and_marks_it_late() -> None:
    jo = chair(1, daily_cap=1)
    sam = chair(2, away=away(FRI, TUE))
    kim = chair(3, working_days=frozenset({1, 2, 3}))  # Tuesday to Thursday
    full = [busy(FRI, "09:00", "10:00", chair_id=1), busy(MON, "14:00", "15:00", chair_id=1)]
    found = search([jo, sam, kim], [room(1), room(2)], full).best(need(window=window(MON)), 2)
    why = "Nothing fits by Mon 30 Nov: 1 IRO on leave, 1 at their daily cap, 1 not working those days"
    assert found.shortfall == why
    assert [at(s) for s in found.slots] == [(TUE, "09:00", 3), (TUE, "09:00", 1)]
    assert all(s.late and s.working_days_late == 1 for s in found.slots)
    assert found.slots[0].reasons[:2] == ("1 working day late (latest working day Mon 30 Nov)", why)


def test_nothing_fits_names_the_days_without_a_room_and_a_passed_deadline() -> None:
    rooms = [room(1)]
    taken = [busy(day, "08:00", "18:00", room_id=1) for day in (FRI, MON)]
    found = search([chair(1)], rooms, taken).best(need(window=window(MON)), 1)
    assert found.shortfall == "Nothing fits by Mon 30 Nov: no room free on Fri 27 Nov, Mon 30 Nov"
    passed = search([chair(1)]).best(need(window=window(D(2026, 11, 20))), 1)
    assert passed.shortfall == "Nothing fits by Fri 20 Nov: that day has passed"
    assert at(passed.slots[0]) == (FRI, "09:00", 1) and passed.slots[0].working_days_late == 5


def test_a_requirement_long_overdue_is_still_offered_the_first_slots_from_now() -> None:
    # Latest working day Fri 9 Oct: more than the 20 working days the late search looks at have already gone by.
    overdue = search([chair(1)]).best(need(window=window(D(2026, 10, 9), anchor=D(2026, 9, 1))), 2)
    assert [at(s) for s in overdue.slots] == [(FRI, "09:00", 1), (MON, "09:00", 1)]
    assert overdue.slots[0].late and overdue.slots[0].working_days_late == 35


def test_travel_time_is_kept_between_a_chairs_meetings_and_closures_are_skipped() -> None:
    bookings = [busy(FRI, "09:00", "10:30", chair_id=1)]
    closed = calendar({FRI: "Office move"})
    friday = need(window=window(FRI))
    assert at(search([chair(1)], bookings=bookings).best(friday, 1).slots[0]) == (FRI, "11:00", 1)
    assert at(search([chair(1)], bookings=bookings, travel=0).best(friday, 1).slots[0]) == (FRI, "10:30", 1)
    assert at(search([chair(1)], cal=closed).best(need(), 1).slots[0]) == (MON, "09:00", 1)


def test_a_child_already_at_another_meeting_and_an_external_venue() -> None:
    bookings = [busy(FRI, "09:00", "16:00", children=[1])]
    found = search([chair(1)], bookings=bookings).best(need(window=window(FRI)), 1)
    assert found.shortfall == "Nothing fits by Fri 27 Nov: 1 free only when the child is at another meeting"
    booked_out = [busy(FRI, "08:00", "18:00", room_id=1)]
    at_home = search([chair(1)], bookings=booked_out).best(need(venue="The placement", window=window(FRI)), 1)
    assert at(at_home.slots[0]) == (FRI, "09:00", 1) and at_home.slots[0].room_id is None


def test_a_pre_birth_conference_is_offered_before_the_expected_birth() -> None:
    counted_back = window(MON, anchor=D(2027, 3, 5), due=MON)  # anchored on the expected date of delivery
    found = search([chair(1, team=Team.CHILD_PROTECTION)]).best(
        need(kind=MeetingKind.PRE_BIRTH, window=counted_back), 2
    )
    assert [at(s) for s in found.slots] == [(FRI, "09:00", 1), (MON, "09:00", 1)]


def test_a_meeting_being_moved_does_not_stand_in_its_own_way() -> None:
    own = busy(FRI, "09:00", "10:30", chair_id=1, room_id=1, children=[1])
    found = search([chair(1, daily_cap=1)], bookings=[own]).best(need(meeting_id=own.meeting_id), 1)
    assert at(found.slots[0]) == (FRI, "09:00", 1)


def test_ten_slots_are_ten_days_the_emptiest_weeks_first() -> None:
    week_one = [busy(day, "15:00", "16:00", chair_id=1) for day in (FRI,)]
    found = search([chair(1)], bookings=week_one).best(need(window=window(D(2026, 12, 11))), 10)
    days = [s.day for s in found.slots]
    # The two empty weeks, day by day; Friday 27th's week already has a meeting.
    assert days == [MON + dt.timedelta(days=n) for n in (0, 1, 2, 3, 4, 7, 8, 9, 10, 11)]
    assert found.slots[0].reasons[1] == "No other meetings that week"
    assert at(search([chair(1)], bookings=week_one).best(need(window=window(FRI)), 1).slots[0]) == (FRI, "09:00", 1)


# -- any diary ---------------------------------------------------------------------------------------------------

DAYS = [D(2026, 11, 27) + dt.timedelta(days=n) for n in range(21)]


@st.composite
def diaries(draw: st.DrawFn) -> tuple[object, ...]:
    chairs = []
    for iro_id in range(1, draw(st.integers(1, 4)) + 1):
        days = frozenset(draw(st.sets(st.integers(0, 4), min_size=1)))
        start = dt.time(draw(st.integers(8, 10)))
        leave = ()
        if draw(st.booleans()):
            first = draw(st.sampled_from(DAYS))
            leave = away(
                first, first + dt.timedelta(days=draw(st.integers(0, 6))), draw(st.sampled_from(["leave", "training"]))
            )
        chairs.append(chair(iro_id, working_days=days, day_start=start, daily_cap=draw(st.integers(0, 3)), away=leave))
    rooms = [
        room(r, capacity=draw(st.integers(2, 12)), accessible=draw(st.booleans()))
        for r in range(1, draw(st.integers(1, 3)) + 1)
    ]
    bookings = []
    for _ in range(draw(st.integers(0, 40))):
        day = draw(st.sampled_from(DAYS))
        hour, minute = draw(st.integers(8, 16)), draw(st.sampled_from(["00", "15", "30", "45"]))
        length = draw(st.integers(1, 4))
        end_hour = min(hour + length, 19)
        bookings.append(
            busy(
                day,
                f"{hour:02d}:{minute}",
                f"{end_hour:02d}:{minute}",
                chair_id=draw(st.one_of(st.none(), st.integers(1, len(chairs)))),
                room_id=draw(st.one_of(st.none(), st.integers(1, len(rooms)))),
                children=draw(st.sets(st.integers(1, 3), max_size=2)),
            )
        )
    wanted = need(
        minutes=draw(st.sampled_from([60, 90, 120])),
        child_ids=frozenset(draw(st.sets(st.integers(1, 3), min_size=1, max_size=2))),
        people=draw(st.integers(1, 8)),
        accessible=draw(st.booleans()),
        window=window(draw(st.sampled_from(DAYS[:14]))),
        allocated=frozenset(draw(st.sets(st.integers(1, 4), max_size=1))),
    )
    return chairs, rooms, bookings, wanted, draw(st.sampled_from([0, 15, 30]))


@settings(max_examples=150, deadline=None)
@given(diaries())
def test_no_suggestion_overlaps_a_booking_an_absence_or_a_day_off(diary: tuple[object, ...]) -> None:
    chairs, rooms, bookings, wanted, travel = diary
    found = search(chairs, rooms, bookings, travel=travel).best(wanted, 10)  # type: ignore[arg-type]
    by_id = {c.iro_id: c for c in chairs}  # type: ignore[attr-defined]
    gap = dt.timedelta(minutes=travel)  # type: ignore[arg-type]
    lates = [s.late for s in found.slots]
    assert lates == sorted(lates), "every slot in time comes before any late one"
    for slot in found.slots:
        iro = by_id[slot.chair_id]
        day = slot.day
        assert day.weekday() in iro.working_days and calendar().is_bookable(day)
        assert iro.absence_on(day) is None
        assert iro.day_start <= slot.start.time() and slot.end.time() <= iro.day_end
        for b in bookings:  # type: ignore[attr-defined]
            if b.chair_id == slot.chair_id:
                assert not (b.start < slot.end + gap and slot.start - gap < b.end), (slot, b)
            if b.room_id is not None and b.room_id == slot.room_id:
                assert not (b.start < slot.end and slot.start < b.end), (slot, b)
            if b.child_ids & wanted.child_ids:  # type: ignore[attr-defined]
                assert not (b.start < slot.end and slot.start < b.end), (slot, b)
        assert slot.late == (day > wanted.window.latest_working_day)  # type: ignore[attr-defined]
        assert not _booking_problems(slot, iro, rooms, bookings, wanted)


def _booking_problems(slot: Slot, iro: object, rooms: object, bookings: object, wanted: object) -> list[object]:
    """What the booking dialog would refuse, against the whole day (not just the search's index)."""
    day = slot.day
    facts = DayFacts(
        day,
        tuple(b for b in bookings if b.start.date() == day),  # type: ignore[attr-defined]
        {iro.iro_id: iro.facts_on(day)},  # type: ignore[attr-defined]
        {r.room_id: r.facts for r in rooms},  # type: ignore[attr-defined]
    )
    proposal = Proposal(
        kind=wanted.kind,  # type: ignore[attr-defined]
        day=day,
        start=slot.start.time(),
        minutes=int((slot.end - slot.start).total_seconds() // 60),
        chair_id=slot.chair_id,
        room_id=slot.room_id,
        child_ids=wanted.child_ids,  # type: ignore[attr-defined]
        people=wanted.people,  # type: ignore[attr-defined]
        window=wanted.window,  # type: ignore[attr-defined]
        late_reason="late" if slot.late else "",
    )
    return blocking(check_booking(proposal, facts, calendar()))
