"""Who should take a child or a family, and how to relieve an IRO who is over the band.

Ranking, in this order (each step only breaks ties left by the ones before):
1. the IRO who already holds the child's brothers and sisters ("sibling groups get the same IRO where
   possible": Hertfordshire procedures, anchors research; DOMAIN.md "siblings share one");
2. the IRO the child has now or had before (continuity: "a child in care keeps the same IRO where possible");
3. staying within the band after taking them (IRO Handbook 2010 para 7.15, band from the settings);
4. the team that does this work (children in care, or child protection and CSE; a mixed team does both), then
   the other children's team, and the fostering team (which reviews foster carers) last;
5. no long leave in the coming weeks (the IRO is to meet the child before the first review);
6. the most headroom per FTE after taking them.

Rebalancing keeps each sibling group together, moves children who are not in care first and children in care
only when that is not enough (continuity matters to them), and never takes another IRO over the band.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from iro_diary.domain.caseload import Band, BandStatus, Case, CaseKind, Tally, Weights, caseload_per_fte
from iro_diary.domain.codes import Team

# Working days of leave within the look-ahead that count as "long leave" when ranking.
LONG_LEAVE_DAYS = 5


@dataclass(slots=True)
class IroLoad:
    """An IRO as allocation sees them: who, how much they hold, and whether they can take more."""

    iro_id: int
    name: str
    team: Team
    fte: float
    tally: Tally
    available: bool = True
    leave_days: int = 0
    leave_text: str = ""

    def per_fte(self, weights: Weights) -> float:
        return caseload_per_fte(self.tally.weighted(weights), self.fte)


@dataclass(frozen=True, slots=True)
class RankedIro:
    iro_id: int
    before_per_fte: float
    after_per_fte: float
    status_after: BandStatus
    reasons: tuple[str, ...]


def teams_for(cases: Sequence[Case]) -> frozenset[Team]:
    """The teams whose work these children are."""
    in_care = any(c.kind is CaseKind.IN_CARE for c in cases)
    other = any(c.kind is not CaseKind.IN_CARE for c in cases)
    teams = {Team.MIXED}
    if in_care:
        teams.add(Team.CHILDREN_IN_CARE)
    if other:
        teams.add(Team.CHILD_PROTECTION)
    return frozenset(teams)


def _team_fit(team: Team, teams: frozenset[Team]) -> int:
    """0: the team for this work; 1: the other children's team; 2: fostering."""
    if team in teams:
        return 0
    return 2 if team is Team.FOSTERING else 1


@dataclass(frozen=True, slots=True)
class _Scored:
    load: IroLoad
    key: tuple[int, int, int, int, int, float]
    before: float
    after: float


def _score(
    load: IroLoad,
    cases: Sequence[Case],
    weights: Weights,
    band: Band,
    siblings: int,
    previous: bool,
    teams: frozenset[Team],
) -> _Scored:
    before = load.tally.weighted(weights)
    after = before + load.tally.weight_of_adding(cases, weights)
    before_per_fte, after_per_fte = caseload_per_fte(before, load.fte), caseload_per_fte(after, load.fte)
    key = (
        0 if siblings else 1,
        0 if previous else 1,
        0 if after_per_fte <= band.high else 1,
        _team_fit(load.team, teams),
        1 if load.leave_days >= LONG_LEAVE_DAYS else 0,
        after_per_fte - band.high,
    )
    return _Scored(load, key, before_per_fte, after_per_fte)


def _reasons(
    scored: _Scored, band: Band, siblings: int, previous: bool, teams: frozenset[Team], continuity: str
) -> tuple[str, ...]:
    load = scored.load
    reasons = []
    if siblings:
        reasons.append(f"Holds {siblings} of their brothers and sisters")
    if previous:
        reasons.append(continuity)
    headroom = band.high - scored.after
    moving = f"{scored.before:.1f} → {scored.after:.1f} per FTE"
    if headroom >= 0:
        reasons.append(f"{moving}: {headroom:.1f} below the band's top ({band.text})")
    else:
        reasons.append(f"{moving}: over the band ({band.text}) by {-headroom:.1f}")
    team = load.team.label.lower()
    reasons.append(f"In the {team} team" if load.team in teams else f"In the {team} team, not the usual one for this")
    if load.leave_text:
        reasons.append(load.leave_text)
    if load.fte < 1:
        reasons.append(f"Part-time ({load.fte:g} FTE)")
    return tuple(reasons)


