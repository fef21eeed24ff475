"""The diary as a diary manager uses it: the week view, booking with live checks, moving, undo, cancel, held."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt, QTime
from pytestqt.qtbot import QtBot

from iro_diary.domain.booking import Field
from iro_diary.domain.codes import MeetingKind, MeetingStatus
from iro_diary.domain.due_list import Rag
from iro_diary.services.diary_rows import BookingRequest, MeetingRow
from iro_diary.ui.diary.look import accessible_name
from iro_diary.ui.diary.pane import DiaryPane
from iro_diary.ui.main_window import MainWindow
from iro_diary.ui.panes.due_pane import DuePane
from tests.gui.conftest import ScriptedPrompter
from tests.gui.diary_helpers import book_started_review, drag, free_slot, open_diary, settle

TODAY = dt.date(2026, 11, 26)
WEEK = [TODAY + dt.timedelta(days=n) for n in range(-3, 2)]  # Mon 23 – Fri 27 Nov 2026
NEXT_WEEKS = [TODAY + dt.timedelta(days=n) for n in range(4, 25) if (TODAY + dt.timedelta(days=n)).weekday() < 5]


def shown(pane: DiaryPane) -> dict[int, MeetingRow]:
    return {b.row.id: b.row for b in pane.grid.blocks() if b.row is not None}


def open_cla_requirement(window: MainWindow):  # type: ignore[no-untyped-def]
    """An unbooked looked-after review with time to spare, whose chair is known."""
    rows = window.ui.services.timescales.due_list()
    return next(
        r
        for r in rows
        if r.rule.startswith("cla") and r.booked_ref is None and r.iro_id is not None and r.latest_working_day > TODAY
    )


def test_the_week_view_shows_every_meeting_named_for_a_screen_reader(qtbot: QtBot, window: MainWindow) -> None:
    pane = open_diary(qtbot, window)
    expected = window.ui.services.diary.range(WEEK[0], WEEK[-1]).meetings
    assert pane.view == "week" and pane.toolbar.range_label.text() == "23 Nov – 27 Nov 2026"
    assert set(shown(pane)) == {m.id for m in expected if m.chair_id is not None}
    for block in pane.grid.blocks():
        row = block.row
        assert row is not None
        name = block.accessibleName()
        assert name.startswith(f"{row.start:%A} {row.start.day} {row.start:%B %Y}, {row.start:%H:%M} to ")
        assert row.kind.label in name and f"chair {row.chair_name}" in name and row.ref in name
    assert not any(r.status is MeetingStatus.CANCELLED for r in shown(pane).values())


def test_book_through_the_dialog_with_keyboard_and_mouse(qtbot: QtBot, window: MainWindow) -> None:
    pane = open_diary(qtbot, window)
    need = open_cla_requirement(window)
    services = window.ui.services
    slot = free_slot(
        services,
        BookingRequest(MeetingKind.CLA_REVIEW, TODAY, dt.time(9), 60, need.iro_id, need.child_ids, venue="School"),
        [d for d in NEXT_WEEKS if d <= need.latest_working_day],
    )
    assert slot is not None
    qtbot.keyClick(pane, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: pane.diary_actions.booking_dialog is not None)
    dialog = pane.diary_actions.booking_dialog
    assert dialog is not None
    form = dialog.form
    qtbot.waitUntil(lambda: len(pane.child_index) > 0 and form.child_picker.search.isEnabled())
    form.child_picker.set_index(pane.child_index)
    qtbot.keyClicks(form.child_picker.search, need.case_refs[0])
    assert form.child_picker.matches.count() >= 1
    qtbot.keyClick(form.child_picker.search, Qt.Key.Key_Return)
    assert form.child_picker.child_ids() == need.child_ids
    qtbot.waitUntil(lambda: dialog.context is not None and form.request().chair_id == need.iro_id, timeout=10000)
    assert "Looked-after review" in dialog.window_label.text() or "review" in dialog.window_label.text()
    form.day.setFocus()
    form.day.setDate(QDate(slot.day.year, slot.day.month, slot.day.day))
    form.start.setTime(QTime(slot.start.hour, 0))
    form.minutes.setValue(60)
    qtbot.mouseClick(form.use_venue, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(form.venue, "School")
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=10000)
    with qtbot.waitSignal(dialog.saved, timeout=20000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    row: MeetingRow = saved.args[0]
    assert (row.day, row.start.hour, row.case_refs, row.venue) == (slot.day, slot.start.hour, need.case_refs, "School")
    qtbot.waitUntil(lambda: pane.is_loaded() and row.id in shown(pane), timeout=20000)
    assert pane.grid.selected_id == row.id
    assert "saved" in pane.message.text()


def test_a_conflicting_chair_disables_save_with_the_reason(qtbot: QtBot, window: MainWindow) -> None:
    pane = open_diary(qtbot, window)
    busy = next(r for r in shown(pane).values() if r.pending and r.day > TODAY and r.chair_id is not None)
    need = open_cla_requirement(window)
    pane.diary_actions.book(
        BookingRequest(
            MeetingKind.CLA_REVIEW,
            busy.day,
            busy.start.time().replace(tzinfo=None),
            60,
            busy.chair_id,
            need.child_ids,
            venue="Home",
        )
    )
    dialog = pane.diary_actions.booking_dialog
    assert dialog is not None
    label = dialog.form.problems[Field.CHAIR]
    qtbot.waitUntil(lambda: dialog.context is not None and label.isVisible(), timeout=10000)
    expected = f"Chair already booked {busy.start:%H:%M}–{busy.end:%H:%M} by {busy.ref}"
    assert label.text() == expected
    assert not dialog.save_button.isEnabled()
    assert dialog.form.chair.accessibleDescription() == label.text()
    dialog.reject()


def test_drag_a_meeting_to_a_free_slot_and_to_a_busy_one(qtbot: QtBot, window: MainWindow) -> None:
    pane = open_diary(qtbot, window)
    pane.set_view("day")
    pane.go_to(dt.date(2026, 11, 27))
    qtbot.waitUntil(pane.is_loaded, timeout=20000)
    services = window.ui.services
    movable = [r for r in shown(pane).values() if r.pending and r.chair_id is not None]
    target = None
    for row in movable:
        request = replace(services.diary.meeting(row.id).as_request(), minutes=row.minutes)
        target = free_slot(services, request, [row.day], meeting_id=row.id)
        if target is not None and target.start != row.start.time():
            break
    assert target is not None
    with qtbot.waitSignal(window.ui.bus.changed, timeout=20000):
        drag(pane, row, row.chair_id, target.day, target.start)
    qtbot.waitUntil(
        lambda: pane.is_loaded() and shown(pane).get(row.id, row).start.time() == target.start, timeout=20000
    )
    assert pane.message.text().startswith(f"Moved {row.ref}")
    moved = services.diary.meeting(row.id).row
    assert moved.start.time() == target.start and moved.chair_id == row.chair_id
    other = next((r for r in shown(pane).values() if r.id != row.id and r.chair_id == row.chair_id and r.pending), None)
    if other is None:
        other = next(r for r in shown(pane).values() if r.id != row.id and r.pending and r.chair_id is not None)
    block = pane.grid.block(row.id)
    assert block is not None
    before = block.geometry()
    drag(pane, shown(pane)[row.id], other.chair_id, other.day, other.start.time())
    qtbot.waitUntil(lambda: "was not moved" in pane.message.text(), timeout=20000)
    assert pane.message.text().startswith(f"{row.ref} was not moved: Chair already booked")
    qtbot.waitUntil(lambda: block.geometry() == before, timeout=5000)
    assert services.diary.meeting(row.id).row.start == moved.start


def test_undo_and_redo_a_move_and_a_booking(qtbot: QtBot, window: MainWindow) -> None:
    pane = open_diary(qtbot, window)
    services = window.ui.services
    row = next(r for r in shown(pane).values() if r.pending and r.day > TODAY)
    request = replace(services.diary.meeting(row.id).as_request())
    target = free_slot(
        services, request, [d for d in NEXT_WEEKS if d.weekday() == row.day.weekday()], meeting_id=row.id
    )
    assert target is not None
    pane.diary_actions.move(row, target.day, target.start, row.chair_id)
    qtbot.waitUntil(lambda: services.diary.meeting(row.id).row.day == target.day, timeout=20000)
    settle(qtbot, window)
    qtbot.keyClick(pane, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: services.diary.meeting(row.id).row.start == row.start, timeout=20000)
    settle(qtbot, window)
    assert pane.message.text() == f"Undone: moving {row.ref}"
    qtbot.keyClick(pane, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: services.diary.meeting(row.id).row.day == target.day, timeout=20000)
    settle(qtbot, window)
    # Someone else changes the meeting: undoing the move is refused, and nothing is overwritten.
    current = services.diary.meeting(row.id)
    services.booking.edit(row.id, current.row.version, replace(current.as_request(), notes="changed by a colleague"))
    qtbot.keyClick(pane, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Cannot undo" in pane.message.text(), timeout=20000)
    assert "since you opened it" in pane.message.text()
    assert services.diary.meeting(row.id).row.day == target.day


def test_undo_a_booking_cancels_it_and_redo_reinstates_it(qtbot: QtBot, window: MainWindow) -> None:
    pane = open_diary(qtbot, window)
    services = window.ui.services
    need = open_cla_requirement(window)
    slot = free_slot(
        services,
        BookingRequest(MeetingKind.CLA_REVIEW, TODAY, dt.time(9), 60, need.iro_id, need.child_ids, venue="Home"),
        [d for d in NEXT_WEEKS if d <= need.latest_working_day],
    )
    assert slot is not None
    dialog = pane.diary_actions.book(slot)
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=10000)
    with qtbot.waitSignal(dialog.saved, timeout=20000) as saved:
        dialog.save()
    row = saved.args[0]
    settle(qtbot, window)
    pane.toolbar.undo.click()
    qtbot.waitUntil(lambda: services.diary.meeting(row.id).row.status is MeetingStatus.CANCELLED, timeout=20000)
    assert services.diary.meeting(row.id).row.cancel_reason == "Booking undone"
    settle(qtbot, window)
    pane.toolbar.redo.click()
    qtbot.waitUntil(lambda: services.diary.meeting(row.id).row.status is MeetingStatus.BOOKED, timeout=20000)


def test_cancel_with_a_reason_hides_the_meeting(qtbot: QtBot, window: MainWindow) -> None:
    pane = open_diary(qtbot, window)
    row = next(r for r in shown(pane).values() if r.pending)
    pane.grid.select_meeting(row.id, focus=True)
    qtbot.keyClick(pane.grid.block(row.id), Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: pane.diary_actions.dialog is not None)
    dialog = pane.diary_actions.dialog
    assert not dialog.confirm_button.isEnabled(), "no reason, no cancellation"  # type: ignore[union-attr]
    dialog.reason.setCurrentText("Chair unwell")  # type: ignore[union-attr]
    with qtbot.waitSignal(window.ui.bus.changed, timeout=20000):
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: pane.is_loaded() and row.id not in shown(pane), timeout=20000)
    assert window.ui.services.diary.meeting(row.id).row.cancel_reason == "Chair unwell"
    pane.toolbar.cancelled.setChecked(True)
    qtbot.waitUntil(lambda: pane.is_loaded() and row.id in shown(pane), timeout=20000)
    assert "cancelled" in pane.grid.block(row.id).accessibleName()  # type: ignore[union-attr]


def test_escape_while_a_cancellation_saves_waits_for_its_answer(qtbot: QtBot, window: MainWindow) -> None:
    pane = open_diary(qtbot, window)
    row = next(r for r in shown(pane).values() if r.pending)
    dialog = pane.diary_actions.cancel(row)
    assert dialog is not None
    dialog.reason.setCurrentText("Chair unwell")
    with qtbot.waitSignal(dialog.cancelled, timeout=20000):
        dialog.confirm()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # the save is under way: the dialog stays for its answer
        assert dialog.isVisible()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert window.ui.services.diary.meeting(row.id).row.cancel_reason == "Chair unwell"


def test_mark_held_sets_the_next_due_date_and_offers_the_booking(
    qtbot: QtBot, window: MainWindow, prompter: ScriptedPrompter
) -> None:
    pane = open_diary(qtbot, window)
    services = window.ui.services
    row = book_started_review(services, TODAY)
    assert row.start.time() < dt.time(10), "it has started: the clock says 10:00"
    pane.diary_actions.mark_held(row)
    qtbot.waitUntil(lambda: pane.diary_actions.dialog is not None, timeout=10000)
    held = pane.diary_actions.dialog
    participation, _decision, _category = held.rows[row.child_ids[0]]  # type: ignore[union-attr]
    assert participation is not None
    if participation.currentIndex() < 0:  # a child of 4 or more: the code must be chosen
        assert not held.confirm_button.isEnabled()  # type: ignore[union-attr]
        participation.setCurrentIndex(participation.findData("PN1"))
    assert held.confirm_button.isEnabled()  # type: ignore[union-attr]
    prompter.answers = [True]
    with qtbot.waitSignal(held.held, timeout=20000):  # type: ignore[union-attr]
        held.confirm()  # type: ignore[union-attr]
    assert prompter.asked == ["Book the next meeting?"]
    qtbot.waitUntil(lambda: pane.diary_actions.booking_dialog is not None, timeout=10000)
    dialog = pane.diary_actions.booking_dialog
    assert dialog is not None
    assert dialog.form.request().child_ids == row.child_ids and dialog.form.request().chair_id == row.chair_id
    qtbot.waitUntil(lambda: dialog.context is not None, timeout=10000)
    window_ = dialog.context.window
    assert window_ is not None and window_.anchor == row.day and window_.rule in ("cla-second", "cla")
    assert pane.shaded is not None and pane.shaded.anchor == row.day
    due = [r for r in services.timescales.due_list() if r.child_ids == row.child_ids and r.rule.startswith("cla")]
    assert [(r.anchor, r.due) for r in due] == [(row.day, window_.due)]
    assert due[0].rag is not Rag.OVERDUE
    dialog.reject()


def test_the_due_lists_book_button_opens_the_dialog_pre_filled(qtbot: QtBot, window: MainWindow) -> None:
    due = window.show_pane("Due & overdue")
    assert isinstance(due, DuePane)
    qtbot.waitUntil(due.is_loaded, timeout=20000)
    need = open_cla_requirement(window)
    for row in range(due.proxy.rowCount()):
        if due.model.row_at(due.proxy.mapToSource(due.proxy.index(row, 0)).row()).requirement_id == need.requirement_id:
            due.table.selectRow(row)
            break
    assert due.book_button.isEnabled()
    qtbot.mouseClick(due.book_button, Qt.MouseButton.LeftButton)
    pane = window.current_pane()
    assert isinstance(pane, DiaryPane)
    qtbot.waitUntil(lambda: pane.diary_actions.booking_dialog is not None, timeout=20000)
    dialog = pane.diary_actions.booking_dialog
    assert dialog is not None
    request = dialog.form.request()
    assert (request.kind, request.child_ids, request.chair_id) == (need.meeting_kind, need.child_ids, need.iro_id)
    assert pane.shaded is not None and pane.shaded.latest_working_day == need.latest_working_day
    qtbot.waitUntil(lambda: dialog.context is not None, timeout=10000)
    assert f"{need.latest_working_day.day} {need.latest_working_day:%b %Y}" in dialog.window_label.text()
    dialog.reject()


def test_find_goes_to_the_meeting(qtbot: QtBot, window: MainWindow) -> None:
    pane = open_diary(qtbot, window)
    target = window.ui.services.diary.range(dt.date(2026, 12, 7), dt.date(2026, 12, 11)).meetings[0]
    qtbot.keyClick(pane, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert pane.find_bar.isVisible() and pane.find_bar.box.hasFocus()
    qtbot.keyClicks(pane.find_bar.box, target.ref)
    qtbot.waitUntil(lambda: pane.find_bar.model.rowCount() == 1, timeout=10000)
    pane.find_bar.results.selectRow(0)
    pane.find_bar._on_activated(pane.find_bar.proxy.index(0, 0))
    qtbot.waitUntil(lambda: pane.is_loaded() and pane.grid.selected_id == target.id, timeout=20000)
    assert pane.toolbar.range_label.text() == "7 Dec – 11 Dec 2026"


def test_keys_move_the_range_the_view_and_the_selection(
    qtbot: QtBot, window: MainWindow, prompter: ScriptedPrompter
) -> None:
    pane = open_diary(qtbot, window)
    qtbot.keyClick(pane, Qt.Key.Key_PageDown)
    qtbot.waitUntil(pane.is_loaded, timeout=20000)
    assert pane.toolbar.range_label.text() == "30 Nov – 4 Dec 2026"
    qtbot.keyClick(pane, Qt.Key.Key_T)
    assert pane.toolbar.range_label.text() == "23 Nov – 27 Nov 2026"
    qtbot.keyClick(pane, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(pane.is_loaded, timeout=20000)
    assert pane.view == "day" and pane.toolbar.range_label.text() == "Thursday 26 November 2026"
    busy_day = next(
        d for d in NEXT_WEEKS if len({m.chair_id for m in window.ui.services.diary.range(d, d).meetings}) > 2
    )
    pane.go_to(busy_day)
    qtbot.waitUntil(pane.is_loaded, timeout=20000)
    pane.grid.setFocus()
    qtbot.keyClick(pane.grid, Qt.Key.Key_Right)
    first = pane.grid.selected_id
    assert first is not None and pane.grid.block(first).hasFocus()  # type: ignore[union-attr]
    qtbot.keyClick(pane.grid.block(first), Qt.Key.Key_Right)
    assert pane.grid.selected_id not in (None, first)
    assert pane.strip.details.text().startswith("<b>M-")
    for key, view in ((Qt.Key.Key_3, "month"), (Qt.Key.Key_4, "agenda"), (Qt.Key.Key_2, "week")):
        qtbot.keyClick(pane, key, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(pane.is_loaded, timeout=20000)
        assert pane.view == view
    qtbot.keyClick(pane, Qt.Key.Key_F1)
    assert "Ctrl+N" in prompter.informed[-1] and "Page Up / Page Down" in prompter.informed[-1]


def test_month_and_agenda_views(qtbot: QtBot, window: MainWindow, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    pane = open_diary(qtbot, window)
    pane.set_view("month")
    qtbot.waitUntil(pane.is_loaded, timeout=20000)
    assert pane.toolbar.range_label.text() == "November 2026"
    expected = window.ui.services.diary.range(dt.date(2026, 11, 2), dt.date(2026, 11, 30)).meetings
    days = {m.day for m in expected}
    assert sum(len(pane.month.meetings_on(d)) for d in days) == len([m for m in expected if m.chair_id])
    busy = max(days, key=lambda d: len(pane.month.meetings_on(d)))
    assert all(m.day == busy for m in pane.month.meetings_on(busy))
    pane.month.setFocus()
    click = pane.month._cell(0, 0).center()
    qtbot.mouseClick(pane.month, Qt.MouseButton.LeftButton, pos=click.toPoint())
    assert pane.month.selected_day is not None
    while pane.month.selected_day != busy:
        step = Qt.Key.Key_Down if (busy - (pane.month.selected_day or busy)).days >= 7 else Qt.Key.Key_Right
        qtbot.keyClick(pane.month, step)
    spoken = pane.month.accessibleDescription()
    assert spoken.startswith(f"{busy:%A} {busy.day} {busy:%B %Y}; {len(pane.month.meetings_on(busy))} meetings; ")
    assert all(accessible_name(m) in spoken for m in pane.month.meetings_on(busy)), "each meeting named"
    qtbot.keyClick(pane.month, Qt.Key.Key_Return)
    assert pane.view == "day" and pane.anchor == busy
    pane.set_view("agenda")
    qtbot.waitUntil(pane.is_loaded, timeout=20000)
    assert pane.agenda.model.rowCount() > 0
    qtmodeltester.check(pane.agenda.model)
    pane.find_bar.model.set_rows(pane.agenda.model.rows[:5])
    qtmodeltester.check(pane.find_bar.model)


def test_a_bank_holiday_is_shaded_and_labelled(qtbot: QtBot, window: MainWindow) -> None:
    pane = open_diary(qtbot, window)
    pane.go_to(dt.date(2026, 12, 25))
    qtbot.waitUntil(pane.is_loaded, timeout=20000)
    assert pane.grid.content.holidays[dt.date(2026, 12, 25)] == "Christmas Day"
    from iro_diary.ui.diary.grid_paint import cell_note

    christmas = [c for c in pane.grid.content.cells() if c.day == dt.date(2026, 12, 25)]
    assert christmas and all(cell_note(pane.grid.content, c) == "Christmas Day" for c in christmas)


def test_two_people_editing_the_same_meeting(qtbot: QtBot, window: MainWindow) -> None:
    pane = open_diary(qtbot, window)
    services = window.ui.services
    row = next(r for r in shown(pane).values() if r.pending and r.day > TODAY)
    pane.diary_actions.edit(row)
    qtbot.waitUntil(lambda: pane.diary_actions.booking_dialog is not None, timeout=10000)
    dialog = pane.diary_actions.booking_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.context is not None and dialog.save_button.isEnabled(), timeout=10000)
    current = services.diary.meeting(row.id)
    services.booking.edit(row.id, current.row.version, replace(current.as_request(), notes="the colleague's note"))
    dialog.form.notes.setPlainText("my note")
    dialog.save()
    qtbot.waitUntil(lambda: "since you opened it" in dialog.status.text(), timeout=20000)
    assert dialog.isVisible() and dialog.form.notes.toPlainText() == "my note"
    assert services.diary.meeting(row.id).notes == "the colleague's note"
    dialog.reject()


def test_day_sheets_to_pdf(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    from PySide6.QtPdf import QPdfDocument

    pane = open_diary(qtbot, window)
    pane.set_view("day")
    qtbot.waitUntil(pane.is_loaded, timeout=20000)
    meetings = [r for r in shown(pane).values() if r.status is not MeetingStatus.CANCELLED]
    path = tmp_path / "sheets.pdf"
    window.ui.prompter.save_file = lambda *_args: path  # type: ignore[method-assign]
    pane.toolbar.pdf_action.trigger()
    qtbot.waitUntil(lambda: not window.ui.runner.busy and path.exists(), timeout=20000)  # written off the GUI thread
    assert path.exists() and path.read_bytes().startswith(b"%PDF")
    document = QPdfDocument(pane)
    document.load(str(path))
    text = "\n".join(document.getAllText(page).text() for page in range(document.pageCount()))
    document.deleteLater()
    assert "OFFICIAL-SENSITIVE" in text
    for row in meetings:
        assert row.ref in text and row.chair_name in text
        for case_ref in row.case_refs:
            assert case_ref in text
        for name in row.names.split(", "):
            assert not name or name not in text, "a day sheet names no child"
        if row.venue:
            assert row.venue not in text, "an external venue is not printed"
    assert document.pageCount() >= len({r.chair_id for r in meetings})


def test_day_sheets_to_a_folder_that_cannot_be_written_say_so(
    qtbot: QtBot, window: MainWindow, prompter: ScriptedPrompter, tmp_path: Path
) -> None:
    pane = open_diary(qtbot, window)
    prompter.paths.append(tmp_path / "no such folder" / "sheets.pdf")
    pane.toolbar.pdf_action.trigger()
    qtbot.waitUntil(lambda: bool(prompter.warned), timeout=20000)
    assert "cannot write" in prompter.warned[0]
    assert "saved" not in window.statusBar().currentMessage()


@pytest.mark.parametrize("view", ["day", "week"])
def test_printing_goes_through_the_chosen_printer(qtbot: QtBot, window: MainWindow, view: str, tmp_path: Path) -> None:
    from PySide6.QtPrintSupport import QPrinter

    pane = open_diary(qtbot, window)
    pane.set_view(view)
    qtbot.waitUntil(pane.is_loaded, timeout=20000)
    chosen: list[QPrinter] = []

    def choose(printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "printed.pdf"))
        chosen.append(printer)
        return True

    pane.diary_actions.choose_printer = choose  # type: ignore[method-assign]
    qtbot.keyClick(pane, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert chosen and (tmp_path / "printed.pdf").stat().st_size > 1000
    assert pane.message.text() == "Day sheets sent to the printer."


def test_my_diary_and_the_rooms(qtbot: QtBot, window: MainWindow) -> None:
    from iro_diary.ui.diary import columns as cols

    pane = open_diary(qtbot, window)
    iro = next(i for i in pane.resources.iros if i.active)
    pane.show_columns(next(c for c in cols.show_choices(pane.resources) if c.iro_id == iro.id))
    assert pane.toolbar.me.isVisible() and not pane.toolbar.me.isChecked()
    pane.toolbar.me.setChecked(True)
    pane.show_columns(cols.MY_DIARY)
    assert [r.id for r in pane.grid.content.resources] == [iro.id]
    assert all(b.row is not None and b.row.chair_id == iro.id for b in pane.grid.blocks())
    pane.show_columns(cols.Show("All rooms", rooms=True))
    rooms = {r.id for r in pane.resources.rooms if r.active}
    assert {r.id for r in pane.grid.content.resources} == rooms
    assert pane.grid.blocks() and all(b.row is not None and b.row.room_id in rooms for b in pane.grid.blocks())


def test_a_room_too_small_for_the_attendees(qtbot: QtBot, window: MainWindow, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    from iro_diary.services.diary_rows import AttendeeRow

    pane = open_diary(qtbot, window)
    need = open_cla_requirement(window)
    room = min((r for r in pane.resources.rooms if r.active), key=lambda r: r.capacity)
    services = window.ui.services
    slot = free_slot(
        services,
        BookingRequest(MeetingKind.CLA_REVIEW, TODAY, dt.time(9), 60, need.iro_id, need.child_ids, room_id=room.id),
        [d for d in NEXT_WEEKS if d <= need.latest_working_day],
    )
    assert slot is not None
    dialog = pane.diary_actions.book(slot)
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=10000)
    for n in range(room.capacity):
        dialog.form.attendees.add(AttendeeRow(f"Person {n}", f"p{n}@example.org"))
    label = dialog.form.problems[Field.PLACE]
    assert label.text() == f"{room.name} holds {room.capacity}; this meeting needs {room.capacity + 1}"
    assert not dialog.save_button.isEnabled()
    qtmodeltester.check(dialog.form.attendees.table.model())
    dialog.form.attendees.table.setCurrentCell(0, 0)
    dialog.form.attendees.remove_button.click()
    assert not label.isVisible() and dialog.save_button.isEnabled()
    dialog.reject()


def test_a_meetings_invites_from_the_diary(qtbot: QtBot, window: MainWindow) -> None:
    pane = open_diary(qtbot, window)
    row = next(r for r in shown(pane).values() if r.pending)
    pane.grid.select_meeting(row.id)
    assert pane.strip.invites_button.isEnabled()
    qtbot.mouseClick(pane.strip.invites_button, Qt.MouseButton.LeftButton)
    dialog = pane.diary_actions.dialog
    assert dialog is not None and dialog.windowTitle() == f"Invites for {row.ref}"
    qtbot.waitUntil(lambda: not dialog.panel.loading and dialog.panel.status is not None, timeout=10000)  # type: ignore[attr-defined]
    assert dialog.panel.meeting_id == row.id  # type: ignore[attr-defined]
    dialog.reject()
