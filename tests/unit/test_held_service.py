"""Marking meetings held: outcomes per child, the chain moving on, and the next meeting offered."""

from __future__ import annotations

import datetime as dt

import pytest

from iro_diary.domain.codes import MeetingKind, MeetingStatus
from iro_diary.domain.errors import StaleEdit, ValidationError
from iro_diary.domain.outcomes import ChildOutcome
from iro_diary.services.diary_rows import BookingRequest
from iro_diary.services.registry import Services
from iro_diary.store.models import ProtectionPlan
from tests.factories import make_child, make_discussion, make_episode, make_family, make_iro, make_plan

D = dt.date


def book(
    services: Services, kind: MeetingKind, child_ids: tuple[int, ...], chair: int, day: dt.date
) -> tuple[int, int]:
    row, _ = services.booking.book(
        BookingRequest(
            kind=kind, day=day, start=dt.time(10), minutes=90, chair_id=chair, child_ids=child_ids, venue="Home"
        )
    )
    return row.id, row.version


def plans(services: Services, child_id: int) -> list[tuple[dt.date, dt.date | None, str]]:
    with services.ctx.db.read() as session:
        found = session.query(ProtectionPlan).filter(ProtectionPlan.child_id == child_id).order_by(ProtectionPlan.id)
        return [(p.start_date, p.end_date, p.category.value) for p in found]


def test_a_held_review_sets_the_next_due_date(any_services: Services) -> None:
    db = any_services.ctx.db
    chair = make_iro(db)
    child = make_child(db, allocated_iro_id=chair, date_of_birth=D(2015, 6, 1))
    make_episode(db, child, start_date=D(2026, 11, 2))
    meeting, version = book(any_services, MeetingKind.CLA_REVIEW, (child,), chair, D(2026, 11, 25))
    row, following, changes = any_services.held.mark_held(meeting, version, [ChildOutcome(child, participation="PN1")])
    assert row.status is MeetingStatus.HELD and changes.children == {child}
    [next_review] = following
    assert (next_review.kind, next_review.child_ids, next_review.chair_id) == (MeetingKind.CLA_REVIEW, (child,), chair)
    assert (next_review.window.rule, next_review.window.anchor, next_review.window.due) == (
        "cla-second",
        D(2026, 11, 25),
        D(2027, 2, 25),
    )
    [due] = any_services.timescales.due_list()
    assert (due.rule, due.due) == ("cla-second", D(2027, 2, 25))
    assert any_services.diary.meeting(meeting).children[0].participation == "PN1"


def test_under_fours_are_pn0_and_only_they_are(any_services: Services) -> None:
    db = any_services.ctx.db
    chair = make_iro(db)
    baby = make_child(db, date_of_birth=D(2025, 1, 1))
    older = make_child(db, date_of_birth=D(2015, 1, 1))
    for child in (baby, older):
        make_episode(db, child, start_date=D(2026, 11, 2))
    meeting, version = book(any_services, MeetingKind.CLA_REVIEW, (baby,), chair, D(2026, 11, 24))
    with pytest.raises(ValidationError, match="was under 4 on the day of the review: the code is PN0"):
        any_services.held.mark_held(meeting, version, [ChildOutcome(baby, participation="PN1")])
    any_services.held.mark_held(meeting, version)
    assert any_services.diary.meeting(meeting).children[0].participation == "PN0"
    other, other_version = book(any_services, MeetingKind.CLA_REVIEW, (older,), chair, D(2026, 11, 25))
    with pytest.raises(ValidationError, match="PN0 is only for a child under 4"):
        any_services.held.mark_held(other, other_version, [ChildOutcome(older, participation="PN0")])


def test_an_initial_conference_making_a_plan_starts_the_review_conferences(any_services: Services) -> None:
    db = any_services.ctx.db
    chair = make_iro(db)
    family = make_family(db)
    children = (make_child(db, family_id=family), make_child(db, family_id=family))
    make_discussion(db, children, D(2026, 11, 16))
    meeting, version = book(any_services, MeetingKind.ICPC, children, chair, D(2026, 11, 25))
    outcomes = [
        ChildOutcome(children[0], decision="plan-made", category="NEG"),
        ChildOutcome(children[1], decision="plan-made", category="EMO"),
    ]
    _row, [first_review], _ = any_services.held.mark_held(meeting, version, outcomes)
    assert (first_review.kind, first_review.child_ids) == (MeetingKind.RCPC, children)
    assert (first_review.window.rule, first_review.window.due) == ("rcpc-first", D(2027, 2, 25))
    assert plans(any_services, children[0]) == [(D(2026, 11, 25), None, "NEG")]
    assert plans(any_services, children[1]) == [(D(2026, 11, 25), None, "EMO")]


def test_a_review_conference_ending_the_plan_stops_the_chain(any_services: Services) -> None:
    db = any_services.ctx.db
    chair = make_iro(db)
    child = make_child(db, allocated_iro_id=chair)
    make_plan(db, child, start_date=D(2026, 6, 1))
    meeting, version = book(any_services, MeetingKind.RCPC, (child,), chair, D(2026, 8, 28))
    _row, following, _ = any_services.held.mark_held(meeting, version, [ChildOutcome(child, decision="plan-ends")])
    assert following == []
    assert plans(any_services, child) == [(D(2026, 6, 1), D(2026, 8, 28), "NEG")]
    assert any_services.timescales.due_list() == []


def test_what_cannot_be_marked_held(any_services: Services) -> None:
    db = any_services.ctx.db
    chair = make_iro(db)
    child = make_child(db)
    make_episode(db, child, start_date=D(2026, 11, 2))
    future, version = book(any_services, MeetingKind.CLA_REVIEW, (child,), chair, D(2026, 11, 27))
    with pytest.raises(ValidationError, match="starts at 10:00 on Fri 27 Nov 2026: mark it held once it has taken"):
        any_services.held.mark_held(future, version)
    past, past_version = book(any_services, MeetingKind.CLA_REVIEW, (child,), chair, D(2026, 11, 24))
    any_services.held.mark_held(past, past_version)
    with pytest.raises(StaleEdit):
        any_services.held.mark_held(past, past_version)
    with pytest.raises(ValidationError, match="is already marked held"):
        any_services.held.mark_held(past, past_version + 1)
