"""Settings for invites, email and calendar feeds: the organisation mailbox, the privacy choice, the mail
server (its password goes to this PC's keyring, never to a file), and where the feeds are written."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from iro_diary.domain.errors import AppError
from iro_diary.domain.invites.model import usable_email
from iro_diary.services.changes import Changes
from iro_diary.ui.context import UiContext

TEXT_KEYS = (
    "organisation.name",
    "organisation.mailbox",
    "invites.internal-domains",
    "smtp.host",
    "smtp.account",
    "feeds.folder",
)
BOOL_KEYS = ("invites.child-initials", "invites.names-for-internal", "smtp.starttls", "invites.send-automatically")
INT_KEYS = {"smtp.port": (1, 65535), "feeds.months": (1, 24)}
KEYS = (*TEXT_KEYS, *BOOL_KEYS, *INT_KEYS)


@dataclass(frozen=True, slots=True)
class Loaded:
    values: dict[str, Any]
    keyring_problem: str | None
    password_stored: bool


@dataclass(frozen=True, slots=True)
class Saved:
    changes: Changes
    password_problem: str | None


class InviteSettingsDialog(QDialog):
    """Loads the current values off the GUI thread, saves them in one transaction."""

    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.loaded = False
        self.closed = False  # results that arrive after the dialog closed (it deletes itself) are dropped
        self.finished.connect(lambda _result: setattr(self, "closed", True))
        self.setWindowTitle(self.tr("Invites, email and calendar feeds"))
        self.setMinimumWidth(720)
        self.texts = {key: QLineEdit(self) for key in TEXT_KEYS}
        self.checks = {key: QCheckBox(self) for key in BOOL_KEYS}
        self.numbers = {key: QSpinBox(self) for key in INT_KEYS}
        for key, (low, high) in INT_KEYS.items():
            self.numbers[key].setRange(low, high)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.keyring_label = QLabel(self)
        self.keyring_label.setWordWrap(True)
        self.choose_folder = QPushButton(self.tr("Choose…"), self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self._label_checks()
        self._lay_out()
        self.choose_folder.clicked.connect(self._choose_folder)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
        self.ui.runner.run(self._load, on_success=self._show, label=self.tr("Reading settings"))

    def _label_checks(self) -> None:
        self.checks["invites.child-initials"].setText(self.tr("Children's initials in invite titles"))
        names = self.checks["invites.names-for-internal"]
        names.setText(self.tr("INTERNAL ONLY: children's full names in invites to internal addresses"))
        names.setToolTip(
            self.tr("Off by default. Names go only to addresses at the internal domains, and the invite says so.")
        )
        self.checks["smtp.starttls"].setText(self.tr("Encrypt with STARTTLS (port 465: TLS from the start)"))
        self.checks["invites.send-automatically"].setText(
            self.tr("Send updates as soon as a meeting changes; retry unsent invites every few minutes")
        )
        self.texts["invites.internal-domains"].setPlaceholderText(self.tr("e.g. council.gov.uk (empty: the mailbox's)"))
        self.texts["feeds.folder"].setPlaceholderText(self.tr("e.g. a shared drive folder (empty: no feeds)"))
        self.password.setPlaceholderText(self.tr("leave empty to keep the stored password"))

    def _lay_out(self) -> None:
        organisation = self._group(
            self.tr("Organisation (the organiser of every invite, and the contact for queries)"),
            [
                (self.tr("Service name"), self.texts["organisation.name"]),
                (self.tr("Mailbox"), self.texts["organisation.mailbox"]),
            ],
        )
        privacy = self._group(
            self.tr("Privacy: invites carry the meeting's kind and reference, never a date of birth or address"),
            [
                ("", self.checks["invites.child-initials"]),
                ("", self.checks["invites.names-for-internal"]),
                (self.tr("Internal domains"), self.texts["invites.internal-domains"]),
            ],
        )
        email = self._group(
            self.tr("Email (SMTP)"),
            [
                (self.tr("Mail server"), self.texts["smtp.host"]),
                (self.tr("Port"), self.numbers["smtp.port"]),
                ("", self.checks["smtp.starttls"]),
                (self.tr("Account"), self.texts["smtp.account"]),
                (self.tr("Password"), self.password),
                ("", self.keyring_label),
                ("", self.checks["invites.send-automatically"]),
            ],
        )
        folder = QHBoxLayout()
        folder.addWidget(self.texts["feeds.folder"], 1)
        folder.addWidget(self.choose_folder)
        holder = QWidget(self)
        holder.setLayout(folder)
        feeds = self._group(
            self.tr("Calendar feeds (each IRO's and room's coming months, for Outlook to subscribe to)"),
            [(self.tr("Folder"), holder), (self.tr("Months ahead"), self.numbers["feeds.months"])],
        )
        layout = QVBoxLayout(self)
        for group in (organisation, privacy, email, feeds):
            layout.addWidget(group)
        layout.addWidget(self.buttons)

    def _group(self, title: str, rows: list[tuple[str, QWidget]]) -> QGroupBox:
        group = QGroupBox(title, self)
        form = QFormLayout(group)
        for label, widget in rows:
            if label:
                form.addRow(label, widget)
            else:
                form.addRow(widget)
        return group

    def _load(self, _progress: Any) -> Loaded:
        invites = self.ui.services.invites
        values = self.ui.services.settings.values(KEYS)
        problem = invites.keyring_problem()
        stored = False
        if problem is None and values["smtp.account"]:
            try:
                stored = invites.smtp_password_stored()
            except AppError as error:
                problem = error.message
        return Loaded(values, problem, stored)

    def _show(self, loaded: Loaded) -> None:
        if self.closed:
            return
        for key in TEXT_KEYS:
            self.texts[key].setText(str(loaded.values[key]))
        for key in BOOL_KEYS:
            self.checks[key].setChecked(bool(loaded.values[key]))
        for key in INT_KEYS:
            self.numbers[key].setValue(int(loaded.values[key]))
        if loaded.keyring_problem:
            self.keyring_label.setText(loaded.keyring_problem)
            self.password.setEnabled(False)
        else:
            stored = self.tr("A password is stored in this PC's keyring.") if loaded.password_stored else ""
            self.keyring_label.setText(stored or self.tr("The password is kept in this PC's keyring, never in a file."))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(True)
        self.keyring_label.setMinimumHeight(self.keyring_label.heightForWidth(self.width() - 60))
        self.adjustSize()
        self.loaded = True

    def _choose_folder(self) -> None:
        chosen = self.ui.prompter.choose_folder(self.tr("Folder for calendar feeds"), self.texts["feeds.folder"].text())
        if chosen is not None:
            self.texts["feeds.folder"].setText(str(chosen))

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {key: self.texts[key].text().strip() for key in TEXT_KEYS}
        values.update({key: self.checks[key].isChecked() for key in BOOL_KEYS})
        values.update({key: self.numbers[key].value() for key in INT_KEYS})
        return values

    def save(self) -> None:
        values, password = self.values(), self.password.text()
        if usable_email(values["organisation.mailbox"]) is None:
            self.ui.prompter.warn(
                self.tr("Invites, email and calendar feeds"),
                self.tr("The mailbox must be an email address, e.g. iro-service@council.gov.uk."),
            )
            return
        services = self.ui.services

        def work(_progress: Any) -> Saved:
            changes = services.settings.set_many(values)
            problem = None
            if password:
                try:
                    services.invites.save_smtp_password(password)
                except AppError as error:
                    problem = error.message
            return Saved(changes, problem)

        self.ui.runner.run(work, on_success=self._saved, label=self.tr("Saving settings"))

    def _saved(self, saved: Saved) -> None:
        self.ui.bus.publish(saved.changes, None)
        if saved.password_problem:
            self.ui.prompter.warn(
                self.tr("Password not kept"),
                self.tr("The settings were saved, but not the password: {0}").format(saved.password_problem),
            )
        if not self.closed:
            self.accept()
