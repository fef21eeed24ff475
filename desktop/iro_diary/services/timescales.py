"""Statutory timescales as the service sees them: due dates, the Due & overdue list, and compliance.

`due_list()` is what diary managers work from every morning; `compliance()` is what the reports count ("% within
timescale"). Both derive everything from the facts in the database with the rule book in force, so changing a
local rule or importing a bank holiday moves every date at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from iro_diary.domain.chains import Chains
from iro_diary.domain.codes import MeetingKind
from iro_diary.domain.compliance import ComplianceRow
from iro_diary.domain.due_list import Rag, Requirement, requirements
from iro_diary.domain.errors import NotFound, ValidationError
from iro_diary.domain.facts import ChildFacts, HouseholdFacts
from iro_diary.domain.timescales import RuleBook, check_anchor
from iro_diary.services.compliance import CompliancePatch, compliance_in, keep_patch, stale_patch
from iro_diary.services.context import ServiceContext
from iro_diary.store.models import Child
from iro_diary.store.repositories.timescale_facts import TimescaleFactRepository


@dataclass(frozen=True, slots=True)
class DueDate:
    rule: str
    anchor: dt.date
    due: dt.date
    latest_working_day: dt.date
    source: str


@dataclass(frozen=True, slots=True)
class RuleRow:
    name: str
    label: str
    meeting_kind: MeetingKind | None
    anchor: str
    timescale: str
    status: str
    source: str


@dataclass(frozen=True, slots=True)
class DueRow:
    """One line of the Due & overdue list, ready to show."""

    requirement_id: str
    rule: str
    rule_label: str
    meeting_kind: MeetingKind
    child_ids: tuple[int, ...]
    case_refs: tuple[str, ...]
    names: str
    family_ref: str | None
    household_ref: str | None
    anchor_label: str
    anchor: dt.date
    due: dt.date
    latest_working_day: dt.date
    working_days_left: int
    rag: Rag
    booked_meeting_id: int | None
    booked_ref: str | None
    booked_day: dt.date | None
    iro_id: int | None
    iro_name: str | None
    iro_email: str | None
    team: str | None
    source: str
    note: str


@dataclass(frozen=True, slots=True)
class DueUpdate:
    """The due list's rows for some children: replace every child-only row that names one of `covered`."""

    covered: frozenset[int]
    rows: list[DueRow]


