"""One of the Reports pane's charts: a QtCharts bar chart of a `ChartSpec`; clicking a bar drills down."""

from __future__ import annotations

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from iro_diary.domain.reports.charts import ChartSpec
from iro_diary.ui.report_pdf.chart_painter import nice_step, series_colours

MINIMUM_HEIGHT = 300
ROW_HEIGHT = 24  # a horizontal bar and its label


class ReportChart(QChartView):
    """Signals:
    bar_clicked(str, str): the breakdown and the line (category) of a clicked bar.
    """

    bar_clicked = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec: ChartSpec | None = None
        self._order: list[int] = []
        chart = QChart()
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.setChart(chart)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(MINIMUM_HEIGHT)

    def show_spec(self, spec: ChartSpec) -> None:
        """Draw `spec` in place of what was shown."""
        self.spec = spec
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
            axis.deleteLater()
        chart.setTitle(spec.title)
        self.setToolTip(f"{spec.definition}\n{self.tr('Click a bar to list what is behind it.')}")
        self.setAccessibleName(spec.title)
        series = QHorizontalBarSeries() if spec.horizontal else QBarSeries()
        # A horizontal chart's first category is drawn at the bottom: reverse them, so the list reads downwards.
        order = list(range(len(spec.categories)))[:: -1 if spec.horizontal else 1]
        self._order = order
        categories = [spec.categories[i] for i in order]
        for colour, data in zip(series_colours(spec), spec.series, strict=True):
            bar_set = QBarSet(data.name)
            bar_set.setColor(QColor(colour))
            bar_set.setLabelColor(QColor("#222222"))
            bar_set.append([float(data.values[i]) for i in order])
            bar_set.clicked.connect(self._on_clicked)
            series.append(bar_set)
        # Grouped bars side by side leave no room for their values: those are in the Tables tab.
        series.setLabelsVisible(spec.horizontal or len(spec.series) == 1)
        series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setLabelsFormat("@value%" if spec.percent else "@value")
        chart.addSeries(series)
        self._add_axes(chart, series, categories, spec)
        chart.legend().setVisible(len(spec.series) > 1)
        rows = len(spec.categories) * (len(spec.series) if spec.horizontal else 0)
        self.setMinimumHeight(max(MINIMUM_HEIGHT, 90 + ROW_HEIGHT * rows))

    def _add_axes(
        self, chart: QChart, series: QBarSeries | QHorizontalBarSeries, categories: list[str], spec: ChartSpec
    ) -> None:
        labels = QBarCategoryAxis()
        labels.append(categories)
        values = QValueAxis()
        top = max((v for s in spec.series for v in s.values), default=0.0)
        if spec.percent:
            values.setRange(0, 100 if top > 50 else 50)
            values.setTickCount(5 if top > 50 else 6)
        else:
            step = nice_step(top * 1.15, 4)
            ticks = int(top * 1.15 / step) + 1
            values.setRange(0, step * ticks)
            values.setTickCount(ticks + 1)
        values.setLabelFormat("%.0f%%" if spec.percent else "%.0f")
        if spec.horizontal:
            chart.addAxis(labels, Qt.AlignmentFlag.AlignLeft)
            chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        else:
            chart.addAxis(labels, Qt.AlignmentFlag.AlignBottom)
            chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(labels)
        series.attachAxis(values)

    def _on_clicked(self, index: int) -> None:
        if self.spec is not None and 0 <= index < len(self._order):
            self.bar_clicked.emit(self.spec.breakdown, self.spec.category_keys[self._order[index]])
