"""A panel about one meeting (its invites, its history) in a dialog of its own, opened from the diary: the same
panel the child's record shows, following changes as they happen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from iro_diary.services.changes import Changes
from iro_diary.services.diary_rows import MeetingRow
from iro_diary.ui.context import UiContext


class MeetingPanel(Protocol):
    def show_meeting(self, meeting_id: int, ref: str) -> None: ...
    def on_changes(self, changes: Changes) -> None: ...


class MeetingPanelDialog(QDialog):
    """`make_panel(dialog)` makes the panel (a QWidget with `show_meeting` and `on_changes`), parented to it;
    subclasses give the window its title."""

    def __init__(
        self,
        ui: UiContext,
        row: MeetingRow,
        make_panel: Callable[[QWidget], QWidget],
        size: tuple[int, int],
        parent: QWidget | None,
    ) -> None:
        super().__init__(parent)
        self.resize(*size)
        panel = make_panel(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(panel, 1)
        layout.addWidget(buttons)
        self.panel_widget = panel
        self._panel: MeetingPanel = panel  # type: ignore[assignment]
        ui.bus.changed.connect(self._on_changes)
        self._panel.show_meeting(row.id, row.ref)

    def _on_changes(self, changes: Changes, _initiator: object) -> None:
        self._panel.on_changes(changes)
