"""Live refresh (issue #10): other PCs' and windows' changes reach this window's views within a couple of seconds.

A thread of its own (never the GUI's, never the op runner's lanes, which it would block) calls
`services.live.listen()` in a loop: PostgreSQL LISTEN/NOTIFY on a shared diary, `PRAGMA data_version` polling on an
embedded one. What it hears is published on the change bus like any local change (the initiator is this object,
so work that only the PC making a change should do — rewriting calendar feeds — can tell). The same loop is the
connection's heartbeat: it tells `ConnectionState` when the server goes away and when it is back.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, Qt, Signal

from iro_diary.domain.errors import ConnectionLost, DatabaseNotUsable
from iro_diary.services.changes import Changes
from iro_diary.services.live import LiveService
from iro_diary.ui.change_bus import ChangeBus
from iro_diary.ui.connection_state import ConnectionState

log = logging.getLogger(__name__)

LISTEN_SECONDS = 1.0
RETRY_SECONDS = 2.0


class LiveRefresh(QObject):
    """Signals (emitted on the listener thread, delivered on the GUI thread):
    heard(Changes): another app changed something.
    """

    heard = Signal(object)
    _contact = Signal()
    _lost = Signal(str)
    _outdated = Signal(str)

    def __init__(self, live: LiveService, bus: ChangeBus, connection: ConnectionState, parent: QObject) -> None:
        super().__init__(parent)
        self.live = live
        self.bus = bus
        queued = Qt.ConnectionType.QueuedConnection
        self.heard.connect(self._publish, queued)
        self._contact.connect(connection.contact, queued)
        self._lost.connect(connection.lost, queued)
        self._outdated.connect(connection.newer_schema, queued)
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.running:
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="iro-diary live refresh", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop listening (the window is closing); returns when the thread has finished."""
        self._stopping.set()
        self.live.wake()
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None

    def _publish(self, changes: Changes) -> None:
        self.bus.publish(changes, self)

    def _run(self) -> None:
        while not self._stopping.is_set():
            pause = self._listen_once()
            if pause:
                self._stopping.wait(pause)

    def _listen_once(self) -> float:
        """One turn of the loop; how long to wait before the next (0: at once)."""
        try:
            changes = self.live.listen(LISTEN_SECONDS)
        except ConnectionLost as lost:
            self._emit(self._lost, lost.message)
            return RETRY_SECONDS
        except DatabaseNotUsable as problem:
            self._emit(self._outdated, problem.message)
            return RETRY_SECONDS * 5
        except Exception as error:  # a bug must not kill the heartbeat: say so in the log, carry on
            if not self._stopping.is_set():
                log.error("live refresh failed: %s", type(error).__name__, exc_info=True)
            return RETRY_SECONDS
        self._emit(self._contact)
        if changes and not self._stopping.is_set():
            self._emit(self.heard, changes)
        return 0

    def _emit(self, signal: object, *args: object) -> None:
        try:
            signal.emit(*args)  # type: ignore[attr-defined]
        except RuntimeError:  # the window was deleted while this thread finished its turn
            self._stopping.set()
