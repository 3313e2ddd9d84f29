"""The column tables of ``docs/data-format.md``, made from the declarations.

The page embeds :func:`column_table` of every table between
``<!-- columns:TABLE -->`` and ``<!-- /columns -->``; ``scripts/docs_tables.py``
rewrites those blocks and a test checks they are current.

>>> from mapping.schema import TABLES
>>> column_table(TABLES["adoptions"]).splitlines()[2].split(" | ")[:3]
['| `principle_id`', '**yes**', 'reference to `principles`']
"""

from __future__ import annotations

import re

from mapping.schema.types import Column, TableSpec

HEADER = (
    "| column | required | type | Danish label | allowed values / notes | example |\n"
    "|---|---|---|---|---|---|"
)
BLOCK = re.compile(r"(<!-- columns:([a-z_]+) -->\n)(.*?)(<!-- /columns -->)", re.DOTALL)


def type_words(col: Column) -> str:
    """How the docs name a column's type."""
    if col.type == "ref":
        return f"reference to `{col.refers}`"
    if col.type == "reflist":
        return f"list of ids in `{col.refers}`"
    if col.type == "enum":
        return f"one of {len(col.choices)}"
    return {
        "id": "id",
        "text": "text",
        "int": "whole number",
        "float": "decimal number",
        "bool": "yes/no",
        "date": "date",
    }[col.type]


def column_table(spec: TableSpec) -> str:
    """The markdown table of one table's columns."""
    rows = [
        f"| `{c.name}` | {'**yes**' if c.required else 'no'} | {type_words(c)} | {c.label.da} "
        f"| {c.note} | `{c.example}` |"
        for c in spec.columns
    ]
    return "\n".join([HEADER, *rows])


def fill_column_tables(page: str, tables: dict[str, TableSpec]) -> str:
    """``page`` with every marked block replaced by the current column table."""

    def fill(m: re.Match[str]) -> str:
        return f"{m[1]}{column_table(tables[m[2]])}\n{m[4]}"

    return BLOCK.sub(fill, page)
