"""Dialogs opened from panes (each in its own module; opened with `open()`, never a blocking `exec()`)."""
