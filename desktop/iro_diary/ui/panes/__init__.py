"""The main window's panes: one module per pane."""
