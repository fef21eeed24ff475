"""GUI fixtures: the real main window over a test database, with scripted dialogs and a strict error sink."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from iro_diary.app import OpenDiary
from iro_diary.infra.local_settings import DatabaseChoice
from iro_diary.infra.paths import app_paths
from iro_diary.services.registry import Services
from iro_diary.store.migrate import MigrationReport
from iro_diary.ui.application import build_window
from iro_diary.ui.error_sink import ErrorSink
from iro_diary.ui.main_window import MainWindow
from iro_diary.ui.prompts import Prompter


class ScriptedPrompter(Prompter):
    """Answers questions from a script; records every message. Unexpected questions fail the test.

    File and folder choosers answer from `paths` (a Path, a list of Paths for open_files, or None: cancelled).
    """

    def __init__(self) -> None:
        super().__init__(None)
        self.answers: list[bool] = []
        self.asked: list[str] = []
        self.informed: list[str] = []
        self.warned: list[str] = []
        self.paths: list[Path | list[Path] | None] = []
        self.chose: list[str] = []

    def _path(self, title: str) -> Path | list[Path] | None:
        self.chose.append(title)
        if not self.paths:
            pytest.fail(f"unexpected file chooser: {title}")
        return self.paths.pop(0)

    def save_file(self, title: str, suggested: str, filters: str) -> Path | None:
        answer = self._path(title)
        assert not isinstance(answer, list)
        return answer

    def open_file(self, title: str, filters: str) -> Path | None:
        answer = self._path(title)
        assert not isinstance(answer, list)
        return answer

    def open_files(self, title: str, filters: str) -> list[Path]:
        answer = self._path(title)
        return answer if isinstance(answer, list) else [answer] if answer else []

    def choose_folder(self, title: str, start: str = "") -> Path | None:
        answer = self._path(title)
        assert not isinstance(answer, list)
        return answer

    def confirm(self, title: str, text: str, *, yes: str = "Yes", no: str = "No") -> bool:
        self.asked.append(title)
        if not self.answers:
            pytest.fail(f"unexpected question: {title}: {text}")
        return self.answers.pop(0)

    def inform(self, title: str, text: str) -> None:
        self.informed.append(text)

    def warn(self, title: str, text: str) -> None:
        self.warned.append(text)


class StrictSink(ErrorSink):
    """Expected errors are recorded (tests assert on them); a bug fails the test at once."""

    def __call__(self, error: BaseException) -> None:
        from iro_diary.domain.errors import AppError

        if not isinstance(error, AppError):
            raise error
        super().__call__(error)


@pytest.fixture
def prompter() -> ScriptedPrompter:
    return ScriptedPrompter()


def open_window(qtbot: QtBot, services: Services, prompter: ScriptedPrompter, *, live: bool = False) -> MainWindow:
    """The main window; `live`: listen for other apps' changes (issue #10), off unless a test is about it."""
    diary = OpenDiary(
        services, DatabaseChoice(services.database_description, "test"), MigrationReport("0001", "0001", None)
    )
    window = build_window(diary, app_paths(), prompter, StrictSink(prompter, None), live=live)
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def window(qtbot: QtBot, demo_services: Services, prompter: ScriptedPrompter) -> Iterator[MainWindow]:
    main = open_window(qtbot, demo_services, prompter)
    yield main
    main.ui.runner.wait_for_idle()


@pytest.fixture
def empty_window(qtbot: QtBot, services: Services, prompter: ScriptedPrompter) -> Iterator[MainWindow]:
    main = open_window(qtbot, services, prompter)
    yield main
    main.ui.runner.wait_for_idle()


@pytest.fixture(autouse=True)
def no_leaked_windows(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Napari's leak check: a test must not leave visible top-level windows behind."""
    before = {id(w) for w in qapp.topLevelWidgets()}
    yield
    qapp.processEvents()
    leaked = [w for w in qapp.topLevelWidgets() if id(w) not in before and w.isVisible()]
    for widget in leaked:
        widget.close()
    assert not leaked, f"windows left open: {[type(w).__name__ for w in leaked]}"
    # Automatic collection is off (ui/gc_guard.py). Collect now, so a Qt object left in a reference cycle
    # crashes here, at the test that made it, rather than somewhere later.
    gc.collect()


def settings_file() -> Path:
    return app_paths().config / "window.ini"
