"""What the workload's two charts share: their set-up, the caseload band drawn as a shaded strip (IRO Handbook
2010: 50-70 per FTE by default), and axes in small print."""

from __future__ import annotations

from PySide6.QtCharts import QAbstractAxis, QAreaSeries, QChart, QChartView, QLineSeries, QValueAxis
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen

from iro_diary.domain.caseload import Band

BAND_FILL = QColor(78, 154, 91, 55)


def set_up(view: QChartView, title: str) -> tuple[QChart, QAreaSeries, QValueAxis]:
    """Give `view` a chart (owned by the view) titled `title`, with the band's area and a per-FTE axis added."""
    chart = QChart()
    chart.setTitle(title)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    view.setChart(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setAccessibleName(title)
    band = band_area(chart)
    chart.addSeries(band)
    per_fte = QValueAxis(chart)
    per_fte.setTitleText(view.tr("per FTE"))
    per_fte.setLabelFormat("%d")
    chart.addAxis(per_fte, Qt.AlignmentFlag.AlignLeft)
    return chart, band, per_fte


def band_area(chart: QChart) -> QAreaSeries:
    """A shaded area series owned by `chart` (add it to the chart, then `place_band` it)."""
    area = QAreaSeries(chart)
    area.setUpperSeries(QLineSeries(area))
    area.setLowerSeries(QLineSeries(area))
    area.setColor(BAND_FILL)
    area.setPen(QPen(Qt.PenStyle.NoPen))
    return area


def place_band(area: QAreaSeries, band: Band, first_x: float, last_x: float) -> None:
    """Shade from `band.low` to `band.high` between the two x positions."""
    area.upperSeries().replace([QPointF(first_x, band.high), QPointF(last_x, band.high)])
    area.lowerSeries().replace([QPointF(first_x, band.low), QPointF(last_x, band.low)])
    area.setName(f"Band {band.text}")


def small_print(chart: QChart, *axes: QAbstractAxis) -> None:
    """Axis labels and legend in a smaller font, so a year of months and a team's names fit."""
    font = QFont(chart.font())
    font.setPointSizeF(max(font.pointSizeF() - 1.5, 7.0))
    chart.legend().setFont(font)
    for axis in axes:
        axis.setLabelsFont(font)
