"""Value rendering and INDEX decoding, against hand-computed RFC 2579 / RFC 2578 results."""

from __future__ import annotations

import pytest

from core.mib import decode_index, format_index, render_value
from core.mib.render import apply_integer_hint, apply_octet_hint, format_timeticks
from core.mib.store import MibStore
from core.types import Counter32, Gauge32, IpAddress, ObjectIdentifier, TimeTicks


@pytest.mark.parametrize(("ticks", "text"), [
    (0, "00:00:00.00"),
    (6, "00:00:00.06"),
    (2 * 8640000 + 3 * 360000 + 4 * 6000 + 5 * 100 + 6, "2 days, 03:04:05.06"),
    (8640000, "1 day, 00:00:00.00"),
])
def test_timeticks(ticks: int, text: str) -> None:
    assert format_timeticks(ticks) == text


@pytest.mark.parametrize(("hint", "data", "text"), [
    ("1x:", bytes([0, 0x11, 0xAB, 3, 4, 5]), "00:11:ab:03:04:05"),
    ("255a", b"hello", "hello"),
    ("1d.1d.1d.1d", bytes([10, 0, 0, 1]), "10.0.0.1"),
    ("2d-1d-1d,1d:1d:1d.1d,1a1d:1d", bytes([0x07, 0xE8, 1, 5, 13, 30, 15, 0, 0x2B, 2, 0]),
     "2024-1-5,13:30:15.0,+2:0"),
    ("*1x:/1a", bytes([2, 0xAA, 0xBB, 0x41]), "aa:bb/A"),
    ("1d.", bytes([1, 2, 3]), "1.2.3"),
    ("4x", bytes([0, 0, 1, 0]), "00000100"),
])
def test_octet_display_hints(hint: str, data: bytes, text: str) -> None:
    assert apply_octet_hint(hint, data) == text


@pytest.mark.parametrize(("hint", "value", "text"), [
    ("d-2", 1234, "12.34"), ("d-2", 5, "0.05"), ("d-2", -1234, "-12.34"), ("d-1", 0, "0.0"),
    ("x", 255, "ff"), ("o", 8, "10"), ("b", 5, "101"), ("d", 7, "7"),
])
def test_integer_display_hints(hint: str, value: int, text: str) -> None:
    assert apply_integer_hint(hint, value) == text


def test_invalid_hints_are_refused() -> None:
    assert apply_octet_hint("zz", b"a") is None
    assert apply_integer_hint("d-x", 3) is None


def test_render_by_node(store: MibStore) -> None:
    def node(name: str):  # type: ignore[no-untyped-def]
        found = store.by_name(name)
        assert found is not None, name
        return found

    assert render_value(node("IF-MIB::ifOperStatus"), 1) == "up(1)"
    assert render_value(node("IF-MIB::ifOperStatus"), 99) == "99"
    assert render_value(node("IF-MIB::ifPhysAddress"), b"\x00\x1b\x21\x3a\x4f\x50") == "00:1b:21:3a:4f:50"
    assert render_value(node("SNMPv2-MIB::sysDescr"), b"Linux box") == "Linux box"
    assert render_value(node("SNMPv2-MIB::sysUpTime"), TimeTicks(8640006)) == "1 day, 00:00:00.06"
    assert render_value(node("IP-MIB::ipAdEntAddr"), IpAddress("10.1.2.3")) == "10.1.2.3"
    assert render_value(node("IF-MIB::ifInOctets"), Counter32(42)) == "42"
    units = node("HOST-RESOURCES-MIB::hrStorageAllocationUnits")
    assert units.units == "Bytes"
    assert render_value(units, 4096) == "4096 Bytes"
    assert render_value(units, 4096, units=False) == "4096"
    assert render_value(node("IF-MIB::ifHighSpeed"), Gauge32(1000)) == "1000"
    assert render_value(node("HOST-RESOURCES-MIB::hrStorageType"),
                        ObjectIdentifier("1.3.6.1.2.1.25.2.1.4")) == "HOST-RESOURCES-TYPES::hrStorageFixedDisk"
    assert render_value(node("HOST-RESOURCES-MIB::hrSystemDate"),
                        bytes([0x07, 0xE8, 12, 31, 23, 59, 59, 9])) == "2024-12-31,23:59:59.9"
    assert render_value(node("SNMPv2-MIB::sysDescr"), b"\x00\xff\x10") == "00 FF 10"
    assert render_value(None, None) == "NULL"
    assert render_value(node("SNMP-FRAMEWORK-MIB::snmpEngineID"), b"\x80\x00\x1f\x88") == "80 00 1F 88"


