"""What the main window expects of a pane: a title, an icon, a first load, and reacting to changes; and, for a
pane only some roles may see (issue #10), a note saying which instead of a refusal at every refresh."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from iro_diary.domain.access import Permission, roles_granting
from iro_diary.services.changes import Changes
from iro_diary.ui.context import UiContext


class Pane(QWidget):
    """A page of the main window. Subclasses set `title` and `icon_name` and fill `self.body`."""

    title = ""
    icon_name = ""
    # What the person signed in needs to see this pane (None: anyone); the services refuse the same.
    needs: Permission | None = None

    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self._activated = False
        self._notice: QLabel | None = None
        heading = QLabel(self.title)
        heading.setObjectName("paneTitle")
        self.body = QVBoxLayout(self)
        self.body.addWidget(heading)

    def activate(self) -> None:
        """Called each time the pane is shown; loads its data the first time (if the person may see it)."""
        if not self._may_see():
            return
        if not self._activated:
            self._activated = True
            self.first_shown()

    def _may_see(self) -> bool:
        if self.needs is None or self.ui.services.users.me().may(self.needs):
            if self._notice is not None:
                self._notice.hide()
            return True
        if self._notice is None:
            roles = " or ".join(role.label for role in roles_granting(self.needs))
            self._notice = QLabel(self.tr("{0}: this needs the {1} role.").format(self.needs.value, roles), self)
            self._notice.setObjectName("roleNotice")
            self._notice.setWordWrap(True)
            self.body.insertWidget(1, self._notice)
        self._notice.show()
        return False

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
