"""What is recorded when a meeting is marked held: each child's participation, or the conference's decision.

Looked-after reviews record the SSDA903 participation code (PN0–PN7; PN0 exactly when the child is under 4 on the
review date, SSDA903 rules 440/441). Conferences record the decision for each child and, when a plan is made or
continues, its category (CIN census category of abuse). The decision is what moves the child protection chain: a
plan made at an initial conference starts the review conferences, a plan ending stops them (Working Together 2023
ch.4).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from iro_diary.domain.codes import PARTICIPATION_LABELS, MeetingKind, PlanCategory
from iro_diary.domain.errors import ValidationError

INITIAL_DECISIONS = {"plan-made": "Child protection plan made", "no-plan": "No plan needed"}
REVIEW_DECISIONS = {"plan-continues": "Plan continues", "plan-ends": "Plan ends"}
UNDER_FOUR_CODE = "PN0"
# SSDA903 validation rules 440/441: PN0 is for a child under 4 on the day of the review, and only for them.
UNDER_FOUR_AGE = 4


@dataclass(frozen=True, slots=True)
class ChildOutcome:
    """One child's outcome of a held meeting (None where it does not apply or was not recorded)."""

    child_id: int
    participation: str | None = None
    decision: str | None = None
    category: str | None = None


def age_on(born: dt.date, day: dt.date) -> int:
    """Whole years of age on `day`."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def is_under_four(born: dt.date, day: dt.date) -> bool:
    """Whether a child born on `born` is under 4 on `day`: their participation code is then PN0."""
    return age_on(born, day) < UNDER_FOUR_AGE


def decisions_for(kind: MeetingKind) -> dict[str, str]:
    """The decisions a conference of this kind can make (none for other meetings)."""
    if kind is MeetingKind.RCPC:
        return REVIEW_DECISIONS
    if kind.is_conference:
        return INITIAL_DECISIONS
    return {}


def default_participation(born: dt.date | None, day: dt.date) -> str | None:
    """PN0 for a child under 4 on the review date; otherwise it has to be recorded."""
    if born is not None and is_under_four(born, day):
        return UNDER_FOUR_CODE
    return None


def check_outcome(kind: MeetingKind, outcome: ChildOutcome, born: dt.date | None, case_ref: str, day: dt.date) -> None:
    """Raise ValidationError, naming the child, when the outcome does not fit the meeting or the child."""
    code = outcome.participation
    if code is not None:
        if kind is not MeetingKind.CLA_REVIEW:
            raise ValidationError(f"{case_ref}: participation codes are recorded for looked-after reviews only")
        if code not in PARTICIPATION_LABELS:
            raise ValidationError(f"{case_ref}: '{code}' is not a participation code (PN0–PN7)")
        under_four = born is not None and is_under_four(born, day)
        if code == UNDER_FOUR_CODE and not under_four:
            raise ValidationError(f"{case_ref}: PN0 is only for a child under 4 on the day of the review")
        if under_four and code != UNDER_FOUR_CODE:
            raise ValidationError(f"{case_ref} was under 4 on the day of the review: the code is PN0")
    _check_decision(kind, outcome, case_ref)


def _check_decision(kind: MeetingKind, outcome: ChildOutcome, case_ref: str) -> None:
    allowed = decisions_for(kind)
    if outcome.decision is not None and outcome.decision not in allowed:
        if not allowed:
            raise ValidationError(f"{case_ref}: decisions are recorded for conferences only")
        raise ValidationError(f"{case_ref}: the decision must be one of {', '.join(allowed)}")
    if outcome.category is not None:
        if outcome.category not in PlanCategory.__members__:
            raise ValidationError(f"{case_ref}: '{outcome.category}' is not a category (NEG PHY EMO SAB MUL)")
        if outcome.decision not in ("plan-made", "plan-continues"):
            raise ValidationError(f"{case_ref}: a category is recorded only when a plan is made or continues")
    if outcome.decision == "plan-made" and outcome.category is None:
        raise ValidationError(f"{case_ref}: give the plan's category (NEG PHY EMO SAB MUL)")
