"""The Due & overdue list: open requirements, family conferences grouped, each with its RAG status.

A conference is usually for a family: one meeting, several children, each with their own plan and due date — the
meeting must satisfy the earliest of them (DOMAIN.md). Looked-after reviews stay per child.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from iro_diary.domain.chains import INITIAL_CONFERENCES, Step
from iro_diary.domain.codes import MeetingKind
from iro_diary.domain.facts import MeetingFact
from iro_diary.domain.working_days import WorkingDayCalendar

DUE_SOON_WORKING_DAYS = 5


class Rag(StrEnum):
    """RAG status of an open requirement, worst first."""

    OVERDUE = "overdue"  # the latest working day has passed and no meeting has been held
    DUE_SOON = "due-soon"  # not booked, and due within 5 working days
    BOOKED_LATE = "booked-late"  # booked, but after the due date
    NOT_BOOKED = "not-booked"  # not booked yet, with time to spare
    BOOKED = "booked"  # booked on or before the due date

    @property
    def label(self) -> str:
        return {
            Rag.OVERDUE: "Overdue",
            Rag.DUE_SOON: "Due soon, not booked",
            Rag.BOOKED_LATE: "Booked after due date",
            Rag.NOT_BOOKED: "Not booked",
            Rag.BOOKED: "Booked in time",
        }[self]

    @property
    def severity(self) -> int:
        return list(Rag).index(self)


@dataclass(frozen=True, slots=True)
class Requirement:
    """One line of the Due & overdue list."""

    requirement_id: str
    rule: str
    meeting_kind: MeetingKind
    child_ids: tuple[int, ...]
    household_id: int | None
    family_id: int | None
    anchor_label: str
    anchor: dt.date
    due: dt.date
    latest_working_day: dt.date
    booked: MeetingFact | None
    note: str = ""

    def working_days_left(self, today: dt.date, calendar: WorkingDayCalendar) -> int:
        """Working days from today to the latest working day (negative when overdue)."""
        return calendar.working_days_between(today, self.latest_working_day)

    def rag(self, today: dt.date, calendar: WorkingDayCalendar) -> Rag:
        if self.latest_working_day < today:
            return Rag.OVERDUE
        if self.booked is not None:
            return Rag.BOOKED_LATE if self.booked.day > self.due else Rag.BOOKED
        if self.working_days_left(today, calendar) <= DUE_SOON_WORKING_DAYS:
            return Rag.DUE_SOON
        return Rag.NOT_BOOKED


def requirements(
    steps: Iterable[Step], calendar: WorkingDayCalendar, families: Mapping[int, int | None]
) -> list[Requirement]:
    """The open steps as requirements, family conferences grouped; ordered by latest working day.

    `families` maps a child id to its family id (None for a child on their own).
    """
    grouped: dict[tuple[str, int], list[Step]] = defaultdict(list)
    singles: list[Requirement] = []
    for step in steps:
        if not step.is_open:
            continue
        family = families.get(step.subject) if step.chain == "cp" else None
        if family is None:
            singles.append(_requirement([step], calendar, family_id=None))
        else:
            grouped[(_conference_group(step.meeting_kind), family)].append(step)
    family_rows = [_requirement(group, calendar, family_id=family) for (_, family), group in grouped.items()]
    return sorted([*singles, *family_rows], key=lambda r: (r.latest_working_day, r.requirement_id))


def _conference_group(kind: MeetingKind) -> str:
    return "cp-initial" if kind in INITIAL_CONFERENCES else "cp-review"


def _requirement(steps: list[Step], calendar: WorkingDayCalendar, family_id: int | None) -> Requirement:
    if len(steps) == 1:  # the common case, kept cheap: 11,000 of these at ten times the report's size
        first, booked = steps[0], steps[0].booked
    else:
        first = min(steps, key=lambda s: (s.due, s.subject))
        booked = min((s.booked for s in steps if s.booked is not None), key=lambda m: m.day, default=None)
    children: tuple[int, ...]
    household: int | None
    if first.chain == "foster":
        subject, children, household = f"household-{first.subject}", (), first.subject
    else:
        subject = f"family-{family_id}" if family_id is not None else f"child-{first.subject}"
        children = (first.subject,) if len(steps) == 1 else tuple(sorted({s.subject for s in steps}))
        household = None
    chain = _conference_group(first.meeting_kind) if first.chain == "cp" else first.chain
    return Requirement(
        requirement_id=f"{chain}:{subject}:{first.anchor.isoformat()}",
        rule=first.rule,
        meeting_kind=first.meeting_kind,
        child_ids=children,
        household_id=household,
        family_id=family_id,
        anchor_label=first.anchor_label,
        anchor=first.anchor,
        due=first.due,
        latest_working_day=calendar.latest_working_day_on_or_before(first.due),
        booked=booked,
        note=first.note,
    )
