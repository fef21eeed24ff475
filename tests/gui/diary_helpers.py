"""Helpers for the diary's GUI tests: open the pane, find a free slot, drag a meeting like a mouse does."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from iro_diary.domain.booking import blocking, check_booking
from iro_diary.services.booking_support import proposal
from iro_diary.services.diary_rows import BookingRequest, MeetingRow
from iro_diary.services.registry import Services
from iro_diary.ui.diary.pane import DiaryPane
from iro_diary.ui.main_window import MainWindow


def open_diary(qtbot: QtBot, window: MainWindow) -> DiaryPane:
    pane = window.show_pane("Diary")
    assert isinstance(pane, DiaryPane)
    qtbot.waitUntil(pane.is_loaded, timeout=20000)
    return pane


def settle(qtbot: QtBot, window: MainWindow) -> None:
    """Wait for the op runner to finish and its results to arrive."""
    qtbot.waitUntil(lambda: not window.ui.runner.busy, timeout=20000)


def free_slot(
    services: Services,
    request: BookingRequest,
    days: list[dt.date],
    meeting_id: int | None = None,
    *,
    warnings: bool = False,
) -> BookingRequest | None:
    """The first of these days and times (09:00–16:00 on the hour) where `request` passes every check (or has
    only warnings, when `warnings` allows them)."""
    from dataclasses import replace

    context = services.diary.booking_context(request.kind, request.child_ids, request.household_id)
    for day in days:
        facts = services.diary.day_facts(day)
        for hour in range(9, 16):
            candidate = replace(request, day=day, start=dt.time(hour))
            problems = check_booking(
                proposal(candidate, window=context.window, meeting_id=meeting_id, now=services.ctx.clock.now()),
                facts,
                context.calendar,
            )
            if not blocking(problems) and (warnings or not problems):
                return candidate
    return None


def _send(widget: QWidget, kind: QEvent.Type, local: QPoint, buttons: Qt.MouseButton) -> None:
    global_pos = QPointF(widget.mapToGlobal(local))
    event = QMouseEvent(
        kind, QPointF(local), global_pos, Qt.MouseButton.LeftButton, buttons, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(widget, event)


def drag(pane: DiaryPane, row: MeetingRow, resource_id: int, day: dt.date, start: dt.time) -> None:
    """Press near the top of the meeting, move to (resource, day, time) in steps, release."""
    block = pane.grid.block(row.id)
    assert block is not None and block.isVisible()
    grab = QPoint(block.width() // 2, 2)
    target = pane.grid.point_at(resource_id, day, start)
    assert target is not None
    _send(block, QEvent.Type.MouseButtonPress, grab, Qt.MouseButton.LeftButton)
    here = block.mapToParent(grab)
    for step in range(1, 6):
        point = here + (target - here) * step / 5
        _send(block, QEvent.Type.MouseMove, block.mapFromParent(point), Qt.MouseButton.LeftButton)
    _send(block, QEvent.Type.MouseButtonRelease, block.mapFromParent(target), Qt.MouseButton.NoButton)


def book_started_review(services: Services, today: dt.date) -> MeetingRow:
    """A looked-after review booked at 09:00 today for a review already due (late, with a reason): it has
    started by the test clock's 10:00, so it can be marked held."""
    from dataclasses import replace

    from iro_diary.domain.codes import MeetingKind

    for need in services.timescales.due_list():
        if need.rule.startswith("cla") and need.booked_ref is None and need.iro_id and need.anchor < today:
            earlier = BookingRequest(
                MeetingKind.CLA_REVIEW, today, dt.time(9), 30, need.iro_id, need.child_ids, venue="Home"
            )
            slot = free_slot(services, earlier, [today], warnings=True)
            if slot is not None and slot.start == dt.time(9):
                return services.booking.book(replace(slot, late_reason="Overdue"))[0]
    raise AssertionError("no review due could be booked at 09:00 today")
