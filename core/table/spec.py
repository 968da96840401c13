"""What the MIB says a table is: its entry, columns in MIB order, INDEX, and related tables.

Columns are in MIB order: the order of their definitions, which net-snmp follows too
(MTA-MIB defines mtaGroupLastOutboundAssociationAttempt, sub-id 34, after sub-id 18).
A table can be named by itself, its entry, one of its columns or an instance OID
(``TableSpec.containing``), as the browser's ``t`` key needs; ``TableSpec.of`` takes
only the table itself, as ``snmptable`` does. ``join_candidates`` lists the tables
whose rows line up with this one's: those that AUGMENT it (or that it augments, and
their other augmenters), and those whose INDEX has the same shape (``dot3StatsTable``
by ``dot3StatsIndex``, an ``InterfaceIndex``, beside ``ifTable`` by ``ifIndex``).
"""

from __future__ import annotations

from enum import Enum
from typing import NamedTuple

from core.mib.store import MibNode, MibStore
from core.oid import OidTuple, format_oid

__all__ = ["Column", "JoinKind", "TableSpec", "TableSpecError", "join_candidates"]

_NOT_ACCESSIBLE = "not-accessible"


class TableSpecError(ValueError):
    """The name or OID is not a table the loaded MIBs describe; the message says which."""


class Column(NamedTuple):
    """One columnar object of a table (or of a table joined to it)."""

    node: MibNode
    entry: OidTuple
    """OID of the conceptual row this column belongs to"""
    joined: bool = False
    """True for a column of another table joined to this one"""

    @property
    def name(self) -> str:
        return self.node.name

    @property
    def subid(self) -> int:
        return self.node.oid[-1]

    @property
    def accessible(self) -> bool:
        """False for not-accessible columns (INDEX objects), which are never walked."""
        return self.node.access != _NOT_ACCESSIBLE


class IndexPart(NamedTuple):
    """One INDEX object of a table: its name, IMPLIED flag and MIB node (None if unknown)."""

    name: str
    implied: bool
    node: MibNode | None


class JoinKind(Enum):
    AUGMENTS = "augments"
    """the same conceptual row extended (ifXEntry AUGMENTS ifEntry)"""
    SHARED_INDEX = "shared index"
    """a different table indexed by the same kind of value (joined on request)"""


class TableSpec:
    """A table of the loaded MIBs: ``table``, ``entry``, ``columns`` and ``index``."""

    __slots__ = ("store", "table", "entry", "columns", "index")

    def __init__(self, store: MibStore, table: MibNode, entry: MibNode) -> None:
        self.store = store
        self.table = table
        self.entry = entry
        children = [child for child in store.children(entry.oid) if child.kind == "column"]
        children.sort(key=store.definition_position)  # MIB order, as net-snmp lists them
        self.columns: tuple[Column, ...] = tuple(Column(child, entry.oid) for child in children)
        self.index: tuple[IndexPart, ...] = tuple(IndexPart(*part) for part in entry.index_nodes())

    def __repr__(self) -> str:
        return f"TableSpec({self.table.qualified_name}, {len(self.columns)} columns)"

    @property
    def name(self) -> str:
        return self.table.name

    @property
    def accessible_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.accessible)

    @classmethod
    def of(cls, store: MibStore, name_or_oid: str | OidTuple) -> TableSpec:
        """The table named exactly (``ifTable``, ``IF-MIB::ifTable``, ``.1.3.6.1.2.1.2.2``)."""
        oid = _resolve(store, name_or_oid)
        node = store.node(oid)
        if node is None or node.kind != "table":
            what = node.qualified_name if node is not None else format_oid(oid)
            raise TableSpecError(f"{what} is not a table in the loaded MIBs")
        return cls._from_table(store, node)

    @classmethod
    def containing(cls, store: MibStore, name_or_oid: str | OidTuple) -> TableSpec:
        """The table of a table, entry, column or instance OID."""
        oid = _resolve(store, name_or_oid)
        node, _ = store.lookup(oid)
        row = node.row if node is not None else None
        table = store.node(row.oid[:-1]) if row is not None else None
        if table is None or table.kind != "table" or row is None:
            what = node.qualified_name if node is not None else format_oid(oid)
            raise TableSpecError(f"{what} is not in a table of the loaded MIBs")
        return cls(store, table, row)

    @classmethod
    def _from_table(cls, store: MibStore, table: MibNode) -> TableSpec:
        entries = [c for c in store.children(table.oid) if c.kind == "row"]
        if not entries:
            raise TableSpecError(f"{table.qualified_name} has no entry (SEQUENCE OF rows) in the loaded MIBs")
        return cls(store, table, entries[0])

    def index_signature(self) -> tuple[str, ...]:
        """The kind of value each INDEX part holds: its first TC, else its base type."""
        out = []
        for part in self.index:
            syntax = part.node.syntax if part.node is not None else None
            if syntax is None:
                out.append(part.name)
            else:
                out.append(syntax.tc_chain[0] if syntax.tc_chain else syntax.base)
        return tuple(out)


