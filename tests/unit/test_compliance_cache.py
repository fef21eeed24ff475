"""Kept answered steps: the same compliance as working it out afresh, and never used once anything they were
worked out from has changed — whoever changes it, through the services or straight into the tables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import text

from iro_diary.domain.codes import MeetingKind, MeetingStatus
from iro_diary.services.registry import Services
from iro_diary.store.database import Database
from tests.factories import (
    local,
    make_child,
    make_concern,
    make_discussion,
    make_episode,
    make_household,
    make_iro,
    make_meeting,
)

D = dt.date
YEAR = (D(2025, 4, 1), D(2026, 3, 31))


def keep_everything(services: Services) -> int:
    """What the app's background job does: patches until nothing is out of date."""
    written = 0
    while patch := services.timescales.stale_compliance(limit=50):
        written += services.timescales.keep_compliance(patch)
    return written


def worked_out_afresh(services: Services, start: dt.date, end: dt.date) -> list:  # type: ignore[type-arg]
    """Compliance with nothing kept (what it was before the steps were kept)."""
    with services.ctx.db.write() as session:
        session.execute(text("DELETE FROM answered_step"))
        session.execute(text("DELETE FROM compliance_mark"))
    return services.timescales.compliance(start, end)


def test_kept_steps_give_the_same_compliance_and_report(demo_services: Services) -> None:
    fresh = demo_services.timescales.compliance(*YEAR)
    report = demo_services.reports.annual(2025)
    assert keep_everything(demo_services) > len(fresh), "the whole history is kept, not just the year"
    assert not demo_services.timescales.stale_compliance(), "nothing left out of date"
    assert demo_services.timescales.compliance(*YEAR) == fresh
    assert demo_services.timescales.compliance(D(2024, 1, 1), D(2024, 3, 31)) == worked_out_afresh(
        demo_services, D(2024, 1, 1), D(2024, 3, 31)
    )
    keep_everything(demo_services)
    assert demo_services.reports.annual(2025).figures == report.figures


def _one_child_in_care(services: Services) -> tuple[int, int]:
    db = services.ctx.db
    iro = make_iro(db)
    child = make_child(db, allocated_iro_id=iro, date_of_birth=D(2015, 5, 1))
    make_episode(db, child, start_date=D(2025, 1, 6))
    for day in (D(2025, 1, 30), D(2025, 4, 24), D(2025, 10, 20)):
        make_meeting(db, child_ids=(child,), status=MeetingStatus.HELD, start_at=local(day, 10), chair_id=iro)
    return child, iro


def _execute(db: Database, sql: str, **values: object) -> None:
    with db.write() as session:
        session.execute(text(sql), values)


