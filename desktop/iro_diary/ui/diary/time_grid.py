"""The day and week views: a custom-painted grid of IRO (or room) columns split into days, with one small widget
per meeting so each can be named, focused and dragged.

Drag a meeting to move it (snapped to a quarter of an hour; to another column to change its chair or room): the
view asks for the move and leaves the meeting where it was dropped until the answer comes; a refused move snaps
back (`snap_back`). Double-click a meeting to edit it, or an empty slot to book there. Arrow keys move the
selection: up and down within a column, left and right to the nearest meeting in the next column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QEvent, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QHelpEvent, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from iro_diary.services.diary_rows import MeetingRow
from iro_diary.ui.diary.grid_layout import (
    Cell,
    Geometry,
    GridContent,
    Placed,
    hours,
    place,
    snap,
)
from iro_diary.ui.diary.grid_paint import cell_note, paint_grid
from iro_diary.ui.diary.meeting_block import MeetingBlock

RULER_WIDTH = 48
HEADER_HEIGHT = 40
MIN_COLUMN_WIDTH = 24
MIN_HOUR_HEIGHT = 40
NOW_REFRESH_MS = 60_000


class TimeGrid(QWidget):
    """Signals:
    selection_changed(object): the selected meeting (a MeetingRow) or None.
    edit_requested(object): the user asked to open a meeting (MeetingRow).
    move_requested(object, object, object, int): a meeting dropped at (day, start time, column's resource id).
    book_requested(object, object, int): a double-click on an empty slot (day, start time, resource id).
    """

    selection_changed = Signal(object)
    edit_requested = Signal(object)
    move_requested = Signal(object, object, object, int)
    book_requested = Signal(object, object, int)

    def __init__(self, now: Callable[[], dt.datetime], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._now = now  # the UK local time now (from the UI's clock)
        self.content = GridContent((), (), (), {}, {})
        self._cells: list[Cell] = []
        self._placed: dict[int, Placed] = {}
        self._blocks: dict[int, MeetingBlock] = {}
        self._spare: list[MeetingBlock] = []
        self._geometry = Geometry(RULER_WIDTH, HEADER_HEIGHT, MIN_COLUMN_WIDTH, MIN_HOUR_HEIGHT, 8, 18, 0)
        self._drag: tuple[MeetingBlock, QPoint, bool] | None = None
        self.selected_id: int | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(False)
        self.setAccessibleName(self.tr("Diary"))
        timer = QTimer(self)
        timer.setInterval(NOW_REFRESH_MS)
        timer.timeout.connect(self.update)
        timer.start()

    # -- content ----------------------------------------------------------------------------------------------

    def set_content(self, content: GridContent) -> None:
        """Show new content; blocks are reused, the selection kept if its meeting is still shown."""
        self.content = content
        self._cells = content.cells()
        self._placed = {p.meeting.id: p for p in place(content.meetings, content.cell_of)}
        first, last = hours(list(content.meetings))
        self._geometry = Geometry(
            RULER_WIDTH, HEADER_HEIGHT, MIN_COLUMN_WIDTH, MIN_HOUR_HEIGHT, first, last, len(self._cells)
        )
        self.setMinimumSize(
            RULER_WIDTH + len(self._cells) * MIN_COLUMN_WIDTH, HEADER_HEIGHT + (last - first) * MIN_HOUR_HEIGHT
        )
        self._sync_blocks()
        self._lay_out()
        if self.selected_id not in self._placed:
            self.select_meeting(None)
        self.update()

    def _sync_blocks(self) -> None:
        for meeting_id in [m for m in self._blocks if m not in self._placed]:
            block = self._blocks.pop(meeting_id)
            block.hide()
            block.set_selected(False)
            self._spare.append(block)
        for meeting_id, placed in self._placed.items():
            found = self._blocks.get(meeting_id)
            block = found if found is not None else (self._spare.pop() if self._spare else MeetingBlock(self, self))
            self._blocks[meeting_id] = block
            block.show_row(placed.meeting)
            block.set_selected(meeting_id == self.selected_id)

    def _lay_out(self) -> None:
        columns = max(1, len(self._cells))
        hours_shown = max(1, self._geometry.last_hour - self._geometry.first_hour)
        width = max(MIN_COLUMN_WIDTH, (self.width() - RULER_WIDTH) / columns)
        height = max(MIN_HOUR_HEIGHT, (self.height() - HEADER_HEIGHT - 1) / hours_shown)
        g = self._geometry
        self._geometry = Geometry(g.left, g.top, width, height, g.first_hour, g.last_hour, len(self._cells))
        for meeting_id, block in self._blocks.items():
            block.setGeometry(self.block_rect(self._placed[meeting_id]))
            block.show()

    def block_rect(self, placed: Placed) -> QRect:
        g = self._geometry
        lane_width = g.column_width / placed.lanes
        x = g.x_of(placed.cell) + placed.lane * lane_width
        top, bottom = g.y_of(placed.top), g.y_of(placed.bottom)
        return QRect(int(x) + 1, int(top) + 1, max(4, int(lane_width) - 2), max(6, int(bottom - top) - 1))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._lay_out()

    # -- what is shown ----------------------------------------------------------------------------------------

    def block(self, meeting_id: int) -> MeetingBlock | None:
        return self._blocks.get(meeting_id)

    def blocks(self) -> list[MeetingBlock]:
        return [self._blocks[m] for m in self._placed]

    def cell_rect(self, resource_id: int, day: dt.date) -> QRect | None:
        """The rectangle of one resource's day (for tests and for scrolling it into view)."""
        cell = next((c for c in self._cells if c.resource.id == resource_id and c.day == day), None)
        if cell is None:
            return None
        g = self._geometry
        return QRect(int(g.x_of(cell.index)), int(g.top), int(g.column_width), int(g.bottom - g.top))

    def point_at(self, resource_id: int, day: dt.date, time: dt.time) -> QPoint | None:
        rect = self.cell_rect(resource_id, day)
        if rect is None:
            return None
        return QPoint(rect.center().x(), int(self._geometry.y_of(time.hour * 60 + time.minute)) + 2)

    # -- selection and keys -----------------------------------------------------------------------------------

    def select_meeting(self, meeting_id: int | None, *, focus: bool = False) -> None:
        if meeting_id is not None and meeting_id not in self._placed:
            meeting_id = None
        changed = meeting_id != self.selected_id
        for block_id, block in self._blocks.items():
            block.set_selected(block_id == meeting_id)
        self.selected_id = meeting_id
        if meeting_id is not None and focus:
            self._blocks[meeting_id].setFocus(Qt.FocusReason.TabFocusReason)
        if changed:
            self.selection_changed.emit(self._placed[meeting_id].meeting if meeting_id is not None else None)

    def selected(self) -> MeetingRow | None:
        return self._placed[self.selected_id].meeting if self.selected_id is not None else None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._navigate(event):
            super().keyPressEvent(event)

    def block_key(self, block: MeetingBlock, event: QKeyEvent) -> bool:
        return self._navigate(event)

    def _navigate(self, event: QKeyEvent) -> bool:
        key = Qt.Key(event.key())
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected() is not None:
            self.edit_requested.emit(self.selected())
            return True
        arrows = {Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1), Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0)}
        if key not in arrows:
            return False
        target = self._neighbour(*arrows[key])
        if target is not None:
            self.select_meeting(target, focus=True)
        return True

    def _neighbour(self, across: int, down: int) -> int | None:
        ordered = sorted(self._placed.values(), key=lambda p: (p.cell, p.top, p.lane))
        if not ordered:
            return None
        current = self._placed.get(self.selected_id) if self.selected_id is not None else None
        if current is None:
            return ordered[0].meeting.id
        if down:
            same = [p for p in ordered if p.cell == current.cell]
            index = same.index(current) + down
            return same[index].meeting.id if 0 <= index < len(same) else current.meeting.id
        cells = sorted({p.cell for p in ordered})
        position = cells.index(current.cell) + across
        if not 0 <= position < len(cells):
            return current.meeting.id
        candidates = [p for p in ordered if p.cell == cells[position]]
        return min(candidates, key=lambda p: abs(p.top - current.top)).meeting.id

    # -- mouse: select, drag, double-click --------------------------------------------------------------------

    def block_pressed(self, block: MeetingBlock, event: QMouseEvent) -> None:
        if block.row is None or event.button() != Qt.MouseButton.LeftButton:
            return
        self.select_meeting(block.row.id, focus=True)
        self._drag = (block, event.position().toPoint(), False)

    def block_dragged(self, block: MeetingBlock, event: QMouseEvent) -> None:
        if self._drag is None or self._drag[0] is not block or block.row is None or not block.row.pending:
            return
        _block, grab, moving = self._drag
        position = block.mapToParent(event.position().toPoint())
        if not moving and (event.position().toPoint() - grab).manhattanLength() < QApplication.startDragDistance():
            return
        self._drag = (block, grab, True)
        target = self._drop_target(position - grab, block)
        if target is not None:
            block.raise_()
            block.setGeometry(target[2])
            block.setCursor(Qt.CursorShape.ClosedHandCursor)

    def block_released(self, block: MeetingBlock, event: QMouseEvent) -> None:
        drag, self._drag = self._drag, None
        block.setCursor(Qt.CursorShape.OpenHandCursor)
        if drag is None or not drag[2] or block.row is None:
            return
        position = block.mapToParent(event.position().toPoint()) - drag[1]
        target = self._drop_target(position, block)
        placed = self._placed.get(block.row.id)
        if target is None or placed is None:
            self.snap_back(block.row.id)
            return
        cell, start, _rect = target
        if cell.index == placed.cell and start == block.row.start.time().replace(tzinfo=None):
            self.snap_back(block.row.id)
            return
        self.move_requested.emit(block.row, cell.day, start, cell.resource.id)

    def _drop_target(self, top_left: QPoint, block: MeetingBlock) -> tuple[Cell, dt.time, QRect] | None:
        g = self._geometry
        index = g.cell_at(top_left.x() + block.width() / 2)
        row = block.row
        if index is None or row is None:
            return None
        minutes = snap(g.minutes_at(top_left.y()))
        minutes = max(0, min(minutes, 24 * 60 - row.minutes))
        start = dt.time(minutes // 60, minutes % 60)
        rect = QRect(int(g.x_of(index)) + 1, int(g.y_of(minutes)) + 1, int(g.column_width) - 2, block.height())
        return self._cells[index], start, rect

    def snap_back(self, meeting_id: int) -> None:
        """Put a meeting back where the diary says it is (after a refused or abandoned move)."""
        block, placed = self._blocks.get(meeting_id), self._placed.get(meeting_id)
        if block is not None and placed is not None:
            block.setGeometry(self.block_rect(placed))

    def block_double_clicked(self, block: MeetingBlock) -> None:
        self._drag = None
        if block.row is not None:
            self.edit_requested.emit(block.row)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self.select_meeting(None)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        found = self._slot_at(event.position().toPoint())
        if found is not None:
            self.book_requested.emit(found[0].day, found[1], found[0].resource.id)

    def _slot_at(self, point: QPoint) -> tuple[Cell, dt.time] | None:
        g = self._geometry
        index = g.cell_at(point.x())
        if index is None or point.y() < g.top:
            return None
        minutes = max(0, min(int(g.minutes_at(point.y()) // 15 * 15), 23 * 60 + 45))
        return self._cells[index], dt.time(minutes // 60, minutes % 60)

    # -- painting and tooltips --------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        paint_grid(painter, self._geometry, self.content, self._cells, event.rect(), self._now())
        painter.end()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self._geometry.cell_at(event.pos().x())
            note = cell_note(self.content, self._cells[index]) if index is not None else ""
            if note and index is not None:
                cell = self._cells[index]
                QToolTip.showText(event.globalPos(), f"{cell.resource.name}, {cell.day:%a %d %b}: {note}", self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)
