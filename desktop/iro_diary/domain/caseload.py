"""Caseload maths: distinct children allocated, weighted, divided by FTE, and judged against the band.

IRO Handbook 2010 (para 7.15; research notes §2.3): "a caseload of 50-70 looked after children for a full time
equivalent IRO". The Handbook's unit is one looked-after child. How child protection work, CSE and foster
households count against that is a local decision (DOMAIN.md, "Caseload"), so the weights and the band are
settings that the caller passes in; nothing here is a constant of the law.

A child counts once however many things are open for them, as the first of: in care, on a protection plan, an
open exploitation (CSE) concern, otherwise "other" (allocated with nothing open yet, e.g. awaiting an initial
conference, weighted like child protection work).
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from iro_diary.domain.errors import ValidationError


class CaseKind(StrEnum):
    """Why a child is on an IRO's caseload, in the order that decides it."""

    IN_CARE = "in-care"
    ON_PLAN = "on-plan"
    CSE = "cse"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            CaseKind.IN_CARE: "In care",
            CaseKind.ON_PLAN: "On a plan",
            CaseKind.CSE: "CSE",
            CaseKind.OTHER: "Other",
        }[self]

    @property
    def is_protection(self) -> bool:
        """Weighted as child protection work (on a plan, or allocated awaiting a conference)."""
        return self in _PROTECTION


# Members bound once: on Python 3.11 looking a member up on its enum class costs microseconds, and the hot
# paths below run for every child of a large service.
_IN_CARE, _ON_PLAN, _CSE, _OTHER = CaseKind.IN_CARE, CaseKind.ON_PLAN, CaseKind.CSE, CaseKind.OTHER
_PROTECTION = frozenset({_ON_PLAN, _OTHER})


def classify(*, in_care: bool, on_plan: bool, cse: bool) -> CaseKind:
    """The one kind a child counts as: in care before a plan before CSE before anything else."""
    if in_care:
        return _IN_CARE
    if on_plan:
        return _ON_PLAN
    if cse:
        return _CSE
    return _OTHER


@dataclass(frozen=True, slots=True)
class Case:
    """One child on an IRO's caseload."""

    child_id: int
    kind: CaseKind
    family_id: int | None = None

    @property
    def family_key(self) -> int:
        """The sibling group; a child without a family is a group of one (negative, so ids never collide)."""
        return self.family_id if self.family_id is not None else -self.child_id


class BandStatus(StrEnum):
    UNDER = "under"
    IN = "in"
    OVER = "over"
    LEFT = "left"

    @property
    def label(self) -> str:
        return {
            BandStatus.UNDER: "Under band",
            BandStatus.IN: "In band",
            BandStatus.OVER: "Over band",
            BandStatus.LEFT: "Left",
        }[self]


@dataclass(frozen=True, slots=True)
class Band:
    """The caseload band, in looked-after children per FTE (the Handbook's 50-70 by default)."""

    low: float
    high: float

    def __post_init__(self) -> None:
        if self.low < 0 or self.high <= 0:
            raise ValidationError(f"the caseload band must be above 0 (it is {self.low:g}-{self.high:g})")
        if self.low > self.high:
            raise ValidationError(
                f"the caseload band's lower end ({self.low:g}) is above its upper end ({self.high:g}): "
                "change caseload.band-low or caseload.band-high"
            )

    def status(self, per_fte: float) -> BandStatus:
        if per_fte < self.low:
            return BandStatus.UNDER
        if per_fte > self.high:
            return BandStatus.OVER
        return BandStatus.IN

    @property
    def text(self) -> str:
        return f"{self.low:g}–{self.high:g}"


@dataclass(frozen=True, slots=True)
class Weights:
    """What each kind of work counts as, in looked-after children (a child in care is 1 by definition)."""

    child_protection: float = 1.0
    protection_per_family: bool = False
    cse: float = 1.0
    foster_household: float = 0.25

    def __post_init__(self) -> None:
        for name in ("child_protection", "cse", "foster_household"):
            value = getattr(self, name)
            if value < 0 or math.isnan(value):
                raise ValidationError(f"a caseload weight cannot be negative ({name.replace('_', ' ')}: {value})")

    def of_kind(self, kind: CaseKind) -> float:
        if kind is _IN_CARE:
            return 1.0
        if kind is _CSE:
            return self.cse
        return self.child_protection


