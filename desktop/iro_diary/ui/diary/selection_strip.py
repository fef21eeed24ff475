"""The line under the diary's controls that says which meeting is selected, with what can be done to it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QPushButton, QToolButton, QWidget

from iro_diary.domain.codes import MeetingStatus
from iro_diary.services.diary_rows import MeetingRow
from iro_diary.ui.diary.look import KIND_SHORT, status_word

QUALITY_CHOICES = (
    ("concern", "Raise a cause for concern…"),
    ("good-practice", "Record good practice…"),
    ("audit", "Live audit checklist…"),
)


class SelectionStrip(QWidget):
    """Signals:
    quality_chosen(str): for the selected (held) meeting: "concern", "good-practice" or "audit".
    """

    quality_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton(self.tr("Open"), self)
        self.open_button.setToolTip(self.tr("Open the meeting (Enter)"))
        self.cancel_button = QPushButton(self.tr("Cancel meeting…"), self)
        self.cancel_button.setToolTip(self.tr("Cancel the meeting, with a reason (Delete)"))
        self.held_button = QPushButton(self.tr("Mark held…"), self)
        self.held_button.setToolTip(self.tr("Record that it took place (Ctrl+H)"))
        self.invites_button = QPushButton(self.tr("Invites…"), self)
        self.invites_button.setToolTip(self.tr("Who has been sent which version; export or send the invites"))
        self.quality_button = QToolButton(self)
        self.quality_button.setText(self.tr("Quality"))
        self.quality_button.setToolTip(
            self.tr("After a held meeting: a cause for concern, good practice, the live audit")
        )
        self.quality_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.quality_button)
        for key, text in QUALITY_CHOICES:
            menu.addAction(self.tr(text)).triggered.connect(
                lambda _checked=False, key=key: self.quality_chosen.emit(key)
            )
        self.quality_button.setMenu(menu)
        self.history_button = QPushButton(self.tr("History…"), self)
        self.history_button.setToolTip(self.tr("Who booked and changed the meeting, when, and what changed"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.details, 1)
        for button in (
            self.open_button,
            self.cancel_button,
            self.held_button,
            self.invites_button,
            self.quality_button,
            self.history_button,
        ):
            layout.addWidget(button)
        self.show_meeting(None)

    def show_meeting(self, row: MeetingRow | None) -> None:
        self.open_button.setEnabled(row is not None)
        self.invites_button.setEnabled(row is not None)
        self.history_button.setEnabled(row is not None)
        for button in (self.cancel_button, self.held_button):
            button.setEnabled(row is not None and row.pending)
        self.quality_button.setEnabled(row is not None and row.status is MeetingStatus.HELD)
        if row is None:
            self.details.setText(self.tr("Select a meeting to see it here; double-click an empty slot to book."))
            return
        self.details.setText(
            f"<b>{row.ref}</b> · {KIND_SHORT[row.kind]} · {row.start:%a %d %b} {row.start:%H:%M}–{row.end:%H:%M} · "
            f"{row.chair_name or '—'} · {row.place or '—'} · {row.who} · {status_word(row)}"
        )
