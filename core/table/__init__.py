"""SNMP tables as rows: which columns a table has, and its walked varbinds keyed by index.

``TableSpec.of(store, "ifTable")`` describes a table from the MIB (its entry, columns in
MIB order, INDEX objects, the tables that AUGMENT it or share its INDEX);
``TableRows(spec)`` takes walked varbinds as they stream in and keeps one row per
instance suffix, with the INDEX decoded per RFC 2578 (``core.mib.index``); the cells
live in compact column stores (``core.table.columns``), the browser's in its model.
Pure Python: the browser's table view and ``snmptui table`` both build on it.
"""

from core.table.columns import ABSENT, Cells, ColumnStore
from core.table.rows import Row, StoreSource, TableRows
from core.table.spec import Column, JoinKind, TableSpec, TableSpecError, join_candidates

__all__ = [
    "ABSENT", "Cells", "Column", "ColumnStore", "JoinKind", "Row", "StoreSource", "TableRows", "TableSpec",
    "TableSpecError", "join_candidates",
]  # fmt: skip
