"""The database handle: one engine, sessions for reading and for writing, and friendly errors.

SQLite (the embedded default) runs in WAL mode with foreign keys on and a busy timeout; a write transaction
starts with `BEGIN IMMEDIATE`, so it takes the write lock before it re-checks for conflicts and two windows
cannot both pass a check and both write. PostgreSQL runs through the same models with psycopg 3.

Only `write()` commits, and only services call it: one public service method is one transaction.

Issue #10 (the shared diary): each open `Database` names itself (`source`), so the change log the triggers fill says
which app made a change and the app does not refresh twice for its own; on SQLite `write()` stamps its own rows
(it holds the only write lock, so every row added since it began is its own). Once `migrate.prepare` has said which
schema this app needs, `write()` refuses to write to a database a newer version has upgraded since.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from iro_diary.domain.errors import ConnectionLost, DatabaseNotUsable, EnvironmentProblem, StaleEdit, ValidationError
from iro_diary.store.errors import classify, overlap_refusal, reference_taken
from iro_diary.store.filesystems import refuse_network_location
from iro_diary.store.repositories.change_log import ChangeLogRepository
from iro_diary.store.urls import describe, normalise_database_url

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000
_BEGIN_MODE = "iro_diary_begin_mode"


class Database:
    """An open diary database. Cheap to keep for the app's lifetime; `close()` when done."""

    def __init__(self, url: str | URL, *, create_file: bool = True) -> None:
        self.url = normalise_database_url(url) if isinstance(url, str) else url
        self.description = describe(self.url)
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        # Which open app this is, in the change log (PostgreSQL's application_name, at most 63 characters).
        self.source = f"iro-diary {uuid.uuid4().hex[:12]}"
        # Set by `migrate.prepare`: the schema this app writes. None: no check (a backup being examined, tests).
        self.expected_revision: str | None = None
        self._has_change_log = False
        # Raised by every write made here and by every change of other apps this app hears, so what is worked out
        # from the data can be kept until it moves (`watched`: the live listener is connected and hearing them).
        self.generation = 0
        self.watched = False
        if self.is_sqlite:
            self.path: Path | None = Path(str(self.url.database))
            _prepare_sqlite_file(self.path, create=create_file)
        else:
            self.path = None
        self.engine = _create_engine(self.url, self.is_sqlite, self.source)
        writer = self.engine.execution_options(**{_BEGIN_MODE: "IMMEDIATE"})
        self._read_sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(writer, expire_on_commit=False)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading. Closing it ends the transaction (nothing is committed) without expiring the
        objects it loaded, so their values and versions stay readable after the block."""
        with self.translate_errors(), self._read_sessions() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session for one unit of work: committed if the block succeeds, rolled back if it raises."""
        self.generation += 1
        try:
            with self.translate_errors(), self._write_sessions() as session, session.begin():
                self._refuse_newer_schema(session)
                mark = self._change_mark(session)
                yield session
                if mark is not None:
                    session.flush()
                    ChangeLogRepository(session).stamp(mark, self.source)
        finally:
            self.generation += 1  # before and after: a reading that overlapped the write is not kept

    def note_outside_change(self, *, watched: bool) -> None:
        """Another app changed the data (or this app may have missed that it did: `watched` False)."""
        self.generation += 1
        self.watched = watched

    def _refuse_newer_schema(self, session: Session) -> None:
        """A shared server upgraded by a newer IRO Diary on another PC since this app started: say so, write nothing."""
        if self.expected_revision is None:
            return
        found = ChangeLogRepository(session).schema_revision()
        if found != self.expected_revision:
            raise DatabaseNotUsable(newer_schema_message(self.description, found))

    def _change_mark(self, session: Session) -> int | None:
        """SQLite: the change log's last row before this transaction's own (None where the server stamps rows)."""
        if not self.is_sqlite:
            return None
        log = ChangeLogRepository(session)
        if not self._has_change_log:
            self._has_change_log = log.exists()
            if not self._has_change_log:
                return None
        return log.last_id()

    @contextmanager
    def translate_errors(self) -> Iterator[None]:
        """Re-raise driver errors the user can act on as `EnvironmentProblem`s; an overlapping booking refused by the
        database as `OverlapRefused`; a row changed underneath an update as `StaleEdit`."""
        try:
            yield
        except StaleDataError as error:
            raise StaleEdit(
                "Someone else saved a change to this record at the same moment. Nothing was saved: open it again."
            ) from error
        except DBAPIError as error:
            refused = overlap_refusal(error) or reference_taken(error)
            if refused is not None:
                raise refused from error
            friendly = classify(error, self.description)
            if friendly is None:
                raise
            # A server that is down is said once by the window's offline banner; the retries need not shout.
            level = logging.INFO if isinstance(friendly, ConnectionLost) else logging.WARNING
            log.log(level, "database problem on %s: %s", self.url.get_backend_name(), type(error.orig).__name__)
            raise friendly from error

    def close(self) -> None:
        self.engine.dispose()


