"""The causes for concern and good practice of a report's period, as the plain records the report counts."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy.orm import Session

from iro_diary.domain.quality.codes import Stage
from iro_diary.domain.quality.concerns import working_days_to_resolve
from iro_diary.domain.reports.period import ReportPeriod
from iro_diary.domain.reports.quality_records import ConcernRecord, GoodPracticeRecord
from iro_diary.domain.working_days import WorkingDayCalendar
from iro_diary.store.repositories.quality import QualityRecordRepository


def quality_records(
    session: Session, calendar: WorkingDayCalendar, period: ReportPeriod
) -> tuple[list[ConcernRecord], list[GoodPracticeRecord]]:
    """Concerns raised and good practice recorded in the period (working days to close counted here, with the
    council's calendar)."""
    repo = QualityRecordRepository(session)
    span = (period.start, period.end)
    found, stage_rows = repo.report_concerns(*span)
    stages: dict[int, list[tuple[Stage, dt.date]]] = defaultdict(list)
    for row in stage_rows:
        stages[row.concern_id].append((row.stage, row.started_on))
    concerns = [
        ConcernRecord(
            concern_id=c.id,
            ref=c.ref,
            child_id=c.child_id,
            raised_on=c.raised_on,
            theme=c.theme,
            area=c.area,
            iro_id=c.raised_by_iro_id,
            stages=tuple(stages[c.id]),
            resolved_on=c.resolved_on,
            outcome=c.outcome,
            working_days_to_resolve=(
                working_days_to_resolve(calendar, c.raised_on, c.resolved_on) if c.resolved_on is not None else None
            ),
        )
        for c in found
    ]
    recorded = [
        GoodPracticeRecord(r.id, r.ref, r.child_id, r.recorded_on, r.theme.name, r.recorded_by_iro_id)
        for r in repo.good_practice(recorded=span)
    ]
    return concerns, recorded
