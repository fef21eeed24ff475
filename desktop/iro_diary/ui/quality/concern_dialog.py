"""Raising a cause for concern after a held meeting (or about a child): theme, what it is about, and to whom and
which team it goes first. The deadline for the first response follows from the stage's timescale."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from iro_diary.domain.quality.codes import Stage, WorkArea
from iro_diary.services.quality.rows import NewConcern, QualityChoices
from iro_diary.ui.context import UiContext
from iro_diary.ui.diary.look import KIND_SHORT
from iro_diary.ui.quality.dialog_base import ServiceDialog, Work, chosen_date, date_edit

NO_IRO = "—"


def combo(parent: QWidget, items: list[tuple[str, object]], name: str, current: object = None) -> QComboBox:
    box = QComboBox(parent)
    for label, data in items:
        box.addItem(label, data)
    box.setAccessibleName(name)
    found = box.findData(current)
    box.setCurrentIndex(found if found >= 0 else 0)
    return box


def meeting_text(choices: QualityChoices) -> str:
    meeting = choices.meeting
    return f"{meeting.ref}, {KIND_SHORT[meeting.kind]}, {meeting.day:%a %d %b %Y}" if meeting else "—"


class ConcernDialog(ServiceDialog):
    def __init__(self, ui: UiContext, choices: QualityChoices, parent: QWidget | None = None) -> None:
        super().__init__(ui, self.tr("Raise a cause for concern"), self.tr("Raise concern"), parent)
        self.choices = choices
        self.intro.setText(
            self.tr(
                "Escalate work that needs addressing. Each stage has its own timescale in working days (Settings); "
                "the list in Quality assurance shows when a response is due and when it is overdue."
            )
        )
        self.child = combo(self, [(c.label, c.id) for c in choices.children], self.tr("Child"))
        self.child.setEnabled(len(choices.children) > 1)
        self.theme = combo(self, [(t.label, t.id) for t in choices.themes], self.tr("Theme"))
        self.area = combo(
            self, [(a.label, a.value) for a in WorkArea], self.tr("Area of work"), choices.default_area.value
        )
        self.iro = combo(self, [(NO_IRO, None), *((i.label, i.id) for i in choices.iros)], self.tr("Raised by"))
        self.iro.setCurrentIndex(max(self.iro.findData(choices.default_iro_id), 0))
        earliest = choices.meeting.day if choices.meeting else None
        self.raised_on = date_edit(self, choices.today, earliest)
        self.addressed_to = QLineEdit(self)
        self.addressed_to.setPlaceholderText(self.tr("Who it goes to first, e.g. the social worker"))
        self.team = QLineEdit(self)
        self.team.setPlaceholderText(self.tr("Their team"))
        self.stage = combo(self, [(s.label, s.value) for s in Stage], self.tr("First stage"))
        self.description = QPlainTextEdit(self)
        self.description.setPlaceholderText(self.tr("What the concern is, and what needs to happen"))
        self.description.setMaximumHeight(110)
        rows = (
            ("Child", self.child),
            ("Meeting", QLabel(meeting_text(choices), self)),
            ("Theme", self.theme),
            ("Area of work", self.area),
            ("Raised by", self.iro),
            ("Raised on", self.raised_on),
            ("Goes to", self.addressed_to),
            ("Their team", self.team),
            ("First stage", self.stage),
            ("Concern", self.description),
        )
        for label, widget in rows:
            self.form.addRow(self.tr(label), widget)
        for edit in (self.addressed_to, self.team):
            edit.textChanged.connect(self.update_button)
        self.description.textChanged.connect(self.update_button)
        self.finish_layout()

    def ready(self) -> bool:
        return bool(
            self.theme.currentData() is not None
            and self.addressed_to.text().strip()
            and self.team.text().strip()
            and self.description.toPlainText().strip()
        )

    def request(self) -> NewConcern:
        return NewConcern(
            child_id=int(self.child.currentData()),
            theme_id=int(self.theme.currentData()),
            description=self.description.toPlainText(),
            addressed_to=self.addressed_to.text(),
            addressed_team=self.team.text(),
            raised_by_iro_id=self.iro.currentData(),
            meeting_id=self.choices.meeting.id if self.choices.meeting else None,
            raised_on=chosen_date(self.raised_on),
            area=WorkArea(self.area.currentData()),
            stage=Stage(self.stage.currentData()),
        )

    def work(self) -> Work:
        services, request = self.ui.services, self.request()
        return lambda: services.concerns.raise_concern(request)
