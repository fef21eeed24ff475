"""The one place failures are shown: an expected error as a message, a bug as the crash dialog."""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

from PySide6.QtWidgets import QWidget

from iro_diary.domain.errors import AppError, ConnectionLost, EnvironmentProblem
from iro_diary.ui.crash_dialog import CrashDialog
from iro_diary.ui.prompts import Prompter

log = logging.getLogger(__name__)


class ErrorSink:
    """Callable with an exception; decides how the user hears about it."""

    def __init__(self, prompter: Prompter, log_file: Path | None, parent: QWidget | None = None) -> None:
        self.prompter = prompter
        self.log_file = log_file
        self.parent = parent
        self.shown: list[BaseException] = []
        # Set by the window: a lost connection is said by its offline banner, not a dialog per failed operation.
        self.banner_says_offline = False

    def __call__(self, error: BaseException) -> None:
        self.shown.append(error)
        if isinstance(error, ConnectionLost) and self.banner_says_offline:
            return
        if isinstance(error, EnvironmentProblem):
            self.prompter.warn("Cannot reach the diary", error.message)
        elif isinstance(error, AppError):
            self.prompter.warn("IRO Diary", error.message)
        else:
            details = "".join(traceback.format_exception(error))
            log.error("unexpected error: %s", details)
            CrashDialog(details, self.log_file, self.parent).exec()
