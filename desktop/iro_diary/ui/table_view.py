"""The app's tables look and behave alike: compact rows, whole-row selection, no editing in place."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget


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
    view.setAccessibleName(name)
    return view
