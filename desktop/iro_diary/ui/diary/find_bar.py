"""Find (Ctrl+F): meetings by case reference, child's name, family or meeting reference, latest first.

The search runs in the background a moment after typing stops; choosing a result (Enter or double-click) takes
the diary to that meeting's day and selects it.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from iro_diary.services.diary_rows import MeetingRow
from iro_diary.ui.context import UiContext
from iro_diary.ui.diary.agenda_view import AGENDA_COLUMNS
from iro_diary.ui.models.row_table import RowFilterProxy, RowTableModel
from iro_diary.ui.table_view import make_table_view

DEBOUNCE_MS = 250


class _FindBox(QLineEdit):
    def __init__(self, bar: FindBar) -> None:
        super().__init__(bar)
        self._bar = bar

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self._bar.close_bar()
        elif event.key() == Qt.Key.Key_Down and self._bar.model.rowCount():
            self._bar.results.setFocus()
            self._bar.results.selectRow(0)
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._bar.search_now()
        else:
            super().keyPressEvent(event)


class FindBar(QWidget):
    """Signals:
    meeting_chosen(object): the user chose a result (MeetingRow).
    """

    meeting_chosen = Signal(object)

    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.searching = False
        self.box = _FindBox(self)
        self.box.setPlaceholderText(self.tr("Find meetings by case reference, name, family or meeting reference"))
        self.box.setAccessibleName(self.tr("Find meetings"))
        self.box.setClearButtonEnabled(True)
        self.count = QLabel(self)
        close = QPushButton(self.tr("Close"), self)
        close.setAccessibleName(self.tr("Close find"))
        self.model: RowTableModel[MeetingRow] = RowTableModel(AGENDA_COLUMNS, self)
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.results = make_table_view(self.proxy, self.tr("Meetings found"), self, sortable=False)
        self.results.setMaximumHeight(180)
        self.results.hide()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.search_now)
        top = QHBoxLayout()
        top.addWidget(self.box, 1)
        top.addWidget(self.count)
        top.addWidget(close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.results)
        self.box.textChanged.connect(lambda _text: self._timer.start())
        self.results.activated.connect(self._on_activated)
        close.clicked.connect(self.close_bar)

    def open_bar(self) -> None:
        self.show()
        self.box.setFocus()
        self.box.selectAll()

    def close_bar(self) -> None:
        self._timer.stop()
        self.hide()

    def search_now(self) -> None:
        self._timer.stop()
        text = self.box.text().strip()
        if not text:
            self._show([])
            return
        self.searching = True
        services = self.ui.services
        self.ui.runner.run(lambda _p: services.diary.find(text), on_success=self._show, on_failure=self._failed)

    def _failed(self, _error: BaseException) -> bool:
        self.searching = False
        return False

    def _show(self, rows: list[MeetingRow]) -> None:
        self.searching = False
        self.model.set_rows(rows)
        self.results.setVisible(bool(rows))
        self.results.resizeColumnsToContents()
        text = self.box.text().strip()
        self.count.setText(self.tr("{0} found").format(len(rows)) if text else "")

    def _on_activated(self, index: QModelIndex) -> None:
        self.meeting_chosen.emit(self.model.row_at(self.proxy.mapToSource(index).row()))
