"""Recording good practice seen at a held meeting (or in a child's case): its theme and whom it recognises, with
their manager (who the thank-you note is for)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QWidget

from iro_diary.services.quality.rows import NewGoodPractice, QualityChoices
from iro_diary.ui.context import UiContext
from iro_diary.ui.quality.concern_dialog import NO_IRO, combo, meeting_text
from iro_diary.ui.quality.dialog_base import ServiceDialog, Work, chosen_date, date_edit


class GoodPracticeDialog(ServiceDialog):
    def __init__(self, ui: UiContext, choices: QualityChoices, parent: QWidget | None = None) -> None:
        super().__init__(ui, self.tr("Record good practice"), self.tr("Record"), parent)
        self.choices = choices
        self.intro.setText(
            self.tr(
                "Good practice is an opportunity for wider learning. Once recorded, a thank-you note for the "
                "worker's manager can be saved from Quality assurance → Good practice."
            )
        )
        self.child = combo(self, [(c.label, c.id) for c in choices.children], self.tr("Child"))
        self.child.setEnabled(len(choices.children) > 1)
        self.theme = combo(self, [(t.label, t.id) for t in choices.themes], self.tr("Theme"))
        self.iro = combo(self, [(NO_IRO, None), *((i.label, i.id) for i in choices.iros)], self.tr("Recorded by"))
        self.iro.setCurrentIndex(max(self.iro.findData(choices.default_iro_id), 0))
        self.recorded_on = date_edit(self, choices.today, choices.meeting.day if choices.meeting else None)
        self.recognised = QLineEdit(self)
        self.recognised.setPlaceholderText(self.tr("The worker (or team) it recognises"))
        self.role = QLineEdit(self)
        self.role.setPlaceholderText(self.tr("e.g. Social worker"))
        self.team = QLineEdit(self)
        self.manager = QLineEdit(self)
        self.manager.setPlaceholderText(self.tr("Their manager: the thank-you note is for them"))
        self.description = QPlainTextEdit(self)
        self.description.setPlaceholderText(self.tr("What was good about it"))
        self.description.setMaximumHeight(110)
        rows = (
            ("Child", self.child),
            ("Meeting", QLabel(meeting_text(choices), self)),
            ("Theme", self.theme),
            ("Recorded by", self.iro),
            ("Recorded on", self.recorded_on),
            ("Recognises", self.recognised),
            ("Their role", self.role),
            ("Their team", self.team),
            ("Their manager", self.manager),
            ("Good practice", self.description),
        )
        for label, widget in rows:
            self.form.addRow(self.tr(label), widget)
        self.recognised.textChanged.connect(self.update_button)
        self.description.textChanged.connect(self.update_button)
        self.finish_layout()

    def ready(self) -> bool:
        return bool(
            self.theme.currentData() is not None
            and self.recognised.text().strip()
            and self.description.toPlainText().strip()
        )

    def request(self) -> NewGoodPractice:
        return NewGoodPractice(
            child_id=int(self.child.currentData()),
            theme_id=int(self.theme.currentData()),
            recognised=self.recognised.text(),
            description=self.description.toPlainText(),
            recorded_by_iro_id=self.iro.currentData(),
            meeting_id=self.choices.meeting.id if self.choices.meeting else None,
            recognised_role=self.role.text(),
            recognised_team=self.team.text(),
            manager=self.manager.text(),
            recorded_on=chosen_date(self.recorded_on),
        )

    def work(self) -> Work:
        services, request = self.ui.services, self.request()
        return lambda: services.good_practice.record(request)
