"""One table compared cell by cell with a snapshot of it: which rows and cells differ.

The snapshot's side (old) and the agent's side (new) are two :class:`~core.table.rows.TableRows`
of the same table and joins, so a column key (position) means the same object on
both. :func:`read_snapshot_table` fills the old side from a snapshot file, streaming
it and keeping only the table's entries. :func:`compare_tables` aligns the rows
(by index number, or by a key column's value, ``core.snapshot.row_alignment``) and
compares the cells of each pair: a cell differs when its value or its SNMP type
does, or when one side has it and the other does not. Rows of one side only are
*added* (new side) or *removed* (old side); rows that could not be aligned (their
key is missing or shared) are *unaligned* and say why. Aligned by a key column, the columns that repeat the row's
INDEX (``ifIndex``) are not compared: the row numbers are known to differ.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from core.mib.store import MibStore
from core.oid import OidTuple
from core.snapshot.diff import same_value
from core.snapshot.row_alignment import RowAlignment, align_by_key, align_by_number, key_describer, key_values
from core.snapshot.stream import NotInOidOrder, SnapshotStream, open_stream
from core.table.rows import TableRows
from core.table.spec import TableSpec

__all__ = ["RowStatus", "TableDiff", "compare_tables", "read_snapshot_table", "ROW_SIGNS"]


class RowStatus(Enum):
    SAME = "same"
    CHANGED = "changed"
    ADDED = "added"
    """on the agent only"""
    REMOVED = "removed"
    """in the snapshot only"""
    UNALIGNED = "unaligned"
    """its key column's value is missing or on several rows: not compared"""


ROW_SIGNS = {RowStatus.SAME: " ", RowStatus.CHANGED: "~", RowStatus.ADDED: "+", RowStatus.REMOVED: "-",
             RowStatus.UNALIGNED: "!"}  # fmt: skip
"""The sign before a row or cell: visible without colour. ``~ + -`` are the diff's own."""


@dataclass
class TableDiff:
    """The comparison of a table (new: the agent) with a snapshot of it (old)."""

    alignment: RowAlignment
    old_row: dict[int, int] = field(default_factory=dict)
    """new row position -> its old row position (aligned rows)"""
    changed: dict[int, frozenset[int]] = field(default_factory=dict)
    """new row position -> the column keys whose cells differ (aligned rows that differ)"""
    status: list[RowStatus] = field(default_factory=list)
    """per new row position"""
    ghosts: list[tuple[int, RowStatus]] = field(default_factory=list)
    """old rows that no new row stands for (removed or unaligned), in old row order"""
    reasons: dict[tuple[str, int], str] = field(default_factory=dict)
    """("old" | "new", row position) -> why an unaligned row is not compared"""

    def row_status(self, position: int) -> RowStatus:
        return self.status[position] if position < len(self.status) else RowStatus.ADDED

    def cell_differs(self, position: int, key: int) -> bool:
        return key in self.changed.get(position, ())

    def counts(self) -> dict[RowStatus, int]:
        """Rows by status (both sides)."""
        counts = dict.fromkeys(RowStatus, 0)
        for status in self.status:
            counts[status] += 1
        for _row, status in self.ghosts:
            counts[status] += 1
        return counts

    def summary(self) -> str:
        """``2 changed, 1 removed, 1 added`` (``no differences``)."""
        counts = self.counts()
        parts = [f"{counts[s]} {s.value}" for s in (RowStatus.CHANGED, RowStatus.REMOVED, RowStatus.ADDED,
                                                   RowStatus.UNALIGNED) if counts[s]]  # fmt: skip
        return ", ".join(parts) if parts else "no differences"


def _differing(old: TableRows, old_rows: list[int], new: TableRows, new_rows: list[int], keys: list[int]) -> dict[int, set[int]]:
    """new row position -> the column keys whose cells differ, column by column (a cell
    differs by value, by SNMP type, or by being on one side only)."""
    differ: dict[int, set[int]] = {}
    for key in keys:
        old_cells, new_cells = old.column_values(key), new.column_values(key)
        for old_row, new_row in zip(old_rows, new_rows):
            a, b = old_cells[old_row], new_cells[new_row]
            if a is b or (a == b and type(a) is type(b)):
                continue
            differ.setdefault(new_row, set()).add(key)
    return differ


