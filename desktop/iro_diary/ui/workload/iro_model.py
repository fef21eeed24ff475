"""The per-IRO workload table: rows coloured by band status, filtered by team and by the search box."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from iro_diary.domain.caseload import BandStatus
from iro_diary.domain.codes import Team
from iro_diary.services.workload.rows import IroWorkloadRow
from iro_diary.ui.models.row_table import AnyIndex, RowFilterProxy, RowTableModel
from iro_diary.ui.workload.columns import IRO_COLUMNS

# One colour per band status, shared by the table and the charts (strong for bars, pale for cells).
STATUS_COLOURS = {
    BandStatus.UNDER: "#6f9fd8",
    BandStatus.IN: "#4e9a5b",
    BandStatus.OVER: "#d0533f",
    BandStatus.LEFT: "#9a9a9a",
}
STATUS_TINTS = {
    BandStatus.UNDER: "#e3edf9",
    BandStatus.IN: "#e1f1e3",
    BandStatus.OVER: "#f8dfda",
    BandStatus.LEFT: "#ececec",
}
BAND_COLUMN = next(n for n, c in enumerate(IRO_COLUMNS) if c.title == "Band")


class IroWorkloadModel(RowTableModel[IroWorkloadRow]):
    """The IRO rows, with the band status cell tinted by status."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(IRO_COLUMNS, parent)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        band_cell = index.isValid() and index.column() == BAND_COLUMN and 0 <= index.row() < self.rowCount()
        if role == Qt.ItemDataRole.BackgroundRole and band_cell:
            return QColor(STATUS_TINTS[self.row_at(index.row()).status])
        return super().data(index, role)


class TeamFilterProxy(RowFilterProxy):
    """The search box's words, and optionally one team."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._team: Team | None = None

    @property
    def team(self) -> Team | None:
        return self._team

    def set_team(self, team: Team | None) -> None:
        self._change_filter(lambda: setattr(self, "_team", team))

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        if self._team is not None and isinstance(model, RowTableModel) and model.row_at(source_row).team != self._team:
            return False
        return super().filterAcceptsRow(source_row, source_parent)

    def visible_rows(self) -> list[IroWorkloadRow]:
        """The rows shown, in the order shown."""
        model = self.sourceModel()
        assert isinstance(model, RowTableModel)
        return [model.row_at(self.mapToSource(self.index(r, 0)).row()) for r in range(self.rowCount())]
