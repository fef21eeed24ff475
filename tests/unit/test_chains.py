"""The statutory chains, scenario by scenario, as a diary manager would check them by hand."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from iro_diary.domain.chains import Chains, Step
from iro_diary.domain.codes import MeetingKind, MeetingStatus
from iro_diary.domain.due_list import Rag, requirements
from iro_diary.domain.facts import (
    ChildFacts,
    Discussion,
    EarlyReview,
    HouseholdFacts,
    MeetingFact,
    Period,
    Referral,
)
from iro_diary.domain.timescales import RuleBook
from iro_diary.services.context import rules_document
from tests.unit.test_working_days import book, calendar

D = dt.date
K = MeetingKind
TODAY = D(2026, 11, 26)
_ids = itertools.count(1)


def meeting(kind: MeetingKind, day: dt.date, status: MeetingStatus = MeetingStatus.HELD) -> MeetingFact:
    number = next(_ids)
    return MeetingFact(number, f"M-{number:05d}", kind, status, day)


def child(**facts: object) -> ChildFacts:
    values: dict[str, object] = dict(
        child_id=1,
        case_ref="C1",
        family_id=None,
        allocated_iro_id=7,
        date_of_birth=D(2015, 1, 1),
        expected_delivery=None,
    )
    values.update(facts)
    return ChildFacts(**values)  # type: ignore[arg-type]


def walk(facts: ChildFacts, today: dt.date = TODAY, rules: RuleBook | None = None) -> list[Step]:
    return Chains(rules or book(), today).child_steps(facts)


def open_steps(steps: list[Step]) -> list[Step]:
    return [s for s in steps if s.is_open]


# -- looked-after reviews (CPPCR 2010 reg 33) ----------------------------------------------------------------------


def test_a_child_entering_care_is_due_a_first_review_in_20_working_days() -> None:
    steps = walk(child(episodes=(Period(D(2026, 11, 2), None, "C2"),)))
    assert [(s.rule, s.anchor, s.due) for s in steps] == [("cla-first", D(2026, 11, 2), D(2026, 11, 30))]
    assert steps[0].anchor_label == "became looked after"


def test_enters_care_three_reviews_leaves_returns() -> None:
    """reg 33: 20 working days, then 3 months, then 6-monthly; leaving stops the chain, returning starts anew."""
    first = Period(D(2025, 1, 6), D(2025, 11, 30), "C1")
    again = Period(D(2026, 10, 1), None, "V2")
    held = (
        meeting(K.CLA_REVIEW, D(2025, 1, 30)),
        meeting(K.CLA_REVIEW, D(2025, 4, 25)),
        meeting(K.CLA_REVIEW, D(2025, 10, 20)),
        meeting(K.CLA_REVIEW, D(2026, 10, 27)),
    )
    steps = walk(child(episodes=(first, again), meetings=held))
    assert [(s.rule, s.due, s.held.day if s.held else None) for s in steps] == [
        ("cla-first", D(2025, 2, 3), D(2025, 1, 30)),
        ("cla-second", D(2025, 4, 30), D(2025, 4, 25)),
        ("cla", D(2025, 10, 25), D(2025, 10, 20)),
        ("cla-first", D(2026, 10, 29), D(2026, 10, 27)),  # a new "first" for the new episode
        ("cla-second", D(2027, 1, 27), None),
    ]


def test_an_ended_episode_has_no_open_requirement() -> None:
    steps = walk(child(episodes=(Period(D(2026, 1, 5), D(2026, 1, 20), "V2"),)))
    assert open_steps(steps) == []


def test_a_booked_meeting_whose_day_has_passed_stays_overdue_until_it_is_marked_held() -> None:
    booked = meeting(K.CLA_REVIEW, D(2026, 11, 24), MeetingStatus.BOOKED)
    facts = child(episodes=(Period(D(2026, 10, 1), None, "C2"),), meetings=(booked,))
    found = requirements(walk(facts), calendar(), {})
    assert found[0].booked == booked and found[0].rag(TODAY, calendar()) is Rag.OVERDUE


def test_a_booked_review_answers_the_open_requirement() -> None:
    booked = meeting(K.CLA_REVIEW, D(2026, 11, 27), MeetingStatus.BOOKED)
    cancelled = meeting(K.CLA_REVIEW, D(2026, 11, 20), MeetingStatus.CANCELLED)
    steps = walk(child(episodes=(Period(D(2026, 11, 2), None, "C2"),), meetings=(booked, cancelled)))
    assert steps[0].booked == booked and steps[0].held is None


def test_an_early_review_overrides_the_regular_date() -> None:
    """reg 33(3): a review requested early (e.g. a placement move) is due by the date set."""
    episode = Period(D(2026, 1, 5), None, "C2")
    reviews = (meeting(K.CLA_REVIEW, D(2026, 2, 2)), meeting(K.CLA_REVIEW, D(2026, 5, 1)))
    early = EarlyReview(K.CLA_REVIEW, D(2026, 9, 14), D(2026, 9, 30), "placement move")
    steps = walk(child(episodes=(episode,), meetings=reviews, early_reviews=(early,)))
    assert (steps[-1].rule, steps[-1].due, steps[-1].note) == (
        "cla-early",
        D(2026, 9, 30),
        "early review: placement move",
    )
    later = EarlyReview(K.CLA_REVIEW, D(2026, 9, 14), D(2027, 2, 1), "IRO request")
    steps = walk(child(episodes=(episode,), meetings=reviews, early_reviews=(later,)))
    assert steps[-1].rule == "cla" and steps[-1].due == D(2026, 11, 1), "a later date never overrides"


def test_an_early_request_made_before_the_last_review_is_spent() -> None:
    episode = Period(D(2026, 1, 5), None, "C2")
    reviews = (meeting(K.CLA_REVIEW, D(2026, 2, 2)), meeting(K.CLA_REVIEW, D(2026, 5, 1)))
    early = EarlyReview(K.CLA_REVIEW, D(2026, 4, 1), D(2026, 4, 20), "welfare concern (reg 30)")
    steps = walk(child(episodes=(episode,), meetings=reviews, early_reviews=(early,)))
    assert steps[1].rule == "cla-early" and steps[1].due == D(2026, 4, 20)  # answered late by the 1 May review
    assert steps[2].rule == "cla" and steps[2].due == D(2026, 11, 1)


def test_short_breaks_follow_regulation_48() -> None:
    episode = Period(D(2026, 1, 31), None, "V3")
    steps = walk(child(episodes=(episode,), meetings=(meeting(K.CLA_REVIEW, D(2026, 4, 20)),)))
    assert [(s.rule, s.due) for s in steps] == [("short-break-first", D(2026, 4, 30)), ("short-break", D(2026, 10, 20))]
    assert steps[0].anchor_label == "short breaks began"


# -- child protection (Working Together 2023 ch.4) ------------------------------------------------------------------


def test_strategy_discussion_then_conference_then_reviews_until_the_plan_ends() -> None:
    discussion = Discussion(D(2025, 12, 18), s47_initiated=True, conference_not_required=False)
    plan = Period(D(2026, 1, 12), D(2026, 10, 5), "NEG")
    meetings = (meeting(K.ICPC, D(2026, 1, 12)), meeting(K.RCPC, D(2026, 4, 8)), meeting(K.RCPC, D(2026, 10, 5)))
    steps = walk(child(discussions=(discussion,), plans=(plan,), meetings=meetings))
    assert [(s.rule, s.anchor, s.due, s.held is not None) for s in steps] == [
        ("icpc", D(2025, 12, 18), D(2026, 1, 13), True),
        ("rcpc-first", D(2026, 1, 12), D(2026, 4, 12), True),
        ("rcpc", D(2026, 4, 8), D(2026, 10, 8), True),
    ]
    assert open_steps(steps) == [], "the plan ended at the last review"


def test_an_open_plan_is_due_its_next_review() -> None:
    plan = Period(D(2026, 9, 1), None, "EMO")
    steps = walk(child(plans=(plan,), meetings=(meeting(K.ICPC, D(2026, 9, 1)),)))
    assert [(s.rule, s.due) for s in open_steps(steps)] == [("rcpc-first", D(2026, 12, 1))]


def test_a_discussion_awaiting_its_conference_is_due_in_15_working_days() -> None:
    discussion = Discussion(D(2026, 11, 20), s47_initiated=True, conference_not_required=False)
    steps = walk(child(discussions=(discussion,)))
    assert [(s.rule, s.anchor, s.due, s.anchor_label) for s in steps] == [
        ("icpc", D(2026, 11, 20), D(2026, 12, 11), "strategy discussion")
    ]


def test_a_booked_initial_conference_is_shown_against_the_discussion() -> None:
    booked = meeting(K.ICPC, D(2026, 12, 9), MeetingStatus.BOOKED)
    steps = walk(child(discussions=(Discussion(D(2026, 11, 20), True, False),), meetings=(booked,)))
    assert steps[0].booked == booked and steps[0].due == D(2026, 12, 11)


def test_an_enquiry_that_needs_no_conference_has_no_requirement() -> None:
    discussions = (Discussion(D(2026, 11, 2), True, False), Discussion(D(2026, 11, 10), False, True))
    assert walk(child(discussions=discussions)) == []


def test_a_discussion_without_s47_is_no_trigger_on_its_own() -> None:
    assert walk(child(discussions=(Discussion(D(2026, 11, 10), False, False),))) == []


def test_the_icpc_anchor_setting_chooses_between_the_two_editions() -> None:
    """WT 2015 / DfE: the discussion that initiated s47; WT 2018: the last discussion."""
    discussions = (Discussion(D(2026, 11, 2), True, False), Discussion(D(2026, 11, 12), False, False))
    default = walk(child(discussions=discussions))
    assert (default[0].anchor, default[0].due) == (D(2026, 11, 2), D(2026, 11, 23))
    last = RuleBook.from_document(rules_document(), calendar(), {"icpc_anchor": "last"})
    steps = walk(child(discussions=discussions), rules=last)
    assert (steps[0].anchor, steps[0].due) == (D(2026, 11, 12), D(2026, 12, 3))


def test_a_conference_answers_the_discussions_before_it_and_a_new_one_starts_again() -> None:
    discussions = (Discussion(D(2025, 3, 3), True, False), Discussion(D(2026, 11, 16), True, False))
    icpc = meeting(K.ICPC, D(2025, 3, 20))
    steps = walk(child(discussions=discussions, meetings=(icpc,)))
    assert [(s.rule, s.anchor, s.held) for s in steps] == [
        ("icpc", D(2025, 3, 3), icpc),
        ("icpc", D(2026, 11, 16), None),
    ]


def test_a_plan_with_no_conference_on_record_still_answers_the_discussion() -> None:
    steps = walk(
        child(discussions=(Discussion(D(2026, 8, 3), True, False),), plans=(Period(D(2026, 8, 20), None, "PHY"),))
    )
    assert [(s.rule, s.anchor) for s in steps] == [("rcpc-first", D(2026, 8, 20))]


def test_a_new_discussion_during_a_plan_needs_no_second_initial_conference() -> None:
    steps = walk(
        child(plans=(Period(D(2026, 6, 1), None, "NEG"),), discussions=(Discussion(D(2026, 11, 2), True, False),))
    )
    assert [s.rule for s in open_steps(steps)] == ["rcpc-first"]


def test_a_transfer_in_conference_is_due_15_working_days_after_notification() -> None:
    steps = walk(child(transfers=(D(2026, 11, 16),)))
    assert [(s.rule, s.meeting_kind, s.due, s.anchor_label) for s in steps] == [
        ("transfer-in", K.TRANSFER_IN, D(2026, 12, 7), "transfer notification")
    ]


def test_a_pre_birth_conference_is_due_by_28_weeks_of_pregnancy() -> None:
    # An early referral: 28 weeks' gestation (12 weeks before the EDD) governs, not 15 working days.
    unborn = child(
        date_of_birth=None, expected_delivery=D(2027, 4, 30), discussions=(Discussion(D(2026, 11, 2), True, False),)
    )
    steps = walk(unborn)
    assert [(s.rule, s.due, s.meeting_kind, s.anchor_label) for s in steps] == [
        ("pre-birth", D(2027, 2, 5), K.PRE_BIRTH, "expected date of delivery")
    ]
    # A late referral, already past 28 weeks: within 15 working days of the discussion.
    late = child(
        date_of_birth=None, expected_delivery=D(2027, 1, 29), discussions=(Discussion(D(2026, 11, 9), True, False),)
    )
    steps = walk(late)
    assert [(s.rule, s.due, s.anchor_label) for s in steps] == [("pre-birth", D(2026, 11, 30), "strategy discussion")]


def test_after_a_pre_birth_plan_the_first_review_is_due_soon_after_the_birth() -> None:
    """Local rule (Tees): within 10 working days of the birth or 3 months of the ICPC, whichever is sooner."""
    facts = child(
        date_of_birth=D(2026, 11, 2),
        expected_delivery=D(2026, 11, 9),
        plans=(Period(D(2026, 9, 15), None, "NEG"),),
        meetings=(meeting(K.PRE_BIRTH, D(2026, 9, 15)),),
    )
    assert [(s.rule, s.due) for s in open_steps(walk(facts))] == [("rcpc-first", D(2026, 11, 16))]
    unborn = child(
        date_of_birth=None,
        expected_delivery=D(2027, 1, 9),
        plans=(Period(D(2026, 9, 15), None, "NEG"),),
        meetings=(meeting(K.PRE_BIRTH, D(2026, 9, 15)),),
    )
    assert [(s.rule, s.due) for s in open_steps(walk(unborn))] == [("rcpc-first", D(2026, 12, 15))]


def test_a_review_conference_brought_forward() -> None:
    facts = child(
        plans=(Period(D(2026, 6, 1), None, "NEG"),),
        early_reviews=(EarlyReview(K.RCPC, D(2026, 7, 1), D(2026, 7, 20), "new s47 enquiry"),),
    )
    assert [(s.rule, s.due) for s in walk(facts)] == [("rcpc-early", D(2026, 7, 20))]


# -- a family conference ----------------------------------------------------------------------------------------------


def test_a_family_conference_is_due_by_the_earliest_sibling() -> None:
    """Siblings on different clocks: one meeting satisfies both, so it is due by the earliest."""
    older = child(
        child_id=1,
        family_id=5,
        plans=(Period(D(2026, 3, 2), None, "NEG"),),
        meetings=(meeting(K.ICPC, D(2026, 3, 2)), meeting(K.RCPC, D(2026, 6, 1))),
    )
    baby = child(
        child_id=2,
        family_id=5,
        date_of_birth=D(2026, 5, 1),
        plans=(Period(D(2026, 8, 24), None, "NEG"),),
        meetings=(meeting(K.ICPC, D(2026, 8, 24)),),
    )
    alone = child(child_id=3, family_id=None, plans=(Period(D(2026, 9, 1), None, "EMO"),))
    chains = Chains(book(), TODAY)
    steps = [s for c in (older, baby, alone) for s in chains.child_steps(c)]
    found = requirements(steps, calendar(), {1: 5, 2: 5, 3: None})
    family = next(r for r in found if r.family_id == 5)
    assert family.child_ids == (1, 2)
    assert (family.rule, family.due) == ("rcpc-first", D(2026, 11, 24)), (
        "the baby's first review (3 months) comes first"
    )
    assert family.requirement_id == "cp-review:family-5:2026-08-24"
    single = next(r for r in found if r.family_id is None)
    assert single.child_ids == (3,) and single.requirement_id.startswith("cp-review:child-3:")


def test_one_booked_family_meeting_answers_every_sibling() -> None:
    booked = meeting(K.RCPC, D(2026, 11, 30), MeetingStatus.BOOKED)
    a = child(child_id=1, family_id=5, plans=(Period(D(2026, 9, 1), None, "NEG"),), meetings=(booked,))
    b = child(child_id=2, family_id=5, plans=(Period(D(2026, 9, 1), None, "NEG"),), meetings=(booked,))
    chains = Chains(book(), TODAY)
    found = requirements([s for c in (a, b) for s in chains.child_steps(c)], calendar(), {1: 5, 2: 5})
    assert len(found) == 1 and found[0].booked == booked and found[0].rag(TODAY, calendar()) is Rag.BOOKED


# -- exploitation and fostering --------------------------------------------------------------------------------------


def test_a_cse_referral_then_reviews_until_it_closes() -> None:
    referral = Referral(9, D(2026, 6, 1), urgent=True, closed_on=None)
    facts = child(referrals=(referral,), meetings=(meeting(K.CSE_STRATEGY, D(2026, 6, 3)),))
    steps = walk(facts)
    assert [(s.rule, s.meeting_kind, s.due) for s in steps] == [
        ("cse-urgent", K.CSE_STRATEGY, D(2026, 6, 4)),
        ("cse-review", K.CSE_REVIEW, D(2026, 9, 3)),
    ]
    closed = child(
        referrals=(Referral(9, D(2026, 6, 1), False, D(2026, 6, 3)),),
        meetings=(meeting(K.CSE_STRATEGY, D(2026, 6, 3)),),
    )
    assert open_steps(walk(closed)) == []


def test_foster_carers_are_reviewed_a_year_after_approval_then_yearly() -> None:
    household = HouseholdFacts(3, "FH3", D(2024, 2, 29), None, 8, meetings=(meeting(K.FOSTER_REVIEW, D(2025, 2, 20)),))
    steps = Chains(book(), TODAY).household_steps(household)
    assert [(s.rule, s.due, s.chain, s.subject) for s in steps] == [
        ("foster-first", D(2025, 2, 28), "foster", 3),
        ("foster", D(2026, 2, 20), "foster", 3),
    ]
    gone = HouseholdFacts(3, "FH3", D(2024, 2, 29), D(2025, 6, 1), None, meetings=household.meetings)
    assert open_steps(Chains(book(), TODAY).household_steps(gone)) == []
    found = requirements(steps, calendar(), {})
    assert found[0].household_id == 3 and found[0].child_ids == () and found[0].requirement_id.startswith("foster:")


# -- RAG ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entered_care", "booked_on", "rag"),
    [
        (D(2026, 10, 1), None, Rag.OVERDUE),  # due 29 Oct
        (D(2026, 10, 1), D(2026, 12, 1), Rag.OVERDUE),  # overdue even though booked later
        (D(2026, 11, 2), None, Rag.DUE_SOON),  # due Mon 30 Nov: 2 working days left
        (D(2026, 11, 2), D(2026, 12, 2), Rag.BOOKED_LATE),
        (D(2026, 11, 2), D(2026, 11, 27), Rag.BOOKED),
        (D(2026, 11, 20), None, Rag.NOT_BOOKED),
    ],
)
def test_rag_status(entered_care: dt.date, booked_on: dt.date | None, rag: Rag) -> None:
    meetings = (meeting(K.CLA_REVIEW, booked_on, MeetingStatus.BOOKED),) if booked_on else ()
    facts = child(episodes=(Period(entered_care, None, "C2"),), meetings=meetings)
    found = requirements(walk(facts), calendar(), {})
    assert found[0].rag(TODAY, calendar()) is rag


def test_working_days_left_counts_to_the_latest_working_day() -> None:
    found = requirements(walk(child(episodes=(Period(D(2026, 11, 2), None, "C2"),))), calendar(), {})
    assert found[0].latest_working_day == D(2026, 11, 30)
    assert found[0].working_days_left(TODAY, calendar()) == 2
    assert Rag.OVERDUE.label == "Overdue" and Rag.OVERDUE.severity < Rag.BOOKED.severity


def test_without_history_only_open_steps_are_built() -> None:
    facts = child(
        episodes=(Period(D(2025, 1, 6), None, "C1"),),
        meetings=(meeting(K.CLA_REVIEW, D(2025, 1, 30)), meeting(K.CLA_REVIEW, D(2025, 4, 25))),
    )
    steps = Chains(book(), TODAY, history=False).child_steps(facts)
    assert [(s.rule, s.anchor) for s in steps] == [("cla", D(2025, 4, 25))]
