"""The report as tables of cells, for the CSV and Excel files and the PDF: one place decides what is printed."""

from __future__ import annotations

from dataclasses import dataclass

from iro_diary.domain.reports.model import Breakdown, Figure, Number, Report, Unit

DASH = "—"


def format_value(value: Number | str, unit: Unit | None) -> str:
    """A value as a report prints it: 1,619 · 98.0% · 72.9 · 0.6; a dash when there is none."""
    if value is None:
        return DASH
    if isinstance(value, str) or unit is None:
        return str(value)
    if unit is Unit.PERCENT:
        return f"{value:.1f}%"
    if unit is Unit.RATE:
        return f"{value:.1f}"
    if unit is Unit.NUMBER:
        return f"{value:g}"
    return f"{value:,}"


@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell: the raw value (for spreadsheets) and how to show it (for people)."""

    value: Number | str
    unit: Unit | None = None

    @property
    def text(self) -> str:
        return format_value(self.value, self.unit)


@dataclass(frozen=True, slots=True)
class Table:
    key: str
    title: str
    note: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


FIGURE_HEADERS = ("Figure", "Value", "Statutory neighbours", "England", "Counted", "Definition")


def figures_table(report: Report) -> Table:
    """The headline figures with the comparators beside them."""
    rows = tuple(_figure_row(report, figure) for figure in report.figures)
    note = f"{report.organisation}, {report.period.label}: figures computed from the diary."
    return Table("figures", "Headline figures", note, FIGURE_HEADERS, rows)


def _figure_row(report: Report, figure: Figure) -> tuple[Cell, ...]:
    theirs = report.comparator(figure)
    comparable = figure.comparator is not None
    return (
        Cell(figure.label),
        Cell(figure.value, figure.unit),
        Cell(theirs.neighbours if comparable else "", figure.unit if comparable else None),
        Cell(theirs.national if comparable else "", figure.unit if comparable else None),
        Cell(counted_text(figure)),
        Cell(figure.definition),
    )


def counted_text(figure: Figure) -> str:
    """'45 of 50' for a percentage (what it was worked out from); '' for a count."""
    if figure.unit is Unit.PERCENT:
        return f"{figure.numerator:,} of {figure.denominator:,}"
    return ""


def breakdown_table(table: Breakdown) -> Table:
    rows = tuple(
        (Cell(line.label), *(Cell(v, u) for v, u in zip(line.values, table.units, strict=True))) for line in table.lines
    )
    return Table(table.key, table.title, table.definition, ("", *table.columns), rows)


def report_tables(report: Report) -> list[Table]:
    """Every table of the report: the headline figures, then each breakdown."""
    return [figures_table(report), *(breakdown_table(b) for b in report.breakdowns)]
