"""The live audit: answered when a review or conference is marked held, corrected later, and counted in the
quarter's figures per item, per team and per IRO."""

from __future__ import annotations

import datetime as dt

import pytest

from iro_diary.domain.codes import MeetingKind, Team
from iro_diary.domain.errors import ValidationError
from iro_diary.domain.outcomes import ChildOutcome
from iro_diary.domain.quality.codes import Answer, AuditScope, ThemeKind
from iro_diary.domain.reports.period import ReportPeriod
from iro_diary.services.diary_rows import BookingRequest
from iro_diary.services.quality.rows import GivenAnswer
from iro_diary.services.registry import Services
from tests.factories import make_child, make_episode, make_iro, make_meeting
from tests.quality_support import held_review

D = dt.date
Q3 = ReportPeriod(2026, 3)  # October to December 2026


def item(services: Services, code: str) -> int:
    return services.quality_lists.item_id(code)


def test_a_checklist_answered_when_a_review_is_held_appears_in_the_quarters_figures(services: Services) -> None:
    db = services.ctx.db
    chair = make_iro(db, name="Pat Chair", team=Team.CHILDREN_IN_CARE)
    child = make_child(db, allocated_iro_id=chair)
    make_episode(db, child, start_date=D(2026, 11, 2))
    booked, _ = services.booking.book(
        BookingRequest(
            kind=MeetingKind.CLA_REVIEW, day=D(2026, 11, 25), start=dt.time(10), minutes=90, chair_id=chair,
            child_ids=(child,), venue="Placement",
        )
    )  # fmt: skip
    checklist = services.live_audit.checklist(booked.id)
    assert [i.code for i in checklist.items] == [
        "pep",
        "health",
        "child-spoken-to",
        "reports-shared",
        "contact",
        "timely-work",
    ]
    answers = [
        GivenAnswer(child, item(services, "pep"), Answer.YES),
        GivenAnswer(child, item(services, "health"), Answer.NO, "Assessment overdue since August"),
        GivenAnswer(child, item(services, "child-spoken-to"), Answer.YES),
        GivenAnswer(child, item(services, "contact"), Answer.NOT_APPLICABLE),
    ]
    _row, _next, changes = services.held.mark_held(
        booked.id, booked.version, [ChildOutcome(child, participation="PN1")], audit_answers=answers
    )
    assert changes.audits == {booked.id}
    assert services.live_audit.checklist(booked.id).answers[(child, item(services, "health"))] == (
        Answer.NO,
        "Assessment overdue since August",
    )
    figures = services.live_audit.figures(Q3)
    overall = figures.overall
    assert (overall.expected, overall.completed, overall.completed_pct) == (1, 1, 100.0)
    assert (overall.overall.yes, overall.overall.no, overall.overall.not_applicable) == (2, 1, 1)
    assert overall.overall.yes_pct == 66.7  # 2 of the 3 yes-or-no answers
    assert overall.item(item(services, "health")).yes_pct == 0.0
    assert [(g.key, g.completed) for g in figures.quarters] == [("Q3", 1)]
    assert [(g.label, g.overall.yes) for g in figures.teams] == [("Children in care", 2)]
    assert [(g.label, g.overall.yes_pct) for g in figures.iros] == [("Pat Chair", 66.7)]
    year = services.live_audit.figures(ReportPeriod(2026))
    assert [(g.key, g.completed) for g in year.quarters] == [("Q1", 0), ("Q2", 0), ("Q3", 1), ("Q4", 0)]
    assert services.live_audit.figures(ReportPeriod(2026, 2)).overall.expected == 0


def test_the_checklist_is_corrected_later_and_an_unanswered_child_counts_as_not_completed(services: Services) -> None:
    chair, child, meeting = held_review(services, D(2026, 11, 3))
    _chair, _other, unanswered = held_review(services, D(2026, 11, 4), chair=chair)
    pep = item(services, "pep")
    assert services.live_audit.answer(meeting, [GivenAnswer(child, pep, Answer.NO)]).audits == {meeting}
    assert services.live_audit.answer(meeting, [GivenAnswer(child, pep, Answer.NO)]).audits == frozenset()
    services.live_audit.answer(meeting, [GivenAnswer(child, pep, Answer.YES, "PEP dated 1 Oct")])
    figures = services.live_audit.figures(Q3).overall
    assert (figures.expected, figures.completed, figures.overall.yes_pct) == (2, 1, 100.0)
    services.live_audit.answer(meeting, [GivenAnswer(child, pep, None)])
    assert services.live_audit.checklist(meeting).answers == {}
    assert services.live_audit.checklist(unanswered).answers == {}
    assert services.live_audit.figures(Q3).overall.completed == 0


