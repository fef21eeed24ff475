"""The booking checks as pure rules: the words the dialog shows and the CLI prints."""

from __future__ import annotations

import datetime as dt

import pytest

from iro_diary.domain.booking import (
    Busy,
    ChairFacts,
    DayFacts,
    Field,
    Proposal,
    RoomFacts,
    Window,
    blocking,
    check_booking,
    check_times,
)
from iro_diary.domain.codes import MeetingKind
from iro_diary.domain.errors import ValidationError
from iro_diary.domain.outcomes import ChildOutcome, check_outcome
from iro_diary.domain.working_days import WorkingDayCalendar

TUESDAY = dt.date(2026, 12, 1)
CALENDAR = WorkingDayCalendar(
    {dt.date(2026, 12, 25): "Christmas Day", dt.date(2026, 12, 26): "Boxing Day"},
    {dt.date(2026, 12, 29): "Christmas shutdown"},
)
JO = ChairFacts(1, "Jo Chair", frozenset(range(5)), dt.time(9), dt.time(17), daily_cap=3)
PART_TIMER = ChairFacts(2, "Pat Parttime", frozenset({0, 1, 2}), dt.time(9), dt.time(15), daily_cap=2)
ROOM = RoomFacts(10, "Oak Room", capacity=6)


def at(hour: int, minute: int = 0, day: dt.date = TUESDAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


def facts(*busy: Busy, chairs: tuple[ChairFacts, ...] = (JO, PART_TIMER), day: dt.date = TUESDAY) -> DayFacts:
    return DayFacts(day, busy, {c.iro_id: c for c in chairs}, {ROOM.room_id: ROOM}, {100: "C100", 101: "C101"})


def proposal(**overrides: object) -> Proposal:
    values: dict[str, object] = dict(
        kind=MeetingKind.CLA_REVIEW,
        day=TUESDAY,
        start=dt.time(10),
        minutes=90,
        chair_id=1,
        room_id=10,
        child_ids=frozenset({100}),
        people=3,
    )
    values.update(overrides)
    return Proposal(**values)  # type: ignore[arg-type]


def messages(p: Proposal, f: DayFacts | None = None) -> list[str]:
    return [problem.message for problem in blocking(check_booking(p, f or facts(), CALENDAR))]


def test_a_free_slot_has_no_problems() -> None:
    assert check_booking(proposal(), facts(), CALENDAR) == []


def test_the_chair_already_booked_names_the_meeting_and_its_times() -> None:
    other = Busy(7, "M-000123", at(10), at(11, 30), chair_id=1, room_id=None)
    assert messages(proposal(start=dt.time(11)), facts(other)) == ["Chair already booked 10:00–11:30 by M-000123"]
    assert messages(proposal(start=dt.time(11, 30)), facts(other)) == [], "back to back is fine"
    assert messages(proposal(meeting_id=7), facts(other)) == [], "a meeting never clashes with itself"


def test_room_and_child_clashes() -> None:
    room = Busy(8, "M-000124", at(9), at(10, 30), chair_id=2, room_id=10)
    child = Busy(9, "M-000125", at(10, 15), at(11), chair_id=None, room_id=None, child_ids=frozenset({100}))
    problems = check_booking(proposal(), facts(room, child), CALENDAR)
    assert [(p.field, p.message) for p in problems] == [
        (Field.PLACE, "Room already booked 09:00–10:30 by M-000124"),
        (Field.CHILDREN, "C100 already booked 10:15–11:00 by M-000125"),
    ]


def test_chair_absent_not_working_outside_hours_and_at_the_cap() -> None:
    away = ChairFacts(1, "Jo Chair", frozenset(range(5)), dt.time(9), dt.time(17), 3, absence="leave")
    assert messages(proposal(), facts(chairs=(away,))) == ["Jo Chair is away (leave) on Tue 1 Dec 2026"]
    thursday = dt.date(2026, 12, 3)
    assert messages(proposal(chair_id=2, day=thursday), facts(day=thursday)) == [
        "Pat Parttime does not work on Thursdays (works Mon Tue Wed)"
    ]
    assert messages(proposal(chair_id=2, start=dt.time(14))) == ["Outside Pat Parttime's hours (09:00–15:00)"]
    full = [Busy(n, f"M-{n}", at(9 + 2 * n), at(10 + 2 * n), chair_id=2, room_id=None) for n in range(2)]
    assert messages(proposal(chair_id=2, start=dt.time(13), minutes=60), facts(*full)) == [
        "Pat Parttime already has 2 meetings on Tue 1 Dec 2026 (daily cap 2)"
    ]


def test_a_room_too_small() -> None:
    assert messages(proposal(people=8)) == ["Oak Room holds 6; this meeting needs 8"]
    assert messages(proposal(room_id=None, venue="School")) == []


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (dt.date(2026, 12, 25), "Fri 25 Dec 2026 is a bank holiday (Christmas Day)"),
        (dt.date(2026, 12, 5), "Sat 5 Dec 2026 is not a working day"),
        (dt.date(2026, 12, 29), "Tue 29 Dec 2026 is a closure day (Christmas shutdown)"),
    ],
)
def test_days_the_service_does_not_book(day: dt.date, message: str) -> None:
    assert message in messages(proposal(day=day), facts(day=day))


