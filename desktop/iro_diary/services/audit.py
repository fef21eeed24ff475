"""Audit rows: every change is attributable (who, when, what, before and after), in the same transaction."""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy.orm import Session

from iro_diary.services.context import ServiceContext
from iro_diary.store.models import AuditEntry


def snapshot(record: object, fields: Iterable[str]) -> dict[str, Any]:
    """The named attributes of `record` as JSON-ready values (dates as ISO text, enums as their codes)."""
    return {name: _plain(getattr(record, name)) for name in fields}


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return value


def record(
    session: Session,
    ctx: ServiceContext,
    *,
    action: str,
    entity: str,
    entity_id: object,
    summary: str = "",
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> None:
    """Add one audit row for a change made in `session`."""
    session.add(
        AuditEntry(
            **row(ctx, action=action, entity=entity, entity_id=entity_id, summary=summary, before=before, after=after)
        )
    )


def row(
    ctx: ServiceContext,
    *,
    action: str,
    entity: str,
    entity_id: object,
    summary: str = "",
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The values of one audit row, for writing many at once (an import audits every record it touches)."""
    return {
        "at": ctx.clock.now(),
        "actor": ctx.actor,
        "action": action,
        "entity": entity,
        "entity_id": str(entity_id),
        "summary": summary[:200],
        "before": json.dumps(before, sort_keys=True) if before is not None else None,
        "after": json.dumps(after, sort_keys=True) if after is not None else None,
    }
