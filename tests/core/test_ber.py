"""BER codec: known encodings, round trips, and a fuzzer for the decoder."""

from __future__ import annotations

import random

import pytest

from core.ber import (
    decode_oid_arcs,
    decode_oid_with_arcs,
    decode_value,
    decode_varbinds,
    encode_length,
    encode_oid,
    encode_oid_arcs,
    encode_tlv,
    encode_value,
    encode_varbinds,
    read_header,
)
from core.errors import SnmpDecodeError, SnmpEncodeError, SnmpError
from core.message.community import decode_community_message, encode_community_message
from core.pdu import Pdu, PduType
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
from core.version import SnmpVersion

# Encodings worked out by hand from X.690 (and checked against `snmpget -d` dumps).
KNOWN = [
    (0, "020100"),
    (127, "02017f"),
    (128, "02020080"),
    (-1, "0201ff"),
    (-129, "0202ff7f"),
    (2147483647, "02047fffffff"),
    (-2147483648, "020480000000"),
    (Counter32(4294967295), "410500ffffffff"),
    (Gauge32(0), "420100"),
    (TimeTicks(123), "43017b"),
    (Counter64(2**64 - 1), "460900ffffffffffffffff"),
    (Unsigned32(5), "470105"),
    (b"", "0400"),
    (b"Linux", "04054c696e7578"),
    ("sysContact", "040a737973436f6e74616374"),
    (None, "0500"),
    (IpAddress("192.168.1.254"), "4004c0a801fe"),
    (ObjectIdentifier("1.3.6.1.4.1.8072"), "06072b06010401bf08"),
    (Opaque(b"\x9f\x78\x04\x3f\x80\x00\x00"), "44079f7804" + "3f800000"),
]


@pytest.mark.parametrize("value, hex_tlv", KNOWN)
def test_known_encodings(value: object, hex_tlv: str) -> None:
    assert encode_value(value).hex() == hex_tlv


@pytest.mark.parametrize("value, hex_tlv", KNOWN)
def test_decode_restores_value_and_type(value: object, hex_tlv: str) -> None:
    raw = bytes.fromhex(hex_tlv)
    tag, start, end = read_header(raw, 0, len(raw))
    decoded = decode_value(tag, raw[start:end])
    expected = value.encode() if type(value) is str else value
    assert decoded == expected
    assert type(decoded) is type(expected)


def test_varbind_list_decodes_every_known_value_as_decode_value_does() -> None:
    # The list decoder has its own paths (one content octet, INTEGER,
    # unsigned, OCTET STRING); each must give the same value and type.
    one_octet = ["0201%02x" % octet for octet in range(256)]
    one_octet += ["%02x01%02x" % (tag, octet) for tag in (0x41, 0x42, 0x43, 0x46, 0x47) for octet in (0, 1, 127, 128, 255)]
    tlvs = [bytes.fromhex(h) for _, h in KNOWN] + [bytes.fromhex(h) for h in one_octet]
    names = [f"1.3.6.1.4.1.99.{i}" for i in range(len(tlvs))]
    raw = encode_tlv(0x30, b"".join(encode_tlv(0x30, encode_oid(n) + t) for n, t in zip(names, tlvs)))
    decoded = decode_varbinds(raw, 0, len(raw))
    expected = [decode_value(t[0], t[2:]) for t in tlvs]
    assert [v for _, v in decoded] == expected
    assert [type(v) for _, v in decoded] == [type(v) for v in expected]
    assert [n for n, _ in decoded] == names


def test_long_lengths() -> None:
    assert encode_length(127) == b"\x7f"
    assert encode_length(128) == b"\x81\x80"
    assert encode_length(65535) == b"\x82\xff\xff"
    blob = bytes(range(256)) * 4
    tlv = encode_value(blob)
    assert tlv[:4] == b"\x04\x82\x04\x00"
    tag, start, end = read_header(tlv, 0, len(tlv))
    assert tlv[start:end] == blob


