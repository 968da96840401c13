"""Benchmark: diff two generated 500k-OID snapshots; wall time and peak memory.

Generates snapshot A (500,000 OIDs: 20 tables of 25 columns x 1000 rows with
strings, counters, gauges, enums and hex octets) and B (A with 1% of the values
changed, 0.1% of the OIDs removed, 0.1% added and 0.05% with a changed type),
as snmprec and as snmprec.bz2. Measured in the same run, each in its own process
(wall seconds, peak RSS from wait4):

- ``snmptui diff A B`` (the command, numeric names: ``-m ""``), plain and .bz2;
- ``snmptui diff -M <netsnmp MIBs> A B`` (names and values rendered with MIBs);
- the dict-of-everything way: ``load_snapshot`` both files, compare two dicts;
- GNU ``diff A B`` (text lines, no SNMP meaning) as a floor.

Each run is repeated (``--repeat``, the dict way once: it is slow) and the best wall
time is shown with the median, since other work on the machine only adds time.

Run: python tests/bench/bench_diff.py [--oids N] [--repeat N]   (from the repository root)
"""

from __future__ import annotations

import argparse
import bz2
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MIBS = REPO.parent / "shared" / "mibs" / "netsnmp"

DICT_DIFF = """
import sys
from core.snapshot.files import load_snapshot
a = {r.oid: r.value for r in load_snapshot(sys.argv[1]).records}
b = {r.oid: r.value for r in load_snapshot(sys.argv[2]).records}
changed = sum(1 for k in a.keys() & b.keys() if type(a[k]) is not type(b[k]) or a[k] != b[k])
print(len(a.keys() - b.keys()) + len(b.keys() - a.keys()) + changed)
"""


def _value(column: int, row: int, rng: random.Random) -> str:
    kind = column % 5
    if kind == 0:
        return f"4|port-{row}-{column}"
    if kind == 1:
        return f"65|{rng.randrange(1 << 32)}"
    if kind == 2:
        return f"66|{rng.randrange(10_000)}"
    if kind == 3:
        return f"2|{row % 3 + 1}"
    return f"4x|00aabb{row:06x}"


def generate(folder: Path, count: int) -> tuple[Path, Path, int]:
    """A and B (snmprec) in OID order; the number of planted differences."""
    rng = random.Random(17)
    rows = 1000
    tables = max(1, count // (25 * rows))
    a_lines: list[str] = []
    b_lines: list[str] = []
    planted = 0
    for table in range(1, tables + 1):
        for column in range(1, 26):
            for row in range(1, rows + 1):
                oid = f"1.3.6.1.4.1.99999.{table}.1.{column}.{row}"
                line = f"{oid}|{_value(column, row, rng)}"
                a_lines.append(line)
                roll = rng.random()
                if roll < 0.01:
                    b_lines.append(f"{oid}|4|changed-{row}")
                    planted += 1
                elif roll < 0.011:
                    planted += 1  # removed
                elif roll < 0.012:
                    b_lines.append(line)
                    b_lines.append(f"{oid}.1|66|{row}")  # added just after
                    planted += 1
                elif roll < 0.0125 and line.split("|")[1] in ("65", "66"):
                    tag = "66" if line.split("|")[1] == "65" else "65"
                    b_lines.append(f"{oid}|{tag}|{line.split('|')[2]}")
                    planted += 1
                else:
                    b_lines.append(line)
    a, b = folder / "a.snmprec", folder / "b.snmprec"
    a.write_text("\n".join(a_lines) + "\n")
    b.write_text("\n".join(b_lines) + "\n")
    for path in (a, b):
        path.with_name(path.name + ".bz2").write_bytes(bz2.compress(path.read_bytes()))
    return a, b, planted


def measure(command: list[str]) -> tuple[float, float, str, int]:
    """(wall seconds, peak RSS MB, stdout's last line, exit status) of one process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = process.stdout.read() if process.stdout else b""
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    last = out.rstrip().rsplit(b"\n", 1)[-1].decode(errors="replace") if out else ""
    return wall, usage.ru_maxrss / 1024, last, os.waitstatus_to_exitcode(status)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--oids", type=int, default=500_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--generate", metavar="DIR", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        print(generate(Path(args.generate), args.oids)[2])
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        # Generated in a child so this process stays small: a child's peak RSS counts
        # the memory of the parent it was forked from.
        made = subprocess.run([sys.executable, __file__, "--oids", str(args.oids), "--generate", tmp],
                              check=True, capture_output=True, text=True)  # fmt: skip
        a, b, planted = folder / "a.snmprec", folder / "b.snmprec", int(made.stdout)
        lines_a = sum(1 for _ in a.open("rb"))
        print(f"A: {lines_a:,} OIDs ({a.stat().st_size / 1e6:.1f} MB), B: {planted:,} planted differences")
        python = sys.executable
        runs = {
            "snmptui diff (snmprec)": [python, "-m", "snmptui", "diff", "-m", "", str(a), str(b)],
            "snmptui diff (.bz2)": [python, "-m", "snmptui", "diff", "-m", "", f"{a}.bz2", f"{b}.bz2"],
            "snmptui diff --json": [python, "-m", "snmptui", "diff", "-m", "", "--json", str(a), str(b)],
            "snmptui diff -M netsnmp MIBs": [python, "-m", "snmptui", "diff", "-M", str(MIBS), str(a), str(b)],
            "dict of everything (load_snapshot x2)": [python, "-c", DICT_DIFF, str(a), str(b)],
            "GNU diff (text)": ["diff", str(a), str(b)],
        }
        results: dict[str, list[tuple[float, float, str, int]]] = {}
        for _ in range(args.repeat):
            for name, command in runs.items():
                if name.startswith("dict") and name in results:
                    continue
                results.setdefault(name, []).append(measure(command))
        best = {name: min(rows) for name, rows in results.items()}
        base_wall, base_rss = best["snmptui diff (snmprec)"][:2]
        print(f"{'run':40} {'best s':>7} {'median':>7} {'peak MB':>8} {'x wall':>7} {'x mem':>7}  exit")
        for name, rows in results.items():
            wall, rss, _last, code = best[name]
            median = statistics.median(r[0] for r in rows)
            print(f"{name:40} {wall:7.2f} {median:7.2f} {rss:8.1f} {wall / base_wall:7.2f} {rss / base_rss:7.2f}  {code}")
        print(f"dict diff found {best['dict of everything (load_snapshot x2)'][2]} differences; load: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
