"""Values to SET, made from text: snmpset's rules, and the SET dialog's stricter typed ones.

Two entry points share the pieces (hex, decimal octets, DISPLAY-HINT input, BITS, OIDs):

- :func:`netsnmp_value` ``(node, letter, text)`` does what net-snmp's ``snmpset`` does
  with ``OID TYPE VALUE`` (``snmp_add_var``): the type letters ``= i u 3 t a o s x d b n c
  C U I F D``, ``=`` choosing the letter from the MIB, the same type checks against the
  MIB ("Type of attribute is OCTET STRING, not INTEGER"), enum labels for ``i``, INTEGER
  ranges and OCTET STRING sizes, and DISPLAY-HINT parsing for ``s``. Its errors carry
  net-snmp's wording, which ``snmptui set`` prints as snmpset does.
- :func:`typed_value` ``(node, text)`` is the browser's SET dialog: the type always comes
  from the MIB, enums take a label or number but only the listed ones, TruthValue takes
  true/false, BITS a list of names or numbers, OCTET STRINGs their DISPLAY-HINT form
  (MacAddress ``00:11:22:33:44:55``, DateAndTime ``2024-6-1,12:0:0.0,+2:0``) or hex
  with a ``0x`` prefix when they are not text, and every problem names the rule broken
  (range, size, enum) so the dialog can say it inline.

Both raise :class:`SetValueError`; ``str()`` of one is net-snmp's ``problem (detail)``.
"""

from __future__ import annotations

import ipaddress
import struct
from collections.abc import Callable

from core.mib.store import MibNode, MibStore, Syntax
from core.oid import OidTuple, format_oid
from core.types import (
    Counter32, Counter64, Gauge32, IpAddress, ObjectIdentifier, Opaque, TimeTicks, Unsigned32,
)

__all__ = [
    "SetValueError",
    "TYPE_LETTERS",
    "netsnmp_value",
    "typed_value",
    "letter_for",
    "parse_octet_hint",
    "hex_octets",
    "decimal_octets",
    "describe_rule",
    "VALUE_TYPES",
]

TYPE_LETTERS = "=iu3taosxdbnUIFD"
"""The type letters snmpset accepts on its command line (``c``/``C`` only via ``=``)."""

_SIMPLE = {
    "INTEGER": "i", "Integer32": "i", "Gauge32": "u", "Unsigned32": "u", "UInteger32": "3",
    "Counter32": "c", "Counter64": "C", "TimeTicks": "t", "OCTET STRING": "s", "BITS": "b",
    "IpAddress": "a", "OBJECT IDENTIFIER": "o",
}  # fmt: skip
_TYPE_NAMES = {
    "INTEGER": "INTEGER", "Integer32": "Integer32", "Gauge32": "Gauge32", "Unsigned32": "Unsigned32",
    "UInteger32": "UInteger", "Counter32": "Counter32", "Counter64": "Counter64", "TimeTicks": "Timeticks",
    "OCTET STRING": "OCTET STRING", "BITS": "BITS", "IpAddress": "IpAddress",
    "OBJECT IDENTIFIER": "OBJECT IDENTIFIER", "Opaque": "Opaque", "NetworkAddress": "NetworkAddress",
}  # fmt: skip
# Which MIB bases each letter may write (net-snmp's check; None: any).
_ACCEPTS: dict[str, frozenset[str]] = {
    "i": frozenset({"INTEGER", "Integer32"}),
    "u": frozenset({"Gauge32", "Unsigned32"}),
    "3": frozenset({"UInteger32"}),
    "c": frozenset({"Counter32"}),
    "C": frozenset({"Counter64"}),
    "t": frozenset({"TimeTicks"}),
    "a": frozenset({"IpAddress"}),
    "o": frozenset({"OBJECT IDENTIFIER"}),
    "s": frozenset({"OCTET STRING", "BITS"}),
    "x": frozenset({"OCTET STRING", "BITS"}),
    "d": frozenset({"OCTET STRING", "BITS"}),
    "b": frozenset({"BITS"}),
}
_LETTER_NAMES = {
    "i": "INTEGER", "u": "Unsigned32", "3": "UInteger32", "c": "Counter32", "C": "Counter64",
    "t": "Timeticks", "a": "IpAddress", "o": "OBJECT IDENTIFIER", "s": "OCTET STRING",
    "x": "OCTET STRING", "d": "OCTET STRING", "b": "BITS",
}  # fmt: skip
VALUE_TYPES: dict[str, type] = {
    "INTEGER": int, "Integer32": int, "Gauge32": Gauge32, "Unsigned32": Gauge32, "UInteger32": Unsigned32,
    "Counter32": Counter32, "TimeTicks": TimeTicks, "Counter64": Counter64, "IpAddress": IpAddress,
    "OBJECT IDENTIFIER": ObjectIdentifier, "OCTET STRING": bytes, "BITS": bytes,
}  # fmt: skip
"""The Python type of a value of each MIB base syntax (Unsigned32 travels as Gauge32)."""
_LONG_MIN, _LONG_MAX = -(1 << 63), (1 << 63) - 1
_ULONG = 1 << 64