@pytest.mark.parametrize(
    "arcs",
    [(1, 3), (0, 0), (2, 999), (1, 3, 6, 1, 4, 1, 2636, 3, 1), (1, 3, 127, 128, 16383, 16384, 4294967295)],
)
def test_oid_round_trip(arcs: tuple[int, ...]) -> None:
    raw = encode_oid_arcs(arcs)
    assert decode_oid_arcs(raw) == arcs
    assert decode_oid_with_arcs(raw) == (".".join(map(str, arcs)), arcs)


def test_oid_known_bytes() -> None:
    assert encode_oid("1.3.6.1.2.1.1.1.0").hex() == "06082b06010201010100"
    assert encode_oid_arcs((2, 999, 3)) == bytes.fromhex("883703")


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"", "empty"),
        (b"\x2b\x80\x01", "leading 0x80"),
        (b"\x2b\x06\x81", "ends inside"),
    ],
)
def test_bad_oid_octets(raw: bytes, message: str) -> None:
    with pytest.raises(SnmpDecodeError, match=message):
        decode_oid_with_arcs(raw)


@pytest.mark.parametrize(
    "name, message",
    [
        (b"", "bad varbind name"),
        (b"\x2b\x06\x80\x05", "leading 0x80"),
        (b"\x2b\x06\x01\x87", "ending inside a sub-identifier"),
    ],
)
def test_bad_varbind_names_are_refused_in_a_list(name: bytes, message: str) -> None:
    # The list decoder reads names through its own cache; a bad name must fail
    # there too, also when a good name with the same head was decoded before.
    good = encode_varbinds([("1.3.6.1.7", None), ("1.3.6.1.7.5", None)])
    varbind = encode_tlv(0x30, encode_tlv(0x06, name) + b"\x05\x00")
    bad = encode_tlv(0x30, good[2:] + varbind)
    decode_varbinds(good, 0, len(good))
    with pytest.raises(SnmpDecodeError, match=message):
        decode_varbinds(bad, 0, len(bad))


def test_encode_refuses_what_it_cannot_send() -> None:
    with pytest.raises(SnmpEncodeError, match="Integer32 range"):
        encode_value(2**31)
    with pytest.raises(SnmpEncodeError, match="bool"):
        encode_value(True)
    with pytest.raises(SnmpEncodeError, match="cannot encode float"):
        encode_value(1.5)
    with pytest.raises(ValueError):
        Counter32(-1)
    with pytest.raises(ValueError):
        IpAddress("300.1.1.1")


def test_varbind_list_round_trip_with_keys() -> None:
    pairs = [
        ("1.3.6.1.2.1.1.1.0", b"Linux"),
        ("1.3.6.1.2.1.2.2.1.10.1000", Counter32(4000000000)),
        ("1.3.6.1.2.1.31.1.1.1.6.3", Counter64(2**63)),
        ("1.3.6.1.2.1.4.20.1.1.192.168.1.1", IpAddress("192.168.1.1")),
        ("1.3.6.1.2.1.1.2.0", ObjectIdentifier("1.3.6.1.4.1.8072.3.2.10")),
        ("1.3.6.1.2.1.1.9.0", NO_SUCH_OBJECT),
        ("1.3.6.1.2.1.1.9.1", NO_SUCH_INSTANCE),
        ("1.3.6.1.2.1.1.9.2", END_OF_MIB_VIEW),
        ("1.3.6.1.2.1.1.3.0", TimeTicks(0)),
        ("1.3.6.1.2.1.1.7.0", -72),
    ]
    raw = encode_varbinds(pairs)
    keys: list[tuple[int, ...]] = []
    decoded = decode_varbinds(raw, 0, len(raw), keys)
    assert decoded == pairs
    assert [type(v) for _, v in decoded] == [type(v) for _, v in pairs]
    assert keys == [tuple(map(int, o.split("."))) for o, _ in pairs]