class TimescaleService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def rules(self) -> list[RuleRow]:
        """Every rule in force with its timescale and source (local overrides applied)."""
        with self._ctx.db.read() as session:
            book = self._ctx.rule_book(session)
        return [
            RuleRow(r.name, r.label, r.meeting, r.anchor, str(r.offset), r.status, r.source)
            for r in book.rules.values()
        ]

    def due_dates(self, rule: str, anchors: Sequence[dt.date]) -> list[DueDate]:
        """The due date of `rule` for each anchor date (`iro-diary due`), with this council's rules."""
        with self._ctx.db.read() as session:
            book = self._ctx.rule_book(session)
        return due_dates(book, rule, anchors)

    def due_list(self, *, within_working_days: int | None = None, iro_email: str | None = None) -> list[DueRow]:
        """Every open requirement, worst first within its date; optionally only those whose latest working day
        is within N working days (overdue included), or only one IRO's."""
        if within_working_days is not None and within_working_days < 0:
            raise ValidationError("--within must be 0 or more working days")
        today = self._ctx.clock.today()
        with self._ctx.db.read() as session:
            book = self._ctx.rule_book(session)
            repo = TimescaleFactRepository(session)
            children = repo.children(repo.open_case_ids(today))
            households = repo.households(today, open_only=True)
            labels = _Labels(repo, [c.child_id for c in children])
        found = open_requirements(book, today, children, households)
        rows = [self._row(r, book, today, labels) for r in found]
        if iro_email is not None:
            rows = _for_iro(rows, iro_email, labels)
        if within_working_days is not None:
            rows = [r for r in rows if r.working_days_left <= within_working_days]
        rows.sort(key=lambda r: (r.latest_working_day, r.rag.severity, r.requirement_id))
        return rows

    def due_for_children(self, child_ids: Iterable[int]) -> DueUpdate:
        """The open requirements of these children and their siblings, for refreshing a due list after a change
        without working out everyone's: the list swaps its rows for `covered` children for `rows`."""
        today = self._ctx.clock.today()
        with self._ctx.db.read() as session:
            book = self._ctx.rule_book(session)
            repo = TimescaleFactRepository(session)
            covered = repo.with_siblings(child_ids)
            children = repo.children(repo.open_case_ids(today).where(Child.id.in_(covered)))
            labels = _Labels(repo, [c.child_id for c in children])
        found = open_requirements(book, today, children, ())
        return DueUpdate(frozenset(covered), [self._row(r, book, today, labels) for r in found])

    def compliance(self, start: dt.date, end: dt.date) -> list[ComplianceRow]:
        """For every meeting held from `start` to `end` (inclusive): the due date it answered, per child."""
        if end < start:
            raise ValidationError("the period ends before it starts")
        with self._ctx.db.read() as session:
            return compliance_in(session, self._ctx.rule_book(session), self._ctx.clock.today(), start, end)

    def stale_compliance(self, limit: int = 5000) -> CompliancePatch:
        """Work out the answered steps of up to `limit` children and households whose kept steps are out of
        date (after a change to their facts, the rules or the app). Read only; `keep_compliance` stores them."""
        if limit < 1:
            raise ValidationError("the limit must be at least 1")
        with self._ctx.db.read() as session:
            return stale_patch(session, self._ctx.rule_book(session), self._ctx.clock.today(), limit)

    def keep_compliance(self, patch: CompliancePatch) -> int:
        """Keep worked-out answered steps, so reports need not walk those chains again (derived data: no audit
        row). Steps worked out from facts that have changed since are kept but never used."""
        if not patch:
            return 0
        with self._ctx.db.write() as session:
            return keep_patch(session, patch)

    def requirement(self, requirement_id: str) -> DueRow:
        """One open requirement by its id (for booking from the Due list or the scheduling assistant)."""
        for row in self.due_list():
            if row.requirement_id == requirement_id:
                return row
        raise NotFound(f"there is no open requirement '{requirement_id}' (it may have been met already)")

    def _row(self, r: Requirement, book: RuleBook, today: dt.date, labels: _Labels) -> DueRow:
        rule = book.rules.get(r.rule)
        children = [labels.children[c] for c in r.child_ids if c in labels.children]
        household = labels.households.get(r.household_id) if r.household_id is not None else None
        iro_id = household[2] if household else next((c[3] for c in children if c[3] is not None), None)
        iro = labels.iros.get(iro_id) if iro_id is not None else None
        return DueRow(
            requirement_id=r.requirement_id,
            rule=r.rule,
            rule_label=rule.label if rule else r.rule,
            meeting_kind=r.meeting_kind,
            child_ids=r.child_ids,
            case_refs=tuple(c[0] for c in children),
            names=", ".join(c[1] for c in children) if children else (household[1] if household else ""),
            family_ref=next((c[2] for c in children if c[2]), None),
            household_ref=household[0] if household else None,
            anchor_label=r.anchor_label,
            anchor=r.anchor,
            due=r.due,
            latest_working_day=r.latest_working_day,
            working_days_left=r.working_days_left(today, book.calendar),
            rag=r.rag(today, book.calendar),
            booked_meeting_id=r.booked.meeting_id if r.booked else None,
            booked_ref=r.booked.ref if r.booked else None,
            booked_day=r.booked.day if r.booked else None,
            iro_id=iro_id,
            iro_name=iro[0] if iro else None,
            iro_email=iro[1] if iro else None,
            team=iro[2] if iro else None,
            source=rule.source if rule else "",
            note=r.note,
        )


def open_requirements(
    book: RuleBook, today: dt.date, children: Sequence[ChildFacts], households: Sequence[HouseholdFacts]
) -> list[Requirement]:
    """The open requirements of these children and households (family conferences grouped)."""
    chains = Chains(book, today, history=False)
    steps = [s for child in children for s in chains.child_steps(child) if s.is_open]
    steps += [s for h in households for s in chains.household_steps(h) if s.is_open]
    return requirements(steps, book.calendar, {c.child_id: c.family_id for c in children})


def due_dates(book: RuleBook, rule: str, anchors: Sequence[dt.date]) -> list[DueDate]:
    """The due date of `rule` for each anchor; every anchor is checked before any is worked out."""
    found = book.rule(rule)
    for anchor in anchors:
        check_anchor(anchor)
    return [DueDate(rule, a, (due := book.due(rule, a)), book.latest_working_day(due), found.source) for a in anchors]


class _Labels:
    """Names and references for the due list, read in the same transaction as the facts."""

    def __init__(self, repo: TimescaleFactRepository, child_ids: list[int]) -> None:
        self.children = repo.child_labels(child_ids)
        self.iros = repo.iro_labels()
        self.households = repo.household_labels()


def _for_iro(rows: list[DueRow], email: str, labels: _Labels) -> list[DueRow]:
    wanted = email.strip().casefold()
    if not any(iro[1].casefold() == wanted for iro in labels.iros.values()):
        raise NotFound(f"no IRO has the email address '{email}'")
    return [r for r in rows if (r.iro_email or "").casefold() == wanted]
