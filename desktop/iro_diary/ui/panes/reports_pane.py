"""Reports: the annual report's figures for a financial year or quarter, computed from the diary.

The headline figures (with statutory neighbours and England beside them), the charts, and every breakdown;
each figure says on hover what it counts, and a double-click (or a click on a bar) lists the children or
meetings behind it. The report is worked out off the GUI thread; CSV, Excel and PDF exports too, with progress.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from iro_diary.domain.access import Permission
from iro_diary.domain.reports.charts import report_charts
from iro_diary.domain.reports.cohorts import day_text
from iro_diary.domain.reports.document import quality_blocks
from iro_diary.domain.reports.model import Member, Report, Subject, Unit, counted
from iro_diary.domain.reports.period import QUARTER_MONTHS, ReportPeriod, financial_year_of, last_complete_year
from iro_diary.domain.reports.text import format_value
from iro_diary.services.changes import Changes
from iro_diary.ui.context import UiContext
from iro_diary.ui.models.row_table import RowFilterProxy, RowTableModel
from iro_diary.ui.panes.base import Pane
from iro_diary.ui.panes.report_chart import ReportChart
from iro_diary.ui.panes.report_comparators import ComparatorDialog
from iro_diary.ui.panes.report_drilldown import DrillDownDialog, drill_rows
from iro_diary.ui.panes.report_tables import FIGURE_COLUMNS, BreakdownModel, FigureRow, figure_rows
from iro_diary.ui.report_pdf.writer import report_html
from iro_diary.ui.table_view import make_table_view

YEARS_BACK = 10
CHART_COUNT = 5
EXPORTS = {
    "csv": ("CSV", "CSV files (*.csv)"),
    "xlsx": ("Excel", "Excel workbooks (*.xlsx)"),
    "pdf": ("PDF", "PDF documents (*.pdf)"),
}


class ReportsPane(Pane):
    """Signals:
    open_child(int): the user asked to see a child's record (from a drill-down).
    """

    title = "Reports"
    icon_name = "reports"
    needs = Permission.REPORTS
    open_child = Signal(int)

    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ui, parent)
        self._loading = False
        self._stale = False
        self.report: Report | None = None
        self.year = QComboBox(self)
        self.year.setAccessibleName(self.tr("Financial year"))
        latest = financial_year_of(ui.clock.today())
        for year in range(latest, latest - YEARS_BACK, -1):
            self.year.addItem(ReportPeriod(year).year_label, year)
        self.year.setCurrentIndex(self.year.findData(last_complete_year(ui.clock.today())))
        self.quarter = QComboBox(self)
        self.quarter.setAccessibleName(self.tr("Period"))
        self.quarter.addItem(self.tr("Whole year"), 0)
        for number, months in QUARTER_MONTHS.items():
            self.quarter.addItem(f"Q{number} ({months})", number)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.comparators_button = QPushButton(self.tr("Comparators…"), self)
        self.comparators_button.setToolTip(self.tr("Enter statutory neighbours' and England's figures for the year"))
        self.export_buttons = {
            kind: QPushButton(self.tr("Export {0}…").format(name), self) for kind, (name, _f) in EXPORTS.items()
        }
        self.figures: RowTableModel[FigureRow] = RowTableModel(FIGURE_COLUMNS, self)
        self.figures_table = make_table_view(self.figures, self.tr("Headline figures"), self, sortable=False)
        self.breakdown_choice = QComboBox(self)
        self.breakdown_choice.setAccessibleName(self.tr("Table"))
        self.breakdown = BreakdownModel(self)
        self.breakdown_proxy = RowFilterProxy(self)
        self.breakdown_proxy.setSourceModel(self.breakdown)
        self.breakdown_table = make_table_view(self.breakdown_proxy, self.tr("Breakdown"), self)
        self.charts = [ReportChart(self) for _ in range(CHART_COUNT)]
        # The qualitative section (causes for concern, good practice, live audit) as the PDF prints it.
        self.quality = QTextBrowser(self)
        self.quality.setAccessibleName(self.tr("Qualitative information"))
        self.tabs = QTabWidget(self)
        self._lay_out()
        self._connect()

    def _lay_out(self) -> None:
        bar = QHBoxLayout()
        for label, widget in (("Financial year", self.year), ("Period", self.quarter)):
            bar.addWidget(QLabel(self.tr(label)))
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.comparators_button)
        for button in self.export_buttons.values():
            bar.addWidget(button)
        self.body.addLayout(bar)
        self.body.addWidget(self.status)
        charts = QWidget(self)
        grid = QGridLayout(charts)
        for number, chart in enumerate(self.charts):
            grid.addWidget(chart, number // 2, number % 2)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(charts)
        tables = QWidget(self)
        column = QVBoxLayout(tables)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.breakdown_choice)
        column.addWidget(self.breakdown_table, 1)
        self.tabs.addTab(self.figures_table, self.tr("Figures"))
        self.tabs.addTab(scroll, self.tr("Charts"))
        self.tabs.addTab(tables, self.tr("Tables"))
        self.tabs.addTab(self.quality, self.tr("Quality assurance"))
        self.body.addWidget(self.tabs, 1)

    def _connect(self) -> None:
        self.year.currentIndexChanged.connect(self.reload)
        self.quarter.currentIndexChanged.connect(self.reload)
        self.comparators_button.clicked.connect(self.edit_comparators)
        for kind, button in self.export_buttons.items():
            button.clicked.connect(lambda _checked=False, kind=kind: self.export(kind))
        self.figures_table.doubleClicked.connect(self._on_figure_double_clicked)
        self.breakdown_choice.currentIndexChanged.connect(self._show_breakdown)
        self.breakdown_table.doubleClicked.connect(self._on_line_double_clicked)
        for chart in self.charts:
            chart.bar_clicked.connect(self.drill_into_line)

    # -- loading ----------------------------------------------------------------------------------------------

    def period(self) -> ReportPeriod:
        quarter = int(self.quarter.currentData())
        return ReportPeriod(int(self.year.currentData()), quarter or None)

    def choose(self, year: int, quarter: int | None = None) -> None:
        """Show the report of a year (or a quarter of it), as if picked from the drop-downs."""
        self.year.setCurrentIndex(self.year.findData(year))
        self.quarter.setCurrentIndex(self.quarter.findData(quarter or 0))

    def first_shown(self) -> None:
        self.reload()

    def is_loaded(self) -> bool:
        return self.activated and not self._loading

    def reload(self) -> None:
        if not self.activated:
            return
        self._stale = False
        period = self.period()
        self._loading = True
        self._set_enabled(False)
        self.status.setText(self.tr("Working out the figures for {0}…").format(period.label))
        self.ui.runner.run(
            lambda progress: self.ui.services.reports.report(period, progress),
            on_success=self._show_report,
            on_failure=self._load_failed,
            label=self.tr("Working out the report"),
        )

    def _load_failed(self, _error: BaseException) -> bool:
        self._loading = False
        self._set_enabled(True)
        self.status.setText(self.tr("The report could not be worked out."))
        return False

    def _set_enabled(self, enabled: bool) -> None:
        for button in (self.comparators_button, *self.export_buttons.values()):
            button.setEnabled(enabled)

    def _show_report(self, report: Report) -> None:
        if report.period != self.period():
            return  # the user has chosen another period since; its report is on the way
        self._loading = False
        self._set_enabled(True)
        self.report = report
        period = report.period
        self.status.setText(
            self.tr(
                "{0}: {1} to {2}, counted from the diary. Hover over a figure for what it counts; double-click it "
                "(or click a bar) to list the children or meetings behind it."
            ).format(period.label, day_text(period.start), day_text(period.end))
        )
        self.figures.set_rows(figure_rows(report))
        self.figures_table.resizeColumnsToContents()
        for chart, spec in zip(self.charts, report_charts(report), strict=True):
            chart.show_spec(spec)
        self._refill_breakdowns(report)
        self.quality.setHtml(report_html(quality_blocks(report)))

    def _refill_breakdowns(self, report: Report) -> None:
        current = self.breakdown_choice.currentData()
        self.breakdown_choice.blockSignals(True)
        self.breakdown_choice.clear()
        for table in report.breakdowns:
            self.breakdown_choice.addItem(table.title, table.key)
        found = self.breakdown_choice.findData(current)
        self.breakdown_choice.setCurrentIndex(max(found, 0))
        self.breakdown_choice.blockSignals(False)
        self._show_breakdown()

    def _show_breakdown(self) -> None:
        if self.report is None or self.breakdown_choice.currentData() is None:
            return
        table = self.report.breakdown(str(self.breakdown_choice.currentData()))
        self.breakdown.show_breakdown(table)
        self.breakdown_table.resizeColumnsToContents()

    def on_changes(self, changes: Changes) -> None:
        """Recount now if the report is on screen; otherwise when it is next shown (a large service's report
        takes seconds, and the op runner would make a booking wait behind it)."""
        if self.activated and changes:
            self._stale = True
            if self.isVisible():
                self.reload()

    def activate(self) -> None:
        super().activate()
        if self._stale:
            self.reload()

    # -- drilling down ----------------------------------------------------------------------------------------

    def _on_figure_double_clicked(self, index: QModelIndex) -> None:
        self.drill_into_figure(self.figures.row_at(index.row()).figure.key)

    def _on_line_double_clicked(self, index: QModelIndex) -> None:
        line = self.breakdown.row_at(self.breakdown_proxy.mapToSource(index).row())
        if self.breakdown.breakdown is not None:
            self.drill_into_line(self.breakdown.breakdown.key, line.key)

    def drill_into_figure(self, key: str) -> DrillDownDialog | None:
        """List what is behind one headline figure (in a window of its own)."""
        if self.report is None:
            return None
        figure = self.report.figure(key)
        summary = f"{figure.label}: {format_value(figure.value, figure.unit)}. {figure.definition}"
        share = figure.unit is Unit.PERCENT
        return self._open_drill(figure.label, summary, figure.subject, figure.members, share=share)

    def drill_into_line(self, breakdown: str, line_key: str) -> DrillDownDialog | None:
        """List what is behind one line of a breakdown (a table row or a chart's bar)."""
        if self.report is None:
            return None
        table = self.report.breakdown(breakdown)
        line = table.line(line_key)
        title = f"{table.title}: {line.label}"
        share = counted(line.members) < len(line.members)
        return self._open_drill(title, f"{title}. {table.definition}", table.subject, line.members, share=share)

    def _open_drill(
        self, title: str, summary: str, subject: Subject, members: Sequence[Member], *, share: bool
    ) -> DrillDownDialog | None:
        assert self.report is not None
        rows = drill_rows(self.report, subject, members)
        dialog = DrillDownDialog(
            f"{title} — {self.report.period.label}", summary, subject, rows, share=share, parent=self
        )
        dialog.open_child.connect(self.open_child)
        dialog.show()
        return dialog

    # -- comparators and exports ------------------------------------------------------------------------------

    def edit_comparators(self) -> ComparatorDialog:
        """The year's statutory neighbour and England values, in a window of their own."""
        year = self.period().year
        current = dict(self.report.comparators) if self.report is not None and self.report.period.year == year else {}
        dialog = ComparatorDialog(year, current, self)
        dialog.save_requested.connect(self._save_comparators)
        dialog.show()
        return dialog

    def _save_comparators(self, values: dict[str, str]) -> None:
        self.ui.runner.run(
            lambda _progress: self.ui.services.settings.set_many(values),
            on_success=lambda changes: self.ui.bus.publish(changes, self),
        )

    def export(self, kind: str) -> None:
        """Ask where to save the report shown (CSV, Excel or PDF) and write it off the GUI thread."""
        if self.report is None:
            return
        report, (name, filters) = self.report, EXPORTS[kind]
        suggested = f"iro-report-{report.period.slug}.{kind}"
        path = self.ui.prompter.save_file(self.tr("Export the report as {0}").format(name), suggested, filters)
        if path is None:
            return
        if path.suffix.lower() != f".{kind}":
            path = path.with_name(f"{path.name}.{kind}")
        self.ui.runner.run(
            _writer(kind, report, path),
            on_success=lambda written: self.ui.prompter.inform(
                self.tr("Report exported"), self.tr("The report was saved as {0}.").format(written)
            ),
            label=self.tr("Exporting the report as {0}").format(name),
        )


def _writer(kind: str, report: Report, path: Path) -> Callable[[Callable[[int, int, str], None]], Path]:
    """The export as work for the op runner (the PDF reports its progress)."""
    if kind == "pdf":
        from iro_diary.ui.report_pdf.writer import write_report_pdf

        return lambda progress: write_report_pdf(report, path, progress)
    from iro_diary.services.report_files import write_csv, write_xlsx

    write = write_csv if kind == "csv" else write_xlsx
    return lambda _progress: write(report, path)
