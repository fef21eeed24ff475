"""Children & families: every child, searchable, with one child's whole record beside the list."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QWidget,
)

from iro_diary.services.changes import Changes
from iro_diary.services.children import ChildDetail, ChildRow
from iro_diary.ui.context import UiContext
from iro_diary.ui.look import icon
from iro_diary.ui.models.row_table import Column, RowFilterProxy, RowTableModel, date_text
from iro_diary.ui.panes.base import Pane
from iro_diary.ui.panes.child_detail import ChildDetailView
from iro_diary.ui.table_view import make_table_view, size_columns_from_samples


def child_columns(ui: UiContext) -> list[Column[ChildRow]]:
    today = ui.clock.today()
    return [
        Column("Case ref", lambda r: r.case_ref, sample="C1000000"),
        Column(
            "Name",
            lambda r: r.name,
            sort_key=lambda r: (r.family_name.casefold(), r.given_name.casefold()),
            sample="Muhammad Alexander-Kowalski",
        ),
        Column(
            "Age",
            lambda r: r.age_text(today),
            sort_key=lambda r: r.date_of_birth or r.expected_delivery,
            tooltip=lambda r: (
                f"Born {date_text(r.date_of_birth)}"
                if r.date_of_birth
                else f"Expected {date_text(r.expected_delivery)}"
            ),
            align_right=True,
            sample="Unborn",
        ),
        Column("Family", lambda r: r.family_ref or "", sample="F000000"),
        Column("IRO", lambda r: r.allocated_iro or "—", sample="Stephen Fletcher-Campbell"),
        Column("Status", lambda r: r.status, sample="In care (C2), On plan (NEG), CSE"),
    ]


class ChildrenPane(Pane):
    title = "Children & families"
    icon_name = "children"

    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ui, parent)
        self._loading = False
        self._selected_id: int | None = None
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search by case reference, name, family or IRO"))
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setClearButtonEnabled(True)
        self.count_label = QLabel()
        self.show_closed = QCheckBox(self.tr("Show closed cases"))
        self.show_closed.setToolTip(self.tr("Children no longer in care, on a plan or under a CSE concern"))
        self.model: RowTableModel[ChildRow] = RowTableModel(child_columns(ui), self)
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = self._make_table()
        self.detail = ChildDetailView(ui)
        self._lay_out()
        self.search.textChanged.connect(self._on_search_changed)
        self.show_closed.toggled.connect(self._on_show_closed_toggled)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)

    def _make_table(self) -> QTableView:
        table = make_table_view(self.proxy, self.tr("Children"), self)
        size_columns_from_samples(table, self.model.columns)
        table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        return table

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.show_closed)
        top.addWidget(self.count_label)
        self.body.addLayout(top)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.body.addWidget(splitter, 1)

    def first_shown(self) -> None:
        self.reload()

    def is_loaded(self) -> bool:
        detail = self.detail
        return (
            self.activated
            and not self._loading
            and not (detail.loading or detail.invites.loading or detail.quality.loading)
        )

    def reload(self) -> None:
        self._loading = True
        include_closed = self.show_closed.isChecked()
        self.ui.runner.run(
            lambda _progress: self.ui.services.children.list_children(include_closed=include_closed),
            on_success=self._show_rows,
            on_failure=self._load_failed,
        )

    def _load_failed(self, _error: BaseException) -> bool:
        self._loading = False
        return False

    def _show_rows(self, rows: list[ChildRow]) -> None:
        self._loading = False
        self.model.set_rows(rows)
        self._update_count()
        if self._selected_id is not None:
            self.select_child(self._selected_id)

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        noun = "children" if self.show_closed.isChecked() else "open cases"
        text = f"{total:,} {noun}" if shown == total else f"{shown:,} of {total:,} {noun}"
        self.count_label.setText(text)

    def _on_search_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_count()

    def _on_show_closed_toggled(self, _show: bool) -> None:
        if self.activated:
            self.reload()

    def show_child(self, child_id: int) -> None:
        """Show this child's record, and select them in the list once it has loaded."""
        self._selected_id = child_id
        self.detail.show_child(child_id)
        if self.activated and not self._loading:
            self.select_child(child_id)

    def select_child(self, child_id: int) -> bool:
        """Select (and show) the child with this id if it is in the list; False if it is not."""
        for row in range(self.proxy.rowCount()):
            source = self.proxy.mapToSource(self.proxy.index(row, 0))
            if self.model.row_at(source.row()).id == child_id:
                self.table.selectRow(row)
                self.table.scrollTo(self.proxy.index(row, 0))
                return True
        return False

    def _on_selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        child = self.model.row_at(self.proxy.mapToSource(indexes[0]).row())
        self._selected_id = child.id
        self.detail.show_child(child.id)

    def on_changes(self, changes: Changes) -> None:
        if not self.activated:
            return
        if changes.everything or changes.children or changes.meetings:
            self.reload()
        self.detail.on_changes(changes)

    def current_detail(self) -> ChildDetail | None:
        return self.detail.current
