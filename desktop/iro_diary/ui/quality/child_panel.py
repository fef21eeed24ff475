"""A child's quality-assurance record (Children & families → Quality): their causes for concern and good practice,
with buttons to raise a concern or record good practice about the child — and the bar over their meetings that
does the same, and the live audit, for a held meeting."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from iro_diary.services.changes import Changes
from iro_diary.services.quality.rows import ConcernRow, GoodPracticeRow
from iro_diary.ui.context import UiContext
from iro_diary.ui.models.row_table import RowFilterProxy, RowTableModel
from iro_diary.ui.quality.actions import QualityActions
from iro_diary.ui.quality.columns import CONCERN_COLUMNS, GOOD_PRACTICE_COLUMNS
from iro_diary.ui.table_view import make_table_view

CHILD_CONCERN_COLUMNS = [c for c in CONCERN_COLUMNS if c.title not in ("Child", "Working days left")]
CHILD_GOOD_PRACTICE_COLUMNS = [c for c in GOOD_PRACTICE_COLUMNS if c.title != "Child"]


class ChildQualityPanel(QWidget):
    def __init__(self, ui: UiContext, actions: QualityActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui, self.quality = ui, actions
        self.child_id: int | None = None
        self.loading = False
        self.concerns: RowTableModel[ConcernRow] = RowTableModel(CHILD_CONCERN_COLUMNS, self)
        self.good_practice: RowTableModel[GoodPracticeRow] = RowTableModel(CHILD_GOOD_PRACTICE_COLUMNS, self)
        concern_proxy, practice_proxy = RowFilterProxy(self), RowFilterProxy(self)
        concern_proxy.setSourceModel(self.concerns)
        practice_proxy.setSourceModel(self.good_practice)
        self.concerns_table = make_table_view(concern_proxy, self.tr("The child's causes for concern"), self)
        self.practice_table = make_table_view(practice_proxy, self.tr("Good practice in the child's case"), self)
        self.raise_button = QPushButton(self.tr("Raise a concern…"), self)
        self.record_button = QPushButton(self.tr("Record good practice…"), self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Causes for concern"), self), 1)
        bar.addWidget(self.raise_button)
        bar.addWidget(self.record_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.concerns_table, 1)
        layout.addWidget(QLabel(self.tr("Good practice"), self))
        layout.addWidget(self.practice_table, 1)
        self.raise_button.clicked.connect(lambda: self._about_child(self.quality.raise_concern))
        self.record_button.clicked.connect(lambda: self._about_child(self.quality.record_good_practice))

    def _about_child(self, action: object) -> None:
        if self.child_id is not None:
            action(child_id=self.child_id)  # type: ignore[operator]

    def show_child(self, child_id: int) -> None:
        self.child_id = child_id
        self.loading = True
        concerns, found = self.ui.services.concerns, self.ui.services.good_practice
        self.ui.runner.run(
            lambda _p: (
                child_id,
                concerns.list_concerns(include_closed=True, child_id=child_id),
                found.list_good_practice(child_id=child_id),
            ),
            on_success=self._show,
            on_failure=self._failed,
        )

    def _failed(self, _error: BaseException) -> bool:
        self.loading = False
        return False

    def _show(self, result: tuple[int, list[ConcernRow], list[GoodPracticeRow]]) -> None:
        child_id, concerns, good_practice = result
        if child_id != self.child_id:
            return
        self.loading = False
        self.concerns.set_rows(concerns)
        self.good_practice.set_rows(good_practice)
        for table in (self.concerns_table, self.practice_table):
            table.resizeColumnsToContents()

    def on_changes(self, changes: Changes) -> None:
        if self.child_id is not None and (changes.everything or changes.concerns or changes.good_practice):
            self.show_child(self.child_id)


class MeetingQualityBar(QWidget):
    """Over the child's meetings: the live audit, a concern or good practice for the selected held meeting."""

    def __init__(self, actions: QualityActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.quality = actions
        self.meeting_id: int | None = None
        self.buttons = {
            "audit": QPushButton(self.tr("Live audit…"), self),
            "concern": QPushButton(self.tr("Raise a concern…"), self),
            "good-practice": QPushButton(self.tr("Good practice…"), self),
        }
        # The label wraps rather than widening the Children pane (and so the window) past a small screen.
        label = QLabel(self.tr("For the selected held meeting:"), self)
        label.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label, 1)
        for what, button in self.buttons.items():
            button.clicked.connect(lambda _checked=False, what=what: self._chosen(what))
            layout.addWidget(button)
        self.show_meeting(None, held=False)

    def show_meeting(self, meeting_id: int | None, *, held: bool) -> None:
        self.meeting_id = meeting_id if held else None
        for button in self.buttons.values():
            button.setEnabled(self.meeting_id is not None)

    def _chosen(self, what: str) -> None:
        if self.meeting_id is not None:
            self.quality.for_meeting(what, self.meeting_id)
