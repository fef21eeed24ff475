"""Storage: SQLAlchemy 2.0 typed models, the database handle, repositories and Alembic migrations.

Nothing here imports Qt, and nothing here commits except `Database.write()` at the end of a service's unit of
work. Repositories hold every `select()`.
"""
