"""Running service calls off the GUI thread, one at a time, with progress (Anki's CollectionOp, in our words).

`OpRunner.run(work, on_success=...)` runs `work(progress)` on a worker thread. Database work is serialised: the
pool has one thread, so two operations never race each other. Results and failures come back on the GUI
thread; failures nobody handles go to the one error sink (a dialog).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from shiboken6 import isValid

from iro_diary.ui.gc_guard import collect_on_gui_thread

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
Work = Callable[[Progress], Any]


class _Relay(QObject):
    """Lives in the GUI thread; the worker emits through it, so slots run there."""

    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int, str)


class _Task(QRunnable):
    def __init__(self, work: Work, relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._work = work
        self._relay = relay

    def run(self) -> None:
        work, relay = self._work, self._relay
        # Drop our references here: the runner keeps both alive until the GUI thread has the result, so nothing
        # the work captured (a pane, a dialog) can be destroyed on this worker thread.
        self._work = self._relay = None  # type: ignore[assignment]
        try:
            result = work(relay.progressed.emit)
        except BaseException as error:
            relay.failed.emit(error)
        else:
            relay.succeeded.emit(result)


class OpRunner(QObject):
    """Signals:
    busy_changed(bool): an operation started (True) or the last one finished (False).
    progress(int, int, str): done, total and a description of the running operation.
    """

    busy_changed = Signal(bool)
    progress = Signal(int, int, str)

    def __init__(self, error_sink: Callable[[BaseException], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._error_sink = error_sink
        self._running: dict[_Relay, Work] = {}
        collect_on_gui_thread()

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def run(
        self,
        work: Work,
        *,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], bool] | None = None,
        label: str = "",
    ) -> None:
        """Run `work(progress)` off the GUI thread. `on_failure` returns True when it handled the error."""
        relay = _Relay()
        relay.succeeded.connect(
            lambda result: self._finish(relay, on_success, result), Qt.ConnectionType.QueuedConnection
        )
        relay.failed.connect(lambda error: self._fail(relay, on_failure, error), Qt.ConnectionType.QueuedConnection)
        relay.progressed.connect(self.progress, Qt.ConnectionType.QueuedConnection)
        self._running[relay] = work
        if len(self._running) == 1:
            self.busy_changed.emit(True)
        if label:
            self.progress.emit(0, 0, label)
        self._pool.start(_Task(work, relay))

    def _finish(self, relay: _Relay, on_success: Callable[[Any], None] | None, result: Any) -> None:
        if not isValid(self):
            return  # the window closed while the work ran (its results arrive after it): nobody to tell
        self._done(relay)
        if on_success is not None:
            try:
                on_success(result)
            except Exception as error:
                self._error_sink(error)

    def _fail(self, relay: _Relay, on_failure: Callable[[BaseException], bool] | None, error: BaseException) -> None:
        if not isValid(self):
            return
        self._done(relay)
        if on_failure is not None and on_failure(error):
            return
        self._error_sink(error)

    def _done(self, relay: _Relay) -> None:
        self._running.pop(relay, None)
        relay.deleteLater()
        if not self._running:
            self.busy_changed.emit(False)

    @Slot()
    def wait_for_idle(self, msecs: int = 30000) -> bool:
        """Block until queued work has run (for shutdown and tests); results still arrive as events."""
        return self._pool.waitForDone(msecs)
