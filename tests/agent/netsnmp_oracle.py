"""Helpers for checking the agent with the Net-SNMP command-line tools as the oracle.

``walk_output`` runs ``snmpwalk``/``snmpbulkwalk -On -Ox`` and splits what they
print into ``(oid, type, value text)``; ``as_netsnmp`` says what they must print
for a typed value. Both sides are plain text written here, independent of the
agent's encoder and of the snapshot readers.
"""

from __future__ import annotations

import re
import struct
import subprocess
from pathlib import Path
from typing import Any

from core.types import (
    Counter32,
    Counter64,
    Gauge32,
    IpAddress,
    ObjectIdentifier,
    Opaque,
    TimeTicks,
    Unsigned32,
)

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SNMPREC_DIR = SHARED / "snmprec"

_LINE = re.compile(r"^(\.[0-9.]+) = (.*)$")
_END = "No more variables left in this MIB View"


def walk_output(tool: str, target: str, env: dict[str, str], *args: str, root: str = ".1") -> str:
    """The stdout of ``tool -On -Ox ... target root``; fails the test on a non-zero exit."""
    command = [tool, "-On", "-Ox", "-t", "2", "-r", "1", *args, target, root]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, f"{' '.join(command)} failed: {result.stderr}"
    return result.stdout


def parse_walk(text: str) -> list[tuple[str, str, str]]:
    """(oid without the leading dot, type, value with white space collapsed)."""
    rows: list[tuple[str, str, str]] = []
    joined: list[tuple[str, str]] = []
    for line in text.splitlines():
        match = _LINE.match(line)
        if match:
            joined.append((match.group(1), match.group(2)))
        elif joined:
            oid, value = joined[-1]
            joined[-1] = (oid, value + " " + line)
    for oid, value in joined:
        if value.startswith(_END):
            continue
        if value == '""':
            rows.append((oid[1:], "Hex-STRING", ""))
            continue
        kind, _, rest = value.partition(": ")
        rest = " ".join(rest.split())
        if kind == "Timeticks":
            rest = rest[1 : rest.index(")")]
        rows.append((oid[1:], kind, rest))
    return rows


def _hex(raw: bytes) -> str:
    return " ".join(f"{b:02X}" for b in raw)


def as_netsnmp(value: Any) -> tuple[str, str]:
    """(type, value text) that ``-On -Ox`` prints for a typed value."""
    if value is None:
        return "NULL", ""
    if isinstance(value, IpAddress):
        return "IpAddress", str(value)
    if isinstance(value, ObjectIdentifier):
        return "OID", "." + str(value)
    if isinstance(value, Opaque):
        if value[:3] == b"\x9f\x78\x04":  # net-snmp's opaque float
            return "Opaque", f"Float: {struct.unpack('>f', value[3:])[0]:.6f}"
        return "OPAQUE", _hex(value)
    if isinstance(value, (bytes, str)):
        raw = value.encode() if isinstance(value, str) else value
        return "Hex-STRING", _hex(raw)
    for cls, name in (
        (Counter32, "Counter32"),
        (Counter64, "Counter64"),
        (Gauge32, "Gauge32"),
        (TimeTicks, "Timeticks"),
        (Unsigned32, "UInteger32"),
    ):
        if isinstance(value, cls):
            return name, str(int(value))
    return "INTEGER", str(int(value))


def expected_rows(pairs: list[tuple[str, Any]]) -> list[tuple[str, str, str]]:
    """The rows a walk of these pairs must print, in OID order."""
    ordered = sorted(dict(reversed(pairs)).items(), key=lambda kv: tuple(map(int, kv[0].split("."))))
    return [(oid, *as_netsnmp(value)) for oid, value in ordered]
