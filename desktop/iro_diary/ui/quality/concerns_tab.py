"""The Concerns list: every open cause for concern worst first (RAG by its stage's deadline), filtered by team
and IRO, with the selected concern's stages below it and its next step — response received, escalate, close."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from iro_diary.domain.codes import Team
from iro_diary.services.quality.rows import ConcernDetail, ConcernRow, StageRow
from iro_diary.ui.context import UiContext
from iro_diary.ui.models.row_table import RowFilterProxy, RowTableModel
from iro_diary.ui.name_filter import refill_names
from iro_diary.ui.quality.actions import QualityActions
from iro_diary.ui.quality.columns import CONCERN_COLUMNS, STAGE_COLUMNS
from iro_diary.ui.quality.step_dialog import Step
from iro_diary.ui.table_view import make_table_view, size_columns_from_samples

ALL = "All"


class ConcernsTab(QWidget):
    """Signals:
    open_child(int): the user asked to see the concern's child.
    """

    open_child = Signal(int)

    def __init__(self, ui: UiContext, actions: QualityActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui, self.quality = ui, actions
        self.loading = False
        self.detail: ConcernDetail | None = None
        self._wanted: int | None = None
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search by reference, child, theme or who it is with"))
        self.search.setClearButtonEnabled(True)
        self.team = self._combo([ALL, *(t.label for t in Team)], "Team")
        self.iro = self._combo([ALL], "IRO")
        self.closed = QCheckBox(self.tr("Show closed"), self)
        self.model: RowTableModel[ConcernRow] = RowTableModel(CONCERN_COLUMNS, self)
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = make_table_view(self.proxy, self.tr("Causes for concern"), self)
        size_columns_from_samples(self.table, CONCERN_COLUMNS)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # worst first, as the service orders them
        self.counts = QLabel(self)
        self.summary = QLabel(self.tr("Select a concern to see its stages."), self)
        self.summary.setWordWrap(True)
        self.stages: RowTableModel[StageRow] = RowTableModel(STAGE_COLUMNS, self)
        stage_proxy = RowFilterProxy(self)
        stage_proxy.setSourceModel(self.stages)
        self.stages_table = make_table_view(stage_proxy, self.tr("Stages"), self, sortable=False)
        self.buttons = {
            Step.RESPOND: QPushButton(self.tr("Response received…"), self),
            Step.ESCALATE: QPushButton(self.tr("Escalate…"), self),
            Step.RESOLVE: QPushButton(self.tr("Close…"), self),
        }
        self.child_button = QPushButton(self.tr("Open child"), self)
        self._lay_out()
        self._connect()

    def _combo(self, items: list[str], name: str) -> QComboBox:
        combo = QComboBox(self)
        combo.addItems(items)
        combo.setAccessibleName(self.tr(name))
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)
        return combo

    def _lay_out(self) -> None:
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        for label, combo in (("Team", self.team), ("IRO", self.iro)):
            filters.addWidget(QLabel(self.tr(label), self))
            filters.addWidget(combo, 1)
        filters.addWidget(self.closed)
        steps = QHBoxLayout()
        steps.addWidget(self.summary, 1)
        for button in (*self.buttons.values(), self.child_button):
            steps.addWidget(button)
        lower = QWidget(self)
        column = QVBoxLayout(lower)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(steps)
        column.addWidget(self.stages_table, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.counts)
        layout.addWidget(splitter, 1)

    def _connect(self) -> None:
        self.search.textChanged.connect(self.proxy.set_search)
        self.team.currentIndexChanged.connect(self._apply_filters)
        self.iro.currentIndexChanged.connect(self._apply_filters)
        self.closed.toggled.connect(lambda _on: self.reload())
        self.table.selectionModel().selectionChanged.connect(lambda *_args: self._on_selected())
        self.table.doubleClicked.connect(self._on_double_clicked)
        for step, button in self.buttons.items():
            button.clicked.connect(lambda _checked=False, step=step: self.take_step(step))
        self.child_button.clicked.connect(self._open_child)
        self._enable(None)

    # -- loading ----------------------------------------------------------------------------------------------

    def reload(self) -> None:
        self.loading = True
        concerns, closed = self.ui.services.concerns, self.closed.isChecked()
        self.ui.runner.run(
            lambda _p: concerns.list_concerns(include_closed=closed), on_success=self._show, on_failure=self._failed
        )

    def _failed(self, _error: BaseException) -> bool:
        self.loading = False
        return False

    def _show(self, rows: list[ConcernRow]) -> None:
        self.loading = False
        chosen = self.selected()
        self.model.set_rows(rows)
        refill_names(self.iro, ALL, (r.iro_name for r in rows))
        self._apply_filters()
        wanted = self._wanted or (chosen.id if chosen else None)
        if wanted is None or not self.select_concern(wanted):
            self._show_detail(None)

    def _apply_filters(self) -> None:
        tests: list[Callable[[ConcernRow], bool]] = []
        if self.team.currentText() != ALL:
            code = next(t.value for t in Team if t.label == self.team.currentText())
            tests.append(lambda r: r.team == code)
        if self.iro.currentText() != ALL:
            name = self.iro.currentText()
            tests.append(lambda r: r.iro_name == name)
        self.proxy.set_row_filter((lambda row: all(test(row) for test in tests)) if tests else None)
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        what = self.tr("concerns") if self.closed.isChecked() else self.tr("open concerns")
        self.counts.setText(f"{shown:,}{f' of {total:,}' if shown != total else ''} {what}")

    # -- the selected concern ---------------------------------------------------------------------------------

    def selected(self) -> ConcernRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(self.proxy.mapToSource(rows[0]).row()) if rows else None

    def select_concern(self, concern_id: int) -> bool:
        """Select a concern in the list (once it has loaded); False if it is not shown."""
        self._wanted = concern_id
        for row in range(self.proxy.rowCount()):
            if self.model.row_at(self.proxy.mapToSource(self.proxy.index(row, 0)).row()).id == concern_id:
                self._wanted = None
                self.table.selectRow(row)
                return True
        return False

    def _on_selected(self) -> None:
        row = self.selected()
        self._enable(row)
        if row is None:
            self._show_detail(None)
            return
        concerns = self.ui.services.concerns
        self.ui.runner.run(lambda _p: concerns.concern(row.id), on_success=self._show_detail)

    def _show_detail(self, detail: ConcernDetail | None) -> None:
        current = self.selected()
        if detail is not None and (current is None or current.id != detail.row.id):
            return  # the user has moved on
        self.detail = detail
        self.stages.set_rows(detail.stages if detail else [])
        self.stages_table.resizeColumnsToContents()
        if detail is None:
            self.summary.setText(self.tr("Select a concern to see its stages."))
            return
        row = detail.row
        self.summary.setText(f"<b>{row.ref}</b> · {escape(row.theme)} · {row.area.label} — {escape(row.description)}")

    def _enable(self, row: ConcernRow | None) -> None:
        is_open = row is not None and row.is_open
        self.buttons[Step.RESPOND].setEnabled(is_open and row is not None and row.responded_on is None)
        self.buttons[Step.ESCALATE].setEnabled(is_open and row is not None and row.stage.next is not None)
        self.buttons[Step.RESOLVE].setEnabled(is_open)
        self.child_button.setEnabled(row is not None)

    def take_step(self, step: Step) -> None:
        row = self.selected()
        if row is not None:
            self.quality.step(row, step)

    def _open_child(self) -> None:
        row = self.selected()
        if row is not None:
            self.open_child.emit(row.child_id)

    def _on_double_clicked(self, _index: QModelIndex) -> None:
        self._open_child()
