"""Database addresses: what the user types (a URL or a file path) and how it is shown (never the password)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from iro_diary.domain.errors import ValidationError


def normalise_database_url(text: str) -> URL:
    """A SQLAlchemy URL for `text`: a postgresql:// URL, a sqlite:/// URL, or a path to a SQLite file."""
    text = text.strip()
    if not text:
        raise ValidationError("no database given")
    if "://" not in text:
        return make_url(f"sqlite:///{Path(text).expanduser().absolute()}")
    try:
        url = make_url(text)
    except ArgumentError:
        raise ValidationError(f"'{hide_password(text)}' is not a database URL") from None
    backend = url.get_backend_name()
    if backend in ("postgresql", "postgres"):
        return url.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        if url.database in (None, "", ":memory:"):
            raise ValidationError("an in-memory SQLite database would lose everything: give a file path")
        return url.set(drivername="sqlite")
    raise ValidationError(f"'{backend}' databases are not supported: use a postgresql:// URL or a SQLite file path")


def hide_password(text: str) -> str:
    """`text` with any password replaced by ***, for messages and the status bar."""
    try:
        return make_url(text).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unreadable database address>"


def describe(url: URL) -> str:
    """A short, safe description: the file path for SQLite, user@host/db for PostgreSQL."""
    if url.get_backend_name() == "sqlite":
        return str(url.database)
    user = f"{url.username}@" if url.username else ""
    port = f":{url.port}" if url.port else ""
    return f"PostgreSQL {user}{url.host or 'localhost'}{port}/{url.database}"
