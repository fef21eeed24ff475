"""Breakdowns of the period-end cohorts: category of plan over three years, ethnicity, age band and sex."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence

from iro_diary.domain.codes import ETHNICITY_LABELS, PlanCategory
from iro_diary.domain.reports.cohorts import day_text, on_plan_on
from iro_diary.domain.reports.definitions import BREAKDOWNS
from iro_diary.domain.reports.model import Breakdown, Line, Member, Number, Subject, Unit, later_members, percentage
from iro_diary.domain.reports.period import ReportPeriod
from iro_diary.domain.reports.records import ChildRecord, PlanRecord

TOTAL = "total"
# The order of the annual report's table.
CATEGORY_ORDER = (PlanCategory.PHY, PlanCategory.SAB, PlanCategory.EMO, PlanCategory.NEG, PlanCategory.MUL)
# DfE's age bands (children looked after; CIN census adds unborn children).
AGE_BANDS = (
    ("unborn", "Unborn", -1, -1),
    ("under-1", "Under 1", 0, 0),
    ("1-4", "1 to 4", 1, 4),
    ("5-9", "5 to 9", 5, 9),
    ("10-15", "10 to 15", 10, 15),
    ("16-plus", "16 and over", 16, 200),
)
SEX_LABELS = {"M": "Male", "F": "Female", "U": "Not known"}


def breakdown(
    key: str, subject: Subject, columns: Sequence[str], units: Sequence[Unit], lines: Sequence[Line]
) -> Breakdown:
    title, definition = BREAKDOWNS[key]
    return Breakdown(key, title, definition, subject, tuple(columns), tuple(units), tuple(lines))


def category_of_plan(plans: Sequence[PlanRecord], period: ReportPeriod) -> Breakdown:
    """The report's table: the share of each category at the period end and at the same day one and two years
    before."""
    ends = [period.end_years_earlier(n) for n in (2, 1, 0)]
    cohorts = [on_plan_on(plans, day) for day in ends]
    lines = []
    for category in CATEGORY_ORDER:
        values: list[Number] = []
        for cohort in cohorts:
            values.append(percentage(sum(1 for p in cohort.values() if p.category == category), len(cohort)))
        members = [
            Member(child, True, f"Plan since {day_text(p.start)}")
            for child, p in cohorts[-1].items()
            if p.category == category
        ]
        lines.append(Line(category.value, category.label, tuple(values), tuple(members)))
    columns = [_end_label(day, period) for day in ends]
    return breakdown("category_of_plan", Subject.CHILDREN, columns, [Unit.PERCENT] * 3, lines)


def _end_label(day: dt.date, period: ReportPeriod) -> str:
    return str(day.year) if period.quarter is None else day_text(day)


def profile(
    key: str,
    cohort: Sequence[int],
    children: Mapping[int, ChildRecord],
    classify: Callable[[ChildRecord], str],
    labels: Mapping[str, str],
) -> Breakdown:
    """Children of a cohort by one attribute: every label listed (zero or not), unknown codes after, a total."""
    groups: dict[str, list[int]] = {code: [] for code in labels}
    for child_id in cohort:
        child = children.get(child_id)
        code = classify(child) if child is not None else "?"
        groups.setdefault(code, []).append(child_id)
    total = len(cohort)
    lines = [
        Line(code, labels.get(code, code), (len(ids), percentage(len(ids), total)), later_members(ids, Member))
        for code, ids in groups.items()
    ]
    everyone = [child_id for ids in groups.values() for child_id in ids]
    lines.append(Line(TOTAL, "Total", (total, percentage(total, total)), later_members(everyone, Member)))
    return breakdown(key, Subject.CHILDREN, ("Children", "%"), (Unit.COUNT, Unit.PERCENT), lines)


def ethnicity(key: str, cohort: Sequence[int], children: Mapping[int, ChildRecord]) -> Breakdown:
    return profile(key, cohort, children, lambda c: c.ethnicity, ETHNICITY_LABELS)


def age_band(key: str, cohort: Sequence[int], children: Mapping[int, ChildRecord], day: dt.date) -> Breakdown:
    labels = {code: label for code, label, _low, _high in AGE_BANDS}
    return profile(key, cohort, children, lambda c: band_of(c.age_on(day)), labels)


def band_of(age: int | None) -> str:
    if age is None:
        return "unborn"
    for code, _label, low, high in AGE_BANDS:
        if low <= age <= high:
            return code
    return AGE_BANDS[-1][0]


def sex(key: str, cohort: Sequence[int], children: Mapping[int, ChildRecord]) -> Breakdown:
    return profile(key, cohort, children, lambda c: c.sex, SEX_LABELS)
