"""The compact node table: every resolved MIB definition as parallel columns.

A corpus holds ~60k definitions; as one object (or one tuple of tuples) each, a warm
start spends its time allocating them and the garbage collector its time scanning
them. Columns of strings and ints load from the cache in one ``marshal.loads``, are
not tracked by the collector, and ``MibStore`` builds a ``MibNode`` only for a row
somebody looks at. DESCRIPTION and REFERENCE texts are not in the table: they are
most of the bytes and are read on first use (see ``core.mib.loader``).

Columns only lookups need (OID tuples, the rarely used details) are kept in the
cache as nested marshal data, decoded on first use: ``snmptui mib list`` never
builds the 60k OID tuples (GC-tracked objects) it does not need.

Rows keep the resolver's order (which decides ties between definitions of one OID
or one name); ``by_oid_order`` is the permutation that sorts them by OID, module
and name, and ``primary`` lists the rows an OID lookup returns when several rows
share an OID.
"""

from __future__ import annotations

import bisect
import marshal
from collections import Counter
from collections.abc import Sequence
from typing import Any

from core.oid import OidTuple

__all__ = ["NodeTable", "TableError", "Texts", "rank"]

_KIND_RANK = {"node": 2, "module": 1}


def rank(kind: str, module: str) -> tuple[int, int]:
    """Preference when definitions share an OID or a name (lower wins): a rich
    definition over a bare OBJECT IDENTIFIER, a current module over an obsolete one."""
    obsolete_module = module.startswith("RFC") or module.startswith("OLD-")
    return (_KIND_RANK.get(kind, 0), 1 if obsolete_module else 0)


class TableError(ValueError):
    """A table payload (from the cache) whose columns do not fit together."""


# DESCRIPTION and REFERENCE texts: two columns, row for row.
Texts = tuple[list[str], list[str]]

# Per row: (defval, units, index, augments, objects), or None when all are empty.
Details = tuple[str, str, tuple[tuple[str, int], ...], str, tuple[str, ...]] | None

# Plain columns (strings and ints), then the ones stored as nested marshal data.
_COLUMNS = ("oid_texts", "names", "module_ids", "kinds", "syntax_ids", "access", "status",
            "module_names", "by_oid_order", "primary")
_PACKED = ("oids", "details")


