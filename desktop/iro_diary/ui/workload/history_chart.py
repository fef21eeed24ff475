"""Caseload per FTE over the last year, month by month, for the service, each team and the chosen IRO."""

from __future__ import annotations

from PySide6.QtCharts import QBarCategoryAxis, QChart, QChartView, QLineSeries
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QWidget

from iro_diary.domain.codes import Team
from iro_diary.services.workload.rows import CaseloadHistory, IroWorkloadRow, Workload
from iro_diary.ui.workload.caseload_chart import short_name
from iro_diary.ui.workload.chart_parts import place_band, set_up, small_print

WHOLE_SERVICE = "Whole service"
# Series (named as the service names them) -> legend label, colour, width, style. Short labels fit the legend.
LINES: dict[str, tuple[str, str, float, Qt.PenStyle]] = {
    WHOLE_SERVICE: ("Service", "#1b3358", 3.0, Qt.PenStyle.SolidLine),
    Team.CHILDREN_IN_CARE.label: ("In care", "#2f7ab8", 2.0, Qt.PenStyle.SolidLine),
    Team.CHILD_PROTECTION.label: ("Protection", "#c0702a", 2.0, Qt.PenStyle.SolidLine),
    Team.MIXED.label: ("Mixed", "#7a4fa3", 2.0, Qt.PenStyle.SolidLine),
    Team.FOSTERING.label: ("Fostering", "#6b8e23", 2.0, Qt.PenStyle.SolidLine),
}
SELECTED = ("", "#222222", 2.0, Qt.PenStyle.DashLine)


def _line(chart: QChart, look: tuple[str, str, float, Qt.PenStyle]) -> QLineSeries:
    label, colour, width, style = look
    series = QLineSeries(chart)
    series.setName(label)
    pen = QPen(QColor(colour))
    pen.setWidthF(width)
    pen.setStyle(style)
    series.setPen(pen)
    return series


class HistoryChart(QChartView):
    """`show_history(history, workload, selected)`: month ends from the allocation history, then today."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        chart, self.band, self.y_axis = set_up(self, self.tr("Caseload per FTE over the last 12 months"))
        self.lines = {name: _line(chart, look) for name, look in LINES.items()}
        self.selected_line = _line(chart, SELECTED)
        self.x_axis = QBarCategoryAxis(chart)
        chart.addAxis(self.x_axis, Qt.AlignmentFlag.AlignBottom)
        for series in (self.band, *self.lines.values(), self.selected_line):
            if series is not self.band:
                chart.addSeries(series)
            series.attachAxis(self.x_axis)
            series.attachAxis(self.y_axis)
        small_print(chart, self.x_axis, self.y_axis)
        self.values: dict[str, list[float | None]] = {}
        self._show(self.selected_line, [])

    def show_history(self, history: CaseloadHistory, workload: Workload, selected: IroWorkloadRow | None) -> None:
        self.x_axis.clear()
        self.x_axis.append([f"{d:%b}" for d in history.dates] + [self.tr("Now")])
        first, last = history.dates[0], history.dates[-1]
        self.chart().setTitle(
            self.tr("Caseload per FTE at each month end, {0:%b %Y} to {1:%b %Y}, and now").format(first, last)
        )
        today = {t.name: t.per_fte for t in workload.teams}
        self.values = {s.name: [*s.per_fte, today.get(s.name)] for s in history.series}
        for name, line in self.lines.items():
            self._show(line, self.values.get(name, []))
        self.show_selected(history, selected)
        place_band(self.band, history.band, 0, len(history.dates))
        known = [v for values in self.values.values() for v in values if v is not None]
        self.y_axis.setRange(0, max([history.band.high, *known]) * 1.1)
        self.y_axis.applyNiceNumbers()

    def show_selected(self, history: CaseloadHistory, row: IroWorkloadRow | None) -> None:
        """Add the chosen IRO's own line (dashed), or take it away."""
        if row is None or row.iro_id not in history.by_iro:
            self.selected_line.setName("")
            self._show(self.selected_line, [])
            return
        self.selected_line.setName(short_name(row.name))
        self._show(self.selected_line, [*history.by_iro[row.iro_id], row.per_fte if row.staffed else None])

    def _show(self, line: QLineSeries, values: list[float | None]) -> None:
        line.replace([QPointF(x, y) for x, y in enumerate(values) if y is not None])
        visible = any(v is not None for v in values)
        line.setVisible(visible)
        for marker in self.chart().legend().markers(line):
            marker.setVisible(visible)
