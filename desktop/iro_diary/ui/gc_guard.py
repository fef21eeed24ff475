"""Garbage collection on the GUI thread only.

Python's cyclic collector runs in whichever thread happens to allocate when its threshold is reached. If that is
an op-runner worker and the cycle holds a Qt object, Qt deletes a widget off the GUI thread and the app crashes.
Anki and qutebrowser avoid this the same way: automatic collection off, a timer collecting on the GUI thread.
"""

from __future__ import annotations

import gc
import weakref
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 5000
# A full collection (every object of a large diary: a tenth of a second or more) waits while an operation runs,
# so a planner or a report working in the background is not met by a frozen window; at most this many ticks.
MOST_POSTPONED = 12
_guard: GuiThreadCollector | None = None
_runners: weakref.WeakSet[Any] = weakref.WeakSet()


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        gc.disable()
        # What start-up made (modules, classes, Qt's wrappers) lives as long as the app: full collections need not
        # look at it again.
        gc.freeze()
        self._postponed = 0
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.collect)
        self._timer.start()

    def collect(self) -> None:
        # The generations as the automatic collector would take them: the young often, the oldest rarely.
        gc.collect(0)
        if gc.get_count()[1] > 10:
            gc.collect(1)
        if gc.get_count()[2] <= 10:
            return
        if any(runner.busy for runner in list(_runners)) and self._postponed < MOST_POSTPONED:
            self._postponed += 1
            return
        self._postponed = 0
        gc.collect()


def collect_on_gui_thread(runner: Any = None) -> None:
    """Install the collector once per application (idempotent); `runner` (an OpRunner) being busy postpones full
    collections."""
    global _guard
    if runner is not None:
        _runners.add(runner)
    app = QCoreApplication.instance()
    if _guard is None and app is not None:
        _guard = GuiThreadCollector(app)
