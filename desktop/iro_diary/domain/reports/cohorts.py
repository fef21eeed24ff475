"""Who is in care or on a plan on a day, and the plan and care figures counted from those cohorts."""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence

from iro_diary.domain.codes import PlanCategory
from iro_diary.domain.reports.model import Member, later_members
from iro_diary.domain.reports.period import ReportPeriod
from iro_diary.domain.reports.records import EpisodeRecord, PlanRecord
from iro_diary.domain.timescales import add_months

WITHIN_MILES = 20
LONG_PLAN_MONTHS = 24


@functools.lru_cache(maxsize=8192)
def day_text(day: dt.date) -> str:
    """'5 April 2025' (cached: a report names the same few hundred days tens of thousands of times)."""
    return f"{day.day} {day:%B %Y}"


def in_care_on(episodes: Iterable[EpisodeRecord], day: dt.date) -> dict[int, EpisodeRecord]:
    """Each child in care on `day` (short breaks left out) with their open episode: a child is counted once."""
    found: dict[int, EpisodeRecord] = {}
    for episode in episodes:
        if episode.counts_as_looked_after and episode.open_on(day):
            current = found.get(episode.child_id)
            if current is None or episode.start > current.start:
                found[episode.child_id] = episode
    return found


def on_plan_on(plans: Iterable[PlanRecord], day: dt.date) -> dict[int, PlanRecord]:
    """Each child on a protection plan on `day` with their open plan (the latest started, should two overlap)."""
    found: dict[int, PlanRecord] = {}
    for plan in plans:
        if plan.open_on(day):
            current = found.get(plan.child_id)
            if current is None or plan.start > current.start:
                found[plan.child_id] = plan
    return found


def care_members(cohort: dict[int, EpisodeRecord]) -> Sequence[Member]:
    return later_members(list(cohort.items()), _care_member)


def _care_member(item: tuple[int, EpisodeRecord]) -> Member:
    child, episode = item
    return Member(child, True, f"In care since {day_text(episode.start)} ({episode.legal_status})")


def plan_members(cohort: dict[int, PlanRecord]) -> Sequence[Member]:
    return later_members(list(cohort.items()), _plan_member)


def _plan_member(item: tuple[int, PlanRecord]) -> Member:
    child, plan = item
    return Member(child, True, f"{_category(plan.category)} plan since {day_text(plan.start)}")


def in_care_during(episodes: Iterable[EpisodeRecord], period: ReportPeriod) -> Sequence[Member]:
    """Children in care on any day of the period (short breaks left out), each once however many episodes."""
    spells: dict[int, list[EpisodeRecord]] = defaultdict(list)
    for e in episodes:
        if e.counts_as_looked_after and e.start <= period.end and (e.end is None or e.end >= period.start):
            spells[e.child_id].append(e)
    return later_members(list(spells.items()), _spells_member)


def _spells_member(item: tuple[int, list[EpisodeRecord]]) -> Member:
    child, found = item
    return Member(child, True, "; ".join(_spell(e) for e in sorted(found, key=lambda e: e.start)))


def _spell(episode: EpisodeRecord) -> str:
    ended = f" to {day_text(episode.end)}" if episode.end else ""
    return f"in care from {day_text(episode.start)}{ended}"


def placed_within_miles(cohort: dict[int, EpisodeRecord]) -> Sequence[Member]:
    """The children of the cohort whose placement distance is recorded; counted when 20 miles or less."""
    placed = [(child, e, e.distance_miles) for child, e in cohort.items() if e.distance_miles is not None]
    return later_members(placed, _placed_member, lambda item: item[2] <= WITHIN_MILES)


def _placed_member(item: tuple[int, EpisodeRecord, float]) -> Member:
    child, _episode, miles = item
    return Member(child, miles <= WITHIN_MILES, f"Placed {miles:g} miles from home")


def closed_plans(plans: Sequence[PlanRecord], period: ReportPeriod) -> list[Member]:
    """Plans that ended in the period; counted when they had lasted two years or more."""
    members = []
    opened, closed = period.start, period.end
    for plan in plans:
        if plan.end is None or not opened <= plan.end <= closed:
            continue
        lasted = plan.end >= add_months(plan.start, LONG_PLAN_MONTHS)
        members.append(
            Member(plan.child_id, lasted, f"Plan {day_text(plan.start)} to {day_text(plan.end)} ({_length(plan)})")
        )
    return members


def _length(plan: PlanRecord) -> str:
    assert plan.end is not None
    months = (plan.end.year - plan.start.year) * 12 + plan.end.month - plan.start.month
    months -= plan.end.day < plan.start.day
    years, months = divmod(max(months, 0), 12)
    return f"{years} year{'s' * (years != 1)} {months} month{'s' * (months != 1)}"


def repeat_plans(plans: Sequence[PlanRecord], period: ReportPeriod) -> list[Member]:
    """Plans that started in the period; counted when the child had an earlier plan (a second or later plan)."""
    starts: dict[int, list[PlanRecord]] = defaultdict(list)
    for plan in plans:
        starts[plan.child_id].append(plan)
    members = []
    opened, closed = period.start, period.end
    for plan in plans:
        if not opened <= plan.start <= closed:
            continue
        earlier = [p for p in starts[plan.child_id] if p.start < plan.start]
        if earlier:
            last = max(earlier, key=lambda p: p.start)
            detail = f"Plan from {day_text(plan.start)}; an earlier plan began {day_text(last.start)}"
        else:
            detail = f"First plan, from {day_text(plan.start)}"
        members.append(Member(plan.child_id, bool(earlier), detail))
    return members


def _category(code: str) -> str:
    try:
        return PlanCategory(code).label
    except ValueError:
        return code
