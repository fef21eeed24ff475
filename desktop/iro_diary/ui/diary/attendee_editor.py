"""The people invited to a meeting (name, email, role): a small editable table with Add and Remove."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from iro_diary.domain.codes import AttendeeRole
from iro_diary.services.diary_rows import AttendeeRow

ROLES = [AttendeeRole.REQUIRED, AttendeeRole.OPTIONAL]
ROLE_LABELS = {AttendeeRole.REQUIRED: "Required", AttendeeRole.OPTIONAL: "Optional"}


class AttendeeEditor(QWidget):
    """Signals:
    changed(): an attendee was added, removed or edited.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Email"), self.tr("Role")])
        self.table.setAccessibleName(self.tr("Attendees"))
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMaximumHeight(120)
        self.add_button = QPushButton(self.tr("Add attendee"), self)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.setAccessibleName(self.tr("Remove the selected attendee"))
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(lambda: self.add(AttendeeRow(""), edit=True))
        self.remove_button.clicked.connect(self._remove_selected)
        self.table.itemChanged.connect(lambda _item: self.changed.emit())

    def add(self, person: AttendeeRow, *, edit: bool = False) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(person.name))
        self.table.setItem(row, 1, QTableWidgetItem(person.email or ""))
        role = QComboBox(self.table)
        role.addItems([ROLE_LABELS[r] for r in ROLES])
        role.setCurrentIndex(ROLES.index(person.role) if person.role in ROLES else 0)
        role.setAccessibleName(self.tr("Role"))
        role.currentIndexChanged.connect(lambda _index: self.changed.emit())
        self.table.setCellWidget(row, 2, role)
        if edit:
            self.table.setCurrentCell(row, 0)
            item = self.table.item(row, 0)
            if item is not None:
                self.table.editItem(item)
        self.changed.emit()

    def set_attendees(self, people: Sequence[AttendeeRow]) -> None:
        self.table.setRowCount(0)
        for person in people:
            self.add(person)

    def attendees(self) -> tuple[AttendeeRow, ...]:
        found = []
        for row in range(self.table.rowCount()):
            name = self._text(row, 0)
            email = self._text(row, 1)
            if not name and not email:
                continue
            widget = self.table.cellWidget(row, 2)
            role = ROLES[widget.currentIndex()] if isinstance(widget, QComboBox) else AttendeeRole.REQUIRED
            found.append(AttendeeRow(name, email or None, role))
        return tuple(found)

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def _remove_selected(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.changed.emit()
