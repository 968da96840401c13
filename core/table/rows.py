"""Walked varbinds of a table as rows keyed by instance suffix, filled as they stream in.

Cells are stored column by column (one list per column, ``None`` where the agent
had no instance), so a 100k-row route table costs one list slot per cell plus the
values and one suffix tuple per row. Rows keep the order in which their first cell
arrived, which is the order ``snmptable`` prints them in (a walk goes column by
column, so a row missing from the first column comes after the others);
``index_order()`` gives them in INDEX order instead.

Joined tables (AUGMENTS, or a shared INDEX on request) add their columns after the
table's own; their varbinds fill the same rows, matched by identical suffix.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from core.mib.index import IndexValue, decode_index
from core.oid import OidTuple
from core.table.spec import Column, TableSpec

__all__ = ["Row", "TableRows"]


class Row(NamedTuple):
    """One row as handed out: its position, instance suffix and cells in column order."""

    position: int
    suffix: OidTuple
    cells: list[Any]


class _Entry(NamedTuple):
    oid: OidTuple
    depth: int
    """len(oid): arcs before the column number"""
    columns: dict[int, int]
    """column subid -> position in TableRows.columns"""


class TableRows:
    """The rows of one table (and of the tables joined to it) as varbinds arrive."""

    def __init__(self, spec: TableSpec, joins: Iterable[TableSpec] = (), *, all_columns: bool = False) -> None:
        """``all_columns``: keep not-accessible columns too (an agent may return them)."""
        self.spec = spec
        columns: list[Column] = []
        entries: list[_Entry] = []
        for position, table in enumerate([spec, *joins]):
            by_subid: dict[int, int] = {}
            for column in table.columns:
                if not (column.accessible or all_columns):
                    continue
                by_subid[column.subid] = len(columns)
                columns.append(column if position == 0 else column._replace(joined=True))
            entries.append(_Entry(table.entry.oid, len(table.entry.oid), by_subid))
        self.columns: tuple[Column, ...] = tuple(columns)
        self.joins: tuple[TableSpec, ...] = tuple(joins)
        self._entries = tuple(entries)
        self._cells: list[list[Any]] = [[] for _ in columns]
        self._suffixes: list[OidTuple] = []
        self._row_of: dict[OidTuple, int] = {}
        self.extra: set[int] = set()
        """column subids the agent returned that the MIB does not list"""
        self.version = 0
        """bumped on every change, so views know when to redraw"""
        self.span: tuple[int, int] | None = None
        """the first and last row the last ``add`` touched"""

    # ------------------------------------------------------------ filling

    def _entry_of(self, oid: OidTuple) -> _Entry | None:
        for entry in self._entries:
            if oid[: entry.depth] == entry.oid and len(oid) > entry.depth + 1:
                return entry
        return None

    def add(self, varbinds: Iterable[tuple[OidTuple, Any]]) -> int:
        """Store walked varbinds of the table's entries; returns how many rows are new.

        Varbinds come in OID order, as walks deliver them (a batch that starts and ends in
        one entry is then wholly inside it). Varbinds outside the entries are ignored; a
        column the MIB does not list is remembered in ``extra`` (``snmptable`` warns about
        those). ``span`` is then the first and last row the call touched (None if none).
        """
        batch = varbinds if isinstance(varbinds, list) else list(varbinds)
        before = len(self._suffixes)
        low, high = len(self._suffixes), -1
        entry = self._entry_of(batch[0][0]) if batch else None
        if entry is not None and self._entry_of(batch[-1][0]) is entry:
            # an OID-ordered batch that starts and ends in one entry lies wholly inside it
            low, high = self._add_inside(entry, batch, low, high)
        else:
            for oid, value in batch:
                entry = self._entry_of(oid)
                if entry is not None:
                    low, high = self._add_inside(entry, [(oid, value)], low, high)
        self.span = (low, high) if high >= 0 else None
        self.version += 1
        return len(self._suffixes) - before

    def _add_inside(self, entry: _Entry, batch: list[tuple[OidTuple, Any]], low: int, high: int) -> tuple[int, int]:
        cells = self._cells
        row_of = self._row_of
        suffixes = self._suffixes
        depth = entry.depth
        column_of = entry.columns.get
        extra = self.extra
        for oid, value in batch:
            position = column_of(oid[depth])
            if position is None:
                extra.add(oid[depth])
                continue
            suffix = oid[depth + 1 :]
            row = row_of.get(suffix)
            if row is None:
                row = len(suffixes)
                row_of[suffix] = row
                suffixes.append(suffix)
                for column in cells:
                    column.append(None)
            cells[position][row] = value
            if row < low:
                low = row
            if row > high:
                high = row
        return low, high

    def clear(self) -> None:
        """Forget every row (before a refresh)."""
        self._cells = [[] for _ in self.columns]
        self._suffixes = []
        self._row_of = {}
        self.extra = set()
        self.version += 1

    # ------------------------------------------------------------ reading

    def __len__(self) -> int:
        return len(self._suffixes)

    def suffix(self, row: int) -> OidTuple:
        return self._suffixes[row]

    def position(self, suffix: OidTuple) -> int | None:
        """The row of an instance suffix, if the table has it."""
        return self._row_of.get(suffix)

    def cell(self, row: int, column: int) -> Any:
        """The value of one cell; None where the agent had no instance."""
        return self._cells[column][row]

    def row(self, row: int) -> Row:
        return Row(row, self._suffixes[row], [column[row] for column in self._cells])

    def rows(self) -> Iterable[Row]:
        """Every row in arrival order."""
        for position in range(len(self._suffixes)):
            yield self.row(position)

    def column_values(self, column: int) -> list[Any]:
        """One column's cells in row order (a view, do not change it)."""
        return self._cells[column]

    def instance_oid(self, row: int, column: int) -> OidTuple:
        """The OID of one cell's instance (its column OID plus the row's suffix)."""
        return self.columns[column].node.oid + self._suffixes[row]

    def index_values(self, row: int) -> list[IndexValue]:
        """The row's INDEX decoded per RFC 2578 (parts that do not fit are left out)."""
        return decode_index(self.spec.entry, self._suffixes[row])[0]

    def index_order(self) -> list[int]:
        """Row positions in INDEX order (OID order of the suffixes)."""
        suffixes = self._suffixes
        return sorted(range(len(suffixes)), key=suffixes.__getitem__)
