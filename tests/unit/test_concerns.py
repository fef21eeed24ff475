"""Causes for concern: raised after a held meeting, stage deadlines in working days, escalation when a response
is overdue, closing with an outcome, and what is refused."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from iro_diary.domain.codes import MeetingKind, MeetingStatus, Team
from iro_diary.domain.errors import NotFound, StaleEdit, ValidationError
from iro_diary.domain.quality.codes import Outcome, Stage, StageEnd, ThemeKind, WorkArea
from iro_diary.domain.quality.concerns import Standing
from iro_diary.services.registry import Services
from iro_diary.store.models import AuditEntry
from tests.factories import local, make_child, make_iro, make_meeting
from tests.quality_support import concern_request, held_review, on_day, theme

D = dt.date


def test_a_concern_goes_through_every_stage_with_deadlines_across_christmas(services: Services) -> None:
    """Christmas 2026: Fri 25 Dec and Mon 28 Dec (Boxing Day's substitute) and Fri 1 Jan 2027 are bank holidays."""
    later = on_day(services, D(2027, 1, 20))
    chair, child, meeting = held_review(later, D(2026, 12, 21))
    row, changes = later.concerns.raise_concern(
        concern_request(later, child, chair, meeting_id=meeting, raised_on=D(2026, 12, 21))
    )
    assert changes.concerns == {row.id} and row.ref == "CfC-000001"
    # Mon 21 Dec + 5 working days: 22, 23, 24, 29, 30 December.
    assert (row.stage, row.due_on, row.area) == (Stage.INFORMAL, D(2026, 12, 30), WorkArea.CHILDREN_IN_CARE)
    row, _ = later.concerns.escalate(row.id, row.version, "Tam Team-Manager", on=D(2026, 12, 31))
    # Thu 31 Dec + 5: 4, 5, 6, 7, 8 January (1 January is a bank holiday).
    assert (row.stage, row.due_on, row.addressed_to) == (Stage.TEAM_MANAGER, D(2027, 1, 8), "Tam Team-Manager")
    row, _ = later.concerns.record_response(row.id, row.version, "Plan promised by Friday", on=D(2027, 1, 7))
    row, _ = later.concerns.escalate(row.id, row.version, "Sol Service-Manager", "Still no plan", on=D(2027, 1, 11))
    assert (row.stage, row.due_on) == (Stage.SERVICE_MANAGER, D(2027, 1, 18))
    later.settings.set("concerns.working-days.head-of-service", 3)
    row, _ = later.concerns.escalate(row.id, row.version, "Hal Head", on=D(2027, 1, 12))
    assert (row.stage, row.due_on) == (Stage.HEAD_OF_SERVICE, D(2027, 1, 15))
    row, _ = later.concerns.escalate(row.id, row.version, "Dee Director", on=D(2027, 1, 14))
    assert (row.stage, row.due_on) == (Stage.DIRECTOR, D(2027, 1, 21))
    with pytest.raises(ValidationError, match="already with the director"):
        later.concerns.escalate(row.id, row.version, "Nobody", on=D(2027, 1, 15))
    row, _ = later.concerns.resolve(row.id, row.version, Outcome.RESOLVED, "Care plan filed", on=D(2027, 1, 19))
    assert (row.standing, row.resolved_on, row.outcome) == (Standing.CLOSED, D(2027, 1, 19), Outcome.RESOLVED)
    history = later.concerns.concern(row.id).stages
    assert [(s.stage, s.started_on, s.due_on, s.ended_how) for s in history] == [
        (Stage.INFORMAL, D(2026, 12, 21), D(2026, 12, 30), StageEnd.NO_RESPONSE),
        (Stage.TEAM_MANAGER, D(2026, 12, 31), D(2027, 1, 8), StageEnd.NOT_RESOLVED),
        (Stage.SERVICE_MANAGER, D(2027, 1, 11), D(2027, 1, 18), StageEnd.EARLY),
        (Stage.HEAD_OF_SERVICE, D(2027, 1, 12), D(2027, 1, 15), StageEnd.EARLY),
        (Stage.DIRECTOR, D(2027, 1, 14), D(2027, 1, 21), StageEnd.CLOSED),
    ]
    assert history[1].response == "Plan promised by Friday" and history[2].note is None
    assert later.concerns.list_concerns() == []
    assert [r.ref for r in later.concerns.list_concerns(include_closed=True)] == ["CfC-000001"]
    with services.ctx.db.read() as session:
        actions = [a.action for a in session.query(AuditEntry).filter(AuditEntry.entity == "cause-for-concern")]
    assert actions == ["create", "escalate", "respond", "escalate", "escalate", "escalate", "resolve"]


def test_an_overdue_response_is_flagged_for_escalation_whenever_the_list_is_read(services: Services) -> None:
    chair, child, meeting = held_review(services, D(2026, 11, 18))
    row, _ = services.concerns.raise_concern(
        concern_request(services, child, chair, meeting_id=meeting, raised_on=D(2026, 11, 19))
    )
    # Thu 19 Nov + 5 working days = Thu 26 Nov, which is today: due, not yet overdue.
    assert (row.due_on, row.standing, row.working_days_left) == (D(2026, 11, 26), Standing.DUE_SOON, 0)
    assert [r.id for r in services.concerns.reminders()] == [row.id]
    nobody_looked = on_day(services, D(2026, 11, 30))  # the app was not opened on Friday
    [late] = nobody_looked.concerns.reminders()
    assert (late.standing, late.working_days_left) == (Standing.OVERDUE, -2)
    assert late.standing.label == "Overdue: escalate"
    escalated, _ = nobody_looked.concerns.escalate(late.id, late.version, "Tam Team-Manager")
    assert (escalated.stage, escalated.stage_started_on, escalated.due_on) == (
        Stage.TEAM_MANAGER,
        D(2026, 11, 30),
        D(2026, 12, 7),
    )
    assert (escalated.standing, nobody_looked.concerns.reminders()) == (Standing.AWAITING, [])
    [first, _second] = nobody_looked.concerns.concern(row.id).stages
    assert first.ended_how is StageEnd.NO_RESPONSE and first.ended_on == D(2026, 11, 30)
    answered, _ = nobody_looked.concerns.record_response(escalated.id, escalated.version, "Meeting set up")
    assert answered.standing is Standing.RESPONDED and nobody_looked.concerns.reminders() == [answered]


def test_what_is_refused(services: Services) -> None:
    chair, child, meeting = held_review(services, D(2026, 11, 18))
    other = make_child(services.ctx.db)
    booked = make_meeting(services.ctx.db, child_ids=(child,), chair_id=chair, start_at=local(D(2026, 12, 2), 10))
    ask = services.concerns.raise_concern
    with pytest.raises(ValidationError, match="not been marked held"):
        ask(concern_request(services, child, chair, meeting_id=booked))
    with pytest.raises(ValidationError, match="not about that child"):
        ask(concern_request(services, other, chair, meeting_id=meeting))
    with pytest.raises(ValidationError, match="in the future"):
        ask(concern_request(services, child, chair, raised_on=D(2026, 11, 27)))
    good = theme(services, ThemeKind.GOOD_PRACTICE, "High-quality reports")
    with pytest.raises(ValidationError, match="themes for causes for concern"):
        ask(concern_request(services, child, chair, theme_id=good))
    with pytest.raises(ValidationError, match="the person it goes to"):
        ask(concern_request(services, child, chair, addressed_to="  "))
    with pytest.raises(NotFound):
        ask(concern_request(services, 9999, chair))
    row, _ = ask(concern_request(services, child, chair, meeting_id=meeting, raised_on=D(2026, 11, 20)))
    with pytest.raises(StaleEdit):
        services.concerns.escalate(row.id, row.version - 1, "Tam")
    with pytest.raises(ValidationError, match="before 20 Nov 2026"):
        services.concerns.record_response(row.id, row.version, "Done", on=D(2026, 11, 19))
    row, _ = services.concerns.record_response(row.id, row.version, "Done")
    with pytest.raises(ValidationError, match="already has a response"):
        services.concerns.record_response(row.id, row.version, "Again")
    row, _ = services.concerns.resolve(row.id, row.version, Outcome.WITHDRAWN)
    with pytest.raises(ValidationError, match="was closed on 26 Nov 2026"):
        services.concerns.escalate(row.id, row.version, "Tam")
    assert services.concerns.concern_id(row.ref.lower()) == row.id
    with pytest.raises(NotFound):
        services.concerns.concern_id("CfC-999999")


def test_the_list_is_filtered_by_iro_and_team_and_logs_carry_ids(
    services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    db = services.ctx.db
    care_chair = make_iro(db, team=Team.CHILDREN_IN_CARE)
    cp_chair = make_iro(db, team=Team.CHILD_PROTECTION)
    _, care_child, review = held_review(services, D(2026, 11, 18), chair=care_chair)
    _, cp_child, conference = held_review(services, D(2026, 11, 19), chair=cp_chair, kind=MeetingKind.RCPC)
    with caplog.at_level(logging.INFO, logger="iro_diary"):
        first, _ = services.concerns.raise_concern(concern_request(services, care_child, care_chair, meeting_id=review))
        second, _ = services.concerns.raise_concern(
            concern_request(services, cp_child, cp_chair, meeting_id=conference)
        )
    assert second.area is WorkArea.CHILD_PROTECTION
    assert [r.id for r in services.concerns.list_concerns(iro_id=cp_chair)] == [second.id]
    assert [r.id for r in services.concerns.list_concerns(team=Team.CHILDREN_IN_CARE.value)] == [first.id]
    assert [r.id for r in services.concerns.list_concerns(child_id=care_child)] == [first.id]
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert f"concern {first.id} raised for child {care_child}" in logged
    assert first.child_name not in logged and first.case_ref not in logged


def test_a_concern_raised_from_a_child_defaults_to_their_iro_and_area(services: Services) -> None:
    chair, child, _meeting = held_review(services, D(2026, 11, 18))
    choices = services.concerns.choices(child_id=child)
    assert choices.default_iro_id == chair and choices.meeting is None
    assert [c.id for c in choices.children] == [child]
    assert choices.themes[0].label == "Work not completed in a timely way"
    row, _ = services.concerns.raise_concern(concern_request(services, child, chair, stage=Stage.TEAM_MANAGER))
    assert (row.stage, row.meeting_id, row.area, row.raised_on) == (
        Stage.TEAM_MANAGER,
        None,
        WorkArea.OTHER,
        D(2026, 11, 26),
    )
    with pytest.raises(ValidationError, match="not been marked held"):
        services.concerns.choices(meeting_id=make_meeting(services.ctx.db, status=MeetingStatus.BOOKED))


def test_a_concern_reference_is_taken_under_a_lock_on_postgresql(postgres_url: str, clock) -> None:  # type: ignore[no-untyped-def]
    """Two PCs raising a concern at once: the second waits for the first's reference instead of taking the same."""
    from sqlalchemy import text

    from iro_diary.store.database import Database
    from iro_diary.store.models import CauseForConcern
    from iro_diary.store.repositories.quality import QualityRecordRepository
    from tests.conftest import make_services

    services = make_services(postgres_url, clock)
    others = Database(postgres_url)
    try:
        with services.ctx.db.write() as session:
            QualityRecordRepository(session).next_ref(CauseForConcern, "CfC-")
            with others.read() as theirs:
                free = theirs.scalar(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": 0x1D0C0A60})
        assert free is False
    finally:
        others.close()
        services.close()