class SetValueError(ValueError):
    """Text that is not a value for the object: net-snmp's ``problem`` and ``detail``."""

    def __init__(self, problem: str, detail: str, rule: str = "") -> None:
        super().__init__(f"{problem} ({detail})")
        self.problem = problem
        self.detail = detail
        self.rule = rule or detail


# ------------------------------------------------------------------ C-like number reading


def _strtol(text: str, base: int) -> tuple[int, int]:
    """``(value, characters read)`` as C's strtol/strtoul read them (0 read: no number)."""
    i, n = 0, len(text)
    while i < n and text[i] in " \t\n\r\f\v":
        i += 1
    sign = 1
    if i < n and text[i] in "+-":
        sign = -1 if text[i] == "-" else 1
        i += 1
    digits = "0123456789abcdef"
    if base == 0:
        if text[i : i + 2].lower() == "0x" and i + 2 < n and text[i + 2].lower() in digits:
            base, i = 16, i + 2
        elif text[i : i + 1] == "0":
            base = 8
        else:
            base = 10
    elif base == 16 and text[i : i + 2].lower() == "0x" and i + 2 < n and text[i + 2].lower() in digits:
        i += 2
    start, value = i, 0
    while i < n and text[i].lower() in digits[:base]:
        value = value * base + digits.index(text[i].lower())
        i += 1
    if i == start:
        return 0, 0
    return sign * value, i


def _strtol_whole(text: str, base: int = 10) -> int | None:
    """The number when ``text`` is entirely one (C: ``*value && !*endptr``), else None."""
    value, used = _strtol(text, base)
    return value if text and used == len(text) else None


def _strtoul_whole(text: str) -> int | None:
    value = _strtol_whole(text)
    return None if value is None else value % _ULONG


# ------------------------------------------------------------------ octet strings


def hex_octets(text: str) -> bytes | None:
    """Octets from hex digits in pairs (spaces between pairs, an optional ``0x``), else None."""
    body = text[2:] if text[:2] in ("0x", "0X") else text
    out = bytearray()
    i = 0
    hexdigits = "0123456789abcdefABCDEF"
    while i < len(body):
        pair = body[i : i + 2]
        if len(pair) < 2 or pair[0] not in hexdigits or pair[1] not in hexdigits:
            if body[i] == " ":
                i += 1
                continue
            return None
        out.append(int(pair, 16))
        i += 2
    return bytes(out)


def decimal_octets(text: str) -> bytes | None:
    """Octets from decimal numbers 0-255 separated by dots or spaces, else None."""
    out = bytearray()
    i = 0
    while i < len(text):
        char = text[i]
        if char.isspace() or char == ".":
            i += 1
            continue
        if not char.isdigit():
            return None
        j = i
        while j < len(text) and text[j].isdigit():
            j += 1
        number = int(text[i:j])
        if number > 255:
            return None
        out.append(number)
        i = j
    return bytes(out)


def _parse_octet_hint(hint: str) -> list[tuple[bool, int, str, str, str]] | None:
    """The parts of an RFC 2579 octet-format, ``[*]length format [separator] [terminator]``,
    as (repeat, length, format, separator, terminator); None if it is not one."""
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