def _resolve(store: MibStore, name_or_oid: str | OidTuple) -> OidTuple:
    if isinstance(name_or_oid, tuple):
        return name_or_oid
    try:
        return tuple(store.resolve(name_or_oid))
    except ValueError as exc:
        raise TableSpecError(str(exc)) from None


_INTERCHANGEABLE = {"InterfaceIndexOrZero": "InterfaceIndex"}


def _signature_key(signature: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_INTERCHANGEABLE.get(part, part) for part in signature)


def join_candidates(spec: TableSpec) -> list[tuple[TableSpec, JoinKind]]:
    """Tables whose rows line up with ``spec``'s, AUGMENTS first, then shared INDEX.

    A shared INDEX needs every part to be the same kind of value named by a TC
    (``InterfaceIndex``, ``InetAddress``...) or the very same INDEX objects; bare
    INTEGER indexes line up by accident, not by meaning, and are not offered.
    """
    store = spec.store
    base = spec.entry
    while base.augments:
        target = store.by_name(base.augments, prefer_module=base.module)
        if target is None or target.kind != "row":
            break
        base = target
    names = spec.index and tuple(p.name for p in spec.index)
    signature = _signature_key(spec.index_signature())
    meaningful = all(part[:1].isupper() and " " not in part and part not in _BASE_NAMES for part in signature)
    augmenting: list[tuple[TableSpec, JoinKind]] = []
    shared: list[tuple[TableSpec, JoinKind]] = []
    for node in store.nodes:
        if node.kind != "row" or node.oid == spec.entry.oid:
            continue
        table = store.node(node.oid[:-1])
        if table is None or table.kind != "table" or store.node(node.oid) is not node:
            continue
        if node.oid == base.oid or _augments(store, node, base):
            augmenting.append((TableSpec(store, table, node), JoinKind.AUGMENTS))
            continue
        if not node.index or not names:
            continue
        other = TableSpec(store, table, node)
        if tuple(p.name for p in other.index) == names or (
            meaningful and _signature_key(other.index_signature()) == signature
        ):
            shared.append((other, JoinKind.SHARED_INDEX))
    augmenting.sort(key=lambda item: item[0].entry.oid)
    shared.sort(key=lambda item: item[0].entry.oid)
    return augmenting + shared


_BASE_NAMES = frozenset({"INTEGER", "Integer32", "Unsigned32", "Gauge32", "Counter32", "OCTET STRING",
                         "OBJECT IDENTIFIER", "IpAddress", "TimeTicks", "Counter64", "BITS", "Opaque"})


def _augments(store: MibStore, row: MibNode, base: MibNode) -> bool:
    seen = 0
    while row.augments and seen < 8:
        target = store.by_name(row.augments, prefer_module=row.module)
        if target is None:
            return False
        if target.oid == base.oid:
            return True
        row = target
        seen += 1
    return False
