"""Adding a colleague or changing one (issue #10): their login, their name, their roles, which IRO they are, and
whether they may use the diary at all. Only administrators may save; the service says so to anyone else."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from iro_diary.domain.access import Role
from iro_diary.domain.errors import AppError
from iro_diary.services.diary_rows import IroRow
from iro_diary.services.users import UserRow
from iro_diary.ui.context import UiContext
from iro_diary.ui.dialog_guard import StaysWhileSaving

ROLE_HELP = {
    Role.IRO: "their own diary and notes; reads everyone's",
    Role.DIARY_MANAGER: "books and changes anything in the diary",
    Role.TEAM_LEAD: "everything a diary manager does, plus workload and reports",
    Role.ADMINISTRATOR: "settings, users and rules",
}


class UserDialog(StaysWhileSaving, QDialog):
    """Signals:
    saved(object): the user was saved (`Changes`).
    """

    saved = Signal(object)

    def __init__(
        self, ui: UiContext, iros: list[IroRow], user: UserRow | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ui = ui
        self.user = user
        self.setWindowTitle(self.tr("Change {0}").format(user.name) if user else self.tr("Add a user"))
        self.login = QLineEdit(user.login if user else "", self)
        self.login.setReadOnly(user is not None)
        self.login.setToolTip(self.tr("The name they sign in to their PC with"))
        self.name = QLineEdit(user.name if user else "", self)
        self.roles = {role: QCheckBox(f"{role.label} — {ROLE_HELP[role]}", self) for role in Role}
        for role, box in self.roles.items():
            box.setChecked(user is not None and role in user.roles)
        self.iro = QComboBox(self)
        self.iro.addItem(self.tr("Not an IRO"), None)
        for iro in iros:
            self.iro.addItem(iro.name, iro.id)
        self.iro.setCurrentIndex(max(0, self.iro.findData(user.iro_id)) if user else 0)
        self.active = QCheckBox(self.tr("May use the diary"), self)
        self.active.setChecked(user.active if user else True)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self._lay_out()
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("&Login"), self.login)
        form.addRow(self.tr("&Name"), self.name)
        roles = QVBoxLayout()
        for box in self.roles.values():
            roles.addWidget(box)
        form.addRow(self.tr("Roles"), roles)
        form.addRow(self.tr("&IRO record"), self.iro)
        form.addRow("", self.active)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.buttons)

    def chosen_roles(self) -> list[Role]:
        return [role for role, box in self.roles.items() if box.isChecked()]

    def save(self) -> None:
        users, user = self.ui.services.users, self.user
        name, roles, iro_id = self.name.text(), self.chosen_roles(), self.iro.currentData()
        if user is None:
            login = self.login.text()
            work = lambda _p: users.add_user(login, name, roles, iro_id)  # noqa: E731
        else:
            active = self.active.isChecked()
            work = lambda _p: users.change_user(  # noqa: E731
                user.id, user.version, name=name, roles=roles, iro_id=iro_id, active=active
            )
        self.buttons.setEnabled(False)
        self.saving = True
        self.ui.runner.run(work, on_success=self._saved, on_failure=self._refused)

    def _saved(self, result: tuple[UserRow, object]) -> None:
        self.saving = False
        self.saved.emit(result[1])
        self.accept()

    def _refused(self, error: BaseException) -> bool:
        """A refusal (not allowed, a login taken, the last administrator) stays in the dialog with the edits."""
        self.saving = False
        self.buttons.setEnabled(True)
        if not isinstance(error, AppError):
            return False
        self.status.setText(error.message)
        return True