def rank_iros(
    cases: Sequence[Case],
    loads: Sequence[IroLoad],
    weights: Weights,
    band: Band,
    *,
    sibling_holders: Mapping[int, int] | None = None,
    previous_iro: int | None = None,
    continuity: str = "Was their IRO before",
    exclude: frozenset[int] = frozenset(),
) -> list[RankedIro]:
    """Every available IRO, best first, each with the reasons for their place.

    `sibling_holders`: IRO id -> how many of the children's brothers and sisters they hold (outside `cases`);
    `previous_iro`: the child's IRO now or before, and `continuity` the reason shown for them.
    """
    siblings = sibling_holders or {}
    teams = teams_for(cases)
    scored = _scored(cases, loads, weights, band, siblings, previous_iro, exclude, teams)
    return [_ranked(s, band, siblings, previous_iro, teams, continuity) for s in scored]


def _scored(
    cases: Sequence[Case],
    loads: Sequence[IroLoad],
    weights: Weights,
    band: Band,
    siblings: Mapping[int, int],
    previous_iro: int | None,
    exclude: frozenset[int],
    teams: frozenset[Team],
) -> list[_Scored]:
    scored = [
        _score(load, cases, weights, band, siblings.get(load.iro_id, 0), load.iro_id == previous_iro, teams)
        for load in loads
        if load.available and load.iro_id not in exclude
    ]
    scored.sort(key=lambda s: (s.key, s.load.name, s.load.iro_id))
    return scored


def _ranked(
    s: _Scored,
    band: Band,
    siblings: Mapping[int, int],
    previous_iro: int | None,
    teams: frozenset[Team],
    continuity: str = "",
) -> RankedIro:
    iro_id = s.load.iro_id
    reasons = _reasons(s, band, siblings.get(iro_id, 0), iro_id == previous_iro, teams, continuity)
    return RankedIro(iro_id, s.before, s.after, band.status(s.after), reasons)


# --- Rebalancing -----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Unit:
    """Children who move together: one sibling group held by the IRO being relieved (or a child alone)."""

    cases: tuple[Case, ...]
    since: dt.date | None = None  # the latest date any of them was allocated to this IRO

    @property
    def has_child_in_care(self) -> bool:
        return any(c.kind is CaseKind.IN_CARE for c in self.cases)

    @property
    def family_id(self) -> int | None:
        return self.cases[0].family_id


def units_of(cases: Sequence[Case], since: Mapping[int, dt.date] | None = None) -> list[Unit]:
    """Group an IRO's children into sibling groups (never split) in a stable order."""
    groups: dict[int, list[Case]] = {}
    for case in sorted(cases, key=lambda c: c.child_id):
        groups.setdefault(case.family_key, []).append(case)
    dates = since or {}
    units = []
    for group in groups.values():
        known = [dates[c.child_id] for c in group if c.child_id in dates]
        units.append(Unit(tuple(group), max(known) if known else None))
    return units


@dataclass(frozen=True, slots=True)
class PlannedMove:
    unit: Unit
    to_iro: int
    weight: float
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RebalancePlan:
    source: int
    target_per_fte: float
    moves: tuple[PlannedMove, ...]
    unplaced: tuple[Unit, ...]
    weighted_before: Mapping[int, float] = field(default_factory=dict)
    weighted_after: Mapping[int, float] = field(default_factory=dict)

    @property
    def children_moved(self) -> int:
        return sum(len(m.unit.cases) for m in self.moves)

    @property
    def children_in_care_moved(self) -> int:
        return sum(1 for m in self.moves for c in m.unit.cases if c.kind is CaseKind.IN_CARE)


