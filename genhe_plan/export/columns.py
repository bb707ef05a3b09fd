"""Declared CSV tables: a ``Table`` is its records and its ``Column``s; it writes its own CSV.

Why UTF-8 with BOM and CRLF: Excel and WPS, which most readers of the plan use, only detect UTF-8 when
the file starts with a BOM; CRLF is the csv module's (and RFC 4180's) line end. The bytes are
``cells.csv_bytes``'s, so no cell can be read as a formula (the rule is in genhe_plan/export/cells.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..model import Plan
from .cells import BOM, csv_bytes

__all__ = ["BOM", "Column", "Table", "keyed"]


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    get: Callable[[Plan, Any], object] | None = None

    def value(self, plan: Plan, record: Any) -> object:
        return self.get(plan, record) if self.get else getattr(record, self.name)


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    key: str | None
    records: Callable[[Plan], Iterable[Any]]
    columns: list[Column]

    @property
    def path(self) -> str:
        return f"data/{self.name}.csv"

    def rows(self, plan: Plan) -> list[list[object]]:
        return [[c.value(plan, r) for c in self.columns] for r in self.records(plan)]

    def csv(self, plan: Plan) -> bytes:
        """UTF-8 with BOM, CRLF, every field quoted only when needed; None → empty cell; a text that
        a spreadsheet would read as a formula gets a leading apostrophe (``cells.csv_cell``)."""
        return csv_bytes([c.name for c in self.columns], self.rows(plan))


def keyed(fields: list[tuple[str, str, str]]) -> list[Column]:
    """Columns for records that are dicts keyed by column name: (name, type, description) each. A
    record missing a column fails loudly (KeyError) instead of shifting the others."""
    return [Column(name, kind, description, lambda plan, row, name=name: row[name]) for name, kind, description in fields]
