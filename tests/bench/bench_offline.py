"""Benchmark: `snmptui --offline` of an 88k-OID recording, until the status bar says "Connected".

The recording is generated here (not committed): a router-like device with the
system group, 4000 interfaces (ifTable + ifXTable columns: strings, counters,
gauges, OCTET STRING addresses in hex, TimeTicks, INTEGER enums) and snmpsim
``numeric`` variation lines, 88k OIDs in snmprec format, written once as plain text
and once bzip2-compressed. Timed in the same run, each the best of a few:

- the app, headless (``App.run_test``), from start to "Connected" (the snapshot
  read, the agent's store built, the agent started and probed), MIBs not loaded;
- its parts: ``load_snapshot`` and ``Snapshot.as_store``;
- the peers for the read: Python's own ``bz2.decompress`` plus ``bytes.split`` of
  the same file (the floor of any reader), and net-snmp's ``snmptranslate`` of the
  88k OIDs is not a peer (it reads no snapshots), so none is claimed.

Target (issue 18): <= 1.0 s to "Connected" for the plain file.

Run: python tests/bench/bench_offline.py   (from the repository root)
"""

from __future__ import annotations

import asyncio
import os
import bz2
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from core.agent import as_store  # noqa: E402
from core.snapshot.files import load_snapshot  # noqa: E402

INTERFACES = 3660
RUNS = 3


def recording() -> bytes:
    """An 88k-OID snmprec text, sorted by OID as snmpsim writes it."""
    lines = [
        "1.3.6.1.2.1.1.1.0|4|Benchmark router, software 1.2.3",
        "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10",
        "1.3.6.1.2.1.1.3.0|67:numeric|rate=100,initial=123456",
        "1.3.6.1.2.1.1.4.0|4|noc@example.net",
        "1.3.6.1.2.1.1.5.0|4|bench-router",
        "1.3.6.1.2.1.1.6.0|4|rack 7",
        "1.3.6.1.2.1.1.7.0|2|72",
        f"1.3.6.1.2.1.2.1.0|2|{INTERFACES}",
    ]
    rows = range(1, INTERFACES + 1)
    if_columns = [
        (1, lambda i: f"2|{i}"), (2, lambda i: f"4|GigabitEthernet0/{i}"), (3, lambda i: "2|6"),
        (4, lambda i: "2|1500"), (5, lambda i: "66|1000000000"), (6, lambda i: f"4x|0050568a{i:04x}"),
        (7, lambda i: "2|1"), (8, lambda i: f"2|{1 + i % 2}"), (9, lambda i: f"67|{i * 100}"),
        (10, lambda i: f"65:numeric|rate=1000,initial={i * 7919}"), (11, lambda i: f"65|{i * 31}"),
        (12, lambda i: f"65|{i % 97}"), (13, lambda i: "65|0"), (14, lambda i: "65|0"),
        (15, lambda i: "65|0"), (16, lambda i: f"65|{i * 7907}"), (17, lambda i: f"65|{i * 29}"),
        (18, lambda i: f"65|{i % 89}"), (19, lambda i: "65|0"), (20, lambda i: "65|0"),
        (21, lambda i: "66|0"),
    ]
    for column, value in if_columns:
        lines += [f"1.3.6.1.2.1.2.2.1.{column}.{i}|{value(i)}" for i in rows]
    if_x_columns = [
        (1, lambda i: f"4|Gi0/{i}"), (6, lambda i: f"70|{i * 1000003}"), (10, lambda i: f"70|{i * 999983}"),
    ]
    for column, value in if_x_columns:
        lines += [f"1.3.6.1.2.1.31.1.1.1.{column}.{i}|{value(i)}" for i in rows]
    return ("\n".join(lines) + "\n").encode()


async def connected_seconds(path: Path) -> tuple[float, float, str]:
    """(wall, CPU of this process, status text) from the app's start to "Connected"."""
    from snmptui.app import SnmpTuiApp  # imported before the clock starts

    began = time.perf_counter()
    cpu = time.process_time()
    app = SnmpTuiApp(offline=str(path), load_mibs=False)
    async with app.run_test(size=(100, 30)) as pilot:
        status = app.browser.status_bar
        while "Connected" not in status.message.plain and not status.has_class("-error"):
            await pilot.pause(0.005)
            if time.perf_counter() - began > 60:
                break
        elapsed = time.perf_counter() - began
        used = time.process_time() - cpu
        text = status.message.plain
    return elapsed, used, text


def best(values: list[float]) -> str:
    return f"{min(values):.3f} s (runs: " + ", ".join(f"{v:.2f}" for v in values) + ")"


def main() -> int:
    print("load average at start: " + ", ".join(f"{v:.1f}" for v in os.getloadavg())
          + f" on {os.cpu_count()} CPUs (wall times stretch with it; CPU times much less)")
    data = recording()
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "router.snmprec"
        packed = Path(tmp) / "router.snmprec.bz2"
        plain.write_bytes(data)
        packed.write_bytes(bz2.compress(data))
        oids = data.count(b"\n")
        figures: dict[str, list[float]] = {}
        for name, path in (("plain", plain), ("bz2", packed)):
            loads, stores, floors, apps, cpus = [], [], [], [], []
            text = ""
            for _ in range(RUNS):
                began = time.perf_counter()
                snapshot = load_snapshot(path)
                loads.append(time.perf_counter() - began)
                began = time.perf_counter()
                as_store(snapshot)
                stores.append(time.perf_counter() - began)
                began = time.perf_counter()
                raw = path.read_bytes()
                (bz2.decompress(raw) if name == "bz2" else raw).split(b"\n")
                floors.append(time.perf_counter() - began)
                elapsed, used, text = asyncio.run(connected_seconds(path))
                apps.append(elapsed)
                cpus.append(used)
            figures[name] = apps
            print(f"{name}: {path.name}, {oids:,} OIDs, {path.stat().st_size / 2**20:.1f} MiB")
            print(f"  load_snapshot:                 {best(loads)}")
            print(f"  Snapshot.as_store:             {best(stores)}")
            print(f"  floor (read{' + bz2.decompress' if name == 'bz2' else ''} + split): {best(floors)}")
            print(f"  app start to 'Connected':      {best(apps)}  [{text[:60]}]")
            print(f"  ... its CPU (this process):    {best(cpus)}")
            print(f"  load_snapshot / floor:         {min(loads) / min(floors):.1f}x")
    ok = min(figures["plain"]) <= 1.0
    print("target (plain file to 'Connected' <= 1.0 s):", "MET" if ok else "NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
