"""Hearing about other apps' changes as they are committed (issue #10: live refresh).

- PostgreSQL: a connection of its own `LISTEN`s on the channel the triggers notify; each notification names the app
  that made the change and what it changed ("iro-diary 3f2a…|meetings:12,children:7").
- SQLite (several windows on one PC): `PRAGMA data_version` on a connection of its own changes when another
  connection commits; then the change log's new rows say what changed and who changed it.

`wait()` blocks the calling thread (the app's listener thread, never the GUI's) until something may have changed,
the timeout passes, or another thread calls `wake()` (closing the window). A server that cannot be reached raises
`ConnectionLost`; the caller connects again later.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import sqlite3
import threading
import time
from dataclasses import dataclass
from select import select as wait_until_readable
from typing import Any

from iro_diary.domain.errors import ConnectionLost
from iro_diary.store.database import Database
from iro_diary.store.repositories.change_log import CHANNEL, ChangeLogRepository, LoggedChange

log = logging.getLogger(__name__)

SQLITE_POLL_SECONDS = 0.2
READ_LIMIT = 5000


@dataclass(frozen=True, slots=True)
class Heard:
    """What another app changed: (kind, key) pairs, or everything (the log was replaced, or too much to list)."""

    pairs: tuple[tuple[str, str], ...] = ()
    everything: bool = False


def parse_notification(payload: str, own_source: str) -> Heard | None:
    """A PostgreSQL notification's payload as `Heard`; None when it is this app's own change."""
    source, _, listed = payload.partition("|")
    if source == own_source:
        return None
    pairs = tuple((kind, key) for kind, _, key in (item.partition(":") for item in listed.split(",") if item))
    return Heard(pairs, everything=any(kind == "everything" for kind, _ in pairs))


class ChangeFeed:
    """One listener for one open database. Use from a single thread, except `wake()`."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._woken = threading.Event()
        self._wake_read, self._wake_write = socket.socketpair()
        self._wake_read.setblocking(False)
        self._connection: Any = None
        self._data_version: int | None = None
        self._last_id = 0

    @property
    def connected(self) -> bool:
        return self._connection is not None

    def connect(self) -> None:
        """Start listening; everything committed from now on will be heard. ConnectionLost if the server is down."""
        self.disconnect()
        if self._db.is_sqlite:
            self._connect_sqlite()
        else:
            self._connect_postgres()

    def _connect_postgres(self) -> None:
        import psycopg

        url = self._db.url.set(drivername="postgresql").render_as_string(hide_password=False)
        try:
            connection = psycopg.connect(
                url, autocommit=True, connect_timeout=5, application_name=f"{self._db.source} listener"
            )
            connection.execute(f"LISTEN {CHANNEL}")
        except psycopg.Error as error:
            raise _lost(self._db, error) from None
        self._connection = connection

    def _connect_sqlite(self) -> None:
        assert self._db.path is not None
        connection = sqlite3.connect(self._db.path, check_same_thread=False, isolation_level=None, timeout=1)
        self._connection = connection
        self._data_version = self._read_data_version()
        with self._db.read() as session:
            self._last_id = ChangeLogRepository(session).last_id()

    def disconnect(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(Exception):
                self._connection.close()
        self._connection = None

    def close(self) -> None:
        self.disconnect()
        self._wake_read.close()
        self._wake_write.close()

    def wake(self) -> None:
        """Make a `wait()` in progress return now (from any thread)."""
        self._woken.set()
        with contextlib.suppress(OSError):
            self._wake_write.send(b"!")

    def wait(self, timeout: float) -> list[Heard]:
        """What other apps changed, as soon as something is committed; [] after `timeout` seconds or a `wake()`."""
        if self._connection is None:
            self.connect()
        if self._db.is_sqlite:
            return self._wait_sqlite(timeout)
        return self._wait_postgres(timeout)

    # -- PostgreSQL -------------------------------------------------------------------------------------------

    def _wait_postgres(self, timeout: float) -> list[Heard]:
        import psycopg

        connection = self._connection
        try:
            ready, _, _ = wait_until_readable([connection.fileno(), self._wake_read], [], [], timeout)
            self._drain_wakes()
            if connection.fileno() not in ready:
                return []
            heard = [parse_notification(n.payload, self._db.source) for n in connection.notifies(timeout=0)]
            if connection.closed:
                raise psycopg.OperationalError("the server closed the connection")
        except (psycopg.Error, OSError, ValueError) as error:
            self.disconnect()
            raise _lost(self._db, error) from None
        return [h for h in heard if h is not None]

    def _drain_wakes(self) -> None:
        with contextlib.suppress(OSError):
            while self._wake_read.recv(64):
                pass

    # -- SQLite -----------------------------------------------------------------------------------------------

    def _read_data_version(self) -> int:
        return int(self._connection.execute("PRAGMA data_version").fetchone()[0])

    def _wait_sqlite(self, timeout: float) -> list[Heard]:
        deadline = time.monotonic() + timeout
        self._woken.clear()
        while True:
            version = self._read_data_version()
            if version != self._data_version:
                self._data_version = version
                return self._read_log()
            left = deadline - time.monotonic()
            if left <= 0 or self._woken.wait(min(SQLITE_POLL_SECONDS, left)):
                return []

    def _read_log(self) -> list[Heard]:
        with self._db.read() as session:
            repo = ChangeLogRepository(session)
            if repo.last_id() < self._last_id:  # the file was restored from a backup: its log starts afresh
                self._last_id = repo.last_id()
                return [Heard(everything=True)]
            rows = repo.since(self._last_id, READ_LIMIT)
        if not rows:
            return []
        self._last_id = rows[-1].id
        others = [row for row in rows if row.source != self._db.source]
        return [_heard_rows(others, full=len(rows) == READ_LIMIT)] if others else []


def _heard_rows(rows: list[LoggedChange], *, full: bool) -> Heard:
    if full:
        return Heard(everything=True)
    return Heard(tuple((row.kind, row.key) for row in rows), everything=any(row.kind == "everything" for row in rows))


def _lost(db: Database, error: BaseException) -> ConnectionLost:
    log.info("change listener lost the server: %s", type(error).__name__)
    return ConnectionLost(
        f"Cannot reach the shared diary database ({db.description}): the server is down, unreachable, or refused "
        "the login. IRO Diary keeps trying."
    )
