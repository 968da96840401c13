"""RowStatus tables from the MIB, for an agent serving a snapshot with the MIBs loaded.

:func:`mib_row_tables` finds the tables with a read-create RowStatus column (RFC 2579)
under the given OID prefixes (a snapshot's writable subtrees) and describes each as a
``core.agent.rows.RowTable``: a column's value type from its base syntax, MAX-ACCESS,
DEFVAL (parsed as the SET dialog parses text), the INTEGER range or enumeration
(``wrongValue``) and the OCTET STRING size (``wrongLength``) a SET must respect, a
StorageType column when there is one, and which suffixes are valid indexes (the INDEX
decodes completely, each string part within its SIZE, each number within its range).
INDEX objects that are columns the agent serves (read-only) get their value from the
suffix of a new row.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

from core.mib.index import INTEGER_BASES, decode_index
from core.mib.store import MibNode, MibStore
from core.oid import OidTuple
from core.rows import row_plan
from core.set_value import VALUE_TYPES, SetValueError, typed_value
from core.types import ObjectIdentifier

from core.agent.rows import NOT_ACCESSIBLE, READ_ONLY_ACCESS, Column, RowTable
from core.agent.set_status import SetStatus

__all__ = ["mib_row_tables", "mib_row_table"]

_STORAGE_TYPE = "StorageType"


def _in(bounds: tuple[tuple[int, int], ...] | None, number: int) -> bool:
    return bounds is None or any(low <= number <= high for low, high in bounds)


def _check(node: MibNode) -> Callable[[Any], int] | None:
    syntax = node.syntax
    if syntax is None:
        return None
    if syntax.base in INTEGER_BASES:
        enums, ranges = syntax.enums, syntax.ranges
        if not enums and ranges is None:
            return None
        return lambda value: SetStatus.NO_ERROR if (value in enums if enums else _in(ranges, value)) else SetStatus.WRONG_VALUE
    if syntax.base in ("OCTET STRING", "BITS") and syntax.sizes is not None:
        sizes = syntax.sizes
        return lambda value: SetStatus.NO_ERROR if _in(sizes, len(value)) else SetStatus.WRONG_LENGTH
    return None


def _default(node: MibNode, store: MibStore) -> Any:
    """The column's DEFVAL as a value (None: no DEFVAL, or one this parser cannot read)."""
    text = node.defval
    if text in (None, ""):
        return None
    assert text is not None
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1]
    elif text.endswith(("'H", "'h")) and text.startswith("'"):
        text = "0x" + text[1:-2] if len(text) > 3 else ""
    try:
        value = typed_value(node, text, store)
    except (SetValueError, ValueError, LookupError):
        return None
    return value


def _index_check(entry: MibNode) -> Callable[[OidTuple], bool]:
    parts = entry.index_nodes()

    def valid(suffix: OidTuple) -> bool:
        values, rest = decode_index(entry, suffix)
        if rest or len(values) != len(parts):
            return False
        for value, (_, _, node) in zip(values, parts):
            syntax = node.syntax if node is not None else None
            if syntax is None:
                continue
            if isinstance(value.value, int) and not _in(syntax.ranges, value.value):
                return False
            if isinstance(value.value, bytes) and not _in(syntax.sizes, len(value.value)):
                return False
        return True

    return valid


def _from_index(entry: MibNode, position: int, node: MibNode) -> Callable[[OidTuple], Any]:
    kind = VALUE_TYPES.get(node.syntax.base if node.syntax is not None else "", bytes)

    def value(suffix: OidTuple) -> Any:
        decoded = decode_index(entry, suffix)[0][position].value
        if kind is ObjectIdentifier:
            return ObjectIdentifier(".".join(map(str, decoded)))
        return kind(decoded)

    return value


def mib_row_table(store: MibStore, entry: MibNode) -> RowTable | None:
    """The RowTable of one table entry; None without a RowStatus column or with a type the agent cannot check."""
    plan = row_plan(store, entry)
    if plan is None:
        return None
    index_positions = {node.oid: n for n, (node, _) in enumerate(plan.index)}
    columns: list[Column] = []
    storage: int | None = None
    for node in (child for child in entry.children if child.kind == "column"):
        syntax = node.syntax
        kind = VALUE_TYPES.get(syntax.base if syntax is not None else "")
        if kind is None:
            return None  # an Opaque or unknown column: no honest type check
        number = node.oid[-1]
        position = index_positions.get(node.oid)
        if position is not None:
            readable = node.access != NOT_ACCESSIBLE
            columns.append(Column(number, kind, READ_ONLY_ACCESS if readable else NOT_ACCESSIBLE,
                                  from_index=_from_index(entry, position, node) if readable else None))  # fmt: skip
            continue
        if syntax is not None and _STORAGE_TYPE in (syntax.tc_chain or ()) and node.access == "read-create":
            storage = number
        columns.append(Column(number, kind, node.access, _default(node, store), _check(node)))
    return RowTable(entry.oid, tuple(columns), plan.status.oid[-1], _index_check(entry), storage)


def mib_row_tables(store: MibStore, prefixes: Iterable[OidTuple]) -> list[RowTable]:
    """The RowStatus tables whose entries lie under any of ``prefixes``."""
    wanted = [tuple(prefix) for prefix in prefixes]
    tables = []
    for node in store.nodes:
        if node.kind != "row" or not any(node.oid[: len(prefix)] == prefix for prefix in wanted):
            continue
        table = mib_row_table(store, node)
        if table is not None:
            tables.append(table)
    return tables