def newer_schema_message(where: str, revision: str | None) -> str:
    return (
        f"{where} has been upgraded by a newer version of IRO Diary on another PC (schema {revision}). "
        "Nothing was saved: update IRO Diary on this PC to carry on (you can still read the diary)."
    )


def _create_engine(url: URL, is_sqlite: bool, source: str) -> Engine:
    if not is_sqlite:
        return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 5, "application_name": source})
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _on_sqlite_connect)
    event.listen(engine, "begin", _on_sqlite_begin)
    return engine


def _on_sqlite_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # We issue BEGIN ourselves (below), so pysqlite must not: this is SQLAlchemy's documented recipe.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
    finally:
        cursor.close()


def _on_sqlite_begin(connection: Any) -> None:
    mode = connection.get_execution_options().get(_BEGIN_MODE, "")
    connection.exec_driver_sql(f"BEGIN {mode}".strip())


def _prepare_sqlite_file(path: Path, *, create: bool) -> None:
    """Refuse network shares; create the file readable by its owner only; reject a folder or a foreign file."""
    refuse_network_location(path)
    if path.is_dir():
        raise ValidationError(f"{path} is a folder: give the path of a database file")
    if path.exists():
        _check_sqlite_header(path)
        _check_is_ours(path)
        return
    if not create:
        raise DatabaseNotUsable(f"There is no diary database at {path}.")
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        if not path.is_file():
            raise _cannot_create(path, "something else is in the way") from None
    except OSError as error:
        raise _cannot_create(path, error.strerror or str(error)) from None


def _cannot_create(path: Path, why: str) -> EnvironmentProblem:
    return EnvironmentProblem(
        f"Cannot create the diary database at {path}: {why}. Check that the folder exists and that you can write to it."
    )


_SQLITE_HEADER = b"SQLite format 3\x00"


def _check_sqlite_header(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_SQLITE_HEADER))
    except OSError as error:
        raise EnvironmentProblem(f"Cannot read the diary database at {path}: {error.strerror or error}") from None
    if header and header != _SQLITE_HEADER:
        raise DatabaseNotUsable(f"{path} is not an IRO Diary database (it is not a SQLite file). Nothing was changed.")


def _check_is_ours(path: Path) -> None:
    """Before anything may write to an existing file (even switching it to WAL), read it read-only and refuse
    a damaged file or another program's database."""
    if path.stat().st_size == 0:
        return
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as connection:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError:
        raise DatabaseNotUsable(
            f"{path} is not an IRO Diary database, or it is damaged. Nothing was changed. "
            "Restore it from a backup, or choose another file."
        ) from None
    if tables and "alembic_version" not in tables:
        raise DatabaseNotUsable(
            f"{path} holds tables that are not an IRO Diary database. Nothing was changed: "
            "choose an empty file or an IRO Diary database."
        )
