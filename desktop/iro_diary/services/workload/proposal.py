"""Turning a rebalance plan (domain ids and tallies) into the preview the team lead reads and approves."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping

from sqlalchemy.orm import Session

from iro_diary.domain.allocation import RebalancePlan
from iro_diary.domain.caseload import BandStatus, Case
from iro_diary.services.workload.moves import meeting_move, plan_meetings
from iro_diary.services.workload.rows import BeforeAfterRow, ChildBrief, MoveRow, RebalanceProposal
from iro_diary.services.workload.state import CaseloadState
from iro_diary.store.repositories.workload import WorkloadRepository


def briefs(session: Session, cases: Mapping[int, Case], state: CaseloadState) -> tuple[ChildBrief, ...]:
    """The children as the dialogs show them: reference, name, family, kind and who holds them now."""
    result = []
    for child, case_ref, given, family_name, _family_id, family_ref in WorkloadRepository(session).child_briefs(
        list(cases)
    ):
        holder = state.holder.get(child)
        name = state.iros[holder].name if holder in state.iros else None
        result.append(
            ChildBrief(child, case_ref, f"{given} {family_name}", family_ref, cases[child].kind, holder, name)
        )
    return tuple(result)


def build(session: Session, state: CaseloadState, plan: RebalancePlan, today: dt.date) -> RebalanceProposal:
    cases = {c.child_id: c for m in plan.moves for c in m.unit.cases}
    cases.update({c.child_id: c for u in plan.unplaced for c in u.cases})
    brief = {b.id: b for b in briefs(session, cases, state)}
    moves = tuple(
        MoveRow(
            tuple(brief[c.child_id] for c in m.unit.cases),
            m.to_iro,
            state.iros[m.to_iro].name,
            m.weight,
            m.reasons,
        )
        for m in plan.moves
    )
    unplaced = tuple(brief[c.child_id] for u in plan.unplaced for c in u.cases)
    moving = {c.child_id: m.to_iro for m in plan.moves for c in m.unit.cases}
    decisions, _meetings = plan_meetings(session, moving, dict.fromkeys(moving, plan.source), today)
    return RebalanceProposal(
        source_iro_id=plan.source,
        source_name=state.iros[plan.source].name,
        target_per_fte=plan.target_per_fte,
        moves=moves,
        unplaced=unplaced,
        iros=_before_after(state, plan),
        meetings=tuple(meeting_move(d) for d in decisions),
    )


def _before_after(state: CaseloadState, plan: RebalancePlan) -> tuple[BeforeAfterRow, ...]:
    """Every IRO before and after: the one relieved first, then those receiving, then everyone else."""
    gained = Counter(m.to_iro for m in plan.moves for _c in m.unit.cases)
    band = state.basis.band
    rows = []
    for iro in state.iros.values():
        before = plan.weighted_before.get(iro.id, 0.0) / iro.fte
        after = plan.weighted_after.get(iro.id, 0.0) / iro.fte
        staffed = iro.staffed(state.today)
        rows.append(
            BeforeAfterRow(
                iro.id,
                iro.name,
                iro.team,
                iro.fte,
                before,
                after,
                band.status(before) if staffed else BandStatus.LEFT,
                band.status(after) if staffed else BandStatus.LEFT,
                gained[iro.id],
                plan.children_moved if iro.id == plan.source else 0,
            )
        )
    rows.sort(key=lambda r: (r.iro_id != plan.source, r.children_in == 0, r.name))
    return tuple(rows)
