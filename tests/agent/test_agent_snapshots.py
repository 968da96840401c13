"""Snapshot files: snmprec read and written exactly, snmpwalk text read, clear errors."""

from __future__ import annotations

import bz2
import struct
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import Counter32, Counter64, Gauge32, IpAddress, ObjectIdentifier, Opaque, SnmpSession, TimeTicks
from core.agent import as_store
from core.snapshot.files import load_snapshot, read_bytes, save_snapshot
from core.snapshot.model import Record, Snapshot, SnapshotError
from core.snapshot.snmprec import format_record, format_snapshot, needs_hex
from core.snapshot.snmprec import parse as parse_snmprec
from core.snapshot.snmpwalk import parse as parse_snmpwalk
from agent.netsnmp_oracle import SNMPREC_DIR
from snmpd_fixture import require_tools, tool_env

RECORDINGS = sorted(p for p in SNMPREC_DIR.rglob("*") if p.name.endswith((".snmprec", ".snmprec.bz2")))


# ------------------------------------------------------------ snmprec


@pytest.mark.parametrize("path", RECORDINGS, ids=lambda p: p.name)
def test_every_shared_recording_round_trips_to_the_same_bytes(path: Path) -> None:
    assert format_snapshot(load_snapshot(path)) == read_bytes(path)


def test_values_and_tags(tmp_path: Path) -> None:
    text = (
        "1.3.6.1.2.1.1.1.0|4|Linux box\n"
        "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10\n"
        "1.3.6.1.2.1.1.3.0|67|233425120\n"
        "1.3.6.1.2.1.2.2.1.6.2|4x|0050568a1b2c\n"
        "1.3.6.1.2.1.2.2.1.10.2|65|4294967295\n"
        "1.3.6.1.2.1.2.2.1.5.2|66|100000000\n"
        "1.3.6.1.2.1.4.20.1.1.10.0.0.1|64x|0a000001\n"
        "1.3.6.1.2.1.4.20.1.1.74.125.77.125|64|J}M}\n"
        "1.3.6.1.2.1.4.20.1.3.10.0.0.1|64|255.255.255.0\n"
        "1.3.6.1.2.1.31.1.1.1.6.2|70|18446744073709551615\n"
        "1.3.6.1.4.1.2021.10.1.6.1|68x|9f78043eeb851f\n"
        "1.3.6.1.4.1.9.1.0|2|-5\n"
        "1.3.6.1.4.1.9.2.0|5|\n"
        "1.3.6.1.4.1.9.3.0|71|7\n"
        "1.3.6.1.4.1.9.4.0|4|a|b|c\n"
    )
    values = [r.value for r in parse_snmprec(text.encode()).records]
    assert values == [
        b"Linux box", ObjectIdentifier("1.3.6.1.4.1.8072.3.2.10"), TimeTicks(233425120),
        bytes.fromhex("0050568a1b2c"), Counter32(4294967295), Gauge32(100000000),
        IpAddress("10.0.0.1"), IpAddress("74.125.77.125"), IpAddress("255.255.255.0"),
        Counter64(2**64 - 1), Opaque(bytes.fromhex("9f78043eeb851f")), -5, None, 7, b"a|b|c",
    ]  # fmt: skip
    assert [type(v) for v in values[:3]] == [bytes, ObjectIdentifier, TimeTicks]


def test_crlf_comments_and_missing_final_newline_survive_a_round_trip() -> None:
    data = b"#header\r\n1.3.6.1.2.1.1.1.0|4|x\r\n\r\n#middle\r\n1.3.6.1.2.1.1.2.0|6|1.3.6.1\r\n#end"
    snapshot = parse_snmprec(data)
    assert [r.value for r in snapshot.records] == [b"x", ObjectIdentifier("1.3.6.1")]
    assert format_snapshot(snapshot) == data


