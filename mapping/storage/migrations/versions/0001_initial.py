"""Initial schema: maps, the six entity tables, principle groups, settings, history.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _map_id() -> sa.Column:
    return sa.Column(
        "map_id", sa.Integer, sa.ForeignKey("maps.id", ondelete="CASCADE"), primary_key=True
    )


def _version() -> sa.Column:
    return sa.Column("version", sa.Integer, nullable=False, server_default="1")


def _position() -> sa.Column:
    return sa.Column("position", sa.Integer, nullable=False, server_default="0")


def upgrade() -> None:
    op.create_table(
        "maps",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "units",
        _map_id(),
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("sector", sa.Text, nullable=False, server_default=""),
        sa.Column("parent_id", sa.String),
        sa.Column("leader", sa.Text, nullable=False, server_default=""),
        sa.Column("staff_count", sa.Integer),
        sa.Column("external", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("description", sa.Text, nullable=False, server_default=""),
        _version(),
        _position(),
    )
    op.create_index("ix_units_parent", "units", ["map_id", "parent_id"])
    op.create_table(
        "citizen_groups",
        _map_id(),
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False, server_default=""),
        sa.Column("lead_unit_id", sa.String),
        sa.Column("est_size", sa.Integer),
        _version(),
        _position(),
    )
    op.create_table(
        "services",
        _map_id(),
        sa.Column("unit_id", sa.String, primary_key=True),
        sa.Column("group_id", sa.String, primary_key=True),
        sa.Column("goal", sa.Text, nullable=False, server_default=""),
        sa.Column("paradigm", sa.Text, nullable=False, server_default=""),
        _version(),
        _position(),
    )
    op.create_index("ix_services_group", "services", ["map_id", "group_id"])
    op.create_table(
        "principles",
        _map_id(),
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("description", sa.Text, nullable=False, server_default=""),
        sa.Column("owner_unit_id", sa.String),
        sa.Column("funding_unit_id", sa.String),
        sa.Column("status", sa.String(20), nullable=False, server_default="draft"),
        sa.Column("agreed_on", sa.Date),
        sa.Column("review_by", sa.Date),
        _version(),
        _position(),
    )
    op.create_table(
        "principle_groups",
        sa.Column("map_id", sa.Integer, primary_key=True),
        sa.Column("principle_id", sa.String, primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("group_id", sa.String, nullable=False),
        sa.ForeignKeyConstraint(
            ["map_id", "principle_id"],
            ["principles.map_id", "principles.id"],
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_principle_groups_group", "principle_groups", ["map_id", "group_id"])
    op.create_table(
        "adoptions",
        _map_id(),
        sa.Column("principle_id", sa.String, primary_key=True),
        sa.Column("unit_id", sa.String, primary_key=True),
        _version(),
        _position(),
    )
    op.create_index("ix_adoptions_unit", "adoptions", ["map_id", "unit_id"])
    op.create_table(
        "relations",
        _map_id(),
        sa.Column("unit_a", sa.String, primary_key=True),
        sa.Column("unit_b", sa.String, primary_key=True),
        sa.Column("rc_score", sa.Float),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        _version(),
        _position(),
    )
    op.create_index("ix_relations_b", "relations", ["map_id", "unit_b"])
    op.create_table(
        "map_settings",
        _map_id(),
        sa.Column("key", sa.String(100), primary_key=True),
        sa.Column("value", sa.JSON),
        _version(),
    )
    op.create_table(
        "changes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("map_id", sa.Integer, nullable=False),
        sa.Column("map_version", sa.Integer, nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("author", sa.Text, nullable=False, server_default=""),
        sa.Column("table_name", sa.String(40), nullable=False),
        sa.Column("key", sa.JSON, nullable=False),
        sa.Column("action", sa.String(10), nullable=False),
        sa.Column("before", sa.JSON),
        sa.Column("after", sa.JSON),
        sa.Column("version", sa.Integer),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_changes_map_at", "changes", ["map_id", "at"])


def downgrade() -> None:
    for table in (
        "changes",
        "map_settings",
        "relations",
        "adoptions",
        "principle_groups",
        "principles",
        "services",
        "citizen_groups",
        "units",
        "maps",
    ):
        op.drop_table(table)
