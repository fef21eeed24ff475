"""Caseload maths: distinct children weighted over FTE against the band, and month-end history."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iro_diary.domain.caseload import (
    Band,
    BandStatus,
    Case,
    CaseKind,
    Holding,
    Tally,
    Timeline,
    Weights,
    caseload_per_fte,
    classify,
    is_staffed_on,
    month_ends,
    spread_of,
    tallies_over_time,
    weighted_caseload,
)
from iro_diary.domain.errors import ValidationError

IN_CARE, ON_PLAN, CSE, OTHER = CaseKind.IN_CARE, CaseKind.ON_PLAN, CaseKind.CSE, CaseKind.OTHER
HANDBOOK = Band(50, 70)


@pytest.mark.parametrize(
    ("weighted", "fte", "per_fte"),
    [
        (60, 1.0, 60.0),  # a full-time IRO with 60 children is inside the band
        (30, 0.5, 60.0),  # half-time with 30 is the same load
        (42, 0.6, 70.0),  # three days a week: 42 children is the top of the band
        (21, 0.3, 70.0),
        (0, 0.4, 0.0),
    ],
)
def test_caseload_per_fte_scales_part_time_posts(weighted: float, fte: float, per_fte: float) -> None:
    assert caseload_per_fte(weighted, fte) == pytest.approx(per_fte)


@pytest.mark.parametrize("fte", [0, 0.0, -0.5])
def test_zero_fte_is_refused_not_divided_by(fte: float) -> None:
    with pytest.raises(ValidationError, match="FTE must be more than 0"):
        caseload_per_fte(10, fte)


@pytest.mark.parametrize(
    ("in_care", "on_plan", "cse", "kind"),
    [
        (True, True, True, IN_CARE),
        (False, True, True, ON_PLAN),
        (False, False, True, CSE),
        (False, False, False, OTHER),
    ],
)
def test_a_child_counts_once_as_the_first_kind_that_applies(
    in_care: bool, on_plan: bool, cse: bool, kind: CaseKind
) -> None:
    assert classify(in_care=in_care, on_plan=on_plan, cse=cse) is kind


def _cases(*spec: tuple[int, CaseKind, int | None]) -> list[Case]:
    return [Case(child, kind, family) for child, kind, family in spec]


@pytest.mark.parametrize(
    ("cases", "households", "weights", "expected"),
    [
        (_cases((1, IN_CARE, None), (2, IN_CARE, None), (3, IN_CARE, 9)), 0, Weights(), 3.0),
        # the same child listed twice (in care and allocated) counts once
        (_cases((1, IN_CARE, None), (1, IN_CARE, None)), 0, Weights(), 1.0),
        # two brothers on plans: per child at 0.5 each ...
        (_cases((1, ON_PLAN, 7), (2, ON_PLAN, 7)), 0, Weights(child_protection=0.5), 1.0),
        # ... or one family at 0.5 when child protection is counted per family
        (_cases((1, ON_PLAN, 7), (2, ON_PLAN, 7)), 0, Weights(0.5, protection_per_family=True), 0.5),
        # a child awaiting a conference weighs as child protection work; families without an id stay apart
        (_cases((1, OTHER, None), (2, ON_PLAN, None)), 0, Weights(0.5, protection_per_family=True), 1.0),
        (_cases((1, CSE, None), (2, CSE, None)), 0, Weights(cse=1.5), 3.0),
        ([], 8, Weights(foster_household=0.25), 2.0),
        (_cases((1, IN_CARE, 5), (2, ON_PLAN, 5), (3, CSE, None)), 4, Weights(2.0, cse=0.5), 1 + 2 + 0.5 + 1),
    ],
)
def test_weighted_caseload(cases: list[Case], households: int, weights: Weights, expected: float) -> None:
    assert weighted_caseload(cases, weights, households) == pytest.approx(expected)


def test_negative_weights_are_refused() -> None:
    with pytest.raises(ValidationError, match="cannot be negative"):
        Weights(cse=-1)


@pytest.mark.parametrize(
    ("per_fte", "status"),
    [(49.9, BandStatus.UNDER), (50, BandStatus.IN), (70, BandStatus.IN), (70.1, BandStatus.OVER)],
)
def test_band_status_at_the_edges(per_fte: float, status: BandStatus) -> None:
    assert HANDBOOK.status(per_fte) is status


def test_a_band_upside_down_is_refused_with_the_settings_to_change() -> None:
    with pytest.raises(ValidationError, match=r"caseload\.band-low or caseload\.band-high"):
        Band(80, 70)


def test_spread_of_caseloads() -> None:
    spread = spread_of([50.0, 60.0, 70.0])
    assert spread is not None
    assert (spread.mean, spread.lowest, spread.highest) == (60.0, 50.0, 70.0)
    assert spread.std_dev == pytest.approx(8.165, abs=1e-3)
    assert spread_of([]) is None


case_strategy = st.builds(
    Case,
    child_id=st.integers(1, 40),
    kind=st.sampled_from(list(CaseKind)),
    family_id=st.one_of(st.none(), st.integers(1, 5)),
)


@given(
    held=st.lists(case_strategy, unique_by=lambda c: c.child_id, max_size=15),
    moving=st.lists(case_strategy, unique_by=lambda c: c.child_id, max_size=6),
    per_family=st.booleans(),
)
def test_adding_and_removing_weigh_what_the_tally_changes_by(
    held: list[Case], moving: list[Case], per_family: bool
) -> None:
    weights = Weights(0.7, per_family, 1.3, 0.25)
    moving = [c for c in moving if c.child_id not in {h.child_id for h in held}]
    tally = Tally()
    for case in held:
        tally.add(case)
    before = tally.weighted(weights)
    added = tally.weight_of_adding(moving, weights)
    for case in moving:
        tally.add(case)
    assert tally.weighted(weights) == pytest.approx(before + added)
    assert tally.weight_of_removing(moving, weights) == pytest.approx(added)


# --- history ---------------------------------------------------------------------------------------------------


def test_month_ends_are_the_last_days_of_the_whole_months_before_today() -> None:
    ends = month_ends(dt.date(2026, 3, 15), 4)
    assert ends == (dt.date(2025, 11, 30), dt.date(2025, 12, 31), dt.date(2026, 1, 31), dt.date(2026, 2, 28))
    assert len(month_ends(dt.date(2026, 11, 26))) == 12


ENDS = month_ends(dt.date(2026, 6, 10), 5)  # 31 Jan, 28 Feb, 31 Mar, 30 Apr, 31 May 2026


def _counts(tallies: list[dict[int, Tally]], iro: int) -> list[int]:
    return [t[iro].children if iro in t else 0 for t in tallies]


def test_a_child_transferred_mid_month_counts_once_for_the_iro_holding_them_at_month_end() -> None:
    holdings = [
        Holding(1, iro_id=10, start=dt.date(2025, 9, 1), end=dt.date(2026, 3, 14)),
        Holding(1, iro_id=20, start=dt.date(2026, 3, 15), end=None),
    ]
    tallies = tallies_over_time(ENDS, holdings, {}, {})
    assert _counts(tallies, 10) == [1, 1, 0, 0, 0]
    assert _counts(tallies, 20) == [0, 0, 1, 1, 1]
    assert [sum(t.children for t in by_iro.values()) for by_iro in tallies] == [1] * 5


def test_overlapping_holdings_never_count_a_child_twice() -> None:
    holdings = [
        Holding(1, iro_id=10, start=dt.date(2026, 1, 1), end=None),
        Holding(1, iro_id=20, start=dt.date(2026, 2, 1), end=None),  # a fallback (e.g. CSE chair) given later
    ]
    tallies = tallies_over_time(ENDS, holdings, {}, {})
    assert _counts(tallies, 10) == [1] * 5 and _counts(tallies, 20) == [0] * 5


def test_a_childs_kind_follows_their_episodes_and_plans_over_time() -> None:
    timeline = Timeline(
        care=((dt.date(2026, 4, 1), None),),
        plans=((dt.date(2026, 1, 10), dt.date(2026, 3, 31)),),
    )
    tallies = tallies_over_time(ENDS, [Holding(1, 10, dt.date(2026, 1, 5), None)], {1: timeline}, {1: None})
    kinds = [next(k for k, n in t[10].counts.items() if n) for t in tallies]
    assert kinds == [ON_PLAN, ON_PLAN, ON_PLAN, IN_CARE, IN_CARE]


def test_history_counts_protection_families_when_asked() -> None:
    plan = Timeline(plans=((dt.date(2025, 1, 1), None),))
    holdings = [Holding(c, 10, dt.date(2026, 2, 15), None) for c in (1, 2, 3)]
    timelines = {1: plan, 2: plan, 3: plan}
    families = {1: 7, 2: 7, 3: None}
    by_family = Weights(1.0, protection_per_family=True)
    tallies = tallies_over_time(ENDS, holdings, timelines, families, count_families=True)
    assert [t[10].weighted(by_family) if 10 in t else 0 for t in tallies] == [0, 2, 2, 2, 2]
    assert [t[10].weighted(Weights()) if 10 in t else 0 for t in tallies] == [0, 3, 3, 3, 3]


def test_foster_households_are_counted_while_approved() -> None:
    households = [Holding(1, 10, dt.date(2026, 3, 1), dt.date(2026, 4, 15)), Holding(2, 10, dt.date(2024, 1, 1), None)]
    tallies = tallies_over_time(ENDS, [], {}, {}, households)
    assert [t[10].households for t in tallies] == [1, 1, 2, 1, 1]  # the first deregistered on 15 April


def test_an_iro_who_left_is_in_post_until_the_day_before_they_left() -> None:
    left = dt.date(2026, 4, 1)
    assert is_staffed_on(left, dt.date(2026, 3, 31))
    assert not is_staffed_on(left, dt.date(2026, 4, 1))
    assert is_staffed_on(None, dt.date(2030, 1, 1))
