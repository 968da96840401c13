"""Benchmark: a whole-device walk inside the browser (headless) vs the same walk with core alone.

    sudo python3 tests/bench/bench_tui.py [--pairs 500] [--reps 25] [--rounds 2] [--timeout 5]

Starts the ~100k-varbind snmpd in a private network namespace (netns_agent.py) and
runs every measurement in a fresh process inside it, so each peak RSS is one
session's: a walk from the root with ``core.SnmpSession`` alone ("core"), the
browser's root walk (``w`` on the root) under ``App.run_test`` with a ``down`` key
sent every 50 ms and the time until the tree's cursor action runs recorded
("keys"), and the same walk without key presses ("quiet"). The browser streams
batches into the model and the expanded parts of the tree, with the ``ifDescr``
column expanded so instances are added to the widget live. One core walk warms
snmpd's caches first; then each round runs core, keys and quiet in turn, so load
from other processes hits all three alike.

Prints every run (varbinds, wall seconds, key latency, the longest stretch of UI-thread
CPU between two looks at the input, tree nodes, peak RSS), then
per round the app/core ratios (target <= 1.5 with key presses), the max key
latency (target <= 100 ms) and the max peak RSS (target <= 300 MB).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

IF_DESCR = (1, 3, 6, 1, 2, 1, 2, 2, 1, 2)
KEY_INTERVAL = 0.05
TIMEOUT = os.environ.get("BENCH_TUI_TIMEOUT", "5")
"""Seconds per request (``--timeout``; a loaded machine's snmpd may need more)."""


def make_spec(host: str, port: int, reps: int) -> Any:
    from snmptui.netsnmp_args import parse_connection

    return parse_connection(["-v", "2c", "-c", "public", "-t", TIMEOUT, "-r", "2", "-Cr", str(reps), f"{host}:{port}"])


def walk_core(host: str, port: int, reps: int) -> tuple[int, float]:
    spec = make_spec(host, port, reps)
    began = time.perf_counter()
    with spec.session() as session:
        count = sum(1 for _ in session.fetch("1.3"))
    return count, time.perf_counter() - began


class LoopStretches:
    """The CPU time of each callback the event loop runs (the UI thread's work between two
    looks at the input): a key waits for the one running when it arrives. CPU time, not
    wall time, so other processes loading the machine do not count."""

    def __init__(self) -> None:
        self.cpu: list[float] = []
        self.recording = False
        self._original: Any = None

    def __enter__(self) -> LoopStretches:
        import asyncio.events

        original = self._original = asyncio.events.Handle._run
        stretches = self

        def timed(handle: Any) -> None:
            began = time.thread_time()
            original(handle)
            if stretches.recording:
                stretches.cpu.append(time.thread_time() - began)

        asyncio.events.Handle._run = timed  # type: ignore[method-assign]
        return self

    def __exit__(self, *_exc: object) -> None:
        import asyncio.events

        asyncio.events.Handle._run = self._original  # type: ignore[method-assign]


async def walk_app(host: str, port: int, reps: int, keys: bool = True) -> dict[str, Any]:
    from snmptui.app import SnmpTuiApp
    from snmptui.widgets.oid_tree import OidTree

    handled: list[float] = []
    original = OidTree.action_cursor_down

    def timed_cursor_down(self: OidTree) -> None:
        handled.append(time.perf_counter())
        original(self)

    OidTree.action_cursor_down = timed_cursor_down  # type: ignore[method-assign]
    app = SnmpTuiApp(make_spec(host, port, reps))
    async with app.run_test(size=(100, 30)) as pilot:
        browser = app.browser
        while browser.spec is None or app.mibs.store is None and app.should_load_mibs and not _mibs_failed(app):
            await pilot.pause(0.05)
        browser.oid_tree.reveal(IF_DESCR)
        cursor = browser.oid_tree.cursor_node
        if cursor is not None:
            cursor.expand()
        await pilot.pause(0.2)
        while app.context.walk is not None:
            await pilot.pause(0.05)
        browser.oid_tree.focus()
        began = time.perf_counter()
        STRETCHES.recording = True
        browser.start_walk(())
        sent: list[float] = []
        driver = app._driver
        from textual import events

        while app.context.walk is not None and not keys:
            await asyncio.sleep(0.005)
        while app.context.walk is not None:
            handled_before = len(handled)
            t0 = time.perf_counter()
            event = events.Key("down", None)
            event.set_sender(app)
            driver.send_message(event)
            sent.append(t0)
            while len(handled) == handled_before and app.context.walk is not None:
                await asyncio.sleep(0.002)
            await asyncio.sleep(KEY_INTERVAL)
        end = time.perf_counter()
        STRETCHES.recording = False
        total = len(browser.model)
        error = browser.status_bar.message.plain if browser.status_bar.has_class("-error") else ""
        latencies = [h - s for s, h in zip(sent, handled)]
        if len(handled) < len(sent) - 1:
            error += f" ({len(sent) - len(handled)} keys not handled)"
        shown = len(browser.oid_tree._tree_nodes)
    OidTree.action_cursor_down = original  # type: ignore[method-assign]
    return {
        "varbinds": total,
        "wall": end - began,
        "error": error,
        "latency_max": max(latencies) if latencies else 0.0,
        "latency_median": statistics.median(latencies) if latencies else 0.0,
        "latency_top": sorted(latencies)[-3:],
        "worst_key": max(range(len(latencies)), key=latencies.__getitem__) if latencies else -1,
        "worst_at": (sent[max(range(len(latencies)), key=latencies.__getitem__)] - began) if latencies else 0.0,
        "keys": len(latencies),
        "tree_nodes": shown,
        "stretch_max": max(STRETCHES.cpu, default=0.0),
        "stretches_over_15ms": sum(1 for cpu in STRETCHES.cpu if cpu > 0.015),
    }


STRETCHES = LoopStretches()


def _mibs_failed(app: Any) -> bool:
    return not any(w.is_running for w in app.workers if w.group == "mibs")


def measure(kind: str, host: str, port: int, reps: int) -> dict[str, Any]:
    """One run of ``kind`` (core, keys, quiet) in this process, with its peak RSS."""
    if kind == "core":
        count, wall = walk_core(host, port, reps)
        result: dict[str, Any] = {"varbinds": count, "wall": wall, "error": ""}
    else:
        with STRETCHES:
            result = asyncio.run(walk_app(host, port, reps, keys=kind == "keys"))
    result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def run(prefix: list[str], kind: str, host: str, port: int, reps: int) -> dict[str, Any]:
    """``measure(kind)`` in a fresh process inside the namespace."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    out = subprocess.run(
        prefix + [sys.executable, __file__, "--inner", kind, host, str(port), "--reps", str(reps)],
        capture_output=True, text=True, env=env,
    )
    if out.returncode != 0:
        sys.exit(f"{kind} run failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def describe(kind: str, result: dict[str, Any]) -> str:
    text = f"{kind:<6} {result['varbinds']:>7} varbinds  {result['wall']:6.2f} s  peak RSS {result['rss_mb']:4.0f} MB"
    if kind == "keys":
        text += (f"  key latency max {result['latency_max'] * 1000:3.0f} ms,"
                 f" median {result['latency_median'] * 1000:4.1f} ms over {result['keys']} keys"
                 f" (next: {', '.join(f'{t * 1000:.0f}' for t in result['latency_top'][-2::-1])};"
                 f" worst: key {result['worst_key']} at {result['worst_at']:.2f} s)")
    if kind != "core":
        text += (f"  longest UI-thread stretch {result['stretch_max'] * 1000:.0f} ms CPU"
                 f" ({result['stretches_over_15ms']} over 15 ms)  tree nodes {result['tree_nodes']}")
    return text + (f"  {result['error']}" if result["error"] else "")


def main() -> None:
    global TIMEOUT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=500, help="veth pairs in the namespace (~330 varbinds each)")
    parser.add_argument("--reps", type=int, default=25, help="max-repetitions of the GETBULK walks")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of core, keys and quiet runs")
    parser.add_argument("--timeout", type=float, default=float(TIMEOUT),
                        help="seconds per request (snmpd answers slowly on a loaded machine)")
    parser.add_argument("--inner", nargs=3, metavar=("KIND", "HOST", "PORT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ["BENCH_TUI_TIMEOUT"] = str(args.timeout)  # the inner runs read it
    TIMEOUT = str(args.timeout)
    if args.inner:
        kind, host, port = args.inner
        print(json.dumps(measure(kind, host, int(port), args.reps)))
        return
    from netns_agent import netns_snmpd

    signal.signal(signal.SIGTERM, lambda *_: sys.exit("terminated"))  # still delete the namespace
    rounds: list[dict[str, dict[str, Any]]] = []
    with netns_snmpd(args.pairs) as (prefix, host, port):
        run(prefix, "core", host, port, args.reps)  # warm snmpd's caches
        for number in range(1, args.rounds + 1):
            results = {kind: run(prefix, kind, host, port, args.reps) for kind in ("core", "keys", "quiet")}
            rounds.append(results)
            for kind, result in results.items():
                print(f"round {number}  {describe(kind, result)}", flush=True)
    print()
    for number, results in enumerate(rounds, 1):
        core = results["core"]["wall"]
        print(f"round {number}: app/core wall ratio {results['quiet']['wall'] / core:.2f} without key presses, "
              f"{results['keys']['wall'] / core:.2f} with a key every {KEY_INTERVAL * 1000:.0f} ms (target <= 1.5)")
    latency = max(r["keys"]["latency_max"] for r in rounds)
    rss = max(r[kind]["rss_mb"] for r in rounds for kind in ("keys", "quiet"))
    print(f"key latency during the walks: max {latency * 1000:.0f} ms (target <= 100 ms)")
    stretch = max(r[kind]["stretch_max"] for r in rounds for kind in ("keys", "quiet"))
    print(f"longest UI-thread stretch (CPU, what a key may wait for on an idle machine): {stretch * 1000:.0f} ms")
    print(f"peak RSS of a browser session: max {rss:.0f} MB (target <= 300 MB)")


if __name__ == "__main__":
    main()
