"""AgentContext: the one agent the app browses, shared by every view.

The app owns one context. It holds the connection (a typed ``ConnectionSpec``),
the agent's system group, the one walked-data model (``WalkModel``, updated in
place for the life of the app), the running walk and the walks queued behind it,
and two long-lived worker lanes with their own sessions (``snmptui.lanes``).

Views (the browser's tree today; a table or a watch pane later) never start
workers or read results: they call ``start_walk``/``request``/``cancel_walk`` and
subscribe to the context's signals (``subscribe``):

- ``agent_changed``: a new agent (the model was cleared);
- ``data_changed``: a ``ModelChange`` after each slice of a walk or a GET, so every
  view sees the same walk, slice by slice, and when rows leave the model (a SET
  destroyed them, a table's refresh no longer found them: ``gone_rows``) or a row just
  created was read (``add_rows``);
- ``walk_events``: a walk started, progressed, ended, was cancelled or failed;
- ``problems``: an unexpected error, as a sentence (its traceback went to the log).

Stale results are decided here, once: every operation gets an ``OpId`` whose
``epoch`` is the connection it was started for; results of an older epoch are
dropped, and only the running walk's end ends the walk. Callbacks run on the UI
thread; worker threads only ``deliver`` into the context's inbox.
"""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Callable

from textual.app import App
from textual.dom import DOMNode
from textual.signal import Signal
from textual.timer import Timer

from core.oid import OidTuple
from core.secret import Secret
from snmptui import errorlog, gc_policy, workers
from snmptui.lanes import Job, Lane
from snmptui.messages import (
    AgentChanged,
    GetResult,
    OpId,
    Problem,
    ProbeResult,
    WalkBatch,
    WalkEnd,
    WalkEvent,
    WalkState,
)
from snmptui.model import MibFacade, ModelChange, WalkModel, is_prefix
from snmptui.netsnmp_args import ConnectionSpec

__all__ = ["AgentContext", "WalkStart", "RunningWalk", "ADD_SLICE", "GC_REST", "next_slice"]

ADD_SLICE = 1000
"""Varbinds of a walk batch added to the model (and published) between two looks at the
event loop at first, so key presses are handled while a large batch goes in; then the
slice follows ``SLICE_SECONDS`` (``next_slice``)."""
SLICE_SECONDS = 0.006
"""UI time one slice should take, its views' work included: a table column's cells go in
at ~0.4 µs each (slices grow to ``SLICE_LIMITS``' top and the table view keeps up with
the walk), the browser tree's instances cost ~10 µs each (slices of a few hundred keep
its keys quick)."""
SLICE_LIMITS = (250, 8000)


