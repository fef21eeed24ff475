"""Alembic migrations: the only way the schema changes. Run by `store.migrate` on start and `iro-diary db upgrade`."""