def test_variation_modules_serve_a_plain_value_and_are_written_back(tmp_path: Path) -> None:
    text = (
        "1.3.6.1.2.1.1.3.0|67:numeric|rate=100,initial=123999999\n"
        "1.3.6.1.2.1.1.5.0|4:writecache|value=zeus (you can change this!)\n"
        "1.3.6.1.2.1.2.2.1.21.1|66:numeric|function=pow%<time>%2,scale=100,offset=100\n"
        "1.3.6.1.2.1.2.2.1.10.1|65:numeric|rate=200,deviation=10,cumulative=1\n"
        "1.3.6.1.4.1.2021.10.1.3.1|4:numeric|scale=15,min=0\n"
        "1.3.6.1.4.1.9.9.0|4:delay|hexvalue=00ff,wait=200\n"
    )
    snapshot = parse_snmprec(text.encode())
    assert [r.value for r in snapshot.records] == [
        TimeTicks(123999999), b"zeus (you can change this!)", Gauge32(100), Counter32(0), b"0", b"\x00\xff",
    ]
    assert format_snapshot(snapshot) == text.encode()


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("1.3.6.1.2.1.1.1.0|4", "expected OID|TAG|VALUE"),
        ("1.3.6.x.1|4|v", "bad OID"),
        ("1.3.6.1.2.1.1.1.0|99|v", "unknown tag 99"),
        ("1.3.6.1.2.1.1.1.0|2|seven", "1.3.6.1.2.1.1.1.0: invalid literal"),
        ("1.3.6.1.2.1.1.1.0|2|4294967296", "outside the Integer32 range"),
        ("1.3.6.1.2.1.1.1.0|65|-1", "Counter32 out of range"),
        ("1.3.6.1.2.1.1.1.0|4x|abc", "non-hexadecimal number"),
        ("1.3.6.1.2.1.1.1.0|2x|01", "tag 2 cannot be hex-encoded"),
        ("1.3.6.1.2.1.1.1.0|64|1.2.3", "invalid IpAddress"),
        ("1.3.6.1.2.1.1.1.0|4:redis|key=x", "variation module 'redis' has no plain value"),
    ],
)
def test_bad_lines_are_reported_with_file_and_line(tmp_path: Path, line: str, problem: str) -> None:
    path = tmp_path / "bad.snmprec"
    path.write_text(f"1.3.6.1.2.1.1.2.0|6|1.3.6.1\n{line}\n")
    with pytest.raises(SnapshotError) as info:
        load_snapshot(path)
    assert str(info.value).startswith(f"{path}:2: ")
    assert problem in str(info.value)
    lenient = load_snapshot(path, strict=False)
    assert len(lenient) == 1 and lenient.warnings[0].startswith(f"{path}:2: ")


def test_many_bad_lines_are_all_counted(tmp_path: Path) -> None:
    path = tmp_path / "bad.snmprec"
    path.write_text("".join(f"1.3.6.1.{i}|2|x\n" for i in range(1, 31)))
    with pytest.raises(SnapshotError) as info:
        load_snapshot(path)
    assert len(info.value.problems) == 30
    assert str(info.value).endswith("... and 20 more")


def test_repeated_oids_are_kept_in_the_file_but_served_once(tmp_path: Path) -> None:
    path = tmp_path / "dup.snmprec"
    data = b"1.3.6.1.2.1.1.5.0|4|first\n1.3.6.1.2.1.1.6.0|4|x\n1.3.6.1.2.1.1.5.0|4|second\n"
    path.write_bytes(data)
    snapshot = load_snapshot(path)
    assert snapshot.warnings == [f"{path}:3: 1.3.6.1.2.1.1.5.0 appears again; the first value is served"]
    assert as_store(snapshot).get("1.3.6.1.2.1.1.5.0") == b"first"
    assert format_snapshot(snapshot) == data


def test_bz2_is_read_and_written(tmp_path: Path) -> None:
    snapshot = Snapshot.from_pairs([("1.3.6.1.2.1.1.5.0", b"name"), ("1.3.6.1.2.1.1.3.0", TimeTicks(5))])
    path = tmp_path / "x.snmprec.bz2"
    save_snapshot(snapshot, path)
    assert bz2.decompress(path.read_bytes()) == b"1.3.6.1.2.1.1.5.0|4|name\n1.3.6.1.2.1.1.3.0|67|5\n"
    assert load_snapshot(path).pairs() == snapshot.pairs()
    broken = tmp_path / "broken.snmprec.bz2"
    broken.write_bytes(b"BZh9 not really")
    with pytest.raises(SnapshotError, match="not a valid bzip2 file"):
        load_snapshot(broken)