def parse_octet_hint(hint: str, text: str) -> bytes | None:
    """Octets of ``text`` written as the DISPLAY-HINT ``hint`` shows them, else None.

    The inverse of RFC 2579 octet formatting: each part reads a number in its format
    (``d``, ``x``, ``o``) into ``length`` octets or copies ``length`` characters (``a``),
    then expects its separator; ``*`` parts first count their repeats; the last part is
    used again for input left over.
    """
    parts = _parse_octet_hint(hint)
    if parts is None:
        return None
    out = bytearray()
    pos = 0
    for part in parts:
        if pos >= len(text):
            break
        pos = _parse_hint_part(part, text, pos, out)
        if pos < 0:
            return None
    while pos < len(text):
        pos = _parse_hint_part(parts[-1], text, pos, out)
        if pos < 0:
            return None
    return bytes(out)


def _parse_hint_part(part: tuple[bool, int, str, str, str], text: str, pos: int, out: bytearray) -> int:
    repeat, length, fmt, separator, terminator = part
    count_at = len(out)
    if repeat:
        out.append(0)
    repeats = 0
    while True:
        if fmt in "at":
            chunk = text[pos : pos + length]
            out += chunk.encode("utf-8", "surrogateescape")
            pos += len(chunk)
        else:
            value, used = _strtol(text[pos:], {"x": 16, "d": 10, "o": 8}[fmt])
            if not used:
                return -1
            pos += used
            out += bytes(((value >> (8 * (length - 1 - k))) & 0xFF) for k in range(length))
        repeats += 1
        if separator and pos < len(text):
            if text[pos] != separator:
                return -1
            pos += 1
        if terminator and pos < len(text) and text[pos] == terminator:
            pos += 1
            break
        if not (repeat and pos < len(text)):
            break
    if repeat:
        out[count_at] = repeats & 0xFF
    return pos


# ------------------------------------------------------------------ ranges


def describe_rule(bounds: tuple[tuple[int, int], ...]) -> str:
    """net-snmp's ``{(0..255), (300)}`` for a list of ranges."""
    shown = [f"({low}..{high})" if low != high else f"({low})" for low, high in bounds]
    return "{" + ", ".join(shown) + "}"


def _in_bounds(bounds: tuple[tuple[int, int], ...] | None, number: int) -> bool:
    return not bounds or any(low <= number <= high for low, high in bounds)


def _syntax(node: MibNode | None) -> Syntax | None:
    return node.syntax if node is not None else None


def _base(node: MibNode | None) -> str | None:
    syntax = _syntax(node)
    return syntax.base if syntax is not None and syntax.base in _TYPE_NAMES else None


def letter_for(node: MibNode | None) -> str | None:
    """The type letter ``=`` stands for on this object (None: the MIB does not say)."""
    base = _base(node)
    return _SIMPLE.get(base) if base else None


# ------------------------------------------------------------------ snmpset's rules


def _range_error(detail: str, bounds: tuple[tuple[int, int], ...]) -> SetValueError:
    return SetValueError("Value out of range", f"{detail} :: {describe_rule(bounds)}", describe_rule(bounds))


