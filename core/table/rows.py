"""A table's walked cells as rows keyed by instance suffix, read from column stores.

The cells live in one ``core.table.columns.ColumnStore`` per table entry: the
browser's ``WalkModel`` fills them (``TableRows(spec, stores=model.table_store)``
reads them in place, nothing is copied), ``snmptui table`` fills stores of its own
through ``add``. Positions are the rows of the table's own store, in the order their
first cell arrived, which is the order ``snmptable`` prints them in (a walk goes
column by column, so a row missing from the first column comes after the others);
``index_order()`` gives them in INDEX order instead.

Joined tables (AUGMENTS, or a shared INDEX on request) add their columns after the
table's own; their cells are matched by identical suffix. A row only a joined table has
(normal for a shared INDEX: dot3StatsTable has no row for a loopback; for AUGMENTS the
agent is inconsistent) is shown too, after the table's own rows, with the table's own
cells None: ``joined_only(position)`` tells those rows, ``only_in(position)`` which
joined tables have them. Nothing is written into the table's own store (a model's store
is shared with other views), so ``snmptui table``, which never joins, is unchanged.

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
        self._key_of = {place: key for key, place in enumerate(where)}
        self._entries = tuple(entries)
        self._main = self.stores[0]
        self.extra: set[int] = set()
        """column subids the agent returned that the MIB does not list"""
        self.version = 0
        """bumped on every ``add``"""
        self.span: tuple[int, int] | None = None
        """the first and last row the last ``add`` touched"""
        self._joined_only: list[OidTuple] = []
        """suffixes of the rows only joined tables have, in the order they were found"""
        self._joined_row: dict[OidTuple, int] = {}
        self._scanned: list[int] = [0] * len(self.joins)
        """rows of each joined store looked at for rows the table lacks"""
        self._synced: tuple[int, ...] = ()

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
        before = len(self)
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
            row, _replaced = store.set(oid[depth], suffix, value)
            if entry.store:
                found = self.position(suffix)
                if found is None:
                    continue  # a joined row the table lacks: counted below
                row = found
            if row < low:
                low = row
            if row > high:
                high = row
        if len(self) > len(self._main):
            low, high = min(low, len(self._main)), len(self) - 1
        self.span = (low, high) if high >= 0 else None
        self.version += 1
        return len(self) - before

    def clear(self) -> None:
        """Forget every row (before a refresh); only for rows with stores of their own."""
        if not self.owns_stores:
            raise TypeError("these rows read a model's stores")
        self.stores = tuple(ColumnStore(store.entry) for store in self.stores)
        self._main = self.stores[0]
        self.extra = set()
        self._forget_joined_only()
        self.version += 1

    # ------------------------------------------------------------ rows only joined tables have

    def _forget_joined_only(self) -> None:
        self._joined_only, self._joined_row = [], {}
        self._scanned = [0] * len(self.joins)
        self._synced = ()

    def _sync(self) -> int:
        """Bring the rows only joined tables have up to date (a look at sizes when nothing
        changed); the number of the table's own rows."""
        main = self._main
        size = len(main.suffixes)
        if not self.joins or self._unchanged(size):
            return size
        state = (size, main.generation, *(n for s in self.stores[1:] for n in (len(s.suffixes), s.generation)))
        synced = self._synced
        if not synced or synced[1] != state[1] or synced[0] > size or synced[3::2] != state[3::2]:
            self._forget_joined_only()  # rows were dropped somewhere: look again
        elif synced[0] < size and self._joined_only:  # rows of the table arrived: some are no longer joined-only
            row_of = main.row_of
            self._joined_only = [suffix for suffix in self._joined_only if suffix not in row_of]
            self._joined_row = {suffix: i for i, suffix in enumerate(self._joined_only)}
        row_of, extra, where = main.row_of, self._joined_only, self._joined_row
        for j, store in enumerate(self.stores[1:]):
            suffixes = store.suffixes
            for suffix in suffixes[self._scanned[j] :]:
                if suffix not in row_of and suffix not in where:
                    where[suffix] = len(extra)
                    extra.append(suffix)
            self._scanned[j] = len(suffixes)
        self._synced = state
        return size

    def _unchanged(self, size: int) -> bool:
        """Whether no store changed since ``_sync`` last looked (asked on every ``len``: kept cheap)."""
        synced = self._synced
        if not synced or synced[0] != size or synced[1] != self._main.generation:
            return False
        at = 2
        for store in self.stores[1:]:
            if len(store.suffixes) != synced[at] or store.generation != synced[at + 1]:
                return False
            at += 2
        return True

    def joined_only(self, row: int) -> bool:
        """True for a row only joined tables have (the table's own cells are None)."""
        return row >= self._sync()

    def only_in(self, row: int) -> list[TableSpec]:
        """The joined tables that have a row the table itself lacks ([] for the table's own rows)."""
        if not self.joined_only(row):
            return []
        suffix = self.suffix(row)
        return [table for table, store in zip(self.joins, self.stores[1:]) if suffix in store.row_of]

    def joined_only_count(self) -> int:
        return len(self) - len(self._main)

    # ------------------------------------------------------------ reading

    def __len__(self) -> int:
        if not self.joins:
            return len(self._main.suffixes)
        return self._sync() + len(self._joined_only)

    def suffix(self, row: int) -> OidTuple:
        suffixes = self._main.suffixes
        if row < len(suffixes):
            return suffixes[row]
        return self._joined_only[row - self._sync()]

    def position(self, suffix: OidTuple) -> int | None:
        """The row of an instance suffix, if the table (or a joined table) has it."""
        found = self._main.row_of.get(suffix)
        if found is not None or not self.joins:
            return found
        size = self._sync()
        extra = self._joined_row.get(suffix)
        return None if extra is None else size + extra

    def cell(self, row: int, column: int) -> Any:
        """The value of one cell (typed: ``Counter32``, ``bytes``...); None where the agent
        had no instance."""
        store, subid = self._where[column]
        if not store:
            return self._main.get(subid, row, None) if row < len(self._main.suffixes) else None
        return self.stores[store].lookup(subid, self.suffix(row), None)

    def has(self, row: int, column: int) -> bool:
        """True when the agent returned this cell (a NULL value too)."""
        store, subid = self._where[column]
        cells = self.stores[store].columns.get(subid)
        if cells is None:
            return False
        if not store:
            return row < len(self._main.suffixes) and cells.has(row)
        found = self.stores[store].row_of.get(self.suffix(row))
        return found is not None and cells.has(found)

    def row(self, row: int) -> Row:
        return Row(row, self.suffix(row), [self.cell(row, c) for c in range(len(self.columns))])

    def rows(self) -> Iterable[Row]:
        """Every row in arrival order (the table's own, then those only joined tables have)."""
        for position in range(len(self)):
            yield self.row(position)

    def column_values(self, column: int) -> list[Any]:
        """One column's cells in row order (None where missing; a new list)."""
        store, subid = self._where[column]
        size = len(self)
        if not store:
            own = len(self._main.suffixes)
            cells = self._main.columns.get(subid)
            values = [None] * own if cells is None else cells.values(own)
            return values + [None] * (size - own)
        return [self.cell(row, column) for row in range(size)]

    def column_keys(self, store: int, subids: Iterable[int]) -> set[int]:
        """The columns (positions in ``columns``) of these subids of ``stores[store]``'s entry."""
        key_of = self._key_of
        return {key for subid in subids if (key := key_of.get((store, subid))) is not None}

    def instance_oid(self, row: int, column: int) -> OidTuple:
        """The OID of one cell's instance (its column OID plus the row's suffix)."""
        return self.columns[column].node.oid + self.suffix(row)

    def index_values(self, row: int) -> list[IndexValue]:
        """The row's INDEX decoded per RFC 2578 (parts that do not fit are left out)."""
        return decode_index(self.spec.entry, self.suffix(row))[0]

    def index_order(self) -> list[int]:
        """Row positions in INDEX order (OID order of the suffixes)."""
        if len(self) == len(self._main.suffixes):
            return list(self._main.oid_order())
        return sorted(range(len(self)), key=self.suffix)
