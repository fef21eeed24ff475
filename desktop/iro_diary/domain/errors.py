"""The errors a user can meet, typed so each front end can show them properly.

`AppError` and its subclasses are expected outcomes with a message a diary manager understands: the GUI shows
them in a dialog, the CLI prints them as one line on stderr. Anything that is not an `AppError` is a bug.
"""

from __future__ import annotations


class AppError(Exception):
    """An expected failure with a message fit to show the user as it is."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ValidationError(AppError):
    """The user's input cannot be accepted (a bad date, an unknown code, a missing field)."""

    exit_code = 2


class NotFound(AppError):
    """Something the user referred to (a case reference, a meeting, an IRO) does not exist."""

    exit_code = 3


class BookingConflict(AppError):
    """A booking would double-book a chair, a room or a child, or breaks a booking rule."""

    exit_code = 4


class StaleEdit(AppError):
    """Someone else changed the record since it was opened; nothing was overwritten."""

    exit_code = 5


class PermissionRefused(AppError):
    """The person using the app does not have the role this action needs."""

    exit_code = 6


class EnvironmentProblem(AppError):
    """The machine or the database is not in a state we can work in: locked, read-only, full, unreachable."""

    exit_code = 7


class ConnectionLost(EnvironmentProblem):
    """The shared database server cannot be reached (down, restarting, network gone). The app goes offline and
    reconnects by itself; nothing the user was typing is lost."""


class DatabaseNotUsable(EnvironmentProblem):
    """The database file or server cannot be used as an IRO Diary database (corrupt, foreign, too new)."""
