"""Differences between two snapshots: a merge of two OID-ordered streams.

:func:`diff_streams` walks both :class:`~core.snapshot.stream.SnapshotStream`
sides at once, as ``comm(1)`` walks two sorted files: memory does not grow with
the snapshots, and an OID that is in both with the same encoding costs one
comparison of bytes (values are decoded, and OIDs parsed, only where the sides
differ). A value changed when its type or its value differs (``Counter32 5`` and
``Gauge32 5`` differ). :func:`compare` adds what a user asks for: a side out of
OID order is sorted in memory and the merge retried, :class:`DiffFilter` drops
counters, timeticks and subtrees, and :class:`IndexAlignment` matches the rows of
two devices' tables by an index column's value (``ifName``) instead of their
number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

from core.mib.store import MibNode, MibStore
from core.oid import OidTuple
from core.snapshot.row_alignment import align_by_key, key_describer, key_values
from core.snapshot.stream import Entry, NotInOidOrder, SnapshotStream
from core.types import Counter32, Counter64, TimeTicks

__all__ = [
    "ABSENT",
    "Change",
    "DiffFilter",
    "IndexAlignment",
    "diff_streams",
    "compare",
    "same_value",
    "IGNORABLE_TYPES",
]


class _Absent:
    """The value of an OID a side does not have (a NULL value is ``None``)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Any = _Absent()

ADDED, REMOVED, CHANGED = "added", "removed", "changed"

IGNORABLE_TYPES: dict[str, tuple[type, ...]] = {
    "counters": (Counter32, Counter64),
    "timeticks": (TimeTicks,),
}
"""``--ignore`` words and the value types whose changes they hide."""


@dataclass(frozen=True, slots=True)
class Change:
    """One difference: ``old`` is side A's value, ``new`` side B's (ABSENT when missing).

    ``new_oid`` is B's OID when rows were aligned by an index value and B's row
    number differs; ``row`` is that aligning value (``"Gi0/1"``).
    """

    kind: str
    oid: OidTuple
    old: Any
    new: Any
    new_oid: OidTuple | None = None
    row: str | None = None


def same_value(a: Any, b: Any) -> bool:
    """Equal values of the same SNMP type."""
    return type(a) is type(b) and a == b


def diff_streams(a: SnapshotStream, b: SnapshotStream) -> Iterator[Change]:
    """Changes from ``a`` to ``b`` in OID order; NotInOidOrder when a side is out of order."""
    same_encoding = a.encoding == b.encoding
    # A typed value against a file's encoded one: encode it the file's way first (cheap)
    # and decode the file only when the bytes differ.
    a_as_b = b.payload_for if not same_encoding and a.encoding == "typed" else None
    b_as_a = a.payload_for if not same_encoding and b.encoding == "typed" else None
    a_iter, b_iter = iter(a), iter(b)
    ea: Entry | None = next(a_iter, None)
    eb: Entry | None = next(b_iter, None)
    while ea is not None and eb is not None:
        key_a, key_b = ea[0], eb[0]
        if key_a == key_b:
            pa, pb = ea[1], eb[1]
            if same_encoding:
                equal = pa == pb and type(pa) is type(pb)
            elif a_as_b is not None:
                equal = pb == a_as_b(pa)
            else:
                equal = b_as_a is not None and pa == b_as_a(pb)
            if not equal:
                old, new = a.value(ea), b.value(eb)
                if not same_value(old, new):
                    yield Change(CHANGED, key_a, old, new)
            ea, eb = next(a_iter, None), next(b_iter, None)
        elif key_a < key_b:
            yield Change(REMOVED, key_a, a.value(ea), ABSENT)
            ea = next(a_iter, None)
        else:
            yield Change(ADDED, key_b, ABSENT, b.value(eb))
            eb = next(b_iter, None)
    while ea is not None:
        yield Change(REMOVED, ea[0], a.value(ea), ABSENT)
        ea = next(a_iter, None)
    while eb is not None:
        yield Change(ADDED, eb[0], ABSENT, b.value(eb))
        eb = next(b_iter, None)


# ------------------------------------------------------------------ filters


def _under(oid: OidTuple, prefixes: Iterable[OidTuple]) -> bool:
    return any(oid[: len(p)] == p for p in prefixes)


@dataclass
class DiffFilter:
    """Which changes to report: ``ignore_types`` hide value changes between values of
    those types (an OID that appears or goes is always reported); ``ignore`` and
    ``only`` are OID subtrees."""

    ignore_types: tuple[type, ...] = ()
    ignore: list[OidTuple] = field(default_factory=list)
    only: list[OidTuple] = field(default_factory=list)

    def keeps(self, change: Change) -> bool:
        oid = change.oid
        if self.only and not _under(oid, self.only):
            return False
        if self.ignore and _under(oid, self.ignore):
            return False
        if change.kind == CHANGED and self.ignore_types:
            types = self.ignore_types
            if isinstance(change.old, types) and type(change.old) is type(change.new):
                return False
        return True


# ------------------------------------------------------------------ row alignment


class AlignmentError(ValueError):
    """``--by-index`` cannot be done (unknown column, no MIB); the message says why."""


