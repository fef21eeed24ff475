"""Entering statutory neighbours' and England's values for a year, shown beside the service's own figures.

They come from DfE's published statistics (children looked after, characteristics of children in need), so
they are typed in once a year; an empty box means not entered. Saved as settings
`comparators.YEAR.MEASURE.neighbours|national`, all in one change.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QGridLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from iro_diary.domain.reports.definitions import COMPARABLE, COMPARATOR_GROUPS, FIGURES
from iro_diary.domain.reports.period import ReportPeriod
from iro_diary.domain.reports.records import Comparator
from iro_diary.infra.settings_schema import comparator_key


class ComparatorDialog(QDialog):
    """Signals:
    save_requested(dict): the settings to change (key -> value text; '' clears one).
    """

    save_requested = Signal(dict)

    def __init__(self, year: int, current: dict[str, Comparator], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.year = year
        self.setWindowTitle(self.tr("Comparators for {0}").format(ReportPeriod(year).year_label))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.boxes: dict[str, QLineEdit] = {}
        grid = QGridLayout()
        for column, group in enumerate(COMPARATOR_GROUPS.values(), start=1):
            grid.addWidget(QLabel(f"<b>{group}</b>"), 0, column)
        for row, (measure, figure) in enumerate(COMPARABLE.items(), start=1):
            label, definition = FIGURES[figure]
            name = QLabel(label)
            name.setToolTip(definition)
            grid.addWidget(name, row, 0)
            found = current.get(measure, Comparator())
            for column, group in enumerate(COMPARATOR_GROUPS, start=1):
                value = found.neighbours if group == "neighbours" else found.national
                box = QLineEdit("" if value is None else f"{value:g}", self)
                box.setValidator(QDoubleValidator(0.0, 100000.0, 1, box))
                box.setAccessibleName(f"{label}: {COMPARATOR_GROUPS[group]}")
                box.setMaximumWidth(120)
                grid.addWidget(box, row, column)
                self.boxes[comparator_key(year, measure, group)] = box
        intro = QLabel(
            self.tr(
                "Statutory neighbours' and England's figures for {0}, from DfE's published statistics. "
                "Leave a box empty when there is no figure."
            ).format(ReportPeriod(year).year_label)
        )
        intro.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(buttons)

    def values(self) -> dict[str, str]:
        return {key: box.text().strip() for key, box in self.boxes.items()}

    def save(self) -> None:
        self.save_requested.emit(self.values())
        self.close()