def next_slice(size: int, seconds: float) -> int:
    """The slice after one of ``size`` varbinds took ``seconds``: aimed at ``SLICE_SECONDS``,
    at most doubled or halved at a time (one slow slice, e.g. a collection, moves it little)."""
    low, high = SLICE_LIMITS
    if seconds <= 0:
        return min(high, size * 2)
    wanted = int(size * SLICE_SECONDS / seconds)
    return max(low, min(high, size * 2, max(size // 2, wanted)))

QUEUED_BATCHES = 32
"""Walk batches delivered but not yet in the model: a walk's worker that gets this far ahead
of the UI waits (a backlog only costs memory, ~1 MB a batch of varbind tuples, and would
be added no sooner). Ample: with 8 the worker waited so often that the walk lost its
pipelining (the 100k-row table walk took 3-4x the core walk instead of ~1x)."""

PACE_BATCHES = 1
"""A ``busy`` walk batch (its worker decoded pages without waiting for the agent) is queued
only once the UI has fewer than this many batches left to add, so once it added the ones
before it: meanwhile the worker would only take the GIL from the UI (at the end of
bench_tui's walk every UI callback took 2-3x its CPU time and a key, which needs several
turns of the event loop, waited 90-140 ms; with 2 still 50-80 ms, with 1 16-37 ms and the
walk as quick)."""

GC_REST = 0.5
"""Seconds without user input after a walk before the full collection it held back may run
(a 100k-varbind walk leaves one that takes ~0.1 s: better while nobody is typing)."""


class WalkStart(Enum):
    """What ``start_walk`` did."""

    STARTED = "started"
    QUEUED = "queued"
    BUSY = "busy"
    NOT_CONNECTED = "not connected"


@dataclass(slots=True)
class RunningWalk:
    op: OpId
    start: OidTuple
    automatic: bool
    cancel: threading.Event = field(default_factory=threading.Event)
    total: int = 0


GetCallback = Callable[[GetResult], None]
ProbeCallback = Callable[[ProbeResult], None]


class AgentContext:
    """The agent, its data and the operations on it; see the module docstring."""

    def __init__(self, app: App[Any], mibs: MibFacade) -> None:
        self.app = app
        self.mibs = mibs
        self.model = WalkModel(mibs)
        self.spec: ConnectionSpec | None = None
        self.system: dict[str, Any] = {}
        self.walk: RunningWalk | None = None
        self.walk_queue: list[OidTuple] = []
        self.write_community: Secret | None = None
        """v1/v2c SETs: the embedded agent's, or what the user typed (never the read community)"""
        self.agent_changed: Signal[AgentChanged] = Signal(app, "agent-changed")
        self.data_changed: Signal[ModelChange] = Signal(app, "data-changed")
        self.walk_events: Signal[WalkEvent] = Signal(app, "walk-events")
        self.problems: Signal[Problem] = Signal(app, "problems")
        self._epoch = 0
        self._number = 0
        self._lanes: dict[str, Lane] = {}
        self._requests: dict[OpId, GetCallback] = {}
        self._probe: tuple[OpId, Lane, ProbeCallback] | None = None
        self._probed: tuple[ConnectionSpec, Lane] | None = None
        self._inbox: asyncio.Queue[object] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._last_input = 0.0
        self._gc_timer: Timer | None = None
        self._batch_slots = threading.Semaphore(QUEUED_BATCHES)
        self._backlog = 0
        """walk batches delivered and not yet added (``_backlog_changed`` guards it)"""
        self._backlog_changed = threading.Condition()
        self._closed = threading.Event()
        self._loop_thread = 0
        self._unslotted = 0
        self._slice = ADD_SLICE

    # ------------------------------------------------------------ life cycle

    def start(self) -> None:
        """Open the inbox on the app's event loop (call from the app's ``on_mount``)."""
        self._loop = asyncio.get_running_loop()
        self._loop_thread = threading.get_ident()
        self._inbox = asyncio.Queue()
        self.app.run_worker(self._drain(), group="agent-context", exit_on_error=False)

    def close(self) -> None:
        """Stop every lane (the app is closing)."""
        self._closed.set()
        self._cancel_running()
        for lane in self._lanes.values():
            lane.close()
        self._lanes.clear()
        if self._probe is not None:
            self._probe[1].close()
            self._probe = None
        self._forget_probed()

    @property
    def working(self) -> bool:
        """True while a worker lane runs an operation (a cancelled walk until it stops)."""
        return any(lane.busy for lane in self._lanes.values())

    def deliver(self, result: object) -> None:
        """Queue a worker's result for the UI thread; safe from any thread. A walk batch
        waits while ``QUEUED_BATCHES`` are queued already, a ``busy`` one while
        ``PACE_BATCHES`` are (never on the UI thread)."""
        loop, inbox = self._loop, self._inbox
        if loop is None or inbox is None:
            return
        batch = isinstance(result, WalkBatch)
        slotted = batch
        on_loop = threading.get_ident() == self._loop_thread
        if batch and result.busy and not on_loop:
            self._wait_for_backlog(PACE_BATCHES, loop)
        if slotted and not self._batch_slots.acquire(blocking=False):
            if on_loop:
                self._unslotted += 1  # the UI thread cannot wait for itself
                slotted = False
            else:
                while not self._batch_slots.acquire(timeout=0.2):
                    if self._closed.is_set() or loop.is_closed():
                        return
        if batch:
            with self._backlog_changed:
                self._backlog += 1
        try:
            loop.call_soon_threadsafe(inbox.put_nowait, result)
        except RuntimeError:
            if batch:
                self._batch_added()
            if slotted:
                self._batch_slots.release()  # the loop closed: the app is gone

    def _wait_for_backlog(self, below: int, loop: asyncio.AbstractEventLoop) -> None:
        """Wait (on a worker thread) until fewer than ``below`` walk batches await the UI."""
        with self._backlog_changed:
            while self._backlog >= below and not self._closed.is_set() and not loop.is_closed():
                self._backlog_changed.wait(0.2)

    def _batch_added(self) -> None:
        with self._backlog_changed:
            self._backlog -= 1
            self._backlog_changed.notify_all()

    # ------------------------------------------------------------ subscribing

    def subscribe(
        self,
        node: DOMNode,
        *,
        agent: Callable[[AgentChanged], None] | None = None,
        data: Callable[[ModelChange], None] | None = None,
        walk: Callable[[WalkEvent], None] | None = None,
        problem: Callable[[Problem], None] | None = None,
    ) -> None:
        """Call these on ``node``'s behalf, in publishing order, while ``node`` is mounted.

        Callbacks run at once when published (a view's tree follows each slice of a walk
        before the next goes in); an exception in one is reported as a ``Problem``. A view
        that subscribes after the agent was connected hears ``agent`` at once, so a late
        view starts from the same state as the others (the model holds the data)."""
        pairs: list[tuple[Signal[Any], Callable[[Any], None] | None]] = [
            (self.agent_changed, agent),
            (self.data_changed, data),
            (self.walk_events, walk),
            (self.problems, problem),
        ]
        for signal, callback in pairs:
            if callback is not None:
                signal.subscribe(node, self._guarded(callback, signal is self.problems), immediate=True)
        if agent is not None and self.spec is not None:
            self._guarded(agent, False)(AgentChanged(self.spec, self.system))

    def unsubscribe(self, node: DOMNode) -> None:
        for signal in (self.agent_changed, self.data_changed, self.walk_events, self.problems):
            signal.unsubscribe(node)

    def _guarded(self, callback: Callable[[Any], None], quiet: bool) -> Callable[[Any], None]:
        def call(event: Any) -> None:
            try:
                callback(event)
            except Exception as exc:  # noqa: BLE001 - a view's bug must not stop the others
                if quiet:
                    errorlog.record(exc, "showing a problem")
                else:
                    self.report(exc, f"updating a view ({getattr(callback, '__qualname__', callback)})")

        return call

    def report(self, exc: BaseException, what: str) -> str:
        """Log ``exc`` with its traceback and tell every view in one sentence; the sentence."""
        path = errorlog.record(exc, what)
        text = errorlog.sentence(exc, what, path)
        self.problems.publish(Problem("Unexpected error", text, "this looks like a bug in snmptui; please report it"))
        return text

    # ------------------------------------------------------------ operations

    def _next_op(self) -> OpId:
        self._number += 1
        return OpId(self._epoch, self._number)

    def is_current(self, op: OpId) -> bool:
        """True when ``op`` was started for the agent browsed now."""
        return op.epoch == self._epoch

    def _lane(self, name: str) -> Lane:
        assert self.spec is not None
        lane = self._lanes.get(name)
        if lane is None or lane.closed:
            lane = self._lanes[name] = Lane(name, self.spec)
        return lane

    def _guard_job(self, what: str, job: Job, failure: Callable[[str, str], object]) -> Job:
        """``job``, with any unexpected exception logged and delivered as ``failure(reason, hint)``."""

        def run(lane: Lane) -> None:
            try:
                job(lane)
            except Exception as exc:  # noqa: BLE001 - a worker's bug ends the operation, not the app
                path = errorlog.record(exc, what)
                lane.drop_session()
                self.deliver(failure(errorlog.sentence(exc, what, path), "this looks like a bug in snmptui; please report it"))

        return run

    def probe(self, spec: ConnectionSpec, done: ProbeCallback) -> None:
        """Read ``spec``'s system group; ``done`` gets the result (only the latest probe's).

        The probe's lane (and session) becomes the request lane if ``connect`` follows."""
        if self._probe is not None:
            self._probe[1].close()
        op = self._next_op()
        lane = Lane("probe", spec)
        self._probe = (op, lane, done)
        job = self._guard_job(
            f"connecting to {spec.agent}",
            lambda ln: workers.probe(ln.session(), spec, op, self.deliver),
            lambda reason, hint: ProbeResult(op, spec, None, 0.0, reason, hint),
        )
        lane.submit(job)

    def connect(self, spec: ConnectionSpec, system: dict[str, Any], *, write_community: Secret | None = None) -> None:
        """Browse ``spec``'s agent from now on: a new epoch, a cleared model, fresh lanes.

        ``write_community``: what v1/v2c SETs use (the embedded demo's; None: ask)."""
        self._cancel_running()
        self._epoch += 1
        for lane in self._lanes.values():
            lane.close()
        self._lanes.clear()
        self._requests.clear()
        if self._probed is not None and self._probed[0] is spec:
            self._lanes["request"] = self._probed[1]
            self._probed = None
        self._forget_probed()
        self.spec = spec
        self.write_community = write_community
        self.system = dict(system)
        self.model.clear()
        self.agent_changed.publish(AgentChanged(spec, self.system))

    def _forget_probed(self) -> None:
        if self._probed is not None:
            self._probed[1].close()
            self._probed = None

    # ------------------------------------------------------------ walks

    def covers(self, oid: OidTuple) -> bool:
        """True when the running walk will fetch ``oid``'s subtree."""
        return self.walk is not None and is_prefix(self.walk.start, oid)

    def start_walk(self, root: OidTuple, *, automatic: bool = False) -> WalkStart:
        """Walk ``root``'s subtree (the tree's root: the whole device) on the walk lane.

        While another walk runs, an ``automatic`` walk (fetch on expand) is queued and
        a user's walk is refused (``BUSY``)."""
        if self.spec is None:
            return WalkStart.NOT_CONNECTED
        if self.walk is not None:
            if not automatic:
                return WalkStart.BUSY
            if root not in self.walk_queue:
                self.walk_queue.append(root)
            return WalkStart.QUEUED
        op = self._next_op()
        start = workers.walk_start(root)
        walk = self.walk = RunningWalk(op, start, automatic)
        spec = self.spec
        plan = self.mibs.walk_plan()
        gc_policy.walking(True)
        job = self._guard_job(
            f"walking {self.mibs.oid_text(start)}",
            lambda lane: workers.walk(
                lane.session(), spec, op, start, walk.cancel.is_set, self.deliver, plan
            ),
            lambda reason, hint: WalkEnd(op, start, walk.total, 0.0, reason=reason, hint=hint),
        )
        self._lane("walk").submit(job)
        self.walk_events.publish(WalkEvent(WalkState.STARTED, start, automatic))
        return WalkStart.STARTED

    def cancel_walk(self) -> bool:
        """Cancel the running walk (its worker stops after the response at hand; what arrived stays)
        and the queued ones; False when no walk ran."""
        walk = self.walk
        if walk is None:
            self.walk_queue.clear()
            return False
        self._cancel_running()
        self.walk_events.publish(WalkEvent(WalkState.CANCELLED, walk.start, walk.automatic, walk.total))
        return True

    def _cancel_running(self) -> None:
        self.walk_queue.clear()
        walk, self.walk = self.walk, None
        if walk is not None:
            walk.cancel.set()
            self._walks_over()

    def _next_queued(self) -> None:
        while self.walk_queue and self.walk is None:
            root = self.walk_queue.pop(0)
            if not self.model.is_walked(root):
                self.start_walk(root, automatic=True)

    # ------------------------------------------------------------ requests

    def request(self, kind: str, oid: OidTuple, done: GetCallback) -> bool:
        """GET (``kind`` "get"/"reread") or GETNEXT ("next") ``oid`` on the request lane;
        the answer goes into the model, then to ``done``. False when not connected."""
        if self.spec is None:
            return False
        op = self._next_op()
        self._requests[op] = done
        spec = self.spec
        job = self._guard_job(
            f"{kind.upper()} {self.mibs.oid_text(oid)}",
            lambda lane: workers.get_one(lane.session(), spec, op, kind, oid, self.deliver),
            lambda reason, hint: GetResult(op, kind, oid, reason=reason, hint=hint),
        )
        self._lane("request").submit(job)
        return True

    # ------------------------------------------------------------ rows

    def add_rows(self, varbinds: list[tuple[OidTuple, Any]]) -> None:
        """Cells of rows read outside a walk (a row just created) go into the model, and
        every view hears of them as of a walk's slice."""
        if varbinds:
            self.data_changed.publish(self.model.add(varbinds))

    def forget_rows(self, entry: OidTuple, suffixes: list[OidTuple]) -> int:
        """Rows of ``entry`` the agent no longer has (a SET destroyed them) leave the model;
        every view hears which (``ModelChange.gone_rows``). How many went."""
        return self._rows_gone(self.model.remove_rows(entry, suffixes))

    def drop_stale_rows(self, entry: OidTuple, stamp: int) -> int:
        """After a complete walk of ``entry`` (``WalkModel.begin_table_pass`` gave ``stamp``):
        its rows that walk did not return leave the model, as ``forget_rows``."""
        return self._rows_gone(self.model.drop_stale_rows(entry, stamp))

    def _rows_gone(self, change: ModelChange) -> int:
        gone = sum(len(suffixes) for suffixes in change.gone_rows.values())
        if gone:
            self.data_changed.publish(change)
        return gone

    # ------------------------------------------------------------ MIBs

    def reload_mibs(self) -> None:
        """The MIB store changed: re-file the model's data under the new MIB objects."""
        self.model.reindex()

    # ------------------------------------------------------------ garbage collection

    def note_input(self) -> None:
        """The user pressed a key or moved the cursor (full collections wait for a rest)."""
        self._last_input = time.monotonic()

    def _walks_over(self) -> None:
        """No walk runs any more: full collections resume once the user rests (``GC_REST``)."""
        if self._gc_timer is None:
            self._gc_timer = self.app.set_timer(GC_REST, self._resume_full_collections)

    def _resume_full_collections(self) -> None:
        self._gc_timer = None
        if self.walk is not None:
            return  # another walk started; it calls _walks_over when it ends
        wait = self._last_input + GC_REST - time.monotonic()
        if wait > 0.01:
            self._gc_timer = self.app.set_timer(wait, self._resume_full_collections)
            return
        gc_policy.walking(False)

    # ------------------------------------------------------------ results

    async def _drain(self) -> None:
        inbox = self._inbox
        assert inbox is not None
        while True:
            result = await inbox.get()
            try:
                await self._handle(result)
            except Exception as exc:  # noqa: BLE001 - one bad result must not stop the others
                self.report(exc, f"handling {type(result).__name__}")

    async def _handle(self, result: object) -> None:
        if isinstance(result, WalkBatch):
            try:
                await self._walk_batch(result)
            finally:
                self._batch_added()
                if self._unslotted:
                    self._unslotted -= 1
                else:
                    self._batch_slots.release()
        elif isinstance(result, WalkEnd):
            self._walk_end(result)
        elif isinstance(result, GetResult):
            self._get_result(result)
        elif isinstance(result, ProbeResult):
            self._probe_result(result)
        elif isinstance(result, Problem):
            self.problems.publish(result)

    async def _walk_batch(self, batch: WalkBatch) -> None:
        varbinds = batch.varbinds
        begin = 0
        while begin < len(varbinds):
            if begin:
                await asyncio.sleep(0)
            if not self.is_current(batch.op):
                return  # a walk of the agent browsed before this one
            size = self._slice
            began = time.perf_counter()
            self.data_changed.publish(self.model.add(varbinds[begin : begin + size], ordered=batch.ordered))
            self._slice = next_slice(size, time.perf_counter() - began)
            begin += size
        walk = self.walk
        if walk is not None and walk.op == batch.op:
            walk.total = batch.total
            self.walk_events.publish(WalkEvent(WalkState.PROGRESS, walk.start, walk.automatic, batch.total))

    def _walk_end(self, end: WalkEnd) -> None:
        walk = self.walk
        if walk is None or walk.op != end.op:
            return  # cancelled, or for another agent
        self.walk = None
        if end.reason:
            state = WalkState.FAILED
        elif end.cancelled:
            state = WalkState.CANCELLED
        else:
            state = WalkState.DONE
            self.model.mark_walked(end.root)
        self._walks_over()
        self.walk_events.publish(
            WalkEvent(state, end.root, walk.automatic, end.total, end.seconds, end.reason, end.hint, end.dropped)
        )
        self._next_queued()

    def _get_result(self, result: GetResult) -> None:
        done = self._requests.pop(result.op, None)
        if done is None or not self.is_current(result.op):
            return
        if result.varbinds:
            self.data_changed.publish(self.model.add(result.varbinds))
        done(result)

    def _probe_result(self, result: ProbeResult) -> None:
        probe = self._probe
        if probe is None or probe[0] != result.op:
            return
        self._probe = None
        _op, lane, done = probe
        if result.ok:
            self._forget_probed()
            self._probed = (result.spec, lane)
        else:
            lane.close()
        done(result)
