"""The shared diary (issue #10): no double booking enforced by PostgreSQL, the people who use the app, the change
log that lets other windows and PCs refresh, and an audit trail the app cannot edit.

- PostgreSQL: meeting references from a sequence (`meeting_ref_seq`), and `btree_gist` with two exclusion constraints, so no two provisional, booked or held meetings of one
  chair, or of one room, overlap (`tstzrange(start_at, end_at, '[)')`: one may end when the next starts). SQLite has
  no exclusion constraints: there the booking transaction holds the only write lock and re-checks.
- `app_user`: an operating-system login mapped to a name, roles and (for an IRO) their IRO record.
- Live refresh: triggers on the tables the views show. PostgreSQL: a statement trigger `NOTIFY`s
  `iro_diary_changes` with what changed (delivered at commit, in commit order, to every listening app). SQLite: row
  triggers add to `change_log`, which other windows read when `PRAGMA data_version` says another connection
  committed (writers are serialised there, so the log's ids are in commit order).
- Triggers refusing to update or delete audit rows (a whole-diary restore, marked by a `restoring` row in the
  change log inside its own transaction, may replace them).

Revision ID: 1000_shared_diary
Revises: 1200_quality
Create Date: 2026-11-26 20:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "1000_shared_diary"
down_revision = "1200_quality"
branch_labels = None
depends_on = None

CHANNEL = "iro_diary_changes"
# A notification's payload must stay under 8000 bytes.
NOTIFY_LIMIT = 7000
LIVE = "('provisional', 'booked', 'held')"
EXCLUSIONS = {"ex_meeting_chair_overlap": "chair_id", "ex_meeting_room_overlap": "room_id"}

# Which tables tell the views what: table -> [(kind of change, column naming what changed)]. A kind is a field of
# `services.changes.Changes`; calendar days carry no key.
WATCHED: dict[str, list[tuple[str, str | None]]] = {
    "meeting": [("meetings", "id")],
    "meeting_child": [("meetings", "meeting_id"), ("children", "child_id")],
    "attendee": [("meetings", "meeting_id")],
    "child": [("children", "id")],
    "care_episode": [("children", "child_id")],
    "protection_plan": [("children", "child_id")],
    "exploitation_concern": [("children", "child_id")],
    "early_review_request": [("children", "child_id")],
    "strategy_discussion_child": [("children", "child_id")],
    "transfer_notification_child": [("children", "child_id")],
    "iro_allocation": [("children", "child_id"), ("iros", "iro_id")],
    "iro": [("iros", "id")],
    "absence": [("iros", "iro_id")],
    "room": [("rooms", "id")],
    "setting": [("settings", "key")],
    "calendar_day": [("calendar", None)],
    "invite_outbox": [("invites", "meeting_id")],
    "invite_delivery": [("invites", "meeting_id")],
    "app_user": [("users", "id")],
    # Quality assurance (issue #12).
    "cause_for_concern": [("concerns", "id")],
    "concern_stage": [("concerns", "concern_id")],
    "good_practice": [("good_practice", "id")],
    "audit_answer": [("audits", "meeting_id")],
    "quality_theme": [("quality_lists", None)],
    "audit_item": [("quality_lists", None)],
}
EVENTS = ("INSERT", "UPDATE", "DELETE")
AUDIT_REFUSAL = "audit rows cannot be changed or deleted"


def upgrade() -> None:
    _tables()
    if op.get_bind().dialect.name == "postgresql":
        _postgres_exclusions()
        _postgres_triggers()
        _reference_sequence()
    else:
        _sqlite_triggers()


def _tables() -> None:
    op.create_table(
        "app_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("login", sa.String(length=120), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("roles", sa.String(length=120), nullable=False),
        sa.Column("iro_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["iro_id"], ["iro.id"], name=op.f("fk_app_user_iro_id_iro"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_user")),
        sa.UniqueConstraint("iro_id", name=op.f("uq_app_user_iro_id")),
        sa.UniqueConstraint("login", name=op.f("uq_app_user_login")),
    )
    op.create_table(
        "change_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_log")),
    )
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.create_index(
            "ix_change_log_restoring",
            ["kind"],
            unique=False,
            sqlite_where=sa.text("kind = 'restoring'"),
            postgresql_where=sa.text("kind = 'restoring'"),
        )


# -- PostgreSQL -------------------------------------------------------------------------------------------------


def _postgres_exclusions() -> None:
    available = (
        op.get_bind().exec_driver_sql("SELECT 1 FROM pg_available_extensions WHERE name = 'btree_gist'").scalar()
    )
    if available is None:
        from iro_diary.domain.errors import DatabaseNotUsable

        raise DatabaseNotUsable(
            "The PostgreSQL server lacks the btree_gist extension, which the shared diary needs so that the database "
            "itself refuses double bookings. Ask the server's administrator to install PostgreSQL's contrib modules. "
            "Nothing was changed."
        )
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    for name, column in EXCLUSIONS.items():
        _refuse_existing_overlaps(column)
        op.execute(
            f"ALTER TABLE meeting ADD CONSTRAINT {name} EXCLUDE USING gist "
            f"({column} WITH =, tstzrange(start_at, end_at, '[)') WITH &&) WHERE (status IN {LIVE})"
        )


def _refuse_existing_overlaps(column: str) -> None:
    pairs = (
        op.get_bind()
        .exec_driver_sql(
            f"SELECT a.ref, b.ref FROM meeting a JOIN meeting b ON a.id < b.id AND a.{column} = b.{column} "
            f"AND tstzrange(a.start_at, a.end_at, '[)') && tstzrange(b.start_at, b.end_at, '[)') "
            f"WHERE a.status IN {LIVE} AND b.status IN {LIVE} ORDER BY a.start_at LIMIT 5"
        )
        .all()
    )
    if pairs:
        from iro_diary.domain.errors import DatabaseNotUsable

        what = "chair" if column == "chair_id" else "room"
        listed = ", ".join(f"{a} and {b}" for a, b in pairs)
        raise DatabaseNotUsable(
            f"The diary holds meetings that double-book a {what} ({listed}), so it cannot be upgraded to refuse "
            "double bookings. Move or cancel one of each pair with the previous version of IRO Diary, then start "
            "this one again. Nothing was changed."
        )


def _key(column: str | None, row: str = "") -> str:
    """The SQL for a change's key: the column as text, or '' for kinds without one."""
    if column is None:
        return "''"
    return f"{row}.{column}" if row else f"{column}::text"


