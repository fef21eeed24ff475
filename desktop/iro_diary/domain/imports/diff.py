"""Which file rows add a record, which change one, and which the diary already holds exactly.

Only the columns a file has are compared: a file without `expected_delivery` changes nobody's expected date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from iro_diary.domain.imports.checks import row_key
from iro_diary.domain.imports.parsing import ParsedFile, ParsedRow


@dataclass(frozen=True, slots=True)
class Update:
    record_id: int
    row: ParsedRow
    changed: tuple[str, ...]
    before: dict[str, Any]


@dataclass
class KindPlan:
    parsed: ParsedFile
    added: list[ParsedRow] = field(default_factory=list)
    updated: list[Update] = field(default_factory=list)
    unchanged: int = 0


def same_value(column: str, new: Any, old: Any) -> bool:
    """Equal as the diary means it: room names regardless of case, a meeting's children regardless of order."""
    if column == "room" and new is not None and old is not None:
        return bool(new.casefold() == old.casefold())
    if column == "case_refs":
        return sorted(new) == sorted(old)
    return bool(new == old)


def plan_changes(parsed: ParsedFile, current: Iterable[tuple[int, dict[str, Any]]]) -> KindPlan:
    """Sort every row of a checked file into added, updated (with what changed) or unchanged."""
    template = parsed.template
    existing = {row_key(template, values): (record_id, values) for record_id, values in current}
    compared = [c for c in parsed.columns if c not in template.key]
    plan = KindPlan(parsed)
    for row in parsed.rows:
        found = existing.get(row_key(template, row.values))
        if found is None:
            plan.added.append(row)
            continue
        record_id, old = found
        changed = tuple(c for c in compared if not same_value(c, row.values[c], old.get(c)))
        if changed:
            plan.updated.append(Update(record_id, row, changed, {c: old.get(c) for c in changed}))
        else:
            plan.unchanged += 1
    return plan
