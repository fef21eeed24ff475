"""A meeting's history from the diary (issue #10): who booked, changed, moved, invited, held or cancelled it, when,
with before and after — the panel the child's record shows, in a dialog of its own."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from iro_diary.services.changes import Changes
from iro_diary.services.diary_rows import MeetingRow
from iro_diary.ui.context import UiContext
from iro_diary.ui.panes.history_panel import HistoryPanel


class HistoryDialog(QDialog):
    def __init__(self, ui: UiContext, row: MeetingRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("History of {0}").format(row.ref))
        self.resize(900, 420)
        self.panel = HistoryPanel(ui, self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel, 1)
        layout.addWidget(buttons)
        ui.bus.changed.connect(self._on_changes)
        self.panel.show_meeting(row.id, row.ref)

    def _on_changes(self, changes: Changes, _initiator: object) -> None:
        self.panel.on_changes(changes)
