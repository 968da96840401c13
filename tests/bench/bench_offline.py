"""Benchmark: `snmptui --offline` of an 88k-OID recording, until the status bar says "Connected".

The recording is generated here (not committed): a router-like device with the
system group, 3660 interfaces (ifTable + ifXTable columns: strings, counters,
gauges, OCTET STRING addresses in hex, TimeTicks, INTEGER enums) and snmpsim
``numeric`` variation lines, 88k OIDs in snmprec format, written once as plain text
and once bzip2-compressed. Timed in the same run, plain and bz2 runs interleaved (so
both see the same load), after one warm-up start of the app (the first start in a
process also pays for one-time imports and Textual's first CSS work):

- the app, headless (``App.run_test``), from its construction to the status bar
  saying "Connected" (the snapshot read, the agent's store built, the agent
  started and probed), MIBs not loaded, the status bar looked at every 5 ms;
- its parts: ``load_snapshot`` and ``Snapshot.as_store``;
- the same app with a 7-OID snapshot: the start's cost without the recording (the
  UI's own start, the agent, the probe), the floor of the 88k-OID figure;
- the peers for the read: the line-by-line reader (``snmprec.parse``, what
  files the bulk reader hands over get, and what every file got before), and
  Python's own ``bz2.decompress`` plus ``bytes.split`` of the same file (the floor
  of any reader).

Wall times on a loaded machine stretch with the load average (printed at start and
end): the start is CPU-bound, two threads (UI and loader) that share one GIL; the
process's CPU time is the steadier figure. Best and median of the runs are printed.

Target (issue 18): <= 1.0 s to "Connected" for the plain file.

Run: python tests/bench/bench_offline.py   (from the repository root)
"""

from __future__ import annotations

import asyncio
import bz2
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from core.agent import as_store  # noqa: E402
from core.snapshot.files import load_snapshot  # noqa: E402

INTERFACES = 3660
RUNS = 5


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


def timed(values: list[float]) -> str:
    return (f"best {min(values):.3f} s, median {statistics.median(values):.3f} s (runs: "
            + ", ".join(f"{v:.2f}" for v in values) + ")")


def load_average() -> str:
    return ", ".join(f"{v:.1f}" for v in os.getloadavg())


def main() -> int:
    from core.snapshot.snmprec import parse as parse_by_line

    print(f"load average at start: {load_average()} on {os.cpu_count()} CPUs")
    data = recording()
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "router.snmprec"
        packed = Path(tmp) / "router.snmprec.bz2"
        plain.write_bytes(data)
        packed.write_bytes(bz2.compress(data))
        oids = data.count(b"\n")
        asyncio.run(connected_seconds(plain))  # warm-up
        tiny = Path(tmp) / "tiny.snmprec"  # the app's own start: the UI, the agent, the probe
        tiny.write_bytes(b"\n".join(data.split(b"\n")[:7]) + b"\n")
        kinds = {"plain": plain, "bz2": packed, "tiny": tiny}
        figures: dict[str, dict[str, list[float]]] = {name: {} for name in kinds}
        texts: dict[str, str] = {}
        for _ in range(RUNS):
            for name, path in kinds.items():
                got = figures[name]
                began = time.process_time()
                snapshot = load_snapshot(path)
                got.setdefault("load", []).append(time.process_time() - began)
                began = time.process_time()
                as_store(snapshot)
                got.setdefault("store", []).append(time.process_time() - began)
                del snapshot
                began = time.process_time()
                raw = path.read_bytes()
                text = bz2.decompress(raw) if name == "bz2" else raw
                text.split(b"\n")
                got.setdefault("floor", []).append(time.process_time() - began)
                began = time.process_time()
                parse_by_line(text, str(path))
                got.setdefault("by line", []).append(time.process_time() - began)
                elapsed, used, texts[name] = asyncio.run(connected_seconds(path))
                got.setdefault("app", []).append(elapsed)
                got.setdefault("cpu", []).append(used)
        for name, path in kinds.items():
            got = figures[name]
            if name == "tiny":
                print(f"the same app with a snapshot of {len(load_snapshot(tiny))} OIDs (the start without the recording):")
                print(f"  app start to 'Connected', wall:  {timed(got['app'])}")
                print(f"  ... its CPU (this process):      {timed(got['cpu'])}")
                continue
            print(f"{name}: {path.name}, {oids:,} OIDs, {path.stat().st_size / 2**20:.1f} MiB (CPU seconds unless said)")
            print(f"  load_snapshot:                   {timed(got['load'])}")
            print(f"  Snapshot.as_store:               {timed(got['store'])}")
            print(f"  line-by-line reader (peer):      {timed(got['by line'])}")
            print(f"  floor (read{' + bz2.decompress' if name == 'bz2' else ''} + split): {timed(got['floor'])}")
            print(f"  app start to 'Connected', wall:  {timed(got['app'])}  [{texts[name][:40]}]")
            print(f"  ... its CPU (this process):      {timed(got['cpu'])}")
            print(f"  load_snapshot / line reader:     {min(got['load']) / min(got['by line']):.2f}x;"
                  f" / floor: {min(got['load']) / min(got['floor']):.1f}x")
    print(f"load average at end: {load_average()}")
    ok = min(figures["plain"]["app"]) <= 1.0
    print("target (plain file to 'Connected' <= 1.0 s, best run):", "MET" if ok else "NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
