"""A table's walked cells as rows keyed by instance suffix, read from column stores.

The cells live in one ``core.table.columns.ColumnStore`` per table entry: the
browser's ``WalkModel`` fills them (``TableRows(spec, stores=model.table_store)``
reads them in place, nothing is copied), ``snmptui table`` fills stores of its own
through ``add``. Positions are the rows of the table's own store, in the order their
first cell arrived, which is the order ``snmptable`` prints them in (a walk goes
column by column, so a row missing from the first column comes after the others);
``index_order()`` gives them in INDEX order instead.

Joined tables (AUGMENTS, or a shared INDEX on request) add their columns after the
table's own; their cells are matched by identical suffix (a left join: rows are the
table's own instances).

The cell API other modules build on: ``columns[c]`` (a ``Column``: name, node),
``cell(position, c)`` (the typed value, its Python type is its SNMP type, or None),
``instance_oid(position, c)``, ``suffix(position)`` and ``position(suffix)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from core.mib.index import IndexValue, decode_index
from core.oid import OidTuple
from core.table.columns import ColumnStore
from core.table.spec import Column, TableSpec

__all__ = ["Row", "TableRows", "StoreSource"]

StoreSource = Callable[[OidTuple], ColumnStore]
"""Gives the store of a table entry's cells (``WalkModel.table_store``)."""


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
    store: int
    """its store's position in TableRows.stores"""


class TableRows:
    """The rows of one table (and of the tables joined to it); see the module docstring."""

    def __init__(self, spec: TableSpec, joins: Iterable[TableSpec] = (), *, all_columns: bool = False,
                 stores: StoreSource | None = None) -> None:  # fmt: skip
        """``all_columns``: keep not-accessible columns too (an agent may return them);
        ``stores``: where the cells are (None: stores of its own, filled by ``add``)."""
        self.spec = spec
        self.joins: tuple[TableSpec, ...] = tuple(joins)
        self.owns_stores = stores is None
        source: StoreSource = stores if stores is not None else ColumnStore
        columns: list[Column] = []
        entries: list[_Entry] = []
        where: list[tuple[int, int]] = []
        self.stores: tuple[ColumnStore, ...] = tuple(source(t.entry.oid) for t in [spec, *self.joins])
        for position, table in enumerate([spec, *self.joins]):
            by_subid: dict[int, int] = {}
            for column in table.columns:
                if not (column.accessible or all_columns):
                    continue
                by_subid[column.subid] = len(columns)
                where.append((position, column.subid))
                columns.append(column if position == 0 else column._replace(joined=True))
            entries.append(_Entry(table.entry.oid, len(table.entry.oid), by_subid, position))
        self.columns: tuple[Column, ...] = tuple(columns)
        self._where = tuple(where)
        self._entries = tuple(entries)
        self._main = self.stores[0]
        self.extra: set[int] = set()
        """column subids the agent returned that the MIB does not list"""
        self.version = 0
        """bumped on every ``add``"""
        self.span: tuple[int, int] | None = None
        """the first and last row the last ``add`` touched"""

    # ------------------------------------------------------------ filling (own stores)

    def _entry_of(self, oid: OidTuple) -> _Entry | None:
        for entry in self._entries:
            if oid[: entry.depth] == entry.oid and len(oid) > entry.depth + 1:
                return entry
        return None

    def add(self, varbinds: Iterable[tuple[OidTuple, Any]]) -> int:
        """Store walked varbinds of the table's entries; returns how many rows are new.

        Only for rows with stores of their own (the browser's model fills its stores
        itself). Varbinds outside the entries are ignored; a column the MIB does not
        list is remembered in ``extra`` (``snmptable`` warns about those) and makes no
        row. ``span`` is then the first and last row the call touched (None if none).
        """
        if not self.owns_stores:
            raise TypeError("these rows read a model's stores; add varbinds to the model")
        before = len(self._main)
        low, high = len(self._main), -1
        entry: _Entry | None = None
        for oid, value in varbinds:
            if entry is None or oid[: entry.depth] != entry.oid or len(oid) <= entry.depth + 1:
                entry = self._entry_of(oid)
                if entry is None:
                    continue
            depth = entry.depth
            if oid[depth] not in entry.columns:
                self.extra.add(oid[depth])
                continue
            store = self.stores[entry.store]
            suffix = oid[depth + 1 :]
            if entry.store and suffix not in self._main.row_of:
                self._main.row(suffix)  # a joined table's row the table lacks (yet)
            row, _replaced = store.set(oid[depth], suffix, value)
            if entry.store:
                row = self._main.row_of[suffix]
            if row < low:
                low = row
            if row > high:
                high = row
        self.span = (low, high) if high >= 0 else None
        self.version += 1
        return len(self._main) - before

    def clear(self) -> None:
        """Forget every row (before a refresh); only for rows with stores of their own."""
        if not self.owns_stores:
            raise TypeError("these rows read a model's stores")
        self.stores = tuple(ColumnStore(store.entry) for store in self.stores)
        self._main = self.stores[0]
        self.extra = set()
        self.version += 1

    # ------------------------------------------------------------ reading

    def __len__(self) -> int:
        return len(self._main)

    def suffix(self, row: int) -> OidTuple:
        return self._main.suffixes[row]

    def position(self, suffix: OidTuple) -> int | None:
        """The row of an instance suffix, if the table has it."""
        return self._main.row_of.get(suffix)

    def cell(self, row: int, column: int) -> Any:
        """The value of one cell (typed: ``Counter32``, ``bytes``...); None where the agent
        had no instance."""
        store, subid = self._where[column]
        if not store:
            return self._main.get(subid, row, None)
        return self.stores[store].lookup(subid, self._main.suffixes[row], None)

    def has(self, row: int, column: int) -> bool:
        """True when the agent returned this cell (a NULL value too)."""
        store, subid = self._where[column]
        cells = self.stores[store].columns.get(subid)
        if cells is None:
            return False
        if not store:
            return cells.has(row)
        found = self.stores[store].row_of.get(self._main.suffixes[row])
        return found is not None and cells.has(found)

    def row(self, row: int) -> Row:
        return Row(row, self._main.suffixes[row], [self.cell(row, c) for c in range(len(self.columns))])

    def rows(self) -> Iterable[Row]:
        """Every row in arrival order."""
        for position in range(len(self._main)):
            yield self.row(position)

    def column_values(self, column: int) -> list[Any]:
        """One column's cells in row order (None where missing; a new list)."""
        store, subid = self._where[column]
        size = len(self._main)
        if not store:
            cells = self._main.columns.get(subid)
            return [None] * size if cells is None else cells.values(size)
        return [self.cell(row, column) for row in range(size)]

    def instance_oid(self, row: int, column: int) -> OidTuple:
        """The OID of one cell's instance (its column OID plus the row's suffix)."""
        return self.columns[column].node.oid + self._main.suffixes[row]

    def index_values(self, row: int) -> list[IndexValue]:
        """The row's INDEX decoded per RFC 2578 (parts that do not fit are left out)."""
        return decode_index(self.spec.entry, self._main.suffixes[row])[0]

    def index_order(self) -> list[int]:
        """Row positions in INDEX order (OID order of the suffixes)."""
        return list(self._main.oid_order())
