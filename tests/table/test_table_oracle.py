"""``snmptui table`` equals net-snmp's ``snmptable`` byte for byte, for every table we have.

Every shared recording is served by the embedded agent; each table with rows in it
is printed by both tools with ``-Cf , -Ci`` and with ``-Cb``. The default run loads
each table's own module (and its imports) on both sides, which keeps it fast; the
``slow`` run loads the whole corpus (``-m ALL``) as a user would. The real snmpd
of the fixture is checked the same way; its counters move while we look, so our
output must equal net-snmp's just before or just after it.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from agent.netsnmp_oracle import SNMPREC_DIR
from core.agent import start_background
from core.mib import MibStore, load_mibs
from core.snapshot.files import load_snapshot
from mib.mib_helpers import corpus_dirs
from snmpd_fixture import require_tools
from table.table_oracle import FLAG_SETS, compare, ours, snmptable, tables_in

RECORDINGS = sorted(
    p for p in SNMPREC_DIR.rglob("*") if p.is_file() and p.name.endswith((".snmprec", ".snmprec.bz2", ".snmpwalk"))
)


@lru_cache(maxsize=None)
def _module_store(module: str) -> MibStore:
    return load_mibs(corpus_dirs(), [module])


@pytest.fixture(scope="module")
def served() -> Iterator[dict[Path, Any]]:
    """One embedded agent per recording, started on first use."""
    agents: dict[Path, Any] = {}
    yield agents
    for agent in agents.values():
        agent.stop()


def _target(served: dict[Path, Any], path: Path) -> str:
    if path not in served:
        served[path] = start_background(load_snapshot(path))
    return f"127.0.0.1:{served[path].port}"


NAMED = {"ifTable", "ifXTable", "ipAddrTable", "ipNetToMediaTable", "inetCidrRouteTable", "hrStorageTable",
         "hrSWRunTable", "entPhysicalTable", "lldpRemTable", "ipNetToPhysicalTable", "ipAddressTable"}
"""the tables every default run checks; the slow run checks every table"""


def _own_module_cases(tables: dict[str, int]) -> list[tuple[str, str]]:
    return [(t, t.partition("::")[0]) for t in tables if t.partition("::")[2] in NAMED]


@pytest.mark.parametrize("path", RECORDINGS, ids=lambda p: p.name)
def test_recorded_tables_print_as_snmptable_does(path: Path, corpus: MibStore, served: dict[Path, Any]) -> None:
    """The issue's tables wherever a recording has them, with each table's own module
    (and its imports) loaded on both sides."""
    require_tools()
    cases = _own_module_cases(tables_in(corpus, load_snapshot(path).pairs()))
    if not cases:
        return
    target = _target(served, path)
    problems = [compare(_module_store(module), target, [(t, f) for f in FLAG_SETS], modules=module)
                for t, module in cases]  # fmt: skip
    text = "\n".join(p for p in problems if p)
    assert not text, text


def test_the_recordings_have_tables(corpus: MibStore) -> None:
    with_tables = [p for p in RECORDINGS if tables_in(corpus, load_snapshot(p).pairs())]
    assert len(with_tables) >= len(RECORDINGS) - 1  # a partial UPS walk has only scalars


@pytest.mark.slow
@pytest.mark.parametrize("path", RECORDINGS, ids=lambda p: p.name)
def test_every_recorded_table_prints_as_snmptable_does_with_all_mibs(path: Path, corpus: MibStore, served: dict[Path, Any]) -> None:
    require_tools()
    tables = tables_in(corpus, load_snapshot(path).pairs())
    target = _target(served, path)
    text = compare(corpus, target, [(t, flags) for t in tables for flags in FLAG_SETS])
    assert not text, text


def _snmpd_tables(snmpd: Any, corpus: MibStore) -> list[str]:
    from core import SnmpSession

    with SnmpSession("127.0.0.1", port=snmpd.port) as session:
        return list(tables_in(corpus, session.fetch_arcs("1.3.6.1")))


def _check_live(snmpd: Any, store: MibStore, tables: list[str], modules: str) -> str:
    """A live agent's counters move (our own requests count on lo): ours must equal
    net-snmp's output just before or just after it."""
    problems = []
    for table in tables:
        for flags in FLAG_SETS:
            before = snmptable(snmpd.target4, table, flags, modules)
            got = ours(store, snmpd.target4, table, flags)
            after = snmptable(snmpd.target4, table, flags, modules)
            if got not in (before, after):
                problems.append(f"== {table} {' '.join(flags)} (live)\n{before}\n--- ours\n{got}")
    return "\n".join(p for p in problems if p)


