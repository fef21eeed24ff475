"""A read-only, sortable table view over frozen rows, as the workload's tables and dialogs use it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView, QWidget

from iro_diary.ui.models.row_table import Column, RowFilterProxy, RowTableModel
from iro_diary.ui.table_view import make_table_view


def row_table(
    columns: list[Column[Any]], owner: QWidget, name: str, *, sortable: bool = True
) -> tuple[QTableView, RowTableModel[Any]]:
    """A table view (one row selected at a time) over a RowTableModel; both owned by `owner`'s widget tree."""
    model: RowTableModel[Any] = RowTableModel(columns, owner)
    proxy = RowFilterProxy(owner)
    proxy.setSourceModel(model)
    view = make_table_view(proxy, name, owner, sortable=False)
    # No sort column until the user clicks a header: the rows keep the order the service gave (ranked, grouped).
    # (Turning sorting on sorts by the indicator at once, so the indicator goes first.)
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.setSortingEnabled(sortable)
    return view, model


# Rows measured when fitting columns to their contents: enough to be right, few enough to be quick at 10,000 rows.
SIZING_ROWS = 60
HEADER_PADDING = 22  # room for the sort arrow
CELL_PADDING = 12


def fit_columns(view: QTableView, model: RowTableModel[Any], sample: int = SIZING_ROWS) -> None:
    """Size each column to its header and the texts of the first `sample` rows.

    What resizeColumnsToContents does, measured directly with font metrics: asking a Python model for every
    role of every cell cost a tenth of a second for 180 IROs.
    """
    cells = view.fontMetrics()
    header = view.horizontalHeader()
    titles = header.fontMetrics()
    rows = min(model.rowCount(), sample)
    for column in range(model.columnCount()):
        title = str(model.headerData(column, Qt.Orientation.Horizontal))
        widest = max((cells.horizontalAdvance(model.text(row, column)) for row in range(rows)), default=0)
        view.setColumnWidth(column, max(titles.horizontalAdvance(title) + HEADER_PADDING, widest + CELL_PADDING))


def selected_row(view: QTableView, model: RowTableModel[Any]) -> Any | None:
    """The frozen row selected in `view` (through its proxy), or None."""
    rows = view.selectionModel().selectedRows()
    if not rows:
        return None
    proxy = view.model()
    assert isinstance(proxy, RowFilterProxy)
    return model.row_at(proxy.mapToSource(rows[0]).row())
