"""Rewrite the column tables in docs/data-format.md from mapping.schema.

Run after adding or changing a column: ``python scripts/docs_tables.py``.
"""

from __future__ import annotations

from pathlib import Path

from mapping.schema import TABLES
from mapping.schema.docs import fill_column_tables

PAGE = Path(__file__).resolve().parents[1] / "docs" / "data-format.md"


def main() -> None:
    text = PAGE.read_text(encoding="utf-8")
    PAGE.write_text(fill_column_tables(text, TABLES), encoding="utf-8")
    print(f"updated {PAGE}")


if __name__ == "__main__":
    main()
