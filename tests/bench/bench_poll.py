"""Benchmark: polling 1,000 interfaces every cycle, as the watch pane and dashboard do.

    python3 tests/bench/bench_poll.py [--interfaces 1000] [--cycles 5] [--interval 5]

An embedded agent in a child process serves a generated IF-MIB of N interfaces (ifTable
and ifXTable with growing counters). In this process, measured with process CPU time:

- "watch": ``core.poller.Poller`` over N x 8 counters (in/out octets, unicast, errors,
  discards: what a watch list of every port's main counters holds), sysUpTime in each
  PDU, and ``core.counters.Series`` per counter;
- "dashboard": the interfaces dashboard's cycle (``core.interfaces.InterfacesModel``:
  admin/oper status, 64-bit counters, error counters and discontinuity markers per port;
  names, aliases and speeds are polled once when it opens, then every minute).

- "app": the interfaces dashboard screen itself, headless (``run_test``, 120x40), polling
  every ``--interval`` seconds for ``--cycles`` cycles: the CPU of the whole process (poll
  threads, table redraws, the event loop) per cycle, and of the UI thread alone; and how
  long after opening the ports are shown and the first poll is done.

Prints, per cycle: varbinds, PDUs, CPU seconds (best and median of the cycles) and that
CPU as a share of one core at the given poll interval (target: <= 5 %).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from core import SnmpSession  # noqa: E402
from core.counters import Series  # noqa: E402
from core.interfaces import InterfacesModel  # noqa: E402
from core.poller import Poller  # noqa: E402

AGENT = """
import itertools, sys, time
sys.path.insert(0, {repo!r})
from core.agent import OidStore, start_background
from core.types import Counter32, Counter64, Gauge32
n = {interfaces}
start = time.monotonic()
def grows(rate, kind, modulus):
    return lambda: kind(int((time.monotonic() - start) * rate) % modulus)
items = [("1.3.6.1.2.1.1.3.0", lambda: int((time.monotonic() - start) * 100))]
for i in range(1, n + 1):
    items += [
        (f"1.3.6.1.2.1.2.2.1.1.{{i}}", i),
        (f"1.3.6.1.2.1.2.2.1.2.{{i}}", f"GigabitEthernet0/{{i}}".encode()),
        (f"1.3.6.1.2.1.2.2.1.5.{{i}}", Gauge32(1_000_000_000)),
        (f"1.3.6.1.2.1.2.2.1.7.{{i}}", 1),
        (f"1.3.6.1.2.1.2.2.1.8.{{i}}", 1),
    ]
    for column in (10, 11, 13, 14, 16, 17, 19, 20):
        items.append((f"1.3.6.1.2.1.2.2.1.{{column}}.{{i}}", grows(1000 * i + column, Counter32, 2**32)))
    items += [
        (f"1.3.6.1.2.1.31.1.1.1.1.{{i}}", f"Gi0/{{i}}".encode()),
        (f"1.3.6.1.2.1.31.1.1.1.15.{{i}}", Gauge32(1000)),
        (f"1.3.6.1.2.1.31.1.1.1.18.{{i}}", b"uplink"),
        (f"1.3.6.1.2.1.31.1.1.1.19.{{i}}", 0),
    ]
    for column in range(6, 14):
        items.append((f"1.3.6.1.2.1.31.1.1.1.{{column}}.{{i}}", grows(10_000 * i + column, Counter64, 2**64)))
