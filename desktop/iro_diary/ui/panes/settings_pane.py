"""Settings: this PC's database (and connecting to a team's shared one) and files, the team settings, invites and
email, timescale rules, the calendar, and the people who use the diary with their roles."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from iro_diary import __version__
from iro_diary.infra.paths import app_paths
from iro_diary.services.changes import Changes
from iro_diary.services.context import RULE_SETTING_PREFIX
from iro_diary.ui.context import UiContext
from iro_diary.ui.dialogs.connect_database import ConnectDatabaseDialog
from iro_diary.ui.panes.base import Pane
from iro_diary.ui.panes.invites_section import InvitesSection
from iro_diary.ui.panes.settings_calendar import CalendarTab
from iro_diary.ui.panes.settings_table import SettingsTable
from iro_diary.ui.panes.settings_timescales import TimescalesTab
from iro_diary.ui.panes.settings_users import UsersTab


class SettingsPane(Pane):
    title = "Settings"
    icon_name = "settings"

    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ui, parent)
        self.tabs = QTabWidget(self)
        self.general = self._general_tab(ui)
        self.invites = InvitesSection(ui, self)
        self.timescales = TimescalesTab(ui, self)
        self.calendar = CalendarTab(ui, self)
        self.users = UsersTab(ui, self)
        self.connect_dialog: ConnectDatabaseDialog | None = None
        self.tabs.addTab(self.general, self.tr("General"))
        self.tabs.addTab(self._invites_tab(), self.tr("Invites and email"))
        self.tabs.addTab(self.timescales, self.tr("Timescales"))
        self.tabs.addTab(self.calendar, self.tr("Calendar"))
        self.tabs.addTab(self.users, self.tr("Users"))
        self.body.addWidget(self.tabs, 1)

    def _general_tab(self, ui: UiContext) -> QWidget:
        tab = QWidget(self)
        paths = app_paths()
        about = QFormLayout()
        self.database_label = QLabel(f"{ui.services.database_description}  ({ui.database_source})")
        self.database_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.database_label.setWordWrap(True)  # a long path must not widen the window
        self.connect_button = QPushButton(self.tr("Connect to a shared database…"), tab)
        self.connect_button.clicked.connect(self.open_connect_dialog)
        database = QHBoxLayout()
        database.addWidget(self.database_label, 1)
        database.addWidget(self.connect_button)
        about.addRow(self.tr("Database"), database)
        for label, value in (
            ("Data folder", QLabel(str(paths.data))),
            ("Backups", QLabel(str(paths.backups))),
            ("Log file", QLabel(str(paths.log_file))),
            ("Version", QLabel(__version__)),
        ):
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            about.addRow(self.tr(label), value)
        section = QLabel(self.tr("Team settings (double-click a value to change it)"))
        section.setObjectName("sectionTitle")
        self.team_settings = SettingsTable(
            ui, lambda key: not key.startswith(RULE_SETTING_PREFIX), self.tr("Team settings"), tab
        )
        layout = QVBoxLayout(tab)
        layout.addLayout(about)
        layout.addWidget(section)
        layout.addWidget(self.team_settings, 1)
        return tab

    def _invites_tab(self) -> QWidget:
        tab = QWidget(self)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.invites)
        layout.addStretch(1)
        return tab

    def open_connect_dialog(self) -> ConnectDatabaseDialog:
        dialog = ConnectDatabaseDialog(self.ui, app_paths(), self.ui.services.database_address, self)
        self.connect_dialog = dialog
        dialog.finished.connect(lambda _result: self._connect_closed(dialog))
        dialog.open()
        return dialog

    def _connect_closed(self, dialog: ConnectDatabaseDialog) -> None:
        if self.connect_dialog is dialog:
            self.connect_dialog = None
        dialog.deleteLater()

    def first_shown(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.team_settings.reload()
        self.invites.reload()
        self.timescales.reload()
        self.calendar.reload()
        self.users.reload()

    def is_loaded(self) -> bool:
        return (
            self.activated
            and not self.team_settings.loading
            and not self.invites.loading
            and self.timescales.is_loaded()
            and self.calendar.is_loaded()
            and not self.users.loading
        )

    def on_changes(self, changes: Changes) -> None:
        if not self.activated:
            return
        if changes.everything or changes.settings:
            self.team_settings.reload()
            self.timescales.reload()
        if changes.everything or changes.calendar:
            self.calendar.reload()
        self.invites.on_changes(changes)
        self.users.on_changes(changes)
