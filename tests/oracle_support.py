"""Running ``snmpbulkwalk -m ALL`` and ``snmptui walk`` side by side, and comparing records.

Shared by the oracle test suite (tests/walk/) and ``scripts/oracle_walk.py``. A record
is what one varbind prints: its first line plus the continuation lines of a value that
net-snmp wraps (Hex-STRING, multi-line strings).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from difflib import SequenceMatcher
from itertools import zip_longest
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SNMPREC_DIR = SHARED / "snmprec"
MIB_CORPUS = SHARED / "mibs"

RECORDINGS = sorted(
    p
    for folder in ("snmpsim", "snmpsim-data")
    for p in (SNMPREC_DIR / folder).rglob("*")
    if p.name.endswith((".snmprec", ".snmprec.bz2"))
)

def mib_dirs() -> str:
    """Every folder of the shared MIB corpus, colon separated (net-snmp does not recurse)."""
    return ":".join(sorted(str(p) for p in [MIB_CORPUS, *MIB_CORPUS.rglob("*")] if p.is_dir()))


def tool_env() -> dict[str, str]:
    """No user or system net-snmp configuration, no default MIB list."""
    env = dict(os.environ)
    env.update(MIBS="", MIBDIRS="", SNMPCONFPATH="/nonexistent", HOME="/nonexistent",
               SNMP_PERSISTENT_DIR="/nonexistent")  # fmt: skip
    return env


def netsnmp_walk(target: str, dirs: str, flags: list[str], root: str = ".1",
                 tool: str = "snmpbulkwalk") -> str:  # fmt: skip
    command = [tool, "-v2c", "-c", "public", "-Cr50", "-t", "5", "-r", "1", "-m", "ALL", "-M", dirs,
               *flags, target, root]  # fmt: skip
    done = subprocess.run(command, capture_output=True, env=tool_env(), timeout=300)
    assert done.returncode == 0, f"{' '.join(command)}: {done.stderr.decode(errors='replace')}"
    return done.stdout.decode("latin-1")


def snmptui_walk(target: str, dirs: str, flags: list[str], root: str | None = ".1") -> str:
    command = [sys.executable, "-m", "snmptui", "walk", "-v2c", "-c", "public", "-Cr50", "-t", "5",
               "-M", dirs, *flags, target, *([root] if root is not None else [])]  # fmt: skip
    done = subprocess.run(command, capture_output=True, cwd=REPO, env=tool_env(), timeout=300)
    assert done.returncode == 0, f"{' '.join(command)}: {done.stderr.decode(errors='replace')}"
    return done.stdout.decode("latin-1")


def compare_records(theirs: str, ours: str) -> tuple[int, int, list[tuple[str, str]]]:
    """(identical records, net-snmp's record count, differing pairs) of two walk outputs.

    Each output is grouped into records (a line with ``NAME = `` starts one; with
    ``-Ov`` every line is one), then the two record lists are aligned by longest
    common runs, so one missing record costs one, not the rest of the walk.
    """
    named = any(_NAMED.match(line) for line in theirs.split("\n", 5)[:5])
    left, right = group_records(theirs, named), group_records(ours, named)
    matcher = SequenceMatcher(None, left, right, autojunk=False)
    same = 0
    diffs: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            same += i2 - i1
        else:
            diffs.extend(zip_longest(left[i1:i2], right[j1:j2], fillvalue=""))
    return same, len(left), diffs


_NAMED = re.compile(r"^(?:[A-Za-z][\w-]*::|\.[0-9a-z]|[A-Za-z][\w-]*[.\[])\S* ")


def group_records(text: str, named: bool = True) -> list[str]:
    """Records of walk output: with names, continuation lines join the line before."""
    out: list[str] = []
    for line in text.split("\n"):
        if out and named and not _NAMED.match(line):
            out[-1] += "\n" + line
        else:
            out.append(line)
    if out and out[-1] == "":
        out.pop()
    return out


def walk_varbinds(port: int, root: str = "1") -> list[tuple[tuple[int, ...], object]]:
    """Every varbind ``snmptui walk`` prints for a walk of ``root`` (end-of-view ones too)."""
    from core.session import SnmpSession

    with SnmpSession("127.0.0.1", port=port, max_repetitions=50, timeout=5, retries=1) as session:
        found = list(session.fetch_arcs(root))
        found.extend(session.walk_end)
    return found


def formatted(store: object, varbinds: list[tuple[tuple[int, ...], object]], flags: list[str]) -> str:
    """The text ``snmptui walk`` prints for these varbinds with these ``-O`` flags."""
    from core.snapshot.netsnmp_format import NetSnmpFormatter
    from core.snapshot.output_options import OutputOptions

    formatter = NetSnmpFormatter(store, OutputOptions.from_flags([f[2:] for f in flags]))  # type: ignore[arg-type]
    return "".join(formatter.line(oid, value) + "\n" for oid, value in varbinds)
