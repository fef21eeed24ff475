"""Quality assurance: causes for concern and their stages, good practice, themes, the live-audit checklist and its
answers (issue #12). Seeds the theme lists and the checklist with the 2016/17 annual report's.

Revision ID: 1200_quality
Revises: 0700_compliance_cache
Create Date: 2026-11-26 19:43:56.728341
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "1200_quality"
down_revision = "0700_compliance_cache"
branch_labels = None
depends_on = None

STAGES = ("informal-resolution", "team-manager", "service-manager", "head-of-service", "director")
# Written out here (not imported) so the migration keeps meaning what it meant when the app changes.
CONCERN_THEMES = (
    "Work not completed in a timely way",
    "Reports not available before the meeting",
    "Contact arrangements not progressed",
    "Care plan not submitted before the meeting",
)
GOOD_PRACTICE_THEMES = (
    "Timely progress of a complex plan",
    "Persistence in achieving permanence",
    "High-quality reports",
)
CHECKLIST = (
    ("pep", "Personal education plan (PEP) in date", "looked-after"),
    ("health", "Health assessment in date", "looked-after"),
    ("child-spoken-to", "Child spoken to by the IRO before the review", "looked-after"),
    ("reports-shared", "Reports shared 3 days before the meeting", "both"),
    ("contact", "Contact arrangements progressed", "looked-after"),
    ("timely-work", "Work progressed in a timely way since the last meeting", "both"),
    ("core-group", "Core group meetings held as the plan requires", "conferences"),
)


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _stage() -> sa.Enum:
    return _enum("concern_stage_code", *STAGES)


def _stamps() -> list[sa.Column[object]]:
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=120), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    ]


def _foreign_keys(table: str) -> list[sa.ForeignKeyConstraint]:
    return [
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f(f"fk_{table}_child_id_child"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f(f"fk_{table}_meeting_id_meeting"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["theme_id"], ["quality_theme.id"], name=op.f(f"fk_{table}_theme_id_quality_theme"), ondelete="RESTRICT"
        ),
    ]


def _indexes(table: str, columns: tuple[str, ...]) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)


def _lists() -> None:
    themes = op.create_table(
        "quality_theme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", _enum("theme_kind", "concern", "good-practice"), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quality_theme")),
        sa.UniqueConstraint("kind", "name", name=op.f("uq_quality_theme_kind_name")),
    )
    items = op.create_table(
        "audit_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("applies_to", _enum("audit_scope", "looked-after", "conferences", "both"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_item")),
        sa.UniqueConstraint("code", name=op.f("uq_audit_item_code")),
    )
    rows = [("concern", name) for name in CONCERN_THEMES] + [("good-practice", name) for name in GOOD_PRACTICE_THEMES]
    op.bulk_insert(
        themes,
        [
            {"kind": kind, "name": name, "position": position, "active": True, "version": 1}
            for position, (kind, name) in enumerate(rows, start=1)
        ],
    )
    op.bulk_insert(
        items,
        [
            {"code": code, "label": label, "applies_to": scope, "position": position, "active": True, "version": 1}
            for position, (code, label, scope) in enumerate(CHECKLIST, start=1)
        ],
    )


def _concerns() -> None:
    op.create_table(
        "cause_for_concern",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=20), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.Column("area", _enum("work_area", "child-protection", "children-in-care", "other"), nullable=False),
        sa.Column("raised_by_iro_id", sa.Integer(), nullable=True),
        sa.Column("raised_on", sa.Date(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("addressed_team", sa.String(length=120), nullable=False),
        sa.Column("stage", _stage(), nullable=False),
        sa.Column("resolved_on", sa.Date(), nullable=True),
        sa.Column(
            "outcome",
            _enum("concern_outcome", "resolved", "partly-resolved", "not-resolved", "withdrawn"),
            nullable=True,
        ),
        sa.Column("outcome_note", sa.Text(), nullable=True),
        *_stamps(),
        sa.CheckConstraint(
            "(resolved_on IS NULL) = (outcome IS NULL)", name=op.f("ck_cause_for_concern_resolved_with_outcome")
        ),
        *_foreign_keys("cause_for_concern"),
        sa.ForeignKeyConstraint(
            ["raised_by_iro_id"],
            ["iro.id"],
            name=op.f("fk_cause_for_concern_raised_by_iro_id_iro"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cause_for_concern")),
        sa.UniqueConstraint("ref", name=op.f("uq_cause_for_concern_ref")),
    )
    _indexes("cause_for_concern", ("child_id", "meeting_id", "raised_by_iro_id", "raised_on", "theme_id"))
    op.create_table(
        "concern_stage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("concern_id", sa.Integer(), nullable=False),
        sa.Column("stage", _stage(), nullable=False),
        sa.Column("addressed_to", sa.String(length=120), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("responded_on", sa.Date(), nullable=True),
        sa.Column("response", sa.Text(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column(
            "ended_how",
            _enum("concern_stage_end", "escalated-no-response", "escalated-not-resolved", "escalated-early", "closed"),
            nullable=True,
        ),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint("due_on >= started_on", name=op.f("ck_concern_stage_due_after_start")),
        sa.ForeignKeyConstraint(
            ["concern_id"],
            ["cause_for_concern.id"],
            name=op.f("fk_concern_stage_concern_id_cause_for_concern"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_concern_stage")),
        sa.UniqueConstraint("concern_id", "stage", name=op.f("uq_concern_stage_concern_id_stage")),
    )
    _indexes("concern_stage", ("concern_id",))


def _good_practice() -> None:
    op.create_table(
        "good_practice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=20), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.Column("recorded_by_iro_id", sa.Integer(), nullable=True),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("recognised", sa.String(length=120), nullable=False),
        sa.Column("recognised_role", sa.String(length=120), nullable=False),
        sa.Column("recognised_team", sa.String(length=120), nullable=False),
        sa.Column("manager", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        *_stamps(),
        *_foreign_keys("good_practice"),
        sa.ForeignKeyConstraint(
            ["recorded_by_iro_id"],
            ["iro.id"],
            name=op.f("fk_good_practice_recorded_by_iro_id_iro"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_good_practice")),
        sa.UniqueConstraint("ref", name=op.f("uq_good_practice_ref")),
    )
    _indexes("good_practice", ("child_id", "meeting_id", "recorded_by_iro_id", "recorded_on", "theme_id"))


def _answers() -> None:
    op.create_table(
        "audit_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("answer", _enum("audit_answer_code", "yes", "no", "n/a"), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_by", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_audit_answer_child_id_child"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["audit_item.id"], name=op.f("fk_audit_answer_item_id_audit_item"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_audit_answer_meeting_id_meeting"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_answer")),
        sa.UniqueConstraint(
            "meeting_id", "child_id", "item_id", name=op.f("uq_audit_answer_meeting_id_child_id_item_id")
        ),
    )
    _indexes("audit_answer", ("child_id", "item_id"))


def upgrade() -> None:
    _lists()
    _concerns()
    _good_practice()
    _answers()


def _drop(table: str, indexed: tuple[str, ...]) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in indexed:
            batch_op.drop_index(batch_op.f(f"ix_{table}_{column}"))
    op.drop_table(table)


def downgrade() -> None:
    _drop("audit_answer", ("child_id", "item_id"))
    _drop("good_practice", ("child_id", "meeting_id", "recorded_by_iro_id", "recorded_on", "theme_id"))
    _drop("concern_stage", ("concern_id",))
    _drop("cause_for_concern", ("child_id", "meeting_id", "raised_by_iro_id", "raised_on", "theme_id"))
    _drop("audit_item", ())
    _drop("quality_theme", ())
