"""Child protection: strategy discussions, initial conferences for families, plans and review conferences.

Working Together (2023 ch.4) drives the chain: the initial conference within 15 working days of the strategy
discussion that initiated s47 enquiries; the first review within 3 months; then at most 6-monthly until the
plan ends. Pre-birth and transfer-in conferences follow the local rules in the rules file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from dateutil.relativedelta import relativedelta

from iro_diary.domain.codes import MeetingKind
from iro_diary.services.demo import names
from iro_diary.services.demo.builder import Attending, DemoBuilder, Outcome
from iro_diary.services.demo.people import (
    Caseloads,
    add_child,
    add_family,
    birth_date,
    ethnicity,
    social_worker,
)
from iro_diary.services.demo.profile import arrivals, mean_of, pick, weighted_choice
from iro_diary.services.demo.records import DemoIro

YEARS_SIMULATED = 3
# Families entering per year are set so that the number of children on a plan on the demo's "today" matches
# the profile; plans run from the conference, so the rate allows for the weeks before it.
STOCK_CORRECTION = 0.87


def simulate_protection(b: DemoBuilder, iros: list[DemoIro]) -> None:
    """Every family with a strategy discussion in the last three years, and what followed."""
    cp = b.profile["protection"]
    children_on_plan = b.profile["stock"]["children_on_plan"] * b.scale
    families_on_plan = children_on_plan / mean_of(cp["family_sizes"])
    plan_years = mean_of(cp["plan_months"]) / 12
    leads_to_plan = (1 - float(cp["no_conference_needed"])) * (1 - float(cp["icpc_without_plan"]))
    per_day = STOCK_CORRECTION * families_on_plan / plan_years / leads_to_plan / 365.25
    caseloads = Caseloads(b, iros)
    first = b.today - relativedelta(years=YEARS_SIMULATED)
    for day in arrivals(b.rng, first, b.today, per_day):
        _family(b, caseloads, day)


def _family(b: DemoBuilder, caseloads: Caseloads, discussion: dt.date) -> None:
    cp = b.profile["protection"]
    months = int(weighted_choice(b.rng, cp["plan_months"]))
    planned_end = discussion + relativedelta(months=months)
    chair = caseloads.allocate(discussion, planned_end if planned_end < b.today else None)
    surname = pick(b.rng, names.SURNAMES)
    family_id = add_family(b, surname)
    category = weighted_choice(b.rng, cp["category"])
    variant = b.rng.random()
    if variant < float(cp["pre_birth"]):
        _pre_birth(b, chair, family_id, surname, discussion, category, planned_end)
        return
    size = int(weighted_choice(b.rng, cp["family_sizes"]))
    children = _children(b, family_id, surname, size, discussion, chair, category, planned_end)
    if variant < float(cp["pre_birth"]) + float(cp["transfer_in"]):
        notified = discussion
        link = b.data.add(
            "transfer_notification",
            received_on=notified,
            from_authority=pick(b.rng, names.OTHER_AUTHORITIES),
            family_id=family_id,
            version=1,
        )
        for child in children:
            b.data.add("transfer_notification_child", transfer_notification_id=link, child_id=child.child_id)
        first = b.meeting(
            MeetingKind.TRANSFER_IN,
            "transfer-in",
            notified,
            chair,
            children,
            family_id=family_id,
            decision=lambda _day: "plan-made",
        )
        _plans_and_reviews(b, chair, family_id, children, first, planned_end, since=notified)
        return
    _discussion(b, family_id, children, discussion, chair, planned_end)


def _discussion(
    b: DemoBuilder,
    family_id: int,
    children: Sequence[Attending],
    held_on: dt.date,
    chair: int,
    planned_end: dt.date,
) -> None:
    cp = b.profile["protection"]
    not_needed = b.rng.random() < float(cp["no_conference_needed"])
    record_discussion(b, family_id, children, held_on, conference_not_required=not_needed)
    if not_needed:
        return
    no_plan = b.rng.random() < float(cp["icpc_without_plan"])
    icpc = b.meeting(
        MeetingKind.ICPC,
        "icpc",
        held_on,
        chair,
        children,
        family_id=family_id,
        decision=lambda _day: "no-plan" if no_plan else "plan-made",
    )
    if icpc is None or not icpc.held:
        _await_conference(b, children, chair, held_on)
    elif not no_plan:
        _plans_and_reviews(b, chair, family_id, children, icpc, planned_end, since=held_on)


def record_discussion(
    b: DemoBuilder, family_id: int, children: Sequence[Attending], held_on: dt.date, *, conference_not_required: bool
) -> None:
    """A strategy discussion that initiated s47 enquiries for these children (it starts the ICPC clock)."""
    sd = b.data.add(
        "strategy_discussion",
        held_on=held_on,
        s47_initiated=True,
        conference_not_required=conference_not_required,
        family_id=family_id,
        note=None,
        version=1,
    )
    for child in children:
        b.data.add("strategy_discussion_child", strategy_discussion_id=sd, child_id=child.child_id)


def _allocate(b: DemoBuilder, children: Sequence[Attending], chair: int | None) -> None:
    for child in children:
        b.data.row("child", child.child_id)["allocated_iro_id"] = chair


def _await_conference(b: DemoBuilder, children: Sequence[Attending], chair: int, since: dt.date) -> None:
    """Allocated to the chair from the strategy discussion (or notification) while the conference is awaited,
    with a dated allocation so the caseload history sees them too."""
    _allocate(b, children, chair)
    for child in children:
        b.data.add("iro_allocation", child_id=child.child_id, iro_id=chair, start_date=since, end_date=None)


def _children(
    b: DemoBuilder,
    family_id: int,
    surname: str,
    size: int,
    on: dt.date,
    chair: int,
    category: str,
    planned_end: dt.date,
) -> list[Attending]:
    cp = b.profile["protection"]
    code = ethnicity(b, "on_plan")
    worker = social_worker(b)
    children = []
    for _ in range(size):
        born = birth_date(b, on, 0, 15)
        child_id = add_child(
            b,
            surname=surname,
            born=born,
            ethnicity=code,
            family_id=family_id,
            iro_id=None,
            social_worker=worker,
        )
        if b.rng.random() < float(cp["repeat_plan"]) and on - born > dt.timedelta(days=900):
            ended = on - dt.timedelta(days=b.rng.randint(200, 700))
            b.data.add(
                "protection_plan",
                child_id=child_id,
                start_date=max(born, ended - dt.timedelta(days=270)),
                end_date=ended,
                category=category,
                version=1,
            )
        children.append(Attending(child_id, born, category))
    return children


def _plans_and_reviews(
    b: DemoBuilder,
    chair: int,
    family_id: int,
    children: Sequence[Attending],
    first: Outcome | None,
    planned_end: dt.date,
    *,
    since: dt.date,
    born: dt.date | None = None,
) -> None:
    if first is None or not first.held:
        _await_conference(b, children, chair, since)
        return
    _allocate(b, children, chair)
    plan_ids = [
        b.data.add(
            "protection_plan",
            child_id=c.child_id,
            start_date=first.day,
            end_date=None,
            category=c.category,
            version=1,
        )
        for c in children
    ]
    allocation_ids = [
        b.data.add("iro_allocation", child_id=c.child_id, iro_id=chair, start_date=first.day, end_date=None)
        for c in children
    ]
    anchor, rule = first.day, "rcpc-first"
    while True:
        due = b.rules.due(rule, anchor)
        if born is not None and rule == "rcpc-first":
            due = min(due, b.rules.due("rcpc-first-after-birth", born))
        outcome = b.meeting(
            MeetingKind.RCPC,
            rule,
            anchor,
            chair,
            children,
            due=due,
            family_id=family_id,
            decision=lambda day: "plan-ends" if day >= planned_end else "plan-continues",
        )
        if outcome is None or not outcome.held:
            return
        if outcome.day >= planned_end:
            _end_plans(b, plan_ids, allocation_ids, children, outcome.day)
            return
        anchor, rule = outcome.day, "rcpc"


def _end_plans(
    b: DemoBuilder,
    plan_ids: list[int],
    allocation_ids: list[int],
    children: Sequence[Attending],
    day: dt.date,
) -> None:
    """The review conference ended the plans: close them, and the children leave their IRO's caseload."""
    for plan_id in plan_ids:
        b.data.row("protection_plan", plan_id)["end_date"] = day
    for allocation_id in allocation_ids:
        b.data.row("iro_allocation", allocation_id)["end_date"] = day
    _allocate(b, children, None)


