"""What the quality-assurance dialogs share: a form, a line for the service's refusal, and one service call on
confirm (off the GUI thread); on success the change is published and the dialog closes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from iro_diary.domain.errors import AppError
from iro_diary.services.changes import Changes
from iro_diary.ui.context import UiContext
from iro_diary.ui.dialog_guard import StaysWhileSaving
from iro_diary.ui.diary.booking_form import ERROR_STYLE

Work = Callable[[], tuple[Any, Changes]]


def date_edit(parent: QWidget, today: dt.date, earliest: dt.date | None = None) -> QDateEdit:
    """A date chooser from `earliest` (if any) to today, set to today."""
    edit = QDateEdit(QDate(today.year, today.month, today.day), parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("ddd d MMM yyyy")
    edit.setMaximumDate(QDate(today.year, today.month, today.day))
    if earliest is not None:
        edit.setMinimumDate(QDate(earliest.year, earliest.month, earliest.day))
    return edit


def chosen_date(edit: QDateEdit) -> dt.date:
    day = edit.date()
    return dt.date(day.year(), day.month(), day.day())


class ServiceDialog(StaysWhileSaving, QDialog):
    """Signals:
    saved(object): the row the service returned once the change is saved.
    """

    saved = Signal(object)

    def __init__(self, ui: UiContext, title: str, confirm: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.form = QFormLayout()
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.confirm_button = self.buttons.addButton(confirm, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.body = QVBoxLayout(self)
        self.body.addWidget(self.intro)
        self.body.addLayout(self.form)

    def finish_layout(self) -> None:
        """Call at the end of a subclass's constructor: the status line and the buttons go last."""
        self.body.addWidget(self.status)
        self.body.addWidget(self.buttons)
        self.confirm_button.clicked.connect(self.confirm)
        self.buttons.rejected.connect(self.reject)
        self.update_button()

    def ready(self) -> bool:
        """Whether the form is complete enough to send (override)."""
        return True

    def update_button(self) -> None:
        self.confirm_button.setEnabled(self.ready())

    def work(self) -> Work:
        """The service call this dialog makes (override)."""
        raise NotImplementedError

    def confirm(self) -> None:
        work = self.work()
        self.confirm_button.setEnabled(False)
        self.saving = True
        self.ui.runner.run(lambda _p: work(), on_success=self._done, on_failure=self._failed)

    def _done(self, result: tuple[Any, Changes]) -> None:
        self.saving = False
        row, changes = result
        self.ui.bus.publish(changes, self)
        self.saved.emit(row)
        self.accept()

    def _failed(self, error: BaseException) -> bool:
        self.saving = False
        self.update_button()
        if not isinstance(error, AppError):
            return False
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setText(error.message)
        return True
