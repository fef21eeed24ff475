"""The quality-assurance facts a report is computed from: causes for concern, good practice, the live audit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from iro_diary.domain.quality.codes import Outcome, Stage, WorkArea


@dataclass(frozen=True, slots=True)
class ConcernRecord:
    """A cause for concern: when raised, its theme and area, each stage it reached (with the day it began), and
    when and how it was closed (with the working days that took)."""

    concern_id: int
    ref: str
    child_id: int
    raised_on: dt.date
    theme: str
    area: WorkArea
    iro_id: int | None
    stages: tuple[tuple[Stage, dt.date], ...]
    resolved_on: dt.date | None = None
    outcome: Outcome | None = None
    working_days_to_resolve: int | None = None

    def stage_on(self, day: dt.date) -> Stage:
        """The highest stage the concern had reached by `day` (its first stage if none had begun yet)."""
        begun = [stage for stage, started in self.stages if started <= day]
        return max(begun or [self.stages[0][0]], key=lambda s: s.number)

    def closed_by(self, day: dt.date) -> bool:
        return self.resolved_on is not None and self.resolved_on <= day


@dataclass(frozen=True, slots=True)
class GoodPracticeRecord:
    record_id: int
    ref: str
    child_id: int
    recorded_on: dt.date
    theme: str
    iro_id: int | None
