"""The report as JSON (`iro-diary report annual --json`): a stable contract scripts rely on.

Keys are only ever added, never renamed or removed. Counts are integers; percentages and rates are numbers
rounded to one decimal place, or null when there is nothing to divide by. "at_year_end" means on the last day of
the period (31 March for a year; the quarter's last day for a quarter).
"""

from __future__ import annotations

from typing import Any

from iro_diary.domain.quality.audit import AuditFigures, AuditGroup, Tally
from iro_diary.domain.reports.definitions import COMPARABLE
from iro_diary.domain.reports.model import Breakdown, Report
from iro_diary.domain.reports.profiles import TOTAL
from iro_diary.domain.reports.quality import OPEN, QualitySection
from iro_diary.domain.reports.records import Comparator


def report_json(report: Report) -> dict[str, Any]:
    period = report.period
    data: dict[str, Any] = {
        "year": period.year,
        "quarter": period.quarter,
        "period": {"label": period.label, "start": period.start.isoformat(), "end": period.end.isoformat()},
        "organisation": report.organisation,
        "child_population": report.population,
        "meetings_held": _column(report.breakdown("meetings_held_by_kind")),
    }
    data |= {figure.key: figure.value for figure in report.figures}
    category = report.breakdown("category_of_plan")
    ends = [period.end_years_earlier(n).isoformat() for n in (2, 1, 0)]
    data["category_of_plan_pct"] = _column(category, -1)
    data["category_of_plan_pct_by_year"] = {end: _column(category, i) for i, end in enumerate(ends)}
    data["within_timescale_by_kind"] = {
        line.key: {"held": line.values[0], "within": line.values[1], "pct": line.values[2]}
        for line in report.breakdown("within_timescale_by_kind").lines
    }
    data["participation_by_code"] = _column(report.breakdown("participation_by_code"))
    for key in ("ethnicity", "age", "sex"):
        for cohort in ("in_care", "on_plan"):
            data[f"{key}_{cohort}"] = _column(report.breakdown(f"{key}_{cohort}"))
    data["meetings_per_iro"] = [
        {"iro": line.label, "fte": line.values[1], "meetings_held": line.values[0], "per_fte": line.values[2]}
        for line in report.breakdown("meetings_per_iro").lines
    ]
    data["cancellations_by_reason"] = _column(report.breakdown("cancellations_by_reason"))
    data["late_bookings_by_reason"] = _column(report.breakdown("late_bookings_by_reason"))
    data["comparators"] = {figure: _comparator(report, measure) for measure, figure in COMPARABLE.items()}
    if report.quality is not None:
        data |= quality_json(report, report.quality)
    return data


def quality_json(report: Report, section: QualitySection) -> dict[str, Any]:
    """The qualitative section: `causes_for_concern`, `good_practice` and `live_audit` (issue #12)."""
    concerns = section.concerns
    bands = _column(report.breakdown("concerns_time_to_close"))
    not_closed = bands.pop(OPEN)
    return {
        "causes_for_concern": {
            "raised": concerns.raised,
            "closed_by_period_end": concerns.closed,
            "open_at_period_end": concerns.still_open,
            "escalated_beyond_informal": concerns.beyond_informal,
            "by_theme": _column(report.breakdown("concerns_by_theme")),
            "by_area": _column(report.breakdown("concerns_by_area")),
            "by_stage_reached": _column(report.breakdown("concerns_by_stage_reached")),
            "by_outcome": _column(report.breakdown("concerns_by_outcome")),
            "working_days_to_close": {
                "median": concerns.median_working_days,
                "mean": concerns.mean_working_days,
                "bands": bands,
                "not_closed": not_closed,
            },
        },
        "good_practice": {
            "recorded": section.good_practice,
            "by_theme": _column(report.breakdown("good_practice_by_theme")),
        },
        "live_audit": audit_json(section.audit),
    }


def audit_json(audit: AuditFigures) -> dict[str, Any]:
    """The live audit's figures (also what `iro-diary live-audit figures --json` prints)."""
    return {
        **_group_json(audit.overall),
        "by_item": {
            item.code: {"label": item.label, **_tally_json(audit.overall.item(item.item_id))} for item in audit.items
        },
        "by_quarter": {
            group.key: {
                **_group_json(group),
                "by_item": {item.code: group.item(item.item_id).yes_pct for item in audit.items},
            }
            for group in audit.quarters
        },
        "by_team": {group.key: _group_json(group) for group in audit.teams},
        "by_iro": [{"iro": group.label, **_group_json(group)} for group in audit.iros],
    }


def _group_json(group: AuditGroup) -> dict[str, Any]:
    return {
        "children_at_meetings": group.expected,
        "checklists_completed": group.completed,
        "completed_pct": group.completed_pct,
        "answers": group.overall.answered,
        "yes_pct": group.overall.yes_pct,
    }


def _tally_json(found: Tally) -> dict[str, Any]:
    return {"yes": found.yes, "no": found.no, "not_applicable": found.not_applicable, "yes_pct": found.yes_pct}


def _comparator(report: Report, measure: str) -> dict[str, float | None]:
    found = report.comparators.get(measure, Comparator())
    return {"neighbours": found.neighbours, "national": found.national}


def _column(table: Breakdown, column: int = 0) -> dict[str, Any]:
    """line key -> the value in one column, totals left out."""
    return {line.key: line.values[column] for line in table.lines if line.key != TOTAL}
