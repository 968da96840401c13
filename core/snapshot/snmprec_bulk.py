"""Reading a regular snmprec file in bulk: whole columns checked and decoded at once.

A recording of 100k OIDs read one line at a time costs a few microseconds of Python
per line (split, check the OID, decode the value, make a Record). Here each check and
each conversion is one pass over a whole column run in C (``bytes.split``,
``translate``, ``map(int, ...)``, ``min``/``max``), and the result is
:class:`~core.snapshot.model.Columns`, no object per record.

It accepts only what the line reader (``core.snapshot.snmprec.parse``) accepts, with the same
values: OIDs already canonical, values of the same builders, ranges checked on whole
columns. Anything else (a line the bulk checks do not vouch for, a value that fails,
OIDs not in increasing order or repeated) returns None, and the line reader reads the
file again: it alone words the file:line errors and warnings, so hostile files lose
nothing here. snmpsim variation lines (``65:numeric|...``) are rare and decoded one by
one with the line reader's own function.
"""

from __future__ import annotations

import operator
from itertools import groupby, islice, repeat
from typing import Any, Callable

from core.oid import OidTuple
from core.snapshot import snmprec
from core.snapshot.model import INT32_RANGE, PARSE_ERRORS, Columns, Snapshot
from core.types import Counter32, Counter64, Gauge32, Tag, TimeTicks, Unsigned32, value_tag

__all__ = ["parse", "read_columns"]

# Each byte of the OIDs as its class: separator (s, a dot or the newline between two
# OIDs), zero (z), other digit (d), anything else (x); then one scan per rule.
_CLASSES = bytes(
    ord("s") if byte in b".\n" else ord("z") if byte == ord("0") else ord("d") if byte in b"123456789" else ord("x")
    for byte in range(256)
)
_ZERO_AS_DIGIT = bytes.maketrans(b"z", b"d")
_EMPTY_ARC = b"ss"
_LEADING_ZEROS = (b"szz", b"szd")
_LONG_ARC = b"d" * 10  # 10 digits may still be below 2^32: the line reader decides those

Decoder = Callable[[list[bytes]], list[Any]]


def _numbers(low: int, high: int, cls: type | None) -> Decoder:
    """Whole-column twin of the line reader's numbers: int() of each text (no more than
    ``snmprec.MAX_DIGITS`` long), the column's min and max within range."""

    def decode(texts: list[bytes]) -> list[Any]:
        if max(map(len, texts)) > snmprec.MAX_DIGITS:
            raise ValueError("too many digits")
        numbers = list(map(int, texts))
        if min(numbers) < low or max(numbers) > high:
            raise ValueError("out of range")
        return numbers if cls is None else list(map(int.__new__, repeat(cls), numbers))

    return decode


def _unsigned(cls: type) -> Decoder:
    return _numbers(0, (1 << cls.bits) - 1, cls)  # type: ignore[attr-defined]


_NUMBERS: dict[int, Decoder] = {
    Tag.INTEGER: _numbers(*INT32_RANGE, None),
    Tag.COUNTER32: _unsigned(Counter32),
    Tag.GAUGE32: _unsigned(Gauge32),
    Tag.TIMETICKS: _unsigned(TimeTicks),
    Tag.UINTEGER32: _unsigned(Unsigned32),
    Tag.COUNTER64: _unsigned(Counter64),
}


def _decoder(tag: int, hex_form: bool) -> Decoder:
    """The column decoder of one plain tag (KeyError: a tag the line reader refuses)."""
    build, hex_allowed = snmprec.PLAIN_VALUES[tag]
    if hex_form:
        if not hex_allowed:
            raise KeyError(tag)
        if tag == Tag.OCTET_STRING:
            return lambda texts: list(map(bytes.fromhex, map(bytes.decode, texts)))
        return lambda texts: list(map(build, map(bytes.fromhex, map(bytes.decode, texts))))
    if tag in _NUMBERS:
        return _NUMBERS[tag]
    if tag == Tag.OCTET_STRING:
        return list  # the split already made each value its own bytes
    return lambda texts: list(map(build, texts))


def _texts(values: list[bytes]) -> list[str]:
    """Value texts as Record.raw keeps them (any bytes survive: surrogateescape)."""
    return list(map(bytes.decode, values, repeat("utf-8"), repeat("surrogateescape")))


