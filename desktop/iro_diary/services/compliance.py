"""Compliance: the due date each held meeting answered, for "% within timescale".

Worked out by the domain chains from the facts, like every due date; a year of it at ten times the report's size
means walking some twenty thousand children's chains, so the answered steps are also kept in the database
(store/models/compliance.py) against the version of each child's facts and the rules in force. `compliance_in`
uses the kept steps that are still valid and works out the rest there and then, so it is always exact; keeping
them up to date is a background job (`stale_patch` reads, `keep_patch` writes) that only makes it faster.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from iro_diary import __version__
from iro_diary.domain.chains import Chains, Step
from iro_diary.domain.compliance import ComplianceRow
from iro_diary.domain.facts import ChildFacts, HouseholdFacts
from iro_diary.domain.timescales import RuleBook
from iro_diary.infra.clock import days_span
from iro_diary.store.repositories.compliance_cache import ComplianceCacheRepository
from iro_diary.store.repositories.timescale_facts import SCAN_FROM, TimescaleFactRepository


@dataclass(frozen=True)
class CompliancePatch:
    """Freshly worked-out answered steps for some subjects: id -> (facts version they were read at, steps)."""

    rules_key: str
    children: dict[int, tuple[int, list[ComplianceRow]]] = field(default_factory=dict)
    households: dict[int, tuple[int, list[ComplianceRow]]] = field(default_factory=dict)
    more: bool = False  # more subjects were out of date than one patch takes

    def __bool__(self) -> bool:
        return bool(self.children or self.households)


def rules_key(book: RuleBook) -> str:
    """The rules in force and this version of the app's chains: kept steps made under others are not used."""
    return hashlib.sha256(f"{__version__}\n{book.fingerprint()}".encode()).hexdigest()


def compliance_in(
    session: Session, book: RuleBook, today: dt.date, start: dt.date, end: dt.date
) -> list[ComplianceRow]:
    """Compliance of the meetings held from `start` to `end`, read in the caller's transaction: the kept steps
    still valid, and the rest worked out there and then."""
    key = rules_key(book)
    cache = ComplianceCacheRepository(session)
    rows = cache.kept_steps(key, start, end)
    rows += _unkept_rows(session, book, today, start, end, key)
    return sorted(rows, key=lambda r: (r.held_on, r.ref, r.child_id or 0, r.household_id or 0))


def earliest_due_in(
    session: Session,
    book: RuleBook,
    today: dt.date,
    period: tuple[dt.date, dt.date],
    held: tuple[set[int], set[int]],
) -> dict[int, dt.date]:
    """For each meeting held in the period (first and last day) that answered a statutory step, the earliest
    due date among its children (or its household): what "% within timescale" counts, read in the caller's
    transaction. `held` is the children and households with a meeting held in the period (the caller has
    read the period's meetings already)."""
    start, end = period
    key = rules_key(book)
    cache = ComplianceCacheRepository(session)
    kept = cache.kept_subjects(key)
    earliest = cache.earliest_kept_due(kept, start, end)
    stale = (held[0] - kept[0], held[1] - kept[1])
    for row in _worked_out_now(session, book, today, start, end, stale):
        due = earliest.get(row.meeting_id)
        if due is None or row.due < due:
            earliest[row.meeting_id] = row.due
    return earliest


def _unkept_rows(
    session: Session, book: RuleBook, today: dt.date, start: dt.date, end: dt.date, key: str
) -> list[ComplianceRow]:
    """The answered steps, worked out now, of the children and households with a meeting held in the period
    whose kept steps are missing or out of date."""
    first, last = days_span(start, end)
    cache = ComplianceCacheRepository(session)
    stale = (cache.unkept_children(key, first, last), cache.unkept_households(key, first, last))
    return _worked_out_now(session, book, today, start, end, stale)


