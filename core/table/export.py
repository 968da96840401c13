"""Rows of a table as CSV or JSON, for ``snmptui table --csv/--json`` and the browser's export.

Both start with the decoded INDEX parts (RFC 2578, ``core.mib.index``), then one field
per column with the cell's text (``cell`` turns a value into text; the caller picks
net-snmp's or another rendering). CSV: a header line of names, empty fields for cells
the agent did not have. JSON: an array with one object per row, ``{"index": {part:
value}, column: text or null, ...}``, one row per line; integers in the index stay
numbers, enumerations their labels, strings and addresses are text.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from core.mib.index import IndexValue
from core.oid import OidTuple
from core.table.rows import TableRows

__all__ = ["CellText", "index_json", "write_csv", "write_json", "row_texts"]

CellText = Callable[[OidTuple, Any], str]
"""(instance OID, value) -> the cell's text"""


def index_json(value: IndexValue) -> Any:
    """An INDEX part for scripts: integers as numbers, enumerations by label, strings and
    addresses as text."""
    if isinstance(value.value, int):
        return value.value if value.text == str(value.value) else value.text
    text = value.text
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        return text[1:-1]
    return text


def row_texts(rows: TableRows, position: int, columns: Iterable[int], cell: CellText) -> list[str | None]:
    """The text of a row's cells in ``columns`` (None where the agent had no instance)."""
    out: list[str | None] = []
    for column in columns:
        value = rows.cell(position, column)
        out.append(None if value is None else cell(rows.instance_oid(position, column), value))
    return out


def write_csv(rows: TableRows, out: TextIO, cell: CellText, order: Iterable[int] | None = None,
              columns: list[int] | None = None) -> int:  # fmt: skip
    """Write the header and rows (``order``: row positions, default arrival order;
    ``columns``: column positions, default all); returns the rows written."""
    names = [part.name for part in rows.spec.index]
    chosen = list(range(len(rows.columns))) if columns is None else columns
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names + [rows.columns[c].name for c in chosen])
    count = 0
    for position in range(len(rows)) if order is None else order:
        parts = [v.text for v in rows.index_values(position)]
        parts += [""] * (len(names) - len(parts))
        writer.writerow(parts + ["" if t is None else t for t in row_texts(rows, position, chosen, cell)])
        count += 1
    return count


def write_json(rows: TableRows, out: TextIO, cell: CellText, order: Iterable[int] | None = None,
               columns: list[int] | None = None) -> int:  # fmt: skip
    """Write an array of row objects (see the module docstring); returns the rows written."""
    chosen = list(range(len(rows.columns))) if columns is None else columns
    names = [rows.columns[c].name for c in chosen]
    count = 0
    out.write("[")
    for position in range(len(rows)) if order is None else order:
        item: dict[str, Any] = {"index": {v.name: index_json(v) for v in rows.index_values(position)}}
        item.update(zip(names, row_texts(rows, position, chosen, cell)))
        out.write(("\n" if count == 0 else ",\n") + json.dumps(item, ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count
