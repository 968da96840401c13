"""``snmptui diff``: planted differences found with names, equal inputs silent, live agents
against their own recordings, --json, --ignore/--only, --by-index and exit statuses."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from core.agent import OidStore, start_background
from core.agent.demo import DemoDevice
from core.oid import oid_key
from core.snapshot.export import export_records
from core.snapshot.files import load_snapshot, save_snapshot
from core.snapshot.model import Record, Snapshot
from core.snapshot.recorder import Recorder
from core.session import SnmpSession
from core.types import Counter32, Counter64, Gauge32, TimeTicks

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
LINUX = SHARED / "snmprec" / "snmpsim" / "recorded" / "linux-full-walk.snmprec"
MIBS = ["-M", str(SHARED / "mibs" / "netsnmp"), "-m", "SNMPv2-MIB:IF-MIB:HOST-RESOURCES-MIB"]

IF_ENTRY = "1.3.6.1.2.1.2.2.1"


_ENV: dict[str, str] = {}


@pytest.fixture(scope="module", autouse=True)
def _private_env(cli_env: dict[str, str]) -> None:
    _ENV.update(cli_env)  # no HOME, config, snmp.conf or MIB cache of the user's


def diff(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "snmptui", "diff", *args], cwd=REPO, env=_ENV,
                          capture_output=True, text=True, timeout=120)  # fmt: skip


def planted(tmp_path: Path) -> tuple[Path, Path]:
    """The Linux recording and a copy with four planted differences."""
    records = load_snapshot(LINUX).records
    values = {r.oid: r.value for r in records}
    assert values[f"{IF_ENTRY}.8.2"] == 1 and values[f"{IF_ENTRY}.2.1"] == b"lo"
    assert type(values[f"{IF_ENTRY}.5.2"]) is Gauge32
    changed: list[Record] = []
    for r in records:
        if r.oid == f"{IF_ENTRY}.2.1":
            continue  # removed
        if r.oid == f"{IF_ENTRY}.8.2":
            r = Record(r.oid, 2)  # up(1) -> down(2)
        elif r.oid == f"{IF_ENTRY}.5.2":
            r = Record(r.oid, Counter32(int(r.value)))  # same number, another type
        changed.append(r)
        if r.oid == f"{IF_ENTRY}.2.2":
            changed.append(Record(f"{IF_ENTRY}.2.9999", b"new-port"))  # added, in OID order
    a, b = tmp_path / "a.snmprec", tmp_path / "b.snmprec"
    save_snapshot(Snapshot(records), a)
    save_snapshot(Snapshot(sorted(changed, key=lambda r: oid_key(r.oid))), b)
    return a, b


def test_planted_differences_are_exactly_reported_with_names(tmp_path: Path) -> None:
    a, b = planted(tmp_path)
    result = diff(*MIBS, str(a), str(b))
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [
        "# IF-MIB::ifDescr: 1 removed, 1 added",
        "- IF-MIB::ifDescr.1 = lo",
        "+ IF-MIB::ifDescr.9999 = new-port",
        "# IF-MIB::ifSpeed: 1 changed",
        "~ IF-MIB::ifSpeed.2: Gauge32: 100000000 -> Wrong Type (should be Gauge32 or Unsigned32): Counter32: 100000000",
        "# IF-MIB::ifOperStatus: 1 changed",
        "~ IF-MIB::ifOperStatus.2: up(1) -> down(2)",
    ]
    assert "2 changed, 1 removed, 1 added" in result.stderr
    listed = json.loads(diff(*MIBS, "--json", str(a), str(b)).stdout)
    assert listed == [
        {"change": "removed", "oid": f"{IF_ENTRY}.2.1", "name": "IF-MIB::ifDescr.1", "old": "lo", "new": None,
         "type": "OCTET STRING"},
        {"change": "added", "oid": f"{IF_ENTRY}.2.9999", "name": "IF-MIB::ifDescr.9999", "old": None,
         "new": "new-port", "type": "OCTET STRING"},
        {"change": "changed", "oid": f"{IF_ENTRY}.5.2", "name": "IF-MIB::ifSpeed.2", "old": "100000000",
         "new": "100000000", "type": "Counter32", "old_type": "Gauge32"},
        {"change": "changed", "oid": f"{IF_ENTRY}.8.2", "name": "IF-MIB::ifOperStatus.2", "old": "up(1)",
         "new": "down(2)", "type": "INTEGER"},
    ]  # fmt: skip
    quiet = diff("-m", "", "-q", str(a), str(b))
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (1, "", "")
    only = diff(*MIBS, "--only", "IF-MIB::ifOperStatus", "--ignore", f"{IF_ENTRY}.2", str(a), str(b))
    assert only.stdout.splitlines()[1:] == ["~ IF-MIB::ifOperStatus.2: up(1) -> down(2)"]


@pytest.mark.parametrize("suffix", [".snmprec", ".snmprec.bz2", ".txt", ".json"])
def test_a_snapshot_against_itself_in_any_format_is_equal(tmp_path: Path, suffix: str) -> None:
    other = tmp_path / f"same{suffix}"
    export_records(load_snapshot(LINUX).records, other)
    result = diff("-m", "", str(LINUX), str(other))
    assert (result.returncode, result.stdout) == (0, ""), result.stderr
    assert "no differences" in result.stderr


def ticking(records: list[Record], elapsed: list[int]) -> OidStore:
    """The recording served as a live device would: counters and clocks advance."""
    def advancing(value: Any) -> Any:
        kind = type(value)
        limit = 1 << (64 if kind is Counter64 else 32)
        return lambda: kind((int(value) + elapsed[0]) % limit)

    live = [(r.oid, advancing(r.value) if isinstance(r.value, (Counter32, Counter64, TimeTicks)) else r.value)
            for r in records]  # fmt: skip
    return OidStore(live)


def test_a_live_agent_against_its_recording_differs_only_in_counters_and_clocks() -> None:
    records = load_snapshot(LINUX).records
    volatile = {r.oid for r in records if isinstance(r.value, (Counter32, Counter64, TimeTicks))}
    assert len(volatile) > 100
    with start_background(ticking(records, [7])) as agent:
        agent_text = f"127.0.0.1:{agent.port}"
        result = diff("-m", "", "--json", agent_text, str(LINUX))
        assert result.returncode == 1, result.stderr
        changes = json.loads(result.stdout)
        assert {c["change"] for c in changes} == {"changed"}
        assert {c["oid"] for c in changes} == volatile
        quiet = diff("-m", "", "--ignore", "counters", "--ignore", "timeticks", agent_text, str(LINUX))
        assert (quiet.returncode, quiet.stdout) == (0, ""), quiet.stderr


def test_the_demo_against_its_recording_shows_exactly_what_changed_in_the_device(tmp_path: Path) -> None:
    now = [1000.0]
    device = DemoDevice(clock=lambda: now[0], wall=lambda: 1.7e9 + now[0])
    store = device.as_store()
    before = dict(iter(store))
    with start_background(device) as agent:
        with SnmpSession("127.0.0.1", agent.port, timeout=2) as session:
            recorder = Recorder(session)
            recorder.walk_all()
        recording = tmp_path / "demo.snmprec"
        save_snapshot(recorder.snapshot(), recording)
        now[0] += 45.0
        after = dict(iter(store))
        truth = {oid for oid in before if before[oid] != after[oid] or type(before[oid]) is not type(after[oid])}
        assert truth  # counters and clocks moved
        result = diff("-m", "", "--json", str(recording), f"127.0.0.1:{agent.port}")
        changes = json.loads(result.stdout)
        assert {c["change"] for c in changes} == {"changed"}
        assert {c["oid"] for c in changes} == truth
        result = diff("-m", "", "--json", "--ignore", "counters", "--ignore", "timeticks",
                      str(recording), f"127.0.0.1:{agent.port}")  # fmt: skip
        still = {oid for oid in truth if not isinstance(after[oid], (Counter32, Counter64, TimeTicks))}
        assert {c["oid"] for c in json.loads(result.stdout)} == still


def two_switches(tmp_path: Path) -> tuple[Path, Path]:
    """Two devices whose ports are numbered differently: A's eth0 is row 1, B's row 2."""
    def device(rows: dict[int, tuple[str, int]]) -> list[Record]:
        out: list[Record] = []
        for index, (name, status) in rows.items():
            out += [Record(f"{IF_ENTRY}.1.{index}", index), Record(f"{IF_ENTRY}.8.{index}", status),
                    Record(f"1.3.6.1.2.1.31.1.1.1.1.{index}", name.encode())]  # fmt: skip
        return sorted(out, key=lambda r: oid_key(r.oid))

    a, b = tmp_path / "a.snmprec", tmp_path / "b.snmprec"
    save_snapshot(Snapshot(device({1: ("eth0", 1), 2: ("eth1", 1)})), a)
    save_snapshot(Snapshot(device({2: ("eth0", 1), 1: ("eth1", 2), 3: ("eth2", 1)})), b)
    return a, b


def test_by_index_aligns_two_devices_rows_by_name(tmp_path: Path) -> None:
    a, b = two_switches(tmp_path)
    by_number = diff(*MIBS, str(a), str(b))
    assert "~ IF-MIB::ifName.1: eth0 -> eth1" in by_number.stdout
    aligned = diff(*MIBS, "--by-index", "ifName", str(a), str(b))
    assert aligned.returncode == 1, aligned.stderr
    assert aligned.stdout.splitlines() == [
        "# IF-MIB::ifIndex: 2 changed, 1 added",
        "~ IF-MIB::ifIndex[eth0] (.1 -> .2): 1 -> 2",
        "~ IF-MIB::ifIndex[eth1] (.2 -> .1): 2 -> 1",
        "+ IF-MIB::ifIndex[eth2] = 3",
        "# IF-MIB::ifOperStatus: 1 changed, 1 added",
        "~ IF-MIB::ifOperStatus[eth1] (.2 -> .1): up(1) -> down(2)",
        "+ IF-MIB::ifOperStatus[eth2] = up(1)",
        "# IF-MIB::ifName: 1 added",
        "+ IF-MIB::ifName[eth2] = eth2",
    ]


def test_by_index_never_pairs_rows_whose_name_is_repeated_or_missing(tmp_path: Path) -> None:
    def record(oid: str, value: Any) -> Record:
        return Record(oid, value)

    a, b = tmp_path / "a.snmprec", tmp_path / "b.snmprec"
    # A: two rows named "dup" (1, 2); B: one "dup" (5) and a row without ifName (6)
    save_snapshot(Snapshot([record(f"{IF_ENTRY}.8.1", 1), record(f"{IF_ENTRY}.8.2", 1),
                            record("1.3.6.1.2.1.31.1.1.1.1.1", b"dup"), record("1.3.6.1.2.1.31.1.1.1.1.2", b"dup")]), a)
    save_snapshot(Snapshot([record(f"{IF_ENTRY}.8.5", 1), record(f"{IF_ENTRY}.8.6", 2),
                            record("1.3.6.1.2.1.31.1.1.1.1.5", b"dup")]), b)  # fmt: skip
    result = diff(*MIBS, "--by-index", "ifName", str(a), str(b))
    assert result.returncode == 1, result.stderr
    assert "~" not in result.stdout  # nothing paired by a guess
    assert "- IF-MIB::ifOperStatus.1 = up(1)" in result.stdout and "+ IF-MIB::ifOperStatus.6 = down(2)" in result.stdout
    assert "2 rows of A not aligned by IF-MIB::ifName: IF-MIB::ifName 'dup' is on 2 rows: .1, .2" in result.stderr
    assert "2 rows of B not aligned by IF-MIB::ifName: " in result.stderr and "no IF-MIB::ifName: .6" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere.snmprec", str(LINUX)], "nowhere.snmprec: No such file or directory"),
        (["no-such-host.invalid", str(LINUX)], "cannot resolve agent address 'no-such-host.invalid'"),
        ([str(LINUX), "udp:host:99999"], "B 'udp:host:99999' is neither a snapshot file nor an agent"),
        ([str(LINUX), str(LINUX), "--ignore", "1.3.x"], "--ignore 1.3.x: unknown OID"),
        ([str(LINUX), str(LINUX), "--by-index", "sysDescr"], "--by-index sysDescr: not a table column"),
        ([str(LINUX)], "the following arguments are required: B"),
    ],
)
def test_trouble_is_one_line_and_exit_2(args: list[str], message: str, tmp_path: Path) -> None:
    result = diff("-m", "", *args)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_a_bad_line_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.snmprec"
    bad.write_text("1.3.6.1.2.1.1.1.0|4|x\n1.3.6.1.2.1.1.2.0|2|not-a-number\n")
    result = diff("-m", "", str(LINUX), str(bad))
    assert result.returncode == 2
    assert f"{bad}:2: 1.3.6.1.2.1.1.2.0: invalid literal" in result.stderr
