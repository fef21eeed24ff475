"""Bringing a database to the schema this version of the app needs.

On start the app (and `iro-diary db upgrade`) calls `prepare()`:
- an empty database is created at the newest schema;
- a database from an older version is backed up (SQLite) and then upgraded;
- a database from a newer version, or one that is not an IRO Diary database, is refused with a clear message
  and left exactly as it was;
- on a shared PostgreSQL server one PC upgrades while the others wait; from then on an older app still running
  elsewhere is refused at its next save (`Database.write`) and told to update.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text

from iro_diary.domain.errors import DatabaseNotUsable, EnvironmentProblem
from iro_diary.store.backups import copy_sqlite
from iro_diary.store.database import Database

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")
# Any fixed number, other than the booking lock's: the advisory lock that lets one PC at a time upgrade a server.
UPGRADE_LOCK_KEY = 4_004_010
# The newest migration: a diary already at it is opened without loading Alembic at all (a tenth of a second of
# every start). tests/unit/test_database.py fails when a migration is added without moving this.
SCHEMA_HEAD = "1300_latest_reference"


@dataclass(frozen=True)
class MigrationReport:
    """What `prepare()` did: the revision before (None if new) and after, and the backup made if any."""

    before: str | None
    after: str
    backup: Path | None

    @property
    def changed(self) -> bool:
        return self.before != self.after


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the app ships without migrations"
    return head


def current_revision(db: Database) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with db.translate_errors(), db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def check_compatible(db: Database) -> str | None:
    """The database's revision; DatabaseNotUsable if it is foreign or newer than this app."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    with db.translate_errors(), db.engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        revision = MigrationContext.configure(connection).get_current_revision()
    if revision is None:
        if tables - {"alembic_version"}:
            raise DatabaseNotUsable(
                f"{db.description} holds tables that are not an IRO Diary database. Nothing was changed: "
                "choose an empty database or an IRO Diary one."
            )
        return None
    known = {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    if revision not in known:
        raise DatabaseNotUsable(
            f"{db.description} was written by a newer version of IRO Diary (schema {revision}). "
            "Nothing was changed: update IRO Diary on this PC to use it."
        )
    return revision


def prepare(db: Database, backups: Path, now: dt.datetime) -> MigrationReport:
    """Make `db` usable by this version: create, or back up and upgrade, or refuse."""
    if _revision_is(db, SCHEMA_HEAD):
        db.expected_revision = SCHEMA_HEAD
        return MigrationReport(SCHEMA_HEAD, SCHEMA_HEAD, None)
    from alembic import command

    before = check_compatible(db)
    head = head_revision()
    if before == head:
        db.expected_revision = head
        return MigrationReport(before, head, None)
    backup = None
    if before is not None and db.is_sqlite and db.path is not None:
        backup = backup_sqlite(db.path, backups / f"before-upgrade-{before}-{now:%Y%m%d-%H%M%S}.sqlite3")
    config = alembic_config()
    with db.translate_errors(), db.engine.begin() as connection:
        if not db.is_sqlite:
            # Several PCs of a team may start the new version at once: one upgrades, the others wait here and
            # then find nothing left to do (PostgreSQL runs the whole upgrade in this one transaction).
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": UPGRADE_LOCK_KEY})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    db.expected_revision = head
    log.info("database upgraded from %s to %s", before, head)
    return MigrationReport(before, head, backup)


def _revision_is(db: Database, revision: str) -> bool:
    """Whether the database records exactly `revision` (read with plain SQL; False for a new or foreign one)."""
    with db.translate_errors(), db.engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return False
        found = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return found == [revision]


def backup_sqlite(source: Path, target: Path) -> Path:
    """Copy a live SQLite database consistently (the online backup API), readable by its owner only."""
    try:
        copy_sqlite(source, target)
    except (OSError, sqlite3.Error) as error:
        raise EnvironmentProblem(
            f"Could not back up the database to {target} before upgrading it ({error}); nothing was changed."
        ) from None
    return target