def _worked_out_now(
    session: Session, book: RuleBook, today: dt.date, start: dt.date, end: dt.date, stale: tuple[set[int], set[int]]
) -> list[ComplianceRow]:
    """The answered steps of meetings held in the period for these children and households, worked out now.
    Only what can bear on those meetings is read: their facts, their meetings up to the period's end; only the
    steps answered within the period get due dates."""
    stale_children, stale_households = stale
    if not stale_children and not stale_households:
        return []
    first, last = days_span(start, end)
    repo = TimescaleFactRepository(session)
    if len(stale_children) > SCAN_FROM:  # most of them: read whole tables and keep the stale children's rows
        wanted = repo.ids_with_meetings_between(first, last)
        children = [c for c in repo.children(wanted, until=last, scan=True) if c.child_id in stale_children]
    else:
        children = repo.children(repo.ids_in(stale_children), until=last) if stale_children else []
    among = repo.ids_of_households(stale_households)
    households = repo.households(today, open_only=False, until=last, among=among) if stale_households else []
    return compliance_rows(Chains(book, today, window=(start, end)), children, households, start, end)


def compliance_rows(
    chains: Chains,
    children: Sequence[ChildFacts],
    households: Sequence[HouseholdFacts],
    start: dt.date,
    end: dt.date,
) -> list[ComplianceRow]:
    """The answered steps of meetings held in [start, end], one row per child (or household)."""
    steps: list[Step] = [s for c in children for s in chains.child_steps(c)]
    steps += [s for h in households for s in chains.household_steps(h)]
    return [kept for step in steps if (kept := _kept(chains, step)) is not None and start <= kept.held_on <= end]


def stale_patch(session: Session, book: RuleBook, today: dt.date, limit: int) -> CompliancePatch:
    """Work out the answered steps of up to `limit` children (and households) whose kept steps are missing or
    out of date, with their whole history."""
    key = rules_key(book)
    cache = ComplianceCacheRepository(session)
    child_ids = sorted(cache.unkept_children(key, limit=limit))
    household_ids = sorted(cache.unkept_households(key, limit=limit))
    # The versions first, the facts after: if a change lands in between (PostgreSQL reads each statement
    # afresh), the steps are kept under the older version and so are never used.
    child_versions = cache.child_versions(child_ids)
    household_versions = cache.household_versions(household_ids)
    repo = TimescaleFactRepository(session)
    chains = Chains(book, today)
    patch = CompliancePatch(key, more=len(child_ids) == limit or len(household_ids) == limit)
    for child in repo.children(repo.ids_in(child_ids)) if child_ids else []:
        steps = [kept for step in chains.child_steps(child) if (kept := _kept(chains, step)) is not None]
        patch.children[child.child_id] = (child_versions[child.child_id], steps)
    among = repo.ids_of_households(household_ids)
    for household in repo.households(today, open_only=False, among=among) if household_ids else []:
        steps = [kept for step in chains.household_steps(household) if (kept := _kept(chains, step)) is not None]
        patch.households[household.household_id] = (household_versions[household.household_id], steps)
    return patch


def keep_patch(session: Session, patch: CompliancePatch) -> int:
    """Replace the kept steps of the patch's subjects; returns how many steps were written."""
    return ComplianceCacheRepository(session).keep(patch.rules_key, patch.children, patch.households)


def _kept(chains: Chains, step: Step) -> ComplianceRow | None:
    held = step.held
    if held is None:
        return None
    calendar = chains.book.calendar
    late = max(0, calendar.working_days_between(step.due, held.day)) if held.day > step.due else 0
    foster = step.chain == "foster"
    return ComplianceRow(
        meeting_id=held.meeting_id,
        ref=held.ref,
        meeting_kind=step.meeting_kind,
        child_id=None if foster else step.subject,
        household_id=step.subject if foster else None,
        rule=step.rule,
        anchor=step.anchor,
        due=step.due,
        held_on=held.day,
        working_days_late=late,
    )
