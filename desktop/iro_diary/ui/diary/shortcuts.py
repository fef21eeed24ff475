"""The diary's keyboard shortcuts, listed once: the pane binds them and F1 shows them (GNOME Calendar's help
overlay, in our words)."""

from __future__ import annotations

SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("Ctrl+N", "Book a meeting"),
    ("Ctrl+F", "Find meetings by case reference, name, family or meeting reference"),
    ("T", "Go to today"),
    ("Ctrl+1 / Ctrl+2 / Ctrl+3 / Ctrl+4", "Day, work week, month or agenda view"),
    ("Page Up / Page Down", "Previous / next day, week or month"),
    ("Arrow keys", "Move the selection between meetings (up and down in a column, left and right across)"),
    ("Enter", "Open the selected meeting"),
    ("Delete", "Cancel the selected meeting"),
    ("Ctrl+H", "Mark the selected meeting held"),
    ("Ctrl+Z / Ctrl+Shift+Z", "Undo / redo booking, moving or cancelling"),
    ("Ctrl+P", "Print the day sheets of the range shown"),
    ("Escape", "Close find; stop shading a requirement's window"),
    ("F1", "This list"),
)


def shortcuts_text() -> str:
    return "\n".join(f"{keys}\t{what}" for keys, what in SHORTCUTS)
