"""snmptui table: flags and errors as one line (never a traceback), --csv and --json for scripts."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agent.netsnmp_oracle import SNMPREC_DIR
from core.agent import start_background
from core.mib import MibStore
from core.snapshot.files import load_snapshot
from snmpd_fixture import free_udp_port
from snmptui.commands.table import run

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def ip_agent() -> Iterator[Any]:
    with start_background(load_snapshot(SNMPREC_DIR / "snmpsim" / "recorded" / "linux-full-walk.snmprec")) as agent:
        yield agent


def _run(store: MibStore, *argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return run(list(argv), out=out, store=store), out.getvalue()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["-Cz", "h", "ifTable"], "Bad option after -C: z"),
        (["h", "ifTable", "-Cw"], "Bad -Cw option: no argument given"),
        (["-Cc", "2", "h", "ifTable"], "Bad -Cc option: 2"),
        (["-Cr", "x", "h", "ifTable"], "Bad -Cr option: x"),
        (["-Oz", "h", "ifTable"], "-Oz"),
        (["-v", "9", "h", "ifTable"], "-v"),
        (["h"], "Must have exactly one table name"),
    ],
)
def test_bad_flags_are_one_line_naming_the_flag(corpus: MibStore, argv: list[str], message: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    status, out = _run(corpus, *argv)
    err = capsys.readouterr().err.strip().splitlines()
    assert status == 2 and out == ""
    assert len(err) == 1 and message in err[0]


def test_not_a_table_and_an_unknown_name(corpus: MibStore, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(corpus, "127.0.0.1:1", "ifEntry")[0] == 1
    assert "not a table" in capsys.readouterr().err
    assert _run(corpus, "127.0.0.1:1", "IF-MIB::noSuchTable")[0] == 1
    assert "noSuchTable" in capsys.readouterr().err


def test_no_answer_is_a_timeout_with_status_1(corpus: MibStore, capsys: pytest.CaptureFixture[str]) -> None:
    port = free_udp_port()
    status, out = _run(corpus, "-t", "0.2", "-r", "0", f"127.0.0.1:{port}", "ifTable")
    assert status == 1 and out == ""
    assert capsys.readouterr().err.strip() == f"Timeout: No Response from 127.0.0.1:{port}"


def test_json_has_one_object_per_row_with_decoded_index_parts(corpus: MibStore, ip_agent: Any) -> None:
    status, out = _run(corpus, "--json", f"127.0.0.1:{ip_agent.port}", "ipNetToPhysicalTable")
    assert status == 0
    rows = json.loads(out)
    assert rows and all(set(r["index"]) == {"ipNetToPhysicalIfIndex", "ipNetToPhysicalNetAddressType",
                                             "ipNetToPhysicalNetAddress"} for r in rows)  # fmt: skip
    first = rows[0]
    assert isinstance(first["index"]["ipNetToPhysicalIfIndex"], int)
    kinds = {r["index"]["ipNetToPhysicalNetAddressType"]: r["index"]["ipNetToPhysicalNetAddress"] for r in rows}
    assert kinds == {"ipv4": "195.218.254.97"}  # the address decoded as its type says
    assert "ipNetToPhysicalPhysAddress" in first and "ipNetToPhysicalState" in first


def test_csv_starts_with_the_index_parts(corpus: MibStore, ip_agent: Any) -> None:
    status, out = _run(corpus, "--csv", f"127.0.0.1:{ip_agent.port}", "ipAddrTable")
    rows = list(csv.reader(io.StringIO(out)))
    assert status == 0 and rows[0][:2] == ["ipAdEntAddr", "ipAdEntAddr"]
    assert len(rows) > 1 and all(r[0] == r[1] for r in rows[1:])  # the index is the address


def test_the_command_line_prints_and_exits_cleanly(ip_agent: Any, tmp_path: Path) -> None:
    mibs = str(REPO.parent / "shared" / "mibs" / "netsnmp")
    done = subprocess.run([sys.executable, "-m", "snmptui", "table", "-M", mibs, "-Cf", ",", "-Ci",
                           f"127.0.0.1:{ip_agent.port}", "ipAddrTable"],
                          capture_output=True, cwd=REPO, timeout=60,
                          env={"PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(tmp_path)})  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stdout.decode("latin-1").splitlines()
    assert lines[0].startswith("SNMP table: ") and lines[2].startswith("index,ipAdEntAddr,")
    assert b"Traceback" not in done.stderr
