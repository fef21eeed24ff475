"""The report laid out like the quantitative section of the annual report: headings, sentences, tables, charts.

The PDF renders these blocks as they are; the sentences follow the 2016/17 report's own wording, so the printed
report reads like the one a principal manager would otherwise type up by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

from iro_diary.domain.quality.codes import WorkArea
from iro_diary.domain.reports import charts
from iro_diary.domain.reports.charts import ChartSpec
from iro_diary.domain.reports.cohorts import day_text
from iro_diary.domain.reports.model import Figure, Report, Unit
from iro_diary.domain.reports.quality import QualitySection
from iro_diary.domain.reports.text import Cell, Table, breakdown_table, figures_table, format_value


@dataclass(frozen=True, slots=True)
class Heading:
    text: str
    level: int


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str


Block = Heading | Paragraph | Table | ChartSpec
QUALITATIVE = "Qualitative Information"


def report_document(report: Report) -> list[Block]:
    """Every block of the printed report, in order."""
    return [
        *_title(report),
        *_comparison(report),
        *_meetings(report),
        *_protection(report),
        *_looked_after(report),
        *_service(report),
        *quality_blocks(report),
        *_profiles(report),
        *_definitions(report),
    ]


def _value(report: Report, key: str) -> str:
    figure = report.figure(key)
    return format_value(figure.value, figure.unit)


def _span(report: Report) -> str:
    return "year" if report.period.quarter is None else "quarter"


def _title(report: Report) -> list[Block]:
    period = report.period
    kind = "Annual Report" if period.quarter is None else "Quarterly Report"
    return [
        Heading(f"{report.organisation} — {kind} {period.label}", 1),
        Paragraph(
            f"Quantitative information for {day_text(period.start)} to {day_text(period.end)}, counted from the "
            "diary: every meeting held is recorded there, so these figures are not a manual count. Each figure's "
            "definition is given at the end."
        ),
        Heading("Quantitative Information", 2),
    ]


def _meetings(report: Report) -> list[Block]:
    reviews = report.figure("looked_after_reviews_held").value or 0
    conferences = report.figure("child_protection_conferences_held").value or 0
    summary = Table(
        "meetings_summary",
        "",
        "",
        ("", "Looked After Reviews", "Child Protection Conferences", "Total"),
        (
            (
                Cell(report.period.label),
                Cell(reviews, Unit.COUNT),
                Cell(conferences, Unit.COUNT),
                Cell(reviews + conferences, Unit.COUNT),
            ),
        ),
    )
    return [
        Heading("Meetings held", 3),
        summary,
        Paragraph(
            f"In all, {_value(report, 'meetings_held_total')} meetings were held in the {_span(report)}, each "
            f"counted once however many children it concerned; {_value(report, 'meetings_cancelled')} were "
            "cancelled."
        ),
        breakdown_table(report.breakdown("meetings_held_by_kind")),
        charts.meetings_chart(report),
    ]


def _compared(report: Report, key: str, what: str) -> list[Block]:
    figure = report.figure(key)
    theirs = report.comparator(figure)
    sentences = []
    if theirs.neighbours is not None:
        sentences.append(
            f"The average {what} in our statutory neighbour group was {format_value(theirs.neighbours, figure.unit)}."
        )
    if theirs.national is not None:
        sentences.append(f"The {what} for England was {format_value(theirs.national, figure.unit)}.")
    return [Paragraph(" ".join(sentences))] if sentences else []


def _at_end(report: Report, cohort: str, what: str, rate: str) -> str:
    """The report's sentence: 'On 31 March 2026 there were 480 children and young people subject to … .'"""
    end, before = report.period.end, report.period.end_years_earlier(1)
    return (
        f"On {day_text(end)} there were {_value(report, f'children_{cohort}_at_year_end')} children and young "
        f"people {what}. This represents a rate per 10,000 of the population of {_value(report, rate)}. The figure "
        f"for {day_text(before)} was {_value(report, f'children_{cohort}_at_previous_year_end')}."
    )


def _protection(report: Report) -> list[Block]:
    closed, repeat = report.figure("closed_plans_2_years_plus_pct"), report.figure("repeat_plans_pct")
    return [
        Heading("Child Protection", 2),
        Paragraph(_at_end(report, "on_plan", "subject to a protection plan", "cp_rate_per_10000")),
        *_compared(report, "cp_rate_per_10000", "rate per 10,000"),
        Heading("Category of plan", 3),
        breakdown_table(report.breakdown("category_of_plan")),
        charts.category_chart(report),
        Paragraph(
            f"Of the {closed.denominator:,} protection plans that closed during the {_span(report)}, "
            f"{format_value(closed.value, closed.unit)} had lasted 2 years or more. Of the {repeat.denominator:,} "
            f"children made subject to a protection plan, {format_value(repeat.value, repeat.unit)} were subject "
            "to a plan for a second or subsequent time."
        ),
        *_compared(
            report, "closed_plans_2_years_plus_pct", "proportion of closed plans that had lasted 2 years or more"
        ),
        *_compared(report, "repeat_plans_pct", "proportion of second or subsequent plans"),
        Heading("Timeliness", 3),
        Paragraph(
            f"{_value(report, 'reviews_within_timescale_pct')} of reviews and conferences were held within "
            f"timescale: {_value(report, 'looked_after_reviews_within_timescale_pct')} of looked-after reviews "
            f"and {_value(report, 'child_protection_conferences_within_timescale_pct')} of child protection "
            "conferences."
        ),
        breakdown_table(report.breakdown("within_timescale_by_kind")),
        charts.timeliness_chart(report),
    ]


