"""The kept answered steps (models/compliance.py): which subjects' are out of date, reading the valid ones, and
replacing a subject's steps with freshly worked-out ones.

A subject's kept steps are valid when its mark has the rules key in force and the subject's current
`facts_version`; the triggers of migration 0700 raise that version on every change to the subject's facts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, delete, except_, insert, select, text
from sqlalchemy.orm import Session

from iro_diary.domain.codes import MeetingStatus
from iro_diary.domain.compliance import ComplianceRow
from iro_diary.store.models import AnsweredStep, Child, ComplianceMark, FosterHousehold, Meeting, MeetingChild
from iro_diary.store.repositories.raw_rows import (
    MEETING_KINDS,
    batches,
    date_of,
    raw,
)

# Any constant: PostgreSQL's advisory lock that lets one client at a time replace kept steps.
_KEEPING_LOCK = 0x1D0C0A5E


class ComplianceCacheRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # -- what is out of date ----------------------------------------------------------------------------------

    def unkept_children(
        self, key: str, first: dt.datetime | None = None, last: dt.datetime | None = None, limit: int | None = None
    ) -> set[int]:
        """Children with a held meeting (starting in [first, last), if given) whose kept steps are missing or out
        of date: a set difference the database works out, so none at all come back once the steps are kept."""
        held = (
            select(MeetingChild.child_id)
            .join(Meeting, Meeting.id == MeetingChild.meeting_id)
            .where(Meeting.status == MeetingStatus.HELD, *_window(first, last))
        )
        kept = (
            select(ComplianceMark.child_id)
            .join(Child, Child.id == ComplianceMark.child_id)
            .where(ComplianceMark.rules_key == key, ComplianceMark.facts_version == Child.facts_version)
        )
        return self._difference(held, kept, limit)

    def unkept_households(
        self, key: str, first: dt.datetime | None = None, last: dt.datetime | None = None, limit: int | None = None
    ) -> set[int]:
        """The same for foster households."""
        held = select(Meeting.foster_household_id).where(
            Meeting.status == MeetingStatus.HELD, Meeting.foster_household_id.is_not(None), *_window(first, last)
        )
        kept = (
            select(ComplianceMark.household_id)
            .join(FosterHousehold, FosterHousehold.id == ComplianceMark.household_id)
            .where(ComplianceMark.rules_key == key, ComplianceMark.facts_version == FosterHousehold.facts_version)
        )
        return self._difference(held, kept, limit)

    def _difference(self, held: Select[Any], kept: Select[Any], limit: int | None) -> set[int]:
        query: Any = except_(held, kept)
        if limit is not None:
            query = query.limit(limit)
        return {subject for subject in self.session.scalars(query) if subject is not None}

    def kept_subjects(self, key: str) -> tuple[set[int], set[int]]:
        """The children and the households whose kept steps are valid: marked with the rules key in force and
        their current facts version."""
        children = (
            select(ComplianceMark.child_id)
            .join(Child, Child.id == ComplianceMark.child_id)
            .where(ComplianceMark.rules_key == key, ComplianceMark.facts_version == Child.facts_version)
        )
        households = (
            select(ComplianceMark.household_id)
            .join(FosterHousehold, FosterHousehold.id == ComplianceMark.household_id)
            .where(ComplianceMark.rules_key == key, ComplianceMark.facts_version == FosterHousehold.facts_version)
        )
        connection = self.session.connection()
        return (
            {subject for (subject,) in connection.execute(children).all() if subject is not None},
            {subject for (subject,) in connection.execute(households).all() if subject is not None},
        )

    def child_versions(self, ids: Iterable[int]) -> dict[int, int]:
        """The current facts version of each child (read before their facts: see services/compliance.py)."""
        return self._versions(Child, ids)

    def household_versions(self, ids: Iterable[int]) -> dict[int, int]:
        return self._versions(FosterHousehold, ids)

    def _versions(self, model: Any, ids: Iterable[int]) -> dict[int, int]:
        wanted = sorted(ids)
        found: dict[int, int] = {}
        for batch in batches(wanted):
            query = select(model.id, model.facts_version).where(model.id.in_(batch))
            found.update((subject, version) for subject, version in self.session.execute(query))
        return found

    # -- reading the valid ones -------------------------------------------------------------------------------

    def earliest_kept_due(self, kept: tuple[set[int], set[int]], first: dt.date, last: dt.date) -> dict[int, dt.date]:
        """For each meeting held from `first` to `last` with valid kept steps (`kept_subjects`): the earliest due
        date they answered (a family's conference answers each child's)."""
        children, households = kept
        query = select(
            AnsweredStep.child_id, AnsweredStep.household_id, AnsweredStep.meeting_id, raw(AnsweredStep.due)
        ).where(AnsweredStep.held_on >= first, AnsweredStep.held_on <= last)
        earliest: dict[int, Any] = {}
        for child, household, meeting_id, due in self.session.connection().execute(query).all():
            if child in children if child is not None else household in households:
                known = earliest.get(meeting_id)
                if known is None or due < known:  # ISO dates (SQLite text) order as the dates do
                    earliest[meeting_id] = due
        return {meeting_id: date_of(due) for meeting_id, due in earliest.items()}

    def _valid_of_children(self, key: str) -> Select[Any]:
        return (
            select(AnsweredStep.id)
            .join(ComplianceMark, ComplianceMark.child_id == AnsweredStep.child_id)
            .join(Child, Child.id == AnsweredStep.child_id)
            .where(ComplianceMark.rules_key == key, ComplianceMark.facts_version == Child.facts_version)
        )

    def _valid_of_households(self, key: str) -> Select[Any]:
        return (
            select(AnsweredStep.id)
            .join(ComplianceMark, ComplianceMark.household_id == AnsweredStep.household_id)
            .join(FosterHousehold, FosterHousehold.id == AnsweredStep.household_id)
            .where(ComplianceMark.rules_key == key, ComplianceMark.facts_version == FosterHousehold.facts_version)
        )

    def kept_steps(self, key: str, first: dt.date, last: dt.date) -> list[ComplianceRow]:
        """Valid kept steps of meetings held from `first` to `last` (inclusive)."""
        columns = (
            AnsweredStep.meeting_id,
            AnsweredStep.ref,
            raw(AnsweredStep.meeting_kind),
            AnsweredStep.child_id,
            AnsweredStep.household_id,
            AnsweredStep.rule,
            raw(AnsweredStep.anchor),
            raw(AnsweredStep.due),
            raw(AnsweredStep.held_on),
            AnsweredStep.working_days_late,
        )
        held = (AnsweredStep.held_on >= first, AnsweredStep.held_on <= last)
        connection = self.session.connection()
        found = []
        for query in (self._valid_of_children(key), self._valid_of_households(key)):
            rows = connection.execute(query.with_only_columns(*columns).where(*held)).all()
            found += [
                ComplianceRow(
                    meeting,
                    ref,
                    MEETING_KINDS[kind],
                    child,
                    house,
                    rule,
                    date_of(anchor),
                    date_of(due),
                    date_of(held_on),
                    late,
                )
                for meeting, ref, kind, child, house, rule, anchor, due, held_on, late in rows
            ]
        return found

    # -- replacing ----------------------------------------------------------------------------------------------

    def keep(
        self,
        key: str,
        children: Mapping[int, tuple[int, Sequence[ComplianceRow]]],
        households: Mapping[int, tuple[int, Sequence[ComplianceRow]]],
    ) -> int:
        """Replace the kept steps of these subjects (id -> (facts version worked from, steps)); returns how many
        steps were written. Subjects deleted meanwhile are skipped."""
        if self.session.get_bind().dialect.name == "postgresql":
            self.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _KEEPING_LOCK})
        written = self._keep(key, AnsweredStep.child_id, ComplianceMark.child_id, Child, children)
        return written + self._keep(
            key, AnsweredStep.household_id, ComplianceMark.household_id, FosterHousehold, households
        )

    def _keep(
        self,
        key: str,
        step_column: Any,
        mark_column: Any,
        model: Any,
        found: Mapping[int, tuple[int, Sequence[ComplianceRow]]],
    ) -> int:
        ids = sorted(found)
        written = 0
        for batch in batches(ids):
            self.session.execute(delete(AnsweredStep).where(step_column.in_(batch)))
            self.session.execute(delete(ComplianceMark).where(mark_column.in_(batch)))
            alive = set(self.session.scalars(select(model.id).where(model.id.in_(batch))))
            marks = [
                {mark_column.key: subject, "facts_version": found[subject][0], "rules_key": key}
                for subject in batch
                if subject in alive
            ]
            steps = [step for subject in batch if subject in alive for step in found[subject][1]]
            meetings = self._existing_meetings({step.meeting_id for step in steps})
            values = [_step_values(step) for step in steps if step.meeting_id in meetings]
            if marks:
                self.session.execute(insert(ComplianceMark), marks)
            if values:
                self.session.execute(insert(AnsweredStep), values)
            written += len(values)
        return written

    def _existing_meetings(self, ids: set[int]) -> set[int]:
        wanted = sorted(ids)
        found: set[int] = set()
        for batch in batches(wanted):
            found.update(self.session.scalars(select(Meeting.id).where(Meeting.id.in_(batch))))
        return found


def _window(first: dt.datetime | None, last: dt.datetime | None) -> tuple[ColumnElement[bool], ...]:
    if first is None or last is None:
        return ()
    return (Meeting.start_at >= first, Meeting.start_at < last)


def _step_values(step: ComplianceRow) -> dict[str, Any]:
    return {
        "meeting_id": step.meeting_id,
        "ref": step.ref,
        "meeting_kind": step.meeting_kind,
        "child_id": step.child_id,
        "household_id": step.household_id,
        "rule": step.rule,
        "anchor": step.anchor,
        "due": step.due,
        "held_on": step.held_on,
        "working_days_late": step.working_days_late,
    }
