"""What the main window expects of a pane: a title, an icon, a first load, and reacting to changes."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from iro_diary.services.changes import Changes
from iro_diary.ui.context import UiContext


class Pane(QWidget):
    """A page of the main window. Subclasses set `title` and `icon_name` and fill `self.body`."""

    title = ""
    icon_name = ""

    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self._activated = False
        heading = QLabel(self.title)
        heading.setObjectName("paneTitle")
        self.body = QVBoxLayout(self)
        self.body.addWidget(heading)

    def activate(self) -> None:
        """Called each time the pane is shown; loads its data the first time."""
        if not self._activated:
            self._activated = True
            self.first_shown()

    @property
    def activated(self) -> bool:
        return self._activated

    def first_shown(self) -> None:
        """Load data for the first time (override)."""

    def on_changes(self, changes: Changes) -> None:
        """Something changed in the diary; refresh what this pane shows if it is affected (override)."""

    def is_loaded(self) -> bool:
        """Whether the pane has finished loading (the self-test waits for this)."""
        return True
