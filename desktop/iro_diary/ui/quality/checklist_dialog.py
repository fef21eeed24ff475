"""The live-audit checklist of a held meeting, answered (or corrected) after it was marked held."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from iro_diary.services.changes import Changes
from iro_diary.services.quality.rows import Checklist
from iro_diary.ui.context import UiContext
from iro_diary.ui.diary.look import KIND_SHORT
from iro_diary.ui.quality.checklist import ChecklistWidget
from iro_diary.ui.quality.dialog_base import ServiceDialog, Work


class ChecklistDialog(ServiceDialog):
    def __init__(self, ui: UiContext, checklist: Checklist, parent: QWidget | None = None) -> None:
        super().__init__(ui, self.tr("Live audit: {0}").format(checklist.ref), self.tr("Save answers"), parent)
        self.checklist = checklist
        self.intro.setText(
            self.tr(
                "{0}, {1}, held {2:%a %d %b %Y}. Answer what you checked; not applicable answers are left out of "
                "the percentages."
            ).format(checklist.ref, KIND_SHORT[checklist.kind], checklist.day)
        )
        self.widget = ChecklistWidget(checklist, self)
        self.body.addWidget(self.widget)
        self.finish_layout()

    def work(self) -> Work:
        services, meeting, changes = self.ui.services, self.checklist.meeting_id, self.widget.changes()

        def save() -> tuple[Checklist, Changes]:
            saved = services.live_audit.answer(meeting, changes)
            return services.live_audit.checklist(meeting), saved

        return save
