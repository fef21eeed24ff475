"""Loading the diary's ranges off the GUI thread, with a small cache, so moving to the next week is instant.

After showing a range the pane asks for its neighbours too (`prefetch`): Page Down then finds the next week ready.
A change to meetings empties the cache (`forget`); results of loads started before it are not kept.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict

from PySide6.QtCore import QObject, Signal

from iro_diary.services.diary_rows import DiaryRange
from iro_diary.ui.context import UiContext

Key = tuple[dt.date, dt.date, bool]
CACHE_SIZE = 16


class RangeLoader(QObject):
    """Signals:
    loaded(object): the range last asked for (`want`) has arrived (a DiaryRange).
    """

    loaded = Signal(object)

    def __init__(self, ui: UiContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self._cache: OrderedDict[Key, DiaryRange] = OrderedDict()
        self._pending: set[Key] = set()
        self._wanted: Key | None = None
        self._generation = 0

    @property
    def loading(self) -> bool:
        return self._wanted is not None and self._wanted not in self._cache

    def want(self, key: Key) -> DiaryRange | None:
        """The range if it is cached (shown at once); otherwise it is loaded and `loaded` says when."""
        self._wanted = key
        found = self._cache.get(key)
        if found is not None:
            self._cache.move_to_end(key)
            return found
        self._load(key)
        return None

    def prefetch(self, keys: list[Key]) -> None:
        """Load these ranges ahead, on the lane for work nobody is waiting for."""
        for key in keys:
            if key not in self._cache:
                self._load(key, background=True)

    def forget(self) -> None:
        """Something changed: every cached range may be out of date."""
        self._cache.clear()
        self._pending.clear()
        self._generation += 1

    def _load(self, key: Key, *, background: bool = False) -> None:
        if key in self._pending:
            return
        self._pending.add(key)
        generation, services = self._generation, self.ui.services
        first, last, cancelled = key
        self.ui.runner.run(
            lambda _p: services.diary.range(first, last, include_cancelled=cancelled),
            on_success=lambda found: self._arrived(key, generation, found),
            on_failure=lambda _error: self._failed(key),
            background=background,
        )

    def _failed(self, key: Key) -> bool:
        self._pending.discard(key)
        if self._wanted == key:
            self._wanted = None
        return False

    def _arrived(self, key: Key, generation: int, found: DiaryRange) -> None:
        self._pending.discard(key)
        if generation != self._generation:
            if key == self._wanted:
                self._load(key)  # loaded before a change: load it again
            return
        self._cache[key] = found
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        if key == self._wanted:
            self.loaded.emit(found)