class Tally:
    """One IRO's caseload as counts: children by kind, protection families, foster households."""

    __slots__ = ("counts", "households", "protection_families")

    def __init__(self) -> None:
        self.counts: dict[CaseKind, int] = dict.fromkeys(CaseKind, 0)
        self.households = 0
        self.protection_families: Counter[int] = Counter()

    def add(self, case: Case) -> None:
        self.add_child(case.kind, case.family_key)

    def add_child(self, kind: CaseKind, family_key: int) -> None:
        self.counts[kind] += 1
        if kind in _PROTECTION:
            self.protection_families[family_key] += 1

    def remove(self, case: Case) -> None:
        self.counts[case.kind] -= 1
        if case.kind in _PROTECTION:
            key = case.family_key
            self.protection_families[key] -= 1
            if self.protection_families[key] <= 0:
                del self.protection_families[key]

    def copy(self) -> Tally:
        other = Tally()
        other.counts = dict(self.counts)
        other.households = self.households
        other.protection_families = Counter(self.protection_families)
        return other

    @property
    def children(self) -> int:
        return sum(self.counts.values())

    def weighted(self, weights: Weights) -> float:
        """The caseload in looked-after-child units."""
        counts = self.counts
        protection = (
            len(self.protection_families) if weights.protection_per_family else counts[_ON_PLAN] + counts[_OTHER]
        )
        return (
            counts[_IN_CARE]
            + protection * weights.child_protection
            + counts[_CSE] * weights.cse
            + self.households * weights.foster_household
        )

    def weight_of_adding(self, cases: Sequence[Case], weights: Weights) -> float:
        """How much taking `cases` adds: a protection family already held adds nothing when counted by family."""
        total = 0.0
        new_families: set[int] = set()
        for case in cases:
            if case.kind.is_protection and weights.protection_per_family:
                key = case.family_key
                if key not in self.protection_families and key not in new_families:
                    new_families.add(key)
                    total += weights.child_protection
            else:
                total += weights.of_kind(case.kind)
        return total

    def weight_of_removing(self, cases: Sequence[Case], weights: Weights) -> float:
        """How much giving up `cases` (all held here) takes off: a protection family counted by family comes
        off only when none of its children stays."""
        total = 0.0
        leaving: Counter[int] = Counter()
        for case in cases:
            if case.kind.is_protection and weights.protection_per_family:
                leaving[case.family_key] += 1
            else:
                total += weights.of_kind(case.kind)
        for key, count in leaving.items():
            if count >= self.protection_families.get(key, 0):
                total += weights.child_protection
        return total


def weighted_caseload(cases: Iterable[Case], weights: Weights, households: int = 0) -> float:
    """Distinct children (and foster households) weighted: a child listed twice counts once."""
    tally = Tally()
    seen: set[int] = set()
    for case in cases:
        if case.child_id not in seen:
            seen.add(case.child_id)
            tally.add(case)
    tally.households = households
    return tally.weighted(weights)


def caseload_per_fte(weighted: float, fte: float) -> float:
    """Weighted caseload divided by FTE; an FTE of zero (or less) is refused, never divided by."""
    if not fte > 0:
        raise ValidationError(f"an IRO's FTE must be more than 0 to measure a caseload per FTE (it is {fte:g})")
    return weighted / fte


def is_staffed_on(left_on: dt.date | None, day: dt.date) -> bool:
    """Whether an IRO was in post on `day` (their last day is the day before `left_on`)."""
    return left_on is None or left_on > day


@dataclass(frozen=True, slots=True)
class Spread:
    """How caseloads per FTE are spread across a team's IROs."""

    count: int
    mean: float
    lowest: float
    highest: float
    std_dev: float


def spread_of(values: Sequence[float]) -> Spread | None:
    """Mean, range and (population) standard deviation of per-IRO caseloads per FTE; None for no IROs."""
    if not values:
        return None
    return Spread(len(values), statistics.fmean(values), min(values), max(values), statistics.pstdev(values))


# --- History: month-end snapshots from dated allocations ------------------------------------------------------


def month_ends(today: dt.date, months: int = 12) -> tuple[dt.date, ...]:
    """The last day of each of the `months` whole months before today's month, oldest first."""
    dates = []
    month_start = today.replace(day=1)
    for _ in range(months):
        month_end = month_start - dt.timedelta(days=1)
        dates.append(month_end)
        month_start = month_end.replace(day=1)
    return tuple(reversed(dates))


Interval = tuple[dt.date, dt.date | None]


class Timeline(NamedTuple):
    """A child's open periods (inclusive; an open end is None): in care, on a plan, under a CSE concern.

    Named tuples rather than dataclasses here and below: a large service makes tens of thousands of them."""

    care: tuple[Interval, ...] = ()
    plans: tuple[Interval, ...] = ()
    concerns: tuple[Interval, ...] = ()


class Holding(NamedTuple):
    """A child (or foster household) held by an IRO from `start` to `end` inclusive (None: still held)."""

    item_id: int
    iro_id: int
    start: dt.date
    end: dt.date | None


def covered(dates: Sequence[dt.date], start: dt.date, end: dt.date | None) -> range:
    """Indexes of the (sorted) `dates` that fall within start..end."""
    first = bisect.bisect_left(dates, start)
    last = len(dates) if end is None else bisect.bisect_right(dates, end)
    return range(first, last)


