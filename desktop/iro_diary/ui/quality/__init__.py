"""Quality assurance screens: the Concerns, Good practice and Live audit pane, the dialogs that raise a concern,
record good practice and answer the checklist, and the hooks that open them from the diary and a child's record."""
