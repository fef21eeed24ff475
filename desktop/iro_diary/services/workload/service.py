"""Workload: caseload per FTE for every IRO and team, its history, allocating a child, and rebalancing.

One public method is one user action: reading the workload, reading its history, ranking IROs for a child,
allocating, proposing a rebalance, applying it, exporting the table.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter, defaultdict
from pathlib import Path

from sqlalchemy.orm import Session

from iro_diary.domain.access import Permission
from iro_diary.domain.allocation import propose_rebalance, rank_iros, units_of
from iro_diary.domain.caseload import Holding, month_ends, tallies_over_time
from iro_diary.domain.diary_load import week_mondays
from iro_diary.domain.errors import NotFound, StaleEdit, ValidationError
from iro_diary.domain.working_days import WorkingDayCalendar
from iro_diary.infra.clock import days_span
from iro_diary.services.access import requires
from iro_diary.services.context import ServiceContext
from iro_diary.services.workload import export, figures, proposal
from iro_diary.services.workload.moves import holders_now, move_children
from iro_diary.services.workload.rows import (
    AllocationChoice,
    AllocationOutcome,
    CandidateRow,
    CaseloadHistory,
    RebalanceProposal,
    Workload,
)
from iro_diary.services.workload.state import (
    CaseloadState,
    IroFacts,
    absences_by_iro,
    horizon,
    iro_loads,
    kinds_of,
    load_state,
    read_basis,
)
from iro_diary.store.models import Iro
from iro_diary.store.repositories.meetings import MeetingRepository
from iro_diary.store.repositories.workload import WorkloadRepository

log = logging.getLogger(__name__)


class WorkloadService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    @requires(Permission.REPORTS)
    def workload(self) -> Workload:
        """Every IRO's caseload against the band, their diary for five weeks and leave, and team totals."""
        today = self._ctx.clock.today()
        mondays = week_mondays(today)
        start, end = days_span(mondays[0], mondays[-1] + dt.timedelta(days=6))
        with self._ctx.db.read() as session:
            state = load_state(session, today)
            calendar = self._ctx.rule_book(session).calendar
            diary = figures.diary_by_chair(WorkloadRepository(session).diary_between(start, end))
            absences = absences_by_iro(session, mondays[0], mondays[-1] + dt.timedelta(days=6))
        rows = tuple(
            figures.iro_row(iro, state.tally(iro.id), state, mondays, diary, absences.get(iro.id, []), calendar)
            for iro in state.iros.values()
        )
        teams = figures.team_rows(rows, state.basis.establishment_fte)
        return Workload(today, state.basis.band, state.basis.rows, rows, teams, mondays)

    @requires(Permission.REPORTS)
    def history(self, months: int = 12) -> CaseloadHistory:
        """Caseload per FTE at the end of each of the last `months` months, from the dated allocations (and,
        for CSE concerns held by their chair, the concern's dates). Today's figures are `workload()`'s."""
        dates = month_ends(self._ctx.clock.today(), months)
        with self._ctx.db.read() as session:
            repo = WorkloadRepository(session)
            basis = read_basis(session)
            iros = {i.id: IroFacts.of(i) for i in repo.iros()}
            allocations = repo.allocations_overlapping(dates[0], dates[-1])
            periods = repo.periods_overlapping(dates[0], dates[-1])
            chairs = repo.cse_chairs(dates[0])
            households = repo.households_overlapping(dates[0], dates[-1])
        holdings = [Holding(c, i, s, e) for c, i, s, e, _f in allocations]
        holdings += figures.cse_holdings(periods["concerns"], chairs)
        families = {c: f for c, _i, _s, _e, f in allocations}
        tallies = tallies_over_time(
            dates,
            holdings,
            figures.timelines(periods, {h.item_id for h in holdings}),
            families,
            [Holding(h, i, s, e) for h, i, s, e in households if i is not None],
            count_families=basis.weights.protection_per_family,
        )
        series, by_iro = figures.history_series(dates, tallies, iros, basis.weights)
        return CaseloadHistory(dates, basis.band, series, by_iro)

    def find_child(self, case_ref: str) -> int:
        """The id of the child with this case reference (for the command line)."""
        with self._ctx.db.read() as session:
            found = MeetingRepository(session).child_ids_by_ref([case_ref]).get(case_ref)
        if found is None:
            raise NotFound(f"no child has the case reference '{case_ref}'")
        return found

    def find_iro(self, email: str) -> int:
        """The id of the IRO with this email address (for the command line)."""
        with self._ctx.db.read() as session:
            found = MeetingRepository(session).iro_id_by_email(email)
        if found is None:
            raise NotFound(f"no IRO has the email address '{email}'")
        return found

    def allocation_choice(self, child_id: int, *, whole_family: bool = True) -> AllocationChoice:
        """The child (and, with `whole_family`, their brothers and sisters with an open case) and every IRO able
        to take them, best first, each with the reasons."""
        today = self._ctx.clock.today()
        with self._ctx.db.read() as session:
            state = load_state(session, today)
            ids = self._family_of(session, child_id, whole_family, state)
            cases = kinds_of(session, ids, today, state)
            briefs = proposal.briefs(session, cases, state)
            loads = iro_loads(state, absences_by_iro(session, *horizon(today)), self._calendar(session))
            ended = WorkloadRepository(session).previous_iros([child_id]).get(child_id)
            siblings = self._sibling_holders(session, child_id, state)
        current = state.holder.get(child_id)
        previous = current if current is not None else (ended[0] if ended else None)
        continuity = (
            "Their IRO now" if current is not None else f"Was their IRO until {ended[1]:%d %b %Y}" if ended else ""
        )
        for load in loads:  # rank as if the children were not held yet, so their IRO's figures are comparable
            for case in cases.values():
                if state.holder.get(case.child_id) == load.iro_id:
                    load.tally.remove(case)
        ranked = rank_iros(
            list(cases.values()),
            loads,
            state.basis.weights,
            state.basis.band,
            sibling_holders=siblings,
            previous_iro=previous,
            continuity=continuity,
        )
        candidates = tuple(
            CandidateRow(
                n, r.iro_id, state.iros[r.iro_id].name, state.iros[r.iro_id].team, state.iros[r.iro_id].fte,
                r.before_per_fte, r.after_per_fte, r.status_after, r.reasons,
            )
            for n, r in enumerate(ranked, start=1)
        )  # fmt: skip
        return AllocationChoice(briefs, candidates, state.basis.band)

    def _calendar(self, session: Session) -> WorkingDayCalendar:
        return self._ctx.rule_book(session).calendar

    @staticmethod
    def _family_of(session: Session, child_id: int, whole_family: bool, state: CaseloadState) -> list[int]:
        repo = WorkloadRepository(session)
        found = repo.child_briefs([child_id])
        if not found:
            raise NotFound(f"child {child_id} no longer exists (it may have been removed)")
        family = found[0][4]
        if not whole_family or family is None:
            return [child_id]
        in_care, on_plan, cse = repo.open_sets(state.today)
        open_cases = in_care | on_plan | cse | state.holder.keys()
        members = [c for c, _f, _i in repo.family_members([family]) if c in open_cases or c == child_id]
        return sorted(members)

    @staticmethod
    def _sibling_holders(session: Session, child_id: int, state: CaseloadState) -> dict[int, int]:
        repo = WorkloadRepository(session)
        family = repo.child_briefs([child_id])[0][4]
        if family is None:
            return {}
        members = [c for c, _f, _i in repo.family_members([family]) if c != child_id]
        return dict(Counter(state.holder[c] for c in members if c in state.holder))

    @requires(Permission.WORKLOAD)
    def allocate(self, child_ids: list[int], iro_id: int, expected: dict[int, int | None]) -> AllocationOutcome:
        """Allocate these children to one IRO (audited), moving their future meetings where the IRO is free.

        `expected` is who held each child when the user chose: if that changed meanwhile nothing is done.
        """
        if not child_ids:
            raise ValidationError("choose a child to allocate")
        today = self._ctx.clock.today()
        with self._ctx.db.write() as session:
            self._check_can_take(session, iro_id, today)
            self._check_unchanged(session, expected, today)
            outcome = move_children(session, self._ctx, dict.fromkeys(child_ids, iro_id), today, why="allocation")
        log.info("allocated children %s to IRO %s", list(outcome.children_moved), iro_id)
        return outcome

    @staticmethod
    def _check_can_take(session: Session, iro_id: int, today: dt.date) -> None:
        iro = session.get(Iro, iro_id)
        if iro is None:
            raise NotFound(f"IRO {iro_id} no longer exists")
        if not iro.active or (iro.left_on is not None and iro.left_on <= today):
            raise ValidationError(f"{iro.name} has left the service and cannot take children")

    @staticmethod
    def _check_unchanged(session: Session, expected: dict[int, int | None], today: dt.date) -> None:
        now = holders_now(session, expected.keys(), today)
        for child, iro in expected.items():
            if child not in now:
                raise NotFound(f"child {child} no longer exists (it may have been removed)")
            if now[child] != iro:
                raise StaleEdit(
                    "Someone changed these children's IRO since you looked; nothing was changed. Look again and choose."
                )

    @requires(Permission.WORKLOAD)
    def propose_rebalance(self, iro_id: int, target_per_fte: float | None = None) -> RebalanceProposal:
        """Which children to move from this IRO, and to whom, to bring them to the target (default: the top of
        the band; for an IRO who has left, everyone)."""
        today = self._ctx.clock.today()
        with self._ctx.db.read() as session:
            state = load_state(session, today)
            source = state.iros.get(iro_id)
            if source is None:
                raise NotFound(f"IRO {iro_id} no longer exists")
            target = self._target(state, iro_id, target_per_fte)
            loads = iro_loads(state, absences_by_iro(session, *horizon(today)), self._calendar(session))
            held = state.cases.get(iro_id, [])
            since = WorkloadRepository(session).allocated_since([c.child_id for c in held])
            plan = propose_rebalance(
                next(load for load in loads if load.iro_id == iro_id),
                units_of(held, since),
                loads,
                state.basis.weights,
                state.basis.band,
                target,
                sibling_holders=_family_holders(state, iro_id),
            )
            return proposal.build(session, state, plan, today)

    @staticmethod
    def _target(state: CaseloadState, iro_id: int, target: float | None) -> float:
        if target is None:
            return state.basis.band.high if state.iros[iro_id].staffed(state.today) else 0.0
        if target < 0:
            raise ValidationError(f"the target caseload per FTE cannot be negative ({target:g})")
        return target

    @requires(Permission.WORKLOAD)
    def apply_rebalance(self, plan: RebalanceProposal) -> AllocationOutcome:
        """Move the proposed children (and their future meetings) in one transaction; refuse if anything moved
        meanwhile."""
        moves = {child.id: move.to_iro_id for move in plan.moves for child in move.children}
        if not moves:
            raise ValidationError("there is nothing to move: the proposal moves no children")
        today = self._ctx.clock.today()
        with self._ctx.db.write() as session:
            for iro_id in set(moves.values()):
                self._check_can_take(session, iro_id, today)
            self._check_unchanged(session, dict.fromkeys(moves, plan.source_iro_id), today)
            outcome = move_children(session, self._ctx, moves, today, why="rebalance")
        log.info("rebalanced %d children from IRO %s", len(outcome.children_moved), plan.source_iro_id)
        return outcome

    @requires(Permission.REPORTS)
    def export(self, path: Path) -> Path:
        """Write the workload table to `path`: CSV or Excel (.xlsx), chosen by the file's extension."""
        return export.write_workload(self.workload(), path)


def _family_holders(state: CaseloadState, source: int) -> dict[int, dict[int, int]]:
    """Family id -> {IRO: children of that family they hold}, for every IRO but `source`."""
    holders: dict[int, Counter[int]] = defaultdict(Counter)
    for iro, cases in state.cases.items():
        if iro == source:
            continue
        for case in cases:
            if case.family_id is not None:
                holders[case.family_id][iro] += 1
    return {family: dict(counts) for family, counts in holders.items()}
