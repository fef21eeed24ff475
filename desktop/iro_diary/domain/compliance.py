"""A held meeting and the statutory step it answered: what "% within timescale" counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from iro_diary.domain.codes import MeetingKind


@dataclass(frozen=True, slots=True)
class ComplianceRow:
    """A held meeting and one child (or household) it answered a statutory step for, with that step's due date.

    A meeting on or before its due date is in timescale (DOMAIN.md); `working_days_late` counts the working days
    after the due date it was held on.
    """

    meeting_id: int
    ref: str
    meeting_kind: MeetingKind
    child_id: int | None
    household_id: int | None
    rule: str
    anchor: dt.date
    due: dt.date
    held_on: dt.date
    working_days_late: int

    @property
    def in_timescale(self) -> bool:
        return self.held_on <= self.due
