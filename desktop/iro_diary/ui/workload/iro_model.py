"""The per-IRO workload table: the band status cell tinted by status (the Band column's colour), filtered by team
and by the search box."""

from __future__ import annotations

from typing import Any

from iro_diary.domain.codes import Team
from iro_diary.services.workload.rows import IroWorkloadRow
from iro_diary.ui.models.row_table import RowFilterProxy, RowTableModel
from iro_diary.ui.workload.columns import IRO_COLUMNS

BAND_COLUMN = next(n for n, c in enumerate(IRO_COLUMNS) if c.title == "Band")


def iro_workload_model(parent: Any = None) -> RowTableModel[IroWorkloadRow]:
    return RowTableModel(IRO_COLUMNS, parent)


class TeamFilterProxy(RowFilterProxy):
    """The search box's words, and optionally one team."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.team: Team | None = None

    def set_team(self, team: Team | None) -> None:
        self.team = team
        self.set_row_filter(None if team is None else lambda row: row.team == team)

    def visible_rows(self) -> list[IroWorkloadRow]:
        """The rows shown, in the order shown."""
        model = self.sourceModel()
        assert isinstance(model, RowTableModel)
        return [model.row_at(self.mapToSource(self.index(r, 0)).row()) for r in range(self.rowCount())]
