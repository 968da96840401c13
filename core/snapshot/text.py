"""How snapshot tools (diff, export) show an OID and a value: names, rendered values, types.

``value_text`` is the one function diff and export render values with; it delegates
to the MIB engine's renderer (``core.mib.render``), so an enum reads ``up(1)`` and a
TimeTicks ``2 days, 03:04:05.06``. ``snmpwalk_line`` writes a record as numeric
``snmpwalk -On`` output that ``core.snapshot.snmpwalk`` reads back to the same value.
Without a MIB store names are numeric.
"""

from __future__ import annotations

from typing import Any

from core.mib.render import format_timeticks, hex_string, render_value
from core.mib.store import MibStore
from core.oid import OidTuple, format_oid
from core.types import IpAddress, ObjectIdentifier, Opaque, TimeTicks, type_name

__all__ = ["value_text", "oid_name", "object_of", "snmpwalk_line", "type_text"]

_WALK_LABELS = {
    "OCTET STRING": "STRING",
    "OBJECT IDENTIFIER": "OID",
    "TimeTicks": "Timeticks",
}


def value_text(store: MibStore | None, oid: OidTuple, value: Any) -> str:
    """``value`` of the object at ``oid`` for people (enum labels, hints, units)."""
    return render_value(store, value, oid) if store is not None else render_value(None, value)


def oid_name(store: MibStore | None, oid: OidTuple) -> str:
    """``IF-MIB::ifDescr.3`` (numeric below what the MIBs know, or without MIBs)."""
    return store.translate_to_name(oid) if store is not None else format_oid(oid)


def object_of(store: MibStore | None, oid: OidTuple) -> OidTuple:
    """The MIB object an instance belongs to (its scalar or column); its parent OID
    when no MIB knows it."""
    if store is not None:
        node, rest = store.lookup(oid)
        if node is not None and rest and node.kind in ("scalar", "column"):
            return tuple(node.oid)
    return oid[:-1]


def type_text(value: Any) -> str:
    """The SNMP type name of a value (``Counter32``, ``OCTET STRING``)."""
    return type_name(value)


def _walk_string(data: bytes) -> str:
    if data and all(0x20 <= b <= 0x7E for b in data):
        escaped = data.decode("ascii").replace("\\", "\\\\").replace('"', '\\"')
        return f'STRING: "{escaped}"'
    if not data:
        return '""'
    return f"Hex-STRING: {hex_string(data)} "


def snmpwalk_line(oid: OidTuple, value: Any) -> str:
    """A record as ``snmpwalk -On`` prints it without MIBs (``.1.3.6.1.2.1.1.5.0 = STRING: "x"``)."""
    name = "." + format_oid(oid)
    if value is None:
        return f"{name} = NULL"
    if isinstance(value, TimeTicks):
        text = f"Timeticks: ({int(value)}) {format_timeticks(value)}"
    elif isinstance(value, ObjectIdentifier):
        text = f"OID: .{value}"
    elif isinstance(value, IpAddress):
        text = f"IpAddress: {value}"
    elif isinstance(value, Opaque):
        text = f"Opaque: {hex_string(value)}"
    elif isinstance(value, bytes):
        text = _walk_string(bytes(value))
    else:
        kind = type_name(value)
        text = f"{_WALK_LABELS.get(kind, kind)}: {int(value)}"
    return f"{name} = {text}"
