"""Where a parallel walk's time goes: requests in flight over time, ranges, window changes.

    sudo python3 tests/bench/walk_timeline.py [--pairs 500] [--reps 25] [--parallel 4]
        [--delay 5] [--root 1.3.6.1] [--events FILE] [--rounds N] [--trees DIR,...] [--bulkwalk]

Starts snmpd in a private namespace (netns_agent.py) behind the delay proxy
(``--delay`` ms each way) and walks ``--root`` once with ``ParallelWalk``,
instrumented by a subclass that records each request sent, each reply (its
round trip), each range made, cut and finished, and each window change. Prints
how long the walk spent with 0, 1, ... requests in flight, the window over
time, the tail (from the last moment the window was full to the end), the
slowest replies (the agent's pauses) and the longest ranges; ``--events``
keeps the raw events as JSON (one file per round and tree when there are
several). ``--trees`` walks with each checkout's core in turn, ``--bulkwalk``
runs an snmpbulkwalk through the proxy before each round (as bench_parallel
does), ``--replay FILE`` reports on kept events. ``--client`` is the child's mode (run
inside the namespace; prints the events).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

REPO = Path(__file__).resolve().parents[2]


def client(host: str, port: int, reps: int, root: str, parallel: int, cuts: str = "") -> None:
    """Walk once, instrumented; print one JSON list of events."""
    from core import SnmpSession
    from core.oid import format_oid
    from core.parallel_walk import ParallelWalk
    from core.pdu import PduType
    from core.oid import parse_walk_root
    from core.walk_plan import WalkPlan

    events: list[list] = []
    clock = time.monotonic
    t0 = clock()
    names: dict[int, int] = {}

    def rid(walking: object) -> int:
        return names.setdefault(id(walking), len(names))

    class Traced(ParallelWalk):
        def _send(self, walking):  # type: ignore[no-untyped-def]
            known = id(walking) in names
            number = rid(walking)
            if not known:
                stop = "end" if walking.stop is None else format_oid(walking.stop)
                events.append(["range", clock() - t0, number, format_oid(walking.last_key), stop])
            super()._send(walking)
            events.append(["send", clock() - t0, number, len(self._outstanding), self.window])

        def _page(self, walking, response):  # type: ignore[no-untyped-def]
            events.append(["reply", clock() - t0, rid(walking), clock() - walking.sent_at,
                           len(self._outstanding), self.window, walking.retransmitted,
                           format_oid(walking.last_key)])
            super()._page(walking, response)
            if walking.done:
                events.append(["done", clock() - t0, rid(walking), walking.answered])

        def _split(self, head):  # type: ignore[no-untyped-def]
            fresh = super()._split(head)
            if fresh is not None:
                events.append(["cut", clock() - t0, format_oid(fresh.last_key)])
            return fresh

        # Called only by a core with slow ranges (commit eaf0c24 of r5-devicewalk).
        def _slow_range(self, walking, sent_at, now):  # type: ignore[no-untyped-def]
            was = walking.slow
            spent = now - max(self._last_reply, sent_at + self._base_rtt)
            super()._slow_range(walking, sent_at, now)
            if walking.slow != was:
                events.append(["slow", clock() - t0, rid(walking), walking.slow, spent])

        def _expire(self):  # type: ignore[no-untyped-def]
            events.append(["expire", clock() - t0])
            super()._expire()

        def _adapt(self, rtt):  # type: ignore[no-untyped-def]
            before = self.window
            super()._adapt(rtt)
            if self.window != before:
                events.append(["window", clock() - t0, before, self.window, self._base_rtt])

    with SnmpSession(host, port, timeout=60, retries=2, max_repetitions=reps) as session:
        plan = WalkPlan(cuts=[parse_walk_root(cut) for cut in cuts.split(",") if cut]) if cuts else None
        walk = Traced(session, root, PduType.GETBULK, reps, parallel, plan)
        count = 0
        for varbinds, _ in walk.pages():
            count += len(varbinds)
        events.append(["end", clock() - t0, count, session.stats.requests, walk.splits])
    print(json.dumps(events))


def report(events: list[list], parallel: int) -> None:
    end = events[-1]
    wall, count, requests, splits = end[1], end[2], end[3], end[4]
    print(f"wall {wall:.2f} s, {count} varbinds, {requests} requests, {splits} cuts")
    # Time with k requests outstanding (the count after each send/reply holds until the next).
    spans: Counter[int] = Counter()
    window_spans: Counter[int] = Counter()
    last_t, in_flight, window = 0.0, 0, parallel
    last_full = 0.0
    per_second: dict[int, list[float]] = {}
    for event in events:
        kind, t = event[0], event[1]
        if kind not in ("send", "reply", "end"):
            continue
        spans[in_flight] += t - last_t
        window_spans[window] += t - last_t
        second = per_second.setdefault(int(last_t), [0.0, 0.0])
        second[0] += in_flight * (t - last_t)
        second[1] += t - last_t
        last_t = t
        if kind == "send":
            in_flight, window = event[3], event[4]
            if in_flight >= parallel:
                last_full = t
        elif kind == "reply":
            in_flight, window = event[4], event[5]
    print("time with k requests in flight: " + ", ".join(
        f"{k}: {spans[k]:.2f} s ({100 * spans[k] / wall:.0f}%)" for k in sorted(spans)))
    print("time at window w: " + ", ".join(f"{w}: {window_spans[w]:.2f} s" for w in sorted(window_spans)))
    mean = sum(k * s for k, s in spans.items()) / wall
    print(f"mean in flight {mean:.2f}; last time {parallel} in flight at {last_full:.2f} s "
          f"(tail {wall - last_full:.2f} s)")
    print("mean in flight per second: " + " ".join(
        f"{s[0] / s[1]:.1f}" for _, s in sorted(per_second.items()) if s[1]))
    replies = [e for e in events if e[0] == "reply"]
    rtts = sorted(e[3] for e in replies)
    if rtts:
        print(f"replies {len(rtts)}: rtt median {1000 * rtts[len(rtts) // 2]:.1f} ms, "
              f"p90 {1000 * rtts[int(len(rtts) * 0.9)]:.1f} ms, max {1000 * rtts[-1]:.0f} ms, "
              f"sum {sum(rtts):.1f} s")
    slow = sorted(replies, key=lambda e: -e[3])[:8]
    print("slowest replies: " + ", ".join(f"{1000 * e[3]:.0f} ms at {e[1]:.1f} s (range {e[2]})" for e in slow))
    changes = [e for e in events if e[0] == "window"]
    print(f"window changes {len(changes)}: " + ", ".join(
        f"{e[2]}->{e[3]} at {e[1]:.1f} s" for e in changes[:30]) + (" ..." if len(changes) > 30 else ""))
    slow = [e for e in events if e[0] == "slow"]
    print(f"ranges marked slow / ordinary again {len(slow)}: " + ", ".join(
        f"#{e[2]} {'slow' if e[3] else 'ordinary'} at {e[1]:.1f} s ({1000 * e[4]:.0f} ms)" for e in slow[:20]))
    expires = [e for e in events if e[0] == "expire"]
    print(f"timeouts waited for: {len(expires)}")
    # Ranges: first send to last reply.
    spans_of: dict[int, list] = {}
    for event in events:
        if event[0] == "range":
            spans_of[event[2]] = [event[1], event[1], event[3], event[4], 0]
        elif event[0] == "reply" and event[2] in spans_of:
            spans_of[event[2]][1] = event[1]
            spans_of[event[2]][4] += 1
    print(f"ranges {len(spans_of)}; longest:")
    for number, (start, stop_t, first, stop, pages) in sorted(
        spans_of.items(), key=lambda item: item[1][0] - item[1][1]
    )[:12]:
        print(f"  #{number} {start:6.2f}-{stop_t:6.2f} s {pages:5} pages  ({first} .. {stop}]")
    print("ranges live at the end: ")
    for number, (start, stop_t, first, stop, pages) in sorted(spans_of.items(), key=lambda i: -i[1][1])[:6]:
        print(f"  #{number} {start:6.2f}-{stop_t:6.2f} s {pages:5} pages  ({first} .. {stop}]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=500)
    parser.add_argument("--reps", type=int, default=25)
    parser.add_argument("--parallel", type=int, default=4)
    parser.add_argument("--delay", type=float, default=5.0, help="one-way delay in ms")
    parser.add_argument("--root", default="1.3.6.1")
    parser.add_argument("--cuts", default="", help="fixed boundaries (OIDs, comma-separated) to start from")
    parser.add_argument("--events", help="write the raw events here (JSON)")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--trees", default=str(REPO), help="checkouts whose core to walk with, in turn")
    parser.add_argument("--bulkwalk", action="store_true", help="an snmpbulkwalk through the proxy first each round")
    parser.add_argument("--replay", help="report on events written by --events instead of walking")
    parser.add_argument("--client", nargs=2, metavar=("HOST", "PORT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.client:
        client(args.client[0], int(args.client[1]), args.reps, args.root, args.parallel, args.cuts)
        return
    if args.replay:
        report(json.loads(Path(args.replay).read_text()), args.parallel)
        return
    from bench_parallel import start_proxy
    from netns_agent import netns_snmpd

    trees = [Path(tree).resolve() for tree in args.trees.split(",")]
    print(f"load average before: {os.getloadavg()}", flush=True)
    with netns_snmpd(args.pairs) as (prefix, host, port):
        subprocess.run(prefix + ["snmpbulkwalk", "-v2c", "-c", "public", "-Cr25", "-On", "-t", "60",
                                 f"{host}:{port}", "1.3.6.1"], capture_output=True)  # warm its caches
        proxy = start_proxy(prefix, 16290, port, args.delay / 1000)
        try:
            for number in range(args.rounds):
                if args.bulkwalk:  # as bench_parallel does before each round
                    started = time.perf_counter()
                    subprocess.run(prefix + ["snmpbulkwalk", "-v2c", "-c", "public", f"-Cr{args.reps}", "-On",
                                             "-t", "60", f"{host}:16290", args.root], capture_output=True)
                    print(f"round {number + 1}: snmpbulkwalk {time.perf_counter() - started:.2f} s", flush=True)
                for tree in trees:
                    env = dict(os.environ, PYTHONPATH=f"{tree}{os.pathsep}{Path(__file__).resolve().parent}")
                    out = subprocess.run(
                        prefix + [sys.executable, __file__, "--client", host, "16290", "--reps", str(args.reps),
                                  "--root", args.root, "--parallel", str(args.parallel), "--cuts", args.cuts],
                        capture_output=True, text=True, env=env, check=True,
                    )  # fmt: skip
                    events = json.loads(out.stdout.strip().splitlines()[-1])
                    if args.events:
                        Path(f"{args.events}.{number + 1}.{tree.name}" if len(trees) > 1 or args.rounds > 1
                             else args.events).write_text(json.dumps(events))
                    print(f"round {number + 1}, core from {tree} (load {os.getloadavg()[0]:.2f}):", flush=True)
                    report(events, args.parallel)
        finally:
            proxy.terminate()
            proxy.wait(5)
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
