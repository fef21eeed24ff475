"""The report's qualitative section on a hand-built dataset: every number worked out by hand (see the comments)."""

from __future__ import annotations

import datetime as dt

from iro_diary.domain.quality.audit import AnswerRecord, ChecklistItem, HeldChild
from iro_diary.domain.quality.codes import Answer, AuditScope, Outcome, Stage, WorkArea
from iro_diary.domain.reports.compute import compute_report
from iro_diary.domain.reports.contract import report_json
from iro_diary.domain.reports.document import Paragraph, quality_blocks, report_document
from iro_diary.domain.reports.period import ReportPeriod
from iro_diary.domain.reports.quality_records import ConcernRecord, GoodPracticeRecord
from iro_diary.domain.reports.records import IroRecord, ReportFacts
from iro_diary.domain.reports.text import report_tables

D = dt.date
YEAR = ReportPeriod(2025)  # 1 April 2025 to 31 March 2026
THEMES = (
    "Work not completed in a timely way",
    "Reports not available before the meeting",
    "Contact arrangements not progressed",
    "Care plan not submitted before the meeting",
)
INFORMAL, MANAGER = Stage.INFORMAL, Stage.TEAM_MANAGER
CIC, CP = "children-in-care", "child-protection"


def _concern(
    n: int, raised: dt.date, theme: str, area: WorkArea, *stages: tuple[Stage, dt.date], **closed: object
) -> ConcernRecord:
    return ConcernRecord(n, f"CfC-{n:06d}", 100 + n, raised, theme, area, 1, tuple(stages), **closed)  # type: ignore[arg-type]


FACTS = ReportFacts(
    period=YEAR,
    population=10000,
    iros={
        1: IroRecord(1, "Ann Chair", "ann@example.gov.uk", 1.0),
        2: IroRecord(2, "Bob Chair", "bob@example.gov.uk", 1.0),
    },
    concern_themes=THEMES,
    concerns=[
        # Closed in 3 working days: resolved.
        _concern(
            1,
            D(2025, 5, 1),
            THEMES[0],
            WorkArea.CHILDREN_IN_CARE,
            (INFORMAL, D(2025, 5, 1)),
            resolved_on=D(2025, 5, 6),
            outcome=Outcome.RESOLVED,
            working_days_to_resolve=3,
        ),
        # Escalated to the team manager, resolved after 22 working days.
        _concern(
            2,
            D(2025, 6, 10),
            THEMES[2],
            WorkArea.CHILDREN_IN_CARE,
            (INFORMAL, D(2025, 6, 10)),
            (MANAGER, D(2025, 6, 20)),
            resolved_on=D(2025, 7, 10),
            outcome=Outcome.RESOLVED,
            working_days_to_resolve=22,
        ),
        # Raised in March; escalated and closed only after 31 March: informal and open at the year's end.
        _concern(
            3,
            D(2026, 3, 20),
            THEMES[1],
            WorkArea.CHILD_PROTECTION,
            (INFORMAL, D(2026, 3, 20)),
            (MANAGER, D(2026, 4, 2)),
            resolved_on=D(2026, 4, 10),
            outcome=Outcome.RESOLVED,
            working_days_to_resolve=14,
        ),
        # The year before: not counted.
        _concern(4, D(2024, 12, 1), THEMES[0], WorkArea.CHILD_PROTECTION, (INFORMAL, D(2024, 12, 1))),
        # A theme the service has since retired: listed after the service's themes. Withdrawn after 10 days.
        _concern(
            5,
            D(2025, 9, 1),
            "Old theme",
            WorkArea.OTHER,
            (INFORMAL, D(2025, 9, 1)),
            resolved_on=D(2025, 9, 15),
            outcome=Outcome.WITHDRAWN,
            working_days_to_resolve=10,
        ),
    ],
    good_practice_themes=("Timely progress of a complex plan", "High-quality reports"),
    good_practice=[
        GoodPracticeRecord(1, "GP-000001", 201, D(2025, 4, 10), "High-quality reports", 1),
        GoodPracticeRecord(2, "GP-000002", 202, D(2025, 12, 1), "High-quality reports", 2),
        GoodPracticeRecord(3, "GP-000003", 203, D(2026, 4, 1), "Timely progress of a complex plan", 2),  # next year
    ],
    audit_items=[
        ChecklistItem(1, "pep", "PEP in date", AuditScope.LOOKED_AFTER, 1),
        ChecklistItem(2, "health", "Health assessment in date", AuditScope.LOOKED_AFTER, 2),
        ChecklistItem(3, "core-group", "Core groups held", AuditScope.CONFERENCES, 3),
    ],
    audit_held=[
        HeldChild(10, 1, D(2025, 5, 5), 1, CIC),  # Q1
        HeldChild(11, 2, D(2025, 8, 1), 1, CIC),  # Q2, two siblings; the second is never answered
        HeldChild(11, 3, D(2025, 8, 1), 1, CIC),
        HeldChild(12, 4, D(2026, 1, 15), 2, CP),  # Q4
        HeldChild(13, 5, D(2026, 4, 2), 2, CP),  # next year
    ],
    audit_answers=[
        AnswerRecord(10, 1, 1, Answer.YES),
        AnswerRecord(10, 1, 2, Answer.NO),
        AnswerRecord(11, 2, 1, Answer.YES),
        AnswerRecord(11, 2, 2, Answer.NOT_APPLICABLE),
        AnswerRecord(12, 4, 3, Answer.YES),
        AnswerRecord(13, 5, 1, Answer.NO),  # next year
    ],
)


