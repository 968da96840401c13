"""Benchmark: full GETBULK walk of a ~100k-varbind snmpd, core vs peers.

    sudo python3 tests/bench/bench_walk.py [--pairs 500] [--reps 50] [--rounds 3]

Starts snmpd in a private network namespace with N veth pairs (netns_agent.py),
then walks it from the root with each client in its own process: our ``core``,
net-snmp's ``snmpbulkwalk -Cr<reps>`` and, when installed, gufo_snmp. Prints
varbinds, wall and CPU seconds (best of the rounds) and ratios to the peers.
Targets (issue 2): core CPU <= 2x gufo_snmp's; core wall <= snmpbulkwalk's.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from netns_agent import V3_USER, netns_snmpd  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
CLIENT = Path(__file__).resolve().parent / "walk_client.py"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_python_client(prefix: list[str], name: str, host: str, port: int, reps: int) -> dict:
    env = dict(os.environ, PYTHONPATH=f"{REPO}{os.pathsep}{CLIENT.parent}")
    out = subprocess.run(
        prefix + [sys.executable, str(CLIENT), name, host, str(port), str(reps)],
        capture_output=True, text=True, env=env, check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_snmpbulkwalk(prefix: list[str], host: str, port: int, reps: int, v3: bool = False) -> dict:
    if v3:
        name, auth, auth_pass, priv, priv_pass = V3_USER
        credentials = ["-v3", "-l", "authPriv", "-u", name, "-a", auth, "-A", auth_pass,
                       "-x", priv, "-X", priv_pass]
    else:
        credentials = ["-v2c", "-c", "public"]
    cpu0, wall0 = _children_cpu(), time.perf_counter()
    out = subprocess.run(
        prefix + ["snmpbulkwalk", *credentials, f"-Cr{reps}", "-On", "-t", "5",
                  f"{host}:{port}", "1.3.6.1"],
        capture_output=True, check=True, env=dict(os.environ, MIBS=""),
    )
    wall = time.perf_counter() - wall0
    cpu = _children_cpu() - cpu0
    return {"client": "snmpbulkwalk v3" if v3 else "snmpbulkwalk",
            "varbinds": out.stdout.count(b"\n"), "wall": wall, "cpu": cpu, "process_cpu": cpu}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=500)
    parser.add_argument("--reps", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--v3", action="store_true", help="also walk as an authPriv v3 user")
    args = parser.parse_args()
    has_gufo = importlib.util.find_spec("gufo") is not None
    clients = ["core"] + (["gufo_snmp"] if has_gufo else [])
    if args.v3:
        clients += ["core v3"] + (["gufo_snmp v3"] if has_gufo else [])
    best: dict[str, dict] = {}
    with netns_snmpd(args.pairs) as (prefix, host, port):
        # One warm-up walk so snmpd's caches are filled for every client alike.
        run_snmpbulkwalk(prefix, host, port, args.reps)
        for _ in range(args.rounds):
            results = [run_python_client(prefix, c, host, port, args.reps) for c in clients]
            results.append(run_snmpbulkwalk(prefix, host, port, args.reps))
            if args.v3:
                results.append(run_snmpbulkwalk(prefix, host, port, args.reps, v3=True))
            for r in results:
                if r["client"] not in best or r["wall"] < best[r["client"]]["wall"]:
                    best[r["client"]] = {**r, "cpu": min(r["cpu"], best.get(r["client"], r)["cpu"])}
    print(f"{'client':<17}{'varbinds':>10}{'wall s':>9}{'walk cpu s':>12}{'proc cpu s':>12}")
    for name, r in best.items():
        print(f"{name:<17}{r['varbinds']:>10}{r['wall']:>9.3f}{r['cpu']:>12.3f}{r['process_cpu']:>12.3f}")
    core = best["core"]
    if "gufo_snmp" in best:
        print(f"core/gufo_snmp walk CPU ratio: {core['cpu'] / best['gufo_snmp']['cpu']:.2f} (target <= 2)")
    print(f"core/snmpbulkwalk wall ratio: {core['wall'] / best['snmpbulkwalk']['wall']:.2f} (target <= 1)")
    if args.v3:
        v3 = best["core v3"]
        print(f"core v3/core v2c walk CPU ratio: {v3['cpu'] / core['cpu']:.2f}")
        if "gufo_snmp v3" in best:
            print(f"core v3/gufo_snmp v3 walk CPU ratio: {v3['cpu'] / best['gufo_snmp v3']['cpu']:.2f}")
        print(f"core v3/snmpbulkwalk v3 wall ratio: {v3['wall'] / best['snmpbulkwalk v3']['wall']:.2f}")


if __name__ == "__main__":
    main()
