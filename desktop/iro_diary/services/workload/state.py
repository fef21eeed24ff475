"""Reading the caseload as it stands: the settings it rests on, the IROs, and who holds which child.

A child is held by their allocated IRO. A child with an open CSE concern and no allocated IRO is held by the
chair of their latest CSE meeting (the demo and many services run CSE that way), so CSE work still counts.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from iro_diary.domain.allocation import IroLoad
from iro_diary.domain.caseload import Band, Case, Tally, Weights, classify, is_staffed_on
from iro_diary.domain.codes import Team, parse_working_days
from iro_diary.domain.diary_load import AbsencePeriod, contracted_days, describe_absences, week_mondays
from iro_diary.domain.working_days import WorkingDayCalendar
from iro_diary.infra.settings_schema import SETTINGS
from iro_diary.services.workload.rows import BasisRow
from iro_diary.store.models import Iro
from iro_diary.store.repositories.settings import SettingRepository
from iro_diary.store.repositories.workload import WorkloadRepository

BASIS_KEYS = (
    "caseload.band-low",
    "caseload.band-high",
    "caseload.weight-child-protection",
    "caseload.child-protection-per-family",
    "caseload.weight-cse",
    "caseload.weight-foster-household",
    "establishment-fte",
)


@dataclass(frozen=True, slots=True)
class Basis:
    band: Band
    weights: Weights
    establishment_fte: float
    rows: tuple[BasisRow, ...]


def read_basis(session: Session) -> Basis:
    """The band, the weights and the establishment, from the settings (defaults where unset)."""
    values = SettingRepository(session).values(BASIS_KEYS)
    band = Band(float(values["caseload.band-low"]), float(values["caseload.band-high"]))
    weights = Weights(
        child_protection=float(values["caseload.weight-child-protection"]),
        protection_per_family=bool(values["caseload.child-protection-per-family"]),
        cse=float(values["caseload.weight-cse"]),
        foster_household=float(values["caseload.weight-foster-household"]),
    )
    rows = tuple(
        BasisRow(key, SETTINGS[key].description, _value_text(values[key]), SETTINGS[key].source) for key in BASIS_KEYS
    )
    return Basis(band, weights, float(values["establishment-fte"]), rows)


def _value_text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return f"{value:g}" if isinstance(value, float) else str(value)


@dataclass(frozen=True, slots=True)
class IroFacts:
    """An IRO's details as plain values (the ORM object stays in the session)."""

    id: int
    name: str
    email: str
    fte: float
    team: Team
    working_days: str
    day_start: dt.time
    day_end: dt.time
    active: bool
    left_on: dt.date | None

    @classmethod
    def of(cls, iro: Iro) -> IroFacts:
        return cls(
            iro.id,
            iro.name,
            iro.email,
            iro.fte,
            iro.team,
            iro.working_days,
            iro.day_start,
            iro.day_end,
            iro.active,
            iro.left_on,
        )

    def staffed(self, today: dt.date) -> bool:
        """In post and active today: can hold children and take new ones."""
        return self.active and is_staffed_on(self.left_on, today)

    @property
    def days(self) -> frozenset[int]:
        try:
            return parse_working_days(self.working_days)
        except ValueError:
            return frozenset(range(5))

    @property
    def hours_per_day(self) -> float:
        start = dt.datetime.combine(dt.date.min, self.day_start)
        return (dt.datetime.combine(dt.date.min, self.day_end) - start).total_seconds() / 3600


@dataclass
class CaseloadState:
    today: dt.date
    basis: Basis
    iros: dict[int, IroFacts]
    cases: dict[int, list[Case]] = field(default_factory=lambda: defaultdict(list))
    holder: dict[int, int] = field(default_factory=dict)
    households: Counter[int] = field(default_factory=Counter)

    def tally(self, iro_id: int) -> Tally:
        tally = Tally()
        for case in self.cases.get(iro_id, ()):
            tally.add(case)
        tally.households = self.households[iro_id]
        return tally

    def case_of(self, child_id: int) -> Case | None:
        iro = self.holder.get(child_id)
        return next((c for c in self.cases[iro] if c.child_id == child_id), None) if iro is not None else None


def load_state(session: Session, today: dt.date) -> CaseloadState:
    """Every IRO and every child they hold today, with the kind each child counts as."""
    repo = WorkloadRepository(session)
    state = CaseloadState(today, read_basis(session), {i.id: IroFacts.of(i) for i in repo.iros()})
    in_care, on_plan, cse = repo.open_sets(today)

    def hold(child: int, family: int | None, iro: int) -> None:
        kind = classify(in_care=child in in_care, on_plan=child in on_plan, cse=child in cse)
        state.cases[iro].append(Case(child, kind, family))
        state.holder[child] = iro

    for child, family, iro in repo.held_children():
        if iro is not None:
            hold(child, family, iro)
    chairs = repo.cse_chairs(today)
    for child, family in repo.unallocated_with_open_concern(today):
        chair = chairs.get(child)
        if chair is not None and chair in state.iros and child not in state.holder:
            hold(child, family, chair)
    state.households = repo.household_counts(today)
    return state


def kinds_of(session: Session, child_ids: Collection[int], today: dt.date, state: CaseloadState) -> dict[int, Case]:
    """Cases for these children (held or not), as they would count today."""
    repo = WorkloadRepository(session)
    in_care, on_plan, cse = repo.open_sets(today)
    families = repo.families_of(child_ids)
    return {
        child: state.case_of(child)
        or Case(child, classify(in_care=child in in_care, on_plan=child in on_plan, cse=child in cse), families[child])
        for child in child_ids
        if child in families
    }


def horizon(today: dt.date) -> tuple[dt.date, dt.date]:
    """Today to the Sunday of the fourth week after this one: the weeks the workload looks ahead."""
    mondays = week_mondays(today)
    return today, mondays[-1] + dt.timedelta(days=6)


def absences_by_iro(session: Session, first: dt.date, last: dt.date) -> dict[int, list[AbsencePeriod]]:
    result: dict[int, list[AbsencePeriod]] = defaultdict(list)
    for absence in WorkloadRepository(session).absences_between(first, last):
        result[absence.iro_id].append(AbsencePeriod(absence.start_date, absence.end_date, absence.kind.value))
    return result


def iro_loads(
    state: CaseloadState, absences: dict[int, list[AbsencePeriod]], calendar: WorkingDayCalendar
) -> list[IroLoad]:
    """Every IRO as allocation sees them, with their leave in the weeks ahead."""
    first, last = horizon(state.today)
    loads = []
    for iro in state.iros.values():
        away = absences.get(iro.id, [])
        days = _absent_days(iro, away, first, last, calendar)
        text = f"Away {days} working day{'s' if days != 1 else ''} in the next weeks ({describe_absences(away)})"
        text = text if days else ""
        loads.append(
            IroLoad(iro.id, iro.name, iro.team, iro.fte, state.tally(iro.id), iro.staffed(state.today), days, text)
        )
    return loads


def _absent_days(
    iro: IroFacts, away: Iterable[AbsencePeriod], first: dt.date, last: dt.date, calendar: WorkingDayCalendar
) -> int:
    periods = list(away)
    if not periods:
        return 0
    count = 0
    for monday in week_mondays(first):
        for day in contracted_days(monday, iro.days, calendar):
            if first <= day <= last and any(a.start <= day <= a.end for a in periods):
                count += 1
    return count
