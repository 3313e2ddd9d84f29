"""The database tables (SQLAlchemy Core). Migrations in ``migrations/`` create them.

Every entity row belongs to one map and carries ``version`` (starts at 1, +1 on
each change) for compare-and-set edits, and ``position``, its place in the
user's order (rows load ordered by it). ``changes`` is the append-only history.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    false,
)

metadata = MetaData()


def _map_id() -> Column:
    return Column("map_id", Integer, ForeignKey("maps.id", ondelete="CASCADE"), primary_key=True)


def _version() -> Column:
    return Column("version", Integer, nullable=False, server_default="1")


def _position() -> Column:
    # The record's place in its table as the user ordered it (export gives it back).
    return Column("position", Integer, nullable=False, server_default="0")


maps = Table(
    "maps",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    sqlite_autoincrement=True,  # never reuse a deleted map's id: its history keeps it
)

units = Table(
    "units",
    metadata,
    _map_id(),
    Column("id", String, primary_key=True),
    Column("name", Text, nullable=False),
    Column("sector", Text, nullable=False, server_default=""),
    Column("parent_id", String),
    Column("leader", Text, nullable=False, server_default=""),
    Column("staff_count", Integer),
    Column("external", Boolean, nullable=False, server_default=false()),
    Column("description", Text, nullable=False, server_default=""),
    _version(),
    _position(),
    Index("ix_units_parent", "map_id", "parent_id"),
)

citizen_groups = Table(
    "citizen_groups",
    metadata,
    _map_id(),
    Column("id", String, primary_key=True),
    Column("name", Text, nullable=False),
    Column("description", Text, nullable=False, server_default=""),
    Column("lead_unit_id", String),
    Column("est_size", Integer),
    _version(),
    _position(),
)

services = Table(
    "services",
    metadata,
    _map_id(),
    Column("unit_id", String, primary_key=True),
    Column("group_id", String, primary_key=True),
    Column("goal", Text, nullable=False, server_default=""),
    Column("paradigm", Text, nullable=False, server_default=""),
    _version(),
    _position(),
    Index("ix_services_group", "map_id", "group_id"),
)

principles = Table(
    "principles",
    metadata,
    _map_id(),
    Column("id", String, primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("description", Text, nullable=False, server_default=""),
    Column("owner_unit_id", String),
    Column("funding_unit_id", String),
    Column("status", String(20), nullable=False, server_default="draft"),
    Column("agreed_on", Date),
    Column("review_by", Date),
    _version(),
    _position(),
)

# A principle's group_ids, in order; part of the principle record (its version).
principle_groups = Table(
    "principle_groups",
    metadata,
    Column("map_id", Integer, primary_key=True),
    Column("principle_id", String, primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("group_id", String, nullable=False),
    ForeignKeyConstraint(
        ["map_id", "principle_id"],
        ["principles.map_id", "principles.id"],
        ondelete="CASCADE",
    ),
    Index("ix_principle_groups_group", "map_id", "group_id"),
)

adoptions = Table(
    "adoptions",
    metadata,
    _map_id(),
    Column("principle_id", String, primary_key=True),
    Column("unit_id", String, primary_key=True),
    _version(),
    _position(),
    Index("ix_adoptions_unit", "map_id", "unit_id"),
)

relations = Table(
    "relations",
    metadata,
    _map_id(),
    Column("unit_a", String, primary_key=True),
    Column("unit_b", String, primary_key=True),
    Column("rc_score", Float),
    Column("note", Text, nullable=False, server_default=""),
    _version(),
    _position(),
    Index("ix_relations_b", "map_id", "unit_b"),
)

map_settings = Table(
    "map_settings",
    metadata,
    _map_id(),
    Column("key", String(100), primary_key=True),
    Column("value", JSON),
    _version(),
)

# Append-only; no foreign key so a deleted map's history stays readable.
changes = Table(
    "changes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("map_id", Integer, nullable=False),
    Column("map_version", Integer, nullable=False),  # groups the rows of one transaction
    Column("at", DateTime, nullable=False),
    Column("author", Text, nullable=False, server_default=""),
    Column("table_name", String(40), nullable=False),
    Column("key", JSON, nullable=False),
    Column("action", String(10), nullable=False),
    Column("before", JSON),
    Column("after", JSON),
    Column("version", Integer),  # the record's version after the change (before, for a delete)
    Index("ix_changes_map_at", "map_id", "at"),
    sqlite_autoincrement=True,
)

ENTITY_TABLES: dict[str, Table] = {
    "units": units,
    "citizen_groups": citizen_groups,
    "services": services,
    "principles": principles,
    "adoptions": adoptions,
    "relations": relations,
}
