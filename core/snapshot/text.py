"""How snapshot tools (diff, export) show an OID and a value: through the net-snmp formatter.

Names and values come from :mod:`core.snapshot.netsnmp_format`, so a diff line reads
what ``snmpwalk`` would print for the same MIBs (``IF-MIB::ifOperStatus.1``,
``up(1)``, ``"563"``, ``(8581873) 23:50:18.73``). The formatter's text holds an
agent's octets one character per byte (Latin-1), which :func:`as_bytes` gives back
for writing to a terminal and :func:`readable` turns into text for JSON and CSV
(UTF-8 where the octets are UTF-8, ``\\xNN`` escapes elsewhere).
``snmpwalk_line`` writes a record as ``snmpwalk -On`` without MIBs would, which
``core.snapshot.snmpwalk`` reads back to the same value.
"""

from __future__ import annotations

from typing import Any

from core.mib.store import MibStore
from core.oid import OidTuple
from core.snapshot.netsnmp_format import formatter_for
from core.snapshot.output_options import OutputOptions
from core.types import type_name

__all__ = ["value_text", "typed_text", "oid_name", "object_of", "snmpwalk_line", "type_text", "as_bytes", "readable"]

_NUMERIC = OutputOptions(oid_format="numeric")


def value_text(store: MibStore | None, oid: OidTuple, value: Any) -> str:
    """``value`` of the object at ``oid`` as net-snmp prints it after the type label."""
    return formatter_for(store).value_text(oid, value)


def typed_text(store: MibStore | None, oid: OidTuple, value: Any) -> str:
    """``TYPE: VALUE`` as net-snmp prints it (``Gauge32: 5``), for a change of type."""
    return formatter_for(store).typed_value(oid, value)


def oid_name(store: MibStore | None, oid: OidTuple) -> str:
    """``IF-MIB::ifDescr.3``, the index decoded as net-snmp decodes it."""
    return formatter_for(store).name(oid)


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


def as_bytes(text: str) -> bytes:
    """The octets of formatter text (one character per byte; others as UTF-8)."""
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        return text.encode("utf-8")


def readable(text: str) -> str:
    """Formatter text as people's text: UTF-8 octets decoded, other octets ``\\xNN``."""
    return as_bytes(text).decode("utf-8", "backslashreplace")


def snmpwalk_line(oid: OidTuple, value: Any) -> bytes:
    """A record as ``snmpwalk -On`` prints it without MIBs (``.1.3.6.1.2.1.1.5.0 = STRING: "x"``)."""
    return as_bytes(formatter_for(None, _NUMERIC).line(oid, value))
