"""Moving a test database up or down the Alembic history (the migration tests)."""

from __future__ import annotations

from alembic import command

from iro_diary.store.database import Database
from iro_diary.store.migrate import alembic_config


def migrate(db: Database, action: str, revision: str) -> None:
    """`action` is "upgrade" or "downgrade"; `revision` e.g. "head" or "0001"."""
    config = alembic_config()
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        getattr(command, action)(config, revision)
