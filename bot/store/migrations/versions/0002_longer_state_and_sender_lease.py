"""A delivery's state as text of any length (a household's members, an alert's changes), a kind
long enough for "<reminder kind>@<window id>" (newborn_days_end@newborn_2023_catch_up), and the
lease that lets one process at a time send (so several processes stay within the bot's rate).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # batch: SQLite cannot alter a column's type in place, so Alembic copies the table there
    with op.batch_alter_table("deliveries") as table:
        table.alter_column("state", existing_type=sa.String(128), type_=sa.Text, existing_nullable=False)
        table.alter_column("kind", existing_type=sa.String(32), type_=sa.String(96), existing_nullable=False)
    op.create_table(
        "leases",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("holder", sa.String(64), nullable=False),
        sa.Column("until", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("leases")
    with op.batch_alter_table("deliveries") as table:
        table.alter_column("state", existing_type=sa.Text, type_=sa.String(128), existing_nullable=False)
        table.alter_column("kind", existing_type=sa.String(96), type_=sa.String(32), existing_nullable=False)
