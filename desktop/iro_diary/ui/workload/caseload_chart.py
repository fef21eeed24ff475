"""Caseload per FTE for each IRO in the table, coloured by band status, over the band shaded green."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QChartView, QStackedBarSeries
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from iro_diary.domain.caseload import Band, BandStatus
from iro_diary.services.workload.rows import IroWorkloadRow
from iro_diary.ui.workload.chart_parts import place_band, set_up, small_print
from iro_diary.ui.workload.columns import STATUS_COLOURS

MOST_LABELS = 40  # beyond this many IROs the names are unreadable: hover the table instead


def short_name(name: str) -> str:
    """'Priya Alexander' -> 'P Alexander': fits under a bar."""
    parts = name.split()
    return name if len(parts) < 2 else f"{parts[0][0]} {parts[-1]}"


def unique_labels(names: Sequence[str]) -> list[str]:
    """Short names, made to differ (categories must): a second 'S Smith' becomes 'S Smith (2)'."""
    seen: Counter[str] = Counter()
    labels = []
    for name in map(short_name, names):
        seen[name] += 1
        labels.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return labels


class CaseloadChart(QChartView):
    """`show_rows(rows, band)` draws one bar per IRO, in the table's order."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        chart, self.band, self.y_axis = set_up(self, self.tr("Caseload per FTE by IRO"))
        self.bars = QStackedBarSeries(chart)
        self.bar_sets: dict[BandStatus, QBarSet] = {}
        for status in BandStatus:
            bar_set = QBarSet(status.label, self.bars)
            bar_set.setColor(QColor(STATUS_COLOURS[status]))
            bar_set.setBorderColor(QColor(STATUS_COLOURS[status]))
            self.bars.append(bar_set)
            self.bar_sets[status] = bar_set
        chart.addSeries(self.bars)
        self.x_axis = QBarCategoryAxis(chart)
        self.x_axis.setLabelsAngle(-90)
        chart.addAxis(self.x_axis, Qt.AlignmentFlag.AlignBottom)
        for series in (self.bars, self.band):
            series.attachAxis(self.x_axis)
            series.attachAxis(self.y_axis)
        small_print(chart, self.x_axis, self.y_axis)
        self.shown: list[IroWorkloadRow] = []

    def show_rows(self, rows: Sequence[IroWorkloadRow], band: Band) -> None:
        self.shown = list(rows)
        # The axes first, while the bar sets are empty: every change to them lays out every bar there is.
        for bar_set in self.bar_sets.values():
            if bar_set.count():
                bar_set.remove(0, bar_set.count())
        self.y_axis.setRange(0, max([band.high, *(r.per_fte for r in rows)]) * 1.1)
        self.y_axis.applyNiceNumbers()
        labels = unique_labels([r.name for r in rows])
        if labels != self.x_axis.categories():
            self.x_axis.setLabelsVisible(len(rows) <= MOST_LABELS)  # before adding: hidden labels are not laid out
            self.x_axis.clear()
            if labels:
                self.x_axis.append(labels)
        place_band(self.band, band, -0.5, max(len(rows), 1) - 0.5)
        markers = {m.label(): m for m in self.chart().legend().markers(self.bars)}
        for status, bar_set in self.bar_sets.items():
            values = [r.per_fte if r.status is status else 0.0 for r in rows]
            bar_set.append(values)
            markers[status.label].setVisible(any(values))

    def value_of(self, name: str) -> float | None:
        """The bar height shown for an IRO (for tests and accessibility)."""
        for row in self.shown:
            if row.name == name:
                return row.per_fte
        return None