from core.types import TimeTicks
items[0] = ("1.3.6.1.2.1.1.3.0", lambda: TimeTicks(int((time.monotonic() - start) * 100)))
agent = start_background(OidStore(items))
print(agent.port, flush=True)
sys.stdin.read()
"""

WATCH_COLUMNS = (10, 16, 11, 17, 14, 20, 13, 19)  # in/out octets, ucast, errors, discards


def _cycle_cpu(work: callable, cycles: int, interval: float) -> list[float]:
    times = []
    for number in range(cycles + 1):
        started = time.process_time()
        work()
        spent = time.process_time() - started
        if number:  # the first cycle warms caches and sessions up
            times.append(spent)
        time.sleep(min(interval, 1.0))  # the counters move on; the CPU share uses --interval
    return times


def _report(name: str, varbinds: int, pdus: int, times: list[float], interval: float) -> None:
    best, median = min(times), statistics.median(times)
    print(f"{name:10s} {varbinds:6d} varbinds  {pdus:4d} PDUs/cycle  CPU best {best * 1000:6.1f} ms"
          f"  median {median * 1000:6.1f} ms  = {100 * median / interval:4.2f} % of one core every {interval:g} s")


def _app_cycles(port: int, args: argparse.Namespace) -> None:
    """The dashboard screen in a headless app: process CPU per poll cycle."""
    import asyncio

    from textual.app import App

    from snmptui.netsnmp_args import parse_connection
    from snmptui.screens.interfaces import InterfacesScreen

    spec = parse_connection(["-v", "2c", "-c", "public", "-t", "5", f"127.0.0.1:{port}"])
    screen = InterfacesScreen(spec, interval=args.interval)

    class Dashboard(App[None]):
        def on_mount(self) -> None:
            self.push_screen(screen)

    async def run() -> tuple[float, float, int, float, float]:
        opened = time.monotonic()
        async with Dashboard().run_test(size=(120, 40)) as pilot:
            while screen.updates < 1 and screen.problem is None:
                await asyncio.sleep(0.02)  # not pilot.pause: its refresh waits would be measured too
            rows_after = time.monotonic() - opened
            while not screen._loops or screen._loops[0].cycles < 1:
                await asyncio.sleep(0.1)
            polled_after = time.monotonic() - opened
            started, ui_started, cycles = time.process_time(), time.thread_time(), screen._loops[0].cycles
            while screen._loops[0].cycles < cycles + args.cycles:
                await asyncio.sleep(0.5)
            done = screen._loops[0].cycles - cycles
            return time.process_time() - started, time.thread_time() - ui_started, done, rows_after, polled_after

    spent, ui_spent, cycles, rows_after, polled_after = asyncio.run(run())
    per_cycle = spent / cycles
    model = screen.model
    varbinds = len(model.oids()) + len(set(model.markers().values())) if model is not None else 0
    print(f"{'app':10s} {varbinds:6d} varbinds  dashboard screen, headless"
          f"  CPU {per_cycle * 1000:6.1f} ms per cycle (UI thread {ui_spent / cycles * 1000:5.1f} ms)"
          f"  = {100 * spent / (cycles * args.interval):4.2f} % of one core every {args.interval:g} s")
    print(f"{'opening':10s} ports shown {rows_after:4.2f} s after the key, first poll done {polled_after:4.2f} s"
          f" (rates need a second poll, one interval later)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interfaces", type=int, default=1000)
    parser.add_argument("--cycles", type=int, default=5)
    parser.add_argument("--interval", type=float, default=5.0)
    args = parser.parse_args()
    child = subprocess.Popen(
        [sys.executable, "-c", AGENT.format(repo=str(REPO), interfaces=args.interfaces)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert child.stdout is not None
        port = int(child.stdout.readline())
        with SnmpSession("127.0.0.1", port, timeout=5) as session:
            watch_oids = [f"1.3.6.1.2.1.2.2.1.{c}.{i}" for i in range(1, args.interfaces + 1) for c in WATCH_COLUMNS]
            poller = Poller(session, watch_oids)
            series = {oid: Series() for oid in watch_oids}
            pdus = []

            def watch() -> None:
                result = poller.poll()
                pdus.append(result.requests)
                for oid, sample in result.samples.items():
                    series[oid].add(sample)

            times = _cycle_cpu(watch, args.cycles, args.interval)
            _report("watch", len(watch_oids), pdus[-1], times, args.interval)

            model = InterfacesModel(range(1, args.interfaces + 1), high_capacity=True)
            model.update_info(Poller(session, model.info_oids(), with_uptime=False).poll())
            dash = Poller(session, model.oids(), markers=model.markers())
            dash_pdus = []

            def dashboard() -> None:
                result = dash.poll()
                dash_pdus.append(result.requests)
                model.update(result)
                model.sorted_rows("busy")

            times = _cycle_cpu(dashboard, args.cycles, args.interval)
            _report("dashboard", len(dash.oids) + len(set(dash.markers.values())), dash_pdus[-1], times, args.interval)
        _app_cycles(port, args)
    finally:
        child.kill()


if __name__ == "__main__":
    main()