def kinds_on(dates: Sequence[dt.date], timeline: Timeline) -> list[CaseKind]:
    """The child's kind on each date (OTHER where nothing is open): later rules overwrite earlier ones."""
    size = len(dates)
    care, plans, concerns = timeline
    if len(care) + len(plans) + len(concerns) == 1:  # most children: one episode, plan or concern
        (start, end), kind = (care or plans or concerns)[0], _IN_CARE if care else _ON_PLAN if plans else _CSE
        span = covered(dates, start, end)
        return [_OTHER] * span.start + [kind] * len(span) + [_OTHER] * (size - span.stop)
    kinds = [_OTHER] * size
    for intervals, kind in ((timeline.concerns, _CSE), (timeline.plans, _ON_PLAN), (timeline.care, _IN_CARE)):
        for start, end in intervals:
            span = covered(dates, start, end)
            kinds[span.start : span.stop] = [kind] * len(span)
    return kinds


def _owner_runs(dates: Sequence[dt.date], holdings: Sequence[Holding]) -> list[tuple[int, int, int]]:
    """(IRO, first index, stop index) runs saying who holds one child on each date; the first holding given
    wins where two overlap, so a child is never counted twice on a date."""
    if len(holdings) == 1:
        span = covered(dates, holdings[0].start, holdings[0].end)
        return [(holdings[0].iro_id, span.start, span.stop)] if span else []
    owner: list[int | None] = [None] * len(dates)
    for holding in holdings:
        for index in covered(dates, holding.start, holding.end):
            if owner[index] is None:
                owner[index] = holding.iro_id
    runs = []
    index = 0
    for iro, group in itertools.groupby(owner):
        length = sum(1 for _ in group)
        if iro is not None:
            runs.append((iro, index, index + length))
        index += length
    return runs


def tallies_over_time(
    dates: Sequence[dt.date],
    holdings: Iterable[Holding],
    timelines: Mapping[int, Timeline],
    family_of: Mapping[int, int | None],
    households: Iterable[Holding] = (),
    *,
    count_families: bool = True,
) -> list[dict[int, Tally]]:
    """Per date, per IRO, the caseload held. A child counts once per date: the first holding given wins, so
    pass dated allocations before any fallback holdings. `count_families=False` skips tracking protection
    families (only needed when child protection work is weighted per family), which is much faster.

    Counts change only where a holding or a child's kind changes, so they are kept as differences between
    consecutive dates and summed at the end: the work grows with the holdings, not holdings times dates.
    """
    size = len(dates)
    deltas: dict[tuple[int, CaseKind | None], list[int]] = {}
    families: list[dict[int, Counter[int]]] = [{} for _ in dates]
    by_child: dict[int, list[Holding]] = {}
    for holding in holdings:
        by_child.setdefault(holding.item_id, []).append(holding)
    no_timeline = Timeline()
    for child, held in by_child.items():
        runs = _owner_runs(dates, held)
        if not runs:
            continue
        kinds = kinds_on(dates, timelines.get(child, no_timeline))
        family = family_of.get(child)
        key = family if family is not None else -child
        for iro, first, stop in runs:
            for kind, start, end in _kind_runs(kinds, first, stop):
                _mark(deltas, (iro, kind), start, end, size)
                if count_families and kind in _PROTECTION:
                    for day in range(start, end):
                        families[day].setdefault(iro, Counter())[key] += 1
    for household in households:
        span = covered(dates, household.start, household.end)
        if span:
            _mark(deltas, (household.iro_id, None), span.start, span.stop, size)
    return _summed(deltas, families, size)


def _kind_runs(kinds: list[CaseKind], first: int, stop: int) -> list[tuple[CaseKind, int, int]]:
    """(kind, start, stop) for each stretch of one kind within kinds[first:stop]."""
    part = kinds[first:stop]
    if part.count(part[0]) == len(part):  # one kind throughout: the usual case, checked in C
        return [(part[0], first, stop)]
    runs = []
    index = first
    for kind, group in itertools.groupby(part):
        length = len(list(group))
        runs.append((kind, index, index + length))
        index += length
    return runs


def _mark(
    deltas: dict[tuple[int, CaseKind | None], list[int]],
    key: tuple[int, CaseKind | None],
    first: int,
    stop: int,
    size: int,
) -> None:
    marks = deltas.get(key)
    if marks is None:
        marks = deltas[key] = [0] * (size + 1)
    marks[first] += 1
    marks[stop] -= 1


def _summed(
    deltas: Mapping[tuple[int, CaseKind | None], list[int]], families: list[dict[int, Counter[int]]], size: int
) -> list[dict[int, Tally]]:
    tallies: list[dict[int, Tally]] = [{} for _ in range(size)]
    for (iro, kind), marks in deltas.items():
        running = 0
        for index in range(size):
            running += marks[index]
            if not running:
                continue
            tally = tallies[index].get(iro)
            if tally is None:
                tally = tallies[index][iro] = Tally()
            if kind is None:
                tally.households += running
            else:
                tally.counts[kind] += running
    for index, by_iro in enumerate(families):
        for iro, counter in by_iro.items():
            tallies[index][iro].protection_families = counter
    return tallies
