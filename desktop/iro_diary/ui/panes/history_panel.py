"""A record's history (issue #10): who did what to a meeting or a child, when, with the values before and after,
newest first; and an export of it as CSV. Read only: the app has no way to change the audit trail."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from iro_diary.services.changes import Changes
from iro_diary.services.history import HistoryRow, write_csv
from iro_diary.ui.context import UiContext
from iro_diary.ui.models.row_table import Column, RowFilterProxy, RowTableModel
from iro_diary.ui.table_view import make_table_view

HISTORY_COLUMNS: list[Column[HistoryRow]] = [
    Column("When", lambda h: h.at.strftime("%a %d %b %Y %H:%M"), sort_key=lambda h: h.at),
    Column("Who", lambda h: h.actor),
    Column("What", lambda h: h.summary or h.action, tooltip=lambda h: f"{h.action} · {h.entity} {h.entity_id}"),
    Column("Before → after", lambda h: h.changes_text, tooltip=lambda h: h.changes_text.replace("; ", "\n")),
]


class HistoryPanel(QWidget):
    """`show_meeting(id, ref)` or `show_child(id, name)` loads a record's history off the GUI thread."""

    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.loading = False
        self.meeting_id: int | None = None
        self.child_id: int | None = None
        self.subject = ""
        self.summary = QLabel(self.tr("Choose a meeting or a child to see its history."))
        self.summary.setWordWrap(True)
        self.model: RowTableModel[HistoryRow] = RowTableModel(HISTORY_COLUMNS, self)
        proxy = RowFilterProxy(self)
        proxy.setSourceModel(self.model)
        self.table = make_table_view(proxy, self.tr("History"), self)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.export_button = QPushButton(self.tr("Export history…"), self)
        self.export_button.setToolTip(self.tr("Save this history as a CSV file"))
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.export)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    def show_meeting(self, meeting_id: int, ref: str) -> None:
        self.meeting_id, self.child_id, self.subject = meeting_id, None, ref
        history = self.ui.services.history
        self._load(lambda: history.meeting(meeting_id))

    def show_child(self, child_id: int, name: str) -> None:
        self.meeting_id, self.child_id, self.subject = None, child_id, name
        history = self.ui.services.history
        self._load(lambda: history.child(child_id))

    def reload(self) -> None:
        if self.meeting_id is not None:
            self.show_meeting(self.meeting_id, self.subject)
        elif self.child_id is not None:
            self.show_child(self.child_id, self.subject)

    def _load(self, read: Callable[[], list[HistoryRow]]) -> None:
        self.loading = True
        wanted = (self.meeting_id, self.child_id)
        self.ui.runner.run(
            lambda _p: read(),
            on_success=lambda rows: self._show(wanted, rows),
            on_failure=self._failed,
        )

    def _failed(self, _error: BaseException) -> bool:
        self.loading = False
        return False

    def _show(self, wanted: tuple[int | None, int | None], rows: list[HistoryRow]) -> None:
        if wanted != (self.meeting_id, self.child_id):
            return  # the user has moved on
        self.loading = False
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self.export_button.setEnabled(bool(rows))
        count = self.tr("1 change") if len(rows) == 1 else self.tr("{0} changes").format(len(rows))
        self.summary.setText(self.tr("History of {0}: {1}").format(self.subject, count))

    def export(self) -> None:
        name = "".join(c if c.isalnum() else "-" for c in self.subject).strip("-").lower() or "record"
        path = self.ui.prompter.save_file(
            self.tr("Export history"), f"history-{name}.csv", self.tr("CSV files (*.csv)")
        )
        if path is None:
            return
        rows = self.model.rows
        self.ui.runner.run(lambda _p: write_csv(path, rows), on_success=lambda _count: self._exported(path))

    def _exported(self, path: Path) -> None:
        self.summary.setText(self.tr("History of {0} saved to {1}").format(self.subject, path))

    def on_changes(self, changes: Changes) -> None:
        if (
            changes.everything
            or (self.meeting_id is not None and self.meeting_id in changes.meetings)
            or (self.child_id is not None and self.child_id in changes.children)
        ):
            self.reload()
