"""The live-audit checklist as the chair answers it: for each child, each item yes, no or not applicable, with a
note. One page per child (siblings at a family conference each have their own), and a button to copy one
child's answers to the others."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from iro_diary.domain.quality.codes import Answer
from iro_diary.services.quality.rows import Checklist, ChecklistChild, GivenAnswer

NOT_ANSWERED = "—"


class ChecklistWidget(QWidget):
    def __init__(self, checklist: Checklist, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.checklist = checklist
        self.combos: dict[tuple[int, int], QComboBox] = {}
        self.notes: dict[tuple[int, int], QLineEdit] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if len(checklist.children) == 1:
            layout.addWidget(self._page(checklist.children[0]))
        else:
            self.tabs = QTabWidget(self)
            for child in checklist.children:
                self.tabs.addTab(self._page(child), child.case_ref)
            layout.addWidget(self.tabs)

    def _page(self, child: ChecklistChild) -> QWidget:
        page = QWidget(self)
        grid = QGridLayout(page)
        grid.addWidget(QLabel(f"<b>{child.case_ref} {child.name}</b>", page), 0, 0, 1, 3)
        for line, item in enumerate(self.checklist.items, start=1):
            key = (child.child_id, item.id)
            answer, note = self.checklist.answers.get(key, (None, ""))
            combo = QComboBox(page)
            combo.addItem(NOT_ANSWERED, None)
            for choice in Answer:
                combo.addItem(self.tr(choice.label), choice.value)
            combo.setCurrentIndex(combo.findData(answer.value) if answer is not None else 0)
            combo.setAccessibleName(self.tr("{0}: {1}").format(child.case_ref, item.label))
            edit = QLineEdit(note, page)
            edit.setPlaceholderText(self.tr("Note (optional)"))
            edit.setAccessibleName(self.tr("Note on {0}").format(item.label))
            grid.addWidget(QLabel(item.label, page), line, 0)
            grid.addWidget(combo, line, 1)
            grid.addWidget(edit, line, 2)
            self.combos[key], self.notes[key] = combo, edit
        if len(self.checklist.children) > 1:
            copy = QPushButton(self.tr("Copy these answers to the other children"), page)
            copy.clicked.connect(lambda _checked=False, child_id=child.child_id: self.copy_from(child_id))
            grid.addWidget(copy, len(self.checklist.items) + 1, 0, 1, 3)
        return page

    def set_answer(self, child_id: int, item_id: int, answer: Answer | None, note: str = "") -> None:
        combo = self.combos[(child_id, item_id)]
        combo.setCurrentIndex(combo.findData(answer.value) if answer is not None else 0)
        self.notes[(child_id, item_id)].setText(note)

    def copy_from(self, child_id: int) -> None:
        """Give every other child the same answers and notes as this one."""
        for item in self.checklist.items:
            combo, note = self.combos[(child_id, item.id)], self.notes[(child_id, item.id)]
            for other in self.checklist.children:
                if other.child_id != child_id:
                    self.combos[(other.child_id, item.id)].setCurrentIndex(combo.currentIndex())
                    self.notes[(other.child_id, item.id)].setText(note.text())

    def _chosen(self, key: tuple[int, int]) -> Answer | None:
        value = self.combos[key].currentData()
        return Answer(value) if value else None

    def answers(self) -> list[GivenAnswer]:
        """The answers given (blank items left out): what marking a meeting held saves."""
        return [
            GivenAnswer(child_id, item_id, answer, self.notes[(child_id, item_id)].text())
            for (child_id, item_id) in self.combos
            if (answer := self._chosen((child_id, item_id))) is not None
        ]

    def changes(self) -> list[GivenAnswer]:
        """Every answer that differs from what was saved, a blanked one as a clear: what a correction saves."""
        found = []
        for key in self.combos:
            answer, note = self._chosen(key), self.notes[key].text().strip()
            before = self.checklist.answers.get(key)
            if (answer, note) != ((before[0], before[1]) if before else (None, "")):
                found.append(GivenAnswer(key[0], key[1], answer, note))
        return found

    def answered(self) -> int:
        return sum(1 for key in self.combos if self._chosen(key) is not None)
