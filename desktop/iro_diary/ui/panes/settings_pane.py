"""Settings: which database this PC uses and where its files are, and the team-wide settings."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QFormLayout, QInputDialog, QLabel, QTableView, QWidget

from iro_diary import __version__
from iro_diary.infra.paths import app_paths
from iro_diary.services.changes import Changes
from iro_diary.services.settings import SettingRow
from iro_diary.ui.context import UiContext
from iro_diary.ui.models.row_table import Column, RowFilterProxy, RowTableModel
from iro_diary.ui.panes.base import Pane
from iro_diary.ui.panes.invites_section import InvitesSection

SETTING_COLUMNS: list[Column[SettingRow]] = [
    Column("Setting", lambda s: s.description, tooltip=lambda s: s.key),
    Column("Value", lambda s: str(s.value)),
    Column("Default", lambda s: "" if s.is_default else str(s.default)),
    Column("Source", lambda s: s.source, tooltip=lambda s: s.source),
]


class SettingsPane(Pane):
    title = "Settings"
    icon_name = "settings"

    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ui, parent)
        self._loading = False
        paths = app_paths()
        about = QFormLayout()
        self.database_label = QLabel(f"{ui.services.database_description}  ({ui.database_source})")
        for label, value in (
            ("Database", self.database_label),
            ("Data folder", QLabel(str(paths.data))),
            ("Backups", QLabel(str(paths.backups))),
            ("Log file", QLabel(str(paths.log_file))),
            ("Version", QLabel(__version__)),
        ):
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            about.addRow(self.tr(label), value)
        self.body.addLayout(about)
        self.invites = InvitesSection(ui, self)
        self.body.addWidget(self.invites)
        section = QLabel(self.tr("Team settings (double-click a value to change it)"))
        section.setObjectName("sectionTitle")
        self.body.addWidget(section)
        self.model: RowTableModel[SettingRow] = RowTableModel(SETTING_COLUMNS, self)
        proxy = RowFilterProxy(self)
        proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(proxy)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setAccessibleName(self.tr("Team settings"))
        self.table.doubleClicked.connect(self._on_double_clicked)
        self.body.addWidget(self.table, 1)

    def first_shown(self) -> None:
        self.reload()
        self.invites.reload()

    def is_loaded(self) -> bool:
        return self.activated and not self._loading and not self.invites.loading

    def reload(self) -> None:
        self._loading = True
        self.ui.runner.run(
            lambda _p: self.ui.services.settings.list_settings(),
            on_success=self._show,
            on_failure=self._failed,
        )

    def _failed(self, _error: BaseException) -> bool:
        self._loading = False
        return False

    def _show(self, rows: list[SettingRow]) -> None:
        self._loading = False
        self.model.set_rows(rows)
        self.table.resizeColumnToContents(0)

    def _on_double_clicked(self, index: QModelIndex) -> None:
        proxy = self.table.model()
        row = self.model.row_at(proxy.mapToSource(index).row())  # type: ignore[attr-defined]
        text, accepted = QInputDialog.getText(self, self.tr("Change setting"), row.description, text=str(row.value))
        if accepted:
            self.change(row.key, text)

    def change(self, key: str, value: str) -> None:
        self.ui.runner.run(
            lambda _p: self.ui.services.settings.set(key, value),
            on_success=lambda changes: self.ui.bus.publish(changes, self),
        )

    def on_changes(self, changes: Changes) -> None:
        if self.activated and (changes.everything or changes.settings):
            self.reload()
        if self.activated:
            self.invites.on_changes(changes)
