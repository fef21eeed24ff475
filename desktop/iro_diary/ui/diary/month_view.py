"""The month view: the month's working weeks, each day listing its meetings for the columns shown.

A day cell shows as many meetings as fit ("+3 more" for the rest), bank holidays and closures by name, and the
selected requirement's window tinted. Click a day to select it; double-click (or Enter) opens it in the day view.
The cells are painted, so the view tells a screen reader about the selected day itself: its date, any closure and
each of its meetings as the week view's cells name them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from iro_diary.domain.booking import Window
from iro_diary.services.diary_rows import MeetingRow
from iro_diary.ui.diary.look import (
    CLOSED_COLOUR,
    KIND_COLOURS,
    KIND_SHORT,
    LATE_COLOUR,
    WINDOW_COLOUR,
    accessible_name,
)

HEADER = 24
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


class MonthView(QWidget):
    """Signals:
    day_chosen(object): the user opened a day (a date).
    """

    day_chosen = Signal(object)

    def __init__(self, today: Callable[[], dt.date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self.weeks: list[list[dt.date]] = []
        self.month = 1
        self._meetings: dict[dt.date, list[MeetingRow]] = {}
        self._holidays: dict[dt.date, str] = {}
        self._window: Window | None = None
        self.selected_day: dt.date | None = None
        self._count = 0
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("Month"))
        self.setMinimumSize(500, 360)

    def set_content(
        self,
        weeks: list[list[dt.date]],
        month: int,
        meetings: list[MeetingRow],
        holidays: dict[dt.date, str],
        window: Window | None,
    ) -> None:
        self.weeks, self.month, self._holidays, self._window = weeks, month, holidays, window
        by_day: defaultdict[dt.date, list[MeetingRow]] = defaultdict(list)
        for meeting in sorted(meetings, key=lambda m: (m.start, m.ref)):
            by_day[meeting.day].append(meeting)
        self._meetings = dict(by_day)
        days = [d for week in weeks for d in week]
        if self.selected_day not in days:
            self.selected_day = next((d for d in days if d.month == month), None)
        self._count = len(meetings)
        self._select(self.selected_day)

    def _select(self, day: dt.date | None) -> None:
        self.selected_day = day
        self.setAccessibleDescription(self.spoken_day())
        self.update()

    def spoken_day(self) -> str:
        """What a screen reader says for the selected day: the date, a closure, and each meeting."""
        day = self.selected_day
        if day is None:
            return self.tr("{0} meetings this month").format(self._count)
        meetings = self._meetings.get(day, [])
        parts = [f"{day:%A} {day.day} {day:%B %Y}"]
        if day in self._holidays:
            parts.append(self._holidays[day])
        parts.append(self.tr("no meetings") if not meetings else self.tr("{0} meetings").format(len(meetings)))
        parts += [accessible_name(m) for m in meetings]
        return "; ".join(parts)

    def meetings_on(self, day: dt.date) -> list[MeetingRow]:
        return list(self._meetings.get(day, ()))

    def _cell(self, row: int, column: int) -> QRectF:
        width = self.width() / 5
        height = (self.height() - HEADER) / max(1, len(self.weeks))
        return QRectF(column * width, HEADER + row * height, width, height)

    def day_at(self, x: float, y: float) -> dt.date | None:
        if y < HEADER or not self.weeks:
            return None
        row = int((y - HEADER) // ((self.height() - HEADER) / len(self.weeks)))
        column = int(x // (self.width() / 5))
        if 0 <= row < len(self.weeks) and 0 <= column < 5:
            return self.weeks[row][column]
        return None

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        for column, name in enumerate(WEEKDAYS):
            rect = self._cell(0, column)
            painter.drawText(QRectF(rect.left(), 0, rect.width(), HEADER), int(Qt.AlignmentFlag.AlignCenter), name)
        for row, week in enumerate(self.weeks):
            for column, day in enumerate(week):
                self._paint_day(painter, self._cell(row, column), day)
        painter.end()

    def _paint_day(self, painter: QPainter, rect: QRectF, day: dt.date) -> None:
        window = self._window
        if day in self._holidays:
            painter.fillRect(rect, QColor(CLOSED_COLOUR))
        elif window is not None and window.anchor <= day <= window.latest_working_day:
            painter.fillRect(rect, QColor(WINDOW_COLOUR))
        painter.setPen(QPen(QColor("#d5dce8")))
        painter.drawRect(rect)
        if window is not None and day == window.latest_working_day:
            painter.setPen(QPen(QColor(LATE_COLOUR), 3))
            painter.drawLine(rect.topRight(), rect.bottomRight())
        if day == self.selected_day:
            painter.setPen(QPen(QColor("#1b3358"), 2))
            painter.drawRect(rect.adjusted(1, 1, -1, -1))
        font = painter.font()
        font.setBold(day == self._today())
        painter.setFont(font)
        painter.setPen(QColor("#1b1b1b" if day.month == self.month else "#9aa3b2"))
        title = f"{day.day}  {self._holidays.get(day, '')}".rstrip()
        line = painter.fontMetrics().height()
        painter.drawText(rect.adjusted(4, 2, -4, 0), int(Qt.AlignmentFlag.AlignTop), title)
        font.setBold(False)
        painter.setFont(font)
        self._paint_meetings(painter, rect.adjusted(4, 2 + line, -4, -2), self._meetings.get(day, []))

    def _paint_meetings(self, painter: QPainter, rect: QRectF, meetings: list[MeetingRow]) -> None:
        line = painter.fontMetrics().height()
        fits = max(0, int(rect.height() // line))
        shown = meetings if len(meetings) <= fits else meetings[: max(0, fits - 1)]
        y = rect.top()
        for meeting in shown:
            painter.fillRect(QRectF(rect.left(), y + 2, 6, line - 4), QColor(KIND_COLOURS[meeting.kind]))
            text = f"{meeting.start:%H:%M} {KIND_SHORT[meeting.kind]} {meeting.who}"
            elided = painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, int(rect.width()) - 10)
            painter.setPen(QColor("#1b1b1b"))
            painter.drawText(
                QRectF(rect.left() + 9, y, rect.width() - 9, line), int(Qt.AlignmentFlag.AlignVCenter), elided
            )
            y += line
        if len(shown) < len(meetings):
            painter.setPen(QColor("#5f6b7d"))
            painter.drawText(QRectF(rect.left(), y, rect.width(), line), 0, f"+{len(meetings) - len(shown)} more")

    def mousePressEvent(self, event: QMouseEvent) -> None:
        day = self.day_at(event.position().x(), event.position().y())
        if day is not None:
            self._select(day)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        day = self.day_at(event.position().x(), event.position().y())
        if day is not None:
            self.day_chosen.emit(day)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        steps = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Up: -7, Qt.Key.Key_Down: 7}
        key = Qt.Key(event.key())
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected_day is not None:
            self.day_chosen.emit(self.selected_day)
        elif key in steps and self.selected_day is not None:
            days = [d for week in self.weeks for d in week]
            moved = self.selected_day + dt.timedelta(days=steps[key])
            if moved.weekday() >= 5:
                moved += dt.timedelta(days=2 if steps[key] > 0 else -2)
            if moved in days:
                self._select(moved)
        else:
            super().keyPressEvent(event)