def test_counter_wider_than_its_type_is_an_error() -> None:
    with pytest.raises(SnmpDecodeError, match="Counter32 value too large"):
        decode_value(Tag.COUNTER32, b"\x01\x00\x00\x00\x00")
    # A missing leading zero octet (seen on real agents) still reads unsigned.
    assert decode_value(Tag.COUNTER32, b"\xee\x6b\x28\x00") == 4000000000


def _sample_messages() -> list[bytes]:
    varbinds = [
        ("1.3.6.1.2.1.1.1.0", b"Linux box 6.1"),
        ("1.3.6.1.2.1.2.2.1.10.16384", Counter32(12345)),
        ("1.3.6.1.2.1.4.20.1.1.10.0.0.1", IpAddress("10.0.0.1")),
        ("1.3.6.1.2.1.1.2.0", ObjectIdentifier("1.3.6.1.4.1.9.1.1")),
        ("1.3.6.1.2.1.31.1.1.1.10.1", Counter64(987654321987)),
        ("1.3.6.1.2.1.1.9.0", NO_SUCH_OBJECT),
        ("1.3.6.1.2.1.1.3.0", TimeTicks(4242)),
    ]
    out = []
    for version in (SnmpVersion.v1, SnmpVersion.v2c):
        for pdu_type in (PduType.GET, PduType.RESPONSE, PduType.GETBULK):
            pdu = Pdu(pdu_type, 0x12345678, 0, 3, varbinds)
            out.append(encode_community_message(version, b"public", pdu))
    return out


def test_decoder_fuzz_only_raises_snmp_errors() -> None:
    """100k random and mutated datagrams: every failure is an SnmpError subclass."""
    rng = random.Random(20261124)
    samples = _sample_messages()
    for sample in samples:
        version, community, pdu = decode_community_message(sample)
        assert community == b"public" and pdu.request_id == 0x12345678
    decoded = rejected = 0
    for case in range(100_000):
        kind = case % 4
        base = bytearray(samples[case % len(samples)])
        if kind == 0:
            data = bytes(rng.getrandbits(8) for _ in range(rng.randrange(0, 64)))
        elif kind == 1:
            for _ in range(rng.randrange(1, 4)):
                base[rng.randrange(len(base))] = rng.getrandbits(8)
            data = bytes(base)
        elif kind == 2:
            data = bytes(base[: rng.randrange(len(base))])
        else:
            cut = rng.randrange(len(base))
            data = bytes(base[:cut] + bytes([rng.getrandbits(8)]) + base[cut:])
        try:
            decode_community_message(data)
        except SnmpError:
            rejected += 1
        else:
            decoded += 1
    # Both outcomes occur: mutations that keep the structure decode, others fail cleanly.
    assert decoded > 1000 and rejected > 10000


def test_cached_name_decoding_matches_arcs_over_walk_like_sequences() -> None:
    """Names that share heads, differ in one middle arc (multi-part indexes) or
    end in multi-octet arcs take the cache paths; all must decode exactly."""
    rng = random.Random(7)

    def arc() -> int:
        return rng.choice([rng.randrange(128), rng.randrange(128, 16384), rng.randrange(1 << 32)])

    previous: tuple[int, ...] = (1, 3, 6, 1, 2, 1, 4, 24, 7, 1, 7)
    for step in range(8_000):
        if step % 4:
            arcs = list(previous)
            arcs[rng.randrange(2, len(arcs))] = arc()
            name = tuple(arcs) + tuple(arc() for _ in range(rng.randrange(3)))
        elif step % 8:
            name = (rng.randrange(3), rng.randrange(40)) + tuple(arc() for _ in range(rng.randrange(25)))
        else:
            # Under 2: a first sub-identifier of several octets, alone or not.
            name = (2, rng.randrange(40, 1 << 20)) + tuple(arc() for _ in range(rng.randrange(3)))
        previous = name if len(name) > 2 else previous
        raw = encode_varbinds([(name, None)])
        keys: list[tuple[int, ...]] = []
        (text, _), = decode_varbinds(raw, 0, len(raw), keys)
        assert text == ".".join(map(str, name)) and keys == [name]
        assert decode_oid_with_arcs(encode_oid_arcs(name)) == (text, name)


