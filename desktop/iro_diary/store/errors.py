"""Turning database driver errors into messages a diary manager can act on.

Classified by the driver's error codes (SQLite's extended result codes, PostgreSQL SQLSTATE), never by scraping
message text. Anything not recognised is left alone: it is a bug and goes to the crash dialog.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy.exc import DBAPIError

from iro_diary.domain.errors import BookingConflict, ConnectionLost, DatabaseNotUsable, EnvironmentProblem

# PostgreSQL's exclusion_violation: an exclusion constraint (issue #10: no two meetings of one chair or one room
# overlap, `tstzrange` with btree_gist) refused a row.
EXCLUSION_VIOLATION = "23P01"


class OverlapRefused(BookingConflict):
    """The database itself refused an overlapping booking. The booking service re-runs its checks to say which
    meeting is in the way, in the same words as the booking dialog."""

    def __init__(self, constraint: str) -> None:
        super().__init__(
            "That time is already taken in the diary (another booking was saved first). Nothing was saved."
        )
        self.constraint = constraint


UNIQUE_VIOLATION = "23505"


class ReferenceTaken(Exception):
    """Two bookings took the same meeting reference at once (PostgreSQL); the booking service tries again."""


def reference_taken(error: DBAPIError) -> ReferenceTaken | None:
    original = error.orig
    if getattr(original, "sqlstate", None) != UNIQUE_VIOLATION:
        return None
    constraint = getattr(getattr(original, "diag", None), "constraint_name", None)
    return ReferenceTaken() if constraint == "uq_meeting_ref" else None


def overlap_refusal(error: DBAPIError) -> OverlapRefused | None:
    """An `OverlapRefused` when the driver reports an exclusion constraint refusing a row, else None."""
    original = error.orig
    if getattr(original, "sqlstate", None) != EXCLUSION_VIOLATION:
        return None
    diagnostic = getattr(original, "diag", None)
    return OverlapRefused(str(getattr(diagnostic, "constraint_name", "") or ""))


_SQLITE_MESSAGES = {
    "SQLITE_BUSY": "The diary database is busy: another window or program is writing to it. Try again in a moment.",
    "SQLITE_LOCKED": "The diary database is busy: another window or program is writing to it. Try again in a moment.",
    "SQLITE_READONLY": "The diary database is read-only here: check the file's permissions (nothing was saved).",
    "SQLITE_FULL": "The disk holding the diary database is full: free some space (nothing was saved).",
    "SQLITE_IOERR": "The diary database could not be read or written (a disk or network problem).",
    "SQLITE_CANTOPEN": "The diary database file cannot be opened: check the folder exists and is writable.",
    "SQLITE_PERM": "The diary database cannot be opened: permission denied.",
}

_NOT_A_DATABASE = {"SQLITE_NOTADB", "SQLITE_CORRUPT"}


def classify(error: DBAPIError, where: str) -> EnvironmentProblem | None:
    """The friendly error for a driver error, or None when it is not an environment problem."""
    original = error.orig
    if isinstance(original, sqlite3.Error):
        return _classify_sqlite(original, where)
    return _classify_postgres(original, where)


def _classify_sqlite(original: sqlite3.Error, where: str) -> EnvironmentProblem | None:
    name = getattr(original, "sqlite_errorname", "") or ""
    base = name.split("_", 2)
    family = "_".join(base[:2]) if len(base) >= 2 else name
    if family in _NOT_A_DATABASE:
        return DatabaseNotUsable(
            f"{where} is not an IRO Diary database, or it is damaged. Nothing was changed. "
            "Restore it from a backup, or choose another file."
        )
    message = _SQLITE_MESSAGES.get(family)
    return EnvironmentProblem(f"{message} ({where})") if message else None


def _classify_postgres(original: BaseException | None, where: str) -> EnvironmentProblem | None:
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a dependency
        return None
    if isinstance(original, psycopg.OperationalError):
        sqlstate = getattr(original, "sqlstate", None)
        if sqlstate is None or sqlstate.startswith("08") or sqlstate.startswith("57P"):
            return ConnectionLost(
                f"Cannot reach the shared diary database ({where}): the server is down, unreachable, or "
                "refused the login. Check the address and your network, then try again."
            )
        if sqlstate in ("28P01", "28000"):
            return EnvironmentProblem(f"The shared diary database refused the login ({where}).")
        if sqlstate == "3D000":
            return EnvironmentProblem(f"The shared diary database does not exist on the server ({where}).")
        if sqlstate.startswith("53"):
            return EnvironmentProblem(f"The database server is out of resources ({where}): try again later.")
    return None
