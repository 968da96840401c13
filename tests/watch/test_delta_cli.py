"""``snmptui delta`` against net-snmp's ``snmpdelta`` on agents whose counters step per poll.

Each tool polls its own embedded agent. Every value there is a function of how many
times it has been read (a counter grows by a fixed amount per GET, sysUpTime by one
second per GET), so both tools see the same sequence whatever the timing, and their
outputs must be the same bytes.
"""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from core.agent import start_background
from core.agent.store import OidStore
from core.types import Counter32, Counter64, Gauge32, TimeTicks
from snmpd_fixture import require_tools, tool_env

REPO = Path(__file__).resolve().parents[2]
NETSNMP_MIBS = REPO.parent / "shared" / "mibs" / "netsnmp"
REPORTS = 3


def _stepping(start: int, step: int, kind: type[int], modulus: int) -> Callable[[], int]:
    counter = itertools.count()
    return lambda: kind((start + step * next(counter)) % modulus)


def _store() -> OidStore:
    return OidStore([
        ("1.3.6.1.2.1.1.3.0", _stepping(500_000, 100, TimeTicks, 2**32)),
        ("1.3.6.1.2.1.2.2.1.10.1", _stepping(2**32 - 1500, 1000, Counter32, 2**32)),  # wraps
        ("1.3.6.1.2.1.2.2.1.16.1", _stepping(7, 333, Counter32, 2**32)),
        ("1.3.6.1.2.1.2.2.1.5.1", Gauge32(1_000_000_000)),
        ("1.3.6.1.2.1.31.1.1.1.6.1", _stepping(2**40, 123_456_789_012, Counter64, 2**64)),
    ])


def _ours(args: list[str], port: int, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "snmptui", "delta", "-v2c", "-c", "public", "-M", str(NETSNMP_MIBS),
               "--count", str(REPORTS), *args, f"127.0.0.1:{port}"]
    return subprocess.run(command + _oids(args), capture_output=True, text=True, timeout=30, cwd=REPO, env=env)


def _oids(args: list[str]) -> list[str]:
    oids = ["IF-MIB::ifInOctets.1", "IF-MIB::ifOutOctets.1"]
    if not any(a.startswith("-C") and ("t" in a or "T" in a) for a in args):
        oids.append("IF-MIB::ifHCInOctets.1")
    return oids


def _theirs(args: list[str], port: int, lines: int, env: dict[str, str]) -> str:
    command = ["snmpdelta", "-v2c", "-c", "public", "-M", str(NETSNMP_MIBS), "-m", "ALL", *args,
               f"127.0.0.1:{port}", *_oids(args)]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    out: list[str] = []
    assert proc.stdout is not None

    def read() -> None:
        assert proc.stdout is not None
        buffer = ""
        while len(out) < lines:
            char = proc.stdout.read(1)
            if not char:
                break
            buffer += char
            if char == "\n":
                out.append(buffer)
                buffer = ""
        proc.kill()

    reader = threading.Thread(target=read)
    reader.start()
    reader.join(timeout=30)
    proc.kill()
    proc.wait()
    return "".join(out)


CASES = {
    "default": [],
    "max": ["-Cm"],
    "agent time": ["-Ct"],
    "agent time, max": ["-Ct", "-Cm"],
    "tabular": ["-CT"],
    "sum": ["-CS"],
    "numeric names": ["-On"],
    "period 2": ["-Cp", "2"],
    "one var per packet": ["-Cv", "1"],
    "timestamps": ["-Cs"],
    "timestamps, tabular": ["-Cs", "-CT"],
    "peaks": ["-CP", "2"],
    "peaks, agent time": ["-CP", "2", "-Ct"],
}
COMBINED = {"agent time, max", "timestamps, tabular", "peaks, agent time"}
"""pairs of flags that each have a case of their own: checked in the slow run"""
# A line's time of day may differ by a second between two processes polling side by side.
_STAMP = re.compile(r"\[\d\d:\d\d:\d\d \d+/\d+\]")


@pytest.fixture(scope="module")
def outputs(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, cli_env: dict[str, str]
) -> dict[str, tuple[subprocess.CompletedProcess[str], str]]:
    """Every case this run selected, run at once (each takes REPORTS periods), ours and
    snmpdelta side by side."""
    selected = [item.callspec.params["case"] for item in request.session.items
                if getattr(item, "originalname", "") == "test_delta_prints_what_snmpdelta_prints"]
    require_tools()
    env = tool_env(tmp_path_factory.mktemp("netsnmp"))
    results: dict[str, tuple[subprocess.CompletedProcess[str], str]] = {}

    def one(name: str, args: list[str]) -> None:
        with start_background(_store()) as mine, start_background(_store()) as oracle:
            table = "-CT" in args
            lines = REPORTS + 1 if table else REPORTS * (len(_oids(args)) + ("-CS" in args))
            box: dict[str, subprocess.CompletedProcess[str]] = {}
            ours = threading.Thread(target=lambda: box.setdefault("ours", _ours(args, mine.port, cli_env)))
            ours.start()
            expected = _theirs(args, oracle.port, lines, env)
            ours.join(timeout=40)
            # The tabular header starts with the AGENT, which is each tool's own agent here.
            mine_text, theirs_text = f"127.0.0.1:{mine.port}", f"127.0.0.1:{oracle.port}"
            got = box["ours"]
            got.stdout = got.stdout.replace(mine_text, "AGENT")
            results[name] = (got, expected.replace(theirs_text, "AGENT"))

    threads = [threading.Thread(target=one, args=(name, CASES[name])) for name in selected]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.parametrize("case", [pytest.param(c, marks=pytest.mark.slow) if c in COMBINED else c for c in CASES])
def test_delta_prints_what_snmpdelta_prints(
    case: str, outputs: dict[str, tuple[subprocess.CompletedProcess[str], str]]
) -> None:
    args = CASES[case]
    ours, expected = outputs[case]
    lines = REPORTS + 1 if "-CT" in args else REPORTS * (len(_oids(args)) + ("-CS" in args))
    assert ours.returncode == 0, ours.stderr
    assert ours.stdout.count("\n") == lines, ours.stdout
    assert _STAMP.sub("[time]", ours.stdout) == _STAMP.sub("[time]", expected)