def _keys(rows: TableRows, key: int) -> dict[OidTuple, Any]:
    cells = rows.column_values(key)
    return key_values((rows.suffix(p), v) for p, v in enumerate(cells) if v is not None)


def compare_tables(old: TableRows, new: TableRows, key: int | None = None, store: MibStore | None = None) -> TableDiff:
    """Compare ``new`` (the agent) with ``old`` (the snapshot), rows aligned by index number
    or, with ``key``, by that column's value (as net-snmp prints it with ``store``'s MIBs)."""
    if [c.node.oid for c in old.columns] != [c.node.oid for c in new.columns]:
        raise ValueError("the two sides are not the same table and joins")
    old_suffixes = [old.suffix(p) for p in range(len(old))]
    new_suffixes = [new.suffix(p) for p in range(len(new))]
    if key is None:
        alignment = align_by_number(old_suffixes, new_suffixes)
    else:
        column = new.columns[key]
        alignment = align_by_key(old_suffixes, _keys(old, key), new_suffixes, _keys(new, key), column.name,
                                 key_describer(store, column.node.oid))  # fmt: skip
    compared = list(range(len(new.columns)))
    if key is not None:  # a served INDEX object (ifIndex) is the row's number, known to differ
        index_oids = {part.node.oid for part in new.spec.index if part.node is not None}
        compared = [k for k in compared if new.columns[k].node.oid not in index_oids]
    diff = TableDiff(alignment, status=[RowStatus.ADDED] * len(new))
    old_rows: list[int] = []
    new_rows: list[int] = []
    for old_suffix, new_suffix in alignment.pairs.items():
        old_position, new_position = old.position(old_suffix), new.position(new_suffix)
        assert old_position is not None and new_position is not None
        old_rows.append(old_position)
        new_rows.append(new_position)
        diff.old_row[new_position] = old_position
        diff.status[new_position] = RowStatus.SAME
    for new_position, keys in _differing(old, old_rows, new, new_rows, compared).items():
        diff.changed[new_position] = frozenset(keys)
        diff.status[new_position] = RowStatus.CHANGED
    for suffix, why in alignment.unaligned_new.items():
        position = new.position(suffix)
        assert position is not None
        diff.status[position] = RowStatus.UNALIGNED
        diff.reasons["new", position] = why
    only_old = set(alignment.only_old)
    for position, suffix in enumerate(old_suffixes):
        if suffix in only_old:
            diff.ghosts.append((position, RowStatus.REMOVED))
        elif suffix in alignment.unaligned_old:
            diff.ghosts.append((position, RowStatus.UNALIGNED))
            diff.reasons["old", position] = alignment.unaligned_old[suffix]
    return diff


def read_snapshot_table(
    path: str | Path,
    spec: TableSpec,
    joins: tuple[TableSpec, ...] = (),
    stop: Callable[[], bool] = lambda: False,
) -> TableRows:
    """The rows of ``spec`` (and ``joins``) in a snapshot file, read as a stream (only the
    table's entries are decoded); SnapshotError / OSError when the file cannot be read.
    ``stop`` is asked now and then: True ends the read early (what was read is kept)."""
    rows = TableRows(spec, joins)
    stream = open_stream(path)
    try:
        _fill(rows, stream, [spec.entry.oid, *(j.entry.oid for j in joins)], stop)
    except NotInOidOrder:
        stream.sort_in_memory()
        rows.clear()
        _fill(rows, stream, [spec.entry.oid, *(j.entry.oid for j in joins)], stop)
    return rows


def _fill(rows: TableRows, stream: SnapshotStream, entries: list[OidTuple], stop: Callable[[], bool]) -> None:
    batch: list[tuple[OidTuple, Any]] = []
    for count, entry in enumerate(stream):
        oid = entry[0]
        if any(oid[: len(e)] == e for e in entries):
            batch.append((oid, stream.value(entry)))
            if len(batch) >= 4096:
                rows.add(batch)
                batch = []
        if count % 8192 == 0 and stop():
            break
    if batch:
        rows.add(batch)
