"""Hostile snapshot files (issue 11 item 7): every value that cannot be served is a
file:line error (or a counted skip with --skip-bad-lines), and files beyond the size
and line limits stop with a clear error instead of eating memory."""

from __future__ import annotations

import bz2
import subprocess
import sys
from pathlib import Path

import pytest

from core import TimeTicks
from core.snapshot.files import load_snapshot
from core.snapshot.model import SnapshotError, SnapshotLimits
from snmptui.commands import agent as agent_command

REPO = Path(__file__).resolve().parents[2]

GOOD = "1.3.6.1.2.1.1.1.0|4|fine box\n"
HOSTILE_SNMPREC = [
    "1.3.6.1.2.1.1.3.0|67:numeric|rate=1,initial=1e400",  # inf: OverflowError before
    "1.3.6.1.2.1.1.4.0|67:numeric|rate=1,initial=nan",
    "1.3.6.1.2.1.1.5.0|65:numeric|initial=1e300",  # finite, far beyond 32 bits
    "1.3.6.1.2.1.1.6.0|2|" + "9" * 5000,  # beyond Python's int() digit limit
    "1.3.6.1.2.1.1.7.0|70|18446744073709551616",  # Counter64 + 1
    "1.3.6.1.2.1.1.8.0|6|1.3.6.1." + "9" * 30,  # an OID arc beyond 32 bits
]
HOSTILE_SNMPWALK = [
    ".1.3.6.1.2.1.1.3.0 = Opaque: Float: 1e300",  # struct.pack OverflowError before
    ".1.3.6.1.2.1.1.4.0 = Opaque: Int64: " + "9" * 30,
    ".1.3.6.1.2.1.1.5.0 = BITS: " + "00 " * 5000 + "1",
    ".1.3.6.1.2.1.1.6.0 = Counter32: 99999999999",
]


@pytest.mark.parametrize(("suffix", "lines", "good"), [
    (".snmprec", HOSTILE_SNMPREC, GOOD),
    (".walk", HOSTILE_SNMPWALK, '.1.3.6.1.2.1.1.1.0 = STRING: "fine box"\n'),
])
def test_every_unservable_value_is_a_file_line_error(tmp_path: Path, suffix: str, lines: list[str],
                                                      good: str) -> None:
    path = tmp_path / f"hostile{suffix}"
    path.write_text(good + "\n".join(lines) + "\n")
    with pytest.raises(SnapshotError) as caught:
        load_snapshot(path)
    problems = caught.value.problems
    assert [p.split(":")[1] for p in problems] == [str(n) for n in range(2, len(lines) + 2)]
    assert all(p.startswith(f"{path}:") for p in problems)
    lenient = load_snapshot(path, strict=False)
    assert lenient.skipped == len(lines)
    assert [r.oid for r in lenient.records] == ["1.3.6.1.2.1.1.1.0"]


def test_a_finite_numeric_initial_is_still_served(tmp_path: Path) -> None:
    path = tmp_path / "ok.snmprec"
    path.write_text("1.3.6.1.2.1.1.3.0|67:numeric|rate=1,initial=1.5e3\n")
    assert load_snapshot(path).records[0].value == TimeTicks(1500)


def _agent(*argv: str) -> subprocess.CompletedProcess[str]:
    """``snmptui agent`` on a snapshot that must not start (it exits before serving)."""
    return subprocess.run([sys.executable, "-m", "snmptui", "agent", "--listen", "127.0.0.1:0", *argv],
                          capture_output=True, text=True, cwd=REPO, timeout=60)


def test_agent_command_names_the_bad_line_and_never_tracebacks(tmp_path: Path) -> None:
    path = tmp_path / "inf.snmprec"
    path.write_text(GOOD + HOSTILE_SNMPREC[0] + "\n")
    done = _agent("--snapshot", str(path))
    assert done.returncode == 2
    assert f"{path}:2:" in done.stderr and "not a finite number" in done.stderr
    assert "Traceback" not in done.stderr


def test_skip_bad_lines_counts_what_it_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "hostile.snmprec"
    path.write_text(GOOD + "\n".join(HOSTILE_SNMPREC) + "\n")
    args = agent_command._parser().parse_args(["--snapshot", str(path), "--skip-bad-lines"])
    snapshot, described = agent_command._source(args)
    assert len(snapshot) == 1 and f"{len(HOSTILE_SNMPREC)} bad lines skipped" in described
    assert capsys.readouterr().err.count("(line skipped)") == len(HOSTILE_SNMPREC)


def test_a_bzip2_bomb_stops_at_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "bomb.snmprec.bz2"
    path.write_bytes(bz2.compress(GOOD.encode() + b"#" * (8 << 20)))  # 8 MiB from ~50 bytes
    limits = SnapshotLimits(max_bytes=1 << 20, max_line=16 << 20)
    with pytest.raises(SnapshotError, match="expands beyond the limit of 1 MiB"):
        load_snapshot(path, limits=limits)
    done = _agent("--snapshot", str(path), "--max-snapshot-size", "1M")
    assert done.returncode == 2 and "expands beyond the limit of 1 MiB" in done.stderr
    assert "--max-snapshot-size" in done.stderr and "Traceback" not in done.stderr
    raised = load_snapshot(path, limits=SnapshotLimits(max_bytes=16 << 20, max_line=16 << 20))
    assert len(raised) == 1


def test_multi_stream_bzip2_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "two.snmprec.bz2"
    path.write_bytes(bz2.compress(GOOD.encode()) + bz2.compress(b"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.1\n"))
    assert [r.oid for r in load_snapshot(path).records] == ["1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.2.0"]


def test_a_plain_file_beyond_the_limit_and_an_overlong_line_stop(tmp_path: Path) -> None:
    big = tmp_path / "big.snmprec"
    big.write_text(GOOD * 1000)
    with pytest.raises(SnapshotError, match="larger than the limit of 1 KiB"):
        load_snapshot(big, limits=SnapshotLimits(max_bytes=1024))
    long_line = tmp_path / "long.snmprec"
    long_line.write_text(GOOD + "1.3.6.1.2.1.1.5.0|4|" + "x" * 5000 + "\n" + GOOD)
    for strict in (True, False):  # a line beyond the limit is never skipped silently
        with pytest.raises(SnapshotError, match=f"{long_line}:2: line longer than the limit of 4 KiB"):
            load_snapshot(long_line, strict=strict, limits=SnapshotLimits(max_line=4096))
    done = _agent("--snapshot", str(long_line), "--max-line-length", "4K")
    assert done.returncode == 2 and "--max-line-length" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("text", ["0", "12Q", "-5", "K", "9" * 30])
def test_bad_size_flags_name_the_flag(text: str) -> None:
    with pytest.raises(agent_command.ArgumentError, match="--max-snapshot-size"):
        agent_command.parse_size("--max-snapshot-size", text)
