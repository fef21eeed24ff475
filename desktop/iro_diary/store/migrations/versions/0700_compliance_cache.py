"""Kept answered steps: each held meeting's due date, valid while the child's or household's facts are unchanged.

Adds `facts_version` to child and foster_household, the `compliance_mark` and `answered_step` tables, and the
triggers that raise a subject's `facts_version` whenever anything its statutory chains read changes: care
episodes, plans, strategy discussions, transfers, exploitation concerns, early review requests, the meetings and
who was at them, a child's dates of birth or delivery, a household's approval. Triggers, not application code,
because imports, restores and other clients of a shared diary write too (see store/models/compliance.py).

Revision ID: 0700_compliance_cache
Revises: 0600_invites
Create Date: 2026-11-26 19:50:00
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0700_compliance_cache"
down_revision = "0600_invites"
branch_labels = None
depends_on = None

# Tables whose rows belong to one child: a change to a row is a change to that child's facts.
CHILD_ROWS = (
    "care_episode",
    "protection_plan",
    "exploitation_concern",
    "early_review_request",
    "meeting_child",
    "strategy_discussion_child",
    "transfer_notification_child",
)
# Tables shared by several children through a link table: (table, link table, link column).
SHARED_ROWS = (
    ("strategy_discussion", "strategy_discussion_child", "strategy_discussion_id"),
    ("transfer_notification", "transfer_notification_child", "transfer_notification_id"),
)
MEETING_COLUMNS = "status, start_at, kind, ref, foster_household_id"
CHILD_COLUMNS = "date_of_birth, expected_delivery, family_id"
HOUSEHOLD_COLUMNS = "approved_on, deregistered_on"
BUMP = "facts_version = facts_version + 1"


def upgrade() -> None:
    for table in ("child", "foster_household"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("facts_version", sa.Integer(), server_default="0", nullable=False))
    _create_tables()
    if op.get_bind().dialect.name == "postgresql":
        _create_postgresql_triggers()
    else:
        _create_sqlite_triggers()


def _kind() -> sa.Enum:
    return sa.Enum(
        "strategy-discussion",
        "icpc",
        "transfer-in",
        "pre-birth",
        "rcpc",
        "cla-review",
        "cse-strategy",
        "cse-review",
        "foster-review",
        name="meeting_kind",
        native_enum=False,
        create_constraint=True,
        length=32,
    )


def _subject_columns(table: str) -> list[Any]:
    return [
        sa.Column("child_id", sa.Integer(), nullable=True),
        sa.Column("household_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("(child_id IS NULL) <> (household_id IS NULL)", name=op.f(f"ck_{table}_one_subject")),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f(f"fk_{table}_child_id_child"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["foster_household.id"],
            name=op.f(f"fk_{table}_household_id_foster_household"),
            ondelete="CASCADE",
        ),
    ]


def _create_tables() -> None:
    op.create_table(
        "compliance_mark",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("facts_version", sa.Integer(), nullable=False),
        sa.Column("rules_key", sa.String(length=64), nullable=False),
        *_subject_columns("compliance_mark"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_compliance_mark")),
        sa.UniqueConstraint("child_id", name=op.f("uq_compliance_mark_child_id")),
        sa.UniqueConstraint("household_id", name=op.f("uq_compliance_mark_household_id")),
    )
    op.create_table(
        "answered_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=20), nullable=False),
        sa.Column("meeting_kind", _kind(), nullable=False),
        sa.Column("rule", sa.String(length=40), nullable=False),
        sa.Column("anchor", sa.Date(), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("working_days_late", sa.Integer(), nullable=False),
        *_subject_columns("answered_step"),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_answered_step_meeting_id_meeting"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answered_step")),
    )
    with op.batch_alter_table("answered_step", schema=None) as batch_op:
        for column in ("meeting_id", "child_id", "household_id", "held_on"):
            batch_op.create_index(batch_op.f(f"ix_answered_step_{column}"), [column], unique=False)


# -- SQLite ----------------------------------------------------------------------------------------------------


def _sqlite_trigger(name: str, event: str, table: str, body: str) -> None:
    op.execute(f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW BEGIN {body} END")


def _create_sqlite_triggers() -> None:
    def child(row: str) -> str:
        return f"UPDATE child SET {BUMP} WHERE id = {row}.child_id;"

    for table in CHILD_ROWS:
        _sqlite_trigger(f"cf_{table}_insert", "INSERT", table, child("NEW"))
        _sqlite_trigger(f"cf_{table}_update", "UPDATE", table, child("OLD") + child("NEW"))
        _sqlite_trigger(f"cf_{table}_delete", "DELETE", table, child("OLD"))
    for table, link, column in SHARED_ROWS:
        body = f"UPDATE child SET {BUMP} WHERE id IN (SELECT child_id FROM {link} WHERE {column} = NEW.id);"
        _sqlite_trigger(f"cf_{table}_update", "UPDATE", table, body)

    def household(row: str) -> str:
        return f"UPDATE foster_household SET {BUMP} WHERE id = {row}.foster_household_id;"

    children_of_meeting = (
        f"UPDATE child SET {BUMP} WHERE id IN (SELECT child_id FROM meeting_child WHERE meeting_id = NEW.id);"
    )
    _sqlite_trigger("cf_meeting_insert", "INSERT", "meeting", household("NEW"))
    _sqlite_trigger(
        "cf_meeting_update",
        f"UPDATE OF {MEETING_COLUMNS}",
        "meeting",
        children_of_meeting + household("OLD") + household("NEW"),
    )
    _sqlite_trigger("cf_meeting_delete", "DELETE", "meeting", household("OLD"))
    _sqlite_trigger(
        "cf_child_update", f"UPDATE OF {CHILD_COLUMNS}", "child", f"UPDATE child SET {BUMP} WHERE id = NEW.id;"
    )
    _sqlite_trigger(
        "cf_foster_household_update",
        f"UPDATE OF {HOUSEHOLD_COLUMNS}",
        "foster_household",
        f"UPDATE foster_household SET {BUMP} WHERE id = NEW.id;",
    )


def _sqlite_trigger_names() -> list[str]:
    names = [f"cf_{table}_{event}" for table in CHILD_ROWS for event in ("insert", "update", "delete")]
    names += [f"cf_{table}_update" for table, _link, _column in SHARED_ROWS]
    names += ["cf_meeting_insert", "cf_meeting_update", "cf_meeting_delete", "cf_child_update"]
    return [*names, "cf_foster_household_update"]


# -- PostgreSQL ------------------------------------------------------------------------------------------------


def _pg_function(name: str, body: str) -> None:
    op.execute(f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body} END $$")


def _pg_trigger(name: str, when: str, table: str, function: str) -> None:
    op.execute(f"CREATE TRIGGER {name} {when} ON {table} FOR EACH ROW EXECUTE FUNCTION {function}()")


def _create_postgresql_triggers() -> None:
    _pg_function(
        "cf_bump_child_of_row",
        f"IF TG_OP <> 'INSERT' THEN UPDATE child SET {BUMP} WHERE id = OLD.child_id; END IF; "
        f"IF TG_OP <> 'DELETE' THEN UPDATE child SET {BUMP} WHERE id = NEW.child_id; END IF; RETURN NULL;",
    )
    for table in CHILD_ROWS:
        _pg_trigger(f"cf_{table}", "AFTER INSERT OR UPDATE OR DELETE", table, "cf_bump_child_of_row")
    for table, link, column in SHARED_ROWS:
        _pg_function(
            f"cf_bump_children_of_{table}",
            f"UPDATE child SET {BUMP} WHERE id IN (SELECT child_id FROM {link} WHERE {column} = NEW.id); RETURN NULL;",
        )
        _pg_trigger(f"cf_{table}", "AFTER UPDATE", table, f"cf_bump_children_of_{table}")
    _pg_function(
        "cf_bump_meeting_subjects",
        "IF TG_OP <> 'INSERT' THEN "
        f"UPDATE child SET {BUMP} WHERE id IN (SELECT child_id FROM meeting_child WHERE meeting_id = OLD.id); "
        f"UPDATE foster_household SET {BUMP} WHERE id = OLD.foster_household_id; END IF; "
        f"IF TG_OP <> 'DELETE' THEN UPDATE foster_household SET {BUMP} WHERE id = NEW.foster_household_id; "
        "END IF; RETURN NULL;",
    )
    _pg_trigger(
        "cf_meeting",
        f"AFTER INSERT OR DELETE OR UPDATE OF {MEETING_COLUMNS}",
        "meeting",
        "cf_bump_meeting_subjects",
    )
    _pg_function("cf_bump_own_facts", "NEW.facts_version := OLD.facts_version + 1; RETURN NEW;")
    _pg_trigger("cf_child", f"BEFORE UPDATE OF {CHILD_COLUMNS}", "child", "cf_bump_own_facts")
    _pg_trigger("cf_foster_household", f"BEFORE UPDATE OF {HOUSEHOLD_COLUMNS}", "foster_household", "cf_bump_own_facts")


def _drop_postgresql_triggers() -> None:
    tables = [*CHILD_ROWS, *(table for table, _link, _column in SHARED_ROWS), "meeting", "child", "foster_household"]
    for table in tables:
        op.execute(f"DROP TRIGGER IF EXISTS cf_{table} ON {table}")
    functions = ["cf_bump_child_of_row", "cf_bump_meeting_subjects", "cf_bump_own_facts"]
    functions += [f"cf_bump_children_of_{table}" for table, _link, _column in SHARED_ROWS]
    for function in functions:
        op.execute(f"DROP FUNCTION IF EXISTS {function}()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _drop_postgresql_triggers()
    else:
        for name in _sqlite_trigger_names():
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    with op.batch_alter_table("answered_step", schema=None) as batch_op:
        for column in ("held_on", "household_id", "child_id", "meeting_id"):
            batch_op.drop_index(batch_op.f(f"ix_answered_step_{column}"))
    op.drop_table("answered_step")
    op.drop_table("compliance_mark")
    for table in ("foster_household", "child"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("facts_version")
