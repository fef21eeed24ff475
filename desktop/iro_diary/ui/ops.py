"""Running service calls off the GUI thread, one at a time, with progress (Anki's CollectionOp, in our words).

`OpRunner.run(work, on_success=...)` runs `work(progress)` on a worker thread. What the user asked for is
serialised on one lane (one thread), so two of their operations never race each other. Work nobody is waiting for
(preloading the due list, rewriting calendar feeds, sending the outbox, the daily backup) runs with
`background=True` on a second lane, so it never queues ahead of the pane the user just opened; the database keeps
the two apart (SQLite WAL readers do not block a writer; every write transaction takes the write lock first).
Results and failures come back on the GUI thread; failures nobody handles go to the one error sink (a dialog).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from shiboken6 import isValid

from iro_diary.domain.errors import ConnectionLost
from iro_diary.ui.gc_guard import collect_on_gui_thread

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
Work = Callable[[Progress], Any]


class _Relay(QObject):
    """One operation's way back to the GUI thread. Owned by the runner and delivering through its own slots, so
    when the runner goes (its window closed), results still on their way are dropped by Qt instead of landing on
    a deleted runner."""

    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int, str)

    def __init__(
        self,
        runner: OpRunner,
        on_success: Callable[[Any], None] | None,
        on_failure: Callable[[BaseException], bool] | None,
        owner: QObject | None = None,
    ) -> None:
        super().__init__(runner)
        self._runner = runner
        self._on_success = on_success
        self._on_failure = on_failure
        self._owner = owner
        self.succeeded.connect(self._deliver_result, Qt.ConnectionType.QueuedConnection)
        self.failed.connect(self._deliver_failure, Qt.ConnectionType.QueuedConnection)
        self.progressed.connect(runner.progress, Qt.ConnectionType.QueuedConnection)

    def _owner_gone(self) -> bool:
        """The widget that asked was closed and deleted meanwhile: its callbacks would touch deleted widgets."""
        if self._owner is None or isValid(self._owner):
            return False
        log.debug("an operation finished after the window that asked for it was closed; its result is dropped")
        self._runner._done(self)
        return True

    @Slot(object)
    def _deliver_result(self, result: Any) -> None:
        if not self._owner_gone():
            self._runner._finish(self, self._on_success, result)

    @Slot(object)
    def _deliver_failure(self, error: BaseException) -> None:
        if not self._owner_gone():
            self._runner._fail(self, self._on_failure, error)


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
            _emit(relay.failed, error)
        else:
            _emit(relay.succeeded, result)


def _emit(signal: Any, value: Any) -> None:
    try:
        signal.emit(value)
    except RuntimeError:
        log.debug("an operation finished after its window closed; its result is dropped")


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
        self._background = QThreadPool(self)
        self._background.setMaxThreadCount(1)
        self._error_sink = error_sink
        self._running: dict[_Relay, Work] = {}
        # Told when an operation failed because the database could not be reached (issue #10: the window goes
        # offline at once, not at the listener's next turn).
        self.connection_lost: Callable[[str], None] | None = None
        collect_on_gui_thread(self)

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
        background: bool = False,
        owner: QObject | None = None,
    ) -> None:
        """Run `work(progress)` off the GUI thread. `on_failure` returns True when it handled the error.
        `background` puts it on the lane for work the user is not waiting for. With an `owner` (a dialog), the
        result is dropped if the owner has been deleted by the time it arrives."""
        relay = _Relay(self, on_success, on_failure, owner)
        self._running[relay] = work
        if len(self._running) == 1:
            self.busy_changed.emit(True)
        if label:
            self.progress.emit(0, 0, label)
        (self._background if background else self._pool).start(_Task(work, relay))

    def _finish(self, relay: _Relay, on_success: Callable[[Any], None] | None, result: Any) -> None:
        self._done(relay)
        if on_success is not None:
            try:
                on_success(result)
            except Exception as error:
                self._error_sink(error)

    def _fail(self, relay: _Relay, on_failure: Callable[[BaseException], bool] | None, error: BaseException) -> None:
        self._done(relay)
        if isinstance(error, ConnectionLost) and self.connection_lost is not None:
            self.connection_lost(error.message)
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
        return self._pool.waitForDone(msecs) and self._background.waitForDone(msecs)
