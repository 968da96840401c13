"""Benchmark: full GETBULK walk of a ~100k-varbind snmpd, core vs peers.

    sudo python3 tests/bench/bench_walk.py [--pairs 500] [--reps 50] [--rounds 5] [--v3] [--parallel 4]

Starts snmpd in a private network namespace with N veth pairs (netns_agent.py),
then walks it from the root with each client in its own process, the clients
taking turns within each round: our ``core``, net-snmp's ``snmpbulkwalk
-Cr<reps>`` and, when installed, gufo_snmp. Prints varbinds, wall seconds
(best of the rounds) and walk CPU seconds (best and median; user and system),
and the ratios to the peers, both of the best runs and of the medians per
varbind (the agent's tables grow while it runs, so rounds differ a little).
With ``--parallel N`` (default 4) our walk with N requests in flight is measured
too. Targets: core CPU <= 1.2x gufo_snmp's, serial and parallel (issue 18; issue
2 asked 2x); core wall <= snmpbulkwalk's; v3 authPriv CPU <= 1.3x our v2c.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from netns_agent import V3_USER, netns_snmpd  # noqa: E402
from walk_client import TIMEOUT  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
CLIENT = Path(__file__).resolve().parent / "walk_client.py"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_python_client(
    prefix: list[str], name: str, host: str, port: int, reps: int, parallel: int = 1
) -> dict | None:
    """One client's walk, or None (and why, printed) when that client fails."""
    env = dict(os.environ, PYTHONPATH=f"{REPO}{os.pathsep}{CLIENT.parent}")
    out = subprocess.run(
        prefix + [sys.executable, str(CLIENT), name, host, str(port), str(reps), "1.3.6.1",
                  str(parallel)],
        capture_output=True, text=True, env=env,
    )  # fmt: skip
    if out.returncode != 0:
        reason = (out.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"{name}: walk failed ({reason}); run left out", flush=True)
        return None
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_snmpbulkwalk(
    prefix: list[str], host: str, port: int, reps: int, v3: bool = False, timeout: int = TIMEOUT
) -> dict | None:
    """snmpbulkwalk's walk, or None (and why, printed) when it fails."""
    if v3:
        name, auth, auth_pass, priv, priv_pass = V3_USER
        credentials = ["-v3", "-l", "authPriv", "-u", name, "-a", auth, "-A", auth_pass,
                       "-x", priv, "-X", priv_pass]
    else:
        credentials = ["-v2c", "-c", "public"]
    cpu0, wall0 = _children_cpu(), time.perf_counter()
    out = subprocess.run(
        prefix + ["snmpbulkwalk", *credentials, f"-Cr{reps}", "-On", "-t", str(timeout),
                  f"{host}:{port}", "1.3.6.1"],
        capture_output=True, env=dict(os.environ, MIBS=""),
    )
    wall = time.perf_counter() - wall0
    if out.returncode != 0:
        reason = (out.stderr.decode(errors="replace").strip().splitlines() or ["no output"])[-1]
        print(f"snmpbulkwalk{' v3' if v3 else ''}: walk failed ({reason}); run left out", flush=True)
        return None
    cpu = _children_cpu() - cpu0
    return {"client": "snmpbulkwalk v3" if v3 else "snmpbulkwalk",
            "varbinds": out.stdout.count(b"\n"), "wall": wall, "cpu": cpu, "process_cpu": cpu}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=500)
    parser.add_argument("--reps", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--v3", action="store_true", help="also walk as an authPriv v3 user")
    parser.add_argument("--parallel", type=int, default=4,
                        help="also walk with this many requests in flight (1: not)")
    args = parser.parse_args()
    has_gufo = importlib.util.find_spec("gufo") is not None
    clients = ["core"] + (["gufo_snmp"] if has_gufo else [])
    if args.v3:
        clients += ["core v3"] + (["gufo_snmp v3"] if has_gufo else [])
    # Our modules are compiled to bytecode first, as an installed package is:
    # the walk is measured, not the compiling of changed sources (which
    # PYTHONDONTWRITEBYTECODE would otherwise repeat in every client process).
    compileall.compile_dir(str(REPO / "core"), quiet=1)
    runs: dict[str, list[dict]] = {}
    with netns_snmpd(args.pairs) as (prefix, host, port):
        # One warm-up walk so snmpd's caches are filled for every client alike
        # (the first load of 500 interfaces' tables can take longer than 5 s).
        run_snmpbulkwalk(prefix, host, port, args.reps, timeout=2 * TIMEOUT)
        for _ in range(args.rounds):
            results = [run_python_client(prefix, c, host, port, args.reps) for c in clients]
            if args.parallel > 1:
                results.append(run_python_client(prefix, "core", host, port, args.reps, args.parallel))
            results.append(run_snmpbulkwalk(prefix, host, port, args.reps))
            if args.v3:
                results.append(run_snmpbulkwalk(prefix, host, port, args.reps, v3=True))
            for r in results:
                if r is not None:
                    runs.setdefault(r["client"], []).append(r)
    print(f"{'client':<17}{'varbinds':>10}{'best wall s':>12}{'best cpu s':>11}"
          f"{'median cpu s':>13}{'user s':>8}{'sys s':>7}{'us/varbind':>11}")
    summary = {name: _summary(rs) for name, rs in runs.items()}
    for name, r in summary.items():
        print(f"{name:<17}{r['varbinds']:>10}{r['wall']:>12.3f}{r['cpu']:>11.3f}"
              f"{r['median_cpu']:>13.3f}{r['user']:>8.3f}{r['sys']:>7.3f}{r['us_per_varbind']:>11.2f}")
    _ratios(summary, "core", "gufo_snmp", "CPU", 1.2)
    _ratios(summary, "core", "snmpbulkwalk", "wall", 1.0)
    parallel = f"core -Cp{args.parallel}"
    _ratios(summary, parallel, "gufo_snmp", "CPU", 1.2)
    _ratios(summary, parallel, "core", "CPU", None)
    _ratios(summary, parallel, "snmpbulkwalk", "wall", None)
    if args.v3:
        _ratios(summary, "core v3", "core", "CPU", 1.3)
        _ratios(summary, "core v3", "gufo_snmp v3", "CPU", None)
        _ratios(summary, "core v3", "snmpbulkwalk v3", "wall", None)


def _summary(results: list[dict]) -> dict:
    """Best wall and CPU of a client's runs, its median run, and CPU per varbind."""
    by_cpu = sorted(results, key=lambda r: r["cpu"])
    median = by_cpu[len(by_cpu) // 2]
    return {
        "varbinds": median["varbinds"],
        "wall": min(r["wall"] for r in results),
        "cpu": by_cpu[0]["cpu"],
        "median_cpu": median["cpu"],
        "user": median.get("user", median["cpu"]),
        "sys": median.get("sys", 0.0),
        "us_per_varbind": statistics.median(r["cpu"] / r["varbinds"] * 1e6 for r in results),
    }


def _ratios(summary: dict, ours: str, peer: str, what: str, target: float | None) -> None:
    if ours not in summary or peer not in summary:
        return
    a, b = summary[ours], summary[peer]
    goal = f" (target <= {target:g})" if target is not None else ""
    if what == "wall":
        print(f"{ours}/{peer} best wall ratio: {a['wall'] / b['wall']:.2f}{goal}")
        return
    print(f"{ours}/{peer} CPU ratio: best runs {a['cpu'] / b['cpu']:.2f}, "
          f"median per varbind {a['us_per_varbind'] / b['us_per_varbind']:.2f}{goal}")


if __name__ == "__main__":
    main()
