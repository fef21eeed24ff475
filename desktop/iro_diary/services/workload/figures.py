"""Turning the caseload state into the figures a team lead reads: per IRO, per team, month by month."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence

from iro_diary.domain.caseload import (
    BandStatus,
    CaseKind,
    Holding,
    Tally,
    Timeline,
    Weights,
    caseload_per_fte,
    is_staffed_on,
    spread_of,
)
from iro_diary.domain.codes import Team
from iro_diary.domain.diary_load import AbsencePeriod, week_loads
from iro_diary.domain.working_days import WorkingDayCalendar
from iro_diary.infra.clock import LONDON
from iro_diary.services.workload.rows import HistorySeries, IroWorkloadRow, TeamRow
from iro_diary.services.workload.state import CaseloadState, IroFacts

TEAM_ORDER = (Team.CHILDREN_IN_CARE, Team.CHILD_PROTECTION, Team.MIXED, Team.FOSTERING)
Diary = Mapping[int, Sequence[tuple[dt.date, float]]]


def diary_by_chair(
    rows: Iterable[tuple[int | None, dt.datetime, dt.datetime]],
) -> dict[int, list[tuple[dt.date, float]]]:
    """Chair -> (local date, hours) of each meeting."""
    result: dict[int, list[tuple[dt.date, float]]] = defaultdict(list)
    for chair, start, end in rows:
        if chair is None:
            continue
        result[chair].append((start.astimezone(LONDON).date(), (end - start).total_seconds() / 3600))
    return result


def iro_row(
    iro: IroFacts,
    tally: Tally,
    state: CaseloadState,
    mondays: Sequence[dt.date],
    diary: Diary,
    absences: Sequence[AbsencePeriod],
    calendar: WorkingDayCalendar,
) -> IroWorkloadRow:
    weighted = tally.weighted(state.basis.weights)
    per_fte = caseload_per_fte(weighted, iro.fte)
    staffed = iro.staffed(state.today)
    counts = tally.counts
    return IroWorkloadRow(
        iro_id=iro.id,
        name=iro.name,
        email=iro.email,
        team=iro.team,
        fte=iro.fte,
        working_days=iro.working_days,
        day_start=iro.day_start,
        day_end=iro.day_end,
        staffed=staffed,
        left_on=iro.left_on,
        in_care=counts[CaseKind.IN_CARE],
        on_plan=counts[CaseKind.ON_PLAN],
        cse=counts[CaseKind.CSE],
        other=counts[CaseKind.OTHER],
        foster_households=tally.households,
        weighted=weighted,
        per_fte=per_fte,
        status=state.basis.band.status(per_fte) if staffed else BandStatus.LEFT,
        weeks=week_loads(mondays, diary.get(iro.id, ()), iro.days, iro.hours_per_day, calendar, absences),
        absences=tuple(a for a in absences if a.end >= state.today),
    )


def team_rows(rows: Sequence[IroWorkloadRow], establishment_fte: float) -> tuple[TeamRow, ...]:
    """The whole service (against the establishment), then each team that has IROs."""
    teams = [_team("Whole service", None, rows, establishment_fte)]
    for team in TEAM_ORDER:
        members = [r for r in rows if r.team is team]
        if members:
            teams.append(_team(team.label, team, members, None))
    return tuple(teams)


def _team(name: str, team: Team | None, rows: Sequence[IroWorkloadRow], establishment: float | None) -> TeamRow:
    staffed = [r for r in rows if r.staffed]
    fte = sum(r.fte for r in staffed)
    weighted = sum(r.weighted for r in rows)  # children still held by someone who left count too
    return TeamRow(
        name=name,
        team=team,
        iros=len(staffed),
        staffed_fte=fte,
        establishment_fte=establishment,
        children=sum(r.children for r in rows),
        weighted=weighted,
        per_fte=weighted / fte if fte else None,
        spread=spread_of([r.per_fte for r in staffed]),
        over_band=sum(1 for r in staffed if r.status is BandStatus.OVER),
        under_band=sum(1 for r in staffed if r.status is BandStatus.UNDER),
    )


# --- history ---------------------------------------------------------------------------------------------------


def timelines(
    periods: Mapping[str, Iterable[tuple[int, dt.date, dt.date | None]]], wanted: Collection[int]
) -> dict[int, Timeline]:
    """The care episodes, plans and CSE concerns of the `wanted` children, as a Timeline each."""
    parts: dict[str, dict[int, list[tuple[dt.date, dt.date | None]]]] = {}
    for name in ("care", "plans", "concerns"):
        by_child: dict[int, list[tuple[dt.date, dt.date | None]]] = {}
        for child, start, end in periods.get(name, ()):
            if child in wanted:
                by_child.setdefault(child, []).append((start, end))
        parts[name] = by_child
    care, plans, concerns = parts["care"], parts["plans"], parts["concerns"]
    return {
        child: Timeline(tuple(care.get(child, ())), tuple(plans.get(child, ())), tuple(concerns.get(child, ())))
        for child in care.keys() | plans.keys() | concerns.keys()
    }


def cse_holdings(concerns: Iterable[tuple[int, dt.date, dt.date | None]], chairs: Mapping[int, int]) -> list[Holding]:
    """CSE concerns held by the chair of the child's CSE meetings (used where no allocation covers them)."""
    return [Holding(child, chairs[child], start, end) for child, start, end in concerns if child in chairs]


def history_series(
    dates: Sequence[dt.date],
    tallies: Sequence[Mapping[int, Tally]],
    iros: Mapping[int, IroFacts],
    weights: Weights,
) -> tuple[tuple[HistorySeries, ...], dict[int, tuple[float | None, ...]]]:
    """Caseload per staffed FTE for the whole service and each team, and per IRO, on each date."""

    def per_fte(members: Sequence[IroFacts], index: int) -> float | None:
        fte = sum(i.fte for i in members if is_staffed_on(i.left_on, dates[index]))
        weighted = sum(tallies[index][i.id].weighted(weights) for i in members if i.id in tallies[index])
        return weighted / fte if fte else None

    groups: list[tuple[str, list[IroFacts]]] = [("Whole service", list(iros.values()))]
    groups += [(t.label, [i for i in iros.values() if i.team is t]) for t in TEAM_ORDER]
    series = tuple(
        HistorySeries(name, tuple(per_fte(members, n) for n in range(len(dates))))
        for name, members in groups
        if members
    )
    empty = Tally()
    by_iro = {
        iro.id: tuple(
            tallies[n].get(iro.id, empty).weighted(weights) / iro.fte if is_staffed_on(iro.left_on, dates[n]) else None
            for n in range(len(dates))
        )
        for iro in iros.values()
    }
    return series, by_iro
