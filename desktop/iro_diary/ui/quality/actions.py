"""Opening the quality-assurance dialogs from anywhere (the diary, a child's record, the Quality assurance pane):
each loads what it offers off the GUI thread, then opens; one dialog at a time per host."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QWidget

from iro_diary.services.quality.rows import Checklist, ConcernRow, GoodPracticeRow
from iro_diary.ui.context import UiContext
from iro_diary.ui.quality.checklist_dialog import ChecklistDialog
from iro_diary.ui.quality.concern_dialog import ConcernDialog
from iro_diary.ui.quality.good_practice_dialog import GoodPracticeDialog
from iro_diary.ui.quality.step_dialog import Step, StepDialog

NOTE_FILES = "Text files (*.txt);;PDF documents (*.pdf)"


class QualityActions(QObject):
    """Signals:
    saved(object): a dialog saved (the row the service returned).
    """

    saved = Signal(object)

    def __init__(self, ui: UiContext, host: QWidget) -> None:
        super().__init__(host)
        self.ui = ui
        self.host = host
        self.dialog: QDialog | None = None

    def _open(self, dialog: QDialog) -> QDialog:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog
        dialog.saved.connect(self.saved)  # type: ignore[attr-defined]
        dialog.finished.connect(lambda _result: self._closed(dialog))
        dialog.open()
        return dialog

    def _show(self, dialog: QDialog) -> None:
        self._open(dialog)

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _load(self, work: Callable[[], Any], then: Callable[[Any], None]) -> None:
        self.ui.runner.run(lambda _p: work(), on_success=then)

    def raise_concern(self, *, child_id: int | None = None, meeting_id: int | None = None) -> None:
        concerns = self.ui.services.concerns
        self._load(
            lambda: concerns.choices(child_id=child_id, meeting_id=meeting_id),
            lambda choices: self._show(ConcernDialog(self.ui, choices, self.host)),
        )

    def record_good_practice(self, *, child_id: int | None = None, meeting_id: int | None = None) -> None:
        found = self.ui.services.good_practice
        self._load(
            lambda: found.choices(child_id=child_id, meeting_id=meeting_id),
            lambda choices: self._show(GoodPracticeDialog(self.ui, choices, self.host)),
        )

    def answer_checklist(self, meeting_id: int) -> None:
        audit = self.ui.services.live_audit
        self._load(lambda: audit.checklist(meeting_id), self._open_checklist)

    def _open_checklist(self, checklist: Checklist) -> None:
        if not checklist.held:
            self.ui.prompter.inform(
                self.tr("Live audit"), self.tr("{0} has not been marked held yet.").format(checklist.ref)
            )
        elif not checklist.applies:
            self.ui.prompter.inform(
                self.tr("Live audit"),
                self.tr("The live audit is answered at looked-after reviews and child protection conferences."),
            )
        else:
            self._open(ChecklistDialog(self.ui, checklist, self.host))

    def for_meeting(self, what: str, meeting_id: int) -> None:
        """What the diary's Quality menu offers for a held meeting: "concern", "good-practice" or "audit"."""
        if what == "concern":
            self.raise_concern(meeting_id=meeting_id)
        elif what == "good-practice":
            self.record_good_practice(meeting_id=meeting_id)
        else:
            self.answer_checklist(meeting_id)

    def step(self, row: ConcernRow, step: Step) -> QDialog:
        return self._open(StepDialog(self.ui, row, step, self.host))

    def thank_you_note(self, row: GoodPracticeRow) -> None:
        """Ask whether to name the child (initials by default) and where to save, then write the note."""
        prompter = self.ui.prompter
        named = prompter.confirm(
            self.tr("Name the child in the note?"),
            self.tr(
                "The note is for {0}, outside the IRO service: by default it gives the child's initials only. "
                "Name {1} in it?"
            ).format(row.manager or self.tr("the worker's manager"), row.case_ref),
            yes=self.tr("Name the child"),
            no=self.tr("Initials only"),
        )
        path = prompter.save_file(self.tr("Save the thank-you note"), f"thank-you-{row.ref}.txt", self.tr(NOTE_FILES))
        if path is None:
            return
        services = self.ui.services

        def write(_progress: object) -> object:
            from iro_diary.ui.quality.note_file import write_note

            return write_note(services.good_practice.thank_you_note(row.id, with_child_name=named), path)

        self.ui.runner.run(
            write,
            on_success=lambda written: prompter.inform(
                self.tr("Thank-you note saved"), self.tr("The note was saved as {0}.").format(written)
            ),
        )
