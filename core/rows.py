"""Creating and destroying conceptual rows: RowStatus tables (RFC 2579) from the MIB.

:func:`row_plan` reads a table's entry: its INDEX objects, its RowStatus column, and its
other read-create columns, split into those a new row needs (no DEFVAL) and those with a
default. :func:`encode_index` turns the index values a person types (``t1``,
``192.0.2.1``, ``7``) into the instance suffix, as RFC 2578 7.7 encodes them (integers
one arc, IpAddress four, fixed-size strings their octets, other strings a length arc
first unless IMPLIED). :func:`create_row` sends the row in one SET with
``createAndGo(4)``; when the agent answers that it wants the other way
(inconsistentValue/wrongValue on the RowStatus varbind, as RFC 2579 allows), it sends
``createAndWait(5)`` with the columns, then ``active(1)``; :func:`read_row` reads the
row back. :func:`destroy_row` sends ``destroy(6)``.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from core.errors import SnmpStatusError
from core.mib.index import INTEGER_BASES
from core.mib.store import MibNode, MibStore
from core.oid import OidTuple, format_oid
from core.session import SnmpSession
from core.set_value import SetValueError, typed_value

__all__ = ["RowPlan", "row_plan", "encode_index", "encode_index_part", "create_row", "read_row", "destroy_row",
           "ACTIVE", "CREATE_AND_GO", "CREATE_AND_WAIT", "DESTROY"]

ACTIVE, CREATE_AND_GO, CREATE_AND_WAIT, DESTROY = 1, 4, 5, 6
_ROW_STATUS = "RowStatus"
_WANTS_OTHER_WAY = frozenset({10, 12})  # wrongValue, inconsistentValue
_UNREADABLE = frozenset({"not-accessible", "accessible-for-notify"})


@dataclass(frozen=True)
class RowPlan:
    """What creating a row of one table takes."""

    entry: MibNode
    index: tuple[tuple[MibNode, bool], ...]
    """INDEX objects with their IMPLIED flag"""
    status: MibNode
    required: tuple[MibNode, ...]
    """read-create columns without a DEFVAL (besides RowStatus)"""
    optional: tuple[MibNode, ...]
    """read-create columns with a DEFVAL"""


def _is_row_status(node: MibNode) -> bool:
    syntax = node.syntax
    return syntax is not None and _ROW_STATUS in (syntax.tc_chain or ())


def row_plan(store: MibStore, node: MibNode) -> RowPlan | None:
    """The plan for the table of ``node`` (the table, entry or a column); None without RowStatus."""
    entry = node.row
    if entry is None:
        return None
    columns = [child for child in entry.children if child.kind == "column"]
    status = next((c for c in columns if _is_row_status(c) and c.access == "read-create"), None)
    if status is None:
        return None
    index: list[tuple[MibNode, bool]] = []
    for name, implied, index_node in entry.index_nodes():
        if index_node is None:
            return None  # an INDEX object the MIBs do not define: cannot encode it
        index.append((index_node, implied))
    creatable = [c for c in columns if c.access == "read-create" and c is not status
                 and not any(c is i for i, _ in index)]  # fmt: skip
    required = tuple(c for c in creatable if c.defval in (None, ""))
    optional = tuple(c for c in creatable if c.defval not in (None, ""))
    return RowPlan(entry, tuple(index), status, required, optional)


def encode_index_part(node: MibNode, implied: bool, text: str, store: MibStore) -> tuple[int, ...]:
    syntax = node.syntax
    base = syntax.base if syntax is not None else ""
    if base in INTEGER_BASES:
        value = typed_value(node, text, store)
        assert isinstance(value, int)
        if value < 0:
            raise SetValueError("Value out of range", text, "an index is a number 0..4294967295")
        return (int(value),)
    if base == "IpAddress":
        try:
            return tuple(ipaddress.IPv4Address(text.strip()).packed)
        except ValueError:
            raise SetValueError("Bad value notation", text, "a dotted IPv4 address") from None
    if base == "OBJECT IDENTIFIER":
        arcs = tuple(store.resolve(text))
        return arcs if implied else (len(arcs), *arcs)
    octets = typed_value(node, text, store) if syntax is not None else text.encode()
    assert isinstance(octets, bytes)
    sizes = syntax.sizes if syntax is not None else None
    fixed = sizes is not None and len(sizes) == 1 and sizes[0][0] == sizes[0][1]
    if fixed or implied:
        return tuple(octets)
    return (len(octets), *octets)


def encode_index(plan: RowPlan, texts: list[str], store: MibStore) -> OidTuple:
    """The instance suffix of a new row from one text per INDEX object."""
    if len(texts) != len(plan.index):
        names = ", ".join(node.name for node, _ in plan.index)
        raise SetValueError("Bad value notation", f"{len(texts)} index values", f"one value for each of {names}")
    suffix: tuple[int, ...] = ()
    for (node, implied), text in zip(plan.index, texts):
        try:
            suffix += encode_index_part(node, implied, text, store)
        except SetValueError as exc:
            raise SetValueError(exc.problem, f"{node.name}: {exc.detail}", f"{node.name}: {exc.rule}") from None
    return suffix


def _oid(column: MibNode, suffix: OidTuple) -> str:
    return format_oid(column.oid + suffix)


def create_row(
    session: SnmpSession, plan: RowPlan, suffix: OidTuple, values: dict[str, object]
) -> tuple[str, dict[str, object]]:
    """Create the row ``suffix`` with the column values (by column name).

    Returns ``("createAndGo" | "createAndWait", what the agent answered)``; errors are
    the agent's ``SnmpStatusError`` naming the varbind it refused.
    """
    columns = {node.name: node for node in (*plan.required, *plan.optional)}
    unknown = sorted(set(values) - set(columns))
    if unknown:
        raise SetValueError("Bad variable type", f"{unknown[0]} is not a read-create column of {plan.entry.name}")
    missing = [node.name for node in plan.required if node.name not in values]
    if missing:
        raise SetValueError("Bad value notation", f"missing {', '.join(missing)}", "every required column")
    varbinds = {_oid(columns[name], suffix): value for name, value in values.items()}
    status_oid = _oid(plan.status, suffix)
    try:
        answered = session.set_many({status_oid: CREATE_AND_GO, **varbinds})
        return "createAndGo", answered
    except SnmpStatusError as exc:
        if exc.status not in _WANTS_OTHER_WAY or exc.oid not in (None, status_oid):
            raise
    answered = session.set_many({status_oid: CREATE_AND_WAIT, **varbinds})
    answered.update(session.set_many({status_oid: ACTIVE}))
    return "createAndWait", answered


def read_row(session: SnmpSession, plan: RowPlan, suffix: OidTuple) -> list[tuple[OidTuple, object]]:
    """The row ``suffix`` as the agent has it now: one GET of its readable columns, in
    column order (those the agent lacks are left out)."""
    names = {_oid(c, suffix): c.oid + suffix for c in plan.entry.children
             if c.kind == "column" and c.access not in _UNREADABLE}  # fmt: skip
    found = session.get_many(names)
    return [(oid, found[name]) for name, oid in names.items() if name in found]


def destroy_row(session: SnmpSession, plan: RowPlan, suffix: OidTuple) -> None:
    """Delete the row ``suffix`` (RowStatus destroy)."""
    session.set_many({_oid(plan.status, suffix): DESTROY})
