"""The first start's question (issue #10): who are you? The diary knows the PC login; this asks the person's name
and, if they are an IRO, which one — so the audit trail names them and an IRO can manage their own diary.

On a diary without an administrator, whoever answers first becomes it. Someone the diary does not know yet becomes
a user with the IRO role (if they say which IRO they are) or none; an administrator gives more.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from iro_diary.domain.access import Person
from iro_diary.domain.errors import AppError
from iro_diary.services.diary_rows import Resources
from iro_diary.services.users import SignIn
from iro_diary.ui.context import UiContext
from iro_diary.ui.dialog_guard import StaysWhileSaving

FIRST = (
    "This diary has no administrator yet, so you can do everything in it. Tell it who you are and you become its "
    "administrator, with every role: you can then add your colleagues and their roles in Settings → Users."
)
NEW = (
    "This diary does not know you yet (you signed in to this PC as {0}). You can read everything now. Tell it your "
    "name and, if you are an IRO, which one: you can then manage your own diary. An administrator can give you "
    "other roles in Settings → Users."
)


class IdentityDialog(StaysWhileSaving, QDialog):
    """Signals:
    introduced(Person, Changes): the person said who they are.
    """

    introduced = Signal(object, object)

    def __init__(self, ui: UiContext, signed_in: SignIn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        person = signed_in.person
        self.setWindowTitle(self.tr("Welcome to IRO Diary"))
        self.setMinimumWidth(520)
        text = QLabel(self.tr(FIRST) if signed_in.first_user else self.tr(NEW).format(person.login), self)
        text.setWordWrap(True)
        self.name = QLineEdit(person.name, self)
        self.name.setAccessibleName(self.tr("Your name"))
        self.iro = QComboBox(self)
        self.iro.setAccessibleName(self.tr("Which IRO you are"))
        self.iro.addItem(self.tr("I am not an IRO"), None)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        later = self.buttons.addButton(self.tr("Later"), QDialogButtonBox.ButtonRole.RejectRole)
        later.setToolTip(self.tr("Carry on without saying; you will be asked next time"))
        form = QFormLayout()
        form.addRow(self.tr("Your &name"), self.name)
        form.addRow(self.tr("If you are an &IRO"), self.iro)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        services = ui.services
        ui.runner.run(lambda _p: services.diary.resources(), on_success=self._fill_iros)

    def _fill_iros(self, resources: Resources) -> None:
        for iro in resources.iros:
            self.iro.addItem(iro.name, iro.id)

    def save(self) -> None:
        name, iro_id = self.name.text(), self.iro.currentData()
        users = self.ui.services.users
        self.buttons.setEnabled(False)
        self.saving = True
        self.ui.runner.run(lambda _p: users.introduce(name, iro_id), on_success=self._saved, on_failure=self._refused)

    def _saved(self, result: tuple[Person, object]) -> None:
        self.saving = False
        person, changes = result
        self.ui.bus.publish(changes, self)  # type: ignore[arg-type]
        self.introduced.emit(person, changes)
        self.accept()

    def _refused(self, error: BaseException) -> bool:
        self.saving = False
        self.buttons.setEnabled(True)
        if not isinstance(error, AppError):
            return False
        self.status.setText(error.message)
        return True
