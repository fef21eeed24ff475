"""A filter drop-down of names (IROs) refilled from the rows a list shows, keeping the user's choice if it is
still there."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QComboBox


def refill_names(combo: QComboBox, everyone: str, names: Iterable[str | None]) -> None:
    """`everyone` first, then the distinct names in order; the current choice kept (else `everyone`), quietly."""
    current = combo.currentText()
    found = sorted({name for name in names if name})
    combo.blockSignals(True)
    combo.clear()
    combo.addItems([everyone, *found])
    combo.setCurrentText(current if current in found else everyone)
    combo.blockSignals(False)
