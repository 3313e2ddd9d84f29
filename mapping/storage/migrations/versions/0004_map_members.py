"""Map members: who may read, edit or own each map (login and roles).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "map_members",
        sa.Column(
            "map_id", sa.Integer, sa.ForeignKey("maps.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("principal", sa.String(320), primary_key=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("added_at", sa.DateTime, nullable=False),
        sa.Column("added_by", sa.Text, nullable=False, server_default=""),
    )


def downgrade() -> None:
    op.drop_table("map_members")
