"""A table of team settings (a subset chosen by key), each changeable by double-clicking its value."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QInputDialog, QVBoxLayout, QWidget

from iro_diary.services.settings import SettingRow
from iro_diary.ui.context import UiContext
from iro_diary.ui.models.row_table import Column, RowFilterProxy, RowTableModel
from iro_diary.ui.table_view import make_table_view

SETTING_COLUMNS: list[Column[SettingRow]] = [
    Column("Setting", lambda s: s.description, tooltip=lambda s: s.key),
    Column("Value", lambda s: str(s.value)),
    Column("Default", lambda s: "" if s.is_default else str(s.default)),
    Column("Source", lambda s: s.source, tooltip=lambda s: s.source),
]


class SettingsTable(QWidget):
    """Signals:
    loaded(): the rows are (re)loaded.
    """

    loaded = Signal()

    def __init__(self, ui: UiContext, wanted: Callable[[str], bool], name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self._wanted = wanted
        self.loading = False
        self.model: RowTableModel[SettingRow] = RowTableModel(SETTING_COLUMNS, self)
        proxy = RowFilterProxy(self)
        proxy.setSourceModel(self.model)
        self.table = make_table_view(proxy, name, self, sortable=False)
        self.table.doubleClicked.connect(self._on_double_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)

    def reload(self) -> None:
        self.loading = True
        self.ui.runner.run(
            lambda _p: self.ui.services.settings.list_settings(), on_success=self._show, on_failure=self._failed
        )

    def _failed(self, _error: BaseException) -> bool:
        self.loading = False
        return False

    def _show(self, rows: list[SettingRow]) -> None:
        self.loading = False
        self.model.set_rows([r for r in rows if self._wanted(r.key)])
        self.table.resizeColumnToContents(0)
        self.loaded.emit()

    def _on_double_clicked(self, index: QModelIndex) -> None:
        proxy = self.table.model()
        assert isinstance(proxy, RowFilterProxy)
        row = self.model.row_at(proxy.mapToSource(index).row())
        text, accepted = QInputDialog.getText(self, self.tr("Change setting"), row.description, text=str(row.value))
        if accepted:
            self.change(row.key, text)

    def change(self, key: str, value: str) -> None:
        """Save a new value (checked by the service; a bad one is explained and nothing changes)."""
        self.ui.runner.run(
            lambda _p: self.ui.services.settings.set(key, value),
            on_success=lambda changes: self.ui.bus.publish(changes, self),
        )