class NodeTable:
    """Columns of the resolved definitions; see the module docstring."""

    __slots__ = (*_COLUMNS, "_oids", "_details", "_detail_columns", "_packed")

    def __init__(self) -> None:
        self._oids: list[OidTuple] | None = []
        self._details: list[Details] | None = []
        # A fresh table's detail columns (defval, units, index, augments, objects), made
        # into ``details`` rows on first use: ``snmptui mib list`` never needs them.
        self._detail_columns: tuple[list[Any], ...] | None = None
        self._packed: tuple[bytes, bytes] | None = None
        self.oid_texts: list[str] = []
        self.names: list[str] = []
        self.module_ids: list[int] = []
        self.module_names: list[str] = []
        self.kinds: list[str] = []
        self.syntax_ids: list[int] = []
        self.access: list[str] = []
        self.status: list[str] = []
        self.by_oid_order: list[int] = []
        self.primary: list[int] = []

    def __len__(self) -> int:
        return len(self.oid_texts)

    @property
    def oids(self) -> list[OidTuple]:
        if self._oids is None:
            self._unpack()
        assert self._oids is not None
        return self._oids

    @property
    def details(self) -> list[Details]:
        if self._details is None and self._detail_columns is not None:
            self._details = [
                (d, u, tuple(i), a, tuple(o)) if d or u or i or a or o else None
                for d, u, i, a, o in zip(*self._detail_columns)
            ]
            self._detail_columns = None
        if self._details is None:
            self._unpack()
        assert self._details is not None
        return self._details

    def _unpack(self) -> None:
        assert self._packed is not None
        oids, details = (marshal.loads(blob) for blob in self._packed)
        if not (isinstance(oids, list) and isinstance(details, list)
                and len(oids) == len(details) == len(self)):
            # The entry's checksum held, so this is a writer's bug, not a damaged file.
            raise TableError("node table columns differ in length")
        self._oids, self._details = oids, details

    @classmethod
    def from_columns(cls, columns: Sequence[list[Any]]) -> tuple[NodeTable, Texts]:
        """The table of the resolver's node columns (``core.mib.resolve.NODE_FIELDS``,
        taken over, not copied) and their DESCRIPTION and REFERENCE texts, row for row."""
        table = cls()
        (oids, oid_texts, names, modules, kinds, syntax_ids, access, status, descriptions, references,
         defvals, units, indexes, augments, objects) = columns
        if not oids:
            return table, ([], [])
        module_ids: dict[str, int] = dict.fromkeys(modules)  # type: ignore[arg-type]
        for number, module in enumerate(module_ids):
            module_ids[module] = number
        table.module_names = list(module_ids)
        table._oids = oids
        table.oid_texts = oid_texts
        table.names = names
        table.module_ids = list(map(module_ids.__getitem__, modules))
        table.kinds = kinds
        table.syntax_ids = syntax_ids
        table.access = access
        table.status = status
        table._details = None
        table._detail_columns = (defvals, units, indexes, augments, objects)
        # Only OIDs defined more than once need their choice written down.
        shared: dict[OidTuple, list[int]] = {oid: [] for oid, count in Counter(oids).items() if count > 1}
        for row in [row for row, oid in enumerate(oids) if oid in shared]:
            shared[oids[row]].append(row)
        best: list[int] = []
        for same in shared.values():
            chosen = same[0]
            for row in same[1:]:
                if rank(kinds[row], modules[row]) < rank(kinds[chosen], modules[chosen]):
                    chosen = row
            best.append(chosen)
        table.primary = sorted(best)
        # By OID (a stable sort by one key: rows of one OID stay in row order), then the
        # few rows sharing an OID by module and name.
        order = sorted(range(len(oids)), key=oids.__getitem__)
        for oid, same in shared.items():
            first = bisect.bisect_left(order, oid, key=oids.__getitem__)
            order[first:first + len(same)] = sorted(same, key=lambda row: (modules[row], names[row], row))
        table.by_oid_order = order
        return table, (descriptions, references)

    def module(self, row: int) -> str:
        return self.module_names[self.module_ids[row]]

    def primary_rows(self) -> dict[OidTuple, int]:
        """OID -> the row a lookup of that OID returns."""
        oids = self.oids
        result = dict(zip(oids, range(len(oids))))
        for row in self.primary:
            result[oids[row]] = row
        return result

    # -- cache form ----------------------------------------------------------
    def payload(self) -> tuple[Any, ...]:
        """The cache form; the table then keeps its OID and detail columns packed, as a
        table read from the cache does (a fresh load's 60k OID tuples would otherwise be
        scanned by the first garbage collection after it, only to be thrown away when
        nobody needs them, as ``snmptui mib list`` does not)."""
        packed = tuple(marshal.dumps(getattr(self, name)) for name in _PACKED)
        self._packed = (packed[0], packed[1])
        self._oids = self._details = None
        return (*(getattr(self, name) for name in _COLUMNS), *packed)

    @classmethod
    def from_payload(cls, payload: Any, syntax_count: int) -> NodeTable:
        """A table from ``payload()``'s value, checked enough that a damaged entry
        cannot give wrong names or fail later (TableError instead)."""
        if not isinstance(payload, tuple) or len(payload) != len(_COLUMNS) + len(_PACKED):
            raise TableError("node table has the wrong shape")
        columns, packed = payload[:len(_COLUMNS)], payload[len(_COLUMNS):]
        if not all(isinstance(column, list) for column in columns):
            raise TableError("node table column is not a list")
        if not all(isinstance(blob, bytes) for blob in packed):
            raise TableError("node table column is not packed")
        table = cls()
        for name, column in zip(_COLUMNS, columns):
            setattr(table, name, column)
        table._oids = table._details = None
        table._packed = (packed[0], packed[1])
        count = len(table.oid_texts)
        row_columns = ("oid_texts", "names", "module_ids", "kinds", "syntax_ids", "access",
                       "status", "by_oid_order")
        if any(len(getattr(table, name)) != count for name in row_columns):
            raise TableError("node table columns differ in length")
        modules = len(table.module_names)
        if count and (min(table.module_ids) < 0 or max(table.module_ids) >= modules):
            raise TableError("node table names a module it does not have")
        if count and (min(table.syntax_ids) < -1 or max(table.syntax_ids) >= syntax_count):
            raise TableError("node table names a syntax it does not have")
        for rows in (table.by_oid_order, table.primary):
            if rows and (min(rows) < 0 or max(rows) >= count):
                raise TableError("node table names a row it does not have")
        return table
