"""Oracle tests: our MIB tree against net-snmp's snmptranslate on the same corpus."""

from __future__ import annotations

import random
import re

import pytest

from core.mib import MibStore
from core.oid import format_oid
from mib.mib_helpers import snmptranslate

# net-snmp's placeholder names for unnamed intermediate arcs ("anonymous#3"):
# numbering artefacts of its parser, not MIB names.
_ANONYMOUS = re.compile(r"^anonymous#\d+$")
_TZ_LINE = re.compile(r'^"([^"]*)"\s+"([^"]*)"$')


@pytest.fixture(scope="module")
def netsnmp_nodes() -> set[tuple[str, str]]:
    pairs = set()
    for line in snmptranslate("-Tz").splitlines():
        match = _TZ_LINE.match(line.strip())
        if match and not _ANONYMOUS.match(match.group(1)):
            pairs.add((match.group(1), match.group(2)))
    assert len(pairs) > 50000, "snmptranslate -Tz listed too few nodes; is the corpus complete?"
    return pairs


def test_every_netsnmp_node_has_same_name_and_oid(store: MibStore, netsnmp_nodes: set[tuple[str, str]]) -> None:
    ours = {(node.name, format_oid(node.oid)) for node in store.nodes}
    missing = sorted(netsnmp_nodes - ours)
    assert not missing, f"{len(missing)} nodes missing, first: {missing[:10]}"


def test_at_least_as_many_modules_as_netsnmp(store: MibStore) -> None:
    loaded = [m for m in store.modules.values() if m.status == "loaded" and m.file]
    # net-snmp parses 417 distinct modules of this corpus (snmptranslate -Dparse-mibs).
    assert len(loaded) >= 417


_TD_FIELDS = re.compile(r"^\s*(SYNTAX|MAX-ACCESS|STATUS|DISPLAY-HINT)\t+(.*?)\s*$", re.M)
_TD_TC = re.compile(r"^\s*-- TEXTUAL CONVENTION (\S+)", re.M)
def _sample(store: MibStore, count: int) -> list:  # type: ignore[type-arg]
    candidates = [n for n in store.nodes
                  if n.kind in ("scalar", "column") and n.syntax is not None
                  and store.node(n.oid) is n and not n.module.startswith("RFC")]
    rng = random.Random(4)
    chosen = rng.sample(candidates, count)
    named = [n for n in candidates if n.syntax.enums]
    chosen += rng.sample(named, 40)
    for name in ("IF-MIB::ifType", "IF-MIB::ifAdminStatus", "IF-MIB::ifPhysAddress",
                 "SNMPv2-MIB::sysUpTime", "HOST-RESOURCES-MIB::hrStorageType",
                 "IP-MIB::ipNetToPhysicalNetAddress"):
        chosen.append(store.by_name(name))
    return chosen


def test_syntax_access_status_and_enums_match_snmptranslate_td(store: MibStore) -> None:
    nodes = _sample(store, 120)
    text = snmptranslate("-Td", *[format_oid(n.oid) for n in nodes])
    blocks = re.split(r"\n(?=\S+::\S+\n)|\n(?=\.?\d[\d.]*\n)", text.strip())
    assert len(blocks) == len(nodes)
    mismatches = []
    for node, block in zip(nodes, blocks):
        fields = dict(_TD_FIELDS.findall(block))
        tc = _TD_TC.search(block)
        syntax = node.syntax
        assert syntax is not None
        expected_tc = tc.group(1) if tc else ""
        if expected_tc != syntax.textual_convention:
            mismatches.append((node.qualified_name, "tc", expected_tc, syntax.textual_convention))
        their_syntax = fields.get("SYNTAX", "")
        if syntax.base == "BITS" or syntax.enums:
            labels = re.findall(r"([\w-]+)\((-?\d+)\)", their_syntax)
            ours = [(label, str(number)) for label, number in syntax.named]
            if labels != ours:
                mismatches.append((node.qualified_name, "labels", labels[:5], ours[:5]))
        elif not their_syntax.startswith(syntax.base):
            mismatches.append((node.qualified_name, "syntax", their_syntax, syntax.base))
        if fields.get("MAX-ACCESS", "") != node.access:
            mismatches.append((node.qualified_name, "access", fields.get("MAX-ACCESS"), node.access))
        if fields.get("STATUS", "") != node.status:
            mismatches.append((node.qualified_name, "status", fields.get("STATUS"), node.status))
        hint = fields.get("DISPLAY-HINT", "").strip('"')
        if hint != (syntax.display_hint or ""):
            mismatches.append((node.qualified_name, "hint", hint, syntax.display_hint))
    assert not mismatches, "\n".join(map(str, mismatches))
