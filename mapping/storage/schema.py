"""The database tables (SQLAlchemy Core). Migrations in ``migrations/`` create them.

The entity tables are built from the map's tables declared in
:mod:`mapping.schema`: the key columns are the primary key (after ``map_id``),
text is ``TEXT NOT NULL DEFAULT ''`` unless required, an enum is a short
string, a list column (a principle's ``group_ids``) lives in its own table in
order. Migrations stay explicit; a test checks the newest one creates exactly
these tables.

Every entity row belongs to one map and carries ``version`` (starts at 1, +1 on
each change) for compare-and-set edits, and ``position``, its place in the
user's order (rows load ordered by it). ``changes`` is the append-only history.
"""

from __future__ import annotations

from typing import Any

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
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    false,
)

from mapping import schema
from mapping.storage.records import list_table_names  # also here: the tables' module

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


def _sql_column(col: schema.Column, is_key: bool) -> Column:
    """The database column of one schema column (see the module docs for the rules)."""
    if is_key:
        return Column(col.name, String, primary_key=True)
    if col.type == "text":
        if col.required:
            return Column(col.name, Text, nullable=False)
        return Column(col.name, Text, nullable=False, server_default="")
    if col.type == "bool":
        return Column(col.name, Boolean, nullable=False, server_default=false())
    if col.type == "enum":
        if col.required:
            return Column(col.name, String(20), nullable=False)
        if col.default is not None:
            return Column(col.name, String(20), nullable=False, server_default=str(col.default))
        return Column(col.name, String(20))
    sql_type = {"ref": String, "int": Integer, "float": Float, "date": Date}[col.type]
    return Column(col.name, sql_type)


def index_name(table: str, column: str) -> str:
    """``ix_units_parent``, ``ix_relations_b``: the table and a short column name."""
    return f"ix_{table}_{column.removesuffix('_id').removeprefix('unit_')}"


def _entity_table(spec: schema.TableSpec) -> Table:
    columns: list[Any] = [_map_id()]
    for col in spec.columns:
        if col.type != "reflist":
            columns.append(_sql_column(col, col.name in spec.key))
    columns += [_version(), _position()]
    columns += [
        Index(index_name(spec.name, c.name), "map_id", c.name)
        for c in spec.columns
        if c.indexed and c.type != "reflist"
    ]
    return Table(spec.name, metadata, *columns)


def _list_table(spec: schema.TableSpec, col: schema.Column) -> Table:
    name, owner, item = list_table_names(spec, col)
    return Table(
        name,
        metadata,
        Column("map_id", Integer, primary_key=True),
        Column(owner, String, primary_key=True),
        Column("position", Integer, primary_key=True),
        Column(item, String, nullable=False),
        ForeignKeyConstraint(
            ["map_id", owner], [f"{spec.name}.map_id", f"{spec.name}.id"], ondelete="CASCADE"
        ),
        Index(index_name(name, item), "map_id", item),
    )


ENTITY_TABLES: dict[str, Table] = {
    spec.name: _entity_table(spec) for spec in schema.TABLES.values()
}
"""Table name -> its database table, built from :mod:`mapping.schema`."""

LIST_TABLES: dict[tuple[str, str], Table] = {
    (spec.name, col.name): _list_table(spec, col)
    for spec in schema.TABLES.values()
    for col in spec.columns
    if col.type == "reflist"
}
"""(table, list column) -> the table holding the list's items in order."""


units = ENTITY_TABLES["units"]
citizen_groups = ENTITY_TABLES["citizen_groups"]
services = ENTITY_TABLES["services"]
principles = ENTITY_TABLES["principles"]
adoptions = ENTITY_TABLES["adoptions"]
relations = ENTITY_TABLES["relations"]
decisions = ENTITY_TABLES["decisions"]
principle_groups = LIST_TABLES[("principles", "group_ids")]

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
    # A whole map's records, packed (a creation or an import): one row instead of one per record.
    Column("snapshot", LargeBinary),
    Index("ix_changes_map_at", "map_id", "at"),
    sqlite_autoincrement=True,
)

# Who may do what on one map. ``principal`` is a lower-case e-mail address, or
# ``group:<name>`` for everyone whose login carries that group. Members go with
# their map (a deleted map has none; the instance administrator assigns anew).
map_members = Table(
    "map_members",
    metadata,
    _map_id(),
    Column("principal", String(320), primary_key=True),
    Column("role", String(20), nullable=False),
    Column("added_at", DateTime, nullable=False),
    Column("added_by", Text, nullable=False, server_default=""),
)
