"""Due & overdue: every statutory requirement the rules derive, worst and soonest first.

What a diary manager opens first each morning: who is overdue, who falls due within a week and is not booked,
which bookings are after the due date. Filter by team, IRO, kind and RAG; double-click opens the child.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QWidget,
)

from iro_diary.domain.codes import MeetingKind, Team
from iro_diary.domain.due_list import Rag
from iro_diary.services.changes import Changes
from iro_diary.services.quality.rows import ConcernRow
from iro_diary.services.timescales import DueRow, DueUpdate
from iro_diary.ui.context import UiContext
from iro_diary.ui.models.row_table import Column, RowFilterProxy, RowTableModel, date_text
from iro_diary.ui.name_filter import refill_names
from iro_diary.ui.panes.base import Pane
from iro_diary.ui.panes.due_concerns import DueConcernsSection
from iro_diary.ui.planner.dialog import PlannerDialog
from iro_diary.ui.table_view import make_table_view, size_columns_from_samples

RAG_COLOURS = {
    Rag.OVERDUE: "#f4c7c3",
    Rag.DUE_SOON: "#fce8b2",
    Rag.BOOKED_LATE: "#f9d7b5",
    Rag.NOT_BOOKED: None,
    Rag.BOOKED: "#c8e6c9",
}


def _who(row: DueRow) -> str:
    refs = " ".join(row.case_refs) or (row.household_ref or "")
    return f"{row.names} ({refs})" if row.names else refs


def _booked(row: DueRow) -> str:
    return f"{row.booked_ref} {date_text(row.booked_day, '%a %d %b')}" if row.booked_ref else ""


DUE_COLUMNS: list[Column[DueRow]] = [
    Column(
        "RAG",
        lambda r: r.rag.label,
        sort_key=lambda r: r.rag.severity,
        colour=lambda r: RAG_COLOURS[r.rag],
        sample="Booked after due date",
    ),
    Column(
        "Child(ren) / household",
        _who,
        tooltip=lambda r: f"{_who(r)}\nFamily {r.family_ref}" if r.family_ref else _who(r),
        sample="Muhammad Alexander (C100000)",
    ),
    Column(
        "Requirement",
        lambda r: r.rule_label,
        tooltip=lambda r: "\n".join(filter(None, [r.source, r.note])),
        sample="First review child protection conference",
    ),
    Column("Due", lambda r: date_text(r.due, "%a %d %b %Y"), sort_key=lambda r: r.due, sample="Wed 30 Dec 2026"),
    Column(
        "Latest working day",
        lambda r: date_text(r.latest_working_day, "%a %d %b %Y"),
        sort_key=lambda r: r.latest_working_day,
        sample="Wed 30 Dec 2026",
    ),
    Column(
        "Working days left",
        lambda r: str(r.working_days_left),
        sort_key=lambda r: r.working_days_left,
        align_right=True,
    ),
    Column("Booked", _booked, sort_key=lambda r: r.booked_day, sample="M-000000 Wed 30 Dec"),
    Column("IRO", lambda r: r.iro_name or "—", sample="Stephen Fletcher-Campbell"),
    Column("Counted from", lambda r: f"{r.anchor_label}, {date_text(r.anchor)}", sort_key=lambda r: r.anchor),
]

ALL = "All"
LATEST_COLUMN = 4


class DuePane(Pane):
    """Signals:
    open_child(int): the user asked to see a child's record.
    book_requirement(str): the user asked to book a requirement (by id).
    """

    title = "Due & overdue"
    icon_name = "due"
    open_child = Signal(int)
    book_requirement = Signal(str)

    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ui, parent)
        self._loading = False
        self._started = self._full_load = self._shown = 0  # numbers loads, so a late result never hides a newer one
        self.counts = QLabel()
        self.counts.setTextFormat(Qt.TextFormat.RichText)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search by case reference or name"))
        self.search.setClearButtonEnabled(True)
        self.team = self._combo([ALL, *(t.label for t in Team)], "Team")
        self.iro = self._combo([ALL], "IRO")
        self.kind = self._combo(
            [ALL, *(k.label for k in MeetingKind if k is not MeetingKind.STRATEGY_DISCUSSION)], "Meeting"
        )
        self.rag = self._combo([ALL, *(r.label for r in Rag)], "RAG")
        self.book_button = QPushButton(self.tr("Book…"))
        self.book_button.setEnabled(False)
        self.book_button.setToolTip(self.tr("Book the selected requirement in the diary, its window shaded"))
        self.plan_button = QPushButton(self.tr("Plan…"))
        self.plan_button.setToolTip(
            self.tr("Propose provisional bookings for every unbooked requirement due in a window, then book them")
        )
        self.planner: PlannerDialog | None = None
        self.model: RowTableModel[DueRow] = RowTableModel(DUE_COLUMNS, self)
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = self._make_table()
        self.concerns = DueConcernsSection(ui, self)
        self._lay_out()
        self.search.textChanged.connect(self._on_search_changed)
        for combo in (self.team, self.iro, self.kind, self.rag):
            combo.currentIndexChanged.connect(self._apply_filters)
        self.table.doubleClicked.connect(self._on_double_clicked)
        self.table.selectionModel().selectionChanged.connect(lambda *_args: self._on_selection_changed())
        self.book_button.clicked.connect(self._on_book)
        self.plan_button.clicked.connect(self.open_planner)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)

    def _combo(self, items: list[str], name: str) -> QComboBox:
        combo = QComboBox(self)
        combo.addItems(items)
        # Long IRO names must not push the window wider than a small office screen.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)
        combo.setAccessibleName(self.tr(name))
        combo.setToolTip(self.tr(name))
        return combo

    def _make_table(self) -> QTableView:
        table = make_table_view(self.proxy, self.tr("Due and overdue requirements"), self)
        size_columns_from_samples(table, DUE_COLUMNS)
        # Soonest latest-working-day first (Qt's default would be descending): overdue at the top.
        table.sortByColumn(LATEST_COLUMN, Qt.SortOrder.AscendingOrder)
        return table

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.counts, 1)
        top.addWidget(self.plan_button)
        self.body.addLayout(top)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        for label, combo in (("Team", self.team), ("IRO", self.iro), ("Meeting", self.kind), ("RAG", self.rag)):
            filters.addWidget(QLabel(self.tr(label)))
            filters.addWidget(combo, 1)
        filters.addWidget(self.book_button)
        self.body.addLayout(filters)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.concerns)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        self.body.addWidget(split, 1)

    # -- loading ----------------------------------------------------------------------------------------------

    def first_shown(self) -> None:
        self.reload()

    def is_loaded(self) -> bool:
        return self.activated and not self._loading and not self.concerns.loading

    def reload(self) -> None:
        """Work out every requirement again (on first showing, and after a change anyone's dates may follow)."""
        self._loading = True
        self._started += 1
        self._full_load = started = self._started
        self.counts.setText(self.tr("Working out every due date…"))
        services = self.ui.services
        self.ui.runner.run(
            # The concerns needing action come with the due dates: one piece of work, one wait.
            lambda _progress: (services.timescales.due_list(), services.concerns.reminders()),
            on_success=lambda found: self._show_rows(started, *found),
            on_failure=self._load_failed,
            # Worked out ahead while the user is elsewhere (from start-up, after changes): that must not hold
            # up the pane they are looking at.
            background=not self.isVisible(),
        )

    def _refresh_children(self, child_ids: frozenset[int]) -> None:
        """Swap in the requirements of the children a change touched; the other rows, the selection and the
        scroll position stay. On the user's lane, so refreshes land in the order the changes were made."""
        self._started += 1
        started = self._started
        self.ui.runner.run(
            lambda _progress: self.ui.services.timescales.due_for_children(child_ids),
            on_success=lambda update: self._show_update(started, update),
            on_failure=self._load_failed,
        )

    def _load_failed(self, _error: BaseException) -> bool:
        self._loading = False
        self.counts.setText(self.tr("The due list could not be loaded."))
        return False

    def _show_rows(self, started: int, rows: list[DueRow], concerns: list[ConcernRow]) -> None:
        if started == self._full_load:
            self._loading = False
        if started < self._shown:
            return  # a later load has been shown already
        self._shown = started
        self.concerns.show_rows(concerns)
        self.model.set_rows(rows)
        self._after_rows_changed()

    def _show_update(self, started: int, update: DueUpdate) -> None:
        if started < self._shown:
            return
        self._shown = started
        covered = update.covered
        self.model.replace_some(
            lambda row: row.household_ref is None and not covered.isdisjoint(row.child_ids),
            update.rows,
            order=lambda row: (row.latest_working_day, row.rag.severity, row.requirement_id),
        )
        self._after_rows_changed()

    def _after_rows_changed(self) -> None:
        refill_names(self.iro, ALL, (r.iro_name for r in self.model.rows))
        self._apply_filters()

    def on_changes(self, changes: Changes) -> None:
        if not self.activated:
            return
        if changes.concerns and not changes.everything:
            self.concerns.reload(background=not self.isVisible())
        if not changes.touches_due_dates():
            return
        children = changes.due_dates_of_children()
        if children is None or self._loading:
            self.reload()
        elif children:
            self._refresh_children(children)

    # -- filtering --------------------------------------------------------------------------------------------

    def _on_search_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self._show_counts()

    def _apply_filters(self) -> None:
        tests: list[Callable[[DueRow], bool]] = []
        team = self.team.currentText()
        code = next((t.value for t in Team if t.label == team), None)
        name = self.iro.currentText() if self.iro.currentText() != ALL else None
        self.concerns.set_filter(code, name)
        if code is not None:
            tests.append(lambda r: r.team == code)
        if name is not None:
            tests.append(lambda r: r.iro_name == name)
        if self.kind.currentText() != ALL:
            kind = next(k for k in MeetingKind if k.label == self.kind.currentText())
            tests.append(lambda r: r.meeting_kind is kind)
        if self.rag.currentText() != ALL:
            rag = next(r for r in Rag if r.label == self.rag.currentText())
            tests.append(lambda r: r.rag is rag)
        self.proxy.set_row_filter((lambda row: all(test(row) for test in tests)) if tests else None)
        self._show_counts()

    def _show_counts(self) -> None:
        shown = [
            self.model.row_at(self.proxy.mapToSource(self.proxy.index(i, 0)).row())
            for i in range(self.proxy.rowCount())
        ]
        counts = Counter(r.rag for r in shown)
        chips = " ".join(
            f'<span style="background:{RAG_COLOURS[rag] or "#eeeeee"}; padding:2px 6px;">&nbsp;{rag.label}: '
            f"<b>{counts.get(rag, 0):,}</b>&nbsp;</span>"
            for rag in Rag
        )
        total = self.model.rowCount()
        of = f" of {total:,}" if len(shown) != total else ""
        self.counts.setText(f"{len(shown):,}{of} requirements &nbsp; {chips}")

    def rag_counts(self) -> Counter[Rag]:
        """How many shown requirements have each RAG status (what the header says)."""
        return Counter(
            self.model.row_at(self.proxy.mapToSource(self.proxy.index(i, 0)).row()).rag
            for i in range(self.proxy.rowCount())
        )

    # -- actions ----------------------------------------------------------------------------------------------

    def selected_row(self) -> DueRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(self.proxy.mapToSource(rows[0]).row()) if rows else None

    def row_for(self, requirement_id: str) -> DueRow | None:
        """The loaded row of a requirement (None if it is not in the list)."""
        return next((r for r in self.model.rows if r.requirement_id == requirement_id), None)

    def _on_selection_changed(self) -> None:
        row = self.selected_row()
        self.book_button.setEnabled(row is not None)

    def _on_book(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.book_requirement.emit(row.requirement_id)

    def open_planner(self) -> PlannerDialog:
        """The planner (one, kept with its last plan while the window is open: closing it stops a plan)."""
        if self.planner is None:
            self.planner = PlannerDialog(self.ui, self.window())
        self.planner.open()
        return self.planner

    def _on_double_clicked(self, index: QModelIndex) -> None:
        row = self.model.row_at(self.proxy.mapToSource(index).row())
        if row.child_ids:
            self.open_child.emit(row.child_ids[0])
