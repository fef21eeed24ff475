"""Settings → Users (issue #10): who may use the diary and with which roles. Anyone may look; administrators add
people and change their roles (the services refuse anyone else, naming the role it needs)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from iro_diary.domain.access import Permission
from iro_diary.services.changes import Changes
from iro_diary.services.diary_rows import IroRow
from iro_diary.services.users import UserRow
from iro_diary.ui.context import UiContext
from iro_diary.ui.dialogs.user_dialog import UserDialog
from iro_diary.ui.models.row_table import Column, RowFilterProxy, RowTableModel
from iro_diary.ui.table_view import make_table_view

USER_COLUMNS: list[Column[UserRow]] = [
    Column("Name", lambda u: u.name),
    Column("Login", lambda u: u.login),
    Column("Roles", lambda u: u.roles_text),
    Column("IRO record", lambda u: u.iro_name or ""),
    Column("May use the diary", lambda u: "yes" if u.active else "no (switched off)"),
]


@dataclass(frozen=True, slots=True)
class _Loaded:
    users: list[UserRow]
    iros: list[IroRow]


class UsersTab(QWidget):
    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.loading = False
        self.iros: list[IroRow] = []
        self.dialog: UserDialog | None = None
        self.model: RowTableModel[UserRow] = RowTableModel(USER_COLUMNS, self)
        proxy = RowFilterProxy(self)
        proxy.setSourceModel(self.model)
        self.table = make_table_view(proxy, self.tr("Users"), self)
        self.table.doubleClicked.connect(lambda _index: self.change())
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.add_button = QPushButton(self.tr("Add…"), self)
        self.change_button = QPushButton(self.tr("Change…"), self)
        self.add_button.clicked.connect(self.add)
        self.change_button.clicked.connect(self.change)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.change_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def reload(self) -> None:
        self.loading = True
        services = self.ui.services
        self.ui.runner.run(
            lambda _p: _Loaded(services.users.users(), list(services.diary.resources().iros)),
            on_success=self._show,
            on_failure=self._failed,
        )

    def _failed(self, _error: BaseException) -> bool:
        self.loading = False
        return False

    def _show(self, loaded: _Loaded) -> None:
        self.loading = False
        self.iros = loaded.iros
        self.model.set_rows(loaded.users)
        self.table.resizeColumnsToContents()
        me = self.ui.services.users.me()
        may = me.may(Permission.USERS)
        self.note.setText(
            self.tr("People sign in with their PC login. You are {0}.").format(me.description)
            + ("" if may else self.tr(" Only an administrator can add users or change their roles."))
        )

    def selected(self) -> UserRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        proxy = self.table.model()
        assert isinstance(proxy, RowFilterProxy)
        return self.model.row_at(proxy.mapToSource(rows[0]).row())

    def add(self) -> UserDialog:
        return self._open(UserDialog(self.ui, self.iros, None, self))

    def change(self) -> UserDialog | None:
        user = self.selected()
        return self._open(UserDialog(self.ui, self.iros, user, self)) if user is not None else None

    def _open(self, dialog: UserDialog) -> UserDialog:
        self.dialog = dialog
        dialog.saved.connect(lambda changes: self.ui.bus.publish(changes, self))
        dialog.finished.connect(lambda _result: self._closed(dialog))
        dialog.open()
        return dialog

    def _closed(self, dialog: UserDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def on_changes(self, changes: Changes) -> None:
        if changes.everything or changes.users or changes.iros:
            self.reload()
