"""The app's tables look and behave alike: compact rows, whole-row selection, no editing in place."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from iro_diary.ui.models.row_table import Column

SIZING_SAMPLE_ROWS = 200
CELL_PADDING = 24


def make_table_view(model: QAbstractItemModel, name: str, parent: QWidget, *, sortable: bool = True) -> QTableView:
    """A read-only table over `model`, one row selected at a time, with `name` for screen readers."""
    view = QTableView(parent)
    view.setModel(model)
    view.setSortingEnabled(sortable)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    # Sizing columns to their contents measures this many rows (Qt's default, 1,000, froze the window for a
    # quarter of a second on the children list); a couple of hundred give the same widths.
    view.verticalHeader().setResizeContentsPrecision(SIZING_SAMPLE_ROWS)
    view.horizontalHeader().setResizeContentsPrecision(SIZING_SAMPLE_ROWS)
    view.setAccessibleName(name)
    return view


def size_columns_from_samples(view: QTableView, columns: Sequence[Column[Any]]) -> None:
    """Set each column's width from its sample text (and its title): instant however many rows there are, where
    sizing to the contents measures rows on the GUI thread."""
    metrics = view.fontMetrics()
    for number, column in enumerate(columns):
        widest = max((column.sample, column.title), key=metrics.horizontalAdvance)
        view.setColumnWidth(number, metrics.horizontalAdvance(widest) + CELL_PADDING)
