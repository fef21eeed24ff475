"""An index that finds the latest meeting reference at once (the longest, then the largest: M-999999 comes before
M-1000000), instead of reading every reference for each booking — 11 ms a booking at ten times the demo service.

Revision ID: 1300_latest_reference
Revises: 1000_shared_diary
Create Date: 2026-11-26 23:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "1300_latest_reference"
down_revision = "1000_shared_diary"
branch_labels = None
depends_on = None

INDEX = "ix_meeting_ref_length_ref"


def upgrade() -> None:
    op.create_index(INDEX, "meeting", [sa.text("length(ref)"), "ref"])


def downgrade() -> None:
    op.drop_index(INDEX, table_name="meeting")