def _pre_birth(
    b: DemoBuilder,
    chair: int,
    family_id: int,
    surname: str,
    discussion: dt.date,
    category: str,
    planned_end: dt.date,
) -> None:
    """An unborn baby: conference before the birth, first review soon after it (local rules)."""
    expected = discussion + dt.timedelta(weeks=b.rng.randint(14, 22))
    born = expected + dt.timedelta(days=b.rng.randint(-14, 7))
    born_yet = born < b.today
    child_id = add_child(
        b,
        surname=surname,
        born=born if born_yet else None,
        expected=expected,
        ethnicity=ethnicity(b, "on_plan"),
        family_id=family_id,
        iro_id=None,
        social_worker=social_worker(b),
    )
    child = Attending(child_id, born if born_yet else None, category)
    record_discussion(b, family_id, [child], discussion, conference_not_required=False)
    pre_birth_due = b.rules.due("pre-birth", expected)
    due = pre_birth_due if pre_birth_due > discussion else b.rules.due("icpc", discussion)
    conference = b.meeting(
        MeetingKind.PRE_BIRTH,
        "pre-birth",
        discussion,
        chair,
        [child],
        due=due,
        family_id=family_id,
        decision=lambda _day: "plan-made",
    )
    _plans_and_reviews(
        b, chair, family_id, [child], conference, planned_end, since=discussion, born=born if born_yet else None
    )
