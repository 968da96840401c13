#!/usr/bin/env python3
"""Print, per shared recording, how many walk records ``snmptui walk`` prints exactly as
net-snmp's ``snmpbulkwalk -m ALL`` does (same MIB directories, same flags).

    python3 scripts/oracle_walk.py [-O FLAGS]... [--show N] [RECORDING...]

Each recording in ../shared/snmprec is served by the embedded agent on loopback; both
tools walk ``.1`` from it. A record is one varbind's text (continuation lines of a
wrapped value included). ``--show N`` prints the first N differing records per device.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from core.agent import start_background  # noqa: E402
from core.snapshot.files import load_snapshot  # noqa: E402
from oracle_support import (  # noqa: E402
    RECORDINGS, compare_records, mib_dirs, netsnmp_walk, snmptui_walk,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-O", dest="output", action="append", default=[], help="output flags, e.g. -O n")
    parser.add_argument("--show", type=int, default=0, help="differing records to print per device")
    parser.add_argument("--root", default=".1", help="walk root (default .1)")
    parser.add_argument("recordings", nargs="*", help="recording files (default: all shared ones)")
    args = parser.parse_args()
    flags = [f"-O{letters}" for letters in args.output]
    paths = [Path(p) for p in args.recordings] or RECORDINGS
    dirs = mib_dirs()
    worst = 100.0
    print(f"flags: {' '.join(flags) or '(none)'}")
    for path in paths:
        snapshot = load_snapshot(path)
        with start_background(snapshot) as running:
            target = f"127.0.0.1:{running.port}"
            theirs = netsnmp_walk(target, dirs, flags, args.root)
            ours = snmptui_walk(target, dirs, flags, args.root)
        same, total, diffs = compare_records(theirs, ours)
        share = 100.0 * same / total if total else 100.0
        worst = min(worst, share)
        print(f"{share:7.2f}%  {same:6d}/{total:<6d} {path.name}")
        for theirs_rec, ours_rec in diffs[: args.show]:
            print(f"    net-snmp: {theirs_rec!r}\n    snmptui:  {ours_rec!r}")
    print(f"lowest: {worst:.2f}%")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
