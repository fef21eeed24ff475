"""One meeting in the day and week views: a small widget of its own, so a screen reader can name it and the
keyboard can focus it, painted in its kind's colour (hatched when provisional, faded when held)."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFocusEvent, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from iro_diary.domain.codes import MeetingStatus
from iro_diary.services.diary_rows import MeetingRow
from iro_diary.ui.diary.look import KIND_SHORT, accessible_name, fill_colour, tooltip

TEXT_COLOUR = QColor("#1b1b1b")
SELECTED_COLOUR = QColor("#1b3358")
NARROW = 16  # pixels: below this a block is colour only (its tooltip and accessible name say the rest)


class BlockOwner(Protocol):
    """The view a block lives in: it handles selection, dragging and keys."""

    def block_pressed(self, block: MeetingBlock, event: QMouseEvent) -> None: ...
    def block_dragged(self, block: MeetingBlock, event: QMouseEvent) -> None: ...
    def block_released(self, block: MeetingBlock, event: QMouseEvent) -> None: ...
    def block_double_clicked(self, block: MeetingBlock) -> None: ...
    def block_key(self, block: MeetingBlock, event: QKeyEvent) -> bool: ...


class MeetingBlock(QWidget):
    def __init__(self, owner: BlockOwner, parent: QWidget) -> None:
        super().__init__(parent)
        self._owner = owner
        self.row: MeetingRow | None = None
        self.selected = False
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setAutoFillBackground(False)
        self.setCursor(Qt.CursorShape.OpenHandCursor)

    def show_row(self, row: MeetingRow) -> None:
        if row != self.row:
            self.row = row
            self.setAccessibleName(accessible_name(row))
            self.setToolTip(tooltip(row))
            self.update()

    def set_selected(self, selected: bool) -> None:
        if selected != self.selected:
            self.selected = selected
            self.update()

    @property
    def center(self) -> QPoint:
        return self.geometry().center()

    # -- painting ---------------------------------------------------------------------------------------------

    def paintEvent(self, _event: QPaintEvent) -> None:
        row = self.row
        if row is None:
            return
        painter = QPainter(self)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        colour = QColor(fill_colour(row))
        if row.status is MeetingStatus.HELD:
            colour = colour.lighter(115)
        painter.fillRect(rect, colour)
        if row.status is MeetingStatus.PROVISIONAL:
            painter.fillRect(rect, QBrush(colour.darker(135), Qt.BrushStyle.BDiagPattern))
        pen = QPen(SELECTED_COLOUR if self.selected else colour.darker(160), 2.5 if self.selected else 1)
        if row.status is MeetingStatus.PROVISIONAL and not self.selected:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawRect(rect)
        self._paint_text(painter, row)
        painter.end()

    def _paint_text(self, painter: QPainter, row: MeetingRow) -> None:
        if self.width() < NARROW or self.height() < 14:
            return
        font = painter.font()
        # A whole team's week leaves a day a finger's width: there it shows the kind's first word (the grid's hour
        # lines give the time).
        narrow = self.width() < 40
        font.setPointSizeF(7.0 if narrow else max(7.0, font.pointSizeF() - 1.5))
        font.setStrikeOut(row.status is MeetingStatus.CANCELLED)
        painter.setFont(font)
        painter.setPen(TEXT_COLOUR)
        metrics = painter.fontMetrics()
        box = self.rect().adjusted(2, 1, -1, -1) if narrow else self.rect().adjusted(3, 1, -3, -1)
        if narrow:
            lines = [KIND_SHORT[row.kind].split()[0]]
        else:
            lines = [f"{row.start:%H:%M} {KIND_SHORT[row.kind]}", row.who, row.place, row.chair_name]
        y = box.top() + metrics.ascent()
        for line in lines:
            if not line or y > box.bottom():
                continue
            text = metrics.elidedText(line, Qt.TextElideMode.ElideRight, box.width())
            if text.strip("…"):
                painter.drawText(box.left(), y, text)
            y += metrics.height()

    # -- input, handed to the view ----------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._owner.block_pressed(self, event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._owner.block_dragged(self, event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._owner.block_released(self, event)

    def mouseDoubleClickEvent(self, _event: QMouseEvent) -> None:
        self._owner.block_double_clicked(self)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._owner.block_key(self, event):
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()
