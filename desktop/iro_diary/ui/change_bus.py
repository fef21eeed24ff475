"""One signal that says what a service call changed; every view decides for itself whether to refresh."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from iro_diary.services.changes import Changes


class ChangeBus(QObject):
    """Signals:
    changed(Changes, object): a service call changed something; the second argument is who asked (or None).
    """

    changed = Signal(object, object)

    def publish(self, changes: Changes, initiator: object = None) -> None:
        if changes:
            self.changed.emit(changes, initiator)