def netsnmp_value(node: MibNode | None, letter: str, text: str, store: MibStore | None = None) -> object:
    """The value snmpset would send for ``OID letter text`` (``node``: the OID's MIB object)."""
    base = _base(node)
    syntax = _syntax(node)
    if letter == "=":
        letter = (_SIMPLE.get(base) if base else None) or "="
    accepts = _ACCEPTS.get(letter)
    if base is not None and accepts is not None and base not in accepts:
        raise SetValueError(
            "Bad variable type", f"Type of attribute is {_TYPE_NAMES[base]}, not {_LETTER_NAMES[letter]}"
        )
    ranges = syntax.ranges if syntax is not None and base is not None else None
    sizes = syntax.sizes if syntax is not None and base is not None else None
    if letter == "i":
        if not text:
            raise SetValueError("Bad value notation", text)
        number = _strtol_whole(text)
        if number is None:
            labels = {label: value for value, label in (syntax.labels if syntax else {}).items()}
            if text not in labels or base is None:
                raise SetValueError("Value out of range", text)
            number = labels[text]
        number = max(_LONG_MIN, min(_LONG_MAX, number))
        if not _in_bounds(ranges, number):
            raise _range_error(text, ranges or ())
        return number
    if letter in "u3ct":
        number = _strtoul_whole(text)
        if number is None:
            raise SetValueError("Bad value notation", text)
        kind: Callable[[int], object] = {"u": Gauge32, "3": Unsigned32, "c": Counter32, "t": TimeTicks}[letter]
        return kind(number % (1 << 32))
    if letter in "CUI":
        number = _strtol_whole(text) if letter == "I" else _strtoul_whole(text)
        if number is None:
            raise SetValueError("Bad value notation", text)
        if letter == "C":
            return Counter64(number % _ULONG)
        return _opaque_integer(0x7B if letter == "U" else 0x7A, number)
    if letter in "FD":
        try:
            number_f = float(text.strip().split()[0]) if text.strip() else None
        except ValueError:
            number_f = None
        if number_f is None:
            raise SetValueError("Bad value notation", text)
        if letter == "F":
            return _opaque(0x78, struct.pack(">f", number_f))
        return _opaque(0x79, struct.pack(">d", number_f))
    if letter == "a":
        return IpAddress(_ipv4(text))
    if letter == "o":
        return ObjectIdentifier(format_oid(_oid_value(text, store)))
    if letter in "sxd":
        return _netsnmp_octets(letter, text, syntax if base is not None else None)
    if letter == "b":
        return _bits(text, syntax.bits if syntax is not None else {}, strict=False)
    if letter == "n":
        return None
    raise SetValueError("Bad variable type", f'"{letter}"')


def _netsnmp_octets(letter: str, text: str, syntax: Syntax | None) -> bytes:
    sizes = syntax.sizes if syntax is not None else None
    hint = syntax.display_hint if syntax is not None else None
    if letter == "s" and hint:
        octets = parse_octet_hint(hint, text)
        if octets is not None:
            if not _in_bounds(sizes, len(octets)):
                raise _range_error("Value does not match DISPLAY-HINT", sizes or ())
            return octets
    if letter == "x":
        data = hex_octets(text)
    elif letter == "d":
        data = decimal_octets(text)
    else:
        data = text.encode("utf-8", "surrogateescape")
    if data is None:
        raise SetValueError("Bad value notation", text)
    if not _in_bounds(sizes, len(data)):
        raise _range_error("Bad string length", sizes or ())
    return data


def _ipv4(text: str) -> str:
    try:
        return str(ipaddress.IPv4Address(text.strip()))
    except ValueError:
        raise SetValueError("Bad value notation", text, "a dotted IPv4 address such as 192.0.2.1") from None


def _oid_value(text: str, store: MibStore | None) -> OidTuple:
    try:
        if store is not None:
            return store.resolve(text)
        from core.oid import parse_oid

        return parse_oid(text)
    except (ValueError, LookupError):
        raise SetValueError("Unknown Object Identifier", text, "an OID by name or number") from None


