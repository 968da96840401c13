"""The snmprec format (snmpsim's): ``OID|TAG|VALUE`` lines, read and written exactly.

TAG is the value's BER tag in decimal (2 INTEGER, 4 OCTET STRING, 5 NULL,
6 OBJECT IDENTIFIER, 64 IpAddress, 65 Counter32, 66 Gauge32, 67 TimeTicks,
68 Opaque, 70 Counter64, 71 UInteger32). An ``x`` after the tag means the
value is hex (``4x|6c696e7578``). A plain IpAddress is either dotted text or
its four raw octets. Lines starting with ``#`` are comments.

snmpsim variation modules (``65:numeric|rate=100,initial=5``,
``4:writecache|value=x``) are served as a plain value: ``value=``/``hexvalue=``
when given, else (numeric) ``initial``, ``offset`` or ``min``, else 0. The line
is kept and written back unchanged.

Writing uses the canonical form snmpsim records with: plain text unless an
OCTET STRING or Opaque has a byte outside 0x20-0x7E or ends in a space, then
hex; IpAddress always hex; a record read from a file keeps its file's form (a plain
IpAddress as its four octets, or as dotted text where an octet would end the line).
"""

from __future__ import annotations

import math
import re
from typing import Any, Callable

from core.oid import format_oid, parse_oid
from core.types import (
    Counter32,
    Counter64,
    Gauge32,
    IpAddress,
    ObjectIdentifier,
    Opaque,
    Tag,
    TimeTicks,
    Unsigned32,
)

from core.snapshot.model import PARSE_ERRORS, BadValue, Record, Snapshot, SnapshotError, integer32
from core.types import value_tag

__all__ = ["parse", "split_lines", "parse_line", "split_tag", "variation_value", "format_snapshot", "format_record", "parse_value", "needs_hex"]

def _ip_address(raw: bytes) -> IpAddress:
    if len(raw) == 4:
        return IpAddress("%d.%d.%d.%d" % tuple(raw))
    return IpAddress(raw.decode("ascii"))


def _object_identifier(raw: bytes) -> ObjectIdentifier:
    return ObjectIdentifier(format_oid(parse_oid(raw.decode("ascii"))))


def _null(raw: bytes) -> None:
    return None


# No SNMP number has more digits than this (Counter64: 20); longer text is refused
# before Python's int() refuses it (beyond 4300 digits) with a less clear message.
MAX_DIGITS = 24


def _integer(raw: bytes) -> int:
    if len(raw.strip()) > MAX_DIGITS:
        raise BadValue(f"number {raw[:20].decode('ascii', 'replace')}... has {len(raw.strip())} digits")
    return int(raw)


def _number(cls: type) -> Callable[[bytes], Any]:
    def build(raw: bytes) -> Any:
        return cls(_integer(raw))

    return build


def _whole_number(key: str, text: bytes) -> int:
    """A variation module's numeric option (``initial=5``, ``initial=1.5e3``) as an int."""
    try:
        return _integer(text)
    except ValueError:
        pass
    try:
        number = float(text)
    except ValueError:
        raise BadValue(f"{key}={text[:40].decode('ascii', 'replace')} is not a number") from None
    if not math.isfinite(number):
        raise BadValue(f"{key}={text[:40].decode('ascii', 'replace')} is not a finite number")
    return int(number)


# Tag -> (value from plain text, may be hex)
PLAIN_VALUES: dict[int, tuple[Callable[[bytes], Any], bool]] = {
    Tag.INTEGER: (lambda raw: integer32(_integer(raw)), False),
    Tag.OCTET_STRING: (bytes, True),
    Tag.NULL: (_null, False),
    Tag.OBJECT_IDENTIFIER: (_object_identifier, False),
    Tag.IP_ADDRESS: (_ip_address, True),
    Tag.COUNTER32: (_number(Counter32), False),
    Tag.GAUGE32: (_number(Gauge32), False),
    Tag.TIMETICKS: (_number(TimeTicks), False),
    Tag.OPAQUE: (lambda raw: Opaque(raw), True),
    Tag.COUNTER64: (_number(Counter64), False),
    Tag.UINTEGER32: (_number(Unsigned32), False),
}

