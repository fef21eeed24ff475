"""A pane whose screen is delivered by a later issue: says so plainly, and what it will do."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from iro_diary.ui.context import UiContext
from iro_diary.ui.panes.base import Pane


class NotYetBuiltPane(Pane):
    def __init__(self, ui: UiContext, title: str, icon_name: str, promise: str, parent: QWidget | None = None) -> None:
        self.title = title
        self.icon_name = icon_name
        super().__init__(ui, parent)
        frame = QFrame()
        frame.setObjectName("notYetBuilt")
        text = QLabel(promise)
        text.setWordWrap(True)
        inner = QVBoxLayout(frame)
        inner.addWidget(text)
        self.promise = promise
        self.body.addWidget(frame)
        self.body.addStretch(1)