def test_canonical_form_of_new_records() -> None:
    assert format_record(Record("1.3.6.1.1", b"plain text")) == b"1.3.6.1.1|4|plain text"
    assert format_record(Record("1.3.6.1.1", b"trailing ")) == b"1.3.6.1.1|4x|747261696c696e6720"
    assert format_record(Record("1.3.6.1.1", b"\x00\x01")) == b"1.3.6.1.1|4x|0001"
    assert format_record(Record("1.3.6.1.1", IpAddress("10.1.2.3"))) == b"1.3.6.1.1|64x|0a010203"
    assert format_record(Record("1.3.6.1.1", "text")) == b"1.3.6.1.1|4|text"
    assert format_record(Record("1.3.6.1.1", None)) == b"1.3.6.1.1|5|"
    assert needs_hex(b"a\nb") and not needs_hex(b"") and not needs_hex(b"a b")


_VALUES = st.one_of(
    st.integers(-(2**31), 2**31 - 1),
    st.binary(max_size=40),
    st.builds(Counter32, st.integers(0, 2**32 - 1)),
    st.builds(Gauge32, st.integers(0, 2**32 - 1)),
    st.builds(TimeTicks, st.integers(0, 2**32 - 1)),
    st.builds(Counter64, st.integers(0, 2**64 - 1)),
    st.builds(Opaque, st.binary(max_size=20)),
    st.builds(lambda b: IpAddress("%d.%d.%d.%d" % tuple(b)), st.binary(min_size=4, max_size=4)),
    st.builds(
        lambda arcs: ObjectIdentifier("1.3" + "".join(f".{a}" for a in arcs)),
        st.lists(st.integers(0, 2**32 - 1), max_size=6),
    ),
    st.none(),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_VALUES, min_size=1, max_size=20))
def test_any_values_survive_writing_and_reading(values: list[object]) -> None:
    pairs = [(f"1.3.6.1.4.1.32473.{i}", v) for i, v in enumerate(values, 1)]
    data = format_snapshot(Snapshot.from_pairs(pairs))
    back = parse_snmprec(data).pairs()
    assert back == pairs
    assert [type(v) for _, v in back] == [type(v) for _, v in pairs]
    assert format_snapshot(parse_snmprec(data)) == data


# ------------------------------------------------------------ snmpwalk


def test_the_shared_snmpwalk_file_is_read() -> None:
    snapshot = load_snapshot(SNMPREC_DIR / "snmpsim" / "foreignformats" / "linux.snmpwalk")
    values = dict(snapshot.pairs())
    assert len(snapshot) == 3710 and not snapshot.warnings
    assert values["1.3.6.1.2.1.1.3.0"] == TimeTicks(121722922)
    assert values["1.3.6.1.2.1.1.2.0"] == ObjectIdentifier("1.3.6.1.4.1.8072.3.2.10")
    assert values["1.3.6.1.2.1.25.3.8.1.3.1"] == b""
    assert values["1.3.6.1.2.1.3.1.1.2.2.1.195.218.254.97"] == bytes.fromhex("000e849f9c19")
    assert values["1.3.6.1.2.1.2.2.1.5.1"] == Gauge32(10000000)
    assert values["1.3.6.1.4.1.2021.10.1.6.1"] == Opaque(b"\x9f\x78\x04" + struct.pack(">f", 0.05))
    bits = "1.3.6.1.4.1.8072.1.2.1.1.5.0.10.1.3.6.1.4.1.2021.10.1.6.127"
    assert values[bits] == b"\xc0"


