"""Closing the booking dialog or the planner while the scheduling assistant is still working is harmless."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from iro_diary.ui.diary.pane import DiaryPane
from iro_diary.ui.main_window import MainWindow
from iro_diary.ui.panes.due_pane import DuePane
from tests.conftest import TODAY
from tests.gui.diary_helpers import settle

WAIT = 20000


def test_closing_the_booking_dialog_while_it_suggests(qtbot: QtBot, window: MainWindow) -> None:
    need = next(
        r
        for r in window.ui.services.timescales.due_list()
        if r.rule.startswith("cla") and r.booked_ref is None and r.iro_id is not None and r.latest_working_day > TODAY
    )
    diary = window.show_pane("Diary")
    assert isinstance(diary, DiaryPane)
    qtbot.waitUntil(diary.is_loaded, timeout=WAIT)
    diary.book_requirement(need)
    dialog = diary.diary_actions.booking_dialog
    assert dialog is not None
    dialog.suggest()
    dialog.reject()
    settle(qtbot, window)
    qtbot.wait(50)
    assert diary.diary_actions.booking_dialog is None


def test_closing_the_planner_while_it_plans_stops_it(qtbot: QtBot, window: MainWindow) -> None:
    pane = window.show_pane("Due & overdue")
    assert isinstance(pane, DuePane)
    qtbot.waitUntil(pane.is_loaded, timeout=WAIT)
    dialog = pane.open_planner()
    dialog.plan()
    dialog.reject()
    settle(qtbot, window)
    qtbot.wait(50)
    assert not dialog.isVisible() and not dialog.is_busy()
    assert dialog.preview is not None and dialog.preview.stopped
    assert pane.open_planner() is dialog
    dialog.reject()
