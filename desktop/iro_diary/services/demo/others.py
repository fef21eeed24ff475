"""CSE strategy and review meetings, and foster carer reviews (local and Fostering Regulations chains)."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta

from iro_diary.domain.codes import MeetingKind
from iro_diary.services.demo import names
from iro_diary.services.demo.builder import Attending, DemoBuilder
from iro_diary.services.demo.people import add_child, birth_date, ethnicity, social_worker
from iro_diary.services.demo.profile import arrivals, pick
from iro_diary.services.demo.records import DemoIro

CSE_YEARS_SIMULATED = 2
FOSTER_YEARS_SIMULATED = 12
URGENT_SHARE = 0.15


def simulate_cse(b: DemoBuilder, chairs: list[DemoIro]) -> None:
    """Referrals for exploitation: a strategy meeting, then reviews every few months until it closes."""
    per_day = b.profile["stock"]["cse_referrals_per_year"] * b.scale / 365.25
    first = b.today - relativedelta(years=CSE_YEARS_SIMULATED)
    for day in arrivals(b.rng, first, b.today, per_day):
        _referral(b, pick(b.rng, chairs).id, day)


def _referral(b: DemoBuilder, chair: int, referred: dt.date) -> None:
    born = birth_date(b, referred, 11, 16)
    surname = pick(b.rng, names.SURNAMES)
    child_id = add_child(
        b,
        surname=surname,
        born=born,
        ethnicity=ethnicity(b, "on_plan"),
        family_id=None,
        iro_id=chair,  # the chair of the CSE meetings holds the case while the concern is open
        social_worker=social_worker(b),
    )
    urgent = b.rng.random() < URGENT_SHARE
    concern = b.data.add(
        "exploitation_concern",
        child_id=child_id,
        referred_on=referred,
        urgent=urgent,
        closed_on=None,
        version=1,
    )
    child = [Attending(child_id, born)]
    outcome = b.meeting(MeetingKind.CSE_STRATEGY, "cse-urgent" if urgent else "cse-initial", referred, chair, child)
    reviews = b.rng.randint(1, 3)
    while outcome is not None and outcome.held:
        if reviews == 0:
            b.data.row("exploitation_concern", concern)["closed_on"] = outcome.day
            b.data.row("child", child_id)["allocated_iro_id"] = None
            return
        outcome = b.meeting(MeetingKind.CSE_REVIEW, "cse-review", outcome.day, chair, child)
        reviews -= 1


def simulate_fostering(b: DemoBuilder, chairs: list[DemoIro]) -> None:
    """Approved foster households and their annual reviews (Fostering Services Regulations 2011 reg 28)."""
    households = b.scaled(b.profile["stock"]["foster_households"])
    first_day = b.today - relativedelta(years=FOSTER_YEARS_SIMULATED)
    span = (b.today - first_day).days
    approvals = sorted(first_day + dt.timedelta(days=b.rng.randrange(span)) for _ in range(households))
    for number, approved in enumerate(approvals, start=1):
        chair = chairs[number % len(chairs)].id
        _household(b, number, approved, chair)


def _household(b: DemoBuilder, number: int, approved: dt.date, chair: int) -> None:
    surname = pick(b.rng, names.SURNAMES)
    leaves = b.rng.random() < 0.2
    deregistered = approved + dt.timedelta(days=b.rng.randint(400, 3000)) if leaves else None
    if deregistered is not None and deregistered >= b.today:
        deregistered = None
    household = b.data.add(
        "foster_household",
        household_ref=f"FH{number:05d}",
        name=f"{surname} household",
        approved_on=approved,
        deregistered_on=deregistered,
        allocated_iro_id=None if deregistered else chair,
        version=1,
    )
    anchor, rule = approved, "foster-first"
    while deregistered is None or b.rules.due(rule, anchor) < deregistered:
        outcome = b.meeting(MeetingKind.FOSTER_REVIEW, rule, anchor, chair, household_id=household, room_share=0.5)
        if outcome is None or not outcome.held:
            return
        anchor, rule = outcome.day, "foster"
