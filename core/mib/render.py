"""Value rendering for people: enums, BITS, DISPLAY-HINT, TimeTicks, addresses, OIDs.

``render_value(node, value)`` turns a typed SNMP value (see core/types.py) into text
using what the MIB says about the object: enum labels as ``up(1)``, BITS names,
RFC 2579 DISPLAY-HINTs for octet strings (repeat ``*``, separators, terminators) and
integers (``d-2``, ``x``, ``o``, ``b``), TimeTicks as ``2 days, 03:04:05.06``, OID
values by name, printable strings as text and binary ones as hex, UNITS appended.
"""

from __future__ import annotations

from typing import Any

from core.mib.store import MibNode, MibStore, Syntax
from core.oid import format_oid, parse_oid
from core.types import (
    END_OF_MIB_VIEW, NO_SUCH_INSTANCE, NO_SUCH_OBJECT, IpAddress, ObjectIdentifier, Opaque,
    TimeTicks,
)

__all__ = [
    "render_value", "format_timeticks", "apply_octet_hint", "apply_integer_hint", "hex_string",
    "is_printable", "render_bits", "set_bits",
]

_EXCEPTIONS = (NO_SUCH_OBJECT, NO_SUCH_INSTANCE, END_OF_MIB_VIEW)


def format_timeticks(ticks: int) -> str:
    """``2 days, 03:04:05.06`` (hundredths of a second)."""
    seconds, hundredths = divmod(int(ticks), 100)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    clock = f"{hours:02d}:{minutes:02d}:{seconds:02d}.{hundredths:02d}"
    if days:
        return f"{days} day{'s' if days != 1 else ''}, {clock}"
    return clock


def hex_string(data: bytes) -> str:
    return " ".join(f"{b:02X}" for b in data)


def is_printable(data: bytes) -> bool:
    """True for text a person can read: UTF-8 without control characters except tab/CR/LF."""
    if not data:
        return True
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    trimmed = text[:-1] if text.endswith("\x00") else text  # C agents add a NUL
    if not trimmed:
        return False  # a lone NUL is a byte, not empty text: show it as hex (00)
    return all(ch.isprintable() or ch in "\t\r\n" for ch in trimmed)


def _parse_octet_hint(hint: str) -> list[tuple[bool, int, str, str, str]] | None:
    """RFC 2579 octet-format: [*]length format [separator] [terminator]."""
    specs = []
    i, n = 0, len(hint)
    while i < n:
        repeat = hint[i] == "*"
        if repeat:
            i += 1
        start = i
        while i < n and hint[i].isdigit():
            i += 1
        if i == start or i >= n or hint[i] not in "dxoat":
            return None
        length, fmt = int(hint[start:i]), hint[i]
        i += 1
        sep = term = ""
        if i < n and not hint[i].isdigit() and hint[i] != "*":
            sep = hint[i]
            i += 1
            if repeat and i < n and not hint[i].isdigit() and hint[i] != "*":
                term = hint[i]
                i += 1
        specs.append((repeat, length, fmt, sep, term))
    return specs or None


# The widest chunk a "d" octet-format prints in decimal (a hint like "2000d"
# would ask Python for an integer of more digits than it prints); wider is hex.
_MAX_DECIMAL_OCTETS = 1024
# The most decimal places a "d-N" hint may ask for: a 64-bit value has 20 digits.
_MAX_DECIMAL_PLACES = 64


def _octets(chunk: bytes, fmt: str) -> str:
    if fmt in "at":
        # Text is UTF-8 when it decodes as such (a sysContact of 马刚); other bytes raise,
        # and the value is shown as hex rather than as mojibake or U+FFFD.
        return chunk.decode("utf-8")
    if fmt == "d" and len(chunk) > _MAX_DECIMAL_OCTETS:
        fmt = "x"  # Python prints no integer of more than 4300 digits
    number = int.from_bytes(chunk, "big")
    if fmt == "d":
        return str(number)
    if fmt == "x":
        return f"{number:0{2 * len(chunk)}x}"
    return f"{number:o}"


def apply_octet_hint(hint: str, data: bytes) -> str | None:
    """Render ``data`` with an octet-string DISPLAY-HINT; None if the hint is invalid."""
    specs = _parse_octet_hint(hint)
    if specs is None:
        return None
    try:
        return _apply_specs(specs, data)
    except UnicodeDecodeError:
        return None


