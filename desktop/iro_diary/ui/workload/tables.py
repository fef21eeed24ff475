"""A read-only, sortable table view over frozen rows, as the workload's tables and dialogs use it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from iro_diary.ui.models.row_table import Column, RowFilterProxy, RowTableModel


def row_table(
    columns: list[Column[Any]], owner: QWidget, name: str, *, sortable: bool = True
) -> tuple[QTableView, RowTableModel[Any]]:
    """A table view (one row selected at a time) over a RowTableModel; both owned by `owner`'s widget tree."""
    model: RowTableModel[Any] = RowTableModel(columns, owner)
    proxy = RowFilterProxy(owner)
    proxy.setSourceModel(model)
    view = QTableView(owner)
    view.setModel(proxy)
    # No sort column until the user clicks a header: the rows keep the order the service gave (ranked, grouped).
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.setSortingEnabled(sortable)
    configure(view, name)
    return view, model


def configure(view: QTableView, name: str) -> None:
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.setAccessibleName(name)


def selected_row(view: QTableView, model: RowTableModel[Any]) -> Any | None:
    """The frozen row selected in `view` (through its proxy), or None."""
    rows = view.selectionModel().selectedRows()
    if not rows:
        return None
    proxy = view.model()
    assert isinstance(proxy, RowFilterProxy)
    return model.row_at(proxy.mapToSource(rows[0]).row())
