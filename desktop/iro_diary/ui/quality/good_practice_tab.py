"""Good practice recorded, newest first, with the thank-you note for the worker's manager."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from iro_diary.services.quality.rows import GoodPracticeRow
from iro_diary.ui.context import UiContext
from iro_diary.ui.models.row_table import RowFilterProxy, RowTableModel
from iro_diary.ui.quality.actions import QualityActions
from iro_diary.ui.quality.columns import GOOD_PRACTICE_COLUMNS
from iro_diary.ui.table_view import make_table_view


class GoodPracticeTab(QWidget):
    """Signals:
    open_child(int): the user asked to see the record's child.
    """

    open_child = Signal(int)

    def __init__(self, ui: UiContext, actions: QualityActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui, self.quality = ui, actions
        self.loading = False
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search by reference, theme, worker, child or IRO"))
        self.search.setClearButtonEnabled(True)
        self.model: RowTableModel[GoodPracticeRow] = RowTableModel(GOOD_PRACTICE_COLUMNS, self)
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = make_table_view(self.proxy, self.tr("Good practice"), self)
        self.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # newest first
        self.description = QLabel(self)
        self.description.setWordWrap(True)
        self.note_button = QPushButton(self.tr("Thank-you note…"), self)
        self.note_button.setToolTip(
            self.tr("Save a note for the worker's manager (the child by initials unless you choose)")
        )
        self.child_button = QPushButton(self.tr("Open child"), self)
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.note_button)
        bar.addWidget(self.child_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.description)
        self.search.textChanged.connect(self.proxy.set_search)
        self.table.selectionModel().selectionChanged.connect(lambda *_args: self._on_selected())
        self.table.doubleClicked.connect(lambda _index: self._open_child())
        self.note_button.clicked.connect(self.thank_you_note)
        self.child_button.clicked.connect(self._open_child)
        self._on_selected()

    def reload(self) -> None:
        self.loading = True
        found = self.ui.services.good_practice
        self.ui.runner.run(lambda _p: found.list_good_practice(), on_success=self._show, on_failure=self._failed)

    def _failed(self, _error: BaseException) -> bool:
        self.loading = False
        return False

    def _show(self, rows: list[GoodPracticeRow]) -> None:
        self.loading = False
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self._on_selected()

    def selected(self) -> GoodPracticeRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(self.proxy.mapToSource(rows[0]).row()) if rows else None

    def _on_selected(self) -> None:
        row = self.selected()
        self.note_button.setEnabled(row is not None)
        self.child_button.setEnabled(row is not None)
        self.description.setText(f"<b>{row.ref}</b> — {escape(row.description)}" if row else "")

    def thank_you_note(self) -> None:
        row = self.selected()
        if row is not None:
            self.quality.thank_you_note(row)

    def _open_child(self) -> None:
        row = self.selected()
        if row is not None:
            self.open_child.emit(row.child_id)