def _apply_specs(specs: list[tuple[bool, int, str, str, str]], data: bytes) -> str:
    out: list[str] = []
    i, k, n = 0, 0, len(data)
    while i < n:
        repeat, length, fmt, sep, term = specs[min(k, len(specs) - 1)]
        k += 1
        count = 1
        if repeat:
            count = data[i]
            i += 1
        for r in range(count):
            if i >= n:
                break
            out.append(_octets(data[i : i + length], fmt))
            i += length
            if i >= n:
                break
            if repeat and term and r == count - 1:
                out.append(term)
            elif sep:
                out.append(sep)
    return "".join(out)


def apply_integer_hint(hint: str, value: int) -> str | None:
    """Render an integer with ``d``, ``d-N``, ``x``, ``o`` or ``b``; None if invalid."""
    if hint.startswith("d"):
        if hint == "d":
            return str(value)
        if not (hint[1:2] == "-" and hint[2:].isdigit() and len(hint) <= 4):
            return None
        places = int(hint[2:])
        if places > _MAX_DECIMAL_PLACES:
            return None
        digits = str(abs(value)).rjust(places + 1, "0")
        sign = "-" if value < 0 else ""
        return f"{sign}{digits[:-places]}.{digits[-places:]}" if places else sign + digits
    if hint == "x":
        return f"{value:x}"
    if hint == "o":
        return f"{value:o}"
    if hint == "b":
        return f"{value:b}"
    return None


def set_bits(data: bytes) -> list[int]:
    """The numbers of the bits set in a BITS value (bit 0 is the first octet's high bit)."""
    return [byte * 8 + bit for byte, octet in enumerate(data) for bit in range(8) if octet & (0x80 >> bit)]


def render_bits(data: bytes, names: dict[int, str]) -> str:
    """A BITS value as net-snmp shows it: its octets in hex, then the set bits by name
    (``F0 portDesc(0) sysName(1)``; ``00`` when none is set)."""
    shown = [hex_string(data) or '""']
    shown.extend(f"{names[b]}({b})" if b in names else str(b) for b in set_bits(data))
    return " ".join(shown)


def _render_oid(store: MibStore | None, value: str) -> str:
    if store is None:
        return value
    try:
        return store.translate_to_name(parse_oid(value))
    except ValueError:
        return value


def _render_octets(syntax: Syntax | None, data: bytes) -> str:
    if syntax is not None:
        if syntax.base == "BITS" and syntax.named:
            return render_bits(data, syntax.bits)
        if syntax.display_hint:
            text = apply_octet_hint(syntax.display_hint, data)
            # Binary junk in a DisplayString is an agent bug: show it as hex, not garbage.
            if text is not None and (text.isprintable() or is_printable(data)):
                return text.rstrip("\x00")
    if is_printable(data):
        return data.decode("utf-8").rstrip("\x00")
    return hex_string(data)


def render_value(target: MibNode | MibStore | None, value: Any, oid: Any = None, *, units: bool = True) -> str:
    """Text for ``value`` of the object ``target`` (a node, or a store plus the ``oid``)."""
    store: MibStore | None
    if isinstance(target, MibStore):
        store = target
        node = target.lookup(tuple(oid))[0] if oid is not None else None
    else:
        node = target
        store = node._store if node is not None else None
    if value is None:
        return "NULL"
    if any(value is e for e in _EXCEPTIONS):
        return repr(value)
    syntax = node.syntax if node is not None else None
    if isinstance(value, TimeTicks):
        text = format_timeticks(value)
    elif isinstance(value, (IpAddress,)):
        text = str(value)
    elif isinstance(value, ObjectIdentifier):
        text = _render_oid(store, value)
    elif isinstance(value, Opaque):
        text = hex_string(value)
    elif isinstance(value, bytes):
        text = _render_octets(syntax, bytes(value))
    elif isinstance(value, int):
        text = str(int(value))
        if syntax is not None:
            label = syntax.enums.get(int(value))
            if label is not None:
                text = f"{label}({int(value)})"
            elif syntax.display_hint:
                text = apply_integer_hint(syntax.display_hint, int(value)) or text
            elif syntax.base == "TimeTicks":
                text = format_timeticks(value)
    elif isinstance(value, str):
        text = value
    else:
        text = repr(value)
    if units and node is not None and node.units:
        text = f"{text} {node.units}"
    return text


def format_oid_value(store: MibStore | None, arcs: tuple[int, ...]) -> str:
    """An OID as a name when known, else dotted (shared by index display)."""
    return store.translate_to_name(arcs) if store is not None else format_oid(arcs)
