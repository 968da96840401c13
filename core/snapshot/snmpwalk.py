"""Reader of net-snmp ``snmpwalk`` text output with numeric OIDs (``-On``, ``-ObentU``, ``-Ox``).

Each object is ``.OID = TYPE: VALUE``; a value may continue on the following
lines (quoted strings with newlines, ``Hex-STRING`` wrapped every 16 octets).
Forms understood: ``STRING`` (quoted with ``\\"``/``\\\\`` escapes, or bare as
display hints print it), ``Hex-STRING``, ``""``, ``INTEGER`` (``5``,
``up(1)``, with units), ``Counter32``/``Counter64``/``Gauge32``/``UInteger32``,
``Timeticks: (N) ...`` and the bare ``N`` of ``-Ot``, ``IpAddress``,
``Network Address``, ``OID``, ``BITS``, ``Opaque`` (hex, ``Float``,
``Double``, ``Int64``, ``UInt64``), ``NULL`` and ``Wrong Type (...)``. The
end-of-walk and no-such lines are skipped.
"""

from __future__ import annotations

import re
import struct
from typing import Any, Callable

from core.oid import format_oid, parse_oid
from core.types import (
    Counter32,
    Counter64,
    Gauge32,
    IpAddress,
    ObjectIdentifier,
    Opaque,
    TimeTicks,
    Unsigned32,
)

from core.snapshot.model import PARSE_ERRORS, Record, Snapshot, integer32

__all__ = ["parse", "parse_value"]

_RECORD = re.compile(r"^\s*(\.?[0-9][0-9.]*) = (.*)$", re.S)
_TYPED = re.compile(r"^([A-Za-z][A-Za-z0-9 -]*?): ?(.*)$", re.S)
_WRONG_TYPE = re.compile(r"^Wrong Type \(should be [^)]*\): (.*)$", re.S)
_ENUM = re.compile(r"^[A-Za-z_][\w-]*\((-?\d+)\)")
_NUMBER = re.compile(r"^-?\d+")
_SKIPPED = (
    "No more variables left",
    "No Such Object",
    "No Such Instance",
    "End of MIB",
)

# Opaque-wrapped special types (net-snmp ASN_OPAQUE_*): tag 0x9f then the inner tag.
_OPAQUE_SPECIALS: dict[str, tuple[int, Callable[[str], bytes]]] = {
    "Float": (0x78, lambda text: struct.pack(">f", float(text))),
    "Double": (0x79, lambda text: struct.pack(">d", float(text))),
    "Int64": (0x7A, lambda text: _signed_octets(int(text), -(1 << 63), (1 << 63) - 1)),
    "UInt64": (0x7B, lambda text: _signed_octets(int(text), 0, (1 << 64) - 1)),
}
# Real BITS values have a few octets; this bounds the search in _bits.
_MAX_BITS_TOKENS = 1024


