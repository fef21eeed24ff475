"""Whether the diary's database can be reached right now (issue #10), for every part of the window to follow.

Online: everything works. Offline (the shared server went away): the window says since when it shows data, and
nothing may be saved; open dialogs keep what the user typed. The listener (`ui.live_refresh`) and any operation
that fails for want of a connection report here; the listener reports when the connection is back. A database a
newer version has upgraded is "outdated": readable, never writable, until this PC's IRO Diary is updated.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject, Signal

from iro_diary.infra.clock import LONDON, Clock


class ConnectionState(QObject):
    """Signals:
    changed(): online, offline or outdated changed (read `online`, `outdated`, `banner_text()`).
    """

    changed = Signal()

    def __init__(self, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.online = True
        self.outdated = ""
        self.problem = ""
        self.last_contact: dt.datetime = clock.now()

    @property
    def can_save(self) -> bool:
        return self.online and not self.outdated

    def contact(self) -> None:
        """The database answered."""
        self.last_contact = self.clock.now()
        if not self.online:
            self.online, self.problem = True, ""
            self.changed.emit()

    def lost(self, problem: str) -> None:
        """The database did not answer (the server is down, restarting or out of reach)."""
        self.problem = problem
        if self.online:
            self.online = False
            self.changed.emit()

    def newer_schema(self, problem: str) -> None:
        """Another PC's newer IRO Diary upgraded the database: this one may only read."""
        if self.outdated != problem:
            self.outdated = problem
            self.changed.emit()

    def banner_text(self) -> str:
        """What the window says while it cannot save (empty when it can)."""
        if not self.online:
            since = self.last_contact.astimezone(LONDON)
            return (
                f"Offline — showing data from {since:%H:%M}. The shared diary cannot be reached; IRO Diary keeps "
                "trying. Nothing can be saved until it is back, and whatever you are typing is kept."
            )
        return self.outdated
