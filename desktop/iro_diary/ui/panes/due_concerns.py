"""Due & overdue's reminders of causes for concern: open concerns whose response is overdue (escalate) or due
within two working days, and those with a response the IRO has to act on. A section of its own under the
statutory list, so the statutory RAG counts stay what they are; double-click opens the concern."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from iro_diary.services.quality.rows import ConcernRow
from iro_diary.ui.context import UiContext
from iro_diary.ui.models.row_table import RowFilterProxy, RowTableModel
from iro_diary.ui.quality.columns import CONCERN_COLUMNS
from iro_diary.ui.table_view import make_table_view, size_columns_from_samples

SHOWN = ("RAG", "Ref", "Child", "Stage", "With", "Response due", "Working days left", "IRO")
COLUMNS = [c for c in CONCERN_COLUMNS if c.title in SHOWN]


class DueConcernsSection(QWidget):
    """Signals:
    open_concern(int): the user asked to see a concern (in Quality assurance).
    """

    open_concern = Signal(int)

    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.loading = False
        self._filter: tuple[str | None, str | None] = (None, None)
        self.heading = QLabel(self)
        self.heading.setObjectName("sectionTitle")
        self.heading.setWordWrap(True)  # a long heading wraps instead of widening the window
        self.model: RowTableModel[ConcernRow] = RowTableModel(COLUMNS, self)
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = make_table_view(self.proxy, self.tr("Causes for concern needing action"), self)
        size_columns_from_samples(self.table, COLUMNS)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # worst first, as the service orders them
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        self.table.doubleClicked.connect(self._on_double_clicked)
        self._show_heading()

    def reload(self, *, background: bool = False) -> None:
        self.loading = True
        concerns = self.ui.services.concerns
        self.ui.runner.run(
            lambda _p: concerns.reminders(), on_success=self.show_rows, on_failure=self._failed, background=background
        )

    def _failed(self, _error: BaseException) -> bool:
        self.loading = False
        return False

    def show_rows(self, rows: list[ConcernRow]) -> None:
        """Show these concerns (loaded here, or with the due list)."""
        self.loading = False
        self.model.set_rows(rows)
        self.set_filter(*self._filter)

    def set_filter(self, team: str | None, iro_name: str | None) -> None:
        """Show only the concerns of one IRO team and/or one IRO (the Due & overdue pane's filters)."""
        self._filter = (team, iro_name)
        if team is None and iro_name is None:
            self.proxy.set_row_filter(None)
        else:
            self.proxy.set_row_filter(
                lambda r: (team is None or r.team == team) and (iro_name is None or r.iro_name == iro_name)
            )
        self._show_heading()

    def rows_shown(self) -> list[ConcernRow]:
        return [
            self.model.row_at(self.proxy.mapToSource(self.proxy.index(i, 0)).row())
            for i in range(self.proxy.rowCount())
        ]

    def _show_heading(self) -> None:
        shown = self.proxy.rowCount()
        self.heading.setText(
            self.tr("Causes for concern needing action: {0} (a response overdue or due soon, or received)").format(
                shown
            )
        )

    def _on_double_clicked(self, index: QModelIndex) -> None:
        self.open_concern.emit(self.model.row_at(self.proxy.mapToSource(index).row()).id)
