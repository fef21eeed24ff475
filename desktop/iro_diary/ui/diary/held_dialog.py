"""Marking a meeting held: each child's participation (looked-after reviews) or the conference's decision and
category, a note of the outcome, and (reviews and conferences) the chair's live-audit checklist, saved with it.

PN0 is offered only for a child under 4 on the day of the review, and then it is the only code (SSDA903).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from iro_diary.domain.codes import PARTICIPATION_LABELS, MeetingKind, PlanCategory
from iro_diary.domain.errors import AppError
from iro_diary.domain.outcomes import UNDER_FOUR_CODE, ChildOutcome, age_on, decisions_for
from iro_diary.services.diary_rows import HeldChild, MeetingDetail
from iro_diary.services.quality.rows import Checklist
from iro_diary.ui.context import UiContext
from iro_diary.ui.dialog_guard import StaysWhileSaving
from iro_diary.ui.diary.booking_form import ERROR_STYLE
from iro_diary.ui.diary.look import KIND_SHORT
from iro_diary.ui.quality.checklist import ChecklistWidget

NO_CATEGORY = "—"


class HeldDialog(StaysWhileSaving, QDialog):
    """Signals:
    held(object, object): the meeting now held (MeetingRow) and the meetings its chains now require
    (list of NextBooking).
    """

    held = Signal(object, object)

    def __init__(
        self, ui: UiContext, detail: MeetingDetail, parent: QWidget | None = None, checklist: Checklist | None = None
    ) -> None:
        super().__init__(parent)
        self.ui = ui
        self.detail = detail
        row = detail.row
        self.setWindowTitle(self.tr("Mark {0} held").format(row.ref))
        self.rows: dict[int, tuple[QComboBox | None, QComboBox | None, QComboBox | None]] = {}
        grid = QGridLayout()
        for line, child in enumerate(detail.children):
            self._add_child(grid, line, child)
        self.outcome = QPlainTextEdit(self)
        self.outcome.setAccessibleName(self.tr("Outcome"))
        self.outcome.setPlaceholderText(self.tr("A short note of the outcome (optional)"))
        self.outcome.setMaximumHeight(70)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.confirm_button = self.buttons.addButton(self.tr("Mark held"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{row.ref}: {KIND_SHORT[row.kind]}, {row.start:%a %d %b %Y %H:%M}", self))
        layout.addLayout(grid)
        layout.addWidget(self.outcome)
        self.checklist = self._checklist(checklist, layout)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.confirm_button.clicked.connect(self.confirm)
        self.buttons.rejected.connect(self.reject)
        self._update_button()

    def _checklist(self, checklist: Checklist | None, layout: QVBoxLayout) -> ChecklistWidget | None:
        """The live audit, for a review or a conference: optional here, and answerable later from the child."""
        if checklist is None or not checklist.applies:
            return None
        box = QGroupBox(self.tr("Live audit (answer now, or later from the child's record)"), self)
        widget = ChecklistWidget(checklist, box)
        inner = QVBoxLayout(box)
        inner.addWidget(widget)
        layout.addWidget(box)
        return widget

    def _add_child(self, grid: QGridLayout, line: int, child: HeldChild) -> None:
        kind, day = self.detail.row.kind, self.detail.row.day
        grid.addWidget(QLabel(f"{child.case_ref} {child.name}", self), line, 0)
        participation = decision = category = None
        if kind is MeetingKind.CLA_REVIEW:
            under_four = child.date_of_birth is not None and age_on(child.date_of_birth, day) < 4
            codes = [UNDER_FOUR_CODE] if under_four else [c for c in PARTICIPATION_LABELS if c != UNDER_FOUR_CODE]
            participation = self._combo([f"{c} {PARTICIPATION_LABELS[c]}" for c in codes], codes, "Participation")
            participation.setPlaceholderText(self.tr("How did the child take part?"))
            self._choose(participation, child.participation or (codes[0] if under_four else None))
            grid.addWidget(participation, line, 1)
        decisions = decisions_for(kind)
        if decisions:
            decision = self._combo(list(decisions.values()), list(decisions), "Decision")
            decision.setPlaceholderText(self.tr("Decision"))
            self._choose(decision, child.decision)
            categories = [NO_CATEGORY, *(c.value for c in PlanCategory)]
            labels = [NO_CATEGORY, *(f"{c.value} {c.label}" for c in PlanCategory)]
            category = self._combo(labels, categories, "Category of plan")
            self._choose(category, child.category or NO_CATEGORY)
            grid.addWidget(decision, line, 1)
            grid.addWidget(category, line, 2)
        self.rows[child.child_id] = (participation, decision, category)

    def _combo(self, labels: list[str], codes: list[str], name: str) -> QComboBox:
        combo = QComboBox(self)
        for label, code in zip(labels, codes, strict=True):
            combo.addItem(label, code)
        combo.setAccessibleName(self.tr(name))
        return combo

    def _choose(self, combo: QComboBox, code: str | None) -> None:
        combo.setCurrentIndex(combo.findData(code) if code else -1)
        combo.currentIndexChanged.connect(lambda _index: self._update_button())

    def _update_button(self) -> None:
        """Mark held needs every child's participation (or decision) chosen."""
        chosen = all(
            combo.currentIndex() >= 0
            for participation, decision, _category in self.rows.values()
            for combo in (participation, decision)
            if combo is not None
        )
        self.confirm_button.setEnabled(chosen)

    def outcomes(self) -> list[ChildOutcome]:
        found = []
        for child_id, (participation, decision, category) in self.rows.items():
            chosen_category = category.currentData() if category is not None else None
            found.append(
                ChildOutcome(
                    child_id,
                    participation=participation.currentData() if participation is not None else None,
                    decision=decision.currentData() if decision is not None else None,
                    category=None if chosen_category in (None, NO_CATEGORY) else chosen_category,
                )
            )
        return found

    def confirm(self) -> None:
        outcomes, note, row, services = self.outcomes(), self.outcome.toPlainText(), self.detail.row, self.ui.services
        answers = self.checklist.answers() if self.checklist is not None else []
        self.confirm_button.setEnabled(False)
        self.saving = True
        self.ui.runner.run(
            lambda _p: services.held.mark_held(row.id, row.version, outcomes, note, answers),
            on_success=self._done,
            on_failure=self._failed,
        )

    def _done(self, result: tuple[object, object, object]) -> None:
        self.saving = False
        row, following, changes = result
        self.ui.bus.publish(changes, self)  # type: ignore[arg-type]
        self.held.emit(row, following)
        self.accept()

    def _failed(self, error: BaseException) -> bool:
        self.saving = False
        self._update_button()
        if not isinstance(error, AppError):
            return False
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setText(error.message)
        return True
