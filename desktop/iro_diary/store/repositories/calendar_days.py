"""Imported bank holidays and local closure days."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from iro_diary.store.models import CalendarDay


class CalendarDayRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def by_kind(self, kind: str) -> dict[dt.date, str]:
        rows = self.session.execute(select(CalendarDay.day, CalendarDay.name).where(CalendarDay.kind == kind))
        return {day: name for day, name in rows}

    def put(self, day: dt.date, kind: str, name: str) -> None:
        existing = self.session.get(CalendarDay, (day, kind))
        if existing is None:
            self.session.add(CalendarDay(day=day, kind=kind, name=name))
        else:
            existing.name = name

    def remove(self, day: dt.date, kind: str) -> bool:
        result = self.session.execute(delete(CalendarDay).where(CalendarDay.day == day, CalendarDay.kind == kind))
        return bool(getattr(result, "rowcount", 0))