def test_what_the_checklist_refuses(services: Services) -> None:
    db = services.ctx.db
    chair, child, meeting = held_review(services, D(2026, 11, 3))
    core_group = item(services, "core-group")  # asked at conferences only
    with pytest.raises(ValidationError, match="not asked at"):
        services.live_audit.answer(meeting, [GivenAnswer(child, core_group, Answer.YES)])
    with pytest.raises(ValidationError, match="not about child"):
        services.live_audit.answer(meeting, [GivenAnswer(child + 100, item(services, "pep"), Answer.YES)])
    booked = make_meeting(db, child_ids=(child,), chair_id=chair)
    with pytest.raises(ValidationError, match="not been marked held"):
        services.live_audit.answer(booked, [GivenAnswer(child, item(services, "pep"), Answer.YES)])
    _chair, cse_child, cse = held_review(services, D(2026, 11, 5), kind=MeetingKind.CSE_REVIEW)
    assert not services.live_audit.checklist(cse).applies
    with pytest.raises(ValidationError, match="live audit is for reviews and conferences"):
        services.live_audit.answer(cse, [GivenAnswer(cse_child, item(services, "pep"), Answer.YES)])
    _chair, _cp_child, conference = held_review(services, D(2026, 11, 5), kind=MeetingKind.RCPC)
    assert [i.code for i in services.live_audit.checklist(conference).items] == [
        "reports-shared", "timely-work", "core-group",
    ]  # fmt: skip


def test_the_service_edits_its_checklist_and_theme_lists(services: Services) -> None:
    lists = services.quality_lists
    row, changes = lists.add_item("Sibling-Contact", "Contact with brothers and sisters progressed", AuditScope.BOTH)
    assert changes.quality_lists and row.code == "sibling-contact" and row.position == 8
    with pytest.raises(ValidationError, match="already a checklist item"):
        lists.add_item("pep", "Again", AuditScope.BOTH)
    with pytest.raises(ValidationError, match="not a checklist code"):
        lists.add_item("two words", "Bad", AuditScope.BOTH)
    _chair, child, meeting = held_review(services, D(2026, 11, 3))
    assert "sibling-contact" in [i.code for i in services.live_audit.checklist(meeting).items]
    services.live_audit.answer(meeting, [GivenAnswer(child, row.id, Answer.YES)])
    retired, _ = lists.change_item(row.id, row.version, active=False)
    assert not retired.active and retired.answers == 1
    assert "sibling-contact" not in [i.code for i in lists.checklist_items(include_retired=False)]
    _chair, _later_child, later = held_review(services, D(2026, 11, 4))
    assert "sibling-contact" not in [i.code for i in services.live_audit.checklist(later).items]
    # Where it was answered, the retired item stays (its answer can still be read and corrected).
    assert "sibling-contact" in [i.code for i in services.live_audit.checklist(meeting).items]
    theme, _ = lists.add_theme(ThemeKind.CONCERN, "  Placement   plan not shared ")
    assert theme.name == "Placement plan not shared"
    with pytest.raises(ValidationError, match="already a cause for concern theme"):
        lists.add_theme(ThemeKind.CONCERN, "placement plan not shared")
    lists.add_theme(ThemeKind.GOOD_PRACTICE, "Placement plan not shared")  # the other list may have it
    renamed, _ = lists.rename_theme(theme.id, theme.version, "Placement plan late")
    lists.set_theme_active(renamed.id, renamed.version, False)
    offered = [c.label for c in services.concerns.choices(child_id=child).themes]
    assert "Placement plan late" not in offered and len(offered) == 4
    assert [t.name for t in lists.themes(ThemeKind.CONCERN)][-1] == "Placement plan late"
