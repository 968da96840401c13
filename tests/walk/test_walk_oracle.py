"""Oracle: ``snmptui walk .1`` prints every shared recording exactly as ``snmpbulkwalk -m ALL``.

Each recording in ../shared/snmprec is served by the embedded agent (one agent per
recording, shared by its checks); both tools walk ``.1`` with the same MIB directories.
Each recording is walked once in-process and printed through the formatter the
command prints with (the command itself runs against the snmpd fixture here and in
test_walk_classes.py); the ``-O`` letters the issue lists are checked the same way in
the slow tests (12 flag sets times every recording: run with ``-m slow``). The snmpd fixture, whose tables change while one walks, is
compared on the records that two net-snmp walks around ours agree on.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from core.agent import start_background
from core.snapshot.files import load_snapshot
from oracle_support import (
    RECORDINGS, compare_records, formatted, group_records, mib_dirs, netsnmp_walk, snmptui_walk,
    walk_varbinds,
)
from snmpd_fixture import require_tools

FLAG_SETS = ["-On", "-Oq", "-OQ", "-Ov", "-Oe", "-Ox", "-Oa", "-OX", "-OU", "-Ot", "-Os", "-Of"]


def _differences(theirs: str, ours: str) -> str:
    same, total, diffs = compare_records(theirs, ours)
    shown = "\n".join(f"  net-snmp: {a!r}\n  snmptui:  {b!r}" for a, b in diffs[:5])
    return f"{same}/{total} records identical; first differences:\n{shown}"


@pytest.fixture(scope="module")
def store() -> Any:
    from core.mib import load_mibs

    return load_mibs(mib_dirs())


@pytest.fixture(scope="module", params=RECORDINGS, ids=lambda p: p.name)
def served(request: pytest.FixtureRequest) -> Iterator[tuple[Path, int]]:
    require_tools()
    with start_background(load_snapshot(request.param)) as running:
        yield request.param, running.port


def test_recordings_are_found() -> None:
    assert len(RECORDINGS) >= 10, "expected the shared recordings under ../shared/snmprec"


def test_walk_prints_as_netsnmp(served: tuple[Path, int], store: Any) -> None:
    _, port = served
    theirs = netsnmp_walk(f"127.0.0.1:{port}", mib_dirs(), [])
    ours = formatted(store, walk_varbinds(port), [])
    assert ours == theirs, _differences(theirs, ours)


@pytest.mark.slow
@pytest.mark.parametrize("flag", FLAG_SETS)
def test_output_options_print_as_netsnmp(served: tuple[Path, int], store: Any, flag: str) -> None:
    _, port = served
    theirs = netsnmp_walk(f"127.0.0.1:{port}", mib_dirs(), [flag])
    ours = formatted(store, walk_varbinds(port), [flag])
    assert ours == theirs, _differences(theirs, ours)


@pytest.mark.slow
def test_one_flag_set_on_every_recording(served: tuple[Path, int], store: Any) -> None:
    """The quick-print family on every recording (the full matrix is the slow test above)."""
    _, port = served
    flags = ["-Oq", "-Os", "-OX"]
    theirs = netsnmp_walk(f"127.0.0.1:{port}", mib_dirs(), flags)
    ours = formatted(store, walk_varbinds(port), flags)
    assert ours == theirs, _differences(theirs, ours)


def _by_name(text: str) -> dict[str, str]:
    return {record.split(" = ", 1)[0]: record for record in group_records(text)}


def test_snmpd_walk_prints_as_netsnmp(snmpd: Any) -> None:
    """Real snmpd: every record that stays put between two net-snmp walks is ours too."""
    target = f"127.0.0.1:{snmpd.port}"
    dirs = mib_dirs()
    before = _by_name(netsnmp_walk(target, dirs, []))
    ours = _by_name(snmptui_walk(target, dirs, []))
    after = _by_name(netsnmp_walk(target, dirs, []))
    stable = {name: record for name, record in before.items() if after.get(name) == record}
    assert len(stable) > 0.8 * len(before) and len(stable) > 500
    wrong = [(record, ours.get(name)) for name, record in stable.items() if ours.get(name) != record]
    assert not wrong, f"{len(wrong)} of {len(stable)} stable records differ, e.g. {wrong[:3]}"
