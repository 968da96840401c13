"""Typed SET input: snmpset's letters and the dialog's MIB-typed rules, good and bad input for each."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from core.mib import load_mibs
from core.mib.store import MibStore
from core.set_value import SetValueError, hex_octets, netsnmp_value, parse_octet_hint, typed_value
from core.types import Counter32, Gauge32, IpAddress, ObjectIdentifier, Opaque, TimeTicks

MIBS = Path(__file__).resolve().parents[3] / "shared" / "mibs" / "netsnmp"


@pytest.fixture(scope="module")
def store() -> MibStore:
    return load_mibs(dirs=str(MIBS))


def node(store: MibStore, name: str):  # type: ignore[no-untyped-def]
    found = store.by_name(name)
    assert found is not None, name
    return found


# ------------------------------------------------------------------ the dialog's rules


@pytest.mark.parametrize("text, value", [("down", 2), ("DOWN", 2), ("2", 2), (" up ", 1)])
def test_enum_takes_label_or_number(store: MibStore, text: str, value: int) -> None:
    assert typed_value(node(store, "ifAdminStatus"), text, store) == value


@pytest.mark.parametrize("text", ["7", "sideways", "", "1.5"])
def test_enum_refuses_what_is_not_listed_and_names_the_labels(store: MibStore, text: str) -> None:
    with pytest.raises(SetValueError) as caught:
        typed_value(node(store, "ifAdminStatus"), text, store)
    assert "up(1)" in caught.value.rule and "down(2)" in caught.value.rule


def test_truth_value_and_row_status_labels(store: MibStore) -> None:
    assert typed_value(node(store, "ifPromiscuousMode"), "true", store) == 1  # TruthValue
    assert typed_value(node(store, "ifPromiscuousMode"), "false", store) == 2
    row_status = node(store, "snmpTargetAddrRowStatus")
    assert [typed_value(row_status, label, store) for label in
            ("active", "notInService", "notReady", "createAndGo", "createAndWait", "destroy")] == [1, 2, 3, 4, 5, 6]


def test_integer_range_is_checked(store: MibStore) -> None:
    timeout = node(store, "snmpTargetAddrTimeout")  # TimeInterval: (0..2147483647)
    assert typed_value(timeout, "1500", store) == 1500
    with pytest.raises(SetValueError) as caught:
        typed_value(timeout, "-1", store)
    assert "0..2147483647" in caught.value.rule
    with pytest.raises(SetValueError):
        typed_value(timeout, "ten", store)


def test_display_string_size_is_checked(store: MibStore) -> None:
    location = node(store, "sysLocation")
    assert typed_value(location, "rack 12 ∕ B", store) == "rack 12 ∕ B".encode()
    with pytest.raises(SetValueError) as caught:
        typed_value(location, "x" * 256, store)
    assert "(0..255)" in caught.value.rule


def test_mac_address_and_hex(store: MibStore) -> None:
    mac = node(store, "ifPhysAddress")
    assert typed_value(mac, "00:11:22:aa:bb:cc", store) == bytes.fromhex("001122aabbcc")
    assert typed_value(mac, "0x001122aabbcc", store) == bytes.fromhex("001122aabbcc")
    with pytest.raises(SetValueError) as caught:
        typed_value(mac, "00:11:zz", store)
    assert "1x:" in caught.value.rule
    with pytest.raises(SetValueError):
        typed_value(mac, "0x0g", store)


def test_date_and_time(store: MibStore) -> None:
    date = node(store, "hrSystemDate")
    assert typed_value(date, "2017-9-12,7:8:0.0,+8:0", store) == bytes.fromhex("07e1090c070800002b0800")
    with pytest.raises(SetValueError):
        typed_value(date, "yesterday", store)


def test_ip_address_and_oid(store: MibStore) -> None:
    assert typed_value(node(store, "ipAdEntAddr"), "192.0.2.1", store) == IpAddress("192.0.2.1")
    with pytest.raises(SetValueError):
        typed_value(node(store, "ipAdEntAddr"), "192.0.2.256", store)
    assert typed_value(node(store, "sysObjectID"), "IF-MIB::ifIndex", store) == ObjectIdentifier("1.3.6.1.2.1.2.2.1.1")
    assert typed_value(node(store, "sysObjectID"), "1.3.6.1.4.1.8072", store) == ObjectIdentifier("1.3.6.1.4.1.8072")
    with pytest.raises(SetValueError):
        typed_value(node(store, "sysObjectID"), "no-such-thing", store)


def test_bits_by_name_or_number(store: MibStore) -> None:
    bits = node(store, "schedWeekDay")  # BITS { sunday(0) .. saturday(6) }
    assert typed_value(bits, "monday saturday", store) == bytes([0b01000010])
    assert typed_value(bits, "1,6", store) == bytes([0b01000010])
    with pytest.raises(SetValueError) as caught:
        typed_value(bits, "funday", store)
    assert "monday(1)" in caught.value.rule
    with pytest.raises(SetValueError):
        typed_value(bits, "9", store)


def test_unsigned_types(store: MibStore) -> None:
    assert typed_value(node(store, "sysUpTime"), "100", store) == TimeTicks(100)
    with pytest.raises(SetValueError):
        typed_value(node(store, "sysUpTime"), "-1", store)
    assert isinstance(typed_value(node(store, "ifInOctets"), "5", store), Counter32)


# ------------------------------------------------------------------ snmpset's letters


def test_netsnmp_letters_make_the_types_snmpset_sends(store: MibStore) -> None:
    assert netsnmp_value(None, "u", "7") == Gauge32(7)
    assert netsnmp_value(None, "t", "7") == TimeTicks(7)
    assert netsnmp_value(None, "a", "10.0.0.1") == IpAddress("10.0.0.1")
    assert netsnmp_value(None, "o", "1.3.6.1") == ObjectIdentifier("1.3.6.1")
    assert netsnmp_value(None, "x", "0x4142") == b"AB"
    assert netsnmp_value(None, "d", "65 66") == b"AB"
    assert netsnmp_value(None, "n", "") is None
    assert netsnmp_value(None, "F", "1.5") == Opaque(b"\x9f\x78\x04" + struct.pack(">f", 1.5))
    assert netsnmp_value(None, "D", "1.5") == Opaque(b"\x9f\x79\x08" + struct.pack(">d", 1.5))
    assert netsnmp_value(None, "I", "-1") == Opaque(b"\x9f\x7a\x01\xff")
    assert netsnmp_value(node(store, "ifAdminStatus"), "=", "down", store) == 2
    assert netsnmp_value(node(store, "ifAdminStatus"), "i", "9", store) == 9  # snmpset leaves enums to the agent


@pytest.mark.parametrize("letter, text, message", [
    ("i", "", "Bad value notation ()"),
    ("u", "-", "Bad value notation (-)"),
    ("a", "300.1.1.1", "Bad value notation (300.1.1.1)"),
    ("x", "414", "Bad value notation (414)"),
    ("d", "256", "Bad value notation (256)"),
    ("=", "x", 'Bad variable type ("=")'),
])
def test_netsnmp_letters_refuse_bad_text(letter: str, text: str, message: str) -> None:
    with pytest.raises(SetValueError) as caught:
        netsnmp_value(None, letter, text)
    assert str(caught.value) == message


def test_hint_parsing_is_the_inverse_of_display() -> None:
    assert parse_octet_hint("1d.1d.1d.1d", "192.0.2.1") == bytes([192, 0, 2, 1])
    assert parse_octet_hint("255a", "hello") == b"hello"
    assert parse_octet_hint("1x:", "hello") is None
    assert hex_octets("41 42") == b"AB" and hex_octets("4") is None
