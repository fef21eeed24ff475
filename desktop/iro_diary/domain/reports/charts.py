"""The report's charts as plain specifications: the Reports pane draws them with QtCharts, the PDF with QPainter."""

from __future__ import annotations

from dataclasses import dataclass

from iro_diary.domain.codes import MeetingKind
from iro_diary.domain.reports.model import Breakdown, Report
from iro_diary.domain.reports.profiles import TOTAL


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class ChartSpec:
    """A bar chart of one breakdown: `categories` (with the breakdown's line keys) against one or more series."""

    key: str
    title: str
    definition: str
    breakdown: str
    categories: tuple[str, ...]
    category_keys: tuple[str, ...]
    series: tuple[Series, ...]
    percent: bool
    horizontal: bool


def _chart(
    table: Breakdown, keys: list[str], columns: list[int], *, title: str = "", percent: bool, horizontal: bool
) -> ChartSpec:
    lines = [table.line(key) for key in keys]
    series = tuple(Series(table.columns[c], tuple(float(line.values[c] or 0) for line in lines)) for c in columns)
    return ChartSpec(
        key=table.key,
        title=title or table.title,
        definition=table.definition,
        breakdown=table.key,
        categories=tuple(line.label for line in lines),
        category_keys=tuple(keys),
        series=series,
        percent=percent,
        horizontal=horizontal,
    )


def category_chart(report: Report) -> ChartSpec:
    """Category of plan at the period end and the two years before, side by side (the report's table)."""
    table = report.breakdown("category_of_plan")
    return _chart(table, [line.key for line in table.lines], [0, 1, 2], percent=True, horizontal=False)


def meetings_chart(report: Report) -> ChartSpec:
    table = report.breakdown("meetings_held_by_kind")
    keys = [line.key for line in table.lines if line.values[0] or line.key in _USUAL_KINDS]
    return _chart(table, keys, [0], percent=False, horizontal=True)


_USUAL_KINDS = {MeetingKind.CLA_REVIEW.value, MeetingKind.ICPC.value, MeetingKind.RCPC.value}


def timeliness_chart(report: Report) -> ChartSpec:
    table = report.breakdown("within_timescale_by_kind")
    return _chart(
        table,
        [line.key for line in table.lines],
        [2],
        title="Held within timescale (%)",
        percent=True,
        horizontal=True,
    )


def ethnicity_chart(report: Report, cohort: str) -> ChartSpec:
    """The ethnic groups present in a cohort, largest first."""
    table = report.breakdown(f"ethnicity_{cohort}")
    present = sorted(
        (line for line in table.lines if line.key != TOTAL and line.values[0]),
        key=lambda line: (-(line.values[0] or 0), line.label),
    )
    return _chart(table, [line.key for line in present], [0], percent=False, horizontal=True)


def report_charts(report: Report) -> list[ChartSpec]:
    return [
        category_chart(report),
        meetings_chart(report),
        timeliness_chart(report),
        ethnicity_chart(report, "in_care"),
        ethnicity_chart(report, "on_plan"),
    ]
