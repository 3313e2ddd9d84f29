"""The tables of a map, declared once: keys, columns, types, references, labels.

Everything that needs to know a table's columns reads them from here: the
file readers and writers (:mod:`mapping.readwrite`), validation
(:mod:`mapping.validation`), the database tables (:mod:`mapping.storage.schema`),
the app's forms and bulk tables, what depends on a record before a delete,
the template workbook and the column table in ``docs/data-format.md``.
Adding a column is one :class:`Column` here plus one database migration.

>>> TABLES["units"].key
('id',)
>>> [c.name for c in TABLES["adoptions"].columns]
['principle_id', 'unit_id']
>>> TABLES["principles"].column("status").parse_choice("aftalt")
'agreed'
>>> TABLES["units"].column("parent_id").refers
'units'
"""

from __future__ import annotations

from mapping.schema.tables import (
    DECISION_CHOICES,
    KEY_FIELDS,
    KIND_CHOICES,
    LEVEL_CHOICES,
    RECORD_TYPES,
    STATUS_CHOICES,
    TABLE_NAMES,
    TABLES,
    referring_columns,
)
from mapping.schema.types import Choice, Column, TableSpec

__all__ = [
    "DECISION_CHOICES",
    "KEY_FIELDS",
    "KIND_CHOICES",
    "LEVEL_CHOICES",
    "RECORD_TYPES",
    "STATUS_CHOICES",
    "TABLES",
    "TABLE_NAMES",
    "Choice",
    "Column",
    "TableSpec",
    "referring_columns",
]
