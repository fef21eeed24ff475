"""The report's rules in the pure domain: periods, rounding, the year-end edges, counting meetings once."""

from __future__ import annotations

import datetime as dt

import pytest

from iro_diary.domain.codes import MeetingKind, MeetingStatus
from iro_diary.domain.errors import ValidationError
from iro_diary.domain.reports.charts import report_charts
from iro_diary.domain.reports.compute import compute_report
from iro_diary.domain.reports.contract import report_json
from iro_diary.domain.reports.document import Paragraph, report_document
from iro_diary.domain.reports.model import percentage, rate_per_10000
from iro_diary.domain.reports.period import ReportPeriod, financial_year_of, last_complete_year
from iro_diary.domain.reports.records import (
    Attendance,
    ChildRecord,
    EpisodeRecord,
    MeetingRecord,
    PlanRecord,
    ReportFacts,
    Timeliness,
)
from tests.report_scenario import REQUIRED_KEYS

D = dt.date


@pytest.mark.parametrize(
    ("quarter", "start", "end", "label"),
    [
        (None, D(2025, 4, 1), D(2026, 3, 31), "2025/26"),
        (1, D(2025, 4, 1), D(2025, 6, 30), "Q1 2025/26 (Apr–Jun)"),
        (2, D(2025, 7, 1), D(2025, 9, 30), "Q2 2025/26 (Jul–Sep)"),
        (3, D(2025, 10, 1), D(2025, 12, 31), "Q3 2025/26 (Oct–Dec)"),
        (4, D(2026, 1, 1), D(2026, 3, 31), "Q4 2025/26 (Jan–Mar)"),
    ],
)
def test_periods(quarter: int | None, start: dt.date, end: dt.date, label: str) -> None:
    period = ReportPeriod(2025, quarter)
    assert (period.start, period.end, period.label) == (start, end, label)


def test_financial_years() -> None:
    assert ReportPeriod(1999).year_label == "1999/00"
    assert financial_year_of(D(2026, 3, 31)) == 2025 and financial_year_of(D(2026, 4, 1)) == 2026
    assert last_complete_year(D(2026, 11, 26)) == 2025
    with pytest.raises(ValidationError, match="between 1990 and 2099"):
        ReportPeriod(1800)


@pytest.mark.parametrize(
    ("part", "whole", "expected"), [(1, 8, 12.5), (1, 3, 33.3), (2, 3, 66.7), (1, 16, 6.3), (0, 5, 0.0), (3, 0, None)]
)
def test_percentages_are_rounded_half_up_to_one_place(part: int, whole: int, expected: float | None) -> None:
    assert percentage(part, whole) == expected


def test_rates_per_10000() -> None:
    assert rate_per_10000(480, 65800) == 72.9 and rate_per_10000(605, 65800) == 91.9
    assert rate_per_10000(1, 0) is None


def test_meetings_per_fte_are_rounded_half_up_like_every_other_figure() -> None:
    from iro_diary.domain.reports.meetings import per_iro
    from iro_diary.domain.reports.records import IroRecord

    held = [
        MeetingRecord(n, f"M{n}", MeetingKind.CLA_REVIEW, MeetingStatus.HELD, D(2025, 6, 2), chair_id=1)
        for n in range(49)
    ]
    table = per_iro(held, {1: IroRecord(1, "Jo Chair", "jo@example.gov.uk", 0.8)})
    assert table.lines[0].values == (49, 0.8, 61.3)  # 61.25: Python's round() would say 61.2


BORN = D(2015, 1, 1)


def _child(child_id: int, born: dt.date | None = BORN, ethnicity: str = "WBRI") -> ChildRecord:
    return ChildRecord(child_id, f"C{child_id}", f"Child {child_id}", born, "F", ethnicity)


def _meeting(meeting_id: int, kind: MeetingKind, day: dt.date, **more: object) -> MeetingRecord:
    return MeetingRecord(meeting_id, f"M{meeting_id}", kind, MeetingStatus.HELD, day, chair_id=None, **more)  # type: ignore[arg-type]


