"""Helpers for checking ``snmptui table`` against net-snmp's ``snmptable`` on one agent.

``tables_in(store, pairs)`` lists the tables a recording (or a walk) has rows of;
``snmptable`` runs the real tool; ``ours`` runs the command in-process with MIBs
already loaded; ``compare`` runs both for a list of (table, flags) and returns
the differences as readable text (empty when every output is byte-identical).
"""

from __future__ import annotations

import difflib
import io
import subprocess
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from core.mib import MibStore
from core.oid import oid_key
from mib.mib_helpers import corpus_dirs, tool_env
from snmptui.commands.table import run

FLAG_SETS: tuple[tuple[str, ...], ...] = (("-Cf", ",", "-Ci"), ("-Cb",))
"""the two ways every table is compared (the issue's oracle)"""


def tables_in(store: MibStore, pairs: Iterable[tuple[Any, Any]]) -> dict[str, int]:
    """``MODULE::table`` of every table with at least one instance among ``pairs`` (OID,
    value), in OID order, with a digest of its varbinds (equal tables, equal digests)."""
    found: dict[tuple[int, ...], tuple[str, list[tuple[Any, Any]]]] = {}
    for oid, value in pairs:
        key = oid_key(oid) if isinstance(oid, str) else tuple(oid)
        node, rest = store.lookup(key)
        if node is None or node.kind != "column" or not rest:
            continue
        table = store.node(node.oid[:-2])
        if table is not None and table.kind == "table":
            found.setdefault(table.oid, (table.qualified_name, []))[1].append((key, repr(value)))
    return {found[oid][0]: hash(tuple(found[oid][1])) for oid in sorted(found)}


def snmptable(target: str, table: str, flags: tuple[str, ...], modules: str) -> str:
    command = ["snmptable", "-v2c", "-c", "public", "-t", "3", "-r", "1", "-M", ":".join(corpus_dirs()),
               "-m", modules, *flags, target, table]  # fmt: skip
    done = subprocess.run(command, capture_output=True, env=tool_env(), timeout=60)
    return f"{done.stdout.decode('latin-1')}[exit {done.returncode}]"  # one character per byte, as ours


def ours(store: MibStore, target: str, table: str, flags: tuple[str, ...]) -> str:
    out = io.StringIO()
    status = run(["-v2c", "-c", "public", "-t", "3", "-r", "1", *flags, target, table], out=out, store=store)
    return f"{out.getvalue()}[exit {status}]"


def _diff(expected: str, got: str, label: str) -> str:
    lines = difflib.unified_diff(expected.splitlines(), got.splitlines(), "snmptable", "snmptui table", n=0)
    return f"== {label}\n" + "\n".join(list(lines)[:12])


def compare(store: MibStore, target: str, cases: list[tuple[str, tuple[str, ...]]], modules: str = "ALL") -> str:
    """Differences between the two tools for each (table, flags); '' when all are equal.

    The real tool runs in a few threads at once (it spends its time loading MIBs);
    ours runs in this process with ``store``.
    """
    with ThreadPoolExecutor(max_workers=3) as pool:
        theirs = list(pool.map(lambda case: snmptable(target, case[0], case[1], modules), cases))
    problems = []
    for (table, flags), expected in zip(cases, theirs):
        got = ours(store, target, table, flags)
        if got != expected:
            problems.append(_diff(expected, got, f"{table} {' '.join(flags)}"))
    return "\n".join(problems)
