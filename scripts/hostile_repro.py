"""Run the reproductions of issue 11 (hostile input, crashes and secrets) outside the suite.

    python3 scripts/hostile_repro.py            # every item
    python3 scripts/hostile_repro.py 2 3        # items 2 and 3 only
    python3 scripts/hostile_repro.py --list     # what each item runs

Each item is a set of pytest node ids (the tests that failed before the fix); this
script runs them in a fresh pytest process per item from the repository root and
prints one line per item: passed or failed, with the node ids that failed. Exit
status 0 when every item passed. Items 4, 6 and 7 (MIB cache, MIB files, snapshot
values) are the MIB loader's and snapshot parsers' and not listed here.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

ITEMS: dict[str, tuple[str, list[str]]] = {
    "1": ("secrets in crash output", [
        "tests/tui/test_crash_secrets.py",
        "tests/tui/test_cli.py::test_secrets_are_secret_from_flag_env_and_prompt",
    ]),
    "2": ("integers beyond 4300 digits, arcs, 128 sub-identifiers", [
        "tests/core/test_hostile_numbers.py",
        "tests/core/test_v3_responder.py::test_a_huge_request_id_during_discovery_is_dropped_before_authentication",
        "tests/tui/test_hostile_agent.py",
        "tests/agent/test_agent_server_errors.py",
    ]),
    "3": ("v3 walk across agent reboots with repeated reports", [
        "tests/agent/test_agent_v3.py::test_a_walk_survives_restarts_whose_reports_arrive_twice",
        "tests/agent/test_agent_v3.py::test_a_reboot_behind_slow_replies_resyncs_once_per_retry",
    ]),
    "5": ("the agent on any address, write community", ["tests/agent/test_agent_exposure.py"]),
    "8": ("smaller ones: wrong-OID answers, -Cc loops, v3 probe time, --offline reason", [
        "tests/core/test_session_faults.py::test_get_and_get_many_refuse_an_answer_for_another_oid",
        "tests/core/test_session_faults.py::test_unchecked_walk_ends_on_a_repeated_oid_and_says_why",
        "tests/core/test_v3_responder.py::test_a_timeout_says_that_diagnostic_probes_ran_beyond_the_budget",
        "tests/tui/test_offline_failure.py",
    ]),
    "record": ("record warns of command-line secrets", ["tests/agent/test_record_leaks.py"]),
    "fuzz": ("fuzz of every decoder entry point (200k cases)", ["tests/core/test_fuzz_decoders.py"]),
}


def run_item(key: str) -> bool:
    title, nodes = ITEMS[key]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rf", *nodes],
        cwd=REPO, capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(REPO)),
    )  # fmt: skip
    summary = (result.stdout.strip().splitlines() or ["no output"])[-1]
    failed = re.findall(r"^FAILED (\S+)", result.stdout, re.MULTILINE)
    verdict = "passed" if result.returncode == 0 else "FAILED"
    print(f"item {key:<7}{verdict:<8}{title} — {summary}")
    for node in failed:
        print(f"    failed: {node}")
    return result.returncode == 0


def main(argv: list[str]) -> int:
    if "--list" in argv:
        for key, (title, nodes) in ITEMS.items():
            print(f"item {key}: {title}")
            for node in nodes:
                print(f"    {node}")
        return 0
    keys = argv or list(ITEMS)
    unknown = [k for k in keys if k not in ITEMS]
    if unknown:
        print(f"hostile_repro: unknown item(s) {', '.join(unknown)}; known: {', '.join(ITEMS)}", file=sys.stderr)
        return 2
    results = [run_item(key) for key in keys]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