_NUMERIC_TAGS = frozenset(
    (Tag.INTEGER, Tag.COUNTER32, Tag.GAUGE32, Tag.TIMETICKS, Tag.COUNTER64, Tag.UINTEGER32)
)


def parse_value(tag: int, hex_form: bool, text: bytes) -> Any:
    """The typed value of one line's TAG and VALUE (ValueError when invalid)."""
    try:
        build, hex_allowed = PLAIN_VALUES[tag]
    except KeyError:
        raise ValueError(f"unknown tag {tag}") from None
    if hex_form:
        if not hex_allowed:
            raise ValueError(f"tag {tag} cannot be hex-encoded")
        text = bytes.fromhex(text.decode("ascii"))
    return build(text)


def _variation_value(tag: int, module: str, args: bytes) -> tuple[bytes, bool]:
    """(value text, hex) that stands for a variation-module line."""
    options: dict[str, bytes] = {}
    for part in args.split(b","):
        key, sep, value = part.partition(b"=")
        if sep:
            options[key.strip().decode("ascii", "replace")] = value
    if "value" in options:
        return options["value"], False
    if "hexvalue" in options:
        return options["hexvalue"], True
    if module == "numeric":
        for key in ("initial", "offset", "min"):
            if key in options:
                return str(_whole_number(key, options[key])).encode(), False
        return b"0", False
    raise ValueError(f"variation module {module!r} has no plain value (value=...)")


_TAGS: dict[bytes, tuple[int, bool, str | None]] = {}


def split_tag(tag_text: bytes) -> tuple[int, bool, str | None]:
    """(tag, hex, variation module or None) of a line's TAG field (ValueError when invalid)."""
    split = _TAGS.get(tag_text)
    if split is None:
        text = tag_text.decode("ascii").strip()
        number, _, module = text.partition(":")
        hex_form = number.endswith("x")
        if hex_form:
            number = number[:-1]
        if not number.isdigit():
            raise ValueError(f"invalid tag {text!r}")
        split = int(number), hex_form, module or None
        if len(_TAGS) < 256:  # the few distinct tags of real files
            _TAGS[tag_text] = split
    return split


def split_lines(data: bytes) -> tuple[list[bytes], str, bool]:
    """(lines, the file's line ending, whether the last line ends with one)."""
    lines = data.split(b"\n")
    final_newline = lines[-1] == b""
    if final_newline:
        lines.pop()
    crlf = bool(lines) and lines[0].endswith(b"\r")
    return lines, "\r\n" if crlf else "\n", final_newline


def parse(data: bytes, path: str = "<snmprec>", *, strict: bool = True) -> Snapshot:
    """A snapshot from snmprec text (see the module docstring), read line by line; errors
    and warnings name file:line. ``core.snapshot.snmprec_bulk.parse`` gives the same
    snapshot faster for a regular file."""
    lines, newline, final_newline = split_lines(data)
    crlf = newline == "\r\n"
    snapshot = Snapshot(path=path, newline=newline, final_newline=final_newline)
    records = snapshot.records
    problems: list[str] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, 1):
        if crlf and line.endswith(b"\r"):
            line = line[:-1]
        if not line.strip() or line.startswith(b"#"):
            snapshot.comments.append((len(records), line.decode("utf-8", "surrogateescape")))
            continue
        try:
            record = parse_line(line)
        except PARSE_ERRORS as exc:
            problems.append(f"{path}:{number}: {exc}")
            continue
        if record.oid in seen:
            snapshot.warnings.append(
                f"{path}:{number}: {record.oid} appears again; the first value is served"
            )
        seen.add(record.oid)
        records.append(record)
    snapshot.refuse_or_skip(problems, strict)
    return snapshot


