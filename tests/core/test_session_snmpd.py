"""SnmpSession against the real Net-SNMP snmpd fixture (v1/v2c, IPv4 and IPv6)."""

from __future__ import annotations

import re
import subprocess
import uuid

import pytest

from core import (
    Counter32,
    Counter64,
    Gauge32,
    IpAddress,
    NoSuchInstance,
    ObjectIdentifier,
    Opaque,
    SnmpSession,
    SnmpStatusError,
    SnmpVersion,
    SnmpVersionError,
    TimeTicks,
)
from core.oid import oid_key

SYS_DESCR = "1.3.6.1.2.1.1.1.0"
SYS_OBJECT_ID = "1.3.6.1.2.1.1.2.0"
SYS_UPTIME = "1.3.6.1.2.1.1.3.0"
SYS_CONTACT = "1.3.6.1.2.1.1.4.0"
SYS_NAME = "1.3.6.1.2.1.1.5.0"
SYS_LOCATION = "1.3.6.1.2.1.1.6.0"
SYSTEM = "1.3.6.1.2.1.1"
IF_DESCR = "1.3.6.1.2.1.2.2.1.2"
MISSING = "1.3.6.1.2.1.1.99.0"

VERSIONS = [SnmpVersion.v1, SnmpVersion.v2c]
FAMILIES = ["host4", "host6"]


def session(snmpd, family: str, version: SnmpVersion, community: str | None = None, **kw) -> SnmpSession:
    return SnmpSession(
        getattr(snmpd, family), snmpd.port, community=community or snmpd.community_ro,
        version=version, timeout=2.0, retries=1, **kw,
    )


@pytest.mark.parametrize("version", VERSIONS, ids=lambda v: v.label)
@pytest.mark.parametrize("family", FAMILIES)
def test_get_and_get_many(snmpd, family: str, version: SnmpVersion) -> None:
    with session(snmpd, family, version) as s:
        descr = s.get(SYS_DESCR)
        assert isinstance(descr, bytes) and descr.startswith(b"Linux")
        assert isinstance(s.get(SYS_UPTIME), TimeTicks)
        oid = s.get("." + SYS_OBJECT_ID)
        assert isinstance(oid, ObjectIdentifier) and oid.startswith("1.3.6.1.4.1.")
        many = s.get_many([SYS_DESCR, MISSING, SYS_UPTIME])
        assert set(many) == {SYS_DESCR, SYS_UPTIME}
        assert many[SYS_DESCR] == descr


@pytest.mark.parametrize("version", VERSIONS, ids=lambda v: v.label)
@pytest.mark.parametrize("family", FAMILIES)
def test_get_missing_raises_no_such_instance(snmpd, family: str, version: SnmpVersion) -> None:
    with session(snmpd, family, version) as s:
        with pytest.raises(NoSuchInstance) as info:
            s.get(MISSING)
        assert MISSING in str(info.value)
        expected = "noSuchName" if version == SnmpVersion.v1 else "noSuchObject"
        assert expected in str(info.value)


@pytest.mark.parametrize("version", VERSIONS, ids=lambda v: v.label)
@pytest.mark.parametrize("family", FAMILIES)
def test_walks_agree(snmpd, family: str, version: SnmpVersion) -> None:
    with session(snmpd, family, version) as s:
        by_next = list(s.getnext(SYSTEM))
        fetched = list(s.fetch(SYSTEM))
        if version == SnmpVersion.v2c:
            by_bulk = list(s.getbulk(SYSTEM, max_repetitions=3))
            assert [o for o, _ in by_bulk] == [o for o, _ in by_next]
        else:
            with pytest.raises(SnmpVersionError, match="GETBULK needs SNMPv2c"):
                next(s.getbulk(SYSTEM))
    names = [o for o, _ in by_next]
    assert names == [o for o, _ in fetched]
    assert names[0] == SYS_DESCR
    assert all(o.startswith(SYSTEM + ".") for o in names)
    assert names == sorted(names, key=oid_key) and len(set(names)) == len(names)