def _valid_oids(joined: bytes) -> bool:
    """True when every OID of ``joined`` (newline-separated) is canonical in its digits:
    only digits and dots, no empty arc, no leading zero, no arc of 10 digits or more.
    (The first two arcs and the number of arcs are checked per parent by the caller.)"""
    classes = (b"\n" + joined + b"\n").translate(_CLASSES)
    if b"x" in classes or _EMPTY_ARC in classes or any(zeros in classes for zeros in _LEADING_ZEROS):
        return False
    return _LONG_ARC not in classes.translate(_ZERO_AS_DIGIT)


def _keys(oids: list[bytes]) -> list[OidTuple] | None:
    """The OID tuples, each parent (all arcs but the last) converted and checked once;
    None when a parent is not canonical or an OID has fewer than three arcs."""
    parents: dict[bytes, OidTuple] = {}
    keys: list[OidTuple] = []
    append = keys.append
    previous: bytes | None = None
    parent: OidTuple = ()
    for oid in oids:
        head, _, last = oid.rpartition(b".")
        if head != previous:
            known = parents.get(head)
            if known is None:
                if b"." not in head or not snmprec.CANONICAL_OID.fullmatch(head + b".0"):
                    return None
                known = parents[head] = tuple(map(int, head.split(b".")))
            parent, previous = known, head
        append(parent + (int(last),))
    return keys


def _split(lines: list[bytes]) -> tuple[list[bytes], list[bytes], list[bytes]] | None:
    """The OID, TAG and VALUE columns (None when a line has no two bars)."""
    bars = list(map(bytes.count, lines, repeat(b"|")))
    if bars.count(2) == len(bars):  # one split of the whole text, then every third piece
        pieces = b"|".join(lines).split(b"|")
        return pieces[0::3], pieces[1::3], pieces[2::3]
    if min(bars, default=2) < 2:
        return None
    oids, tags, values = zip(*map(bytes.split, lines, repeat(b"|"), repeat(2)))
    return list(oids), list(tags), list(values)


def parse(data: bytes, path: str = "<snmprec>", *, strict: bool = True) -> Snapshot:
    """``snmprec.parse`` of ``data``, in bulk when the file is regular (same snapshot)."""
    lines, newline, final_newline = snmprec.split_lines(data)
    bulk = read_columns([line[:-1] if line[-1:] == b"\r" else line for line in lines] if newline == "\r\n" else lines)
    if bulk is None:
        return snmprec.parse(data, path, strict=strict)
    columns, comments = bulk
    return Snapshot(path=path, newline=newline, final_newline=final_newline, comments=comments, columns=columns)


def read_columns(lines: list[bytes]) -> tuple[Columns, list[tuple[int, str]]] | None:
    """The columns and comments of snmprec ``lines`` (line endings removed), or None when
    the line reader must read them (see the module docstring)."""
    comments: list[tuple[int, str]] = []
    marked = [number for number, line in enumerate(lines) if not line or line[0] == 0x23]  # '#'
    if marked:
        comments = [(number - k, lines[number].decode("utf-8", "surrogateescape")) for k, number in enumerate(marked)]
        skip = set(marked)
        lines = [line for number, line in enumerate(lines) if number not in skip]
    columns = _split(lines)
    if columns is None:
        return None
    oid_texts, tag_texts, value_texts = columns
    joined = b"\n".join(oid_texts)
    if not _valid_oids(joined):
        return None
    keys = _keys(oid_texts)
    if keys is None or not all(map(operator.lt, keys, islice(keys, 1, None))):
        return None  # out of order or repeated: the line reader warns of each repeat
    oids = joined.decode("ascii").split("\n") if lines else []
    values: list[Any] = []
    tags: list[int] = []
    hexes: list[bool | None] = []
    raws: dict[int, tuple[str, str]] = {}
    start = 0
    try:
        for tag_text, run in groupby(tag_texts):
            count = len(list(run))
            end = start + count
            tag, hex_form, module = snmprec.split_tag(tag_text)
            if module is None:
                values += _decoder(tag, hex_form)(value_texts[start:end])
                tags += repeat(tag, count)
                hexes += repeat(hex_form, count)
            else:  # served by a plain value, written back as the file had it
                texts = value_texts[start:end]
                served = list(map(snmprec.variation_value, repeat(tag, count), repeat(module, count), texts))
                values += served
                tags += map(value_tag, served)
                hexes += repeat(None, count)
                raws.update(zip(range(start, end), zip(repeat(tag_text.decode("ascii")), _texts(texts))))
            start = end
    except (KeyError, *PARSE_ERRORS):
        return None
    return Columns(oids, keys, values, tags, hexes, raws), comments