# An OID already in canonical form that parse_oid would accept unchanged (arcs of at
# most 9 digits without leading zeros, so below 2^32; at most 128 arcs): taken as is.
CANONICAL_OID = re.compile(
    rb"(?:[01]\.(?:[0-9]|[1-3][0-9])|2\.(?:0|[1-9][0-9]{0,8}))(?:\.(?:0|[1-9][0-9]{0,8})){0,126}"
)


def parse_line(line: bytes) -> Record:
    """One ``OID|TAG|VALUE`` line as a Record (ValueError saying what is wrong)."""
    parts = line.split(b"|", 2)
    if len(parts) != 3:
        raise ValueError("expected OID|TAG|VALUE")
    oid_text, tag_text, value_text = parts
    if CANONICAL_OID.fullmatch(oid_text):
        oid = oid_text.decode("ascii")
    else:
        try:
            oid = format_oid(parse_oid(oid_text.decode("ascii").strip()))
        except (ValueError, UnicodeDecodeError) as exc:
            raise ValueError(f"bad OID: {exc}") from None
    tag, hex_form, module = split_tag(tag_text)
    try:
        if module is None:
            return Record(oid, parse_value(tag, hex_form, value_text), hex_form)
        value = variation_value(tag, module, value_text)
    except PARSE_ERRORS as exc:
        raise ValueError(f"{oid}: {exc}") from None
    raw = (tag_text.decode("ascii"), value_text.decode("utf-8", "surrogateescape"))
    return Record(oid, value, raw=raw)


def variation_value(tag: int, module: str, args: bytes) -> Any:
    """The typed value served for a variation-module line's arguments (ValueError)."""
    plain, plain_hex = _variation_value(tag, module, args)
    if tag == Tag.OCTET_STRING and module == "numeric":
        return plain
    return parse_value(tag, plain_hex, plain)


# ---------------------------------------------------------------- writing


def needs_hex(raw: bytes) -> bool:
    """True when snmprec writes these octets in hex (unprintable or a trailing space)."""
    return raw[-1:] == b" " or any(b < 0x20 or b > 0x7E for b in raw)


def format_record(record: Record) -> bytes:
    """One snmprec line (without its line ending)."""
    if record.raw is not None:
        tag_text, value_text = record.raw
        return f"{record.oid}|{tag_text}|".encode() + value_text.encode("utf-8", "surrogateescape")
    value = record.value
    tag = value_tag(value)
    if isinstance(value, IpAddress):
        raw = bytes(int(p) for p in value.split("."))
        if record.hex is False and (b"\n" in raw or b"\r" in raw):  # would end the line: dotted text
            return f"{record.oid}|{tag}|{value}".encode()
        hex_form = True if record.hex is None else record.hex
    elif isinstance(value, (bytes, str)) and not isinstance(value, ObjectIdentifier):
        raw = value.encode("utf-8") if isinstance(value, str) else bytes(value)
        hex_form = needs_hex(raw) if record.hex is None else record.hex
    elif value is None:
        raw, hex_form = b"", False
    else:
        raw, hex_form = str(int(value) if tag in _NUMERIC_TAGS else value).encode(), False
    if hex_form:
        return f"{record.oid}|{tag}x|{raw.hex()}".encode()
    return f"{record.oid}|{tag}|".encode() + raw


def format_snapshot(snapshot: Snapshot) -> bytes:
    """The snmprec text of a snapshot: comments in place, its line ending kept."""
    newline = snapshot.newline.encode()
    comments = snapshot.comments
    out: list[bytes] = []
    c = 0
    for index, record in enumerate(snapshot.records):
        while c < len(comments) and comments[c][0] <= index:
            out.append(comments[c][1].encode("utf-8", "surrogateescape"))
            c += 1
        out.append(format_record(record))
    out.extend(text.encode("utf-8", "surrogateescape") for _, text in comments[c:])
    body = newline.join(out)
    return body + newline if snapshot.final_newline and out else body
