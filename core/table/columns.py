"""ColumnStore: the walked cells of one table entry, stored by column, compactly.

One store per conceptual row (``ifEntry``): its rows are instance suffixes (kept
once, shared by every column, in the order their first cell arrived), and each
column subid has a ``Cells`` aligned to those rows. A column whose values are all
of one SNMP integer type (INTEGER, Counter32, Gauge32, TimeTicks, Counter64...)
keeps them in a machine array (8 bytes a cell, no Python object per cell) and
rebuilds the typed value when it is read; any other column (strings, OIDs, mixed
types from a hostile agent) keeps a list of the values. A cell the agent did not
return is absent (``get`` gives the default; a NULL value is ``None`` and present).

A 100k-row x 10-column integer table costs ~9 MB of cells plus one suffix tuple
and one dict slot per row, instead of an OID tuple and a dict slot per varbind.
The browser's ``WalkModel`` files every table varbind in these stores and the
table view reads them in place (``TableRows`` over the model's stores); the
``snmptui table`` command fills stores of its own.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from itertools import islice
from operator import lt
from typing import Any

from core.oid import OidTuple
from core.types import Counter32, Counter64, Gauge32, TimeTicks, Unsigned32

__all__ = ["Cells", "ColumnStore", "ABSENT"]

ABSENT: Any = object()
"""What ``Cells.get`` returns for a cell the agent did not return (unless a default is given)."""

_ARRAY_TYPES: dict[type, str] = {
    int: "q", Counter32: "Q", Gauge32: "Q", Unsigned32: "Q", TimeTicks: "Q", Counter64: "Q",
}  # fmt: skip
"""Value types kept in a machine array (typecode), rebuilt from the number on reading."""


class Cells:
    """One column's cells, aligned to its store's rows (see the module docstring)."""

    __slots__ = ("kind", "numbers", "present", "objects", "count", "last_row", "monotone")

    def __init__(self) -> None:
        self.kind: type | None = None
        """the one integer type of an array column (None: a list column, or empty)"""
        self.numbers: array[int] | None = None
        self.present = bytearray()
        """1 where the array column has a cell (list columns use ABSENT instead)"""
        self.objects: list[Any] | None = None
        self.count = 0
        """cells present"""
        self.last_row = -1
        """the highest row that has a cell"""
        self.monotone = True
        """every cell so far went into a higher row than the one before (a walk's order)"""

    def __len__(self) -> int:
        return self.count

    def get(self, row: int, default: Any = ABSENT) -> Any:
        numbers = self.numbers
        if numbers is not None:
            if row < len(numbers) and self.present[row]:
                kind = self.kind
                return numbers[row] if kind is int else kind(numbers[row])  # type: ignore[misc]
            return default
        objects = self.objects
        if objects is not None and row < len(objects):
            value = objects[row]
            return default if value is ABSENT else value
        return default

    def has(self, row: int) -> bool:
        if self.numbers is not None:
            return row < len(self.present) and bool(self.present[row])
        objects = self.objects
        return objects is not None and row < len(objects) and objects[row] is not ABSENT

    def set(self, row: int, value: Any) -> bool:
        """Store a cell; True when the row had one already (the value was replaced)."""
        if self.numbers is None and self.objects is None:
            typecode = _ARRAY_TYPES.get(type(value))
            if typecode is not None:
                self.kind = type(value)
                self.numbers = array(typecode)
            else:
                self.objects = []
        numbers = self.numbers
        if numbers is not None and row == len(numbers) and type(value) is self.kind:
            try:  # the walk's case first: the next row of an array column
                numbers.append(value)
            except OverflowError:
                self._to_objects()
                return self.set(row, value)
            self.present.append(1)
            self.count += 1
            self.last_row = row
            return False
        if numbers is not None:
            if type(value) is not self.kind:
                self._to_objects()
                return self.set(row, value)
            present = self.present
            size = len(numbers)
            try:
                if row == size:
                    numbers.append(value)
                    present.append(1)
                    replaced = False
                else:
                    if row > size:
                        numbers.frombytes(bytes(numbers.itemsize * (row - size)))
                        present.extend(bytes(row - size))
                        numbers.append(value)
                        present.append(1)
                        replaced = False
                    else:
                        replaced = bool(present[row])
                        numbers[row] = value
                        present[row] = 1
            except OverflowError:
                self._to_objects()
                return self.set(row, value)
        else:
            objects = self.objects
            assert objects is not None
            size = len(objects)
            if row == size:
                objects.append(value)
                replaced = False
            elif row > size:
                objects.extend([ABSENT] * (row - size))
                objects.append(value)
                replaced = False
            else:
                replaced = objects[row] is not ABSENT
                objects[row] = value
        if not replaced:
            self.count += 1
            if row > self.last_row:
                self.last_row = row
            else:
                self.monotone = False
        return replaced

    def extend(self, start: int, values: list[Any]) -> bool:
        """Store ``values`` as the cells of rows ``start`` .. in one step, when those rows come
        after every cell of the column (a walk's run of one column) and the values fit the
        column's kind; False (nothing stored) otherwise, so the caller files them one by one."""
        if not values:
            return True
        numbers, objects = self.numbers, self.objects
        if numbers is None and objects is None:
            typecode = _ARRAY_TYPES.get(type(values[0]))
            if typecode is not None:
                self.kind = type(values[0])
                numbers = self.numbers = array(typecode)
            else:
                objects = self.objects = []
        size = len(numbers) if numbers is not None else len(objects)  # type: ignore[arg-type]
        if start < size:
            return False
        if numbers is not None:
            if set(map(type, values)) != {self.kind}:
                return False
            try:
                block = array(numbers.typecode, values)  # converts all before storing any
            except OverflowError:
                return False
            if start > size:
                numbers.frombytes(bytes(numbers.itemsize * (start - size)))
                self.present.extend(bytes(start - size))
            numbers.extend(block)
            self.present.extend(b"\x01" * len(values))
        else:
            assert objects is not None
            if start > size:
                objects.extend([ABSENT] * (start - size))
            objects.extend(values)
        self.count += len(values)
        self.last_row = start + len(values) - 1
        return True

    def keep(self, rows: list[int]) -> None:
        """Keep only these rows' cells, renumbered 0.. in this order (a store drops rows)."""
        if self.numbers is not None:
            numbers, present = self.numbers, self.present
            size = len(numbers)
            self.numbers = array(numbers.typecode, (numbers[r] if r < size else 0 for r in rows))
            self.present = bytearray(present[r] if r < size else 0 for r in rows)
            flags: Any = self.present
            while len(self.numbers) and not self.present[-1]:
                self.numbers.pop()
                self.present.pop()
        else:
            objects = self.objects or []
            size = len(objects)
            kept = [objects[r] if r < size else ABSENT for r in rows]
            while kept and kept[-1] is ABSENT:
                kept.pop()
            self.objects = kept
            flags = [value is not ABSENT for value in kept]
        present_rows = [row for row, flag in enumerate(flags) if flag]
        self.count = len(present_rows)
        self.last_row = present_rows[-1] if present_rows else -1
        self.monotone = True

    def remove(self, row: int) -> bool:
        """Drop a cell; True when there was one."""
        if not self.has(row):
            return False
        if self.numbers is not None:
            self.present[row] = 0
        else:
            assert self.objects is not None
            self.objects[row] = ABSENT
        self.count -= 1
        self.monotone = False
        return True

    def _to_objects(self) -> None:
        """A value of another type (or out of the array's range) arrived: keep a list from now on."""
        numbers, present, kind = self.numbers, self.present, self.kind
        assert numbers is not None and kind is not None
        self.objects = [(number if kind is int else kind(number)) if flag else ABSENT
                        for number, flag in zip(numbers, present)]  # fmt: skip
        self.numbers, self.kind, self.present = None, None, bytearray()

    def rows(self) -> Iterator[int]:
        """Rows with a cell, in row order."""
        if self.numbers is not None:
            present = self.present
            return (row for row in range(len(present)) if present[row])
        objects = self.objects or []
        return (row for row, value in enumerate(objects) if value is not ABSENT)

    def values(self, size: int, missing: Any = None) -> list[Any]:
        """Every cell as a value for rows ``0..size-1`` (``missing`` where absent)."""
        return [self.get(row, missing) for row in range(size)]


class ColumnStore:
    """The rows of one table entry and a ``Cells`` per column subid (see the module docstring)."""

    def __init__(self, entry: OidTuple) -> None:
        self.entry = entry
        self.suffixes: list[OidTuple] = []
        self.row_of: dict[OidTuple, int] = {}
        self.columns: dict[int, Cells] = {}
        self.in_order = True
        """every new row's suffix is higher than the one before (rows are in OID order)"""
        self.cells = 0
        """cells present in all columns"""
        self.stamp = 0
        """the pass written now (``begin_pass``); each row keeps the pass of its last cell"""
        self.stamps = array("I")
        self.generation = 0
        """bumped when rows are dropped (positions change)"""
        self._sorted: tuple[int, list[int]] | None = None

    def __len__(self) -> int:
        return len(self.suffixes)

    def row(self, suffix: OidTuple) -> int:
        """The row of ``suffix``, made when new."""
        row = self.row_of.get(suffix)
        if row is None:
            suffixes = self.suffixes
            row = len(suffixes)
            if suffixes and suffix < suffixes[-1]:
                self.in_order = False
            self.row_of[suffix] = row
            suffixes.append(suffix)
            self.stamps.append(self.stamp)
        return row

    def append_rows(self, suffixes: list[OidTuple]) -> int | None:
        """Make rows for ``suffixes`` at the end in one step when none of them is a row yet
        (and none repeats); the first new row, or None (nothing made)."""
        start = len(self.suffixes)
        row_of = self.row_of
        # filed straight in (one hash per suffix, no dict of the new ones to check first):
        # a suffix that was a row already, or repeats, leaves fewer new keys than suffixes,
        # and the rows' map is then made again from the rows (rare: not a walk's run)
        row_of.update(zip(suffixes, range(start, start + len(suffixes))))
        if len(row_of) != start + len(suffixes):
            self._map_rows()
            return None
        if self.in_order and suffixes:
            if (start and suffixes[0] < self.suffixes[-1]) or not all(map(lt, suffixes, islice(suffixes, 1, None))):
                self.in_order = False
        self.suffixes.extend(suffixes)
        self.stamps.extend(array("I", (self.stamp,)) * len(suffixes))
        return start

    def _map_rows(self) -> None:
        """Make the rows' map again from the rows, in place (the model's filing loop holds it)."""
        row_of = self.row_of
        row_of.clear()
        row_of.update(zip(self.suffixes, range(len(self.suffixes))))

    def column(self, subid: int) -> Cells:
        cells = self.columns.get(subid)
        if cells is None:
            cells = self.columns[subid] = Cells()
        return cells

    def set(self, subid: int, suffix: OidTuple, value: Any) -> tuple[int, bool]:
        """Store one cell; (its row, whether it replaced a value)."""
        row = self.row(suffix)
        self.stamps[row] = self.stamp
        replaced = self.column(subid).set(row, value)
        if not replaced:
            self.cells += 1
        return row, replaced

    def get(self, subid: int, row: int, default: Any = ABSENT) -> Any:
        cells = self.columns.get(subid)
        return default if cells is None else cells.get(row, default)

    def lookup(self, subid: int, suffix: OidTuple, default: Any = ABSENT) -> Any:
        row = self.row_of.get(suffix)
        return default if row is None else self.get(subid, row, default)

    def remove(self, subid: int, suffix: OidTuple) -> bool:
        """Drop one cell (its row stays, emptier); True when it was there."""
        row = self.row_of.get(suffix)
        cells = self.columns.get(subid)
        if row is None or cells is None or not cells.remove(row):
            return False
        self.cells -= 1
        return True

    def begin_pass(self) -> int:
        """A walk of the whole entry starts: rows it writes get a new stamp; returns it."""
        self.stamp += 1
        return self.stamp

    def drop_rows_before(self, stamp: int) -> int:
        """Forget the rows no cell was written to since ``begin_pass`` gave ``stamp`` (the
        agent no longer has them); rows are renumbered. Returns how many went."""
        stamps = self.stamps
        return self._keep_rows([row for row in range(len(self.suffixes)) if stamps[row] >= stamp])

    def drop_empty_rows(self) -> int:
        """Forget the rows with no cell left (a destroyed row); how many went."""
        columns = list(self.columns.values())
        return self._keep_rows([row for row in range(len(self.suffixes)) if any(c.has(row) for c in columns)])

    def _keep_rows(self, keep: list[int]) -> int:
        stamps = self.stamps
        dropped = len(self.suffixes) - len(keep)
        if not dropped:
            return 0
        self.suffixes = [self.suffixes[row] for row in keep]
        self._map_rows()
        self.stamps = array("I", (stamps[row] for row in keep))
        self.generation += 1
        for cells in self.columns.values():
            cells.keep(keep)
        self.cells = sum(cells.count for cells in self.columns.values())
        self.in_order = all(a < b for a, b in zip(self.suffixes, self.suffixes[1:]))
        self._sorted = None
        return dropped

    def oid_order(self) -> list[int]:
        """Every row, in OID order of the suffixes (cached until rows are added)."""
        size = len(self.suffixes)
        if self.in_order:
            return list(range(size))
        cached = self._sorted
        if cached is None or cached[0] != size:  # (dropping rows resets it)
            suffixes = self.suffixes
            cached = self._sorted = (size, sorted(range(size), key=suffixes.__getitem__))
        return cached[1]

    def instances(self, subid: int) -> ColumnInstances:
        return ColumnInstances(self, subid)


class ColumnInstances(Sequence[OidTuple]):
    """A column's instance OIDs in OID order, read from its store (nothing copied per cell).

    A column a walk filled (rows in order, cells in rows 0..n-1) is indexed directly;
    otherwise its rows are listed once and cached until the column changes."""

    __slots__ = ("store", "subid", "_rows")

    def __init__(self, store: ColumnStore, subid: int) -> None:
        self.store = store
        self.subid = subid
        self._rows: tuple[int, int, int, list[int]] | None = None

    def _cells(self) -> Cells | None:
        return self.store.columns.get(self.subid)

    def __len__(self) -> int:
        cells = self._cells()
        return 0 if cells is None else cells.count

    def _row_list(self) -> list[int] | None:
        """Rows with a cell in OID order; None when that is simply 0..count-1."""
        store, cells = self.store, self._cells()
        if cells is None:
            return []
        if store.in_order and cells.monotone and cells.last_row == cells.count - 1:
            return None
        key = (store.generation, len(store), cells.count)
        cached = self._rows
        if cached is None or cached[:3] != key:
            rows = [row for row in store.oid_order() if cells.has(row)]
            cached = self._rows = (*key, rows)
        return cached[3]

    def __getitem__(self, index: Any) -> Any:
        prefix = self.store.entry + (self.subid,)
        suffixes = self.store.suffixes
        rows = self._row_list()
        if isinstance(index, slice):
            positions = range(len(self))[index]
            return [prefix + suffixes[p if rows is None else rows[p]] for p in positions]
        size = len(self)
        if index < 0:
            index += size
        if not 0 <= index < size:
            raise IndexError(index)
        return prefix + suffixes[index if rows is None else rows[index]]

    def __iter__(self) -> Iterator[OidTuple]:
        prefix = self.store.entry + (self.subid,)
        suffixes = self.store.suffixes
        rows = self._row_list()
        for row in range(len(self)) if rows is None else rows:
            yield prefix + suffixes[row]

    def __bool__(self) -> bool:
        return len(self) > 0

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (list, tuple, ColumnInstances)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"ColumnInstances({list(self)!r})"
