"""The agenda: the meetings of the range as a list, for the columns shown (KOrganizer's event list)."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from iro_diary.services.diary_rows import MeetingRow
from iro_diary.ui.diary.look import fill_colour, status_word
from iro_diary.ui.models.row_table import Column, RowFilterProxy, RowTableModel
from iro_diary.ui.table_view import make_table_view

AGENDA_COLUMNS: list[Column[MeetingRow]] = [
    Column("Date", lambda m: f"{m.start:%a} {m.start.day} {m.start:%b %Y}", sort_key=lambda m: m.start),
    Column("Time", lambda m: f"{m.start:%H:%M}–{m.end:%H:%M}", sort_key=lambda m: m.start),
    Column("Ref", lambda m: m.ref),
    Column("Meeting", lambda m: m.kind.label, colour=fill_colour),
    Column("Status", status_word),
    Column("Chair", lambda m: m.chair_name or "—"),
    Column("Place", lambda m: m.place),
    Column("Children / household", lambda m: m.who, tooltip=lambda m: m.names),
]


class AgendaView(QWidget):
    """Signals:
    selection_changed(object): the selected meeting (MeetingRow) or None.
    edit_requested(object): the user opened a meeting (MeetingRow).
    """

    selection_changed = Signal(object)
    edit_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model: RowTableModel[MeetingRow] = RowTableModel(AGENDA_COLUMNS, self)
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = make_table_view(self.proxy, self.tr("Agenda"), self)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        # Activated: a double-click, or Enter on the keyboard.
        self.table.activated.connect(self._on_activated)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)

    def set_meetings(self, meetings: list[MeetingRow], selected: int | None) -> None:
        self.model.set_rows(meetings)
        self.table.resizeColumnsToContents()
        self.select_meeting(selected)

    def select_meeting(self, meeting_id: int | None) -> None:
        for row in range(self.proxy.rowCount()):
            if self._row(self.proxy.index(row, 0)).id == meeting_id:
                self.table.selectRow(row)
                return

    def _row(self, index: QModelIndex) -> MeetingRow:
        return self.model.row_at(self.proxy.mapToSource(index).row())

    def _on_activated(self, index: QModelIndex) -> None:
        self.edit_requested.emit(self._row(index))

    def _on_selection(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        self.selection_changed.emit(self._row(indexes[0]) if indexes else None)
