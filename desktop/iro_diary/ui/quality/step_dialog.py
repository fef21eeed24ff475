"""A concern's next step: the response received, an escalation to the next stage (saying why), or closing it
with its outcome."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from iro_diary.domain.quality.codes import Outcome
from iro_diary.domain.quality.concerns import escalation_end
from iro_diary.services.quality.rows import ConcernRow
from iro_diary.ui.context import UiContext
from iro_diary.ui.quality.concern_dialog import combo
from iro_diary.ui.quality.dialog_base import ServiceDialog, Work, chosen_date, date_edit


class Step(StrEnum):
    RESPOND = "respond"
    ESCALATE = "escalate"
    RESOLVE = "resolve"


TITLES = {
    Step.RESPOND: ("Response received", "Record response"),
    Step.ESCALATE: ("Escalate the concern", "Escalate"),
    Step.RESOLVE: ("Close the concern", "Close concern"),
}


class StepDialog(ServiceDialog):
    def __init__(self, ui: UiContext, row: ConcernRow, step: Step, parent: QWidget | None = None) -> None:
        title, confirm = TITLES[step]
        super().__init__(ui, self.tr("{0}: {1}").format(self.tr(title), row.ref), self.tr(confirm), parent)
        self.row, self.step = row, step
        self.intro.setText(
            self.tr("{0} ({1}) — {2}, with {3} since {4:%d %b %Y}; response due {5:%a %d %b %Y}.").format(
                row.ref, row.case_ref, row.stage.label, row.addressed_to, row.stage_started_on, row.due_on
            )
        )
        self.on = date_edit(self, ui.clock.today(), row.stage_started_on)
        self.text = QPlainTextEdit(self)
        self.text.setMaximumHeight(90)
        self.to = QLineEdit(self)
        self.outcome: QComboBox | None = None
        self.reason = QLabel(self)
        self.form.addRow(self.tr("On"), self.on)
        if step is Step.RESPOND:
            self.text.setPlaceholderText(self.tr("What the response said"))
            self.form.addRow(self.tr("Response"), self.text)
        elif step is Step.ESCALATE:
            following = row.stage.next
            self.to.setPlaceholderText(self.tr("Who it goes to at this stage"))
            self.form.addRow(self.tr("Next stage"), QLabel(following.label if following else "—", self))
            self.form.addRow(self.tr("Goes to"), self.to)
            self.form.addRow(self.tr("Why"), self.reason)
            self.form.addRow(self.tr("Note"), self.text)
            self.on.dateChanged.connect(lambda _day: self._show_reason())
            self._show_reason()
        else:
            self.outcome = combo(self, [(o.label, o.value) for o in Outcome], self.tr("Outcome"))
            self.form.addRow(self.tr("Outcome"), self.outcome)
            self.form.addRow(self.tr("Note"), self.text)
        self.text.textChanged.connect(self.update_button)
        self.to.textChanged.connect(self.update_button)
        self.finish_layout()

    def _show_reason(self) -> None:
        self.reason.setText(escalation_end(self.row.responded_on, self.row.due_on, chosen_date(self.on)).label)

    def ready(self) -> bool:
        if self.step is Step.RESPOND:
            return bool(self.text.toPlainText().strip())
        if self.step is Step.ESCALATE:
            return bool(self.to.text().strip()) and self.row.stage.next is not None
        return True

    def work(self) -> Work:
        concerns, row, on, text = self.ui.services.concerns, self.row, chosen_date(self.on), self.text.toPlainText()
        if self.step is Step.RESPOND:
            return lambda: concerns.record_response(row.id, row.version, text, on)
        if self.step is Step.ESCALATE:
            to = self.to.text()
            return lambda: concerns.escalate(row.id, row.version, to, text, on)
        assert self.outcome is not None
        outcome = Outcome(self.outcome.currentData())
        return lambda: concerns.resolve(row.id, row.version, outcome, text, on)
