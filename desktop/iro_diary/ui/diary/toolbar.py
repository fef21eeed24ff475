"""The diary's controls: today and the range, the view, which columns, cancelled meetings, and the actions.

Every control has a keyboard shortcut too (F1 lists them); the tooltips say which.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

VIEWS = ("day", "week", "month", "agenda")
VIEW_LABELS = {"day": "Day", "week": "Work week", "month": "Month", "agenda": "Agenda"}


class DiaryToolbar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = self._button("Today", "Go to today (T)")
        self.previous_button = self._button("◀", "Previous (Page Up)", "Previous range")
        self.next_button = self._button("▶", "Next (Page Down)", "Next range")
        self.range_label = QLabel(self)
        self.range_label.setObjectName("sectionTitle")
        self.views = QButtonGroup(self)
        self.view_buttons = {}
        for number, view in enumerate(VIEWS, start=1):
            button = self._button(VIEW_LABELS[view], f"{VIEW_LABELS[view]} (Ctrl+{number})")
            button.setCheckable(True)
            self.views.addButton(button, number - 1)
            self.view_buttons[view] = button
        self.show_combo = QComboBox(self)
        self.show_combo.setAccessibleName(self.tr("Show"))
        self.show_combo.setToolTip(self.tr("Whose diary: everyone, a team, one IRO, or the rooms"))
        self.show_combo.setMinimumContentsLength(12)
        self.show_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.me = QCheckBox(self.tr("This is me"), self)
        self.me.setToolTip(self.tr("Remember this IRO as you, for “My diary”"))
        self.me.hide()
        self.cancelled = QCheckBox(self.tr("Show cancelled"), self)
        self.book = self._button("Book…", "Book a meeting (Ctrl+N)")
        self.find_button = self._button("Find…", "Find meetings (Ctrl+F)")
        self.undo = self._button("Undo", "Undo (Ctrl+Z)")
        self.redo = self._button("Redo", "Redo (Ctrl+Shift+Z)")
        self.print_button = QToolButton(self)
        self.print_button.setText(self.tr("Print"))
        self.print_button.setToolTip(self.tr("Print the day sheets of the range shown (Ctrl+P)"))
        self.print_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        menu = QMenu(self.print_button)
        self.print_action = QAction(self.tr("Print day sheets…"), menu)
        self.pdf_action = QAction(self.tr("Save day sheets as PDF…"), menu)
        menu.addAction(self.print_action)
        menu.addAction(self.pdf_action)
        self.print_button.setMenu(menu)
        self.print_button.setDefaultAction(self.print_action)
        self.help = self._button("Keys", "Keyboard shortcuts (F1)")
        self._lay_out()

    def _button(self, text: str, tooltip: str, name: str = "") -> QToolButton:
        button = QToolButton(self)
        button.setText(self.tr(text))
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setToolTip(self.tr(tooltip))
        if name:
            button.setAccessibleName(self.tr(name))
        return button

    def _lay_out(self) -> None:
        first = QHBoxLayout()
        for button in (self.today, self.previous_button, self.next_button):
            first.addWidget(button)
        first.addWidget(self.range_label, 1)
        for view in VIEWS:
            first.addWidget(self.view_buttons[view])
        second = QHBoxLayout()
        second.addWidget(QLabel(self.tr("Show"), self))
        second.addWidget(self.show_combo, 1)
        second.addWidget(self.me)
        second.addWidget(self.cancelled)
        second.addStretch(1)
        actions: tuple[QWidget, ...] = (self.book, self.find_button, self.undo, self.redo, self.print_button, self.help)
        for widget in actions:
            second.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(first)
        layout.addLayout(second)

    def set_view(self, view: str) -> None:
        self.view_buttons[view].setChecked(True)
