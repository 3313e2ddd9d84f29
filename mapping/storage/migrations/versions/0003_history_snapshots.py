"""History snapshots: a creation or an import records the whole map in one packed row.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("changes") as batch:
        batch.add_column(sa.Column("snapshot", sa.LargeBinary))


def downgrade() -> None:
    with op.batch_alter_table("changes") as batch:
        batch.drop_column("snapshot")
