"""Workload: every IRO's caseload per FTE against the band, team totals, two charts, allocation and rebalancing.

The table and totals load first (one operation); the year's history follows in a second one, so the pane is
usable at once on a large service.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelection, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QWidget,
)

from iro_diary.domain.access import Permission
from iro_diary.domain.caseload import BandStatus
from iro_diary.domain.codes import Team
from iro_diary.services.changes import Changes
from iro_diary.services.workload.rows import CaseloadHistory, IroWorkloadRow, Workload
from iro_diary.ui.context import UiContext
from iro_diary.ui.look import icon
from iro_diary.ui.panes.base import Pane
from iro_diary.ui.table_view import make_table_view
from iro_diary.ui.workload.allocate_dialog import AllocateDialog
from iro_diary.ui.workload.caseload_chart import CaseloadChart
from iro_diary.ui.workload.columns import IRO_COLUMNS, TEAM_COLUMNS
from iro_diary.ui.workload.history_chart import HistoryChart
from iro_diary.ui.workload.iro_model import TeamFilterProxy, iro_workload_model
from iro_diary.ui.workload.rebalance_dialog import RebalanceDialog
from iro_diary.ui.workload.tables import fit_columns, row_table, selected_row

PER_FTE_COLUMN = next(n for n, c in enumerate(IRO_COLUMNS) if c.title == "Per FTE")
WORKLOAD_SETTINGS = ("caseload.", "establishment-fte")


class WorkloadPane(Pane):
    title = "Workload"
    icon_name = "workload"
    needs = Permission.REPORTS

    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ui, parent)
        self.workload: Workload | None = None
        self.history: CaseloadHistory | None = None
        self.dialog: QDialog | None = None
        self._loading = self._loading_history = False
        self._selected_id: int | None = None
        self.basis_label = QLabel()
        self.basis_label.setWordWrap(True)
        self.teams_view, self.teams = row_table(TEAM_COLUMNS, self, self.tr("Team totals"), sortable=False)
        self.model = iro_workload_model(self)
        self.proxy = TeamFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = self._make_table()
        self.team_filter = self._make_team_filter()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search by IRO, team or status"))
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setClearButtonEnabled(True)
        self.count_label = QLabel()
        self.allocate_button = QPushButton(self.tr("Allocate…"))
        self.allocate_button.setToolTip(self.tr("Find the best IRO for a child or a family, and allocate them"))
        self.rebalance_button = QPushButton(self.tr("Rebalance…"))
        self.rebalance_button.setToolTip(self.tr("Move children from an IRO over the band to IROs with room"))
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setToolTip(self.tr("Save the workload table as an Excel workbook or a CSV file"))
        self.caseload_chart = CaseloadChart(self)
        self.history_chart = HistoryChart(self)
        self._chart_timer = QTimer(self)
        self._chart_timer.setSingleShot(True)
        self._chart_timer.setInterval(0)
        self._lay_out()
        self._connect()

    def _make_table(self) -> QTableView:
        table = make_table_view(self.proxy, self.tr("Caseload by IRO"), self)
        table.sortByColumn(PER_FTE_COLUMN, Qt.SortOrder.DescendingOrder)
        return table

    def _make_team_filter(self) -> QComboBox:
        combo = QComboBox()
        combo.addItem(self.tr("All teams"), None)
        for team in Team:
            combo.addItem(team.label, team.value)
        combo.setAccessibleName(self.tr("Team"))
        return combo

    def _lay_out(self) -> None:
        self.body.addWidget(self.basis_label)
        self.body.addWidget(self.teams_view)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Team:")))
        bar.addWidget(self.team_filter)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.count_label)
        for button in (self.allocate_button, self.rebalance_button, self.export_button):
            bar.addWidget(button)
        self.body.addLayout(bar)
        charts = QSplitter(Qt.Orientation.Horizontal)
        charts.addWidget(self.caseload_chart)
        charts.addWidget(self.history_chart)
        for chart in (self.caseload_chart, self.history_chart):
            chart.setMinimumHeight(260)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(charts)
        split.setSizes([300, 360])
        self.body.addWidget(split, 1)

    def _connect(self) -> None:
        self.search.textChanged.connect(self._on_search_changed)
        self.team_filter.currentIndexChanged.connect(self._on_team_changed)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        for signal in (
            self.proxy.layoutChanged,
            self.proxy.modelReset,
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
        ):
            signal.connect(self._chart_timer.start)
        self._chart_timer.timeout.connect(self._refresh_caseload_chart)
        self.allocate_button.clicked.connect(self.open_allocate)
        self.rebalance_button.clicked.connect(lambda: self.open_rebalance())
        self.export_button.clicked.connect(self.export)

    # --- loading -------------------------------------------------------------------------------------------------

    def first_shown(self) -> None:
        self.reload()

    def is_loaded(self) -> bool:
        return self.activated and not self._loading and not self._loading_history

    def table_loaded(self) -> bool:
        """The table, totals and caseload chart are shown (the history chart may still be on its way)."""
        return self.workload is not None and not self._loading

    def reload(self) -> None:
        self._loading = self._loading_history = True
        workload = self.ui.services.workload
        # The table, totals and caseload chart first; the 12 months' history after them, rather than at the same
        # time (two computations side by side would each take twice as long).
        self.ui.runner.run(lambda _p: workload.workload(), on_success=self._workload_arrived, on_failure=self._failed)

    def _workload_arrived(self, workload: Workload) -> None:
        self._show_workload(workload)
        service = self.ui.services.workload
        self.ui.runner.run(lambda _p: service.history(), on_success=self._show_history, on_failure=self._failed)

    def _failed(self, _error: BaseException) -> bool:
        self._loading = self._loading_history = False
        return False

    def _show_workload(self, workload: Workload) -> None:
        self._loading = False
        self.workload = workload
        self.basis_label.setText(self._basis_text(workload))
        self.basis_label.setToolTip("\n".join(f"{b.label}: {b.value} — {b.source}" for b in workload.basis))
        self.teams.set_rows(workload.teams)
        self.teams_view.resizeColumnsToContents()  # a handful of rows: Qt's own sizing is quick here
        self._fit_height(self.teams_view, len(workload.teams))
        self.model.set_rows(workload.iros)
        fit_columns(self.table, self.model)
        self._update_count()
        self._refresh_caseload_chart()
        self._chart_timer.stop()  # already drawn for these rows
        if self._selected_id is not None:
            self.select_iro(self._selected_id)
        self._render_history()

    @staticmethod
    def _fit_height(view: QTableView, rows: int) -> None:
        """Just tall enough for its rows: the team totals never need a scroll bar or leave a gap."""
        header = view.horizontalHeader().sizeHint().height()
        view.setFixedHeight(header + rows * view.verticalHeader().defaultSectionSize() + 2 * view.frameWidth() + 2)

    def _basis_text(self, workload: Workload) -> str:
        values = {b.key: b for b in workload.basis}
        band = values["caseload.band-high"]
        weights = [
            ("child protection", "caseload.weight-child-protection"),
            ("CSE", "caseload.weight-cse"),
            ("foster household", "caseload.weight-foster-household"),
        ]
        parts = [f"{name} ×{values[key].value} ({self._source(values[key].source)})" for name, key in weights]
        per_family = values["caseload.child-protection-per-family"].value == "yes"
        unit = self.tr("per family") if per_family else self.tr("per child")
        return self.tr(
            "Band {0} looked-after children per FTE ({1}). Weights: a child in care counts 1; {2}; child protection "
            "counted {3}. Change them in Settings."
        ).format(workload.band.text, self._source(band.source), "; ".join(parts), unit)

    @staticmethod
    def _source(source: str) -> str:
        return source.split(":")[0]

    def _show_history(self, history: CaseloadHistory) -> None:
        self._loading_history = False
        self.history = history
        self._render_history()

    def _render_history(self) -> None:
        if self.history is not None and self.workload is not None:
            self.history_chart.show_history(self.history, self.workload, self.selected_iro())

    def on_changes(self, changes: Changes) -> None:
        if not self.activated:
            return
        settings = any(key.startswith(WORKLOAD_SETTINGS) for key in changes.settings)
        if changes.everything or changes.children or changes.iros or changes.meetings or settings:
            self.reload()

    # --- the table and the caseload chart ------------------------------------------------------------------------

    def _on_search_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_count()

    def _on_team_changed(self, _index: int) -> None:
        value = self.team_filter.currentData()
        self.proxy.set_team(Team(value) if value else None)
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(f"{total} IROs" if shown == total else f"{shown} of {total} IROs")

    def _refresh_caseload_chart(self) -> None:
        if self.workload is not None:
            self.caseload_chart.show_rows(self.proxy.visible_rows(), self.workload.band)

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        row = self.selected_iro()
        if row is not None:
            self._selected_id = row.iro_id
        if self.history is not None:
            self.history_chart.show_selected(self.history, row)

    def selected_iro(self) -> IroWorkloadRow | None:
        row = selected_row(self.table, self.model)
        return row if isinstance(row, IroWorkloadRow) else None

    def select_iro(self, iro_id: int) -> bool:
        for number, row in enumerate(self.proxy.visible_rows()):
            if row.iro_id == iro_id:
                self.table.selectRow(number)
                return True
        return False

    # --- actions -------------------------------------------------------------------------------------------------

    def open_allocate(self) -> AllocateDialog:
        """The Allocate dialog (window-modal, not blocking)."""
        dialog = AllocateDialog(self.ui, self)
        self._open(dialog)
        return dialog

    def open_rebalance(self, iro_id: int | None = None) -> RebalanceDialog | None:
        """The Rebalance dialog for `iro_id`, else the selected IRO, else the one furthest over the band."""
        if self.workload is None:
            return None
        rows = list(self.workload.iros)
        if iro_id is None:
            chosen = self.selected_iro()
            over = [r for r in rows if r.status in (BandStatus.OVER, BandStatus.LEFT) and r.children]
            fallback = max(over or rows, key=lambda r: r.per_fte, default=None)
            iro_id = chosen.iro_id if chosen is not None else (fallback.iro_id if fallback else None)
        dialog = RebalanceDialog(self.ui, rows, self.workload.band, iro_id, self)
        self._open(dialog)
        return dialog

    def _open(self, dialog: QDialog) -> None:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._dialog_closed)
        dialog.open()

    def _dialog_closed(self, _result: int) -> None:
        self.dialog = None

    def export(self) -> None:
        """Ask where, then write the workload table there (Excel or CSV, by the name's extension)."""
        suggested = f"workload-{self.ui.clock.today():%Y-%m-%d}.xlsx"
        filters = self.tr("Excel workbook (*.xlsx);;CSV file (*.csv)")
        path = self.ui.prompter.save_file(self.tr("Export the workload table"), suggested, filters)
        if path is None:
            return
        if path.suffix.lower() not in (".csv", ".xlsx"):
            path = path.with_suffix(".xlsx")
        self.ui.runner.run(lambda _p: self.ui.services.workload.export(path), on_success=self._exported)

    def _exported(self, path: Path) -> None:
        self.ui.prompter.inform(self.tr("Workload exported"), self.tr("Saved {0}").format(path))
