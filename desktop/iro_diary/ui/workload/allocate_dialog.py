"""Allocate: choose a child (and their family), see every IRO ranked with the reasons, allocate in one click."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QModelIndex
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from iro_diary.services.children import ChildRow
from iro_diary.services.workload.rows import AllocationChoice, AllocationOutcome, CandidateRow
from iro_diary.ui.context import UiContext
from iro_diary.ui.models.row_table import RowFilterProxy
from iro_diary.ui.panes.children_pane import child_columns
from iro_diary.ui.workload.columns import CANDIDATE_COLUMNS, children_text
from iro_diary.ui.workload.tables import fit_columns, row_table, selected_row


def outcome_text(outcome: AllocationOutcome, names: str, iro: str) -> str:
    """What happened, for the user: who moved, and which meetings need their invites re-sent or rebooking."""
    lines = [f"Allocated {names} to {iro}."]
    if outcome.meetings_to_reinvite:
        refs = ", ".join(f"{m.ref} ({m.start:%a %d %b})" for m in outcome.meetings_to_reinvite)
        lines.append(f"Future meetings now chaired by the new IRO: {refs} — send their updated invites.")
    for meeting in outcome.meetings_kept:
        lines.append(f"{meeting.ref} ({meeting.start:%a %d %b}) keeps its chair: {meeting.note}. Rebook it.")
    return "\n".join(lines)


class AllocateDialog(QDialog):
    """Open with `open()`; `choose_child(id)` and `allocate_to(iro_id)` are what the clicks do."""

    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.choice: AllocationChoice | None = None
        self.loading = False
        self._wanted: int | None = None
        self._all_children: list[ChildRow] = []
        self.setWindowTitle(self.tr("Allocate a child or family"))
        self.resize(1180, 620)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search by case reference, name or family"))
        self.search.setClearButtonEnabled(True)
        self.unallocated_only = QCheckBox(self.tr("Only children without an IRO"))
        self.unallocated_only.setChecked(True)
        self.children_view, self.children_model = row_table(child_columns(ui), self, self.tr("Children"))
        self.whole_family = QCheckBox(self.tr("With their brothers and sisters who have an open case"))
        self.whole_family.setChecked(True)
        self.heading = QLabel(self.tr("Choose a child on the left."))
        self.heading.setWordWrap(True)
        self.candidates_view, self.candidates = row_table(CANDIDATE_COLUMNS, self, self.tr("IROs, best first"))
        self.reasons = QLabel()
        self.reasons.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.allocate_button = QPushButton(self.tr("Allocate"))
        self.allocate_button.setEnabled(False)
        self.allocate_button.setDefault(True)
        self._lay_out()
        self._connect()
        self.load_children()

    def _lay_out(self) -> None:
        left = QWidget(self)
        column = QVBoxLayout(left)
        column.addWidget(self.search)
        column.addWidget(self.unallocated_only)
        column.addWidget(self.children_view, 1)
        right = QWidget(self)
        column = QVBoxLayout(right)
        column.addWidget(self.heading)
        column.addWidget(self.whole_family)
        column.addWidget(self.candidates_view, 1)
        column.addWidget(self.reasons)
        column.addWidget(self.status)
        split = QSplitter(self)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.allocate_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)

    def _connect(self) -> None:
        proxy = self.children_view.model()
        assert isinstance(proxy, RowFilterProxy)
        self.search.textChanged.connect(proxy.set_search)
        self.unallocated_only.toggled.connect(lambda _on: self._show_children(self._all_children))
        self.whole_family.toggled.connect(lambda _on: self._reload_choice())
        self.children_view.selectionModel().selectionChanged.connect(self._on_child_selected)
        self.candidates_view.selectionModel().selectionChanged.connect(self._on_candidate_selected)
        self.candidates_view.doubleClicked.connect(self._on_candidate_double_clicked)
        self.allocate_button.clicked.connect(self._allocate_selected)

    def is_busy(self) -> bool:
        return self.loading

    def load_children(self) -> None:
        self.loading = True
        self.ui.runner.run(
            lambda _p: self.ui.services.children.list_children(),
            on_success=self._show_children,
            on_failure=self._failed,
        )

    def _failed(self, _error: BaseException) -> bool:
        self.loading = False
        return False

    def _show_children(self, rows: list[ChildRow]) -> None:
        self.loading = False
        self._all_children = rows
        shown = [r for r in rows if r.allocated_iro is None] if self.unallocated_only.isChecked() else rows
        self.children_model.set_rows(shown)
        fit_columns(self.children_view, self.children_model)

    def _on_child_selected(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        row = selected_row(self.children_view, self.children_model)
        if isinstance(row, ChildRow):
            self.choose_child(row.id)

    def choose_child(self, child_id: int) -> None:
        """Rank the IROs for this child (and, if ticked, their family)."""
        self._wanted = child_id
        self._reload_choice()

    def _reload_choice(self) -> None:
        child_id = self._wanted
        if child_id is None:
            return
        self.loading = True
        whole = self.whole_family.isChecked()
        self.ui.runner.run(
            lambda _p: self.ui.services.workload.allocation_choice(child_id, whole_family=whole),
            on_success=self._show_choice,
            on_failure=self._failed,
        )

    def _show_choice(self, choice: AllocationChoice) -> None:
        if self._wanted not in {c.id for c in choice.children}:
            return  # the user has moved on to another child
        self.loading = False
        self.choice = choice
        held = sorted({c.iro_name for c in choice.children if c.iro_name})
        now = self.tr("IRO now: {0}").format(", ".join(held)) if held else self.tr("No IRO yet")
        self.heading.setText(f"<b>{children_text(choice.children)}</b><br>{now}")
        self.candidates.set_rows(choice.candidates)
        fit_columns(self.candidates_view, self.candidates)
        if choice.candidates:
            self.candidates_view.selectRow(0)
        else:
            self.allocate_button.setEnabled(False)

    def _on_candidate_selected(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        candidate = self.selected_candidate()
        self.allocate_button.setEnabled(candidate is not None)
        if candidate is not None:
            self.allocate_button.setText(self.tr("Allocate to {0}").format(candidate.name))
            why = "".join(f"<li>{reason}</li>" for reason in candidate.reasons)
            self.reasons.setText(
                self.tr("<b>{0}</b>, ranked {1}:<ul>{2}</ul>").format(candidate.name, candidate.rank, why)
            )
        else:
            self.reasons.clear()

    def selected_candidate(self) -> CandidateRow | None:
        row = selected_row(self.candidates_view, self.candidates)
        return row if isinstance(row, CandidateRow) else None

    def _on_candidate_double_clicked(self, _index: QModelIndex) -> None:
        self._allocate_selected()

    def _allocate_selected(self) -> None:
        candidate = self.selected_candidate()
        if candidate is not None:
            self.allocate_to(candidate.iro_id)

    def allocate_to(self, iro_id: int) -> None:
        """Allocate the children shown to this IRO; the workload view refreshes through the change bus."""
        choice = self.choice
        if choice is None:
            return
        expected = {c.id: c.iro_id for c in choice.children}
        name = next((c.name for c in choice.candidates if c.iro_id == iro_id), "")
        names = children_text(choice.children)
        self.loading = True
        self.ui.runner.run(
            lambda _p: self.ui.services.workload.allocate(list(expected), iro_id, expected),
            on_success=lambda outcome: self._allocated(outcome, names, name),
            on_failure=self._allocation_failed,
        )

    def _allocated(self, outcome: AllocationOutcome, names: str, iro: str) -> None:
        self.loading = False
        self.status.setText(outcome_text(outcome, names, iro))
        self.ui.bus.publish(outcome.changes, self)
        self.load_children()
        self._reload_choice()

    def _allocation_failed(self, _error: BaseException) -> bool:
        self.loading = False
        self._reload_choice()  # show who holds them now
        return False
