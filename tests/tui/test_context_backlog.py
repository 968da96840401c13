"""The agent context bounds the walk batches queued for the UI: a worker that gets far ahead
waits for the UI to add them (a backlog would only cost memory)."""

from __future__ import annotations

import threading
from typing import Any

from snmptui.context import PACE_BATCHES, QUEUED_BATCHES
from snmptui.messages import OpId, WalkBatch
from tui.tui_helpers import connected, make_app, wait_for

MIB2 = (1, 3, 6, 1, 2, 1)


async def test_a_worker_waits_while_the_ui_has_a_backlog(mib_store: Any, demo_spec: Any) -> None:
    app = make_app(mib_store, demo_spec)
    async with app.run_test(size=(80, 24)) as pilot:
        await connected(pilot)
        context = app.context
        op = OpId(-1, 0)  # an old epoch: the batches are dropped when handled
        sent = 0
        release = threading.Event()

        def worker() -> None:
            nonlocal sent
            for n in range(QUEUED_BATCHES + 3):
                context.deliver(WalkBatch(op, MIB2, [(MIB2 + (1, 5, 0), b"x")], n))
                sent += 1
            release.set()

        original = context._walk_batch
        stalled = True

        async def slow(batch: WalkBatch) -> None:
            while stalled:  # the UI is busy: nothing is added yet
                await pilot.pause(0.01)
            await original(batch)

        context._walk_batch = slow  # type: ignore[method-assign]
        thread = threading.Thread(target=worker, daemon=True)
        thread.start()
        await wait_for(pilot, lambda: sent >= QUEUED_BATCHES)
        await pilot.pause(0.3)
        assert sent == QUEUED_BATCHES  # the worker waits for a slot
        stalled = False
        await wait_for(pilot, release.is_set)
        assert sent == QUEUED_BATCHES + 3


async def test_a_busy_worker_waits_while_the_ui_has_a_few_batches(mib_store: Any, demo_spec: Any) -> None:
    """A worker decoding without waiting for the agent (``busy`` batches) would only take the
    GIL from the UI: it queues its next batch once fewer than ``PACE_BATCHES`` are left."""
    app = make_app(mib_store, demo_spec)
    async with app.run_test(size=(80, 24)) as pilot:
        await connected(pilot)
        context = app.context
        op = OpId(-1, 0)
        sent = 0
        release = threading.Event()

        def worker() -> None:
            nonlocal sent
            for n in range(PACE_BATCHES + 3):
                context.deliver(WalkBatch(op, MIB2, [(MIB2 + (1, 5, 0), b"x")], n, busy=True))
                sent += 1
            release.set()

        original = context._walk_batch
        stalled = True

        async def slow(batch: WalkBatch) -> None:
            while stalled:
                await pilot.pause(0.01)
            await original(batch)

        context._walk_batch = slow  # type: ignore[method-assign]
        threading.Thread(target=worker, daemon=True).start()
        await wait_for(pilot, lambda: sent >= PACE_BATCHES)
        await pilot.pause(0.3)
        assert sent == PACE_BATCHES
        stalled = False
        await wait_for(pilot, release.is_set)
        assert sent == PACE_BATCHES + 3
