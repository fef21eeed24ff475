"""A meeting's invites from the diary: who has which version, what waits or failed, export and send — the panel the
child's record shows (issue #6), in a dialog of its own."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from iro_diary.services.diary_rows import MeetingRow
from iro_diary.ui.context import UiContext
from iro_diary.ui.diary.panel_dialog import MeetingPanelDialog
from iro_diary.ui.panes.meeting_invites import MeetingInvitesPanel


class InvitesDialog(MeetingPanelDialog):
    def __init__(self, ui: UiContext, row: MeetingRow, parent: QWidget | None = None) -> None:
        super().__init__(ui, row, lambda dialog: MeetingInvitesPanel(ui, dialog), (640, 360), parent)
        self.setWindowTitle(self.tr("Invites for {0}").format(row.ref))
        assert isinstance(self.panel_widget, MeetingInvitesPanel)
        self.panel = self.panel_widget
