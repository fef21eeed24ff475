"""Item models: plain rows from the services shown in Qt views."""