@pytest.mark.parametrize("version", VERSIONS, ids=lambda v: v.label)
def test_fetch_arcs_is_fetch_with_arcs_for_names(snmpd, version: SnmpVersion) -> None:
    with session(snmpd, "host4", version, max_repetitions=7) as s:
        by_text = list(s.fetch("1.3.6.1.2.1.2"))
        by_arcs = list(s.fetch_arcs("1.3.6.1.2.1.2"))
    assert len(by_text) > 20
    assert [oid for oid, _ in by_arcs] == [oid_key(oid) for oid, _ in by_text]
    stable = [(o, v) for o, v in by_text if not isinstance(v, int)]  # counters move
    assert [(oid_key(o), v) for o, v in stable] == [(a, v) for a, v in by_arcs if not isinstance(v, int)]


def test_walk_of_a_leaf_and_past_the_end_is_empty(snmpd) -> None:
    with session(snmpd, "host4", SnmpVersion.v2c) as s:
        assert list(s.fetch(SYS_DESCR)) == []
        assert list(s.fetch("1.3.6.1.99")) == []
    with session(snmpd, "host4", SnmpVersion.v1) as s:
        assert list(s.getnext("1.3.6.1.99")) == []


def test_bulk_walk_with_small_pages_matches_getnext(snmpd) -> None:
    with session(snmpd, "host6", SnmpVersion.v2c) as s:
        assert list(s.getbulk(IF_DESCR, max_repetitions=1)) == list(s.getnext(IF_DESCR))
        assert s.stats.dropped == 0


@pytest.mark.parametrize("version", VERSIONS, ids=lambda v: v.label)
@pytest.mark.parametrize("family", FAMILIES)
def test_set_through_rw_community(snmpd, family: str, version: SnmpVersion) -> None:
    contact = f"noc-{uuid.uuid4().hex[:8]}@example.net"
    location = f"rack {uuid.uuid4().hex[:4]}"
    with session(snmpd, family, version, community=snmpd.community_rw) as s:
        answered = s.set(SYS_CONTACT, contact.encode())
        assert answered == contact.encode()
        both = s.set_many({SYS_LOCATION: location, SYS_NAME: b"fixture"})
        assert both == {SYS_LOCATION: location.encode(), SYS_NAME: b"fixture"}
    with session(snmpd, family, version) as s:
        assert s.get(SYS_CONTACT) == contact.encode()
        assert s.get(SYS_LOCATION) == location.encode()


@pytest.mark.parametrize("version", VERSIONS, ids=lambda v: v.label)
def test_set_through_ro_community_is_refused_clearly(snmpd, version: SnmpVersion) -> None:
    with session(snmpd, "host4", version) as s:
        with pytest.raises(SnmpStatusError) as info:
            s.set(SYS_CONTACT, b"intruder")
    text = str(info.value)
    assert SYS_CONTACT in text
    assert info.value.status_name in ("noSuchName", "noAccess", "notWritable", "authorizationError")
    assert info.value.status_name in text


def test_set_with_wrong_type_names_status(snmpd) -> None:
    with session(snmpd, "host4", SnmpVersion.v2c, community=snmpd.community_rw) as s:
        with pytest.raises(SnmpStatusError) as info:
            s.set(SYS_CONTACT, 42)
    assert info.value.status_name == "wrongType"
    assert "wrongType for 1.3.6.1.2.1.1.4.0" in str(info.value)


def test_bad_oid_text_is_a_value_error_naming_it(snmpd) -> None:
    with session(snmpd, "host4", SnmpVersion.v2c) as s:
        with pytest.raises(ValueError, match="'1.3.six'"):
            s.get("1.3.six")
        with pytest.raises(ValueError, match="'sysDescr.0'"):
            list(s.fetch("sysDescr.0"))


def test_engine_id_is_v3_only(snmpd) -> None:
    with session(snmpd, "host4", SnmpVersion.v2c) as s:
        with pytest.raises(SnmpVersionError, match="v2c"):
            s.get_engine_id()
        with pytest.raises(SnmpVersionError):
            s.refresh()


# ------------------------------------------------------------------ oracle

