"""Benchmark: the embedded agent serving a ~100k-OID snapshot to ``snmpbulkwalk -Cr50``.

    sudo python3 tests/bench/bench_agent.py [--pairs 500] [--reps 50] [--rounds 3] [--synthetic]

With root and iproute2, starts net-snmp's snmpd in a private network namespace
holding N veth pairs (netns_agent.py, ~100k varbinds), walks it with
``snmpbulkwalk -On -Ox``, loads that output as the snapshot and serves it with
``core.agent`` on 127.0.0.1: both agents then serve the same objects to the same
client in the same run. ``--synthetic`` (or no root) serves a generated 100k-OID
ifTable instead and has no snmpd figure. Also walks the agent over SNMPv3
authPriv (SHA-256/AES-128). Prints varbinds, wall seconds (best of the rounds),
varbinds per second, the agent's CPU seconds and the ratio to snmpd.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from core.agent import OidStore, as_store, start_background  # noqa: E402
from core.snapshot.files import load_snapshot  # noqa: E402
from core.snapshot.model import Snapshot  # noqa: E402
from core.security import Aes128Key, Sha256Key, User  # noqa: E402
from core.types import Counter32, Gauge32  # noqa: E402

V3_ARGS = ["-v3", "-l", "authPriv", "-u", "bench", "-a", "SHA-256", "-A", "bench-auth-pass",
           "-x", "AES", "-X", "bench-priv-pass"]  # fmt: skip
ENV = dict(os.environ, MIBS="", MIBDIRS="")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def walk(prefix: list[str], target: str, reps: int, auth: list[str]) -> dict:
    """One snmpbulkwalk of the whole tree: varbinds, wall seconds, client CPU seconds."""
    cpu0, agent0, wall0 = _children_cpu(), time.process_time(), time.perf_counter()
    out = subprocess.run(
        prefix + ["snmpbulkwalk", *auth, f"-Cr{reps}", "-On", "-t", "5", target, "1.3.6.1"],
        capture_output=True, check=True, env=ENV,
    )  # fmt: skip
    wall = time.perf_counter() - wall0
    return {
        "varbinds": out.stdout.count(b"\n"),
        "wall": wall,
        "client_cpu": _children_cpu() - cpu0,
        # This process runs nothing but the agent's thread while the tool walks.
        "agent_cpu": time.process_time() - agent0,
    }


def best_of(rounds: int, run: object) -> dict:
    results = [run() for _ in range(rounds)]  # type: ignore[operator]
    return min(results, key=lambda r: r["wall"])


def synthetic(count: int = 100_000) -> OidStore:
    """An ifTable of 20 columns x count/20 rows with realistic value types."""
    rows = count // 20
    items = []
    for column in range(1, 21):
        for row in range(1, rows + 1):
            if column == 2:
                value: object = f"veth{row}".encode()
            elif column in (10, 11, 16, 17):
                value = Counter32(row * 1009 + column)
            elif column == 5:
                value = Gauge32(10_000_000_000 // 1000)
            else:
                value = row
            items.append(((1, 3, 6, 1, 2, 1, 2, 2, 1, column, row), value))
    return OidStore(items)


def record_snmpd(pairs: int, reps: int, rounds: int) -> tuple[Snapshot, dict]:
    """Walk snmpd in a namespace: its best walk figures and its objects as a snapshot."""
    from netns_agent import netns_snmpd

    with netns_snmpd(pairs) as (prefix, host, port):
        target = f"{host}:{port}"
        auth = ["-v2c", "-c", "public"]
        walk(prefix, target, reps, auth)  # warm snmpd's caches
        figures = best_of(rounds, lambda: walk(prefix, target, reps, auth))
        dump = subprocess.run(
            prefix + ["snmpbulkwalk", *auth, f"-Cr{reps}", "-On", "-Ox", target, "1.3.6.1"],
            capture_output=True, check=True, env=ENV,
        )  # fmt: skip
    workdir = Path(tempfile.mkdtemp(prefix="snmptui-bench-"))
    try:
        path = workdir / "snmpd.snmpwalk"
        path.write_bytes(dump.stdout)
        snapshot = load_snapshot(path, strict=False)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return snapshot, figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=500)
    parser.add_argument("--reps", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--synthetic", action="store_true", help="no snmpd: serve a generated ifTable")
    args = parser.parse_args()
    snmpd = None
    use_netns = not args.synthetic and os.geteuid() == 0 and shutil.which("ip") is not None
    if use_netns:
        snapshot, snmpd = record_snmpd(args.pairs, args.reps, args.rounds)
        began = time.perf_counter()
        store = as_store(snapshot)
        what = f"snmpd's {len(store):,} objects (netns, {args.pairs} veth pairs)"
    else:
        began = time.perf_counter()
        store = synthetic()
        what = f"a synthetic ifTable of {len(store):,} objects"
    load_seconds = time.perf_counter() - began
    user = User("bench", auth_key=Sha256Key("bench-auth-pass"), priv_key=Aes128Key("bench-priv-pass"))
    with start_background(store, users=[user]) as running:
        target = f"127.0.0.1:{running.port}"
        v2c = ["-v2c", "-c", "public"]
        walk([], target, args.reps, v2c)
        agent = best_of(args.rounds, lambda: walk([], target, args.reps, v2c))
        v3 = best_of(args.rounds, lambda: walk([], target, args.reps, V3_ARGS))
    print(f"serving {what}; store built in {load_seconds:.2f} s")
    print(f"client: snmpbulkwalk -Cr{args.reps} -On, best of {args.rounds} rounds")
    print(f"{'agent':<24}{'varbinds':>10}{'wall s':>9}{'varbinds/s':>12}{'agent cpu s':>13}")
    rows = [("core.agent v2c", agent), ("core.agent v3 authPriv", v3)]
    if snmpd is not None:
        rows.append(("net-snmp snmpd v2c", snmpd))
    for name, r in rows:
        cpu = f"{r['agent_cpu']:>13.3f}" if name.startswith("core") else f"{'-':>13}"
        print(f"{name:<24}{r['varbinds']:>10}{r['wall']:>9.3f}{r['varbinds'] / r['wall']:>12,.0f}{cpu}")
    if snmpd is not None:
        print(f"core.agent/snmpd wall ratio (v2c): {agent['wall'] / snmpd['wall']:.2f}")
    print(f"v3 authPriv / v2c wall ratio: {v3['wall'] / agent['wall']:.2f}")


if __name__ == "__main__":
    main()
