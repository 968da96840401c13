"""Instance suffixes: OID arcs after a column -> the row's INDEX values, and their display.

RFC 2578 section 7.7 encodings: integers take one arc, IpAddress four, fixed-size
strings their size, other strings and OIDs a length arc first unless IMPLIED (last
index only). An InetAddress is shown according to the InetAddressType before it, so
``ipNetToPhysicalPhysAddress.2.1.4.10.0.0.1`` reads ``[2][ipv4][10.0.0.1]``. Other
strings read as the browser shows octet string values (core.snapshot.netsnmp_format).
"""

from __future__ import annotations

import ipaddress
from typing import Any

from core.mib.builtin import BASE_TYPES
from core.mib.store import MibNode, MibStore, Syntax
from core.oid import OidTuple
from core.snapshot.netsnmp_format import browser_formatter

__all__ = ["IndexValue", "decode_index", "format_index", "INTEGER_BASES"]

INTEGER_BASES = frozenset({"INTEGER", "Integer32", "Unsigned32", "Gauge32", "Counter32",
                            "Counter64", "TimeTicks"})
_INET_TYPE_TC = "InetAddressType"
_INET_ADDRESS_TCS = frozenset({"InetAddress"})
_octets_text = browser_formatter(None).octets_text


class IndexValue:
    """One decoded INDEX component: its object name, raw value and display text."""

    __slots__ = ("name", "value", "text")

    def __init__(self, name: str, value: Any, text: str) -> None:
        self.name = name
        self.value = value
        self.text = text

    def __repr__(self) -> str:
        return f"IndexValue({self.name}={self.text})"


def _fixed_size(syntax: Syntax | None) -> int | None:
    if syntax is None or not syntax.sizes or len(syntax.sizes) != 1:
        return None
    low, high = syntax.sizes[0]
    return low if low == high and isinstance(low, int) else None


def _inet_text(kind: str | None, data: bytes) -> str | None:
    try:
        if kind in ("ipv4", None) and len(data) == 4:
            return str(ipaddress.IPv4Address(data))
        if kind in ("ipv6", None) and len(data) == 16:
            return str(ipaddress.IPv6Address(data))
        if kind == "ipv4z" and len(data) == 8:
            return f"{ipaddress.IPv4Address(data[:4])}%{int.from_bytes(data[4:], 'big')}"
        if kind == "ipv6z" and len(data) == 20:
            return f"{ipaddress.IPv6Address(data[:16])}%{int.from_bytes(data[16:], 'big')}"
        if kind == "dns":
            return data.decode("ascii")
    except (ValueError, UnicodeDecodeError):
        return None
    return None


def _string_text(syntax: Syntax | None, data: bytes, inet_kind: str | None) -> str:
    chain = syntax.tc_chain if syntax is not None else ()
    if any(tc in _INET_ADDRESS_TCS for tc in chain) or (chain and chain[0].startswith("InetAddressIPv")):
        text = _inet_text(inet_kind, data)
        if text is not None:
            return text
    # the browser's octet rendering (net-snmp's, UTF-8 text as text), on one line
    text = _octets_text(data, syntax.display_hint if syntax is not None else None)
    return text.replace(" \n", " ").rstrip()


def decode_index(node: MibNode, suffix: OidTuple) -> tuple[list[IndexValue], OidTuple]:
    """Decode ``suffix`` (the arcs after a column or row) into INDEX values.

    Returns the values decoded and the arcs left over (non-empty when the suffix does
    not fit the INDEX, or the node is not in a table).
    """
    store = node._store
    values: list[IndexValue] = []
    rest = tuple(suffix)
    inet_kind: str | None = None
    for name, implied, index_node in node.index_nodes():
        syntax = index_node.syntax if index_node is not None else None
        base = syntax.base if syntax is not None else BASE_TYPES.get(name, "")
        if not rest:
            return values, rest
        if base in INTEGER_BASES:
            number = rest[0]
            rest = rest[1:]
            label = syntax.enums.get(number) if syntax is not None else None
            if syntax is not None and _INET_TYPE_TC in syntax.tc_chain:
                inet_kind = label
            values.append(IndexValue(name, number, label if label is not None else str(number)))
            continue
        if base == "IpAddress":
            if len(rest) < 4 or any(a > 255 for a in rest[:4]):
                return values, rest
            text = ".".join(map(str, rest[:4]))
            values.append(IndexValue(name, text, text))
            rest = rest[4:]
            continue
        if base in ("OCTET STRING", "OBJECT IDENTIFIER", "BITS", "Opaque"):
            size = _fixed_size(syntax) if base != "OBJECT IDENTIFIER" else None
            if implied:
                length, start = len(rest), 0
            elif size is not None:
                length, start = size, 0
            else:
                length, start = rest[0], 1
            if len(rest) < start + length:
                return values, rest
            arcs = rest[start : start + length]
            rest = rest[start + length :]
            if base == "OBJECT IDENTIFIER":
                text = store.translate_to_name(arcs) if len(arcs) >= 2 else ".".join(map(str, arcs))
                values.append(IndexValue(name, arcs, text))
                continue
            if any(a > 255 for a in arcs):
                return values, rest
            data = bytes(arcs)
            values.append(IndexValue(name, data, _string_text(syntax, data, inet_kind)))
            continue
        return values, rest  # an INDEX object we cannot type: stop decoding
    return values, rest


def format_index(store: MibStore, oid: OidTuple, *, qualified: bool = False) -> str:
    """``ifDescr[3]``-style name of an instance (net-snmp ``-OX``); ``sysDescr.0`` for scalars."""
    node, rest = store.lookup(oid)
    if node is None:
        return ".".join(map(str, oid))
    name = node.qualified_name if qualified else node.name
    if not rest:
        return name
    if node.kind not in ("column", "row"):
        return name + "".join(f".{a}" for a in rest)
    values, left = decode_index(node, rest)
    text = name + "".join(f"[{v.text}]" for v in values)
    return text + "".join(f".{a}" for a in left)
