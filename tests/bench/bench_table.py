"""Benchmark: a 100k-row x 10-column route table in the browser's table view vs core alone.

    python3 tests/bench/bench_table.py [--rows 100000] [--reps 50] [--rounds 2]

A child process serves an ``inetCidrRouteTable`` of ``--rows`` IPv4 routes with ten
accessible columns (IfIndex .. Metric5: 1M varbinds) from the embedded agent on
127.0.0.1. Every measurement runs in a fresh process, so each peak RSS is one run's:

- ``core``: ``SnmpSession.fetch_arcs`` of the entry with the same connection settings and
  walk plan as the browser's walk (one request in flight, ``PARALLEL``), varbinds kept in a
  list (the walk alone);
- ``keys``: the browser (headless ``App.run_test``, 80x24) with the table view opened as
  ``t`` opens it on a table the tree has not walked (so the view walks it), a ``down`` key
  sent every 50 ms while the table streams in, each one's latency taken from the key
  event to the grid's cursor move;
- ``quiet``: the same without key presses.

Prints each run (varbinds, wall and CPU time, for the app the CPU besides the walk's
thread — the UI thread's, which shares the GIL with the walk —, time to the first rows on
screen after ``t``, peak RSS, key latency), then per round the app/core wall ratio (target <= 1.3;
the CPU ratio beside it, steadier on a machine other jobs load), the max key latency
(target <= 50 ms) and the max peak RSS (budget 300 MB).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO))

ENTRY = (1, 3, 6, 1, 2, 1, 4, 24, 7, 1)
COLUMNS = range(7, 17)  # inetCidrRouteIfIndex .. inetCidrRouteMetric5
KEY_INTERVAL = 0.05
MIBS = REPO.parent / "shared" / "mibs" / "netsnmp"


def route_pairs(rows: int) -> list[tuple[tuple[int, ...], Any]]:
    """The table, column by column: ipv4 destinations, /32, zeroDotZero policy, one next hop."""
    from core.types import Gauge32

    suffixes = []
    for n in range(rows):
        dest = (10, (n >> 16) & 255, (n >> 8) & 255, n & 255)
        suffixes.append((1, 4, *dest, 32, 2, 0, 0, 1, 4, 192, 0, 2, 1 + n % 250))
    pairs: list[tuple[tuple[int, ...], Any]] = []
    for column in COLUMNS:
        for n, suffix in enumerate(suffixes):
            value: Any = Gauge32(n % 3600) if column == 10 else (n % 48) + 1
            pairs.append((ENTRY + (column,) + suffix, value))
    return pairs


def serve(rows: int) -> None:
    from core.agent import start_background
    from core.oid import format_oid

    with start_background([(format_oid(o), v) for o, v in route_pairs(rows)]) as agent:
        print(agent.port, flush=True)
        sys.stdin.read()  # until the parent closes the pipe


PARALLEL = 1
"""Requests in flight, for both runs: the embedded agent answers one at a time, so more only
queue there (and retries on a loaded machine make the walk's time a lottery)."""


def make_spec(port: int, reps: int) -> Any:
    from snmptui.netsnmp_args import parse_connection

    return parse_connection(["-v", "2c", "-c", "public", "-t", "5", "-r", "2", "-Cr", str(reps), f"-Cp{PARALLEL}",
                             f"127.0.0.1:{port}"])  # fmt: skip


def walk_core(port: int, reps: int) -> dict[str, Any]:
    """The walk the view makes, without the app: the same requests in flight (the browser's
    ``-Cp``) cut by the same walk plan, every varbind kept (in a list)."""
    from core.mib import load_mibs
    from core.oid import format_oid
    from core.walk_plan import plan_for

    spec = make_spec(port, reps)
    plan = plan_for(load_mibs([str(MIBS)]))
    began, cpu = time.perf_counter(), time.process_time()
    with spec.session() as session:
        kept = list(session.fetch_arcs(format_oid(ENTRY), parallel=spec.parallel, plan=plan))
    return {"varbinds": len(kept), "wall": time.perf_counter() - began, "cpu": time.process_time() - cpu, "first": 0.0}


async def walk_app(port: int, reps: int, keys: bool) -> dict[str, Any]:
    from textual import events

    from core.mib import load_mibs
    from core.table import TableSpec
    from snmptui import workers
    from snmptui.app import SnmpTuiApp
    from snmptui.screens.table import TableScreen
    from snmptui.widgets.table_grid import TableGrid

    # the harness waits on events, never polls: a loop that wakes every few ms would take
    # the GIL from the walk's worker thread hundreds of times a second and slow the walk
    handled: list[float] = []
    moved, done = asyncio.Event(), asyncio.Event()
    drawn: list[float] = []
    original_move, original_row, original_finished = TableGrid.action_move, TableGrid._render_row, TableScreen._finished

    def timed_move(self: TableGrid, lines: int, columns: int) -> None:
        original_move(self, lines, columns)
        handled.append(time.perf_counter())
        moved.set()

    def timed_row(self: TableGrid, line: int | None, width: int, scroll_x: int) -> Any:
        if not drawn and line is not None and line < len(self.model):
            drawn.append(time.perf_counter())  # the first row line the grid draws
        return original_row(self, line, width, scroll_x)

    def finished(self: TableScreen, cancelled: bool, failed: bool) -> None:
        original_finished(self, cancelled, failed)
        done.set()

    walked: list[float] = []  # the walk thread's CPU: the rest of the process's is the UI's
    original_walk = workers.walk

    def timed_walk(*args: Any, **kwargs: Any) -> None:
        began = time.thread_time()
        try:
            original_walk(*args, **kwargs)
        finally:
            walked.append(time.thread_time() - began)

    workers.walk = timed_walk  # type: ignore[assignment]
    TableGrid.action_move = timed_move  # type: ignore[method-assign]
    TableGrid._render_row = timed_row  # type: ignore[method-assign]
    TableScreen._finished = finished  # type: ignore[method-assign]
    store = load_mibs([str(MIBS)])
    app = SnmpTuiApp(make_spec(port, reps), store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        while app.context.spec is None:
            await pilot.pause(0.05)
        began, cpu = time.perf_counter(), time.process_time()
        screen = TableScreen(app.context, TableSpec.of(store, "inetCidrRouteTable"))
        app.push_screen(screen)
        sent: list[float] = []
        driver = app._driver
        while screen.busy or not done.is_set():
            if keys and drawn:
                moved.clear()
                event = events.Key("down", None)
                event.set_sender(app)
                sent.append(time.perf_counter())
                driver.send_message(event)
                await asyncio.wait_for(moved.wait(), 30)
                if not screen.busy:
                    break
            try:
                await asyncio.wait_for(done.wait(), KEY_INTERVAL if keys else 1.0)
            except asyncio.TimeoutError:
                pass
        wall = time.perf_counter() - began
        cpu = time.process_time() - cpu
        total = screen.arrived
        error = screen.status_bar.message.plain if screen.status_bar.has_class("-error") else ""
    workers.walk = original_walk  # type: ignore[assignment]
    TableGrid.action_move = original_move  # type: ignore[method-assign]
    TableGrid._render_row = original_row  # type: ignore[method-assign]
    TableScreen._finished = original_finished  # type: ignore[method-assign]
    first = drawn[0] - began if drawn else 0.0
    latencies = [h - s for s, h in zip(sent, handled)]
    worst = max(range(len(latencies)), key=latencies.__getitem__) if latencies else -1
    return {
        "worst_at": sent[worst] - began if latencies else 0.0,
        "latency_top": sorted(latencies)[-4:],
        "varbinds": total,
        "wall": wall,
        "cpu": cpu,
        "walk_cpu": sum(walked),
        "first": first,
        "error": error,
        "latency_max": max(latencies) if latencies else 0.0,
        "latency_median": statistics.median(latencies) if latencies else 0.0,
        "keys": len(latencies),
    }


def measure(kind: str, port: int, reps: int) -> dict[str, Any]:
    result = walk_core(port, reps) if kind == "core" else asyncio.run(walk_app(port, reps, kind == "keys"))
    result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def run(kind: str, port: int, reps: int) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    out = subprocess.run([sys.executable, __file__, "--inner", kind, str(port), "--reps", str(reps)],
                         capture_output=True, text=True, env=env)  # fmt: skip
    if out.returncode != 0:
        sys.exit(f"{kind} run failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def describe(kind: str, result: dict[str, Any]) -> str:
    text = (f"{kind:<6} {result['varbinds']:>8} varbinds  {result['wall']:6.2f} s (CPU {result['cpu']:5.2f} s)"
            f"  peak RSS {result['rss_mb']:4.0f} MB")  # fmt: skip
    if kind != "core":
        text += (f"  UI thread CPU {result['cpu'] - result['walk_cpu']:4.2f} s"
                 f"  first rows after t: {result['first'] * 1000:4.0f} ms")  # fmt: skip
    if kind == "keys":
        text += (f"  key latency max {result['latency_max'] * 1000:3.0f} ms,"
                 f" median {result['latency_median'] * 1000:4.1f} ms over {result['keys']} keys"
                 f" (top: {', '.join(f'{t * 1000:.0f}' for t in result['latency_top'][::-1])};"
                 f" worst at {result['worst_at']:.2f} s)")  # fmt: skip
    return text + (f"  {result['error']}" if result.get("error") else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--reps", type=int, default=50, help="max-repetitions of the GETBULK walks")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--inner", nargs=2, metavar=("KIND", "PORT"), help=argparse.SUPPRESS)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.rows)
        return
    if args.inner:
        kind, port = args.inner
        print(json.dumps(measure(kind, int(port), args.reps)))
        return
    env = dict(os.environ, PYTHONPATH=str(REPO))
    agent = subprocess.Popen([sys.executable, __file__, "--serve", "--rows", str(args.rows)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)  # fmt: skip
    try:
        assert agent.stdout is not None
        port = int(agent.stdout.readline())
        run("core", port, args.reps)  # warm up the agent
        rounds = []
        for number in range(1, args.rounds + 1):
            results = {kind: run(kind, port, args.reps) for kind in ("core", "keys", "quiet")}
            rounds.append(results)
            for kind, result in results.items():
                print(f"round {number}  {describe(kind, result)}", flush=True)
    finally:
        if agent.stdin is not None:
            agent.stdin.close()
        agent.wait(timeout=30)
    print()
    for number, results in enumerate(rounds, 1):
        core = results["core"]["wall"]
        core_cpu = results["core"]["cpu"]
        print(f"round {number}: app/core wall ratio {results['quiet']['wall'] / core:.2f} without key presses, "
              f"{results['keys']['wall'] / core:.2f} with a key every {KEY_INTERVAL * 1000:.0f} ms (target <= 1.3); "
              f"CPU ratio {results['quiet']['cpu'] / core_cpu:.2f}, {results['keys']['cpu'] / core_cpu:.2f}")
    latency = max(r["keys"]["latency_max"] for r in rounds)
    medians = [r["keys"]["latency_median"] * 1000 for r in rounds]
    print(f"key latency median per round: {', '.join(f'{m:.1f} ms' for m in medians)}")
    first = max(r[k]["first"] for r in rounds for k in ("keys", "quiet"))
    rss = max(r[k]["rss_mb"] for r in rounds for k in ("keys", "quiet"))
    print(f"first rows on screen after t: max {first * 1000:.0f} ms")
    print(f"key latency while streaming: max {latency * 1000:.0f} ms (target <= 50 ms)")
    print(f"peak RSS of a browser session: max {rss:.0f} MB (budget 300 MB)")


if __name__ == "__main__":
    main()
