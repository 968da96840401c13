"""Rendering and -OX index display against snmpwalk on the real snmpd fixture.

Raw typed values come from ``snmpwalk`` without MIBs (``-On -Ox -Oe -Ot``); net-snmp's
own rendering of the same walk with the corpus MIBs is the oracle.
"""

from __future__ import annotations

import re
import subprocess

import pytest

from core.mib import format_index
from core.mib.store import MibStore
from core.snapshot.netsnmp_format import browser_formatter
from core.types import Counter32, Gauge32, IpAddress, ObjectIdentifier, TimeTicks
from mib.mib_helpers import corpus_dirs, tool_env

SUBTREES = ["1.3.6.1.2.1.1", "1.3.6.1.2.1.2.2.1", "1.3.6.1.2.1.4.20.1"]
_LINE = re.compile(r"^(\S+) = (?:([\w -]+): )?(.*)$")


def _walk(agent, subtree: str, *flags: str) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    command = ["snmpwalk", "-v2c", "-c", "public", *flags, agent.target4, subtree]
    text = subprocess.run(command, capture_output=True, text=True, env=tool_env(), timeout=30).stdout
    rows: list[tuple[str, str, str]] = []
    for line in text.splitlines():
        match = _LINE.match(line)
        if match is None:
            if rows:  # a wrapped Hex-STRING continues on the next line
                oid, tag, value = rows[-1]
                rows[-1] = (oid, tag, value + " " + line.strip())
            continue
        rows.append((match.group(1), match.group(2) or "", match.group(3)))
    return rows


def _typed(tag: str, value: str) -> object:
    if tag == "Hex-STRING":
        return bytes.fromhex(value.replace(" ", ""))
    if tag == "STRING":
        return value.strip('"').encode()
    if tag == "INTEGER":
        return int(value)
    if tag == "Timeticks":
        return TimeTicks(int(value.strip("()").split(")")[0]))
    if tag == "Counter32":
        return Counter32(int(value))
    if tag == "Gauge32":
        return Gauge32(int(value))
    if tag == "IpAddress":
        return IpAddress(value)
    if tag == "OID":
        return ObjectIdentifier(value.lstrip("."))
    if tag == "" and value == '""':
        return b""
    if tag == "" and value.isdigit():  # -Ot prints TimeTicks as a bare number
        return TimeTicks(int(value))
    raise ValueError(f"unhandled {tag}: {value}")


@pytest.fixture(scope="module")
def walks(snmpd) -> list[tuple[str, object, str, str]]:  # type: ignore[no-untyped-def]
    mib_flags = ["-M", ":".join(corpus_dirs()), "-m", "ALL"]
    result = []
    for subtree in SUBTREES:
        raw = _walk(snmpd, subtree, "-On", "-Ox", "-Oe", "-Ot")
        shown = {oid: (tag, value) for oid, tag, value in _walk(snmpd, subtree, "-On", *mib_flags)}
        for oid, tag, value in raw:
            their_tag, their_value = shown[oid]
            result.append((oid.lstrip("."), _typed(tag, value), their_tag, their_value))
    assert len(result) > 20
    return result


def test_browser_values_render_like_snmpwalk(store: MibStore, walks) -> None:  # type: ignore[no-untyped-def]
    # The browser's text (the formatter's friendly mode) is net-snmp's for this agent's
    # values, which hold no UTF-8 or control bytes (the BROWSER_DIFFERENCES).
    browser = browser_formatter(store)
    checked = 0
    for oid_text, value, their_tag, their_value in walks:
        oid = tuple(map(int, oid_text.split(".")))
        if their_tag == "Timeticks":
            # The walks run at different moments: render the ticks net-snmp saw.
            ticks = int(their_value.lstrip("(").split(")", 1)[0])
            assert browser.value_text(oid, TimeTicks(ticks)) == their_value, oid_text
            checked += 1
            continue
        if their_tag == "Counter32" or oid_text.startswith("1.3.6.1.2.1.1.3"):
            continue  # counters move between the two walks
        if their_tag == "OID":
            continue  # -On prints OID values by number as well
        ours = browser.value_text(oid, value)
        if their_tag == "Hex-STRING":  # the walk joined net-snmp's wrapped lines with spaces
            assert ours.split() == their_value.split(), oid_text
        else:
            assert ours == their_value, oid_text
        checked += 1
    assert checked > 20


def test_index_display_like_snmpwalk_ox(store: MibStore, snmpd) -> None:  # type: ignore[no-untyped-def]
    mib_flags = ["-M", ":".join(corpus_dirs()), "-m", "ALL"]
    for subtree in ("1.3.6.1.2.1.2.2.1.2", "1.3.6.1.2.1.4.20.1.2"):
        numeric = [oid for oid, _, _ in _walk(snmpd, subtree, "-On", *mib_flags)]
        named = [oid for oid, _, _ in _walk(snmpd, subtree, "-OX", *mib_flags)]
        assert numeric and len(numeric) == len(named)
        for oid_text, theirs in zip(numeric, named):
            oid = tuple(map(int, oid_text.lstrip(".").split(".")))
            ours = format_index(store, oid)
            assert ours == theirs.split("::", 1)[1], (ours, theirs)


def test_snmptui_walk_prints_what_snmpwalk_prints(snmpd, capsys) -> None:  # type: ignore[no-untyped-def]
    # `snmptui walk` with the same MIBs, line for line, for objects that do not
    # move between the two walks (names, types, enums, OIDs, strings).
    from snmptui.commands import walk as walk_command

    dirs = ":".join(corpus_dirs())
    stable = ("sysDescr", "sysObjectID", "sysContact", "sysName", "sysLocation", "sysServices",
              "ifIndex", "ifDescr", "ifType", "ifMtu", "ifAdminStatus")
    for subtree in ("1.3.6.1.2.1.1", "1.3.6.1.2.1.2.2.1"):
        command = ["-v2c", "-c", "public", "-M", dirs, "-m", "ALL", snmpd.target4, subtree]
        assert walk_command.run(command) == 0
        ours = [line for line in capsys.readouterr().out.splitlines() if line.split("::")[1].split(".")[0] in stable]
        theirs = subprocess.run(["snmpwalk", *command], capture_output=True, text=True, env=tool_env(), timeout=30)
        wanted = [line for line in theirs.stdout.splitlines()
                  if "::" in line and line.split("::")[1].split(".")[0] in stable]
        assert len(ours) >= 5 and ours == wanted