def test_a_head_is_cached_when_it_recurs_but_not_when_seen_once() -> None:
    """A column's names share their head (also one that ends inside a
    multi-octet ifIndex); a route table's heads are each seen once."""
    from core import ber

    ber._prefix_cache.clear()
    column = [(f"1.3.6.1.2.1.2.2.1.10.{i}", None) for i in range(120, 300)]
    routes = [(f"1.3.6.1.2.1.4.24.7.1.7.1.4.10.{i}.0.0.24.2.0.0.1.4.0.0.0.0", None) for i in range(50)]
    raw = encode_varbinds(column + routes)
    keys: list[tuple[int, ...]] = []
    decoded = decode_varbinds(raw, 0, len(raw), keys)
    assert [name for name, _ in decoded] == [name for name, _ in column + routes]
    assert keys == [tuple(map(int, name.split("."))) for name, _ in column + routes]
    heads = set(ber._prefix_cache)
    column_head = encode_oid_arcs((1, 3, 6, 1, 2, 1, 2, 2, 1, 10))
    assert column_head in heads and column_head + b"\x81" in heads and column_head + b"\x82" in heads
    route_heads = {encode_oid_arcs(tuple(map(int, name.split("."))))[:-1] for name, _ in routes}
    assert not route_heads & heads


def test_last_varbind_fuzz_only_raises_snmp_errors() -> None:
    """The backward search reads octets near the end of the list: random and
    mutated lists give a hint or a decoding error, never another exception."""
    from core.ber import last_varbind

    rng = random.Random(3416)
    samples = [
        encode_varbinds([(f"1.3.6.1.2.1.2.2.1.{c}.{i}", v) for i in range(1, 6)])
        for c, v in ((2, b"eth"), (10, Counter32(7)), (6, b"\x30\x00\x06\x01"), (3, 6))
    ]
    outcomes = {"hint": 0, "error": 0}
    for case in range(20_000):
        base = bytearray(samples[case % len(samples)])
        if case % 3 == 0:
            # Octets that mean something in a varbind list, so that random
            # lists often look like one near their end.
            body = bytes(rng.choice(b"\x30\x06\x00\x01\x02\x03\x04\x05\x2b\x81")
                         for _ in range(rng.randrange(0, 12)))
            data = bytes([0x30, len(body)]) + body
        elif case % 3 == 1:
            for _ in range(rng.randrange(1, 4)):
                base[rng.randrange(len(base))] = rng.getrandbits(8)
            data = bytes(base)
        else:
            data = bytes(base[: rng.randrange(2, len(base))])
        try:
            last_varbind(data, 0, len(data))
        except SnmpError:
            outcomes["error"] += 1
        else:
            outcomes["hint"] += 1
    assert outcomes["hint"] > 1000 and outcomes["error"] > 1000


def test_last_varbind_reads_only_headers_but_checks_bounds() -> None:
    from core.ber import last_varbind

    pairs = [(f"1.3.6.1.2.1.2.2.1.2.{i}", b"x" * (i * 40)) for i in range(1, 6)]
    raw = encode_varbinds(pairs)
    assert last_varbind(raw, 0, len(raw)) == (encode_oid(pairs[-1][0])[2:], Tag.OCTET_STRING)
    empty = encode_varbinds([])
    assert last_varbind(empty, 0, len(empty)) is None
    with pytest.raises(SnmpDecodeError):
        last_varbind(raw[:-3], 0, len(raw) - 3)