def _pick(units: list[Unit], needed: float, weight_of: Mapping[int, float]) -> Unit:
    """The smallest group that covers what is still needed, else the largest; the most recently allocated
    first among equals (the shortest relationship with this IRO)."""

    def recency(unit: Unit) -> tuple[int, int]:
        return (-(unit.since or dt.date.min).toordinal(), unit.cases[0].child_id)

    covering = [u for u in units if weight_of[id(u)] >= needed - 1e-9]
    if covering:
        return min(covering, key=lambda u: (weight_of[id(u)], recency(u)))
    return min(units, key=lambda u: (-weight_of[id(u)], recency(u)))


def propose_rebalance(
    source: IroLoad,
    units: Sequence[Unit],
    loads: Sequence[IroLoad],
    weights: Weights,
    band: Band,
    target_per_fte: float,
    *,
    sibling_holders: Mapping[int, Mapping[int, int]] | None = None,
) -> RebalancePlan:
    """Which groups to move from `source`, and to whom, to bring it to `target_per_fte` or below.

    `sibling_holders`: family id -> {IRO id: brothers and sisters of that family they hold}.
    Every other IRO's tally is copied, never changed.
    """
    others = {load.iro_id: _copy(load) for load in loads if load.iro_id != source.iro_id}
    start = {i: load.tally.weighted(weights) for i, load in others.items()}
    start[source.iro_id] = source.tally.weighted(weights)
    tally = source.tally.copy()
    moves: list[PlannedMove] = []
    failed: list[Unit] = []
    for tier in (
        [u for u in units if not u.has_child_in_care],
        [u for u in units if u.has_child_in_care],
    ):
        _work_through(tier, tally, source, others, weights, band, target_per_fte, sibling_holders, moves, failed)
    after = {i: load.tally.weighted(weights) for i, load in others.items()}
    after[source.iro_id] = tally.weighted(weights)
    unplaced = _shortfall(failed, tally, after[source.iro_id] - target_per_fte * source.fte, weights)
    return RebalancePlan(source.iro_id, target_per_fte, tuple(moves), unplaced, start, after)


def _shortfall(failed: list[Unit], tally: Tally, still_over: float, weights: Weights) -> tuple[Unit, ...]:
    """Of the groups nobody could take, those (in the order tried) that would have covered what is still over."""
    unplaced = []
    for unit in failed:
        if still_over <= 1e-9:
            break
        unplaced.append(unit)
        still_over -= tally.weight_of_removing(unit.cases, weights)
    return tuple(unplaced)


def _copy(load: IroLoad) -> IroLoad:
    return IroLoad(
        load.iro_id, load.name, load.team, load.fte, load.tally.copy(), load.available, load.leave_days, load.leave_text
    )


def _work_through(
    tier: list[Unit],
    tally: Tally,
    source: IroLoad,
    others: dict[int, IroLoad],
    weights: Weights,
    band: Band,
    target_per_fte: float,
    sibling_holders: Mapping[int, Mapping[int, int]] | None,
    moves: list[PlannedMove],
    failed: list[Unit],
) -> None:
    remaining = list(tier)
    while remaining:
        needed = tally.weighted(weights) - target_per_fte * source.fte
        if needed <= 1e-9:
            return
        weight_of = {id(u): tally.weight_of_removing(u.cases, weights) for u in remaining}
        unit = _pick(remaining, needed, weight_of)
        remaining.remove(unit)
        holders = (sibling_holders or {}).get(unit.family_id, {}) if unit.family_id is not None else {}
        teams = teams_for(unit.cases)
        scored = _scored(unit.cases, list(others.values()), weights, band, holders, None, frozenset(), teams)
        best = next((s for s in scored if s.after <= band.high + 1e-9), None)
        if best is None:
            failed.append(unit)  # nobody has room for this group; a smaller one may still fit
            continue
        chosen = _ranked(best, band, holders, None, teams)
        moves.append(PlannedMove(unit, chosen.iro_id, weight_of[id(unit)], chosen.reasons))
        for case in unit.cases:
            tally.remove(case)
            others[chosen.iro_id].tally.add(case)
