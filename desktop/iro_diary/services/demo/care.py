"""Children in care: episodes starting at a steady rate, each followed by its chain of reviews.

Reg 33 of the Care Planning, Placement and Case Review (England) Regulations 2010 drives the chain (first
review within 20 working days, second within 3 months, then 6-monthly); short breaks (V3/V4) follow reg 48.
The rules themselves come from the rule book, never from this module.
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta

from iro_diary.domain.codes import SHORT_BREAK_LEGAL_STATUSES, MeetingKind
from iro_diary.services.demo import names
from iro_diary.services.demo.builder import Attending, DemoBuilder
from iro_diary.services.demo.people import (
    Caseloads,
    add_child,
    add_family,
    birth_date,
    ethnicity,
    social_worker,
)
from iro_diary.services.demo.profile import arrivals, pick, weighted_choice
from iro_diary.services.demo.records import DemoIro

YEARS_SIMULATED = 10
AWAITING_IRO_WORKING_DAYS = 3
SIBLING_GROUP_SIZES = {"1": 0.72, "2": 0.2, "3": 0.08}
# Entrants per year are set so that the stock of children in care on the demo's "today" matches the profile;
# the factor allows for episodes cut short at the 18th birthday.
STOCK_CORRECTION = 1.06


def simulate_care(b: DemoBuilder, iros: list[DemoIro], history_start: dt.date) -> None:
    """Every episode of care open at some point since `history_start`, with its review chain."""
    care = b.profile["care"]
    stock = b.profile["stock"]["children_in_care"] * b.scale
    mean_group = sum(int(k) * v for k, v in SIBLING_GROUP_SIZES.items())
    groups_per_day = STOCK_CORRECTION * stock / float(care["mean_years_in_care"]) / mean_group / 365.25
    caseloads = Caseloads(b, iros)
    first = b.today - relativedelta(years=YEARS_SIMULATED)
    for day in arrivals(b.rng, first, b.today, groups_per_day):
        _sibling_group(b, caseloads, day, history_start)


def _sibling_group(b: DemoBuilder, caseloads: Caseloads, start: dt.date, history_start: dt.date) -> None:
    care = b.profile["care"]
    years = min(b.rng.expovariate(1 / float(care["mean_years_in_care"])), float(care["max_years_in_care"]))
    planned_end = start + dt.timedelta(days=round(years * 365.25))
    if planned_end < history_start:
        return  # left care before the demo's history begins
    size = int(weighted_choice(b.rng, SIBLING_GROUP_SIZES))
    surname = pick(b.rng, names.SURNAMES)
    family_id = add_family(b, surname) if size > 1 else None
    still_in_care = planned_end >= b.today
    iro_id = caseloads.allocate(start, None if still_in_care else planned_end)
    # The IRO Handbook allows 5 working days to allocate an IRO: the newest arrivals are still waiting for one
    # (the team lead's Allocate dialog lists them); the diary manager has already pencilled in a chair.
    awaiting_iro = b.calendar.working_days_between(start, b.today) < AWAITING_IRO_WORKING_DAYS
    worker = social_worker(b)
    code = ethnicity(b, "in_care")
    legal_status = weighted_choice(b.rng, care["legal_status"])
    for _ in range(size):
        born = birth_date(b, start, 0, 16)
        child_id = add_child(
            b,
            surname=surname,
            born=born,
            ethnicity=code,
            family_id=family_id,
            iro_id=iro_id if still_in_care and not awaiting_iro else None,
            social_worker=worker,
            boys=float(care["boys"]),
        )
        end = min(planned_end, born + relativedelta(years=18) - dt.timedelta(days=1))
        if end < b.today:
            b.data.row("child", child_id)["allocated_iro_id"] = None  # left care (at 18 at the latest)
        if b.rng.random() < float(care["returned_to_care"]):
            _earlier_episode(b, child_id, born, start, iro_id)
        _episode(b, child_id, born, start, end, legal_status, iro_id, allocated=not awaiting_iro)


def _earlier_episode(b: DemoBuilder, child_id: int, born: dt.date, start: dt.date, iro_id: int) -> None:
    """A previous, shorter time in care: the current episode is a new 'first' (DOMAIN.md)."""
    left = start - dt.timedelta(days=b.rng.randint(120, 700))
    began = left - dt.timedelta(days=b.rng.randint(40, 300))
    if began > born:
        _episode(b, child_id, born, began, left, "V2", iro_id)


def _episode(
    b: DemoBuilder,
    child_id: int,
    born: dt.date,
    start: dt.date,
    end: dt.date,
    legal_status: str,
    iro_id: int,
    *,
    allocated: bool = True,
) -> None:
    care = b.profile["care"]
    open_episode = end >= b.today
    within = b.rng.random() < float(care["placed_within_20_miles"])
    distance = round(b.rng.uniform(0.5, 19.5) if within else b.rng.uniform(20.5, 140), 1)
    b.data.add(
        "care_episode",
        child_id=child_id,
        start_date=start,
        end_date=None if open_episode else end,
        legal_status=legal_status,
        placement_distance_miles=distance,
        version=1,
    )
    if allocated:
        b.data.add(
            "iro_allocation",
            child_id=child_id,
            iro_id=iro_id,
            start_date=start,
            end_date=None if open_episode else end,
        )
    short_break = legal_status in SHORT_BREAK_LEGAL_STATUSES
    rules = ("short-break-first", "short-break") if short_break else ("cla-first", "cla-second", "cla")
    _reviews(b, child_id, born, start, end, iro_id, rules, float(care["at_external_venue"]))


def _reviews(
    b: DemoBuilder,
    child_id: int,
    born: dt.date,
    start: dt.date,
    end: dt.date,
    iro_id: int,
    rules: tuple[str, ...],
    at_venue: float,
) -> None:
    anchor, step = start, 0
    while True:
        rule = rules[min(step, len(rules) - 1)]
        if b.rules.due(rule, anchor) > end and end < b.today:
            return  # left care before the review fell due
        outcome = b.meeting(
            MeetingKind.CLA_REVIEW, rule, anchor, iro_id, [Attending(child_id, born)], room_share=1 - at_venue
        )
        if outcome is None or not outcome.held or outcome.day > end:
            return
        anchor, step = outcome.day, step + 1
