"""Reading stored values quickly, shared by the repositories that read a whole diary (the due list, reports, the
compliance cache, the scheduling assistant): ids in batches, and raw column values turned into dates and codes
without SQLAlchemy's per-row conversion.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar, overload

from sqlalchemy import String, type_coerce

from iro_diary.domain.codes import MeetingKind, MeetingStatus
from iro_diary.infra.clock import LONDON

# Ids per IN (...) list: SQLite allows some 32,000 parameters in one statement.
ID_BATCH = 5000
MEETING_KINDS = {kind.value: kind for kind in MeetingKind}
MEETING_STATUSES = {status.value: status for status in MeetingStatus}

T = TypeVar("T")


def batches(ids: Sequence[T]) -> Iterator[Sequence[T]]:
    """`ids` in slices short enough for one IN (...) list."""
    for start in range(0, len(ids), ID_BATCH):
        yield ids[start : start + ID_BATCH]


def raw(column: Any) -> Any:
    """The column's stored value without SQLAlchemy's result conversion (see `local_day`)."""
    return type_coerce(column, String)


@overload
def date_of(value: dt.date | str) -> dt.date: ...
@overload
def date_of(value: dt.date | str | None) -> dt.date | None: ...
def date_of(value: dt.date | str | None) -> dt.date | None:
    """A DATE column's raw value as a date (SQLite stores ISO text; PostgreSQL returns dates)."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


@functools.lru_cache(maxsize=65536)
def _local_day_of_hour(hour: dt.datetime | str) -> dt.date:
    if isinstance(hour, str):  # SQLite's stored text, naive UTC: "2026-11-26 10"
        hour = dt.datetime.fromisoformat(f"{hour}:00").replace(tzinfo=dt.UTC)
    return hour.astimezone(LONDON).date()


def local_day(instant: dt.datetime | str) -> dt.date:
    """The UK date of a meeting's start, from the stored value (SQLite text or a PostgreSQL datetime).

    Cached per hour: a diary's meetings start on a few thousand distinct hours. This is the due list's hot path,
    so it reads raw values rather than paying for SQLAlchemy's per-row type conversion.
    """
    if isinstance(instant, str):
        return _local_day_of_hour(instant[:13])
    return _local_day_of_hour(instant.replace(minute=0, second=0, microsecond=0))
