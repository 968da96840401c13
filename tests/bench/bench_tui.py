"""Benchmark: a whole-device walk inside the browser (headless) vs the same walk with core alone.

    sudo python3 tests/bench/bench_tui.py [--pairs 500] [--reps 25] [--rounds 2]

Starts the ~100k-varbind snmpd in a private network namespace (netns_agent.py) and
re-runs itself inside it. There it walks the agent from the root with
``core.SnmpSession`` alone, then with ``SnmpTuiApp`` under ``App.run_test``: the
browser's root walk (``w`` on the root), streaming batches into the model and the
expanded parts of the tree, with the ``ifDescr`` column expanded so instances are
added to the widget live. While the app walks, a ``down`` key is sent every 50 ms
and the time until the tree's cursor action runs is recorded.

Prints: varbinds, wall seconds of each walk (best of the rounds), the app/core
ratio (target <= 1.5), the max and median key latency (target max <= 100 ms) and
peak RSS of the process (target <= 300 MB).
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


def make_spec(host: str, port: int, reps: int) -> Any:
    from snmptui.cli import connection_spec

    return connection_spec(["-v", "2c", "-c", "public", "-t", "5", "-r", "2", "-Cr", str(reps)], f"{host}:{port}")


def walk_core(host: str, port: int, reps: int) -> tuple[int, float]:
    spec = make_spec(host, port, reps)
    began = time.perf_counter()
    with spec.session() as session:
        count = sum(1 for _ in session.fetch("1.3"))
    return count, time.perf_counter() - began


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
        while browser.walk_worker is not None:
            await pilot.pause(0.05)
        browser.oid_tree.focus()
        began = time.perf_counter()
        browser.start_walk(())
        sent: list[float] = []
        driver = app._driver
        from textual import events

        while browser.walk_worker is not None and not keys:
            await asyncio.sleep(0.005)
        while browser.walk_worker is not None:
            handled_before = len(handled)
            t0 = time.perf_counter()
            event = events.Key("down", None)
            event.set_sender(app)
            driver.send_message(event)
            sent.append(t0)
            while len(handled) == handled_before and browser.walk_worker is not None:
                await asyncio.sleep(0.002)
            await asyncio.sleep(KEY_INTERVAL)
        end = time.perf_counter()
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
        "keys": len(latencies),
        "tree_nodes": shown,
    }


def _mibs_failed(app: Any) -> bool:
    return not any(w.is_running for w in app.workers if w.group == "mibs")


def inner(host: str, port: int, reps: int, rounds: int) -> None:
    walk_core(host, port, reps)  # warm snmpd's caches
    core_runs = [walk_core(host, port, reps) for _ in range(rounds)]
    app_runs = [asyncio.run(walk_app(host, port, reps)) for _ in range(rounds)]
    quiet_runs = [asyncio.run(walk_app(host, port, reps, keys=False)) for _ in range(rounds)]
    best_core = min(core_runs, key=lambda r: r[1])
    best_app = min(app_runs, key=lambda r: r["wall"])
    best_quiet = min(quiet_runs, key=lambda r: r["wall"])
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({
        "core_varbinds": best_core[0],
        "core_wall": best_core[1],
        "app": best_app,
        "quiet": best_quiet,
        "latency_max": max(r["latency_max"] for r in app_runs),
        "rss_mb": rss_mb,
    }))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=500)
    parser.add_argument("--reps", type=int, default=25)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--inner", nargs=2, metavar=("HOST", "PORT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        inner(args.inner[0], int(args.inner[1]), args.reps, args.rounds)
        return
    from netns_agent import netns_snmpd

    signal.signal(signal.SIGTERM, lambda *_: sys.exit("terminated"))  # still delete the namespace
    with netns_snmpd(args.pairs) as (prefix, host, port):
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
        out = subprocess.run(
            prefix + [sys.executable, __file__, "--inner", host, str(port),
                      "--reps", str(args.reps), "--rounds", str(args.rounds)],
            capture_output=True, text=True, env=env,
        )
    if out.returncode != 0:
        sys.exit(f"inner run failed:\n{out.stderr[-3000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    app = result["app"]
    ratio = app["wall"] / result["core_wall"]
    print(f"core alone : {result['core_varbinds']:>7} varbinds  {result['core_wall']:.2f} s")
    print(f"in the app : {app['varbinds']:>7} varbinds  {app['wall']:.2f} s  {app['error']}")
    quiet = result["quiet"]
    print(f"app, no keys: {quiet['varbinds']:>7} varbinds  {quiet['wall']:.2f} s  {quiet['error']}")
    print(f"app/core wall ratio: {quiet['wall'] / result['core_wall']:.2f} without key presses, "
          f"{ratio:.2f} with a key every {KEY_INTERVAL * 1000:.0f} ms (target <= 1.5)")
    print(f"key latency during the walk: max {result['latency_max'] * 1000:.0f} ms, "
          f"median {app['latency_median'] * 1000:.1f} ms over {app['keys']} keys (target max <= 100 ms)")
    print(f"tree nodes materialized: {app['tree_nodes']}")
    print(f"peak RSS: {result['rss_mb']:.0f} MB (target <= 300 MB)")


if __name__ == "__main__":
    main()
