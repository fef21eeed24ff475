"""A table model over a list of frozen rows, with its columns declared as data.

Every list in the app is one of these: the rows are the services' frozen dataclasses (never ORM objects), each
column says how to show a row. The model sorts itself by each column's `sort_key` (dates sort as dates) with one
key per row and Python's sort, which is fast at 10,000 rows where a per-comparison lessThan is not; the proxy in
front of it only filters (the search box) and hands sorting down.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

R = TypeVar("R")
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column(Generic[R]):
    title: str
    text: Callable[[R], str]
    sort_key: Callable[[R], Any] | None = None
    tooltip: Callable[[R], str] | None = None
    align_right: bool = False
    colour: Callable[[R], str | None] | None = None  # a background colour ("#rrggbb") for the cell
    sample: str = ""  # typical widest text: long lists size the column from it instead of measuring rows


class RowTableModel(QAbstractTableModel, Generic[R]):
    """Shows `rows` through `columns`. Replace the rows with `set_rows()`."""

    def __init__(self, columns: Sequence[Column[R]], parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[R] = []
        self._search: dict[int, str] = {}
        self._sorted_by: tuple[int, Qt.SortOrder] | None = None

    def set_rows(self, rows: Sequence[R]) -> None:
        """Replace every row (kept in the order the user last sorted by, if any)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._search = {}
        if self._sorted_by is not None:
            self._rows = self._sorted_rows(*self._sorted_by)[0]
        self.endResetModel()

    def search_text(self, row: int) -> str:
        """Every column's text of one row, lower-cased, for the search box (built once per row)."""
        text = self._search.get(row)
        if text is None:
            text = " ".join(column.text(self._rows[row]) for column in self._columns).casefold()
            self._search[row] = text
        return text

    def sort_value(self, row: int, column: int) -> Any:
        spec = self._columns[column]
        value = self._rows[row]
        return spec.sort_key(value) if spec.sort_key is not None else spec.text(value).casefold()

    def replace_some(self, stale: Callable[[R], bool], fresh: Sequence[R], order: Callable[[R], Any]) -> None:
        """Drop the rows `stale` picks and add `fresh` ones, without a reset: selections and the scroll position
        on the other rows stay. The rows end in the user's sort order, or in `order` if they have not sorted."""
        gone = [row for row, value in enumerate(self._rows) if stale(value)]
        for first, last in reversed(_runs(gone)):
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._rows[first : last + 1]
            self.endRemoveRows()
        if fresh:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(fresh) - 1)
            self._rows.extend(fresh)
            self.endInsertRows()
        self._search = {}
        if self._sorted_by is not None:
            self.sort(*self._sorted_by)
        else:
            keys = [_orderable(order(value)) for value in self._rows]
            self._reorder(sorted(range(len(self._rows)), key=keys.__getitem__))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Reorder the rows by one column (empty values first), keeping selections on the same rows."""
        if not 0 <= column < len(self._columns):
            return
        self._sorted_by = (column, order)
        self._reorder(self._sorted_rows(column, order)[1])

    def _reorder(self, order_of_rows: list[int]) -> None:
        """Put the rows in this order (a list of their current positions), keeping persistent indexes on them."""
        self.layoutAboutToBeChanged.emit()
        self._rows = [self._rows[old] for old in order_of_rows]
        new_position = {old: new for new, old in enumerate(order_of_rows)}
        self._search = {}
        before = self.persistentIndexList()
        after = [self.index(new_position[i.row()], i.column()) for i in before]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def _sorted_rows(self, column: int, order: Qt.SortOrder) -> tuple[list[R], list[int]]:
        keys = [_orderable(self.sort_value(row, column)) for row in range(len(self._rows))]
        positions = sorted(range(len(self._rows)), key=keys.__getitem__, reverse=order == Qt.SortOrder.DescendingOrder)
        return [self._rows[old] for old in positions], positions

    def text(self, row: int, column: int) -> str:
        """What the cell shows (for measuring and exporting without going through Qt's data())."""
        return self._columns[column].text(self._rows[row])

    @property
    def columns(self) -> list[Column[R]]:
        return list(self._columns)

    def row_at(self, row: int) -> R:
        return self._rows[row]

    @property
    def rows(self) -> list[R]:
        return list(self._rows)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row, column = self._rows[index.row()], self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and column.colour is not None:
            colour = column.colour(row)
            return QColor(colour) if colour else None
        if role == ROW_ROLE:
            return row
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            return self._columns[section].title
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        return None


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Ascending row numbers as (first, last) runs of consecutive rows."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


def _orderable(value: Any) -> tuple[int, Any]:
    """A sort key that puts empty values first and never compares None with a value."""
    return (0, 0) if value is None else (1, value)


def date_text(value: Any, fmt: str = "%d %b %Y") -> str:
    return value.strftime(fmt) if value is not None else ""


class RowFilterProxy(QSortFilterProxyModel):
    """Sorts by each column's `sort_key` and filters on words typed in a search box.

    Every word must appear in some column of the row (case-insensitive): "smith c1001" finds Smith's C1001.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self._keep: Callable[[Any], bool] | None = None

    def set_search(self, text: str) -> None:
        self._change_filter(lambda: setattr(self, "_words", text.casefold().split()))

    def set_row_filter(self, keep: Callable[[Any], bool] | None) -> None:
        """Show only rows for which `keep(row)` is true (None shows every row): for filter drop-downs."""
        self._change_filter(lambda: setattr(self, "_keep", keep))

    def _change_filter(self, change: Callable[[], None]) -> None:
        # Qt 6.10 replaced invalidateFilter() with a begin/end pair around the change.
        if hasattr(self, "endFilterChange"):
            self.beginFilterChange()
            change()
            self.endFilterChange()
        else:  # pragma: no cover - PySide6 < 6.10
            change()
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        assert isinstance(model, RowTableModel)
        if self._keep is not None and not self._keep(model.row_at(source_row)):
            return False
        if not self._words:
            return True
        haystack = model.search_text(source_row)
        return all(word in haystack for word in self._words)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is the source model's job (see the module docstring); the proxy keeps its order."""
        model = self.sourceModel()
        if isinstance(model, RowTableModel):
            model.sort(column, order)
