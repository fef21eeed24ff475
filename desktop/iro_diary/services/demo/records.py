"""The demo service as plain table rows, built in memory before one bulk write."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

Row = dict[str, Any]

# The order tables are written in, so every foreign key points at a row already there.
TABLE_ORDER = (
    "iro",
    "room",
    "absence",
    "family",
    "child",
    "iro_allocation",
    "care_episode",
    "protection_plan",
    "strategy_discussion",
    "strategy_discussion_child",
    "transfer_notification",
    "transfer_notification_child",
    "exploitation_concern",
    "foster_household",
    "meeting",
    "meeting_child",
    "attendee",
    "cause_for_concern",
    "concern_stage",
    "good_practice",
    "audit_answer",
)


@dataclass
class DemoData:
    """Rows by table name, with the next id for each table."""

    tables: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))
    _next_id: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, table: str, **values: Any) -> int:
        """Add a row, giving it the next id (unless it is a link row without one); return the id."""
        if table.endswith("_child") and table != "meeting_child":
            self.tables[table].append(values)
            return 0
        self._next_id[table] += 1
        values["id"] = self._next_id[table]
        self.tables[table].append(values)
        return self._next_id[table]

    def row(self, table: str, row_id: int) -> Row:
        """The row with `row_id` (ids are given in order from 1, so this is an index)."""
        return self.tables[table][row_id - 1]

    def count(self, table: str) -> int:
        return len(self.tables.get(table, ()))


@dataclass(frozen=True)
class DemoIro:
    id: int
    team: str
    fte: float
    working_days: frozenset[int]
    day_start: dt.time
    day_end: dt.time
    daily_cap: int


@dataclass(frozen=True)
class DemoRoom:
    id: int
    capacity: int
