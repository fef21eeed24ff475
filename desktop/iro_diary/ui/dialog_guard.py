"""Dialogs that save in the background stay open until the save has answered.

Esc and the window's close button call `reject()`. While a save runs they wait: the answer must reach a dialog that
is still there, or the follow-up (the change published to the other views, undo, invites) is lost and Qt reports
a signal from a deleted object. A dialog sets `saving` when it starts a save and clears it when the answer comes.
"""

from __future__ import annotations


class StaysWhileSaving:
    """Mix in before QDialog: `class CancelDialog(StaysWhileSaving, QDialog)`."""

    saving = False

    def reject(self) -> None:
        if self.saving:
            return
        super().reject()  # type: ignore[misc]