@dataclass
class IndexAlignment:
    """Rows of tables indexed like ``column``'s table are matched by ``column``'s value.

    ``tables`` are the entry (row) OIDs whose INDEX equals the column's; ``column`` is
    the column OID (``IF-MIB::ifName``).
    """

    column: OidTuple
    column_name: str
    tables: list[OidTuple]

    @classmethod
    def for_column(cls, store: MibStore | None, name: str) -> IndexAlignment:
        if store is None:
            raise AlignmentError(f"--by-index {name}: needs the MIB that defines it (see -M/-m)")
        try:
            oid = tuple(store.resolve(name))
        except (ValueError, LookupError):
            raise AlignmentError(f"--by-index {name}: unknown object") from None
        node = store.node(oid)
        if node is None or node.kind != "column":
            raise AlignmentError(f"--by-index {name}: not a table column")
        index = _index_names(node)
        if not index:
            raise AlignmentError(f"--by-index {name}: its table has no INDEX the MIBs define")
        rows = [tuple(n.oid) for n in store.sorted_nodes() if n.kind == "row" and _index_names(n) == index]
        return cls(oid, f"{node.module}::{node.name}", rows)

    def table_of(self, oid: OidTuple) -> OidTuple | None:
        """The aligned row OID ``oid`` lies under (as ``entry.column.index``), if any."""
        for row in self.tables:
            if oid[: len(row)] == row and len(oid) > len(row) + 1:
                return row
        return None


def _index_names(node: MibNode) -> tuple[str, ...]:
    return tuple(name for name, _implied, _node in node.index_nodes())


def _split_aligned(stream: SnapshotStream, alignment: IndexAlignment, side: dict[OidTuple, Any]) -> SnapshotStream:
    """A view of ``stream`` without the aligned tables, whose values go to ``side``."""

    class Rest(SnapshotStream):
        label = stream.label
        encoding = stream.encoding

        def __iter__(self) -> Iterator[Entry]:
            table_of = alignment.table_of
            for entry in stream:
                if table_of(entry[0]) is not None:
                    side[entry[0]] = stream.value(entry)
                    continue
                yield entry

        def value(self, entry: Entry) -> Any:
            return stream.value(entry)

    return Rest()


def _aligned_changes(
    alignment: IndexAlignment, a: dict[OidTuple, Any], b: dict[OidTuple, Any], store: MibStore | None
) -> tuple[list[Change], list[str]]:
    """Changes in the aligned tables, rows matched by the key column's value
    (``core.snapshot.row_alignment``), and notes naming the rows that could not be."""

    def split(oid: OidTuple) -> tuple[OidTuple, OidTuple]:
        row = alignment.table_of(oid) or oid[:-1]
        return oid[: len(row) + 1], oid[len(row) + 1 :]

    def side(values: dict[OidTuple, Any]) -> tuple[list[OidTuple], dict[OidTuple, Any]]:
        size = len(alignment.column)
        keys = key_values((oid[size:], v) for oid, v in values.items() if oid[:size] == alignment.column)
        return [split(oid)[1] for oid in values], keys

    a_rows, a_keys = side(a)
    b_rows, b_keys = side(b)
    rows = align_by_key(a_rows, a_keys, b_rows, b_keys, alignment.column_name, key_describer(store, alignment.column))
    changes: list[Change] = []
    matched: set[OidTuple] = set()
    for oid, old in a.items():
        column, index = split(oid)
        key = rows.key_text(index, old=True)
        other_index = rows.pairs.get(index)
        other = None if other_index is None else column + other_index
        if other is None or other not in b:
            changes.append(Change(REMOVED, oid, old, ABSENT, row=key))
            continue
        matched.add(other)
        new = b[other]
        if not same_value(old, new):
            changes.append(Change(CHANGED, oid, old, new, other if other != oid else None, key))
    for oid, new in b.items():
        if oid not in matched:
            changes.append(Change(ADDED, oid, ABSENT, new, row=rows.key_text(split(oid)[1])))
    return changes, rows.notes()


# ------------------------------------------------------------------ the whole comparison


def compare(
    a: SnapshotStream,
    b: SnapshotStream,
    diff_filter: DiffFilter | None = None,
    alignment: IndexAlignment | None = None,
    store: MibStore | None = None,
) -> tuple[list[Change], list[str]]:
    """(changes in OID order, notes): the merge with filters, retried once per side
    that is out of OID order after sorting it in memory (a note says so)."""
    notes: list[str] = []
    keep = (diff_filter or DiffFilter()).keeps
    for _attempt in range(3):  # at most one retry per side
        a_side: dict[OidTuple, Any] = {}
        b_side: dict[OidTuple, Any] = {}
        left, right = a, b
        if alignment is not None:
            left, right = _split_aligned(a, alignment, a_side), _split_aligned(b, alignment, b_side)
        try:
            changes = [c for c in diff_streams(left, right) if keep(c)]
        except NotInOidOrder as exc:
            notes.append(f"{exc}; sorted in memory")
            (a if exc.stream in (a, left) else b).sort_in_memory()
            continue
        if alignment is not None:
            aligned, unaligned = _aligned_changes(alignment, a_side, b_side, store)
            notes.extend(unaligned)
            changes = sorted(changes + [c for c in aligned if keep(c)], key=lambda c: c.oid)
        return changes, notes
    raise AssertionError("a sorted stream reported an OID out of order")
