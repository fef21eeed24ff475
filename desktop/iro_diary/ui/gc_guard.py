"""Garbage collection on the GUI thread only.

Python's cyclic collector runs in whichever thread happens to allocate when its threshold is reached. If that is
an op-runner worker and the cycle holds a Qt object, Qt deletes a widget off the GUI thread and the app crashes.
Anki and qutebrowser avoid this the same way: automatic collection off, a timer collecting on the GUI thread.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 5000
_guard: GuiThreadCollector | None = None


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.collect)
        self._timer.start()

    def collect(self) -> None:
        # Young generations often, the oldest rarely, as the automatic collector would.
        gc.collect(0)
        if gc.get_count()[1] > 10:
            gc.collect()


def collect_on_gui_thread() -> None:
    """Install the collector once per application (idempotent)."""
    global _guard
    app = QCoreApplication.instance()
    if _guard is None and app is not None:
        _guard = GuiThreadCollector(app)
