"""``snmptui mib check``: a module that loads with errors and no node is failed; ``_`` in an
enum label loads but warns with its file and line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from mib.mib_helpers import REPO, corpus_dirs

BROKEN = """\
BROKEN-MIB DEFINITIONS ::= BEGIN
IMPORTS enterprises FROM SNMPv2-SMI;
broken OBJECT IDENTIFIER ::= { enterprises 99999
this is not SMI at all ( ((
END
"""

UNDERSCORE = """\
UNDERSCORE-MIB DEFINITIONS ::= BEGIN
IMPORTS enterprises, OBJECT-TYPE FROM SNMPv2-SMI;
under OBJECT IDENTIFIER ::= { enterprises 99998 }
underMode OBJECT-TYPE
    SYNTAX INTEGER { fast_path(1), slow(2) }
    MAX-ACCESS read-only
    STATUS current
    DESCRIPTION "x"
    ::= { under 1 }
END
"""


def _check(tmp_path: Path, name: str, text: str) -> subprocess.CompletedProcess[str]:
    folder = tmp_path / "mibs"
    folder.mkdir()
    (folder / f"{name}.txt").write_text(text)
    netsnmp = next(d for d in corpus_dirs() if d.endswith("netsnmp"))
    command = [sys.executable, "-m", "snmptui", "mib", "check", "--no-cache", "-M", f"{netsnmp}:{folder}",
               "-m", name]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=120)


def test_module_with_errors_and_no_nodes_is_failed(tmp_path: Path) -> None:
    done = _check(tmp_path, "BROKEN-MIB", BROKEN)
    line = next(row for row in done.stdout.splitlines() if "\tBROKEN-MIB\t" in row)
    assert line.startswith("failed\t"), line
    summary = done.stdout.splitlines()[-1]
    assert " 1 failed," in summary, summary
    assert done.returncode == 1


def test_underscore_in_enum_label_warns_with_file_and_line(tmp_path: Path) -> None:
    done = _check(tmp_path, "UNDERSCORE-MIB", UNDERSCORE)
    warning = next(row for row in done.stdout.splitlines() if "fast_path" in row)
    assert "UNDERSCORE-MIB.txt:5" in warning and "'_'" in warning, warning
    line = next(row for row in done.stdout.splitlines() if "\tUNDERSCORE-MIB\t" in row)
    assert line.startswith("loaded\t"), line
