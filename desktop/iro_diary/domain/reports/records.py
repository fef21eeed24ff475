"""The facts a report is computed from, as plain values (the store reads them; tests build them by hand)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from iro_diary.domain.codes import SHORT_BREAK_LEGAL_STATUSES, MeetingKind, MeetingStatus
from iro_diary.domain.reports.period import ReportPeriod

if TYPE_CHECKING:  # the live audit's figures use the reports' percentages: no import at run time, no cycle
    from iro_diary.domain.quality.audit import AnswerRecord, ChecklistItem, HeldChild
    from iro_diary.domain.reports.quality_records import ConcernRecord, GoodPracticeRecord


def open_on(start: dt.date, end: dt.date | None, day: dt.date) -> bool:
    """Whether an episode or plan is open on `day`: it has started, and has not ended on or before that day.

    The report's rule for "at year end" (and any period end): a plan starting on 31 March counts on 31 March; a
    plan ending on 31 March does not (its last day was the 30th, as the timescale chains also see it).
    """
    return start <= day and (end is None or end > day)


@dataclass(frozen=True, slots=True)
class ChildRecord:
    child_id: int
    case_ref: str
    name: str
    date_of_birth: dt.date | None
    sex: str
    ethnicity: str

    def age_on(self, day: dt.date) -> int | None:
        """Age in whole years on `day`; None before birth (or when no date of birth is known)."""
        born = self.date_of_birth
        if born is None or born > day:
            return None
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@dataclass(frozen=True, slots=True)
class EpisodeRecord:
    """A care episode with the SSDA903 legal status and the placement's distance from home (if recorded)."""

    child_id: int
    start: dt.date
    end: dt.date | None
    legal_status: str
    distance_miles: float | None = None

    def open_on(self, day: dt.date) -> bool:
        return open_on(self.start, self.end, day)

    @property
    def counts_as_looked_after(self) -> bool:
        """DfE's count of children looked after leaves out agreed series of short breaks (V3, V4)."""
        return self.legal_status not in SHORT_BREAK_LEGAL_STATUSES


@dataclass(frozen=True, slots=True)
class PlanRecord:
    child_id: int
    start: dt.date
    end: dt.date | None
    category: str

    def open_on(self, day: dt.date) -> bool:
        return open_on(self.start, self.end, day)


@dataclass(frozen=True, slots=True)
class MeetingRecord:
    """A held or cancelled meeting of the period, on its UK local date."""

    meeting_id: int
    ref: str
    kind: MeetingKind
    status: MeetingStatus
    day: dt.date
    chair_id: int | None
    cancel_reason: str | None = None
    late_reason: str | None = None
    child_ids: tuple[int, ...] = ()
    household_id: int | None = None  # a foster carer review's household


@dataclass(frozen=True, slots=True)
class Attendance:
    """A child at a held looked-after review, with the SSDA903 participation code recorded (PN0–PN7)."""

    meeting_id: int
    child_id: int
    participation: str | None


@dataclass(frozen=True, slots=True)
class IroRecord:
    iro_id: int
    name: str
    email: str
    fte: float


@dataclass(frozen=True, slots=True)
class Timeliness:
    """A held meeting and a due date it answered, from the timescale engine (for a family's conference, one per
    child or just the earliest: the report counts the meeting once, against the earliest)."""

    meeting_id: int
    due: dt.date


@dataclass(frozen=True, slots=True)
class Comparator:
    """Statutory neighbours' and England's value of one measure, as entered in Settings (None when not)."""

    neighbours: float | None = None
    national: float | None = None


@dataclass(frozen=True)
class ReportFacts:
    """Everything one report is computed from.

    `episodes` must include every episode open at any time from a year before the period's end (for the
    previous year-end figure); `plans` every plan that started by the period's end (earlier plans make a repeat);
    `meetings` the held and cancelled meetings of the period; `timeliness` the compliance rows of the period.
    Quality assurance: the concerns raised and good practice recorded in the period with the service's theme
    lists, and the live audit's checklist, the children at the period's held reviews and conferences, and the
    answers given for them.
    """

    period: ReportPeriod
    population: int
    organisation: str = "Independent Reviewing Service"
    children: Mapping[int, ChildRecord] = field(default_factory=dict)
    episodes: Sequence[EpisodeRecord] = ()
    plans: Sequence[PlanRecord] = ()
    meetings: Sequence[MeetingRecord] = ()
    attendances: Sequence[Attendance] = ()
    iros: Mapping[int, IroRecord] = field(default_factory=dict)
    timeliness: Sequence[Timeliness] = ()
    comparators: Mapping[str, Comparator] = field(default_factory=dict)
    concerns: Sequence[ConcernRecord] = ()
    concern_themes: Sequence[str] = ()
    good_practice: Sequence[GoodPracticeRecord] = ()
    good_practice_themes: Sequence[str] = ()
    audit_items: Sequence[ChecklistItem] = ()
    audit_held: Sequence[HeldChild] = ()
    audit_answers: Sequence[AnswerRecord] = ()
