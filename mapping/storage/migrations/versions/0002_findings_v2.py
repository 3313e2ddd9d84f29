"""Findings v2: a unit's leader count, level and parallel set; the leaders' decisions.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("units") as batch:
        batch.add_column(sa.Column("leader_count", sa.Integer))
        batch.add_column(sa.Column("level", sa.String(20)))
        batch.add_column(sa.Column("parallel_set", sa.Text, nullable=False, server_default=""))
    op.create_table(
        "decisions",
        sa.Column(
            "map_id", sa.Integer, sa.ForeignKey("maps.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("finding_id", sa.String, primary_key=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("owner_unit_id", sa.String),
        sa.Column("due", sa.Date),
        sa.Column("decided_on", sa.Date),
        sa.Column("decided_by", sa.Text, nullable=False, server_default=""),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.Column("position", sa.Integer, nullable=False, server_default="0"),
    )


def downgrade() -> None:
    op.drop_table("decisions")
    with op.batch_alter_table("units") as batch:
        batch.drop_column("parallel_set")
        batch.drop_column("level")
        batch.drop_column("leader_count")
