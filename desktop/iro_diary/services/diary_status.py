"""What is in this diary at a glance: for the status bar, the first-start check and `iro-diary self-test`."""

from __future__ import annotations

from dataclasses import dataclass

from iro_diary.services.context import ServiceContext
from iro_diary.store.repositories.bulk import BulkRepository


@dataclass(frozen=True, slots=True)
class DiaryCounts:
    iros: int
    rooms: int
    children: int
    meetings: int

    @property
    def is_empty(self) -> bool:
        return not (self.iros or self.rooms or self.children or self.meetings)


class DiaryStatusService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def is_empty(self) -> bool:
        with self._ctx.db.read() as session:
            return not BulkRepository(session).has_data()

    def counts(self) -> DiaryCounts:
        with self._ctx.db.read() as session:
            return DiaryCounts(*BulkRepository(session).core_counts())
