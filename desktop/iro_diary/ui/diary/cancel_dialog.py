"""Cancelling a meeting, with the reason (it is reported, and the cancellation goes on the invite)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from iro_diary.domain.errors import AppError
from iro_diary.services.diary_rows import MeetingRow
from iro_diary.ui.context import UiContext
from iro_diary.ui.dialog_guard import StaysWhileSaving
from iro_diary.ui.diary.booking_form import ERROR_STYLE
from iro_diary.ui.diary.look import KIND_SHORT

COMMON_REASONS = (
    "Family unable to attend",
    "Chair unwell",
    "Reports not available",
    "Interpreter not available",
    "Child unwell",
    "Rebooked at another time",
)


class CancelDialog(StaysWhileSaving, QDialog):
    """Signals:
    cancelled(object, object): the meeting as it was and as it is now (MeetingRow, MeetingRow).
    """

    cancelled = Signal(object, object)

    def __init__(self, ui: UiContext, row: MeetingRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.row = row
        self.setWindowTitle(self.tr("Cancel {0}").format(row.ref))
        what = QLabel(
            self.tr("Cancel {0}, {1} on {2:%a %d %b %Y} at {2:%H:%M}?").format(
                row.ref, KIND_SHORT[row.kind], row.start
            ),
            self,
        )
        self.reason = QComboBox(self)
        self.reason.setEditable(True)
        self.reason.addItems(["", *COMMON_REASONS])
        self.reason.setAccessibleName(self.tr("Reason for cancelling"))
        self.reason.setToolTip(self.tr("Choose a reason or type one"))
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.confirm_button = self.buttons.addButton(self.tr("Cancel meeting"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.tr("Keep it"), QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(self)
        layout.addWidget(what)
        layout.addWidget(QLabel(self.tr("Reason:"), self))
        layout.addWidget(self.reason)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.reason.currentTextChanged.connect(self._on_reason)
        self.confirm_button.clicked.connect(self.confirm)
        self.buttons.rejected.connect(self.reject)
        self._on_reason(self.reason.currentText())

    def _on_reason(self, text: str) -> None:
        self.confirm_button.setEnabled(bool(text.strip()))

    def confirm(self) -> None:
        reason, row, services = self.reason.currentText(), self.row, self.ui.services
        self.confirm_button.setEnabled(False)
        self.saving = True
        self.ui.runner.run(
            lambda _p: services.booking.cancel(row.id, row.version, reason),
            on_success=self._done,
            on_failure=self._failed,
        )

    def _done(self, result: tuple[MeetingRow, object]) -> None:
        self.saving = False
        after, changes = result
        self.ui.bus.publish(changes, self)  # type: ignore[arg-type]
        self.cancelled.emit(self.row, after)
        self.accept()

    def _failed(self, error: BaseException) -> bool:
        self.saving = False
        self._on_reason(self.reason.currentText())  # the refusal is shown; Confirm can be tried again
        if not isinstance(error, AppError):
            return False
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setText(error.message)
        return True
