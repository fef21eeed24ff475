"""The service's own lists: the themes of concerns and of good practice, and the live-audit checklist. Add,
rename (reword) and retire — a retired entry leaves the dialogs and stays in the records and the figures."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QPushButton, QTableView, QWidget

from iro_diary.domain.quality.codes import AuditScope, ThemeKind
from iro_diary.services.quality.rows import ChecklistItemRow, ThemeRow
from iro_diary.ui.context import UiContext
from iro_diary.ui.models.row_table import Column, RowFilterProxy, RowTableModel
from iro_diary.ui.table_view import make_table_view

OFFERED = {True: "Offered", False: "Retired"}
THEME_COLUMNS: list[Column[ThemeRow]] = [
    Column("List", lambda t: t.kind.label),
    Column("Theme", lambda t: t.name),
    Column("Used", lambda t: f"{t.used:,}", sort_key=lambda t: t.used, align_right=True),
    Column("", lambda t: OFFERED[t.active]),
]
ITEM_COLUMNS: list[Column[ChecklistItemRow]] = [
    Column("Code", lambda i: i.code),
    Column("Question", lambda i: i.label),
    Column("Asked at", lambda i: i.applies_to.label),
    Column("Answers", lambda i: f"{i.answers:,}", sort_key=lambda i: i.answers, align_right=True),
    Column("", lambda i: OFFERED[i.active]),
]


class ListsTab(QWidget):
    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.loading = False
        self.themes: RowTableModel[ThemeRow] = RowTableModel(THEME_COLUMNS, self)
        self.items: RowTableModel[ChecklistItemRow] = RowTableModel(ITEM_COLUMNS, self)
        self.themes_table = self._table(self.themes, "Themes")
        self.items_table = self._table(self.items, "Live-audit checklist")
        self.kind = QComboBox(self)
        for kind in ThemeKind:
            self.kind.addItem(self.tr(kind.label), kind.value)
        self.theme_name = QLineEdit(self)
        self.theme_name.setPlaceholderText(self.tr("Theme"))
        self.code = QLineEdit(self)
        self.code.setPlaceholderText(self.tr("code, e.g. sibling-contact"))
        self.question = QLineEdit(self)
        self.question.setPlaceholderText(self.tr("Question"))
        self.scope = QComboBox(self)
        for scope in AuditScope:
            self.scope.addItem(self.tr(scope.label), scope.value)
        self.buttons = {
            name: QPushButton(self.tr(text), self)
            for name, text in (
                ("add-theme", "Add theme"),
                ("rename-theme", "Rename selected"),
                ("retire-theme", "Retire or restore selected"),
                ("add-item", "Add question"),
                ("change-item", "Save selected"),
                ("retire-item", "Retire or restore selected"),
            )
        }
        self._lay_out()
        self._connect()

    def _table(self, model: RowTableModel[Any], name: str) -> QTableView:
        proxy = RowFilterProxy(self)
        proxy.setSourceModel(model)
        return make_table_view(proxy, self.tr(name), self, sortable=False)  # in the service's own order

    def _lay_out(self) -> None:
        grid = QGridLayout(self)
        grid.addWidget(QLabel(self.tr("<b>Themes</b> of causes for concern and of good practice"), self), 0, 0, 1, 5)
        grid.addWidget(self.themes_table, 1, 0, 1, 5)
        for column, widget in enumerate(
            (
                self.kind,
                self.theme_name,
                self.buttons["add-theme"],
                self.buttons["rename-theme"],
                self.buttons["retire-theme"],
            )
        ):
            grid.addWidget(widget, 2, column)
        grid.addWidget(
            QLabel(self.tr("<b>Live-audit checklist</b>, asked when a meeting is marked held"), self), 3, 0, 1, 5
        )
        grid.addWidget(self.items_table, 4, 0, 1, 5)
        for column, widget in enumerate(
            (self.code, self.question, self.scope, self.buttons["add-item"], self.buttons["change-item"])
        ):
            grid.addWidget(widget, 5, column)
        grid.addWidget(self.buttons["retire-item"], 6, 4)
        grid.setColumnStretch(1, 1)

    def _connect(self) -> None:
        self.themes_table.selectionModel().selectionChanged.connect(lambda *_a: self._theme_selected())
        self.items_table.selectionModel().selectionChanged.connect(lambda *_a: self._item_selected())
        actions: dict[str, Callable[[], None]] = {
            "add-theme": self.add_theme,
            "rename-theme": self.rename_theme,
            "retire-theme": self.toggle_theme,
            "add-item": self.add_item,
            "change-item": self.change_item,
            "retire-item": self.toggle_item,
        }
        for name, action in actions.items():
            self.buttons[name].clicked.connect(lambda _checked=False, action=action: action())

    def reload(self) -> None:
        self.loading = True
        lists = self.ui.services.quality_lists
        self.ui.runner.run(
            lambda _p: (lists.themes(), lists.checklist_items()), on_success=self._show, on_failure=self._failed
        )

    def _failed(self, _error: BaseException) -> bool:
        self.loading = False
        return False

    def _show(self, found: tuple[list[ThemeRow], list[ChecklistItemRow]]) -> None:
        self.loading = False
        self.themes.set_rows(found[0])
        self.items.set_rows(found[1])
        for table in (self.themes_table, self.items_table):
            table.resizeColumnsToContents()

    def _selected(self, table: QTableView, model: RowTableModel[Any]) -> Any:
        rows = table.selectionModel().selectedRows()
        proxy = table.model()
        return model.row_at(proxy.mapToSource(rows[0]).row()) if rows else None  # type: ignore[attr-defined]

    def selected_theme(self) -> ThemeRow | None:
        return self._selected(self.themes_table, self.themes)  # type: ignore[no-any-return]

    def selected_item(self) -> ChecklistItemRow | None:
        return self._selected(self.items_table, self.items)  # type: ignore[no-any-return]

    def _theme_selected(self) -> None:
        theme = self.selected_theme()
        if theme is not None:
            self.kind.setCurrentIndex(self.kind.findData(theme.kind.value))
            self.theme_name.setText(theme.name)

    def _item_selected(self) -> None:
        item = self.selected_item()
        if item is not None:
            self.code.setText(item.code)
            self.question.setText(item.label)
            self.scope.setCurrentIndex(self.scope.findData(item.applies_to.value))

    def _save(self, work: Callable[[], tuple[Any, Any]]) -> None:
        self.ui.runner.run(lambda _p: work(), on_success=lambda result: self.ui.bus.publish(result[1], self))

    def add_theme(self) -> None:
        lists, kind, name = self.ui.services.quality_lists, ThemeKind(self.kind.currentData()), self.theme_name.text()
        self._save(lambda: lists.add_theme(kind, name))

    def rename_theme(self) -> None:
        theme, lists, name = self.selected_theme(), self.ui.services.quality_lists, self.theme_name.text()
        if theme is not None:
            self._save(lambda: lists.rename_theme(theme.id, theme.version, name))

    def toggle_theme(self) -> None:
        theme, lists = self.selected_theme(), self.ui.services.quality_lists
        if theme is not None:
            self._save(lambda: lists.set_theme_active(theme.id, theme.version, not theme.active))

    def add_item(self) -> None:
        lists, scope = self.ui.services.quality_lists, AuditScope(self.scope.currentData())
        code, question = self.code.text(), self.question.text()
        self._save(lambda: lists.add_item(code, question, scope))

    def change_item(self) -> None:
        item, lists = self.selected_item(), self.ui.services.quality_lists
        question, scope = self.question.text(), AuditScope(self.scope.currentData())
        if item is not None:
            self._save(lambda: lists.change_item(item.id, item.version, label=question, applies_to=scope))

    def toggle_item(self) -> None:
        item, lists = self.selected_item(), self.ui.services.quality_lists
        if item is not None:
            self._save(lambda: lists.change_item(item.id, item.version, active=not item.active))