def test_multi_part_indexes_decode_each_row_once_across_columns(monkeypatch) -> None:
    """Route-table names differ from row to row in the middle of the index:
    the rows' index parts are decoded in the first column and reused, exactly,
    in the others."""
    from core import ber

    def column(number: int) -> list[tuple[str, None]]:
        entry = "1.3.6.1.2.1.4.24.7.1"
        return [
            (f"{entry}.{number}.2.16.254.128.0.0.0.0.0.0.{h}.{h * 7 % 256}.0.0.0.0.0.1.64.3.0.0.{policy}.2.16.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0", None)
            for h in range(120, 140)
            for policy in (200, 900, 1300)
        ]

    decoded_rests: list[bytes] = []
    real = ber._decode_subids

    def counting(raw: bytes) -> tuple[int, ...]:
        decoded_rests.append(raw)
        return real(raw)

    missed: list[bytes] = []
    real_missed = ber._decode_missed

    def counting_misses(head: bytes, final: int) -> tuple[str, tuple[int, ...]]:
        missed.append(head)
        return real_missed(head, final)

    monkeypatch.setattr(ber, "_decode_subids", counting)
    monkeypatch.setattr(ber, "_decode_missed", counting_misses)
    for number in (1, 2, 3, 7):
        misses_before = len(missed)
        names = column(number)
        raw = encode_varbinds(names)
        keys: list[tuple[int, ...]] = []
        before = len(decoded_rests)
        assert [name for name, _ in decode_varbinds(raw, 0, len(raw), keys)] == [n for n, _ in names]
        assert keys == [tuple(map(int, n.split("."))) for n, _ in names]
        if number == 1:
            assert len(decoded_rests) - before >= len(names) // 3
        elif number == 2:
            # Rows that differ in the policy arc or in the destination before
            # it alternate between two bases; the second column meets some
            # rows after another base than the first did.
            assert len(missed) - misses_before <= len(names) // 2
        else:
            # Only around the column's first name (which differs from the
            # last one before it in the column arc) is anything decoded anew;
            # nothing per row.
            assert len(decoded_rests) - before <= 4
            # The rows' indexes come from the index cache in the loop itself:
            # only the first names of a column take the slow path.
            assert len(missed) - misses_before <= 3



def test_oid_values_and_names_that_alternate_are_split_against_their_own_kind(monkeypatch) -> None:
    """ipAddressPrefix: each row's name differs from the last in its address, its
    value (a RowPointer) in the ifIndex only. Decoded together, neither kind may
    be split against the other (which shares only the table's prefix with it):
    fewer octets are decoded anew than an IPv6 address per varbind."""
    from core import ber

    pairs = []
    for i in range(1, 120):
        address = f"254.128.0.0.0.0.0.0.{i * 5 % 256}.{i * 11 % 256}.255.254.{i * 3 % 256}.{i * 7 % 256}.{i * 13 % 256}.{i}"
        prefix = f"1.3.6.1.2.1.4.32.1.5.{i + 1000}.2.16.254.128" + ".0" * 14 + ".64"
        pairs.append((f"1.3.6.1.2.1.4.34.1.5.2.16.{address}", ObjectIdentifier(prefix)))
    raw = encode_varbinds(pairs)
    decoded: list[int] = []
    real = ber._decode_subids

    def counting(octets: bytes) -> tuple[int, ...]:
        decoded.append(len(octets))
        return real(octets)

    monkeypatch.setattr(ber, "_decode_subids", counting)
    ber.clear_name_caches()
    assert decode_varbinds(raw, 0, len(raw)) == pairs
    assert sum(decoded) < 16 * len(pairs)


def test_names_that_differ_in_one_middle_arc_decode_from_its_hole(monkeypatch) -> None:
    """A route column whose rows differ in the policy arc only, across the sizes
    of that arc (1, 2, 3 octets) and with another arc changing now and then:
    every name decodes as it is; within one size the rows decode no octets."""
    from core import ber

    policies = [*range(1, 300), *range(16370, 16400), *range(2097140, 2097160)]
    names = []
    for policy in policies:
        hop = 1 if policy % 97 else 2
        names.append((1, 3, 6, 1, 2, 1, 4, 24, 7, 1, 7, 2, 16, 254, 128, *[0] * 14, 64, 3, 0, 0, policy, 2, 16, *[0] * 15, hop, 5))
    raw = encode_varbinds([(name, None) for name in names])
    decoded: list[bytes] = []
    real = ber._decode_subids

    def counting(octets: bytes) -> tuple[int, ...]:
        decoded.append(octets)
        return real(octets)

    monkeypatch.setattr(ber, "_decode_subids", counting)
    ber.clear_name_caches()
    keys: list[tuple[int, ...]] = []
    found = decode_varbinds(raw, 0, len(raw), keys)
    assert keys == names
    assert [oid for oid, _ in found] == [".".join(map(str, name)) for name in names]
    assert len(decoded) < len(names) // 4


