"""Bar charts drawn with QPainter from a `ChartSpec`: the PDF's charts (QtCharts needs widgets on the GUI thread;
these draw anywhere, and look like the Reports pane's)."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen

from iro_diary.domain.reports.charts import ChartSpec

PALETTE = ("#1f5f99", "#e07b39", "#4e9a4b", "#c0504d", "#7f6aa8")
HISTORY_PALETTE = ("#b9cfe4", "#6f9fce", "#1f5f99")  # older years lighter, the period itself darkest
GRID = QColor("#d9d9d9")
TEXT = QColor("#222222")


def series_colours(spec: ChartSpec) -> list[QColor]:
    """One colour per series: shades of one colour for years side by side, distinct colours otherwise."""
    palette = HISTORY_PALETTE if len(spec.series) == len(HISTORY_PALETTE) else PALETTE
    return [QColor(palette[i % len(palette)]) for i in range(len(spec.series))]


def nice_step(top: float, ticks: int = 5) -> float:
    """A round gridline step (1, 2 or 5 times a power of ten) giving about `ticks` lines up to `top`."""
    raw = max(top, 1.0) / ticks
    power = 10.0 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def value_text(spec: ChartSpec, value: float) -> str:
    return f"{value:.1f}%" if spec.percent else f"{value:,.0f}"


def chart_image(spec: ChartSpec, width: int, height: int, scale: float = 2.0) -> QImage:
    """The chart on a white image of `width` x `height` points, drawn at `scale` pixels per point."""
    image = QImage(round(width * scale), round(height * scale), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(scale, scale)
        draw_chart(painter, QRectF(0, 0, width, height), spec)
    finally:
        painter.end()
    return image


def draw_chart(painter: QPainter, area: QRectF, spec: ChartSpec) -> None:
    font = QFont(painter.font())
    font.setPointSizeF(8.5)
    painter.setFont(font)
    title_font = QFont(font)
    title_font.setBold(True)
    title_font.setPointSizeF(10)
    painter.setFont(title_font)
    painter.setPen(TEXT)
    title_height = QFontMetricsF(title_font).height() + 6
    painter.drawText(
        QRectF(area.left(), area.top(), area.width(), title_height), Qt.AlignmentFlag.AlignLeft, spec.title
    )
    painter.setFont(font)
    body = area.adjusted(0, title_height, 0, 0)
    if len(spec.series) > 1:
        body = _legend(painter, body, spec)
    if not spec.categories:
        painter.drawText(body, Qt.AlignmentFlag.AlignCenter, "Nothing to show for this period")
    elif spec.horizontal:
        _horizontal(painter, body, spec)
    else:
        _vertical(painter, body, spec)


def _legend(painter: QPainter, body: QRectF, spec: ChartSpec) -> QRectF:
    metrics = QFontMetricsF(painter.font())
    x = body.left()
    for colour, series in zip(series_colours(spec), spec.series, strict=True):
        painter.fillRect(QRectF(x, body.top() + 3, 10, 10), colour)
        painter.drawText(QPointF(x + 14, body.top() + 12), series.name)
        x += 14 + metrics.horizontalAdvance(series.name) + 16
    return body.adjusted(0, metrics.height() + 6, 0, 0)


def _top(spec: ChartSpec) -> float:
    highest = max((v for s in spec.series for v in s.values), default=0.0)
    if spec.percent:
        return min(100.0, max(10.0, highest * 1.1))
    step = nice_step(highest)
    return max(step, math.ceil(highest * 1.08 / step) * step)


def _horizontal(painter: QPainter, body: QRectF, spec: ChartSpec) -> None:
    metrics = QFontMetricsF(painter.font())
    label_width = min(body.width() * 0.42, max(metrics.horizontalAdvance(c) for c in spec.categories) + 8)
    value_room = metrics.horizontalAdvance(value_text(spec, _top(spec))) + 8
    plot = QRectF(body.left() + label_width, body.top(), body.width() - label_width - value_room, body.height())
    top, colours = _top(spec), series_colours(spec)
    _gridlines(painter, plot, top, spec, vertical=True)
    row = plot.height() / len(spec.categories)
    bar = min(18.0, row * 0.75 / len(spec.series))
    for i, category in enumerate(spec.categories):
        y = plot.top() + i * row + (row - bar * len(spec.series)) / 2
        label = metrics.elidedText(category, Qt.TextElideMode.ElideRight, label_width - 8)
        painter.setPen(TEXT)
        painter.drawText(
            QRectF(body.left(), plot.top() + i * row, label_width - 8, row),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            label,
        )
        for colour, series in zip(colours, spec.series, strict=True):
            length = plot.width() * min(series.values[i], top) / top
            painter.fillRect(QRectF(plot.left(), y, length, bar), colour)
            painter.drawText(
                QPointF(plot.left() + length + 4, y + bar / 2 + metrics.ascent() / 2 - 1),
                value_text(spec, series.values[i]),
            )
            y += bar


def _vertical(painter: QPainter, body: QRectF, spec: ChartSpec) -> None:
    metrics_font = QFont(painter.font())
    metrics = QFontMetricsF(metrics_font)
    axis_width = metrics.horizontalAdvance(value_text(spec, _top(spec))) + 8
    plot = QRectF(
        body.left() + axis_width,
        body.top() + metrics.height(),
        body.width() - axis_width,
        body.height() - 2.4 * metrics.height(),
    )
    top, colours = _top(spec), series_colours(spec)
    _gridlines(painter, plot, top, spec, vertical=False)
    column = plot.width() / len(spec.categories)
    bar = min(34.0, column * 0.86 / len(spec.series))
    small = QFont(painter.font())
    small.setPointSizeF(7)
    for i, category in enumerate(spec.categories):
        x = plot.left() + i * column + (column - bar * len(spec.series)) / 2
        for colour, series in zip(colours, spec.series, strict=True):
            height = plot.height() * min(series.values[i], top) / top
            painter.fillRect(QRectF(x, plot.bottom() - height, bar - 2, height), colour)
            painter.setPen(TEXT)
            painter.setFont(small)
            painter.drawText(
                QRectF(x - 6, plot.bottom() - height - metrics.height(), bar + 10, metrics.height()),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                value_text(spec, series.values[i]),
            )
            painter.setFont(metrics_font)
            x += bar
        painter.drawText(
            QRectF(plot.left() + i * column, plot.bottom() + 3, column, metrics.height() * 1.3),
            Qt.AlignmentFlag.AlignCenter,
            metrics.elidedText(category, Qt.TextElideMode.ElideRight, column),
        )


def _gridlines(painter: QPainter, plot: QRectF, top: float, spec: ChartSpec, *, vertical: bool) -> None:
    """Light gridlines at round values, labelled along the value axis."""
    step = nice_step(top)
    metrics = QFontMetricsF(painter.font())
    value = 0.0
    while value <= top + 1e-9:
        painter.setPen(QPen(GRID, 0.6))
        if vertical:
            x = plot.left() + plot.width() * value / top
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
        else:
            y = plot.bottom() - plot.height() * value / top
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(TEXT)
            painter.drawText(
                QRectF(plot.left() - 200, y - metrics.height() / 2, 196, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                value_text(spec, value),
            )
        value += step
