"""Issue 11.2: the browser walking a hostile agent drops and counts what does not decode,
and says so when the walk ends, instead of crashing or printing a traceback."""

from __future__ import annotations

from typing import Any

from core.agent import Faults, start_background
from core.agent.demo import DemoDevice
from tui.tui_helpers import connected, idle_walk, make_app, spec_for


async def test_a_walk_through_garbage_replies_counts_what_it_dropped(mib_store: Any) -> None:
    with start_background(DemoDevice()) as agent:
        app = make_app(mib_store, spec_for(agent.port))
        async with app.run_test(size=(100, 30)) as pilot:
            browser = await connected(pilot)
            agent.faults = Faults(garbage=1.0, seed=3)  # a datagram of random bytes before every reply
            browser.start_walk((1, 3, 6, 1, 2, 1, 1))
            await idle_walk(pilot)
            status = str(browser.status_bar.message)
            assert "Walked" in status and "malformed replies" in status
            assert app._exception is None