def test_names_that_differ_in_one_arc_of_changing_size_decode_from_its_hole(monkeypatch) -> None:
    """RowPointers to a prefix (ipAddressPrefixOrigin) differ from row to row in
    the ifIndex only, at random: the arc changes size and its high octets as
    well as its last one. Every name decodes as it is, and decoded alone;
    after the first few no head is decoded anew. A hole's arc that is not
    one sub-identifier below 2^32 is refused as the name alone is."""
    from core import ber

    rng = random.Random(34)
    ifindexes = [rng.choice([rng.randrange(1, 128), rng.randrange(128, 16384), rng.randrange(1 << 32)])
                 for _ in range(300)]  # fmt: skip
    values = [ObjectIdentifier(f"1.3.6.1.2.1.4.32.1.5.{i}.2.16.254.128" + ".0" * 14 + ".64") for i in ifindexes]
    pairs = [(f"1.3.6.1.2.1.4.34.1.5.2.16.254.128.0.0.0.0.0.0.0.0.0.0.0.0.0.{n}", v) for n, v in enumerate(values)]
    raw = encode_varbinds(pairs)
    heads: list[bytes] = []
    real = ber._decode_whole_head

    def counting(head: bytes, previous: bytes, last_bases: list) -> tuple[str, tuple[int, ...]]:
        heads.append(head)
        return real(head, previous, last_bases)

    monkeypatch.setattr(ber, "_decode_whole_head", counting)
    ber.clear_name_caches()
    assert decode_varbinds(raw, 0, len(raw)) == pairs
    assert len(heads) < 10
    assert [decode_value(Tag.OBJECT_IDENTIFIER, encode_oid(v)[2:]) for v in values] == values
    prefix = encode_oid_arcs((1, 3, 6, 1, 2, 1, 4, 32, 1, 5))
    rest = encode_oid_arcs((1, 3, 2, 16, 254, 128, *[0] * 14, 64))[1:]
    for bad in (b"\x80\x05", b"\x90\x80\x80\x80\x00", b"\x81\x81\x81\x81\x81\x01"):
        with pytest.raises(SnmpDecodeError):
            decode_value(Tag.OBJECT_IDENTIFIER, prefix + bad + rest)
    assert decode_value(Tag.OBJECT_IDENTIFIER, prefix + b"\x8f\x7f" + rest) == values[0].replace(
        f".5.{ifindexes[0]}.", ".5.2047.", 1
    )


def test_rows_found_through_the_index_cache_are_ordered_exactly(monkeypatch) -> None:
    """Route columns whose later columns find their rows through the index cache
    (rows after the same base are ordered by their indexes alone): rows whose
    first difference is inside multi-octet arcs of different sizes, and now
    and then a repeated or decreasing row; the decoder says the list is
    ordered exactly when it is, with every key or only the first."""
    from core import ber
    from core.ber import decode_varbind_list

    rng = random.Random(2407)
    missed: list[bytes] = []
    real_missed = ber._decode_missed

    def counting_misses(head: bytes, final: int) -> tuple[str, tuple[int, ...]]:
        missed.append(head)
        return real_missed(head, final)

    monkeypatch.setattr(ber, "_decode_missed", counting_misses)
    for case in range(60):
        policies = sorted(rng.sample([*range(100, 140), *range(16370, 16400), *range(2097140, 2097160)], 30))
        rows = [(2, 16, 254, 128, *[0] * 12, 64, 3, 0, 0, policy, 2, 16, *[0] * 15, 1) for policy in policies]
        column = (1, 3, 6, 1, 2, 1, 4, 24, 7, 1)
        later = list(rows)
        if case % 2:
            at = rng.randrange(1, len(later))
            later[at] = later[rng.randrange(at)] if case % 4 == 1 else later[at - 1]  # decreasing, repeated
        names = [column + (7,) + row for row in rows] + [column + (8,) + row for row in later]
        raw = encode_varbinds([(name, None) for name in names])
        expected = all(a < b for a, b in zip(names, names[1:]))
        for every_key in (True, False):
            ber.clear_name_caches()
            del missed[:]
            found: list[tuple[str, object]] = []
            keys: list[tuple[int, ...]] = []
            assert decode_varbind_list(raw, 0, len(raw), found, keys, every_key) == expected
            assert [oid for oid, _ in found] == [".".join(map(str, name)) for name in names]
            assert keys == (names if every_key else names[:1])
            # The second column's rows came from the index cache.
            assert len(missed) < len(rows) + 6


