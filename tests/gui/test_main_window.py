"""The main window as a diary manager first meets it."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from iro_diary.services.registry import Services
from iro_diary.ui.main_window import MainWindow
from iro_diary.ui.panes.children_pane import ChildrenPane
from iro_diary.ui.panes.not_yet_built import NotYetBuiltPane
from tests.gui.conftest import ScriptedPrompter, open_window


def test_every_pane_is_reachable_from_the_navigation(qtbot: QtBot, window: MainWindow) -> None:
    titles = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert titles == [
        "Diary", "Due & overdue", "Children & families", "Workload", "Reports", "Quality assurance", "Settings",
    ]  # fmt: skip
    for row in range(window.navigation.count()):
        window.navigation.setCurrentRow(row)
        assert window.stack.currentWidget() is window.panes[row]
        qtbot.waitUntil(window.panes[row].is_loaded, timeout=10000)


def test_panes_still_to_come_say_which_issue_builds_them(window: MainWindow) -> None:
    for pane in window.panes:
        if isinstance(pane, NotYetBuiltPane):
            assert "issue #" in pane.promise


def test_status_bar_shows_the_database_and_today(window: MainWindow) -> None:
    assert window.ui.services.database_description in window.database_label.text()
    assert window.today_label.text() == "Today: Thursday 26 November 2026"


def test_window_size_and_pane_are_remembered(qtbot: QtBot, demo_services: Services, prompter: ScriptedPrompter) -> None:
    first = open_window(qtbot, demo_services, prompter)
    # The narrowest width the window allows (the offscreen screen is narrower still, and restoring clamps a wider
    # window to the screen) and a height different from the first-start default of 1280 x 800.
    width = first.minimumSizeHint().width()
    first.resize(width, 700)
    first.show_pane("Settings")
    qtbot.waitUntil(first.current_pane().is_loaded)
    first.close()
    second = open_window(qtbot, demo_services, prompter)
    assert (second.size().width(), second.size().height()) == (width, 700)
    assert second.current_pane().title == "Settings"
    second.close()


def test_first_start_on_an_empty_diary_offers_the_demo(
    qtbot: QtBot, empty_window: MainWindow, prompter: ScriptedPrompter
) -> None:
    from iro_diary.ui.first_start import offer_demo

    prompter.answers = [True]
    pane = empty_window.show_pane("Children & families")
    assert isinstance(pane, ChildrenPane)
    qtbot.waitUntil(pane.is_loaded)
    assert pane.model.rowCount() == 0
    with qtbot.waitSignal(empty_window.ui.bus.changed, timeout=60000):
        assert offer_demo(empty_window.ui)
    qtbot.waitUntil(lambda: pane.is_loaded() and pane.model.rowCount() > 500, timeout=30000)
    assert prompter.asked == ["Welcome to IRO Diary"] and "Loaded" in prompter.informed[0]


def test_declining_the_demo_leaves_the_diary_empty(empty_window: MainWindow, prompter: ScriptedPrompter) -> None:
    from iro_diary.ui.first_start import offer_demo

    prompter.answers = [False]
    assert not offer_demo(empty_window.ui)
    assert empty_window.ui.services.status.is_empty()


def test_an_expected_error_is_shown_as_a_message(qtbot: QtBot, window: MainWindow, prompter: ScriptedPrompter) -> None:
    from iro_diary.domain.errors import NotFound

    def fail(_progress: object) -> None:
        raise NotFound("child 99 no longer exists")

    window.ui.runner.run(fail)
    qtbot.waitUntil(lambda: bool(prompter.warned))
    assert prompter.warned == ["child 99 no longer exists"]


def test_slow_work_does_not_block_the_window(qtbot: QtBot, window: MainWindow) -> None:
    import threading

    release = threading.Event()
    window.ui.runner.run(lambda _progress: release.wait(10))
    assert window.ui.runner.busy
    qtbot.wait(50)  # the event loop keeps turning while the work waits
    release.set()
    qtbot.waitUntil(lambda: not window.ui.runner.busy)


def test_a_result_arriving_after_its_window_closed_is_dropped(qtbot: QtBot) -> None:
    """A window destroyed while its operation is still running: the result must not land on the dead runner."""
    import threading

    import shiboken6
    from PySide6.QtCore import QObject

    from iro_diary.ui.ops import OpRunner

    owner = QObject()
    errors: list[BaseException] = []
    delivered: list[object] = []
    release = threading.Event()
    runner = OpRunner(errors.append, owner)
    runner.run(lambda _progress: release.wait(10), on_success=delivered.append)
    threading.Timer(0.1, release.set).start()
    shiboken6.delete(owner)  # the pool waits for the running task, which then reports to a dying runner
    qtbot.wait(50)
    assert delivered == [] and errors == []


def test_background_work_does_not_hold_up_what_the_user_asked_for(qtbot: QtBot, window: MainWindow) -> None:
    import threading

    release = threading.Event()
    done: list[str] = []
    window.ui.runner.run(lambda _p: release.wait(10), on_success=lambda _r: done.append("background"), background=True)
    window.ui.runner.run(lambda _p: "asked", on_success=done.append)
    qtbot.waitUntil(lambda: done == ["asked"], timeout=5000)
    release.set()
    qtbot.waitUntil(lambda: done == ["asked", "background"], timeout=5000)