CHANGES: dict[str, Callable[[Database, int], None]] = {
    "an episode starts earlier": lambda db, child: _execute(
        db, "UPDATE care_episode SET start_date = :day WHERE child_id = :child", day=D(2024, 12, 2), child=child
    ),
    "a review is moved": lambda db, child: _execute(
        db,
        "UPDATE meeting SET start_at = :at, end_at = :end WHERE id = "
        "(SELECT MIN(meeting_id) FROM meeting_child WHERE child_id = :child)",
        at=local(D(2025, 2, 14), 10),
        end=local(D(2025, 2, 14), 11),
        child=child,
    ),
    "a review was not held after all": lambda db, child: _execute(
        db,
        "UPDATE meeting SET status = 'cancelled' WHERE id = "
        "(SELECT MIN(meeting_id) FROM meeting_child WHERE child_id = :child)",
        child=child,
    ),
    "a review is deleted": lambda db, child: _execute(
        db,
        "DELETE FROM meeting WHERE id = (SELECT MIN(meeting_id) FROM meeting_child WHERE child_id = :child)",
        child=child,
    ),
    "an early review is requested": lambda db, child: _execute(
        db,
        "INSERT INTO early_review_request (child_id, meeting_kind, requested_on, due_on, reason, withdrawn, version) "
        "VALUES (:child, 'cla-review', :asked, :due, 'placement move', false, 1)",
        child=child,
        asked=D(2025, 3, 3),
        due=D(2025, 3, 31),
    ),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_change_to_the_facts_is_never_answered_from_kept_steps(any_services: Services, change: str) -> None:
    child, _iro = _one_child_in_care(any_services)
    keep_everything(any_services)
    before = any_services.timescales.compliance(D(2025, 1, 1), D(2025, 12, 31))
    CHANGES[change](any_services.ctx.db, child)
    after = any_services.timescales.compliance(D(2025, 1, 1), D(2025, 12, 31))
    report = [any_services.reports.annual(year).figures for year in (2024, 2025)]
    assert after != before
    assert after == worked_out_afresh(any_services, D(2025, 1, 1), D(2025, 12, 31))
    assert [any_services.reports.annual(year).figures for year in (2024, 2025)] == report
    keep_everything(any_services)
    assert any_services.timescales.compliance(D(2025, 1, 1), D(2025, 12, 31)) == after


def test_discussions_births_and_households_are_followed_too(any_services: Services) -> None:
    db = any_services.ctx.db
    born = make_child(db)
    discussion = make_discussion(db, (born,), D(2025, 5, 1))
    make_meeting(
        db, child_ids=(born,), kind=MeetingKind.ICPC, status=MeetingStatus.HELD, start_at=local(D(2025, 5, 28), 10)
    )
    unborn = make_child(db, date_of_birth=None, expected_delivery=D(2025, 9, 1))
    make_discussion(db, (unborn,), D(2025, 5, 1))
    make_meeting(
        db,
        child_ids=(unborn,),
        kind=MeetingKind.PRE_BIRTH,
        status=MeetingStatus.HELD,
        start_at=local(D(2025, 6, 2), 10),
    )
    household = make_household(db, approved_on=D(2024, 6, 3))
    make_meeting(
        db,
        kind=MeetingKind.FOSTER_REVIEW,
        status=MeetingStatus.HELD,
        foster_household_id=household,
        start_at=local(D(2025, 6, 4), 10),
    )
    year = (D(2025, 1, 1), D(2025, 12, 31))
    for change in (
        f"UPDATE strategy_discussion SET held_on = '2025-05-20' WHERE id = {discussion}",
        f"UPDATE child SET expected_delivery = '2025-12-01' WHERE id = {unborn}",
        f"UPDATE foster_household SET approved_on = '2024-04-01' WHERE id = {household}",
    ):
        keep_everything(any_services)
        before = any_services.timescales.compliance(*year)
        _execute(db, change)
        after = any_services.timescales.compliance(*year)
        assert after != before, change
        assert after == worked_out_afresh(any_services, *year), change


def test_a_rule_change_sets_every_kept_step_aside(services: Services) -> None:
    db = services.ctx.db
    child = make_child(db)
    make_concern(db, child, referred_on=D(2025, 1, 6))
    for kind, day in ((MeetingKind.CSE_STRATEGY, D(2025, 1, 10)), (MeetingKind.CSE_REVIEW, D(2025, 4, 8))):
        make_meeting(db, child_ids=(child,), kind=kind, status=MeetingStatus.HELD, start_at=local(day, 10))
    keep_everything(services)
    before = services.timescales.compliance(D(2025, 1, 1), D(2025, 12, 31))
    services.settings.set("rules.cse_review_months", 2)
    after = services.timescales.compliance(D(2025, 1, 1), D(2025, 12, 31))
    assert [r.due for r in after] != [r.due for r in before]
    assert after == worked_out_afresh(services, D(2025, 1, 1), D(2025, 12, 31))
    keep_everything(services)
    services.settings.set("rules.cse_review_months", 3)
    assert services.timescales.stale_compliance().children.keys() == {child}


def test_a_change_made_while_a_patch_was_worked_out_leaves_it_unused(services: Services) -> None:
    child, _iro = _one_child_in_care(services)
    patch = services.timescales.stale_compliance()
    CHANGES["an episode starts earlier"](services.ctx.db, child)
    services.timescales.keep_compliance(patch)  # worked out from the facts before the change
    assert services.timescales.stale_compliance().children.keys() == {child}
    assert services.timescales.compliance(D(2025, 1, 1), D(2025, 12, 31)) == worked_out_afresh(
        services, D(2025, 1, 1), D(2025, 12, 31)
    )


def test_a_patch_for_a_child_deleted_since_is_skipped(services: Services) -> None:
    child, _iro = _one_child_in_care(services)
    patch = services.timescales.stale_compliance()
    _execute(services.ctx.db, "DELETE FROM child WHERE id = :child", child=child)
    assert services.timescales.keep_compliance(patch) == 0