def test_the_statutory_window() -> None:
    window = Window("cla", "Looked-after review", dt.date(2026, 11, 20), "previous review", TUESDAY, TUESDAY)
    early = dt.date(2026, 11, 19)
    assert messages(proposal(day=early, window=window), facts(day=early)) == [
        "Before the previous review of Fri 20 Nov 2026: the meeting must be on or after it"
    ]
    late = dt.date(2026, 12, 4)
    problems = check_booking(proposal(day=late, window=window), facts(day=late), CALENDAR)
    assert [(p.field, p.message, p.blocking) for p in problems] == [
        (Field.LATE_REASON, "Give a reason for booking after the latest working day", True),
        (Field.WHEN, "3 working days after the latest working day (Tue 1 Dec 2026)", False),
    ]
    with_reason = check_booking(proposal(day=late, window=window, late_reason="Family away"), facts(day=late), CALENDAR)
    assert [(p.message, p.blocking) for p in with_reason] == [
        ("3 working days after the latest working day (Tue 1 Dec 2026)", False)
    ]


@pytest.mark.parametrize(
    ("start", "minutes", "message"),
    [
        (dt.time(10), 0, "A meeting must end after it starts"),
        (dt.time(10), -30, "A meeting must end after it starts"),
        (dt.time(10), 10, "A meeting lasts at least 15 minutes"),
        (dt.time(8), 12 * 60, "A meeting lasts at most 8 hours"),
        (dt.time(23), 90, "A meeting must end on the day it starts (not after midnight)"),
    ],
)
def test_bad_times(start: dt.time, minutes: int, message: str) -> None:
    [problem] = check_times(TUESDAY, start, minutes)
    assert (problem.message, problem.bad_input) == (message, True)


def test_a_time_in_the_past_is_a_warning_for_new_bookings_only() -> None:
    now = at(12)
    [problem] = check_booking(proposal(now=now), facts(), CALENDAR)
    assert (problem.message, problem.blocking) == ("That time has already passed", False)
    assert check_booking(proposal(now=now, meeting_id=5), facts(), CALENDAR) == []


def test_participation_codes_follow_ssda903() -> None:
    born_2024 = dt.date(2024, 1, 1)
    review = MeetingKind.CLA_REVIEW
    check_outcome(review, ChildOutcome(1, participation="PN0"), born_2024, "C1", TUESDAY)
    with pytest.raises(ValidationError, match="the code is PN0"):
        check_outcome(review, ChildOutcome(1, participation="PN1"), born_2024, "C1", TUESDAY)
    with pytest.raises(ValidationError, match="PN0 is only for a child under 4"):
        check_outcome(review, ChildOutcome(1, participation="PN0"), dt.date(2015, 1, 1), "C1", TUESDAY)
    with pytest.raises(ValidationError, match="not a participation code"):
        check_outcome(review, ChildOutcome(1, participation="PN9"), dt.date(2015, 1, 1), "C1", TUESDAY)


def test_conference_decisions() -> None:
    check_outcome(MeetingKind.ICPC, ChildOutcome(1, decision="plan-made", category="NEG"), None, "C1", TUESDAY)
    with pytest.raises(ValidationError, match="give the plan's category"):
        check_outcome(MeetingKind.ICPC, ChildOutcome(1, decision="plan-made"), None, "C1", TUESDAY)
    with pytest.raises(ValidationError, match="must be one of plan-continues, plan-ends"):
        check_outcome(MeetingKind.RCPC, ChildOutcome(1, decision="plan-made", category="NEG"), None, "C1", TUESDAY)
    with pytest.raises(ValidationError, match="conferences only"):
        check_outcome(MeetingKind.CLA_REVIEW, ChildOutcome(1, decision="plan-ends"), None, "C1", TUESDAY)
