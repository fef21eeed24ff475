"""Invites: the outbox of invite emails and the record of who was sent which SEQUENCE (issue #6).

Revision ID: 0600_invites
Revises: 0001
Create Date: 2026-11-26 18:21:37.618208
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0600_invites"
down_revision = "0001"
branch_labels = None
depends_on = None


def _kind() -> sa.Enum:
    return sa.Enum(
        "request", "cancel", "withdraw", name="invite_kind", native_enum=False, create_constraint=True, length=32
    )


def _recipient_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("recipient_name", sa.String(length=120), nullable=False),
        sa.Column(
            "recipient_role",
            sa.Enum(
                "chair",
                "required",
                "optional",
                "minute-taker",
                name="attendee_role",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("recipient_is_room", sa.Boolean(), nullable=False),
        sa.Column("recipient_is_family", sa.Boolean(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "invite_delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("kind", _kind(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        *_recipient_columns(),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_invite_delivery_meeting_id_meeting"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invite_delivery")),
        sa.UniqueConstraint("meeting_id", "recipient", name=op.f("uq_invite_delivery_meeting_id_recipient")),
    )
    with op.batch_alter_table("invite_delivery", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_invite_delivery_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "invite_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("kind", _kind(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "queued",
                "sent",
                "failed",
                "superseded",
                name="outbox_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=300), nullable=True),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("queued_by", sa.String(length=120), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        *_recipient_columns(),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_invite_outbox_meeting_id_meeting"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invite_outbox")),
    )
    with op.batch_alter_table("invite_outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_invite_outbox_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index("ix_invite_outbox_status_next_attempt_at", ["status", "next_attempt_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("invite_outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_invite_outbox_status_next_attempt_at")
        batch_op.drop_index(batch_op.f("ix_invite_outbox_meeting_id"))
    op.drop_table("invite_outbox")
    with op.batch_alter_table("invite_delivery", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invite_delivery_meeting_id"))
    op.drop_table("invite_delivery")