def test_the_concern_figures_of_a_hand_built_year() -> None:
    data = report_json(compute_report(FACTS))["causes_for_concern"]
    assert (data["raised"], data["closed_by_period_end"], data["open_at_period_end"]) == (4, 3, 1)
    assert data["escalated_beyond_informal"] == 1  # concern 2; concern 3's escalation came after 31 March
    assert data["by_theme"] == {THEMES[0]: 1, THEMES[1]: 1, THEMES[2]: 1, THEMES[3]: 0, "Old theme": 1}
    assert data["by_area"] == {"child-protection": 1, "children-in-care": 2, "other": 1}
    assert data["by_stage_reached"] == {
        "informal-resolution": 3, "team-manager": 1, "service-manager": 0, "head-of-service": 0, "director": 0,
    }  # fmt: skip
    assert data["by_outcome"] == {"resolved": 2, "partly-resolved": 0, "not-resolved": 0, "withdrawn": 1, "open": 1}
    assert data["working_days_to_close"] == {
        "median": 10.0,  # of 3, 22 and 10
        "mean": 11.7,
        "bands": {"within-5": 1, "6-to-10": 1, "11-to-20": 0, "over-20": 1},
        "not_closed": 1,
    }


def test_the_good_practice_and_live_audit_figures_of_a_hand_built_year() -> None:
    report = compute_report(FACTS)
    data = report_json(report)
    assert data["good_practice"] == {
        "recorded": 2,
        "by_theme": {"Timely progress of a complex plan": 0, "High-quality reports": 2},
    }
    audit = data["live_audit"]
    # 4 children at the year's meetings, 3 answered; 3 yes of the 4 yes-or-no answers (one not applicable).
    wanted = ("children_at_meetings", "checklists_completed", "completed_pct", "answers", "yes_pct")
    assert [audit[k] for k in wanted] == [4, 3, 75.0, 5, 75.0]
    assert audit["by_item"]["pep"] == {"label": "PEP in date", "yes": 2, "no": 0, "not_applicable": 0, "yes_pct": 100.0}
    assert audit["by_item"]["health"]["yes_pct"] == 0.0 and audit["by_item"]["core-group"]["yes_pct"] == 100.0
    quarters = audit["by_quarter"]
    assert [quarters[q]["yes_pct"] for q in ("Q1", "Q2", "Q3", "Q4")] == [50.0, 100.0, None, 100.0]
    assert [quarters[q]["completed_pct"] for q in ("Q1", "Q2", "Q3", "Q4")] == [100.0, 50.0, None, 100.0]
    assert quarters["Q2"]["by_item"] == {"pep": 100.0, "health": None, "core-group": None}
    teams = audit["by_team"]
    assert {
        team: (g["children_at_meetings"], g["checklists_completed"], g["yes_pct"]) for team, g in teams.items()
    } == {
        CP: (1, 1, 100.0),
        CIC: (3, 2, 66.7),
    }
    assert [(g["iro"], g["completed_pct"], g["yes_pct"]) for g in audit["by_iro"]] == [
        ("Ann Chair", 66.7, 66.7), ("Bob Chair", 100.0, 100.0),
    ]  # fmt: skip
    figures = {f.key: f.value for f in report.figures}
    assert (figures["causes_for_concern_raised"], figures["causes_for_concern_closed_pct"]) == (4, 75.0)
    assert (figures["good_practice_recorded"], figures["live_audit_completed_pct"], figures["live_audit_yes_pct"]) == (
        2, 75.0, 75.0,
    )  # fmt: skip


def test_the_live_audits_drill_downs_list_what_its_figures_count() -> None:
    """They are made only when asked (a year has over a hundred thousand answers): the same numbers either way."""
    report = compute_report(FACTS)
    for key in ("live_audit_completed_pct", "live_audit_yes_pct"):
        figure = report.figure(key)
        listed = list(figure.members)
        assert (len(listed), sum(m.counted for m in listed)) == (figure.denominator, figure.numerator)
    answers = list(report.figure("live_audit_yes_pct").members)
    assert (len(answers), sum(m.counted for m in answers)) == (4, 3)
    assert {m.detail for m in answers} >= {"PEP in date: Yes", "Health assessment in date: No"}
    by_item = report.breakdown("live_audit_by_item")
    assert [m.counted for m in by_item.line("pep").members] == [True, True]
    teams = report.breakdown("live_audit_by_team")
    for line in teams.lines:
        listed = list(line.members)
        assert (len(listed), sum(m.counted for m in listed)) == line.values[:2]
    assert tuple(teams.lines[0].members) == teams.lines[0].members, "compares as the members it lists"


def test_the_printed_report_says_it_in_the_reports_words_and_exports_the_tables() -> None:
    report = compute_report(FACTS)
    text = " ".join(b.text for b in quality_blocks(report) if isinstance(b, Paragraph))
    assert "IROs raised 4 causes for concern in the year: 2 about work with children in care and 1 about " in text
    assert "3 had been closed, taking a median of 10 working days, and 1 were still open" in text
    assert "2 examples of good practice were recorded" in text
    assert "for 3 of the 4 children at looked-after reviews and child protection conferences" in text
    assert "(75.0%). Of the answers given, 75.0% were yes" in text
    assert quality_blocks(report)[0] in report_document(report)
    titles = [t.title for t in report_tables(report)]
    assert {"Concerns by theme", "Good practice by theme", "Live audit by quarter", "Live audit by IRO"} <= set(titles)


def test_a_report_with_no_quality_records_says_nothing_is_counted() -> None:
    data = report_json(compute_report(ReportFacts(period=YEAR, population=10000)))
    assert data["causes_for_concern"]["raised"] == 0 and data["causes_for_concern"]["by_theme"] == {}
    assert data["live_audit"]["yes_pct"] is None and data["live_audit"]["by_iro"] == []
