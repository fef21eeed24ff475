"""The live audit's figures for a financial year or a quarter: per item, and per quarter, team and IRO with each
item's % yes beside the checklists completed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from iro_diary.domain.access import Permission, roles_granting
from iro_diary.domain.quality.audit import AuditFigures, AuditGroup, Tally
from iro_diary.domain.reports.model import Unit
from iro_diary.domain.reports.period import QUARTER_MONTHS, ReportPeriod, financial_year_of
from iro_diary.domain.reports.text import format_value
from iro_diary.ui.context import UiContext
from iro_diary.ui.models.row_table import Column, RowFilterProxy, RowTableModel
from iro_diary.ui.table_view import make_table_view

YEARS_BACK = 5
VIEWS = {"item": "Item", "quarter": "Quarter", "team": "Team", "iro": "IRO"}


def pct(value: float | None) -> str:
    return format_value(value, Unit.PERCENT)


@dataclass(frozen=True, slots=True)
class AuditLine:
    """One row of the table: an item's answers, or a group (quarter, team, IRO) with every item's % yes."""

    label: str
    overall: Tally
    expected: int | None = None
    completed: int | None = None
    completed_pct: float | None = None
    items: tuple[Tally, ...] = ()


class AuditModel(RowTableModel[AuditLine]):
    """The live audit's table; its columns change with what it is shown by."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__([], parent)

    def show_figures(self, figures: AuditFigures, view: str) -> None:
        """Show the figures by item, or by quarter, team or IRO (columns and rows change together)."""
        if view == "item":
            columns = _item_columns()
            lines = [AuditLine(i.label, figures.overall.item(i.item_id)) for i in figures.items]
            lines.append(AuditLine(self.tr("All items"), figures.overall.overall))
        else:
            groups = {"quarter": figures.quarters, "team": figures.teams, "iro": figures.iros}[view]
            columns = _group_columns(VIEWS[view], [i.label for i in figures.items])
            lines = [_group_line(g, [i.item_id for i in figures.items]) for g in groups]
        self.beginResetModel()
        self._columns, self._rows, self._search, self._sorted_by = columns, lines, {}, None
        self.endResetModel()


def _number(title: str, value: Any, text: Any, tip: str = "") -> Column[AuditLine]:
    return Column(title, text, sort_key=value, align_right=True, tooltip=(lambda _r: tip) if tip else None)


def _item_columns() -> list[Column[AuditLine]]:
    return [
        Column("Item", lambda r: r.label),
        _number("Yes", lambda r: r.overall.yes, lambda r: f"{r.overall.yes:,}"),
        _number("No", lambda r: r.overall.no, lambda r: f"{r.overall.no:,}"),
        _number("Not applicable", lambda r: r.overall.not_applicable, lambda r: f"{r.overall.not_applicable:,}"),
        _number("% yes", lambda r: r.overall.yes_pct, lambda r: pct(r.overall.yes_pct), "Of the yes and no answers"),
    ]


def _group_columns(title: str, items: list[str]) -> list[Column[AuditLine]]:
    columns = [
        Column(title, lambda r: r.label),
        _number(
            "Children", lambda r: r.expected, lambda r: f"{r.expected:,}", "Children at held reviews and conferences"
        ),
        _number("Completed", lambda r: r.completed, lambda r: f"{r.completed:,}", "Checklists with an answer"),
        _number("Completed %", lambda r: r.completed_pct, lambda r: pct(r.completed_pct)),
        _number("All items % yes", lambda r: r.overall.yes_pct, lambda r: pct(r.overall.yes_pct)),
    ]
    for index, label in enumerate(items):
        columns.append(
            _number(
                label,
                lambda r, i=index: r.items[i].yes_pct,
                lambda r, i=index: pct(r.items[i].yes_pct),
                f"{label}: % yes",
            )
        )
    return columns


def _group_line(group: AuditGroup, item_ids: list[int]) -> AuditLine:
    return AuditLine(
        group.label,
        group.overall,
        group.expected,
        group.completed,
        group.completed_pct,
        tuple(group.item(i) for i in item_ids),
    )


class AuditTab(QWidget):
    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.loading = False
        self.figures: AuditFigures | None = None
        self.year = QComboBox(self)
        self.year.setAccessibleName(self.tr("Financial year"))
        latest = financial_year_of(ui.clock.today())
        for year in range(latest, latest - YEARS_BACK, -1):
            self.year.addItem(ReportPeriod(year).year_label, year)
        self.quarter = QComboBox(self)
        self.quarter.setAccessibleName(self.tr("Period"))
        self.quarter.addItem(self.tr("Whole year"), 0)
        for number, months in QUARTER_MONTHS.items():
            self.quarter.addItem(f"Q{number} ({months})", number)
        self.view = QComboBox(self)
        self.view.setAccessibleName(self.tr("Show by"))
        for key, label in VIEWS.items():
            self.view.addItem(self.tr(label), key)
        self.view.setCurrentIndex(self.view.findData("quarter"))
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.model = AuditModel(self)
        proxy = RowFilterProxy(self)
        proxy.setSourceModel(self.model)
        self.table = make_table_view(proxy, self.tr("Live audit figures"), self, sortable=False)
        bar = QHBoxLayout()
        for label, widget in (("Financial year", self.year), ("Period", self.quarter), ("Show by", self.view)):
            bar.addWidget(QLabel(self.tr(label), self))
            bar.addWidget(widget)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.year.currentIndexChanged.connect(self.reload)
        self.quarter.currentIndexChanged.connect(self.reload)
        self.view.currentIndexChanged.connect(self._show_table)

    def period(self) -> ReportPeriod:
        return ReportPeriod(int(self.year.currentData()), int(self.quarter.currentData()) or None)

    def reload(self) -> None:
        if not self.ui.services.users.me().may(Permission.REPORTS):
            # Figures per team and IRO are performance reporting, as the annual report is (the service refuses too).
            roles = " or ".join(role.label for role in roles_granting(Permission.REPORTS))
            self.summary.setText(self.tr("The live audit's figures need the {0} role.").format(roles))
            return
        self.loading = True
        audit, period = self.ui.services.live_audit, self.period()
        self.ui.runner.run(lambda _p: audit.figures(period), on_success=self._show, on_failure=self._failed)

    def _failed(self, _error: BaseException) -> bool:
        self.loading = False
        return False

    def _show(self, figures: AuditFigures) -> None:
        if figures.period != self.period():
            return  # another period was chosen since
        self.loading = False
        self.figures = figures
        overall = figures.overall
        self.summary.setText(
            self.tr(
                "{0}: checklists completed for {1:,} of the {2:,} children at held looked-after reviews and "
                "conferences ({3}); {4} of the answers were yes (not applicable answers left out)."
            ).format(
                figures.period.label,
                overall.completed,
                overall.expected,
                pct(overall.completed_pct),
                pct(overall.overall.yes_pct),
            )
        )
        self._show_table()

    def _show_table(self) -> None:
        if self.figures is not None:
            self.model.show_figures(self.figures, str(self.view.currentData()))
            self.table.resizeColumnsToContents()