# Subtrees that change between two walks: processes, our own UDP/TCP sockets,
# counters and clocks.
VOLATILE = (
    "1.3.6.1.2.1.25.4.", "1.3.6.1.2.1.25.5.", "1.3.6.1.2.1.7.5.", "1.3.6.1.2.1.7.7.",
    "1.3.6.1.2.1.6.13.", "1.3.6.1.2.1.6.19.", "1.3.6.1.2.1.6.20.", "1.3.6.1.2.1.25.1.",
    "1.3.6.1.2.1.25.2.", "1.3.6.1.4.1.2021.", "1.3.6.1.2.1.4.31.", "1.3.6.1.2.1.1.3.",
    "1.3.6.1.6.3.", "1.3.6.1.2.1.4.35.", "1.3.6.1.2.1.4.22.", "1.3.6.1.2.1.25.3.3.",
)
# Objects whose values must be equal in both walks.
STABLE_VALUES = ("1.3.6.1.2.1.1.1.", "1.3.6.1.2.1.1.2.", "1.3.6.1.2.1.2.2.1.2.", "1.3.6.1.2.1.2.2.1.3.",
                 "1.3.6.1.2.1.2.2.1.6.", "1.3.6.1.2.1.4.20.", "1.3.6.1.2.1.31.1.1.1.1.",
                 "1.3.6.1.2.1.1.9.1.3.", "1.3.6.1.2.1.2.1.")

NET_SNMP_TYPES = {
    "INTEGER": int, "Hex-STRING": bytes, "STRING": bytes, '""': bytes, "OID": ObjectIdentifier,
    "Timeticks": TimeTicks, "Counter32": Counter32, "Gauge32": Gauge32, "Counter64": Counter64,
    "IpAddress": IpAddress, "Opaque": Opaque,
}
_LINE = re.compile(r"^\.(?P<oid>[\d.]+) = (?:(?P<type>[A-Za-z0-9-]+): (?P<value>.*)|(?P<bare>.*))$")


def parse_snmpwalk(text: str) -> list[tuple[str, type, str]]:
    """(oid, python type, value text) per varbind of `snmpbulkwalk -On -Ox -Oe -Ot` output."""
    out: list[tuple[str, type, str]] = []
    for line in text.splitlines():
        match = _LINE.match(line)
        if not match:
            # A continuation line of a long Hex-STRING.
            oid, kind, value = out[-1]
            out[-1] = (oid, kind, value + " " + line.strip())
            continue
        if match["type"]:
            kind, value = match["type"], match["value"]
        elif match["bare"] == '""':
            kind, value = '""', ""
        elif match["bare"].startswith("No more variables"):
            continue
        else:
            kind, value = "Timeticks", match["bare"]
        out.append((match["oid"], NET_SNMP_TYPES[kind], value.strip()))
    return out


def _as_net_snmp_text(value: object) -> str:
    if isinstance(value, bytes):
        return " ".join(f"{b:02X}" for b in value)
    if isinstance(value, ObjectIdentifier):
        return "." + value
    return str(value)


def test_fetch_matches_snmpbulkwalk(snmpd) -> None:
    oracle = subprocess.run(
        ["snmpbulkwalk", "-v2c", "-c", snmpd.community_ro, "-On", "-Ox", "-Oe", "-Ot",
         f"{snmpd.host4}:{snmpd.port}", "1.3.6.1"],
        capture_output=True, text=True, check=True, env=snmpd.tool_env,
    )
    expected = parse_snmpwalk(oracle.stdout)
    with session(snmpd, "host4", SnmpVersion.v2c) as s:
        got = list(s.fetch("1.3.6.1"))
    assert len(expected) > 1000

    def stable(oid: str) -> bool:
        return not any(oid.startswith(v) for v in VOLATILE)

    want = [(o, t) for o, t, _ in expected if stable(o)]
    have = [(o, type(v)) for o, v in got if stable(o)]
    assert have == want
    want_values = {o: v for o, _, v in expected if o.startswith(STABLE_VALUES)}
    have_values = {o: _as_net_snmp_text(v) for o, v in got if o.startswith(STABLE_VALUES)}
    assert len(want_values) > 20
    assert have_values == want_values


@pytest.mark.parametrize("version", VERSIONS, ids=lambda v: v.label)
def test_next_one_steps_once_and_ends_at_the_view(snmpd, version: SnmpVersion) -> None:
    with session(snmpd, "host4", version) as s:
        name, value = s.next_one(SYS_DESCR)
        assert name == SYS_OBJECT_ID and value == s.get(SYS_OBJECT_ID)
        assert s.next_one("1.3.6.1.99") is None  # v1 noSuchName, v2c endOfMibView: both the end
        assert s.next_one(SYSTEM) == (SYS_DESCR, s.get(SYS_DESCR))
