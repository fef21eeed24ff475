"""The due list and compliance from a real database (SQLite and PostgreSQL), as the services derive them."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from iro_diary.domain.codes import MeetingKind, MeetingStatus
from iro_diary.domain.due_list import Rag
from iro_diary.domain.errors import NotFound, ValidationError
from iro_diary.services.registry import Services
from tests.factories import (
    local,
    make_child,
    make_concern,
    make_discussion,
    make_episode,
    make_family,
    make_household,
    make_iro,
    make_meeting,
)

D = dt.date


def test_a_child_in_care_appears_with_their_iro(any_services: Services) -> None:
    db = any_services.ctx.db
    iro = make_iro(db, name="Jo Chair", email="jo@example.gov.uk")
    child = make_child(db, case_ref="C1", given_name="Ava", family_name="Able", allocated_iro_id=iro)
    make_episode(db, child, start_date=D(2026, 11, 2))
    rows = any_services.timescales.due_list()
    assert [(r.rule, r.case_refs, r.due, r.rag, r.iro_email) for r in rows] == [
        ("cla-first", ("C1",), D(2026, 11, 30), Rag.DUE_SOON, "jo@example.gov.uk")
    ]
    assert rows[0].names == "Ava Able" and rows[0].rule_label == "First looked-after review"
    assert "reg 33(1)" in rows[0].source


def test_held_and_booked_meetings_move_the_chain(any_services: Services) -> None:
    db = any_services.ctx.db
    iro = make_iro(db)
    child = make_child(db, allocated_iro_id=iro)
    make_episode(db, child, start_date=D(2026, 1, 5))
    make_meeting(db, child_ids=(child,), status=MeetingStatus.HELD, start_at=local(D(2026, 1, 28), 10), chair_id=iro)
    make_meeting(db, child_ids=(child,), status=MeetingStatus.HELD, start_at=local(D(2026, 4, 20), 10), chair_id=iro)
    booked = make_meeting(db, child_ids=(child,), start_at=local(D(2026, 10, 12), 14), chair_id=iro)
    make_meeting(db, child_ids=(child,), status=MeetingStatus.CANCELLED, start_at=local(D(2026, 9, 1), 10))
    [row] = any_services.timescales.due_list()
    assert (row.rule, row.anchor, row.due, row.booked_meeting_id) == ("cla", D(2026, 4, 20), D(2026, 10, 20), booked)
    assert row.rag is Rag.OVERDUE, "booked in October but never marked held"


def test_a_family_awaiting_its_initial_conference(any_services: Services) -> None:
    """The correlated 'since their last initial conference' filter, on both databases."""
    db = any_services.ctx.db
    family = make_family(db, family_ref="F7")
    a, b = make_child(db, family_id=family, case_ref="C7A"), make_child(db, family_id=family, case_ref="C7B")
    earlier = make_child(db, case_ref="C8")  # had a conference in 2025 and a new discussion now
    make_discussion(db, (earlier,), D(2025, 3, 3))
    make_meeting(
        db, child_ids=(earlier,), kind=MeetingKind.ICPC, status=MeetingStatus.HELD, start_at=local(D(2025, 3, 20), 10)
    )
    make_discussion(db, (earlier,), D(2026, 11, 16))
    make_discussion(db, (a, b), D(2026, 11, 20))
    done = make_child(db, case_ref="C9")  # conference held: nothing due
    make_discussion(db, (done,), D(2026, 11, 2))
    make_meeting(
        db, child_ids=(done,), kind=MeetingKind.ICPC, status=MeetingStatus.HELD, start_at=local(D(2026, 11, 20), 10)
    )
    rows = {r.case_refs: r for r in any_services.timescales.due_list()}
    assert set(rows) == {("C7A", "C7B"), ("C8",)}
    assert rows[("C7A", "C7B")].due == D(2026, 12, 11) and rows[("C7A", "C7B")].family_ref == "F7"
    assert rows[("C8",)].anchor == D(2026, 11, 16)


def test_the_due_rows_of_some_children_cover_their_whole_family(any_services: Services) -> None:
    db = any_services.ctx.db
    family = make_family(db, family_ref="F7")
    a, b = make_child(db, family_id=family, case_ref="C7A"), make_child(db, family_id=family, case_ref="C7B")
    make_discussion(db, (a, b), D(2026, 11, 20))
    other = make_child(db, case_ref="C8")
    make_episode(db, other, start_date=D(2026, 11, 2))
    update = any_services.timescales.due_for_children([a])
    assert update.covered == {a, b}
    assert [r.case_refs for r in update.rows] == [("C7A", "C7B")], "the family conference, not half of it"
    full = {r.requirement_id: r for r in any_services.timescales.due_list()}
    assert all(full[r.requirement_id] == r for r in update.rows)
    assert any_services.timescales.due_for_children([other]).covered == {other}


def test_households_and_cse_concerns_are_listed(any_services: Services) -> None:
    db = any_services.ctx.db
    iro = make_iro(db, email="fostering@example.gov.uk")
    make_household(db, household_ref="FH1", approved_on=D(2025, 12, 8), allocated_iro_id=iro)
    make_household(db, household_ref="FH2", approved_on=D(2020, 1, 6), deregistered_on=D(2022, 1, 1))
    child = make_child(db, case_ref="C5")
    make_concern(db, child, referred_on=D(2026, 11, 16), urgent=True)
    rows = any_services.timescales.due_list()
    assert [(r.rule, r.household_ref or r.case_refs[0]) for r in rows] == [
        ("cse-urgent", "C5"),
        ("foster-first", "FH1"),
    ]
    assert any_services.timescales.due_list(iro_email="FOSTERING@example.gov.uk")[0].household_ref == "FH1"


def test_filters_within_working_days_and_iro(any_services: Services) -> None:
    db = any_services.ctx.db
    jo, sam = make_iro(db, email="jo@example.gov.uk"), make_iro(db, email="sam@example.gov.uk")
    soon = make_child(db, allocated_iro_id=jo)
    make_episode(db, soon, start_date=D(2026, 11, 2))
    later = make_child(db, allocated_iro_id=sam)
    make_episode(db, later, start_date=D(2026, 11, 23))
    assert [r.iro_email for r in any_services.timescales.due_list(within_working_days=5)] == ["jo@example.gov.uk"]
    assert [r.iro_email for r in any_services.timescales.due_list(iro_email="sam@example.gov.uk")] == [
        "sam@example.gov.uk"
    ]
    with pytest.raises(NotFound, match="no IRO has the email address"):
        any_services.timescales.due_list(iro_email="nobody@example.gov.uk")
    with pytest.raises(ValidationError):
        any_services.timescales.due_list(within_working_days=-1)


def test_compliance_records_each_held_meeting_against_its_due_date(any_services: Services) -> None:
    db = any_services.ctx.db
    child = make_child(db)
    make_episode(db, child, start_date=D(2026, 1, 5))
    on_time = make_meeting(db, child_ids=(child,), status=MeetingStatus.HELD, start_at=local(D(2026, 1, 30), 10))
    late = make_meeting(db, child_ids=(child,), status=MeetingStatus.HELD, start_at=local(D(2026, 5, 6), 10))
    rows = any_services.timescales.compliance(D(2026, 1, 1), D(2026, 6, 30))
    assert [(r.meeting_id, r.rule, r.due, r.in_timescale, r.working_days_late) for r in rows] == [
        (on_time, "cla-first", D(2026, 2, 2), True, 0),
        (late, "cla-second", D(2026, 4, 30), False, 3),  # Fri 1, Tue 5, Wed 6 May (Mon 4 is May Day)
    ]
    assert any_services.timescales.compliance(D(2026, 3, 1), D(2026, 3, 31)) == []
    with pytest.raises(ValidationError):
        any_services.timescales.compliance(D(2026, 3, 1), D(2026, 2, 1))


def test_a_local_rule_change_moves_every_due_date(services: Services) -> None:
    child = make_child(services.ctx.db)
    make_concern(services.ctx.db, child, referred_on=D(2026, 11, 16))
    assert services.timescales.due_list()[0].due == D(2026, 11, 30)
    services.settings.set("rules.cse_initial_working_days", "5")
    assert services.timescales.due_list()[0].due == D(2026, 11, 23)


def test_an_imported_bank_holiday_moves_due_dates_and_a_closure_does_not(services: Services) -> None:
    child = make_child(services.ctx.db)
    make_episode(services.ctx.db, child, start_date=D(2026, 11, 2))
    assert services.timescales.due_list()[0].due == D(2026, 11, 30)
    services.calendar.add_closure(D(2026, 11, 9), "Staff training day")
    assert services.timescales.due_list()[0].due == D(2026, 11, 30), "closures never change statutory counting"
    govuk = {
        "england-and-wales": {
            "division": "england-and-wales",
            "events": [{"title": "Royal wedding", "date": "2026-11-09", "notes": ""}],
        }
    }
    result, changes = services.calendar.import_bank_holidays(json.dumps(govuk))
    assert (result.added, changes.calendar) == (1, True)
    assert services.timescales.due_list()[0].due == D(2026, 12, 1)
    assert [h.name for h in services.calendar.bank_holidays(2026) if h.day == D(2026, 11, 9)] == ["Royal wedding"]


def test_the_requirement_can_be_found_by_its_id(services: Services) -> None:
    child = make_child(services.ctx.db)
    make_episode(services.ctx.db, child, start_date=D(2026, 11, 2))
    row = services.timescales.due_list()[0]
    assert services.timescales.requirement(row.requirement_id) == row
    with pytest.raises(NotFound):
        services.timescales.requirement("cla:child-999:2026-01-01")


def test_the_demo_service_is_mostly_on_time(demo_services: Services) -> None:
    rows = demo_services.timescales.due_list()
    assert rows and {r.rag for r in rows} >= {Rag.BOOKED, Rag.NOT_BOOKED}
    compliance = demo_services.timescales.compliance(D(2025, 4, 1), D(2026, 3, 31))
    on_time = sum(r.in_timescale for r in compliance) / len(compliance)
    assert 0.94 <= on_time <= 0.995
    assert all(r.working_days_late > 0 for r in compliance if not r.in_timescale)


def test_which_childrens_due_dates_a_change_can_move() -> None:
    from iro_diary.services.changes import Changes

    assert Changes(meetings=frozenset({1}), children=frozenset({4, 5})).due_dates_of_children() == {4, 5}
    assert Changes(children=frozenset({4}), iros=frozenset({2})).due_dates_of_children() == {4}
    assert Changes(meetings=frozenset({1})).due_dates_of_children() is None, "a foster carer review's meeting"
    assert Changes(children=frozenset({4}), bulk=True).due_dates_of_children() is None
    assert Changes(calendar=True).due_dates_of_children() is None
    assert Changes(settings=frozenset({"rules.cse_review_months"})).due_dates_of_children() is None
    assert Changes.all().due_dates_of_children() is None
    assert Changes(settings=frozenset({"report.child_population"})).due_dates_of_children() == frozenset()
