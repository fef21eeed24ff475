"""A meeting's invites from the diary: who has which version, what waits or failed, export and send — the panel the
child's record shows (issue #6), in a dialog of its own."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from iro_diary.services.changes import Changes
from iro_diary.services.diary_rows import MeetingRow
from iro_diary.ui.context import UiContext
from iro_diary.ui.panes.meeting_invites import MeetingInvitesPanel


class InvitesDialog(QDialog):
    def __init__(self, ui: UiContext, row: MeetingRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Invites for {0}").format(row.ref))
        self.resize(640, 360)
        self.panel = MeetingInvitesPanel(ui, self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel, 1)
        layout.addWidget(buttons)
        ui.bus.changed.connect(self._on_changes)
        self.panel.show_meeting(row.id, row.ref)

    def _on_changes(self, changes: Changes, _initiator: object) -> None:
        self.panel.on_changes(changes)