def _postgres_triggers() -> None:
    """After each statement, one notification naming what it changed: "<application_name>|meetings:12,children:7"
    ("everything:" when the list would not fit a notification). Delivered at commit, in commit order."""
    for table, logged in WATCHED.items():
        keys = " UNION ".join(f"SELECT '{kind}:' || {_key(column)} AS k FROM changed" for kind, column in logged)
        op.execute(
            f"CREATE FUNCTION change_log_{table}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"DECLARE found_keys text; BEGIN "
            f"SELECT string_agg(k, ',') INTO found_keys FROM ({keys}) AS found; "
            f"IF found_keys IS NULL THEN RETURN NULL; END IF; "
            f"IF length(found_keys) > {NOTIFY_LIMIT} THEN found_keys := 'everything:'; END IF; "
            f"PERFORM pg_notify('{CHANNEL}', current_setting('application_name') || '|' || found_keys); "
            f"RETURN NULL; END $$"
        )
        for event in EVENTS:
            transition = "OLD" if event == "DELETE" else "NEW"
            op.execute(
                f"CREATE TRIGGER change_log_{table}_{event.lower()} AFTER {event} ON {table} "
                f"REFERENCING {transition} TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION change_log_{table}()"
            )
    op.execute(
        "CREATE FUNCTION audit_entry_guard() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM change_log WHERE kind = 'restoring') THEN RETURN NULL; END IF; "
        f"RAISE EXCEPTION '{AUDIT_REFUSAL}'; END $$"
    )
    op.execute(
        "CREATE TRIGGER audit_entry_guard BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_entry "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_guard()"
    )


def _reference_sequence() -> None:
    """Meeting references from a sequence, so bookings running side by side never take the same one."""
    op.execute("CREATE SEQUENCE meeting_ref_seq")
    op.execute(
        "SELECT setval('meeting_ref_seq', GREATEST(1, COALESCE((SELECT MAX(CAST(SUBSTRING(ref FROM 3) AS bigint)) "
        "FROM meeting WHERE ref ~ '^M-[0-9]+$'), 0)), (SELECT COUNT(*) > 0 FROM meeting WHERE ref ~ '^M-[0-9]+$'))"
    )


# -- SQLite -----------------------------------------------------------------------------------------------------


def _sqlite_triggers() -> None:
    for table, logged in WATCHED.items():
        for event in EVENTS:
            row = "OLD" if event == "DELETE" else "NEW"
            inserts = " ".join(
                f"INSERT INTO change_log (kind, key) VALUES ('{kind}', {_key(column, row)});" for kind, column in logged
            )
            op.execute(
                f"CREATE TRIGGER change_log_{table}_{event.lower()} AFTER {event} ON {table} BEGIN {inserts} END"
            )
    op.execute(
        "CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry "
        f"BEGIN SELECT RAISE(ABORT, '{AUDIT_REFUSAL}'); END"
    )
    op.execute(
        "CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry "
        "WHEN NOT EXISTS (SELECT 1 FROM change_log WHERE kind = 'restoring') "
        f"BEGIN SELECT RAISE(ABORT, '{AUDIT_REFUSAL}'); END"
    )


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute("DROP SEQUENCE meeting_ref_seq")
        op.execute("DROP TRIGGER audit_entry_guard ON audit_entry")
        op.execute("DROP FUNCTION audit_entry_guard()")
        for name in EXCLUSIONS:
            op.execute(f"ALTER TABLE meeting DROP CONSTRAINT {name}")
    else:
        op.execute("DROP TRIGGER audit_entry_no_update")
        op.execute("DROP TRIGGER audit_entry_no_delete")
    for table in WATCHED:
        for event in EVENTS:
            op.execute(f"DROP TRIGGER change_log_{table}_{event.lower()}" + (f" ON {table}" if postgres else ""))
        if postgres:
            op.execute(f"DROP FUNCTION change_log_{table}()")
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.drop_index("ix_change_log_restoring")
    op.drop_table("change_log")
    op.drop_table("app_user")