def test_snmpwalk_forms_and_continuation_lines() -> None:
    text = (
        '.1.3.6.1.2.1.1.6.0 = STRING: "a\\"b\\\\c\nline2"\n'
        ".1.3.6.1.2.1.1.7.0 = Hex-STRING: 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 10 \n"
        "11 12 \n"
        ".1.3.6.1.2.1.1.3.0 = Timeticks: (40337) 0:06:43.37\n"
        ".1.3.6.1.2.1.2.2.1.8.1 = INTEGER: up(1)\n"
        ".1.3.6.1.2.1.2.2.1.4.1 = INTEGER: 1500 octets\n"
        ".1.3.6.1.2.1.4.22.1.3.1.10.0.0.1 = Network Address: 0A:00:00:01\n"
        ".1.3.6.1.2.1.1.8.0 = Wrong Type (should be Timeticks): Gauge32: 5\n"
        ".1.3.6.1.2.1.1.9.0 = BITS: 00 08 12\n"
        ".1.3.6.1.2.1.1.10.0 = Opaque: Double: 1.5\n"
        ".1.3.6.1.2.1.1.11.0 = NULL\n"
        ".1.3.6.1.2.1.1.12.0 = STRING: unquoted display hint\n"
        ".1.3.6.1.2.1.1.13.0 = No Such Instance currently exists at this OID\n"
        ".1.3.6.1.2.1.1.14.0 = UInteger32: 9\n"
    )
    values = [r.value for r in parse_snmpwalk(text.encode()).records]
    assert values == [
        b'a"b\\c\nline2', bytes(range(1, 19)), TimeTicks(40337), 1, 1500, IpAddress("10.0.0.1"),
        Gauge32(5), b"\x00\x08", Opaque(b"\x9f\x79\x08" + struct.pack(">d", 1.5)), None,
        b"unquoted display hint", values[-1],
    ]  # fmt: skip
    assert int(values[-1]) == 9


def test_symbolic_oids_are_reported_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "named.snmpwalk"
    path.write_text(".1.3.6.1.2.1.1.1.0 = STRING: x\n.1.3.6.1.2.1.1.2.0 = OID: NET-SNMP-MIB::netSnmpAgentOIDs.10\n")
    with pytest.raises(SnapshotError, match=rf"{path}:2: .*not numeric \(record with snmpwalk -On\)"):
        load_snapshot(path)


def test_files_of_neither_format_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello\n")
    with pytest.raises(SnapshotError, match="neither an snmprec file"):
        load_snapshot(path)
    with pytest.raises(SnapshotError, match="No such file"):
        load_snapshot(tmp_path / "missing.snmprec")


@pytest.mark.parametrize("flags", [("-On", "-Ox"), ("-ObentU",)], ids=["On-Ox", "ObentU"])
def test_net_snmp_walk_output_reads_back_as_the_agent_answers(snmpd: Any, tmp_path: Path, flags: tuple[str, ...]) -> None:
    require_tools()
    roots = ("1.3.6.1.2.1.1.9", "1.3.6.1.2.1.2.2.1.6", "1.3.6.1.2.1.4.20", "1.3.6.1.6.3.15.1.2.2.1")
    target = f"{snmpd.host4}:{snmpd.port}"
    text = "".join(
        subprocess.run(["snmpwalk", "-v2c", "-c", "public", *flags, target, root], capture_output=True,
                       text=True, env=tool_env(tmp_path), check=True).stdout
        for root in roots
    )  # fmt: skip
    path = tmp_path / "walk.txt"
    path.write_text(text)
    with SnmpSession(snmpd.host4, snmpd.port, timeout=2) as session:
        expected = [pair for root in roots for pair in session.fetch(root)]
    got = load_snapshot(path).pairs()
    assert got == expected
    assert [type(v) for _, v in got] == [type(v) for _, v in expected]


def test_a_snapshot_accepts_set_in_its_writable_subtrees_only(tmp_path: Path) -> None:
    path = tmp_path / "w.snmprec"
    path.write_text("1.3.6.1.2.1.1.4.0|4|noc\n1.3.6.1.2.1.2.2.1.2.1|4|eth0\n")
    contact, descr = (1, 3, 6, 1, 2, 1, 1, 4, 0), (1, 3, 6, 1, 2, 1, 2, 2, 1, 2, 1)
    default = as_store(load_snapshot(path))
    assert default.set_many([(contact, b"ops")]) == (0, 0)
    assert default.set_many([(descr, b"x")]) == (17, 1)
    interfaces = as_store(load_snapshot(path, writable=[(1, 3, 6, 1, 2, 1, 2)]))
    assert interfaces.set_many([(descr, b"x")]) == (0, 0)
    assert interfaces.set_many([(contact, b"ops")]) == (17, 1)