def _signed_octets(value: int, low: int, high: int) -> bytes:
    if not low <= value <= high:
        raise ValueError(f"{value} is outside {low}..{high}")
    return value.to_bytes(value.bit_length() // 8 + 1, "big", signed=True)


def _first_number(text: str) -> int:
    match = _ENUM.match(text) or _NUMBER.match(text)
    if match is None:
        raise ValueError(f"expected a number, got {text!r}")
    return int(match.group(1) if match.re is _ENUM else match.group(0))


def _hex(text: str) -> bytes:
    return bytes.fromhex("".join(text.split()))


def _quoted(text: str) -> bytes:
    body = text.strip()
    if len(body) < 2 or not (body.startswith('"') and body.endswith('"')):
        return text.encode("utf-8", "surrogateescape")
    return re.sub(r'\\(["\\])', r"\1", body[1:-1]).encode("utf-8", "surrogateescape")


def _timeticks(text: str) -> TimeTicks:
    text = text.strip()
    if text.startswith("("):
        return TimeTicks(int(text[1 : text.index(")")]))
    return TimeTicks(_first_number(text))


def _oid(text: str) -> ObjectIdentifier:
    text = text.strip()
    try:
        return ObjectIdentifier(format_oid(parse_oid(text)))
    except ValueError:
        raise ValueError(f"OID value {text!r} is not numeric (record with snmpwalk -On)") from None


def _network_address(text: str) -> IpAddress:
    raw = bytes.fromhex(text.strip().replace(":", ""))
    if len(raw) != 4:
        raise ValueError(f"Network Address {text!r} is not 4 octets")
    return IpAddress("%d.%d.%d.%d" % tuple(raw))


def _bit_numbers(tokens: list[str]) -> set[int]:
    bits = set()
    for token in tokens:
        match = _ENUM.match(token)
        bits.add(int(match.group(1)) if match else int(token))
    return bits


def _bits(text: str) -> bytes:
    """BITS print as their octets in hex, then the numbers of the bits set."""
    tokens = text.split()
    if len(tokens) > _MAX_BITS_TOKENS:
        raise ValueError(f"BITS value of {len(tokens)} words is too long")
    for count in range(len(tokens), 0, -1):
        head = tokens[:count]
        if not all(len(t) == 2 and all(c in "0123456789abcdefABCDEF" for c in t) for t in head):
            continue
        raw = bytes.fromhex("".join(head))
        set_bits = {i for i in range(len(raw) * 8) if raw[i // 8] & (0x80 >> (i % 8))}
        try:
            if _bit_numbers(tokens[count:]) == set_bits:
                return raw
        except ValueError:
            continue
    raise ValueError(f"cannot read BITS value {text!r}")


def _opaque(text: str) -> Opaque:
    kind, sep, rest = text.strip().partition(":")
    special = _OPAQUE_SPECIALS.get(kind.strip()) if sep else None
    if special is None:
        return Opaque(_hex(text))
    tag, build = special
    inner = build(rest.strip())
    return Opaque(bytes((0x9F, tag, len(inner))) + inner)


_TYPES: dict[str, Callable[[str], Any]] = {
    "STRING": _quoted,
    "Hex-STRING": _hex,
    "INTEGER": lambda t: integer32(_first_number(t)),
    "Counter32": lambda t: Counter32(_first_number(t)),
    "Counter64": lambda t: Counter64(_first_number(t)),
    "Gauge32": lambda t: Gauge32(_first_number(t)),
    "Unsigned32": lambda t: Gauge32(_first_number(t)),
    "UInteger32": lambda t: Unsigned32(_first_number(t)),
    "Timeticks": _timeticks,
    "IpAddress": lambda t: IpAddress(t.strip()),
    "Network Address": _network_address,
    "OID": _oid,
    "BITS": _bits,
    "Opaque": _opaque,
}


def parse_value(text: str) -> Any:
    """The typed value of the text after ``=`` (ValueError when not understood)."""
    wrong = _WRONG_TYPE.match(text)
    if wrong:
        text = wrong.group(1)
    stripped = text.strip()
    if stripped == "NULL":
        return None
    if stripped.startswith('"'):
        return _quoted(stripped)
    if stripped.isdigit():
        return TimeTicks(int(stripped))  # -Ot prints timeticks without a type
    typed = _TYPED.match(text)
    if typed is None:
        raise ValueError(f"value without a type: {stripped[:60]!r}")
    kind, value = typed.groups()
    build = _TYPES.get(kind)
    if build is None:
        raise ValueError(f"unknown type {kind!r}")
    return build(value)


def _open_quote(text: str) -> bool:
    """True when a STRING value's closing quote is still to come (continues on the next line)."""
    body = text[text.index('"') + 1 :] if text.startswith(('STRING: "', '"')) else None
    if body is None:
        return False
    escaped = False
    for char in body:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == '"':
            return False
    return True


def _records(text: str) -> list[tuple[int, str, str]]:
    """(line number, OID text, value text) with continuation lines joined."""
    out: list[tuple[int, str, str]] = []
    for number, line in enumerate(text.split("\n"), 1):
        line = line.rstrip("\r")
        if out and _open_quote(out[-1][2]):
            start, oid, value = out[-1]
            out[-1] = (start, oid, value + "\n" + line)
            continue
        match = _RECORD.match(line)
        if match:
            out.append((number, match.group(1), match.group(2)))
        elif out and line.strip():
            start, oid, value = out[-1]
            out[-1] = (start, oid, value + "\n" + line)
    return out


def parse(data: bytes, path: str = "<snmpwalk>", *, strict: bool = True) -> Snapshot:
    """A snapshot from snmpwalk output (see the module docstring)."""
    text = data.decode("utf-8", "surrogateescape")
    snapshot = Snapshot(path=path)
    problems: list[str] = []
    seen: set[str] = set()
    for number, oid_text, value_text in _records(text):
        if value_text.startswith(_SKIPPED):
            continue
        try:
            oid = format_oid(parse_oid(oid_text))
            value = parse_value(value_text)
        except PARSE_ERRORS as exc:
            problems.append(f"{path}:{number}: {oid_text}: {exc}")
            continue
        if oid in seen:
            snapshot.warnings.append(f"{path}:{number}: {oid} appears again; the first value is served")
        seen.add(oid)
        snapshot.records.append(Record(oid, value))
    snapshot.refuse_or_skip(problems, strict)
    return snapshot
