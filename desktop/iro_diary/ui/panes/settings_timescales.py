"""Settings › Timescales: every rule in force with its source, and the local parameters a council may change."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from iro_diary.services.context import RULE_SETTING_PREFIX
from iro_diary.services.timescales import RuleRow
from iro_diary.ui.context import UiContext
from iro_diary.ui.models.row_table import Column, RowFilterProxy, RowTableModel
from iro_diary.ui.panes.settings_table import SettingsTable
from iro_diary.ui.table_view import make_table_view

RULE_COLUMNS: list[Column[RuleRow]] = [
    Column("Rule", lambda r: r.label, tooltip=lambda r: r.name),
    Column("Within", lambda r: r.timescale),
    Column("Counted from", lambda r: r.anchor),
    Column("Status", lambda r: r.status),
    Column("Source", lambda r: r.source, tooltip=lambda r: r.source),
]


class TimescalesTab(QWidget):
    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.loading = False
        self.rules: RowTableModel[RuleRow] = RowTableModel(RULE_COLUMNS, self)
        proxy = RowFilterProxy(self)
        proxy.setSourceModel(self.rules)
        self.rule_table = make_table_view(proxy, self.tr("Timescale rules"), self, sortable=False)
        self.parameters = SettingsTable(
            ui, lambda key: key.startswith(RULE_SETTING_PREFIX), self.tr("Local timescale settings"), self
        )
        layout = QVBoxLayout(self)
        for text, widget, stretch in (
            (
                "Rules in force (statutory rules come from the regulations and Working Together; local ones from "
                "this council's procedures)",
                self.rule_table,
                3,
            ),
            (
                "Local settings (double-click a value to change it; every due date is worked out again)",
                self.parameters,
                2,
            ),
        ):
            title = QLabel(self.tr(text))
            title.setObjectName("sectionTitle")
            title.setWordWrap(True)
            layout.addWidget(title)
            layout.addWidget(widget, stretch)

    def reload(self) -> None:
        self.loading = True
        self.ui.runner.run(
            lambda _p: self.ui.services.timescales.rules(), on_success=self._show, on_failure=self._failed
        )
        self.parameters.reload()

    def _failed(self, _error: BaseException) -> bool:
        self.loading = False
        return False

    def _show(self, rows: list[RuleRow]) -> None:
        self.loading = False
        self.rules.set_rows(rows)
        self.rule_table.resizeColumnsToContents()

    def is_loaded(self) -> bool:
        return not self.loading and not self.parameters.loading