def test_a_sparse_index_builds_no_final_octet_tables_for_names_seen_once() -> None:
    """Process ids or vendor ifIndex values spread over millions put each name
    in a head of its own that ends inside the index arc: those decode
    directly, without building the 128-entry tables a dense column gets."""
    from core import ber

    ber._prefix_cache.clear()
    ber._finals_cache.clear()
    pids = [1_000 + 131 * 128 * i for i in range(400)]  # each in its own 128-block
    names = [(f"1.3.6.1.2.1.25.4.2.1.{column}.{pid}", None) for column in (1, 2, 4) for pid in pids]
    raw = encode_varbinds(names)
    keys: list[tuple[int, ...]] = []
    assert [n for n, _ in decode_varbinds(raw, 0, len(raw), keys)] == [n for n, _ in names]
    assert keys == [tuple(map(int, n.split("."))) for n, _ in names]
    assert not ber._finals_cache
    dense = [(f"1.3.6.1.2.1.2.2.1.10.{i}", None) for i in range(128, 600)]
    raw = encode_varbinds(dense)
    assert [n for n, _ in decode_varbinds(raw, 0, len(raw))] == [n for n, _ in dense]
    assert 0 < len(ber._finals_cache) <= 4  # one table per 128-block of ifIndex


def _one_by_one(raw: bytes) -> tuple[list[tuple[str, object]], list[tuple[int, ...]]]:
    """Each varbind of a list decoded alone (no run of equal layouts to take at once)."""
    pairs: list[tuple[str, object]] = []
    keys: list[tuple[int, ...]] = []
    _, pos, end = read_header(raw, 0, len(raw))
    while pos < end:
        _, _, stop = read_header(raw, pos, end)
        alone = encode_tlv(Tag.SEQUENCE, raw[pos:stop])
        pairs += decode_varbinds(alone, 0, len(alone), keys)
        pos = stop
    return pairs, keys


def test_runs_of_equal_layout_decode_as_each_varbind_alone() -> None:
    """Columns of one-octet values (decoded a run at a time) with breaks of every kind:
    another type, a longer value, a name ending inside a sub-identifier, a repeated or
    decreasing name; mutated copies decode the same or fail cleanly."""
    rng = random.Random(18)
    kinds = [int, Counter32, Gauge32, TimeTicks, Counter64]
    for case in range(400):
        column = rng.choice([(1, 3, 6, 1, 2, 1, 2, 2, 1, 8), (1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 15, 2)])
        high = rng.choice([(), (rng.randrange(1, 128) << 7,)])
        index = sorted(rng.sample(range(128), 60))
        if case % 3 == 0:
            index[rng.randrange(1, 60)] = index[rng.randrange(60)]  # repeated or decreasing
        kind = rng.choice(kinds)
        pairs = []
        for i in index:
            value: object = kind(rng.randrange(128 if kind is int else 256))
            if rng.random() < 0.05:
                value = rng.choice([Counter32(70000), b"x", -5, Gauge32(7)])
            pairs.append((column + ((high[0] + i,) if high else (i,)), value))
        _check_as_one_by_one(encode_varbinds(pairs), rng)


