"""The scheduling assistant in the window: Suggest in the booking dialog fills the form with a slot the live check
accepts; the planner opens from Due & overdue, plans off the GUI thread with progress, can be stopped, and books
the proposals kept as provisional meetings."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from iro_diary.domain.booking import blocking
from iro_diary.domain.codes import MeetingStatus
from iro_diary.ui.diary.pane import DiaryPane
from iro_diary.ui.main_window import MainWindow
from iro_diary.ui.panes.due_pane import DuePane
from iro_diary.ui.planner.dialog import PlannerDialog
from tests.conftest import TODAY
from tests.gui.diary_helpers import settle

WAIT = 20000


def due_pane(qtbot: QtBot, window: MainWindow) -> DuePane:
    pane = window.show_pane("Due & overdue")
    assert isinstance(pane, DuePane)
    qtbot.waitUntil(pane.is_loaded, timeout=WAIT)
    return pane


def test_suggest_lists_the_best_slots_and_picking_one_fills_the_form(
    qtbot: QtBot, window: MainWindow, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    need = next(
        r
        for r in window.ui.services.timescales.due_list()
        if r.rule.startswith("cla") and r.booked_ref is None and r.iro_id is not None and r.latest_working_day > TODAY
    )
    due_pane(qtbot, window)
    window.book_requirement(need.requirement_id)
    diary = window.current_pane()
    assert isinstance(diary, DiaryPane)
    qtbot.waitUntil(lambda: diary.diary_actions.booking_dialog is not None, timeout=WAIT)
    dialog = diary.diary_actions.booking_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.context is not None, timeout=WAIT)
    assert not dialog.suggestions.isVisible()
    qtbot.mouseClick(dialog.suggest_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.suggestions.model.rowCount() > 0, timeout=WAIT)
    qtmodeltester.check(dialog.suggestions.model)
    slots = dialog.suggestions.model.rows
    expected = window.ui.services.scheduling.slots_for_requirement(need.requirement_id).slots
    assert [(s.start, s.chair_id, s.room_id) for s in slots] == [(s.start, s.chair_id, s.room_id) for s in expected]
    assert slots[0].chair_id == need.iro_id and slots[0].reasons[0] == "The child's IRO"
    assert dialog.suggestions.heading.text().startswith("The best 10 slots")
    pick = slots[2]
    dialog.suggestions.view.selectRow(2)
    qtbot.mouseClick(dialog.suggestions.use_button, Qt.MouseButton.LeftButton)
    request = dialog.form.request()
    assert (request.day, request.start, request.chair_id, request.room_id) == (
        pick.day,
        pick.start.time().replace(tzinfo=None),
        pick.chair_id,
        pick.room_id,
    )
    qtbot.waitUntil(lambda: dialog.form.request().day in dialog._facts, timeout=WAIT)
    dialog.recheck()
    assert not blocking(dialog.problems) and dialog.save_button.isEnabled()
    dialog.reject()


def test_suggest_without_children_says_what_is_missing(qtbot: QtBot, window: MainWindow) -> None:
    diary = window.show_pane("Diary")
    assert isinstance(diary, DiaryPane)
    qtbot.waitUntil(diary.is_loaded, timeout=WAIT)
    diary.book_new()
    qtbot.waitUntil(lambda: diary.diary_actions.booking_dialog is not None, timeout=WAIT)
    dialog = diary.diary_actions.booking_dialog
    assert dialog is not None
    dialog.suggest()
    qtbot.waitUntil(lambda: "Choose the children first" in dialog.suggestions.heading.text(), timeout=WAIT)
    assert dialog.suggestions.model.rowCount() == 0
    dialog.reject()


def open_planner(qtbot: QtBot, window: MainWindow) -> tuple[DuePane, PlannerDialog]:
    pane = due_pane(qtbot, window)
    qtbot.mouseClick(pane.plan_button, Qt.MouseButton.LeftButton)
    dialog = pane.planner
    assert dialog is not None and dialog.isVisible()
    assert (dialog.first.date().toPython(), dialog.last.date().toPython()) == (TODAY, TODAY + dt.timedelta(weeks=6))
    return pane, dialog


def test_the_planner_previews_a_window_and_books_the_proposals_kept(
    qtbot: QtBot, window: MainWindow, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    pane, dialog = open_planner(qtbot, window)
    progress: list[tuple[int, int]] = []
    window.ui.runner.progress.connect(lambda done, total, _text: progress.append((done, total)))
    qtbot.mouseClick(dialog.plan_button, Qt.MouseButton.LeftButton)
    assert dialog.progress.isVisible() and dialog.stop_button.isEnabled() and not dialog.plan_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.preview is not None and not dialog.is_busy(), timeout=WAIT)
    preview = dialog.preview
    assert preview is not None and preview.planned and not preview.stopped
    assert progress[-1][0] == progress[-1][1] == preview.requirements
    qtmodeltester.check(dialog.planned)
    qtmodeltester.check(dialog.unplaced)
    assert dialog.tabs.tabText(0) == f"Proposed ({len(preview.planned)})"
    assert dialog.summary.text().startswith(f"{preview.requirements} requirements due")
    dialog.planned_view.selectRow(0)
    dialog.planned_view.selectionModel().select(
        dialog.planned_view.model().index(1, 0),
        dialog.planned_view.selectionModel().SelectionFlag.Select
        | dialog.planned_view.selectionModel().SelectionFlag.Rows,
    )
    chosen = dialog.selected()
    assert len(chosen) == 2
    qtbot.mouseClick(dialog.book_selected_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Booked 2 provisional meetings"), timeout=WAIT)
    assert dialog.planned.rowCount() == len(preview.planned) - 2
    booked = {r.requirement_id: r for r in window.ui.services.timescales.due_list() if r.booked_ref is not None}
    for row in chosen:
        meeting = window.ui.services.diary.meeting_by_ref(booked[row.subject.requirement_id].booked_ref or "")
        assert (meeting.status, meeting.start, meeting.chair_id) == (
            MeetingStatus.PROVISIONAL,
            row.slot.start,
            row.slot.chair_id,
        )
    # Due & overdue refreshes the children booked: their rows say so.
    for row in chosen:
        qtbot.waitUntil(lambda row=row: _booked_in_pane(pane, row.subject.requirement_id), timeout=WAIT)
    dialog.reject()
    settle(qtbot, window)


def test_the_planner_can_be_stopped_and_a_bad_window_is_refused(qtbot: QtBot, window: MainWindow) -> None:
    _pane, dialog = open_planner(qtbot, window)
    dialog.plan()
    dialog.stop()
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=WAIT)
    assert dialog.preview is not None and dialog.preview.stopped
    assert "Stopped after 0 of them" in dialog.summary.text()
    dialog.last.setDate(dialog.first.date().addDays(-1))
    dialog.plan()
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=WAIT)
    assert dialog.summary.text() == "the window ends before it starts"
    dialog.reject()


def _booked_in_pane(pane: DuePane, requirement_id: str) -> bool:
    shown = pane.row_for(requirement_id)
    return shown is not None and shown.booked_ref is not None
