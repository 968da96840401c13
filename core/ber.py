"""BER encoding and decoding of SNMP values and varbind lists (X.690 subset).

This is the hot path of every walk: ``decode_varbinds`` turns the varbind list of
a response into ``(oid, value)`` pairs with as little Python work per varbind as
possible. Every malformed input raises :class:`core.errors.SnmpDecodeError`, and
nothing else, whatever the bytes.

Numbers are bounded as SNMP defines them, so that no hostile datagram makes an
integer Python cannot print (``str()`` refuses more than 4300 digits): an OID
sub-identifier is below 2^32 and an OID has at most 128 of them (RFC 2578 3.5;
such a name needs 128 octets or more, a long-form length), a message or PDU header INTEGER
(version, request-id, error-status and -index, msgID, ...) fits in 32 bits, and
an INTEGER value in 64. The checks sit on the paths that read multi-octet
numbers only, so the common one-octet values and cached names pay nothing.
"""

from __future__ import annotations

import operator
import re
from functools import partial
from itertools import repeat
from typing import Any, Iterable

from core.errors import SnmpDecodeError, SnmpEncodeError
from core.oid import MAX_OID_ARCS, OidTuple, parse_oid
from core.types import (
    END_OF_MIB_VIEW,
    NO_SUCH_INSTANCE,
    NO_SUCH_OBJECT,
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

__all__ = [
    "encode_length",
    "encode_tlv",
    "encode_integer",
    "encode_unsigned",
    "encode_octets",
    "encode_oid",
    "encode_oid_arcs",
    "encode_value",
    "encode_varbinds",
    "read_header",
    "read_integer",
    "read_octets",
    "decode_integer",
    "decode_oid",
    "decode_oid_arcs",
    "decode_oid_with_arcs",
    "decode_value",
    "decode_varbinds",
    "decode_varbind_list",
    "last_varbind",
    "clear_name_caches",
]

# ---------------------------------------------------------------- encoding


def encode_length(length: int) -> bytes:
    if length < 0x80:
        return bytes((length,))
    body = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes((0x80 | len(body),)) + body


def encode_tlv(tag: int, content: bytes) -> bytes:
    length = len(content)
    if length < 0x80:
        return bytes((tag, length)) + content
    return bytes((tag,)) + encode_length(length) + content


def _integer_content(value: int) -> bytes:
    """Minimal two's complement octets (X.690 8.3.2: no redundant leading octet)."""
    magnitude = ~value if value < 0 else value
    return value.to_bytes(magnitude.bit_length() // 8 + 1, "big", signed=True)


def encode_integer(value: int, tag: int = Tag.INTEGER) -> bytes:
    """A two's complement INTEGER (Integer32 range is the caller's business)."""
    if 0 <= value < 0x80 and tag == Tag.INTEGER:
        return _SMALL_INTEGERS[value]
    return encode_tlv(tag, _integer_content(value))


# Every PDU carries two small INTEGERs (error status/index, or GETBULK's
# non-repeaters and max-repetitions); most messages a version number.
_SMALL_INTEGERS = tuple(bytes((Tag.INTEGER, 1, value)) for value in range(0x80))


def encode_unsigned(value: int, tag: int) -> bytes:
    """An application-class unsigned integer (Counter32, Gauge32, TimeTicks, Counter64)."""
    return encode_tlv(tag, _integer_content(value))


def encode_octets(value: bytes, tag: int = Tag.OCTET_STRING) -> bytes:
    return encode_tlv(tag, value)


def _subid_bytes(arc: int) -> bytes:
    if arc < 0x80:
        return bytes((arc,))
    out = [arc & 0x7F]
    arc >>= 7
    while arc:
        out.append(0x80 | (arc & 0x7F))
        arc >>= 7
    return bytes(reversed(out))


def encode_oid_arcs(arcs: OidTuple) -> bytes:
    """Content octets of an OBJECT IDENTIFIER given as a tuple of arcs."""
    if len(arcs) < 2:
        raise SnmpEncodeError(f"OID needs at least two arcs: {arcs!r}")
    first = arcs[0] * 40 + arcs[1]
    rest = arcs[2:]
    if first < 0x80 and (not rest or max(rest) < 0x80):
        return bytes((first, *rest))
    return b"".join(map(_subid_bytes, (first, *rest)))


def encode_oid(oid: str | OidTuple | bytes) -> bytes:
    """The TLV of an OBJECT IDENTIFIER given as dotted text, a tuple, or content octets.

    Content octets are taken as they are: a walk asks for its next page with
    the last name exactly as the agent sent it.
    """
    if isinstance(oid, bytes):
        return encode_tlv(Tag.OBJECT_IDENTIFIER, oid)
    arcs = parse_oid(oid) if isinstance(oid, str) else oid
    return encode_tlv(Tag.OBJECT_IDENTIFIER, encode_oid_arcs(arcs))


NULL_TLV = b"\x05\x00"


def encode_value(value: Any) -> bytes:
    """The TLV of a value; its Python type chooses the SNMP type (see core.types).

    ``str`` that is not an ``IpAddress``/``ObjectIdentifier`` is sent as an
    OCTET STRING in UTF-8; ``bool`` is refused (ambiguous).
    """
    if value is None:
        return NULL_TLV
    tag = getattr(value, "tag", None)
    if isinstance(value, bool):
        raise SnmpEncodeError("bool is not an SNMP value; use int")
    if isinstance(value, int):
        if tag is None:
            if not -(1 << 31) <= value < (1 << 31):
                raise SnmpEncodeError(f"INTEGER out of Integer32 range: {value}")
            return encode_integer(value)
        return encode_unsigned(value, tag)
    if isinstance(value, IpAddress):
        return encode_tlv(Tag.IP_ADDRESS, bytes(int(p) for p in value.split(".")))
    if isinstance(value, ObjectIdentifier):
        try:
            return encode_oid(value)
        except ValueError as exc:
            raise SnmpEncodeError(str(exc)) from None
    if isinstance(value, (bytes, bytearray, memoryview)):
        return encode_tlv(tag if tag is not None else Tag.OCTET_STRING, bytes(value))
    if isinstance(value, str):
        return encode_tlv(Tag.OCTET_STRING, value.encode("utf-8"))
    if tag in (Tag.NO_SUCH_OBJECT, Tag.NO_SUCH_INSTANCE, Tag.END_OF_MIB_VIEW):
        return bytes((tag, 0))
    raise SnmpEncodeError(f"cannot encode {type(value).__name__} as an SNMP value")


def encode_varbinds(varbinds: Iterable[tuple[str | OidTuple | bytes, Any]]) -> bytes:
    """The VarBindList TLV for ``(oid, value)`` pairs (value None -> NULL)."""
    parts = []
    for oid, value in varbinds:
        body = encode_oid(oid) + encode_value(value)
        parts.append(encode_tlv(Tag.SEQUENCE, body))
    return encode_tlv(Tag.SEQUENCE, b"".join(parts))


# ---------------------------------------------------------------- decoding


def read_header(buf: bytes, pos: int, end: int) -> tuple[int, int, int]:
    """Read one identifier and length at ``pos``; return (tag, content start, content end)."""
    if pos + 2 > end:
        raise SnmpDecodeError(f"truncated TLV at offset {pos}")
    tag = buf[pos]
    if tag & 0x1F == 0x1F:
        raise SnmpDecodeError(f"multi-byte tag at offset {pos} is not used by SNMP")
    length = buf[pos + 1]
    pos += 2
    if length & 0x80:
        count = length & 0x7F
        if count == 0 or count > 4:
            raise SnmpDecodeError(f"unsupported length form at offset {pos - 1}")
        if pos + count > end:
            raise SnmpDecodeError(f"truncated length at offset {pos - 1}")
        length = int.from_bytes(buf[pos : pos + count], "big")
        pos += count
    stop = pos + length
    if stop > end:
        raise SnmpDecodeError(f"TLV at offset {pos} overruns its container ({length} bytes)")
    return tag, pos, stop


# Header INTEGERs are Integer32 (some agents write an unsigned 32-bit value in
# five octets); INTEGER values may be 64-bit (an unsigned one in nine octets).
_HEADER_INTEGER_RANGE = (-(1 << 31), 1 << 32)
_VALUE_INTEGER_RANGE = (-(1 << 63), 1 << 64)


def read_integer(buf: bytes, pos: int, end: int) -> tuple[int, int]:
    """Read a header INTEGER TLV (32 bits at most); return (value, position after it)."""
    if pos + 2 < end and buf[pos] == Tag.INTEGER and 0 < buf[pos + 1] < 5:
        # The usual short form, read inline (every PDU has three of them).
        stop = pos + 2 + buf[pos + 1]
        if stop <= end:
            return int.from_bytes(buf[pos + 2 : stop], "big", signed=True), stop
    tag, start, stop = read_header(buf, pos, end)
    if tag != Tag.INTEGER:
        raise SnmpDecodeError(f"expected INTEGER at offset {pos}, got tag 0x{tag:02x}")
    return _bounded_integer(buf[start:stop], _HEADER_INTEGER_RANGE, "32", pos), stop


def _bounded_integer(raw: bytes, bounds: tuple[int, int], bits: str, pos: int | None = None) -> int:
    """The two's complement INTEGER ``raw`` within ``bounds`` (a leading zero octet
    lets 5 or 9 octets hold an unsigned 32- or 64-bit value)."""
    where = "" if pos is None else f" at offset {pos}"
    if not raw:
        raise SnmpDecodeError(f"empty INTEGER{where}")
    low, high = bounds
    if len(raw) <= high.bit_length() // 8 + 1:
        value = int.from_bytes(raw, "big", signed=True)
        if low <= value < high:
            return value
    raise SnmpDecodeError(f"INTEGER{where} does not fit in {bits} bits ({len(raw)} octets)")


def read_octets(buf: bytes, pos: int, end: int) -> tuple[bytes, int]:
    """Read an OCTET STRING TLV; return (content, position after it)."""
    tag, start, stop = read_header(buf, pos, end)
    if tag != Tag.OCTET_STRING:
        raise SnmpDecodeError(f"expected OCTET STRING at offset {pos}, got tag 0x{tag:02x}")
    return bytes(buf[start:stop]), stop


def decode_integer(raw: bytes) -> int:
    """The value of INTEGER content octets (64 bits at most)."""
    if 0 < len(raw) <= 8:
        return int.from_bytes(raw, "big", signed=True)
    return _bounded_integer(raw, _VALUE_INTEGER_RANGE, "64")


# A multi-octet sub-identifier: continuation octets, then a final one.
_MULTI_OCTET_SUBID = re.compile(rb"([\x80-\xff]+[\x00-\x7f])")


# The longest sub-identifier below 2^32: five octets, the first at most 0x8f.
_MAX_SUBID_OCTETS = 5
_MAX_SUBID_LEAD = 0x8F


def _multi_octet_value(octets: bytes) -> int:
    if octets[0] == 0x80:
        raise SnmpDecodeError("OID sub-identifier with a leading 0x80 octet")
    if len(octets) == 2:
        return ((octets[0] & 0x7F) << 7) | octets[1]
    _check_subid_size(octets)
    value = 0
    for byte in octets:
        value = (value << 7) | (byte & 0x7F)
    return value


def _check_subid_size(octets: bytes) -> None:
    """Refuse a sub-identifier (all its octets, or its leading ones) of 2^32 or more."""
    size = len(octets)
    if size >= _MAX_SUBID_OCTETS and (size > _MAX_SUBID_OCTETS or octets[0] > _MAX_SUBID_LEAD):
        raise SnmpDecodeError(f"OID sub-identifier over 2^32-1 ({size} octets)")


def _decode_subids(raw: bytes) -> tuple[int, ...]:
    """The sub-identifiers in BER octets, without splitting the first one."""
    if raw.isascii():
        return tuple(raw)
    # Runs of single-octet arcs alternate with multi-octet ones; only the latter
    # need arithmetic, the runs are copied as they are.
    pieces = _MULTI_OCTET_SUBID.split(raw)
    if not pieces[-1].isascii():
        raise SnmpDecodeError("OID ends inside a sub-identifier")
    values: list[int] = list(pieces[0])
    for index in range(1, len(pieces), 2):
        values.append(_multi_octet_value(pieces[index]))
        values.extend(pieces[index + 1])
    return tuple(values)


def decode_oid_arcs(raw: bytes) -> tuple[int, ...]:
    """The arcs of OBJECT IDENTIFIER content octets (validated)."""
    if not raw:
        raise SnmpDecodeError("empty OBJECT IDENTIFIER")
    subids = _decode_subids(raw)
    first = subids[0]
    head = (first // 40, first % 40) if first < 80 else (2, first - 80)
    arcs = head + subids[1:]
    if len(raw) >= MAX_OID_ARCS:
        _check_arc_count(arcs)
    return arcs


_PREFIX_CACHE_LIMIT = 1 << 16
_Decoded = tuple[str, tuple[int, ...]]
# How the final octet of a name completes it: final octet -> text, and
# final octet -> arcs (a tuple to concatenate), for one kind of head.
_Finals = tuple[tuple[str, ...], tuple[tuple[int, ...], ...]]
# A head (a name without its final octet) -> (dotted text of its whole arcs
# with a trailing dot, those arcs, the head's final-octet tables). A head
# may end inside a multi-octet arc (an ifIndex of 128 or more): its tables
# then carry that arc's high part. The names of a table column share their
# head when the index is one integer, so most names cost one lookup, two
# subscripts and two concatenations.
_Entry = tuple[str, tuple[int, ...], tuple[str, ...], tuple[tuple[int, ...], ...]]
_prefix_cache: dict[bytes, _Entry] = {}
# Tails of whole-arc heads -> (text, arcs): an index's last parts recur in
# every column of its table.
_suffix_cache: dict[bytes, _Decoded] = {}
# What is remembered of the last misses of one kind of OID: varbind names, or
# OID values (a column of RowPointers alternates with its names; each kind
# differs least from its own last miss). First the last two heads that
# missed, as (head, entry), newest first. A head is cached when it misses
# again while still here: a route table's heads never recur, and keeping tens
# of thousands of them would only churn memory. Two, because a walk's tail
# hint and a page's names alternate. The next miss is also split where it
# differs from the newest. Then (base octets, entry) of the base (leading
# whole arcs) of the last split miss. (Sessions in several threads share
# these: each slot holds one tuple, replaced whole.)
# Last, the hole of the last two misses that differed in one arc (see
# _hole_between).
_Slot = list[tuple[bytes, _Entry] | None]
_Hole = tuple[bytes, bytes, str, tuple[int, ...], str, tuple[int, ...]]
_MissMemory = tuple[_Slot, _Slot, list[_Hole | None]]
_NAME_MISSES: _MissMemory = ([None, None], [None], [None])
_VALUE_MISSES: _MissMemory = ([None, None], [None], [None])
# Whole names' tails after such a base -> (text, arcs), without a trailing dot:
# a table whose index has several parts (a route, an address) varies in the
# middle of its names, so every name's head misses, but the index after the
# base recurs in each column. decode_varbinds looks it up before any call,
# after each of the last two bases (rows that differ in one index part or in
# an earlier one alternate between a long and a short base).
_index_cache: dict[bytes, _Decoded] = {}
_index_bases: list[tuple[bytes, _Entry] | None] = [None, None]
# Final-octet tables of heads ending inside an arc, by the arc's high part.
_finals_cache: dict[tuple[int, bool], _Finals] = {}
_FINALS_CACHE_LIMIT = 1 << 12
_CONTINUATION_OCTETS = bytes(range(0x80, 0x100))
_LOW_OCTETS = bytes(range(0x80))
# A head that ends on a whole arc: the final octet is the last arc.
_WHOLE_ARC_FINALS: _Finals = (
    tuple(str(i) for i in range(128)),
    tuple((i,) for i in range(128)),
)


def clear_name_caches() -> None:
    """Forget every decoded name, as a fresh process starts (benchmarks replay cold walks)."""
    for cache in (_prefix_cache, _suffix_cache, _index_cache, _finals_cache):
        cache.clear()
    for recent, last_base, hole in (_NAME_MISSES, _VALUE_MISSES):
        recent[:] = [None, None]
        last_base[:] = [None]
        hole[:] = [None]
    _index_bases[:] = [None, None]


def _finals(high: int, first: bool) -> _Finals:
    """Final-octet tables for a head ending inside an arc whose leading octets
    make ``high`` (``first``: the name's first sub-identifier, which holds two
    arcs)."""
    tables = _finals_cache.get((high, first))
    if tables is None:
        values = range(high << 7, (high << 7) + 128)
        if first:
            arcs = [(v // 40, v % 40) if v < 80 else (2, v - 80) for v in values]
            tables = (tuple(f"{a}.{b}" for a, b in arcs), tuple(arcs))
        else:
            # Built with C-level map/zip: a sparse index upgrades many heads.
            tables = (tuple(map(str, values)), tuple(zip(values)))
        _remember(_finals_cache, (high, first), tables, _FINALS_CACHE_LIMIT)
    return tables


def _remember(cache: dict[Any, Any], key: Any, value: Any, limit: int = _PREFIX_CACHE_LIMIT) -> Any:
    """Store ``value`` in a bounded cache (emptied when full) and return it."""
    if len(cache) >= limit:
        cache.clear()
    cache[key] = value
    return value


def _decode_missed(head: bytes, final: int, misses: _MissMemory = _NAME_MISSES) -> _Decoded:
    """(text, arcs) of a name whose head (all but its ``final`` octet) missed the cache.

    The head's entry is cached when the head misses again while it is one of
    the last two misses. A head seen once that ends inside an arc (a sparse
    index: process ids, vendor ifIndex schemes) gets no final-octet tables:
    its entry is ``(text, arcs, None, (high part, first sub-identifier?))``.
    """
    if final >= 0x80:
        raise SnmpDecodeError("OID ends inside a sub-identifier")
    recent, last_base, hole = misses
    newest, older = recent
    for seen in (newest, older):
        if seen is not None and seen[0] == head:
            entry = seen[1]
            if entry[2] is None:
                entry = (entry[0], entry[1], *_finals(*entry[3]))
            _remember(_prefix_cache, head, entry)
            return entry[0] + entry[2][final], entry[1] + entry[3][final]
    previous = newest[0] if newest is not None else b""
    if head and head[-1] < 0x80:
        filled = hole[0] and _fill_hole(head, hole[0])
        if filled:
            text, arcs = filled
            return text + _WHOLE_ARC_FINALS[0][final], arcs + _WHOLE_ARC_FINALS[1][final]
        text, arcs = _decode_whole_head(head, previous, last_base)
        hole[0] = _hole_between(head, previous, text, arcs)
        recent[1] = newest
        recent[0] = (head, (text, arcs, *_WHOLE_ARC_FINALS))
        return text + _WHOLE_ARC_FINALS[0][final], arcs + _WHOLE_ARC_FINALS[1][final]
    whole = head.rstrip(_CONTINUATION_OCTETS)
    if not whole:
        text, arcs = "", ()
    else:
        known = _prefix_cache.get(whole)
        if known is not None:
            text, arcs = known[:2]
        else:
            text, arcs = _decode_whole_head(whole, previous, last_base)
            if previous.startswith(whole):
                # Two heads in a row end inside an arc after the same whole
                # arcs (a column of a sparse index): keep those arcs.
                _remember(_prefix_cache, whole, (text, arcs, *_WHOLE_ARC_FINALS))
    partial = head[len(whole) :]
    if partial[:1] == b"\x80":
        raise SnmpDecodeError("OID sub-identifier with a leading 0x80 octet")
    if len(partial) >= _MAX_SUBID_OCTETS - 1:
        _check_subid_size(partial + b"\x00")  # with its final octet
    high = 0
    for octet in partial:
        high = (high << 7) | (octet & 0x7F)
    recent[1] = newest
    recent[0] = (head, (text, arcs, None, (high, not whole)))
    value = (high << 7) | final
    if whole:
        return text + str(value), arcs + (value,)
    first = (value // 40, value % 40) if value < 80 else (2, value - 80)
    return f"{first[0]}.{first[1]}", first


def _hole_between(head: bytes, previous: bytes, text: str, arcs: tuple[int, ...]) -> _Hole | None:
    """The hole of a whole-arc head (decoded as ``text``, ``arcs``) that differs
    from the ``previous`` miss in one arc, whatever the octets of either
    (a route's policy, an interface in a table's index or in a RowPointer's):
    (the octets before and after that arc, the text and arcs before it and
    after it), or None. The names of a column that differ there from row to
    row are then two comparisons, one arc and four concatenations each."""
    size = min(len(head), len(previous))
    if not size or head == previous or head[0] >= 0x80 or previous[0] >= 0x80:
        return None
    differ = int.from_bytes(head[:size], "big") ^ int.from_bytes(previous[:size], "big")
    start = size - 1 - (differ.bit_length() - 1) // 8 if differ else size
    while start and head[start - 1] >= 0x80:
        start -= 1
    if not start or start == len(head):
        return None  # (the first sub-identifier holds two arcs)
    # The arc that differs ends at the first final octet from its start; the
    # rest must be the previous miss's rest.
    stop = start
    while head[stop] >= 0x80:
        stop += 1
    after = head[stop + 1 :]
    if not (previous.endswith(after) and _one_arc(previous[start : len(previous) - len(after)])):
        return None
    # Every octet below 0x80 but the first ends an arc.
    arc = 1 + start - len(head[1:start].translate(None, _LOW_OCTETS))
    parts = text.split(".")
    return (
        head[:start], after,
        ".".join(parts[:arc]) + ".", arcs[:arc], "." + ".".join(parts[arc + 1 :]), arcs[arc + 1 :],
    )  # fmt: skip


def _one_arc(octets: bytes) -> bool:
    """Whether ``octets`` are one sub-identifier (continuation octets, then a final one)."""
    return bool(octets) and octets[-1] < 0x80 and not octets[:-1].translate(None, _CONTINUATION_OCTETS)


def _fill_hole(head: bytes, hole: _Hole) -> _Decoded | None:
    """(text with a trailing dot, arcs) of a head that differs from the head of
    ``hole`` only in its hole's arc (see _hole_between), or None."""
    before, after, before_text, before_arcs, after_text, after_arcs = hole
    stop = len(head) - len(after)
    if stop <= len(before) or not (head.startswith(before) and head.endswith(after)):
        return None
    if stop == len(before) + 1:
        octet = head[stop - 1]
        if octet >= 0x80:
            return None
        return before_text + _WHOLE_ARC_FINALS[0][octet] + after_text, before_arcs + (octet,) + after_arcs
    middle = head[len(before) : stop]
    if not _one_arc(middle):
        return None
    value = _multi_octet_value(middle)
    return f"{before_text}{value}{after_text}", before_arcs + (value,) + after_arcs


def _decode_whole_head(head: bytes, previous: bytes, last_bases: _Slot) -> _Decoded:
    """(text with a trailing dot, arcs) of a head that ends on a whole arc.

    Heads that miss usually differ from the previous miss in one arc in the
    middle of a multi-part index (a route's policy, an address): the part
    before the first differing octet is then a cached head of its own, and
    the rest recurs in the other columns of the table, so it is cached too.
    """
    last_base = last_bases[0]
    if last_base is not None and head.startswith(last_base[0]) and len(head) > len(last_base[0]):
        base_octets, base = last_base
        # Most often the previous miss's base fits this head too (the rows
        # of a column differ after it), and the rest is known from an
        # earlier column: two lookups and no search.
        rest = _suffix_cache.get(head[len(base_octets) :])
        if rest is not None:
            return base[0] + rest[0], base[1] + rest[1]
    size = len(head)
    # The first octet that differs from the previous miss, found with one
    # XOR of the two as big integers (C speed, whatever the length).
    if size == len(previous):
        differ = int.from_bytes(head, "big") ^ int.from_bytes(previous, "big")
    elif size < len(previous):
        differ = int.from_bytes(head, "big") ^ int.from_bytes(previous[:size], "big")
    else:
        size = len(previous)
        differ = int.from_bytes(head[:size], "big") ^ int.from_bytes(previous, "big")
    split = size - 1 - (differ.bit_length() - 1) // 8 if differ else size
    while split and head[split - 1] >= 0x80:
        split -= 1
    if 0 < split < len(head):
        base_octets = head[:split]
        base = _prefix_cache.get(base_octets)
        if base is None:
            # A new base (a column's prefix and the start of an index) is
            # split the same way against the last one, so that the index's
            # part is decoded once for all columns too.
            last_base = last_bases[0]
            text, arcs = _decode_whole_head(base_octets, last_base[0] if last_base else b"", last_bases)
            base = _remember(_prefix_cache, base_octets, (text, arcs, *_WHOLE_ARC_FINALS))
        rest_octets = head[split:]
        rest = _suffix_cache.get(rest_octets)
        if rest is None:
            rest = _decode_rest(rest_octets, previous)
        last_bases[0] = (base_octets, base)
        return base[0] + rest[0], base[1] + rest[1]
    return _dotted(decode_oid_arcs(head))


def _decode_rest(rest: bytes, previous: bytes) -> _Decoded:
    """(text with a trailing dot, arcs) of whole arcs after a base (cached: the
    other columns of the table have them too).

    When the rest ends like the previous miss (a route's next hop after the
    policy that changes from row to row), only the arcs before that common
    tail are new: the tail is cached on its own, so that each row of a column
    decodes a few octets, not the whole rest of its index.
    """
    size = min(len(rest), len(previous))
    differ = int.from_bytes(rest[-size:], "big") ^ int.from_bytes(previous[-size:], "big")
    # The common tail starts on a whole arc, after at least one new octet.
    start = len(rest) - ((differ & -differ).bit_length() - 1) // 8 if differ else len(rest) - size
    while start < len(rest) and rest[start - 1] >= 0x80:
        start += 1
    if not 0 < start < len(rest):
        return _remember(_suffix_cache, rest, _dotted(_decode_subids(rest)))
    tail = _suffix_cache.get(rest[start:])
    if tail is None:
        tail = _remember(_suffix_cache, rest[start:], _dotted(_decode_subids(rest[start:])))
    text, arcs = _dotted(_decode_subids(rest[:start]))
    return _remember(_suffix_cache, rest, (text + tail[0], arcs + tail[1]))


def _learn_index(head: bytes, name: bytes, text: str, arcs: OidTuple) -> None:
    """Keep the part of a decoded name after the recent split misses' bases (see
    _index_cache), the newest base first among them."""
    newest, latest = _NAME_MISSES[1][0], _index_bases[0]
    if newest is not None and (latest is None or newest[0] != latest[0]):
        _index_bases[1] = _index_bases[0]
        _index_bases[0] = newest
    for base in _index_bases:
        if base is not None and head.startswith(base[0]):
            octets, (base_text, base_arcs, *_) = base
            _remember(_index_cache, name[len(octets) :], (text[len(base_text) :], arcs[len(base_arcs) :]))


def _dotted(arcs: tuple[int, ...]) -> _Decoded:
    return ".".join(map(str, arcs)) + ".", arcs


def decode_oid_with_arcs(raw: bytes, misses: _MissMemory = _NAME_MISSES) -> _Decoded:
    """(dotted text, arcs) of OBJECT IDENTIFIER content octets (validated);
    ``misses``: the kind of OID it is (see _NAME_MISSES)."""
    if not raw:
        raise SnmpDecodeError("empty OBJECT IDENTIFIER")
    final = raw[-1]
    if final >= 0x80:
        raise SnmpDecodeError("OID ends inside a sub-identifier")
    head = raw[:-1]
    entry = _prefix_cache.get(head)
    if entry is None:
        decoded = _indexed(raw) or _decode_missed(head, final, misses)
    else:
        decoded = entry[0] + entry[2][final], entry[1] + entry[3][final]
    if len(raw) >= MAX_OID_ARCS:
        _check_arc_count(decoded[1])
    return decoded


def _indexed(name: bytes) -> _Decoded | None:
    """(text, arcs) of a name whose index is known after one of the recent bases
    (see _index_cache), or None. decode_varbind_list does the same inline."""
    for base in _index_bases:
        if base is not None and name.startswith(base[0]):
            index = _index_cache.get(name[len(base[0]) :])
            if index is not None:
                return base[1][0] + index[0], base[1][1] + index[1]
    return None


def _check_arc_count(arcs: tuple[int, ...]) -> None:
    if len(arcs) > MAX_OID_ARCS:
        raise SnmpDecodeError(f"OID of {len(arcs)} sub-identifiers (at most {MAX_OID_ARCS})")


def decode_oid(raw: bytes) -> str:
    """Dotted text of OBJECT IDENTIFIER content octets."""
    return decode_oid_with_arcs(raw)[0]


def _ip_address(raw: bytes) -> IpAddress:
    if len(raw) != 4:
        raise SnmpDecodeError(f"IpAddress of {len(raw)} octets")
    return str.__new__(IpAddress, "%d.%d.%d.%d" % tuple(raw))


# Application-class unsigned types: tag -> (class, exclusive upper bound).
_UNSIGNED: dict[int, tuple[type, int]] = {
    Tag.COUNTER32: (Counter32, 1 << 32),
    Tag.GAUGE32: (Gauge32, 1 << 32),
    Tag.TIMETICKS: (TimeTicks, 1 << 32),
    Tag.COUNTER64: (Counter64, 1 << 64),
    Tag.UINTEGER32: (Unsigned32, 1 << 32),
}


def _unsigned_value(cls: type, limit: int, raw: bytes) -> Any:
    if not raw:
        raise SnmpDecodeError(f"empty {cls.__name__}")
    value = int.from_bytes(raw, "big")
    # Some agents drop the leading zero octet of large values; read them as
    # unsigned, as net-snmp does, but refuse values wider than the type.
    if value >= limit:
        raise SnmpDecodeError(f"{cls.__name__} value too large ({len(raw)} octets)")
    return int.__new__(cls, value)


def _unsigned(tag: int) -> Any:
    cls, limit = _UNSIGNED[tag]
    return lambda raw: _unsigned_value(cls, limit, raw)


def _no_content(value: Any) -> Any:
    def build(raw: bytes) -> Any:
        return value

    return build


def _null(raw: bytes) -> None:
    if raw:
        raise SnmpDecodeError("NULL with content")
    return None


def _object_identifier(raw: bytes) -> ObjectIdentifier:
    return str.__new__(ObjectIdentifier, decode_oid_with_arcs(raw, _VALUE_MISSES)[0])


_VALUE_DECODERS: dict[int, Any] = {
    Tag.INTEGER: decode_integer,
    Tag.OCTET_STRING: bytes,
    Tag.NULL: _null,
    Tag.OBJECT_IDENTIFIER: _object_identifier,
    Tag.IP_ADDRESS: _ip_address,
    Tag.COUNTER32: _unsigned(Tag.COUNTER32),
    Tag.GAUGE32: _unsigned(Tag.GAUGE32),
    Tag.TIMETICKS: _unsigned(Tag.TIMETICKS),
    Tag.OPAQUE: lambda raw: bytes.__new__(Opaque, raw),
    Tag.COUNTER64: _unsigned(Tag.COUNTER64),
    Tag.UINTEGER32: _unsigned(Tag.UINTEGER32),
    Tag.NO_SUCH_OBJECT: _no_content(NO_SUCH_OBJECT),
    Tag.NO_SUCH_INSTANCE: _no_content(NO_SUCH_INSTANCE),
    Tag.END_OF_MIB_VIEW: _no_content(END_OF_MIB_VIEW),
}


def decode_value(tag: int, raw: bytes) -> Any:
    """The typed Python value of a TLV's tag and content octets."""
    try:
        decoder = _VALUE_DECODERS[tag]
    except KeyError:
        raise SnmpDecodeError(f"unknown value tag 0x{tag:02x}") from None
    return decoder(raw)


def last_varbind(buf: bytes, pos: int, end: int) -> tuple[bytes, int] | None:
    """(name octets, value tag) of the last varbind in the VarBindList at ``pos``.

    Walks learn from it where the next page starts before they decode this one.
    It is a hint: the last varbind is looked for from the end of the list (a
    short-form varbind whose name and value fit exactly), which a value that
    itself ends with an encoded varbind could mislead, so the caller checks it
    against the decoded list. Lists whose end does not fit are scanned header
    by header. None for an empty list; decoding errors as usual.
    """
    tag, pos, end = read_header(buf, pos, end)
    if tag != Tag.SEQUENCE:
        raise SnmpDecodeError(f"expected varbind list SEQUENCE, got tag 0x{tag:02x}")
    if pos == end:
        return None
    lowest = max(pos, end - 129)
    before = end - 1
    while True:
        start = buf.rfind(0x30, lowest, before)
        if start < 0:
            break
        before = start
        # At least a name of one octet and an empty value: 5 content octets.
        length = end - start - 2
        if length >= 5 and buf[start + 1] == length and buf[start + 2] == Tag.OBJECT_IDENTIFIER:
            value = start + 4 + buf[start + 3]
            if start + 4 < value < end - 1 and buf[value + 1] == end - value - 2:
                return buf[start + 4 : value], buf[value]
    return _scan_last_varbind(buf, pos, end)


def _scan_last_varbind(buf: bytes, pos: int, end: int) -> tuple[bytes, int] | None:
    start = stop = -1
    try:
        while pos < end:
            length = buf[pos + 1]
            if length < 0x80:
                start = pos + 2
                stop = start + length
            else:
                _, start, stop = read_header(buf, pos, end)
            pos = stop
    except IndexError:
        raise SnmpDecodeError("truncated varbind list") from None
    if start < 0:
        return None
    if pos != end:
        raise SnmpDecodeError("varbind list overruns its SEQUENCE")
    tag, name_start, name_stop = read_header(buf, start, stop)
    if tag != Tag.OBJECT_IDENTIFIER or name_stop >= stop:
        raise SnmpDecodeError(f"bad varbind at offset {start}")
    return buf[name_start:name_stop], buf[name_stop]


def _layout_run(buf: bytes, first: int, stride: int, count: int, final_at: int, size: int) -> int:
    """How many of the ``count`` varbinds of ``stride`` octets from ``first`` repeat
    the layout of the varbind just before it octet for octet, but for their name's
    final octet (at ``final_at``; one that does not end a name fails its final-octet
    table's lookup, as elsewhere) and their value's ``size`` content octets (the
    varbind's last ones)."""
    if not count:
        return 0
    template = buf[first - stride : first]
    chunk = bytearray(buf[first : first + stride * count])
    for offset in (final_at, *range(stride - size, stride)):
        chunk[offset::stride] = template[offset : offset + 1] * count
    expected = template * count
    run = count
    if chunk != expected:
        # The first octet that differs, found with one XOR (as in _decode_whole_head).
        differ = int.from_bytes(chunk, "big") ^ int.from_bytes(expected, "big")
        run = (len(expected) - 1 - (differ.bit_length() - 1) // 8) // stride
    return run


def _run_values(buf: bytes, first: int, run: int, stride: int, tag: int, size: int) -> Any:
    """An iterator of the values of a run of ``run`` varbinds (see _layout_run)
    whose contents of ``size`` octets start at ``first``, ``first + stride``, ...,
    decoded as the loop of decode_varbind_list decodes them; None when
    one of them is out of its type's range (the loop then says which)."""
    stop = first + stride * run
    if size == 1 and tag in _ONE_OCTET_VALUES:
        return map(_ONE_OCTET_VALUES[tag].__getitem__, buf[first:stop:stride])
    starts = range(first, stop, stride)
    contents = map(buf.__getitem__, map(slice, starts, range(first + size, stop + size, stride)))
    if tag == Tag.OCTET_STRING:
        return contents
    if tag == Tag.INTEGER:
        return map(_SIGNED_FROM_BYTES, contents)
    cls, limit = _UNSIGNED[tag]
    numbers = list(map(int.from_bytes, contents, repeat("big")))
    if size > 4 and max(numbers) >= limit:
        return None
    return map(int.__new__, repeat(cls), numbers)


def _increasing(octets: bytes) -> bool:
    """Whether every octet is greater than the one before."""
    return all(map(operator.lt, octets, octets[1:]))


_SIGNED_FROM_BYTES = partial(int.from_bytes, byteorder="big", signed=True)
# The value tags whose columns decode_varbind_list decodes a run at a time.
_RUN_TAGS = frozenset((Tag.INTEGER, Tag.OCTET_STRING, *_UNSIGNED))

# One-octet INTEGER and unsigned values, made once: most values of a walk
# (statuses, types, idle counters) are one octet, and are then one subscript.
_ONE_OCTET_VALUES: dict[int, tuple[Any, ...]] = {
    Tag.INTEGER: tuple(range(128)) + tuple(range(-128, 0)),
    **{tag: tuple(int.__new__(cls, v) for v in range(256)) for tag, (cls, _) in _UNSIGNED.items()},
}


def _previous_arcs(
    entry: _Entry | None, last: int, base: tuple[bytes, _Entry] | None, index: _Decoded | None
) -> tuple[int, ...]:
    """The arcs of a name decode_varbind_list did not make them for: its cached
    head's with its final octet, or else its base's and index's."""
    if entry is not None:
        return entry[1] + entry[3][last]
    return base[1][1] + index[1]  # type: ignore[index]


def decode_varbinds(
    buf: bytes, pos: int, end: int, keys: list[tuple[int, ...]] | None = None
) -> list[tuple[str, Any]]:
    """Decode a VarBindList TLV at ``pos`` into ``(oid, value)`` pairs.

    When ``keys`` is given, the arcs of each OID are appended to it (walks use
    them to check that OIDs increase).
    """
    out: list[tuple[str, Any]] = []
    decode_varbind_list(buf, pos, end, out, [] if keys is None else keys)
    return out


def decode_varbind_list(
    buf: bytes,
    pos: int,
    end: int,
    out: list[tuple[str, Any]],
    keys: list[tuple[int, ...]],
    every_key: bool = True,
) -> bool:
    """Append the ``(oid, value)`` pairs of the VarBindList TLV at ``pos`` to ``out``
    and their arcs to ``keys``; True when every name is greater than the one before.

    With ``every_key`` False only the first name's arcs go to ``keys``: a walk
    that hands on names as text compares just that one with the page before,
    and no tuple of arcs is made for the names of a column after it.

    The order is known at little cost: names after the same cached head are
    ordered by their final octet, so arcs are compared only where heads change.
    The loop inlines header parsing and the common value types; it is the
    innermost loop of a walk.
    """
    tag, pos, end = read_header(buf, pos, end)
    if tag != Tag.SEQUENCE:
        raise SnmpDecodeError(f"expected varbind list SEQUENCE, got tag 0x{tag:02x}")
    append = out.append
    add_key = keys.append
    decoders = _VALUE_DECODERS
    cache = _prefix_cache
    bases = _index_bases
    indexes = _index_cache
    from_bytes = int.from_bytes
    unsigned = _UNSIGNED
    one_octet = _ONE_OCTET_VALUES
    run_tags = _RUN_TAGS
    new_int = int.__new__
    ordered = True
    previous_entry: _Entry | None = None
    previous_last = 0
    # The base and index the index cache found the previous name from: names
    # after the same base are ordered as their indexes' arcs (no tuple of
    # the whole name is made for them).
    previous_base: tuple[bytes, _Entry] | None = None
    previous_index: _Decoded | None = None
    # None: the arcs of the previous name are to be made (see _previous_arcs).
    key: tuple[int, ...] | None = ()
    try:
        while pos < end:
            varbind = pos
            # VarBind ::= SEQUENCE { name OBJECT IDENTIFIER, value ANY }
            if buf[pos] != 0x30:
                raise SnmpDecodeError(f"expected varbind SEQUENCE at offset {pos}")
            length = buf[pos + 1]
            if length < 0x80:
                pos += 2
                vb_end = pos + length
            else:
                _, pos, vb_end = read_header(buf, pos, end)
            # A varbind that overruns the list ends the loop past its end,
            # which is checked once below.
            if buf[pos] != 0x06:
                raise SnmpDecodeError(f"expected varbind name OID at offset {pos}")
            length = buf[pos + 1]
            previous_key = key
            if length < 0x80:
                start = pos + 2
                pos = start + length
                if start == pos:
                    # (A name that overruns its varbind leaves a value that cannot
                    # end the varbind: refused below.)
                    raise SnmpDecodeError(f"bad varbind name at offset {start}")
                # Inlined decode_oid_with_arcs: the name's head (all but its
                # final octet) is looked up, the final octet picks the rest.
                tail = pos - 1
                head = buf[start:tail]
                entry = cache.get(head)
                if entry is None:
                    index = None
                    for base in bases:
                        if base is not None and head.startswith(base[0]):
                            index = indexes.get(buf[start + len(base[0]) : pos])
                            if index is not None:
                                break
                    if index is not None and base is previous_base and previous_entry is None:
                        # After the same base as the previous name: ordered as the indexes are.
                        oid = base[1][0] + index[0]
                        if index[1] <= previous_index[1]:
                            ordered = False
                        key = base[1][1] + index[1] if every_key else None
                        previous_index = index
                    else:
                        if index is not None:
                            oid = base[1][0] + index[0]
                            key = base[1][1] + index[1]
                        else:
                            oid, key = _decode_missed(head, buf[tail])
                            _learn_index(head, buf[start:pos], oid, key)
                        if previous_key is None:
                            previous_key = _previous_arcs(
                                previous_entry, previous_last, previous_base, previous_index
                            )
                        if key <= previous_key:
                            ordered = False
                        if not every_key and not keys:
                            add_key(key)
                        previous_base = None if index is None else base
                        previous_index = index
                    previous_entry = None
                else:
                    last = buf[tail]
                    oid = entry[0] + entry[2][last]
                    if entry is previous_entry:
                        if last <= previous_last:
                            ordered = False
                        key = entry[1] + entry[3][last] if every_key else None
                    else:
                        key = entry[1] + entry[3][last]
                        if previous_key is None:
                            previous_key = _previous_arcs(
                                previous_entry, previous_last, previous_base, previous_index
                            )
                        previous_entry = entry
                        if ordered and key <= previous_key:
                            ordered = False
                        if not every_key and not keys:
                            add_key(key)
                    previous_last = last
            else:
                # A name of 128 octets or more (rare): it may have too many arcs.
                _, start, pos = read_header(buf, pos, vb_end)
                oid, key = decode_oid_with_arcs(buf[start:pos])
                if previous_key is None:
                    previous_key = _previous_arcs(
                        previous_entry, previous_last, previous_base, previous_index
                    )
                previous_entry = None
                previous_base = None
                if ordered and key <= previous_key:
                    ordered = False
                if not every_key and not keys:
                    add_key(key)
            if every_key:
                add_key(key)
            tag = buf[pos]
            length = buf[pos + 1]
            if length < 0x80:
                start = pos + 2
                stop = start + length
            else:
                tag, start, stop = read_header(buf, pos, vb_end)
            if stop != vb_end:
                raise SnmpDecodeError(f"varbind value at offset {pos} does not end its varbind")
            if length == 1 and tag in one_octet:
                append((oid, one_octet[tag][buf[start]]))
            elif tag == 0x04:
                append((oid, buf[start:stop]))
            elif tag == 0x02 and start < stop <= start + 8:
                append((oid, from_bytes(buf[start:stop], "big", signed=True)))
            elif tag in unsigned and stop > start:
                cls, limit = unsigned[tag]
                value = from_bytes(buf[start:stop], "big")
                if value >= limit:
                    raise SnmpDecodeError(f"{cls.__name__} value too large for {oid}")
                append((oid, new_int(cls, value)))
            else:
                decoder = decoders.get(tag)
                if decoder is None:
                    raise SnmpDecodeError(f"unknown value tag 0x{tag:02x} for {oid}")
                append((oid, decoder(buf[start:stop])))
            if (
                previous_entry is not None
                and tag in run_tags
                and stop - start <= 8
                and buf.startswith(buf[varbind:tail], vb_end)
                and buf.startswith(buf[tail + 1 : start], vb_end + tail + 1 - varbind)
            ):
                # The next varbinds may repeat this one's layout but for their
                # final octet and their value's content (a column of statuses,
                # types, counters, addresses): they are decoded at once.
                stride = vb_end - varbind
                size = stop - start
                run = _layout_run(buf, vb_end, stride, (end - vb_end) // stride, tail - varbind, size)
                stop = vb_end + stride * run
                values = _run_values(buf, vb_end + stride - size, run, stride, tag, size) if run else None
                if values is not None:
                    entry = previous_entry
                    finals = buf[vb_end + tail - varbind : stop : stride]
                    out.extend(zip(map(entry[0].__add__, map(entry[2].__getitem__, finals)), values))
                    if every_key:
                        keys.extend(map(entry[1].__add__, map(entry[3].__getitem__, finals)))
                    if ordered and not (last < finals[0] and _increasing(finals)):
                        ordered = False
                    previous_last = finals[-1]
                    key = None  # the arcs of entry and previous_last, made when needed
                    vb_end = stop
            pos = vb_end
        if pos != end:
            raise SnmpDecodeError(f"last varbind overruns the list ({pos - end} octets)")
    except IndexError:
        # Reading past the buffer, or a final-octet table indexed by an octet
        # that does not end a sub-identifier.
        raise SnmpDecodeError(
            f"truncated varbind list, or a name ending inside a sub-identifier (near offset {pos})"
        ) from None
    return ordered