def test_a_family_conference_is_in_timescale_only_by_its_earliest_due_date() -> None:
    held = D(2025, 6, 16)
    facts = ReportFacts(
        period=ReportPeriod(2025),
        population=10000,
        meetings=[_meeting(1, MeetingKind.ICPC, held, child_ids=(1, 2, 3)), _meeting(2, MeetingKind.RCPC, held)],
        timeliness=[
            Timeliness(1, held - dt.timedelta(days=1)),  # one sibling's date had passed
            Timeliness(1, held + dt.timedelta(days=5)),
            Timeliness(1, held + dt.timedelta(days=5)),
            Timeliness(2, held),  # on the due date itself: in timescale
        ],
    )
    report = compute_report(facts)
    within = report.figure("child_protection_conferences_within_timescale_pct")
    assert (within.value, within.numerator, within.denominator) == (50.0, 1, 2)
    assert report.figure("child_protection_conferences_held").value == 2


def test_year_end_edges_and_children_in_care_twice() -> None:
    end = D(2026, 3, 31)
    facts = ReportFacts(
        period=ReportPeriod(2025),
        population=10000,
        children={i: _child(i) for i in range(1, 6)},
        episodes=[
            EpisodeRecord(1, D(2025, 5, 1), D(2025, 6, 1), "C2"),
            EpisodeRecord(1, D(2025, 9, 1), None, "C2", 20.0),  # back in care: counted once, 20 miles is within
            EpisodeRecord(2, end, None, "C1"),  # starts on 31 March: in care at year end
            EpisodeRecord(3, D(2024, 1, 1), end, "C2"),  # ends on 31 March: not
            EpisodeRecord(4, D(2024, 1, 1), None, "V4"),  # short breaks: never
        ],
        plans=[PlanRecord(5, end, None, "NEG"), PlanRecord(4, D(2025, 4, 1), end, "EMO")],
    )
    report = compute_report(facts)
    assert report.figure("children_in_care_at_year_end").value == 2
    assert report.figure("children_in_care_during_period").value == 3
    assert report.figure("placed_within_20_miles_pct").value == 100.0
    assert report.figure("children_on_plan_at_year_end").value == 1
    assert report_json(report)["category_of_plan_pct"]["NEG"] == 100.0


def test_participation_counts_children_aged_4_or_over_at_each_review() -> None:
    day = D(2025, 6, 2)
    facts = ReportFacts(
        period=ReportPeriod(2025),
        population=10000,
        children={1: _child(1, D(2021, 6, 2)), 2: _child(2, D(2021, 6, 3)), 3: _child(3), 4: _child(4)},
        meetings=[_meeting(1, MeetingKind.CLA_REVIEW, day), _meeting(2, MeetingKind.RCPC, day)],
        attendances=[
            Attendance(1, 1, "PN6"),  # 4 today: counted, conveyed
            Attendance(1, 2, "PN0"),  # 4 tomorrow: not counted
            Attendance(1, 3, None),  # no code recorded: counted, not conveyed
            Attendance(1, 4, "PN7"),
            Attendance(2, 4, "PN1"),  # a conference, not a review
        ],
    )
    views = compute_report(facts).figure("participation_pct")
    assert (views.value, views.numerator, views.denominator) == (33.3, 1, 3)


def test_the_json_contract_and_the_printed_report() -> None:
    facts = ReportFacts(
        period=ReportPeriod(2025),
        population=65800,
        children={1: _child(1, ethnicity="ZZZZ")},
        episodes=[EpisodeRecord(1, D(2025, 1, 1), None, "C2")],
    )
    report = compute_report(facts)
    data = report_json(report)
    assert set(data) >= set(REQUIRED_KEYS)
    assert set(data["category_of_plan_pct"]) == {"NEG", "PHY", "EMO", "SAB", "MUL"}
    assert data["ethnicity_in_care"]["ZZZZ"] == 1 and data["ethnicity_in_care"]["WBRI"] == 0
    text = " ".join(b.text for b in report_document(report) if isinstance(b, Paragraph))
    assert "On 31 March 2026 there were 1 children and young people in care" in text
    assert "rate per 10,000 of the population of 0.2" in text
    ethnicity = next(c for c in report_charts(report) if c.key == "ethnicity_in_care")
    assert ethnicity.categories == ("ZZZZ",) and ethnicity.horizontal


def test_the_readme_defines_every_figure() -> None:
    from pathlib import Path

    from iro_diary.domain.reports.definitions import FIGURES

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for key, (_label, definition) in FIGURES.items():
        assert f"| `{key}` | {definition} |" in readme, key