def _looked_after(report: Report) -> list[Block]:
    placed, views = report.figure("placed_within_20_miles_pct"), report.figure("participation_pct")
    return [
        Heading("Children Looked After", 2),
        Paragraph(
            f"{_at_end(report, 'in_care', 'in care', 'cic_rate_per_10000')} In all, "
            f"{_value(report, 'children_in_care_during_period')} children were in care at some time in the "
            f"{_span(report)}."
        ),
        *_compared(report, "cic_rate_per_10000", "rate per 10,000"),
        Paragraph(
            f"{format_value(placed.value, placed.unit)} of children in care were placed within 20 miles of home "
            f"(of the {placed.denominator:,} whose placement distance is recorded). At "
            f"{views.denominator:,} looked-after reviews of children aged 4 or over, "
            f"{format_value(views.value, views.unit)} of the children conveyed their views (PN1–PN6)."
        ),
        breakdown_table(report.breakdown("participation_by_code")),
    ]


def _comparison(report: Report) -> list[Block]:
    """Every headline figure with statutory neighbours and England beside it, where entered."""
    rows = tuple(row[:5] for row in figures_table(report).rows)
    table = Table(
        "comparison",
        "",
        'Comparator values are entered per year in Settings (a dash: not entered). "Counted" is what a '
        "percentage was worked out from.",
        ("", "Ours", "Statutory neighbours", "England", "Counted"),
        rows,
    )
    return [Heading("The figures at a glance", 2), table]


def _service(report: Report) -> list[Block]:
    return [
        Heading("Meetings by IRO, cancellations and late dates", 2),
        breakdown_table(report.breakdown("meetings_per_iro")),
        breakdown_table(report.breakdown("cancellations_by_reason")),
        breakdown_table(report.breakdown("late_bookings_by_reason")),
    ]


def quality_blocks(report: Report) -> list[Block]:
    """The qualitative section: causes for concern, good practice (the report's "complements"), the live audit."""
    section = report.quality
    if section is None:
        return []
    return [
        Heading(QUALITATIVE, 2),
        *_concerns(report, section),
        Heading("Good practice (complements)", 3),
        Paragraph(
            f"{section.good_practice:,} examples of good practice were recorded in the {_span(report)}, each with "
            "its theme and the worker or team it recognises."
        ),
        breakdown_table(report.breakdown("good_practice_by_theme")),
        *_live_audit(report, section),
    ]


def _concerns(report: Report, section: QualitySection) -> list[Block]:
    found, areas = section.concerns, report.breakdown("concerns_by_area")
    care, protection = (
        areas.line(a.value).values[0] or 0 for a in (WorkArea.CHILDREN_IN_CARE, WorkArea.CHILD_PROTECTION)
    )
    median = found.median_working_days
    timing = f", taking a median of {median:g} working days" if median is not None else ""
    return [
        Heading("Causes for concern", 3),
        Paragraph(
            f"IROs raised {found.raised:,} causes for concern in the {_span(report)}: {care:,} about work with "
            f"children in care and {protection:,} about child protection. By {day_text(report.period.end)}, "
            f"{found.closed:,} had been closed{timing}, and {found.still_open:,} were still open; "
            f"{found.beyond_informal:,} had gone beyond informal resolution."
        ),
        *(
            breakdown_table(report.breakdown(key))
            for key in (
                "concerns_by_theme",
                "concerns_by_stage_reached",
                "concerns_by_outcome",
                "concerns_time_to_close",
            )
        ),
    ]


def _live_audit(report: Report, section: QualitySection) -> list[Block]:
    overall = section.audit.overall
    return [
        Heading("Live audit", 3),
        Paragraph(
            f"Chairs completed the live-audit checklist for {overall.completed:,} of the {overall.expected:,} "
            f"children at looked-after reviews and child protection conferences held in the {_span(report)} "
            f"({format_value(overall.completed_pct, Unit.PERCENT)}). Of the answers given, "
            f"{format_value(overall.overall.yes_pct, Unit.PERCENT)} were yes (not applicable answers left out)."
        ),
        *(
            breakdown_table(report.breakdown(key))
            for key in ("live_audit_by_item", "live_audit_by_quarter", "live_audit_by_team", "live_audit_by_iro")
        ),
    ]


def _profiles(report: Report) -> list[Block]:
    blocks: list[Block] = [Heading("Appendix 1 – Profiles", 2)]
    for cohort in ("in_care", "on_plan"):
        blocks += [breakdown_table(report.breakdown(f"ethnicity_{cohort}")), charts.ethnicity_chart(report, cohort)]
    for key in ("age_in_care", "age_on_plan", "sex_in_care", "sex_on_plan"):
        blocks.append(breakdown_table(report.breakdown(key)))
    return blocks


def _definitions(report: Report) -> list[Block]:
    rows = tuple((Cell(f.label), Cell(f.definition)) for f in report.figures)
    rows += tuple((Cell(b.title), Cell(b.definition)) for b in report.breakdowns)
    return [Heading("Definitions", 2), Table("definitions", "", "", ("Figure", "Definition"), rows)]


def figure_sentence(figure: Figure) -> str:
    """'Children in care at period end: 605' (for plain-text output)."""
    return f"{figure.label}: {format_value(figure.value, figure.unit)}"