def test_render_bits(store: MibStore) -> None:
    candidates = [n for n in store.nodes if n.syntax is not None and n.syntax.base == "BITS" and n.syntax.bits]
    node = candidates[0]
    assert node.syntax is not None
    first, second = sorted(node.syntax.bits)[:2]
    data = bytearray(max(first, second) // 8 + 1)
    for bit in (first, second):
        data[bit // 8] |= 0x80 >> (bit % 8)
    text = render_value(node, bytes(data), units=False)
    hexed = " ".join(f"{b:02X}" for b in data)
    assert text == f"{hexed} {node.syntax.bits[first]}({first}) {node.syntax.bits[second]}({second})"
    assert render_value(node, bytes(len(data)), units=False) == " ".join(["00"] * len(data))


def test_text_is_utf8_and_binary_is_hex(store: MibStore) -> None:
    contact = store.by_name("SNMPv2-MIB::sysContact")
    assert render_value(contact, "马刚".encode()) == "马刚"
    assert render_value(contact, b"\xe9\xff\x00abc") == "E9 FF 00 61 62 63"
    assert render_value(contact, b"\x00") == "00"
    assert "\ufffd" not in render_value(store.by_name("SNMP-FRAMEWORK-MIB::snmpAdminString") or contact, b"\xff\xfe")


def test_store_as_target_uses_oid(store: MibStore) -> None:
    oid = store.resolve("IF-MIB::ifAdminStatus.2")
    assert render_value(store, 2, oid) == "down(2)"


@pytest.mark.parametrize(("text", "shown"), [
    ("IP-MIB::ipNetToPhysicalPhysAddress.2.1.4.10.0.0.1", "ipNetToPhysicalPhysAddress[2][ipv4][10.0.0.1]"),
    ("IP-MIB::ipNetToPhysicalPhysAddress.2.2.16.254.128.0.0.0.0.0.0.0.0.0.0.0.0.0.1",
     "ipNetToPhysicalPhysAddress[2][ipv6][fe80::1]"),
    ("IF-MIB::ifDescr.3", "ifDescr[3]"),
    ("SNMPv2-MIB::sysDescr.0", "sysDescr.0"),
    ("SNMP-VIEW-BASED-ACM-MIB::vacmGroupName.1.5.112.117.98.108.105", 'vacmGroupName[1][publi]'),
    ("BRIDGE-MIB::dot1dTpFdbAddress.0.17.34.51.68.85", "dot1dTpFdbAddress[00:11:22:33:44:55]"),
    ("IF-MIB::ifDescr.3.7", "ifDescr[3].7"),
])
def test_index_display(store: MibStore, text: str, shown: str) -> None:
    assert format_index(store, store.resolve(text)) == shown


def test_decode_index_values(store: MibStore) -> None:
    oid = store.resolve("IP-MIB::ipNetToPhysicalPhysAddress.2.1.4.10.0.0.1")
    node, rest = store.lookup(oid)
    assert node is not None
    values, left = decode_index(node, rest)
    assert [v.name for v in values] == ["ipNetToPhysicalIfIndex", "ipNetToPhysicalNetAddressType",
                                        "ipNetToPhysicalNetAddress"]
    assert [v.value for v in values] == [2, 1, b"\x0a\x00\x00\x01"]
    assert left == ()
    # IMPLIED: usmUserSecurityName-style tables end with an IMPLIED string
    implied = [n for n in store.nodes if n.kind == "row" and any(i for _, i in n.index)]
    assert implied, "corpus has rows with IMPLIED indexes"
