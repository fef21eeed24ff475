"""The Settings pane's section on invites: where they come from, how they are sent, the outbox, the feeds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from iro_diary.services.changes import Changes
from iro_diary.services.invites.feeds import FeedReport
from iro_diary.services.invites.service import SendReport
from iro_diary.services.invites.status import OutboxSummary
from iro_diary.ui.context import UiContext
from iro_diary.ui.dialogs.invite_settings import InviteSettingsDialog

SUMMARY_KEYS = (
    "organisation.mailbox",
    "invites.names-for-internal",
    "smtp.host",
    "smtp.port",
    "smtp.starttls",
    "feeds.folder",
    "feeds.months",
)


@dataclass(frozen=True, slots=True)
class _Summary:
    values: dict[str, Any]
    outbox: OutboxSummary


class InvitesSection(QGroupBox):
    """A summary line and the buttons: change the settings, send the outbox now, write the feeds now."""

    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.loading = False
        self.dialog: InviteSettingsDialog | None = None
        self.setTitle(self.tr("Invites, email and calendar feeds"))
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.change_button = QPushButton(self.tr("Change…"), self)
        self.send_button = QPushButton(self.tr("Send queued invites now"), self)
        self.feeds_button = QPushButton(self.tr("Write calendar feeds now"), self)
        buttons = QHBoxLayout()
        for button in (self.change_button, self.send_button, self.feeds_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        self.change_button.clicked.connect(self.open_dialog)
        self.send_button.clicked.connect(self.send_outbox)
        self.feeds_button.clicked.connect(self.write_feeds)

    def reload(self) -> None:
        self.loading = True
        services = self.ui.services
        self.ui.runner.run(
            lambda _p: _Summary(services.settings.values(SUMMARY_KEYS), services.invites.outbox_summary()),
            on_success=self._show,
            on_failure=self._failed,
        )

    def _failed(self, _error: BaseException) -> bool:
        self.loading = False
        return False

    def _show(self, summary: _Summary) -> None:
        self.loading = False
        values = summary.values
        server = (
            f"{values['smtp.host']}:{values['smtp.port']}" + (" (STARTTLS)" if values["smtp.starttls"] else "")
            if values["smtp.host"]
            else self.tr("none (invites are queued, not sent)")
        )
        feeds = (
            self.tr("{0} ({1} months ahead)").format(values["feeds.folder"], values["feeds.months"])
            if values["feeds.folder"]
            else self.tr("off")
        )
        names = (
            self.tr("names for internal recipients") if values["invites.names-for-internal"] else self.tr("no names")
        )
        lines = [
            self.tr("Organiser: {0} · Privacy: {1}").format(values["organisation.mailbox"], names),
            self.tr("Mail server: {0}").format(server),
            self.tr("Calendar feeds: {0}").format(feeds),
            summary.outbox.text,
        ]
        self.summary.setText("\n".join(lines))

    def open_dialog(self) -> InviteSettingsDialog:
        dialog = InviteSettingsDialog(self.ui, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog

    def send_outbox(self) -> None:
        self.ui.runner.run(
            lambda progress: self.ui.services.invites.send_outbox(force=True, progress=progress),
            on_success=self._sent,
            label=self.tr("Sending invites"),
        )

    def _sent(self, report: SendReport) -> None:
        self.ui.bus.publish(report.changes, self)
        if report.failed or (report.problems and report.waiting):
            self.ui.prompter.warn(self.tr("Invites not all sent"), report.text)
        else:
            self.ui.prompter.inform(self.tr("Invites"), report.text)

    def write_feeds(self) -> None:
        self.ui.runner.run(
            lambda progress: self.ui.services.feeds.write_feeds(progress=progress),
            on_success=self._written,
            label=self.tr("Writing calendar feeds"),
        )

    def _written(self, report: FeedReport) -> None:
        self.ui.prompter.inform(self.tr("Calendar feeds"), report.text)

    def on_changes(self, changes: Changes) -> None:
        if changes.everything or changes.invites or changes.settings:
            self.reload()
