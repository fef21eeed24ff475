"""A meeting's history from the diary (issue #10): who booked, changed, moved, invited, held or cancelled it, when,
with before and after — the panel the child's record shows, in a dialog of its own."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from iro_diary.services.diary_rows import MeetingRow
from iro_diary.ui.context import UiContext
from iro_diary.ui.diary.panel_dialog import MeetingPanelDialog
from iro_diary.ui.panes.history_panel import HistoryPanel


class HistoryDialog(MeetingPanelDialog):
    def __init__(self, ui: UiContext, row: MeetingRow, parent: QWidget | None = None) -> None:
        super().__init__(ui, row, lambda dialog: HistoryPanel(ui, dialog), (900, 420), parent)
        self.setWindowTitle(self.tr("History of {0}").format(row.ref))
        assert isinstance(self.panel_widget, HistoryPanel)
        self.panel = self.panel_widget
