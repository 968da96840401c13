"""Issue 11.2: numbers too large for Python to print are refused by the decoder.

Python's ``str()`` refuses integers of more than 4300 digits, so a hostile reply
with a 2100-octet OID arc or a 2000-octet INTEGER once raised a plain
``ValueError`` (decoder, error message, rendering). Arcs are bounded to 2^32-1,
header INTEGERs to 32 bits and INTEGER values to 64: anything larger is a
``SnmpDecodeError``, which sessions drop and count like any malformed datagram.
"""

from __future__ import annotations

import pytest

from core import SnmpSession
from core.ber import decode_oid_with_arcs, decode_varbinds, encode_integer, encode_tlv, read_integer
from core.errors import SnmpDecodeError
from core.pdu import decode_pdu
from core.snapshot.netsnmp_format import hinted_integer, hinted_octets
from core.security.usm import decode_usm_parameters
from hostile_responder import HostileResponder, good_response, response_datagram

SYS_DESCR = "1.3.6.1.2.1.1.1.0"
HUGE = b"\x01" * 2000  # an INTEGER of ~4800 decimal digits


def varbind_list(name: bytes, value: bytes = b"\x05\x00") -> bytes:
    return encode_tlv(0x30, encode_tlv(0x30, encode_tlv(0x06, name) + value))


def decode(buf: bytes) -> list:
    return decode_varbinds(buf, 0, len(buf))


@pytest.mark.parametrize(
    "name",
    [
        b"\x2b" + b"\x81" * 2100 + b"\x01",  # a 2101-octet arc after 1.3
        b"\x2b\x06" + b"\x81" * 6 + b"\x01",  # the name's last arc (the cache's partial path)
        b"\x2b\x06\x90\x80\x80\x80\x00\x01",  # 2^32 exactly, in the middle
        b"\xff\xff\xff\xff\x7f",  # 2^35-1 as the first sub-identifier
    ],
    ids=["2101-octets", "last-arc", "2^32", "first"],
)
def test_an_arc_of_2_to_the_32_or_more_is_refused(name: bytes) -> None:
    with pytest.raises(SnmpDecodeError, match="sub-identifier over 2\\^32-1"):
        decode(varbind_list(name))
    with pytest.raises(SnmpDecodeError):
        decode_oid_with_arcs(name)


def test_the_largest_arc_is_accepted() -> None:
    assert decode(varbind_list(b"\x2b\x8f\xff\xff\xff\x7f\x8f\xff\xff\xff\x7f")) == [
        ("1.3.4294967295.4294967295", None)
    ]


@pytest.mark.parametrize(
    "content, value",
    [(b"\x7f" + b"\xff" * 7, (1 << 63) - 1), (b"\x80" + b"\x00" * 7, -(1 << 63)), (b"\x00" + b"\xff" * 8, (1 << 64) - 1)],
    ids=["max", "min", "unsigned-max"],
)
def test_integer_values_of_64_bits_are_accepted(content: bytes, value: int) -> None:
    assert decode(varbind_list(b"\x2b\x06", encode_tlv(0x02, content))) == [("1.3.6", value)]


@pytest.mark.parametrize(
    "content", [HUGE, b"\x01" + b"\x00" * 8, b"\x00\x01" + b"\x00" * 8], ids=["2000-octets", "2^64", "10-octets"]
)
def test_an_integer_value_beyond_64_bits_is_refused(content: bytes) -> None:
    with pytest.raises(SnmpDecodeError, match="does not fit in 64 bits"):
        decode(varbind_list(b"\x2b\x06", encode_tlv(0x02, content)))


@pytest.mark.parametrize("field", ["request_id", "error_status", "error_index"])
def test_pdu_header_integers_beyond_32_bits_are_refused(field: str) -> None:
    parts = {"request_id": encode_integer(7), "error_status": encode_integer(0), "error_index": encode_integer(0)}
    parts[field] = encode_tlv(0x02, HUGE)
    pdu = encode_tlv(0xA2, b"".join(parts.values()) + encode_tlv(0x30, b""))
    with pytest.raises(SnmpDecodeError, match="does not fit in 32 bits"):
        decode_pdu(pdu, 0, len(pdu))


def test_header_integers_keep_the_unsigned_32_bit_range() -> None:
    buf = encode_tlv(0x02, b"\x00\xff\xff\xff\xff")
    assert read_integer(buf, 0, len(buf)) == ((1 << 32) - 1, len(buf))
    buf = encode_tlv(0x02, b"\x01\x00\x00\x00\x00")
    with pytest.raises(SnmpDecodeError):
        read_integer(buf, 0, len(buf))


def test_huge_engine_boots_are_refused() -> None:
    octets = [encode_tlv(4, b"engine-id"), encode_tlv(0x02, HUGE), encode_integer(1), encode_tlv(4, b"u")]
    params = encode_tlv(0x30, b"".join(octets) + encode_tlv(4, b"") + encode_tlv(4, b""))
    with pytest.raises(SnmpDecodeError, match="boots/time"):
        decode_usm_parameters(params, 0, len(params))


def test_renderers_never_ask_for_more_digits_than_python_prints() -> None:
    # net-snmp sums a wide "d" part into 64 bits, and so do we (no 4800-digit number)
    assert hinted_octets(HUGE, "2000d") == str(int.from_bytes(HUGE[-8:], "big"))
    assert hinted_integer(5, False, "d-" + "9" * 5000) == "5"
    assert hinted_integer(5, False, "d-99") == "." + "5".rjust(99, "0")
    assert hinted_integer(12345, False, "d-2") == "123.45"


@pytest.mark.parametrize(
    "hostile",
    [
        {"varbind_list": varbind_list(b"\x2b" + b"\x81" * 2100 + b"\x01")},
        {"varbind_list": varbind_list(b"\x2b\x06", encode_tlv(0x02, HUGE))},
        {"varbind_list": varbind_list(b"\x2b\x06"), "error_status": encode_tlv(0x02, HUGE)},
        {"varbind_list": varbind_list(b"\x2b\x06"), "request_id": encode_tlv(0x02, HUGE)},
    ],
    ids=["arc", "integer", "error-status", "request-id"],
)
def test_a_session_drops_and_counts_a_hostile_reply_then_takes_the_good_one(hostile: dict) -> None:
    def reply(request: bytes) -> list[bytes]:
        return [response_datagram(request, **hostile), good_response(request, {SYS_DESCR: b"ok"})]

    with HostileResponder(reply) as agent, SnmpSession("127.0.0.1", agent.port, timeout=1) as session:
        assert session.get(SYS_DESCR) == b"ok"
        assert session.stats.dropped_malformed == 1


def test_an_oid_of_more_than_128_arcs_is_refused_and_128_accepted() -> None:
    # Found by the fuzz test: the agent echoed such a name and parse_oid refused it.
    assert len(decode(varbind_list(b"\x2b" + b"\x01" * 126))[0][0].split(".")) == 128
    with pytest.raises(SnmpDecodeError, match="OID of 129 sub-identifiers"):
        decode(varbind_list(b"\x2b" + b"\x01" * 127))
    with pytest.raises(SnmpDecodeError, match="OID of 129 sub-identifiers"):
        decode_oid_with_arcs(b"\x2b" + b"\x01" * 127)
