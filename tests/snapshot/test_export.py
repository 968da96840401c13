"""Exporters: every snapshot format reads back to the same typed records; CSV of a subtree;
``snmptui export``; a failed export leaves no file behind."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from core.oid import oid_key
from core.snapshot.export import ExportError, export_records, format_for
from core.snapshot.files import load_snapshot
from core.snapshot.model import Record, SnapshotError
from core.types import Counter32, Counter64, Gauge32, IpAddress, ObjectIdentifier, Opaque, TimeTicks, Unsigned32

REPO = Path(__file__).resolve().parents[2]
LINUX = REPO.parent / "shared" / "snmprec" / "snmpsim" / "recorded" / "linux-full-walk.snmprec"

AWKWARD = [
    Record("1.3.6.1.2.1.1.1.0", b'quote " backslash \\ comma , end'),
    Record("1.3.6.1.2.1.1.2.0", ObjectIdentifier("1.3.6.1.4.1.8072.3.2.10")),
    Record("1.3.6.1.2.1.1.3.0", TimeTicks(8581873)),
    Record("1.3.6.1.2.1.1.4.0", b""),
    Record("1.3.6.1.2.1.1.5.0", b"trailing space "),
    Record("1.3.6.1.2.1.1.6.0", b"\x00\xffbinary\n"),
    Record("1.3.6.1.2.1.1.7.0", -5),
    Record("1.3.6.1.2.1.2.2.1.6.1", bytes.fromhex("001a2b3c4d5e")),
    Record("1.3.6.1.2.1.2.2.1.10.1", Counter32(4294967295)),
    Record("1.3.6.1.2.1.2.2.1.5.1", Gauge32(10)),
    Record("1.3.6.1.2.1.4.20.1.1.10.0.0.1", IpAddress("10.0.0.1")),
    Record("1.3.6.1.2.1.31.1.1.1.6.1", Counter64(2**64 - 1)),
    Record("1.3.6.1.4.1.2021.10.1.6.1", Opaque(bytes.fromhex("9f78043eeb851f"))),
    Record("1.3.6.1.4.1.9.1.0", None),
    Record("1.3.6.1.4.1.9.3.0", Unsigned32(7)),
]


@pytest.mark.parametrize("name", ["x.snmprec", "x.snmprec.bz2", "x.txt", "x.json"])
def test_every_format_reads_back_to_the_same_typed_records(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    # net-snmp prints the obsolete UInteger32 as a bare number, which snmpwalk text
    # readers take for -Ot timeticks: that one type does not survive snmpwalk text.
    records = [r for r in AWKWARD if not (name.endswith(".txt") and isinstance(r.value, Unsigned32))]
    assert export_records(records, path) == len(records)
    back = load_snapshot(path).records
    assert [(r.oid, type(r.value), r.value) for r in back] == [(r.oid, type(r.value), r.value) for r in records]


def test_csv_of_a_subtree_has_names_types_and_rendered_values(tmp_path: Path, cli_env: dict[str, str]) -> None:
    command = [sys.executable, "-m", "snmptui", "export", "-M", str(REPO.parent / "shared" / "mibs" / "netsnmp"),
               str(LINUX), "-o", str(tmp_path / "if.csv"), "IF-MIB::ifOperStatus"]  # fmt: skip
    result = subprocess.run(command, cwd=REPO, env=cli_env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader((tmp_path / "if.csv").open()))
    expected = [r for r in load_snapshot(LINUX).records if oid_key(r.oid)[:10] == (1, 3, 6, 1, 2, 1, 2, 2, 1, 8)]
    assert rows[0] == ["OID", "MIB name", "type", "value"]
    assert [row[0] for row in rows[1:]] == [r.oid for r in expected] and len(expected) >= 2
    assert rows[1][1:] == ["IF-MIB::ifOperStatus.1", "INTEGER", "up(1)"]


def test_awkward_values_survive_csv_quoting(tmp_path: Path) -> None:
    export_records(AWKWARD[:1], tmp_path / "a.csv")
    # the value column is what snmpwalk prints: a string without DISPLAY-HINT quoted and escaped
    assert list(csv.reader((tmp_path / "a.csv").open()))[1][3] == '"quote \\" backslash \\\\ comma , end"'


def test_a_failed_export_leaves_no_file_and_bad_names_are_refused(tmp_path: Path, cli_env: dict[str, str]) -> None:
    def broken() -> object:
        yield AWKWARD[0]
        raise OSError(28, "No space left on device")

    target = tmp_path / "x.snmprec"
    with pytest.raises(OSError):
        export_records(broken(), target)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ExportError, match="unknown file type"):
        format_for(tmp_path / "x.xls")
    with pytest.raises(ExportError, match="no such directory"):
        export_records(AWKWARD, tmp_path / "missing" / "x.csv")
    result = subprocess.run([sys.executable, "-m", "snmptui", "export", str(LINUX), "-o", str(tmp_path / "y.xls")],
                            cwd=REPO, env=cli_env, capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.returncode == 2 and "unknown file type" in result.stderr and "Traceback" not in result.stderr


def test_a_bad_json_snapshot_names_the_file_and_the_record(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"format": "snmptui-snapshot", "version": 1, "records": [')
    with pytest.raises(SnapshotError, match=rf"{path}: not valid JSON"):
        load_snapshot(path)
    path.write_text('{"format": "snmptui-snapshot", "version": 1, "records": ['
                    '{"oid": "1.3.6.1.2.1.1.5.0", "snmprec": "4|ok"}, {"oid": "1.3.6.1.2.1.1.6.0"},'
                    '{"oid": "1.3.6.1.2.1.1.7.0", "snmprec": "2|x"}]}')  # fmt: skip
    with pytest.raises(SnapshotError) as raised:
        load_snapshot(path)
    assert raised.value.problems == [
        f'{path}: record 2: a record needs "oid" and "snmprec" strings',
        f"{path}: record 3: 1.3.6.1.2.1.1.7.0: invalid literal for int() with base 10: b'x'",
    ]
    assert [r.value for r in load_snapshot(path, strict=False).records] == [b"ok"]