def _check_as_one_by_one(raw: bytes, rng: random.Random) -> None:
    """The varbind list ``raw`` and a mutated copy decode as each varbind alone
    (or both fail cleanly), with every key or only the first."""
    from core.ber import decode_varbind_list

    try:
        expected = _one_by_one(raw)
    except SnmpError:
        with pytest.raises(SnmpError):
            decode_varbinds(raw, 0, len(raw))
        return
    found: list[tuple[str, object]] = []
    keys: list[tuple[int, ...]] = []
    ordered = decode_varbind_list(raw, 0, len(raw), found, keys)
    assert (found, keys) == expected
    assert [type(v) for _, v in found] == [type(v) for _, v in expected[0]]
    assert ordered == all(a < b for a, b in zip(keys, keys[1:]))
    found, first = [], []
    assert decode_varbind_list(raw, 0, len(raw), found, first, every_key=False) == ordered
    assert (found, first) == (expected[0], expected[1][:1])
    mutated = bytearray(raw)
    for _ in range(rng.randrange(1, 3)):
        mutated[rng.randrange(2, len(raw))] = rng.choice([0x80, 0x81, 0xFF, rng.getrandbits(8)])
    try:
        alone = _one_by_one(bytes(mutated))
    except SnmpError:
        with pytest.raises(SnmpError):
            decode_varbinds(bytes(mutated), 0, len(mutated))
    else:
        found, keys = [], []
        decode_varbind_list(bytes(mutated), 0, len(mutated), found, keys)
        assert (found, keys) == alone


# Values of one encoded size each (a column of counters, addresses, names),
# and what may break a run of them.
_SIZED_VALUES = [
    lambda rng: bytes(rng.getrandbits(8) for _ in range(6)),
    lambda rng: b"",
    lambda rng: rng.choice([b"eth0", b"eth1", b"lo00"]),
    lambda rng: rng.randrange(1 << 15, 1 << 23),
    lambda rng: -rng.randrange(1 << 24, 1 << 31),
    lambda rng: Counter32(rng.randrange(1 << 24, 1 << 31)),
    lambda rng: Gauge32(rng.randrange(1 << 31, 1 << 32)),  # five octets, a leading zero
    lambda rng: Counter64(rng.randrange(1 << 56, 1 << 63)),
    lambda rng: TimeTicks(rng.randrange(1 << 8, 1 << 15)),
]
_RUN_BREAKS = [b"toolong", 7, Counter32(5), Counter64(1 << 63), IpAddress("10.0.0.1"), b"\x00\x01\x02\x03\x04\x05"]


def test_runs_of_wider_values_decode_as_each_varbind_alone() -> None:
    """Columns of values wider than one octet (decoded a run at a time) with breaks,
    a five-octet Counter32 or Gauge32 over 2^32-1 among them, and mutated copies."""
    rng = random.Random(1818)
    for case in range(400):
        column = rng.choice([(1, 3, 6, 1, 2, 1, 2, 2, 1, 6), (1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 6)])
        index = sorted(rng.sample(range(300), 40))
        if case % 4 == 0:
            index[rng.randrange(1, 40)] = index[rng.randrange(40)]  # repeated or decreasing
        make = rng.choice(_SIZED_VALUES)
        values = [make(rng) if rng.random() > 0.05 else rng.choice(_RUN_BREAKS) for _ in index]
        raw = encode_varbinds([(column + (i,), v) for i, v in zip(index, values)])
        wide = [v for v in values if isinstance(v, Gauge32) and v >= 1 << 31]
        if case % 3 == 0 and wide:
            # A five-octet value of 2^32 or more somewhere in the run: refused.
            at = raw.rfind(encode_value(rng.choice(wide)))
            raw = raw[: at + 2] + b"\x01" + raw[at + 3 :]
        _check_as_one_by_one(raw, rng)
