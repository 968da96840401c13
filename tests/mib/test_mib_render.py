"""The browser's value rendering (the net-snmp formatter's friendly mode) and INDEX decoding,
against hand-computed net-snmp / RFC 2578 results."""

from __future__ import annotations

import pytest

from core.mib import decode_index, format_index
from core.snapshot.netsnmp_format import browser_formatter, browser_value, set_bits
from core.mib.store import MibStore
from core.types import Counter32, Gauge32, IpAddress, ObjectIdentifier, TimeTicks


def test_browser_renders_by_node_as_net_snmp(store: MibStore) -> None:
    def node(name: str):  # type: ignore[no-untyped-def]
        found = store.by_name(name)
        assert found is not None, name
        return found

    assert browser_value(node("IF-MIB::ifOperStatus"), 1) == "up(1)"
    assert browser_value(node("IF-MIB::ifOperStatus"), 99) == "99"
    # net-snmp's MacAddress: octets unpadded
    assert browser_value(node("IF-MIB::ifPhysAddress"), b"\x00\x1b\x21\x3a\x4f\x50") == "0:1b:21:3a:4f:50"
    assert browser_value(node("SNMPv2-MIB::sysDescr"), b"Linux box") == "Linux box"
    assert browser_value(node("SNMPv2-MIB::sysUpTime"), TimeTicks(8640006)) == "(8640006) 1 day, 0:00:00.06"
    assert browser_value(node("IP-MIB::ipAdEntAddr"), IpAddress("10.1.2.3")) == "10.1.2.3"
    assert browser_value(node("IF-MIB::ifInOctets"), Counter32(42)) == "42"
    units = node("HOST-RESOURCES-MIB::hrStorageAllocationUnits")
    assert units.units == "Bytes"
    assert browser_value(units, 4096) == "4096 Bytes"
    assert browser_value(node("IF-MIB::ifHighSpeed"), Gauge32(1000)) == "1000"
    assert browser_value(node("HOST-RESOURCES-MIB::hrStorageType"),
                         ObjectIdentifier("1.3.6.1.2.1.25.2.1.4")) == "HOST-RESOURCES-TYPES::hrStorageFixedDisk"
    assert browser_value(node("HOST-RESOURCES-MIB::hrSystemDate"),
                         bytes([0x07, 0xE8, 12, 31, 23, 59, 59, 9])) == "2024-12-31,23:59:59.9"
    # a DisplayString holding control bytes: hex, not raw to the terminal (BROWSER_DIFFERENCES)
    assert browser_value(node("SNMPv2-MIB::sysDescr"), b"\x00\xff\x10") == "..."  # a NUL: net-snmp's dots
    assert browser_value(node("SNMPv2-MIB::sysDescr"), b"\x1b[2J") == "1B 5B 32 4A "
    assert browser_value(None, None) == "NULL"
    assert browser_value(node("SNMP-FRAMEWORK-MIB::snmpEngineID"), b"\x80\x00\x1f\x88") == "80 00 1F 88 "


def test_browser_bits_are_hex_then_names(store: MibStore) -> None:
    candidates = [n for n in store.nodes if n.syntax is not None and n.syntax.base == "BITS" and n.syntax.bits
                  and not n.units]
    node = candidates[0]
    assert node.syntax is not None
    first, second = sorted(node.syntax.bits)[:2]
    data = bytearray(max(first, second) // 8 + 1)
    for bit in (first, second):
        data[bit // 8] |= 0x80 >> (bit % 8)
    text = browser_value(node, bytes(data))
    hexed = "".join(f"{b:02X} " for b in data)
    assert text == f"{hexed}{node.syntax.bits[first]}({first}) {node.syntax.bits[second]}({second}) "
    assert browser_value(node, bytes(len(data))) == "00 " * len(data)
    assert set_bits(bytes(data)) == [first, second]


def test_browser_text_is_utf8_and_binary_is_hex(store: MibStore) -> None:
    contact = store.by_name("SNMPv2-MIB::sysContact")
    assert browser_value(contact, "马刚".encode()) == "马刚"
    assert browser_value(contact, b"\xe9\xff\x00abc") == "...abc"  # net-snmp's dots where a NUL is
    assert browser_value(contact, b"\xe9\xffabc") == "E9 FF 61 62 63 "
    assert browser_value(contact, b"\x00") == "."
    admin = store.by_name("SNMP-FRAMEWORK-MIB::snmpAdminString") or contact
    assert "\ufffd" not in browser_value(admin, b"\xff\xfe")
    # without a DISPLAY-HINT: text quoted as net-snmp quotes it, UTF-8 as text
    engine = store.by_name("SNMP-FRAMEWORK-MIB::snmpEngineID")
    assert engine is not None
    plain = browser_formatter(store)
    oid = store.resolve("SNMPv2-MIB::sysORID.1")[:-2] + (99, 0)  # no MIB object: by the value's type
    assert plain.value_text(oid, "ä \"q\"".encode()) == '"ä \\"q\\""'
    assert plain.value_text(oid, b"\xc3") == "C3 "


def test_browser_renders_by_instance_oid(store: MibStore) -> None:
    oid = store.resolve("IF-MIB::ifAdminStatus.2")
    assert browser_formatter(store).value_text(oid, 2) == "down(2)"


@pytest.mark.parametrize(("text", "shown"), [
    ("IP-MIB::ipNetToPhysicalPhysAddress.2.1.4.10.0.0.1", "ipNetToPhysicalPhysAddress[2][ipv4][10.0.0.1]"),
    ("IP-MIB::ipNetToPhysicalPhysAddress.2.2.16.254.128.0.0.0.0.0.0.0.0.0.0.0.0.0.1",
     "ipNetToPhysicalPhysAddress[2][ipv6][fe80::1]"),
    ("IF-MIB::ifDescr.3", "ifDescr[3]"),
    ("SNMPv2-MIB::sysDescr.0", "sysDescr.0"),
    ("SNMP-VIEW-BASED-ACM-MIB::vacmGroupName.1.5.112.117.98.108.105", 'vacmGroupName[1][publi]'),
    ("BRIDGE-MIB::dot1dTpFdbAddress.0.17.34.51.68.85", "dot1dTpFdbAddress[0:11:22:33:44:55]"),
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