def _bits(text: str, names: dict[int, str], *, strict: bool) -> bytes:
    numbers = {label: bit for bit, label in names.items()}
    width = max(names) // 8 + 1 if names else 0
    positions: list[int] = []
    for word in text.replace(",", " ").replace("\t", " ").split():
        number, used = _strtol(word, 0)
        if used != len(word):
            if word not in numbers:
                raise SetValueError("Value out of range", word, "one of " + ", ".join(f"{l}({b})" for b, l in sorted(names.items())))
            number = numbers[word]
        elif number < 0 or (strict and names and number not in names):
            raise SetValueError("Value out of range", word, "a bit of " + ", ".join(f"{l}({b})" for b, l in sorted(names.items())))
        positions.append(number)
    if positions:
        width = max(width, max(positions) // 8 + 1)
    out = bytearray(width)
    for bit in positions:
        out[bit // 8] |= 0x80 >> (bit % 8)
    return bytes(out)


def _opaque(tag2: int, content: bytes) -> Opaque:
    return bytes.__new__(Opaque, bytes((0x9F, tag2, len(content))) + content)


def _opaque_integer(tag2: int, number: int) -> Opaque:
    number %= _ULONG if tag2 == 0x7B else (1 << 64)
    if tag2 == 0x7A and number >= 1 << 63:
        number -= 1 << 64
    length = max(1, (number.bit_length() + 8) // 8) if tag2 == 0x7A or number else 1
    if tag2 == 0x7B and number and (number >> (8 * length - 1)) & 1:
        length += 1
    return _opaque(tag2, number.to_bytes(length, "big", signed=tag2 == 0x7A))


# ------------------------------------------------------------------ the dialog's rules

_TEXT_HINT_FORMATS = frozenset("at")


def typed_value(node: MibNode, text: str, store: MibStore | None = None) -> object:
    """The value of ``text`` for ``node``'s syntax, checked strictly (see the module docstring)."""
    syntax = node.syntax
    base = _base(node)
    if syntax is None or base is None:
        raise SetValueError("Bad variable type", f"{node.name} has no SYNTAX the MIB gives", "no known syntax")
    text = text.strip() if base != "OCTET STRING" else text
    if base in ("INTEGER", "Integer32"):
        return _typed_integer(syntax, text)
    if base in ("Gauge32", "Unsigned32", "UInteger32", "Counter32", "TimeTicks", "Counter64"):
        number = _strtol_whole(text)
        top = (1 << 64) - 1 if base == "Counter64" else (1 << 32) - 1
        if number is None or not 0 <= number <= top:
            raise SetValueError("Bad value notation", text, f"a whole number 0..{top}")
        if not _in_bounds(syntax.ranges, number):
            raise _range_error(text, syntax.ranges or ())
        return VALUE_TYPES[base](number)
    if base == "IpAddress":
        return IpAddress(_ipv4(text))
    if base == "OBJECT IDENTIFIER":
        return ObjectIdentifier(format_oid(_oid_value(text, store)))
    if base == "BITS":
        return _bits(text, syntax.bits, strict=True)
    if base == "OCTET STRING":
        return _typed_octets(syntax, text)
    raise SetValueError("Bad variable type", f"{node.name}: cannot write a {base}", f"{base} is not writable here")


def _typed_integer(syntax: Syntax, text: str) -> int:
    labels = syntax.enums
    if labels:
        by_label = {label.lower(): value for value, label in labels.items()}
        rule = "one of " + ", ".join(f"{label}({value})" for value, label in sorted(labels.items()))
        number = _strtol_whole(text)
        if number is None:
            word = text.lower()
            if word in by_label:
                return by_label[word]
            raise SetValueError("Value out of range", text, rule)
        if number not in labels:
            raise SetValueError("Value out of range", text, rule)
        return number
    number = _strtol_whole(text)
    if number is None or not -(1 << 31) <= number < (1 << 31):
        raise SetValueError("Bad value notation", text, "a whole number -2147483648..2147483647")
    if not _in_bounds(syntax.ranges, number):
        raise _range_error(text, syntax.ranges or ())
    return number


def _typed_octets(syntax: Syntax, text: str) -> bytes:
    hint = syntax.display_hint or ""
    is_text = bool(hint) and hint.rstrip("0123456789")[-1:] in _TEXT_HINT_FORMATS and hint[:1] != "*"
    data: bytes | None
    if is_text:
        data = text.encode("utf-8")
    elif text[:2] in ("0x", "0X") or text[:1] in ("x", "X"):
        data = hex_octets(text[1:] if text[:1] in "xX" else text)
        if data is None:
            raise SetValueError("Bad value notation", text, "hex octets after 0x, e.g. 0x00a1ff")
    elif hint:
        data = parse_octet_hint(hint, text)
        if data is None:
            raise SetValueError("Value does not match DISPLAY-HINT", text, f"the DISPLAY-HINT {hint}")
    else:
        data = text.encode("utf-8")
    if not _in_bounds(syntax.sizes, len(data)):
        raise SetValueError(
            "Bad string length", f"{len(data)} octets :: {describe_rule(syntax.sizes or ())}",
            f"size {describe_rule(syntax.sizes or ())} octets",
        )
    return data
