"""Painting the day and week views' background: hours, columns, shaded days, the statutory window, now.

Shaded and labelled: bank holidays and closure days (every column), an IRO's absence and the days a part-time
IRO does not work, the hours outside an IRO's working day. A selected requirement's window is tinted green from
its anchor to its latest working day, which is marked with a red edge; the current time is a red line.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen

from iro_diary.ui.diary.grid_layout import Cell, Geometry, GridContent, minutes_of
from iro_diary.ui.diary.look import (
    AWAY_COLOUR,
    CLOSED_COLOUR,
    LATE_COLOUR,
    NOW_COLOUR,
    OFF_HOURS_COLOUR,
    WINDOW_COLOUR,
)

LINE = QColor("#e3e7ee")
HALF_LINE = QColor("#f0f2f6")
RESOURCE_LINE = QColor("#8a97ab")
HEADER_TEXT = QColor("#1b3358")
MUTED_TEXT = QColor("#5f6b7d")


def cell_note(content: GridContent, cell: Cell) -> str:
    """Why a sub-column is shaded, in words (a label, and the tooltip over it); empty for an ordinary day."""
    holiday = content.holidays.get(cell.day)
    if holiday:
        return holiday
    if cell.day.weekday() >= 5:
        return "Weekend"
    iro = cell.resource.iro
    if iro is None:
        return ""
    away = content.away.get((iro.id, cell.day))
    if away:
        return f"Away: {away}"
    if cell.day.weekday() not in iro.working_days:
        return "Not a working day"
    return ""


def paint_grid(
    painter: QPainter, geo: Geometry, content: GridContent, cells: list[Cell], exposed: QRect, now: dt.datetime
) -> None:
    painter.fillRect(exposed, QColor("white"))
    first = max(0, geo.cell_at(exposed.left()) or 0)
    last = geo.cell_at(exposed.right())
    shown = cells[first : (last + 1 if last is not None else len(cells))]
    for cell in shown:
        _paint_cell(painter, geo, content, cell)
    _paint_hours(painter, geo, exposed)
    for cell in shown:
        _paint_edges(painter, geo, content, cell)
    _paint_now(painter, geo, shown, now)
    _paint_header(painter, geo, content, shown, now.date())
    _paint_ruler(painter, geo)


def _column_rect(geo: Geometry, cell: Cell) -> QRectF:
    return QRectF(geo.x_of(cell.index), geo.top, geo.column_width, geo.bottom - geo.top)


def _paint_cell(painter: QPainter, geo: Geometry, content: GridContent, cell: Cell) -> None:
    rect = _column_rect(geo, cell)
    window = content.window
    if window is not None and window.not_before <= cell.day <= window.latest_working_day:
        painter.fillRect(rect, QColor(WINDOW_COLOUR))
    note = cell_note(content, cell)
    if note:
        colour = AWAY_COLOUR if note.startswith("Away") else CLOSED_COLOUR
        painter.fillRect(rect, QColor(colour))
        painter.fillRect(rect, QBrush(QColor(colour).darker(108), Qt.BrushStyle.FDiagPattern))
        _label(painter, rect.adjusted(2, 2, -2, 0), note)
        return
    iro = cell.resource.iro
    if iro is not None:
        off = QColor(OFF_HOURS_COLOUR)
        painter.fillRect(
            QRectF(rect.left(), rect.top(), rect.width(), geo.y_of(minutes_of(iro.day_start)) - rect.top()), off
        )
        end_y = geo.y_of(minutes_of(iro.day_end))
        painter.fillRect(QRectF(rect.left(), end_y, rect.width(), rect.bottom() - end_y), off)


def _label(painter: QPainter, rect: QRectF, text: str) -> None:
    if rect.width() < 24:
        return
    painter.save()
    font = painter.font()
    font.setPointSizeF(max(7.0, font.pointSizeF() - 2))
    painter.setFont(font)
    painter.setPen(MUTED_TEXT)
    painter.drawText(
        rect, int(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap), text
    )
    painter.restore()


def _paint_hours(painter: QPainter, geo: Geometry, exposed: QRect) -> None:
    left, right = max(geo.left, exposed.left()), exposed.right() + 1
    for hour in range(geo.first_hour, geo.last_hour + 1):
        y = geo.y_of(hour * 60)
        painter.setPen(LINE)
        painter.drawLine(QPointF(left, y), QPointF(right, y))
        if hour < geo.last_hour:
            painter.setPen(HALF_LINE)
            half = geo.y_of(hour * 60 + 30)
            painter.drawLine(QPointF(left, half), QPointF(right, half))


def _paint_edges(painter: QPainter, geo: Geometry, content: GridContent, cell: Cell) -> None:
    x = geo.x_of(cell.index)
    starts_resource = cell.index % max(1, len(content.days)) == 0
    painter.setPen(QPen(RESOURCE_LINE if starts_resource else LINE, 1.5 if starts_resource else 1))
    painter.drawLine(QPointF(x, 0), QPointF(x, geo.bottom))
    window = content.window
    if window is not None and cell.day == window.latest_working_day:
        edge = x + geo.column_width - 1.5
        painter.setPen(QPen(QColor(LATE_COLOUR), 3))
        painter.drawLine(QPointF(edge, geo.top), QPointF(edge, geo.bottom))


def _paint_now(painter: QPainter, geo: Geometry, cells: list[Cell], now: dt.datetime) -> None:
    minutes = minutes_of(now)
    if not geo.first_hour * 60 <= minutes <= geo.last_hour * 60:
        return
    y = geo.y_of(minutes)
    painter.setPen(QPen(QColor(NOW_COLOUR), 2))
    for cell in cells:
        if cell.day == now.date():
            x = geo.x_of(cell.index)
            painter.drawLine(QPointF(x, y), QPointF(x + geo.column_width, y))


def _paint_header(painter: QPainter, geo: Geometry, content: GridContent, cells: list[Cell], today: dt.date) -> None:
    days = max(1, len(content.days))
    painter.fillRect(QRectF(geo.left, 0, geo.columns * geo.column_width, geo.top), QColor("#f2f5fa"))
    painter.setPen(HEADER_TEXT)
    row = geo.top / 2 if days > 1 else geo.top
    for cell in cells:
        x = geo.x_of(cell.index)
        if cell.index % days == 0:
            width = geo.column_width * days
            _resource_name(painter, QRectF(x + 3, 0, width - 6, row), cell.resource.name, wrap=days == 1)
        if cell.day == today:
            painter.fillRect(QRectF(x, row if days > 1 else geo.top - 4, geo.column_width, 4), QColor(NOW_COLOUR))
        if days > 1:
            label = f"{cell.day:%a} {cell.day.day}" if geo.column_width > 44 else f"{cell.day:%a}"[0]
            painter.drawText(QRectF(x, row, geo.column_width, row), int(Qt.AlignmentFlag.AlignCenter), label)


def _resource_name(painter: QPainter, rect: QRectF, name: str, *, wrap: bool) -> None:
    """A column's name: on two lines in the day view, elided in the week view."""
    metrics = painter.fontMetrics()
    if wrap and metrics.horizontalAdvance(name) > rect.width():
        flags = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap
        painter.drawText(rect, int(flags), name)
        return
    text = metrics.elidedText(name, Qt.TextElideMode.ElideRight, int(rect.width()))
    painter.drawText(rect, int(Qt.AlignmentFlag.AlignVCenter), text)


def _paint_ruler(painter: QPainter, geo: Geometry) -> None:
    painter.fillRect(QRectF(0, 0, geo.left, geo.bottom), QColor("#f7f8fb"))
    painter.setPen(MUTED_TEXT)
    for hour in range(geo.first_hour, geo.last_hour):
        y = geo.y_of(hour * 60)
        painter.drawText(QRectF(0, y + 1, geo.left - 6, 16), int(Qt.AlignmentFlag.AlignRight), f"{hour:02d}:00")
