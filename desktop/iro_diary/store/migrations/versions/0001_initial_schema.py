"""Initial schema: IROs, rooms, children and their episodes, plans and referrals, meetings, audit, settings.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-26 17:48:54.043956
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=40), nullable=False),
        sa.Column("summary", sa.String(length=200), nullable=False),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")),
    )
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_entry_at"), ["at"], unique=False)
        batch_op.create_index("ix_audit_entry_entity_entity_id", ["entity", "entity_id"], unique=False)

    op.create_table(
        "calendar_day",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("day", "kind", name=op.f("pk_calendar_day")),
    )
    op.create_table(
        "family",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_ref", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_family")),
        sa.UniqueConstraint("family_ref", name=op.f("uq_family_family_ref")),
    )
    op.create_table(
        "iro",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("fte", sa.Float(), nullable=False),
        sa.Column(
            "team",
            sa.Enum(
                "children-in-care",
                "child-protection",
                "fostering",
                "mixed",
                name="team",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("working_days", sa.String(length=40), nullable=False),
        sa.Column("day_start", sa.Time(), nullable=False),
        sa.Column("day_end", sa.Time(), nullable=False),
        sa.Column("daily_cap", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("daily_cap >= 0", name=op.f("ck_iro_daily_cap_not_negative")),
        sa.CheckConstraint("day_end > day_start", name=op.f("ck_iro_day_ends_after_start")),
        sa.CheckConstraint("fte > 0 AND fte <= 1", name=op.f("ck_iro_fte_in_range")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_iro")),
        sa.UniqueConstraint("email", name=op.f("uq_iro_email")),
    )
    op.create_table(
        "room",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("site", sa.String(length=120), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("accessible", sa.Boolean(), nullable=False),
        sa.Column("mailbox", sa.String(length=254), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("capacity > 0", name=op.f("ck_room_capacity_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_room")),
        sa.UniqueConstraint("name", name=op.f("uq_room_name")),
    )
    op.create_table(
        "setting",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=120), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_setting")),
    )
    op.create_table(
        "absence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("iro_id", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "leave",
                "training",
                "sickness",
                "other",
                name="absence_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("end_date >= start_date", name=op.f("ck_absence_ends_after_start")),
        sa.ForeignKeyConstraint(["iro_id"], ["iro.id"], name=op.f("fk_absence_iro_id_iro"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_absence")),
    )
    with op.batch_alter_table("absence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_absence_iro_id"), ["iro_id"], unique=False)

    op.create_table(
        "child",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_ref", sa.String(length=40), nullable=False),
        sa.Column("given_name", sa.String(length=80), nullable=False),
        sa.Column("family_name", sa.String(length=80), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("expected_delivery", sa.Date(), nullable=True),
        sa.Column(
            "sex",
            sa.Enum("M", "F", "U", name="sex", native_enum=False, create_constraint=True, length=32),
            nullable=False,
        ),
        sa.Column("ethnicity", sa.String(length=4), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=True),
        sa.Column("allocated_iro_id", sa.Integer(), nullable=True),
        sa.Column("social_worker", sa.String(length=120), nullable=True),
        sa.Column("social_worker_email", sa.String(length=254), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "date_of_birth IS NOT NULL OR expected_delivery IS NOT NULL",
            name=op.f("ck_child_born_or_expected"),
        ),
        sa.ForeignKeyConstraint(
            ["allocated_iro_id"], ["iro.id"], name=op.f("fk_child_allocated_iro_id_iro"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["family_id"], ["family.id"], name=op.f("fk_child_family_id_family"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_child")),
        sa.UniqueConstraint("case_ref", name=op.f("uq_child_case_ref")),
    )
    with op.batch_alter_table("child", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_child_allocated_iro_id"), ["allocated_iro_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_child_family_id"), ["family_id"], unique=False)

    op.create_table(
        "foster_household",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("household_ref", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("approved_on", sa.Date(), nullable=False),
        sa.Column("deregistered_on", sa.Date(), nullable=True),
        sa.Column("allocated_iro_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "deregistered_on IS NULL OR deregistered_on >= approved_on",
            name=op.f("ck_foster_household_deregistered_after_approval"),
        ),
        sa.ForeignKeyConstraint(
            ["allocated_iro_id"],
            ["iro.id"],
            name=op.f("fk_foster_household_allocated_iro_id_iro"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_foster_household")),
        sa.UniqueConstraint("household_ref", name=op.f("uq_foster_household_household_ref")),
    )
    with op.batch_alter_table("foster_household", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_foster_household_allocated_iro_id"), ["allocated_iro_id"], unique=False)

    op.create_table(
        "strategy_discussion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("s47_initiated", sa.Boolean(), nullable=False),
        sa.Column("conference_not_required", sa.Boolean(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["family.id"],
            name=op.f("fk_strategy_discussion_family_id_family"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_strategy_discussion")),
    )
    with op.batch_alter_table("strategy_discussion", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_strategy_discussion_held_on"), ["held_on"], unique=False)

    op.create_table(
        "transfer_notification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("from_authority", sa.String(length=120), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["family.id"],
            name=op.f("fk_transfer_notification_family_id_family"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfer_notification")),
    )
    op.create_table(
        "care_episode",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("legal_status", sa.String(length=2), nullable=False),
        sa.Column("placement_distance_miles", sa.Float(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("end_date IS NULL OR end_date >= start_date", name=op.f("ck_care_episode_ends_after_start")),
        sa.CheckConstraint(
            "placement_distance_miles IS NULL OR placement_distance_miles >= 0",
            name=op.f("ck_care_episode_distance_not_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_care_episode_child_id_child"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_care_episode")),
    )
    with op.batch_alter_table("care_episode", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_care_episode_child_id"), ["child_id"], unique=False)

    op.create_table(
        "early_review_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column(
            "meeting_kind",
            sa.Enum(
                "strategy-discussion",
                "icpc",
                "transfer-in",
                "pre-birth",
                "rcpc",
                "cla-review",
                "cse-strategy",
                "cse-review",
                "foster-review",
                name="early_review_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("requested_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("withdrawn", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"],
            ["child.id"],
            name=op.f("fk_early_review_request_child_id_child"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_early_review_request")),
    )
    with op.batch_alter_table("early_review_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_early_review_request_child_id"), ["child_id"], unique=False)

    op.create_table(
        "exploitation_concern",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("referred_on", sa.Date(), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "closed_on IS NULL OR closed_on >= referred_on",
            name=op.f("ck_exploitation_concern_closes_after_referral"),
        ),
        sa.ForeignKeyConstraint(
            ["child_id"],
            ["child.id"],
            name=op.f("fk_exploitation_concern_child_id_child"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exploitation_concern")),
    )
    with op.batch_alter_table("exploitation_concern", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exploitation_concern_child_id"), ["child_id"], unique=False)

    op.create_table(
        "iro_allocation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("iro_id", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "end_date IS NULL OR end_date >= start_date", name=op.f("ck_iro_allocation_ends_after_start")
        ),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_iro_allocation_child_id_child"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["iro_id"], ["iro.id"], name=op.f("fk_iro_allocation_iro_id_iro"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_iro_allocation")),
    )
    with op.batch_alter_table("iro_allocation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_iro_allocation_child_id"), ["child_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_iro_allocation_iro_id"), ["iro_id"], unique=False)

    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=20), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
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
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "provisional",
                "booked",
                "held",
                "cancelled",
                name="meeting_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("start_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=True),
        sa.Column("venue", sa.String(length=200), nullable=True),
        sa.Column("chair_id", sa.Integer(), nullable=True),
        sa.Column("minute_taker", sa.String(length=120), nullable=True),
        sa.Column("minute_taker_email", sa.String(length=254), nullable=True),
        sa.Column("family_id", sa.Integer(), nullable=True),
        sa.Column("foster_household_id", sa.Integer(), nullable=True),
        sa.Column("ical_uid", sa.String(length=120), nullable=False),
        sa.Column("ical_sequence", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("cancel_reason", sa.String(length=200), nullable=True),
        sa.Column("late_reason", sa.String(length=200), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=120), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("end_at > start_at", name=op.f("ck_meeting_ends_after_start")),
        sa.CheckConstraint("ical_sequence >= 0", name=op.f("ck_meeting_sequence_not_negative")),
        sa.ForeignKeyConstraint(["chair_id"], ["iro.id"], name=op.f("fk_meeting_chair_id_iro"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(
            ["family_id"], ["family.id"], name=op.f("fk_meeting_family_id_family"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["foster_household_id"],
            ["foster_household.id"],
            name=op.f("fk_meeting_foster_household_id_foster_household"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["room_id"], ["room.id"], name=op.f("fk_meeting_room_id_room"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting")),
        sa.UniqueConstraint("ical_uid", name=op.f("uq_meeting_ical_uid")),
        sa.UniqueConstraint("ref", name=op.f("uq_meeting_ref")),
    )
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.create_index("ix_meeting_chair_id_start_at", ["chair_id", "start_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_family_id"), ["family_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_foster_household_id"), ["foster_household_id"], unique=False)
        batch_op.create_index("ix_meeting_room_id_start_at", ["room_id", "start_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_start_at"), ["start_at"], unique=False)

    op.create_table(
        "protection_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column(
            "category",
            sa.Enum(
                "NEG",
                "PHY",
                "EMO",
                "SAB",
                "MUL",
                name="plan_category",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "end_date IS NULL OR end_date >= start_date", name=op.f("ck_protection_plan_ends_after_start")
        ),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_protection_plan_child_id_child"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_plan")),
    )
    with op.batch_alter_table("protection_plan", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_protection_plan_child_id"), ["child_id"], unique=False)

    op.create_table(
        "strategy_discussion_child",
        sa.Column("strategy_discussion_id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"],
            ["child.id"],
            name=op.f("fk_strategy_discussion_child_child_id_child"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["strategy_discussion_id"],
            ["strategy_discussion.id"],
            name=op.f("fk_strategy_discussion_child_strategy_discussion_id_strategy_discussion"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("strategy_discussion_id", "child_id", name=op.f("pk_strategy_discussion_child")),
    )
    with op.batch_alter_table("strategy_discussion_child", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_strategy_discussion_child_child_id"), ["child_id"], unique=False)

    op.create_table(
        "transfer_notification_child",
        sa.Column("transfer_notification_id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"],
            ["child.id"],
            name=op.f("fk_transfer_notification_child_child_id_child"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["transfer_notification_id"],
            ["transfer_notification.id"],
            name=op.f("fk_transfer_notification_child_transfer_notification_id_transfer_notification"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("transfer_notification_id", "child_id", name=op.f("pk_transfer_notification_child")),
    )
    with op.batch_alter_table("transfer_notification_child", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_transfer_notification_child_child_id"), ["child_id"], unique=False)

    op.create_table(
        "attendee",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column(
            "role",
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
        sa.Column("organisation", sa.String(length=120), nullable=True),
        sa.Column("response", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_attendee_meeting_id_meeting"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendee")),
    )
    with op.batch_alter_table("attendee", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attendee_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "meeting_child",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(length=40), nullable=True),
        sa.Column("participation", sa.String(length=3), nullable=True),
        sa.Column("decision", sa.String(length=40), nullable=True),
        sa.Column("category", sa.String(length=3), nullable=True),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_meeting_child_child_id_child"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_meeting_child_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_child")),
        sa.UniqueConstraint("meeting_id", "child_id", name=op.f("uq_meeting_child_meeting_id_child_id")),
    )
    with op.batch_alter_table("meeting_child", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_child_child_id"), ["child_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_child_meeting_id"), ["meeting_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("meeting_child", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_child_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_meeting_child_child_id"))

    op.drop_table("meeting_child")
    with op.batch_alter_table("attendee", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendee_meeting_id"))

    op.drop_table("attendee")
    with op.batch_alter_table("transfer_notification_child", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_transfer_notification_child_child_id"))

    op.drop_table("transfer_notification_child")
    with op.batch_alter_table("strategy_discussion_child", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_strategy_discussion_child_child_id"))

    op.drop_table("strategy_discussion_child")
    with op.batch_alter_table("protection_plan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_protection_plan_child_id"))

    op.drop_table("protection_plan")
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_start_at"))
        batch_op.drop_index("ix_meeting_room_id_start_at")
        batch_op.drop_index(batch_op.f("ix_meeting_foster_household_id"))
        batch_op.drop_index(batch_op.f("ix_meeting_family_id"))
        batch_op.drop_index("ix_meeting_chair_id_start_at")

    op.drop_table("meeting")
    with op.batch_alter_table("iro_allocation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_iro_allocation_iro_id"))
        batch_op.drop_index(batch_op.f("ix_iro_allocation_child_id"))

    op.drop_table("iro_allocation")
    with op.batch_alter_table("exploitation_concern", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exploitation_concern_child_id"))

    op.drop_table("exploitation_concern")
    with op.batch_alter_table("early_review_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_early_review_request_child_id"))

    op.drop_table("early_review_request")
    with op.batch_alter_table("care_episode", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_care_episode_child_id"))

    op.drop_table("care_episode")
    op.drop_table("transfer_notification")
    with op.batch_alter_table("strategy_discussion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_strategy_discussion_held_on"))

    op.drop_table("strategy_discussion")
    with op.batch_alter_table("foster_household", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_foster_household_allocated_iro_id"))

    op.drop_table("foster_household")
    with op.batch_alter_table("child", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_child_family_id"))
        batch_op.drop_index(batch_op.f("ix_child_allocated_iro_id"))

    op.drop_table("child")
    with op.batch_alter_table("absence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_absence_iro_id"))

    op.drop_table("absence")
    op.drop_table("setting")
    op.drop_table("room")
    op.drop_table("iro")
    op.drop_table("family")
    op.drop_table("calendar_day")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_entry_entity_entity_id")
        batch_op.drop_index(batch_op.f("ix_audit_entry_at"))

    op.drop_table("audit_entry")