def test_the_snmpd_fixture_tables_print_as_snmptable_does(snmpd: Any, corpus: MibStore) -> None:
    require_tools()
    tables = _snmpd_tables(snmpd, corpus)
    assert {"IF-MIB::ifTable", "IF-MIB::ifXTable", "HOST-RESOURCES-MIB::hrStorageTable"} <= set(tables)
    problems = []
    cases = _own_module_cases(dict.fromkeys(tables, 0)) + [("MTA-MIB::mtaGroupTable", "MTA-MIB")]
    for table, module in cases:  # mtaGroupTable: columns in definition order, not sub-id order
        problems.append(_check_live(snmpd, _module_store(module), [table], module))
    text = "\n".join(p for p in problems if p)
    assert not text, text


@pytest.mark.slow
def test_every_snmpd_fixture_table_with_all_mibs(snmpd: Any, corpus: MibStore) -> None:
    require_tools()
    text = _check_live(snmpd, corpus, _snmpd_tables(snmpd, corpus), "ALL")
    assert not text, text


OPTION_SETS: tuple[tuple[str, ...], ...] = (
    ("-Ci",), ("-Cw", "60", "-Ci"), ("-Cc", "8", "-Ci", "-Cw", "30"), ("-Cc", "5", "-Cl"), ("-CB", "-Ci"),
    ("-CB", "-Cr", "3", "-Ci"), ("-CB", "-Cw", "90"), ("-Cr", "2", "-Cb"), ("-Ch",), ("-CH", "-Cf", ";"),
    ("-Cl", "-Ci"), ("-Os", "-Ci"), ("-OX", "-Ci"), ("-Of", "-Ci", "-Cf", "|"), ("-On",), ("-Oq", "-Cf", ","),
    ("-Oe", "-Cb"), ("-OU", "-Ci"), ("-Ox", "-Cf", ","), ("-Ob", "-Ci"), ("-Cbi", "-Cf", "\t"),
)
"""snmptable's display options, alone and together"""


def test_display_and_output_options_print_as_snmptable_does(corpus: MibStore, served: dict[Path, Any]) -> None:
    """On a linux recording: a plain table, a sparse one (ipAddrTable has no ReasmMaxSize,
    which GETNEXT mode fills from the next column), string and multi-part indexes."""
    require_tools()
    path = next(p for p in RECORDINGS if p.name == "linux-full-walk.snmprec")
    tables = ["IF-MIB::ifTable", "IP-MIB::ipAddrTable", "SNMP-VIEW-BASED-ACM-MIB::vacmSecurityToGroupTable"]
    target = _target(served, path)
    problems = []
    for table in tables:
        module = table.partition("::")[0]
        problems.append(compare(_module_store(module), target, [(table, f) for f in OPTION_SETS], modules=module))
    text = "\n".join(p for p in problems if p)
    assert not text, text


def test_a_name_that_is_not_a_table(corpus: MibStore, served: dict[Path, Any]) -> None:
    require_tools()
    path = next(p for p in RECORDINGS if p.name == "linux-full-walk.snmprec")
    target = _target(served, path)
    for name in ("IF-MIB::ifEntry", "SNMPv2-MIB::sysDescr"):
        assert ours(_module_store("IF-MIB"), target, name, ()).endswith("[exit 1]")
        assert snmptable(target, name, (), "IF-MIB").endswith("[exit 1]")
