"""The Reports pane's two tables: the headline figures (with comparators) and one breakdown at a time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from iro_diary.domain.reports.model import Breakdown, Figure, Line, Number, Report, Unit
from iro_diary.domain.reports.text import counted_text, format_value
from iro_diary.ui.models.row_table import Column, RowTableModel


@dataclass(frozen=True, slots=True)
class FigureRow:
    figure: Figure
    neighbours: float | None
    national: float | None
    comparable: bool


def figure_rows(report: Report) -> list[FigureRow]:
    rows = []
    for figure in report.figures:
        theirs = report.comparator(figure)
        rows.append(FigureRow(figure, theirs.neighbours, theirs.national, figure.comparator is not None))
    return rows


def _theirs(row: FigureRow, value: float | None) -> str:
    return format_value(value, row.figure.unit) if row.comparable else ""


def _tip(row: FigureRow) -> str:
    return f"{row.figure.definition}\nDouble-click to list the {row.figure.subject.value} behind it."


FIGURE_COLUMNS: list[Column[FigureRow]] = [
    Column("Figure", lambda r: r.figure.label, tooltip=_tip),
    Column(
        "Value",
        lambda r: format_value(r.figure.value, r.figure.unit),
        sort_key=lambda r: r.figure.value,
        tooltip=_tip,
        align_right=True,
    ),
    Column("Statutory neighbours", lambda r: _theirs(r, r.neighbours), tooltip=_tip, align_right=True),
    Column("England", lambda r: _theirs(r, r.national), tooltip=_tip, align_right=True),
    Column("Counted", lambda r: counted_text(r.figure), tooltip=_tip, align_right=True),
]


def _value_column(title: str, index: int, unit: Unit, definition: str) -> Column[Line]:
    def text(line: Line) -> str:
        return format_value(line.values[index], unit)

    def key(line: Line) -> Number:
        return line.values[index]

    return Column(title, text, sort_key=key, tooltip=lambda _line: definition, align_right=True)


class BreakdownModel(RowTableModel[Line]):
    """One breakdown's lines; its columns change with the breakdown shown."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__([], parent)
        self.breakdown: Breakdown | None = None

    def show_breakdown(self, table: Breakdown) -> None:
        self.breakdown = table
        self.beginResetModel()
        self._columns = [
            Column("", lambda line: line.label, tooltip=lambda _line: table.definition),
            *(
                _value_column(title, i, unit, table.definition)
                for i, (title, unit) in enumerate(zip(table.columns, table.units, strict=True))
            ),
        ]
        self._sorted_by = None
        self.endResetModel()
        self.set_rows(table.lines)
