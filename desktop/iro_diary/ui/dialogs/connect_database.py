"""Settings → "Connect to a shared database…" (issue #10): the team's PostgreSQL server, a Test button that says
what it found, and the password kept in this PC's keyring — never in a file. The choice takes effect when IRO Diary
next starts (the window then opens the shared diary, upgrading it first if it is from an older version)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from iro_diary.domain.errors import AppError
from iro_diary.infra.paths import AppPaths
from iro_diary.services import connection
from iro_diary.services.connection import DEFAULT_PORT, SharedDatabase
from iro_diary.ui.context import UiContext

RESTART = "IRO Diary opens {0} the next time it starts. Close it and start it again to use it."


class ConnectDatabaseDialog(QDialog):
    """Signals: accepted() once the choice is saved (see `chosen`)."""

    def __init__(self, ui: UiContext, paths: AppPaths, current: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.paths = paths
        self.chosen = ""
        self.setWindowTitle(self.tr("Connect to a shared database"))
        self.setMinimumWidth(560)
        self.host, self.name, self.user = QLineEdit(self), QLineEdit(self), QLineEdit(self)
        self.port = QSpinBox(self)
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.test_button = QPushButton(self.tr("Test"), self)
        self.embedded_button = QPushButton(self.tr("Use this PC's own diary"), self)
        self.buttons = QDialogButtonBox(self)
        self.connect_button = self.buttons.addButton(self.tr("Connect"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self._lay_out()
        self._fill(current)
        self.test_button.clicked.connect(self.test)
        self.connect_button.clicked.connect(self.save)
        self.embedded_button.clicked.connect(self.use_embedded)
        self.buttons.rejected.connect(self.reject)

    def _lay_out(self) -> None:
        intro = QLabel(
            self.tr(
                "A team shares one diary on a PostgreSQL server: every PC then sees the same bookings, at once. "
                "Ask IT for the server's name, the database and your user name."
            ),
            self,
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        for label, field in (
            ("&Server", self.host),
            ("P&ort", self.port),
            ("&Database", self.name),
            ("&User name", self.user),
            ("&Password", self.password),
        ):
            form.addRow(self.tr(label), field)
            field.setAccessibleName(self.tr(label.replace("&", "")))
        problem = connection.keyring_problem()
        self.password.setToolTip(problem or self.tr("Kept in this PC's password store (keyring), never in a file"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.test_button)
        layout.addWidget(self.status)
        if problem:
            note = QLabel(problem, self)
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addWidget(self.embedded_button)
        layout.addWidget(self.buttons)

    def _fill(self, current: str) -> None:
        shared = SharedDatabase.of(current)
        if shared is None:
            return
        self.host.setText(shared.host)
        self.port.setValue(shared.port)
        self.name.setText(shared.name)
        self.user.setText(shared.user)

    def database(self) -> SharedDatabase:
        return SharedDatabase(self.host.text(), self.port.value(), self.name.text(), self.user.text())

    def test(self) -> None:
        """Connect off the GUI thread and say what was found."""
        try:
            database = self.database()
            database.url()
        except AppError as error:
            self.status.setText(error.message)
            return
        password = self.password.text() or connection.stored_password(database) or ""
        self.status.setText(self.tr("Connecting…"))
        self.test_button.setEnabled(False)
        self.ui.runner.run(
            lambda _p: connection.try_connection(database, password),
            on_success=self._tested,
            on_failure=self._test_failed,
        )

    def _tested(self, found: str) -> None:
        self.test_button.setEnabled(True)
        self.status.setText(found)

    def _test_failed(self, error: BaseException) -> bool:
        self.test_button.setEnabled(True)
        if not isinstance(error, AppError):
            return False
        self.status.setText(self.tr("Could not connect: {0}").format(error.message))
        return True

    def save(self) -> None:
        try:
            database = self.database()
            connection.connect_to_shared(self.paths, database, self.password.text())
        except AppError as error:
            self.status.setText(error.message)
            return
        self.chosen = f"{database.name} on {database.host}"
        self.ui.prompter.inform(self.tr("Shared database chosen"), self.tr(RESTART).format(self.chosen))
        self.accept()

    def use_embedded(self) -> None:
        try:
            connection.use_this_pcs_diary(self.paths)
        except AppError as error:
            self.status.setText(error.message)
            return
        self.chosen = self.tr("this PC's own diary")
        self.ui.prompter.inform(self.tr("This PC's own diary chosen"), self.tr(RESTART).format(self.chosen))
        self.accept()
