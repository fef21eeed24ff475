"""The children or meetings behind one figure of a report, in a window of their own.

Opened from the Reports pane (double-click a figure or a table row, or click a bar). For a percentage every
member of the denominator is listed and "Counted" says which make the numerator. Double-click a child (or a
meeting's first child) to open their record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from iro_diary.domain.codes import ETHNICITY_LABELS
from iro_diary.domain.reports.model import Member, Report, Subject
from iro_diary.ui.models.row_table import Column, RowFilterProxy, RowTableModel, date_text
from iro_diary.ui.table_view import make_table_view


@dataclass(frozen=True, slots=True)
class DrillRow:
    """One child or meeting behind a figure, ready to show."""

    id: int
    counted: bool
    detail: str
    reference: str  # case reference or meeting reference
    what: str  # the child's name or the meeting's kind
    day: dt.date | None  # date of birth or the meeting's date
    sex: str
    group: str  # the child's ethnicity or the meeting's chair
    child_id: int | None


def drill_rows(report: Report, subject: Subject, members: Sequence[Member]) -> list[DrillRow]:
    rows = []
    for member in members:
        if subject is Subject.CHILDREN:
            child = report.children.get(member.id)
            rows.append(
                DrillRow(
                    member.id,
                    member.counted,
                    member.detail,
                    child.case_ref if child else f"#{member.id}",
                    child.name if child else "",
                    child.date_of_birth if child else None,
                    child.sex if child else "",
                    ETHNICITY_LABELS.get(child.ethnicity, child.ethnicity) if child else "",
                    member.id,
                )
            )
        else:
            meeting = report.meetings.get(member.id)
            iro = report.iros.get(meeting.chair_id) if meeting and meeting.chair_id is not None else None
            rows.append(
                DrillRow(
                    member.id,
                    member.counted,
                    member.detail,
                    meeting.ref if meeting else f"#{member.id}",
                    meeting.kind.label if meeting else "",
                    meeting.day if meeting else None,
                    "",
                    iro.name if iro else "",
                    meeting.child_ids[0] if meeting and meeting.child_ids else None,
                )
            )
    return rows


def _columns(subject: Subject, share: bool) -> list[Column[DrillRow]]:
    counted: list[Column[DrillRow]] = [Column("Counted", lambda r: "Yes" if r.counted else "No")] if share else []
    if subject is Subject.CHILDREN:
        return [
            Column("Case ref", lambda r: r.reference),
            Column("Name", lambda r: r.what),
            Column("Born", lambda r: date_text(r.day), sort_key=lambda r: r.day),
            Column("Sex", lambda r: r.sex),
            Column("Ethnicity", lambda r: r.group),
            *counted,
            Column("Detail", lambda r: r.detail),
        ]
    return [
        Column("Meeting", lambda r: r.reference),
        Column("Kind", lambda r: r.what),
        Column("Date", lambda r: date_text(r.day), sort_key=lambda r: r.day),
        Column("Chair", lambda r: r.group),
        *counted,
        Column("Detail", lambda r: r.detail),
    ]


class DrillDownDialog(QDialog):
    """Signals:
    open_child(int): the user asked to see a child's record.
    """

    open_child = Signal(int)

    def __init__(
        self,
        title: str,
        summary: str,
        subject: Subject,
        rows: list[DrillRow],
        *,
        share: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(900, 520)
        self.model: RowTableModel[DrillRow] = RowTableModel(_columns(subject, share), self)
        self.model.set_rows(rows)
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_search)
        self.table = make_table_view(self.proxy, title, self)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.resizeColumnsToContents()
        self.table.doubleClicked.connect(self._on_double_clicked)
        label = QLabel(summary, self)
        label.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def _on_double_clicked(self, index: QModelIndex) -> None:
        row = self.model.row_at(self.proxy.mapToSource(index).row())
        if row.child_id is not None:
            self.open_child.emit(row.child_id)
