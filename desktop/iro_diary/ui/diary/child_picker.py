"""Choosing the children a meeting is for: search by case reference, name or family, and add a whole family at once.

Type in the search box; the matches appear below it. Down moves into them, Enter adds the highlighted one (or the
first match straight from the search box). A family's entry ("Family F00012 — 3 children") adds every sibling.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from iro_diary.services.diary_rows import ChildPick

MAX_MATCHES = 12
IDS_ROLE = Qt.ItemDataRole.UserRole + 1


class _SearchBox(QLineEdit):
    """Down goes to the matches; Enter adds the first one."""

    def __init__(self, picker: ChildPicker) -> None:
        super().__init__(picker)
        self._picker = picker

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down and self._picker.matches.count():
            self._picker.matches.setFocus()
            self._picker.matches.setCurrentRow(0)
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._picker.matches.count():
            self._picker.add_item(self._picker.matches.item(0))
        else:
            super().keyPressEvent(event)


class ChildPicker(QWidget):
    """Signals:
    changed(): the chosen children changed.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._children: dict[int, ChildPick] = {}
        self._families: defaultdict[int, list[ChildPick]] = defaultdict(list)
        self._haystacks: list[tuple[str, ChildPick]] = []
        self._chosen: list[int] = []
        self.search = _SearchBox(self)
        self.search.setPlaceholderText(self.tr("Search by case reference, name or family"))
        self.search.setAccessibleName(self.tr("Find a child"))
        self.search.setClearButtonEnabled(True)
        self.matches = QListWidget(self)
        self.matches.setAccessibleName(self.tr("Matching children"))
        self.matches.setMaximumHeight(110)
        self.matches.hide()
        self.chosen = QListWidget(self)
        self.chosen.setAccessibleName(self.tr("Children at the meeting"))
        self.chosen.setMaximumHeight(80)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.setAccessibleName(self.tr("Remove the selected child"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.matches)
        row = QHBoxLayout()
        row.addWidget(self.chosen, 1)
        row.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(row)
        self.search.textChanged.connect(self._on_search)
        self.matches.itemActivated.connect(self.add_item)
        self.remove_button.clicked.connect(self._remove_selected)

    def set_index(self, children: Sequence[ChildPick]) -> None:
        """Every child the search can find (loaded once, off the GUI thread)."""
        self._children = {c.id: c for c in children}
        self._families.clear()
        for child in children:
            if child.family_id is not None:
                self._families[child.family_id].append(child)
        self._haystacks = [(f"{c.case_ref} {c.name} {c.family_ref or ''}".casefold(), c) for c in children]
        self._show_chosen()
        self._on_search(self.search.text())

    def child_ids(self) -> tuple[int, ...]:
        return tuple(self._chosen)

    def set_children(self, child_ids: Sequence[int]) -> None:
        self._chosen = list(dict.fromkeys(child_ids))
        self._show_chosen()
        self.changed.emit()

    def chosen_picks(self) -> list[ChildPick]:
        return [self._children[c] for c in self._chosen if c in self._children]

    def _on_search(self, text: str) -> None:
        self.matches.clear()
        words = text.casefold().split()
        if not words:
            self.matches.hide()
            return
        found = [c for haystack, c in self._haystacks if all(w in haystack for w in words)][:MAX_MATCHES]
        for family_id in dict.fromkeys(c.family_id for c in found if c.family_id is not None):
            siblings = self._families[family_id]
            if len(siblings) > 1:
                ref = siblings[0].family_ref or str(family_id)
                self._add_match(f"Family {ref} — {len(siblings)} children", [s.id for s in siblings])
        for child in found:
            self._add_match(child.label, [child.id])
        self.matches.setVisible(self.matches.count() > 0)

    def _add_match(self, text: str, ids: list[int]) -> None:
        item = QListWidgetItem(text, self.matches)
        item.setData(IDS_ROLE, ids)

    def add_item(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        ids = [int(i) for i in item.data(IDS_ROLE)]
        self._chosen += [i for i in ids if i not in self._chosen]
        self.search.clear()
        self.search.setFocus()
        self._show_chosen()
        self.changed.emit()

    def _remove_selected(self) -> None:
        row = self.chosen.currentRow()
        if 0 <= row < len(self._chosen):
            del self._chosen[row]
            self._show_chosen()
            self.changed.emit()

    def _show_chosen(self) -> None:
        self.chosen.clear()
        for child_id in self._chosen:
            child = self._children.get(child_id)
            self.chosen.addItem(child.label if child else f"Child {child_id}")
