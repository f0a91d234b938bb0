"""Reminders, follows and the knowledge last announced per region.

Written out in full rather than imported from bot/store/schema.py: a migration is what the
tables were at that revision, whatever the code says later.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "deliveries",
        sa.Column("id", ID, primary_key=True, autoincrement=True),
        sa.Column("chat_id", sa.BigInteger, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("region", sa.String(64), nullable=False),
        sa.Column("state", sa.String(128), nullable=False),
        sa.Column("deadline", sa.Date, nullable=True),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("available_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_by", sa.String(64), nullable=True),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.UniqueConstraint("chat_id", "kind", "state", "due_at", name="uq_deliveries_key"),
    )
    op.create_index("ix_deliveries_available_at", "deliveries", ["available_at"])
    op.create_table(
        "follows",
        sa.Column("chat_id", sa.BigInteger, primary_key=True),
        sa.Column("region", sa.String(64), primary_key=True),
    )
    op.create_index("ix_follows_region", "follows", ["region"])
    op.create_table(
        "announced",
        sa.Column("region", sa.String(64), primary_key=True),
        sa.Column("fingerprint", sa.String(128), nullable=False),
        sa.Column("snapshot", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("announced")
    op.drop_index("ix_follows_region", table_name="follows")
    op.drop_table("follows")
    op.drop_index("ix_deliveries_available_at", table_name="deliveries")
    op.drop_table("deliveries")
