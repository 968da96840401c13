"""The agent context: several views hear one walk, stale results are dropped in one place,
and a worker's unexpected exception becomes a sentence, a log entry and never a crash."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Static

from snmptui import workers
from snmptui.messages import AgentChanged, Problem, WalkEvent, WalkState
from snmptui.model import ModelChange
from tui.tui_helpers import connected, idle_walk, make_app, wait_for

MIB2 = (1, 3, 6, 1, 2, 1)
IF_TABLE = MIB2 + (2, 2)


class RecordingView(Static):
    """A second view (as a table or a watch pane would be): records what the context publishes."""

    def __init__(self) -> None:
        super().__init__("")
        self.changes: list[ModelChange] = []
        self.walks: list[WalkEvent] = []
        self.agents: list[AgentChanged] = []
        self.problems: list[Problem] = []

    def on_mount(self) -> None:
        self.app.context.subscribe(  # type: ignore[attr-defined]
            self,
            agent=self.agents.append,
            data=self.changes.append,
            walk=self.walks.append,
            problem=self.problems.append,
        )


async def test_two_views_see_the_same_walk_slice_by_slice(
    mib_store: Any, demo_spec: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workers, "BATCH_SIZE", 50)
    app = make_app(mib_store, demo_spec)
    async with app.run_test(size=(100, 30)) as pilot:
        browser = await connected(pilot)
        first, second = RecordingView(), RecordingView()
        await browser.mount(first)
        await browser.mount(second)
        assert [a.spec for a in first.agents] == [demo_spec]  # a late view starts from the current agent
        browser.start_walk(IF_TABLE)
        await idle_walk(pilot)
        assert len(first.changes) > 1  # streamed in several slices
        assert first.changes == second.changes
        heard = {oid for change in first.changes for fresh in change.new_instances.values() for oid in fresh}
        assert heard == set(app.context.model.values) and heard
        assert [w.state for w in second.walks][0] is WalkState.STARTED
        assert second.walks[-1].state is WalkState.DONE and second.walks[-1].total == len(heard)
        ifdescr = browser.oid_tree.reveal(IF_TABLE + (1, 2))
        assert ifdescr is not None  # the tree was fed by the same changes
        await pilot.press("l")
        await wait_for(pilot, lambda: len(ifdescr.children) > 0)


async def test_a_view_that_raises_does_not_stop_the_others(mib_store: Any, demo_spec: Any) -> None:
    app = make_app(mib_store, demo_spec)
    async with app.run_test(size=(100, 30)) as pilot:
        browser = await connected(pilot)
        healthy = RecordingView()
        await browser.mount(healthy)

        def broken(_change: ModelChange) -> None:
            raise ZeroDivisionError("a bug in a view")

        app.context.subscribe(browser.header_line, data=broken)
        browser.start_walk(MIB2 + (1,))
        await idle_walk(pilot)
        assert healthy.changes and app.is_running
        assert healthy.walks[-1].state is WalkState.DONE
        assert healthy.problems and "ZeroDivisionError: a bug in a view" in healthy.problems[0].reason


async def test_a_worker_exception_is_a_sentence_a_log_entry_and_the_app_lives(
    mib_store: Any, demo_spec: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    def exploding(*_args: Any) -> None:
        raise RuntimeError("boom in the walk worker")

    monkeypatch.setattr(workers, "walk", exploding)
    app = make_app(mib_store, demo_spec)
    async with app.run_test(size=(100, 30)) as pilot:
        browser = await connected(pilot)
        browser.start_walk(MIB2 + (1,))
        await idle_walk(pilot)
        status = browser.status_bar.message.plain
        assert "failed while walking" in status and "RuntimeError: boom in the walk worker" in status
        assert "errors.log" in status and "boom in the walk worker" in browser.detail_pane.text
        log = (tmp_path / "state" / "snmptui" / "errors.log").read_text()
        assert "Traceback" in log and "exploding" in log and "public" not in log
        assert app.is_running
        browser.oid_tree.reveal(MIB2 + (1, 5))  # sysName: the app still works
        await pilot.press("g")
        await wait_for(pilot, lambda: MIB2 + (1, 5, 0) in browser.model.values)


async def test_v3_discovery_happens_once_per_worker_lane_not_per_request(mib_store: Any) -> None:
    from core.agent import start_background
    from core.agent.demo import DemoDevice
    from core.agent.usm import AgentUser
    from core.security import User, auth_key_class
    from snmptui.app import SnmpTuiApp
    from snmptui.netsnmp_args import parse_connection

    user = AgentUser(User("ops", auth_key=auth_key_class("SHA-256")("ops-auth-pass")))
    with start_background(DemoDevice(), users=[user]) as agent:
        spec = parse_connection(
            ["-v3", "-u", "ops", "-l", "authNoPriv", "-a", "SHA-256", "-A", "ops-auth-pass", f"127.0.0.1:{agent.port}"]
        )
        app = SnmpTuiApp(spec, store=mib_store)
        async with app.run_test(size=(100, 30)) as pilot:
            browser = await connected(pilot)
            after_probe = agent.stats.unknown_engine
            assert after_probe >= 1
            browser.oid_tree.reveal(MIB2 + (1, 5))  # sysName: its group is fetched on the walk lane
            await wait_for(pilot, lambda: app.context.model.is_walked(MIB2 + (1,)))
            after_walk = agent.stats.unknown_engine
            for _ in range(3):
                await pilot.press("r")
                await wait_for(pilot, lambda: "sysName.0 = " in browser.status_bar.message.plain)
                browser.status_bar.show("")
            browser.start_walk(MIB2 + (2,))
            await idle_walk(pilot)
            assert agent.stats.unknown_engine == after_walk == after_probe + 1  # one per lane, none per GET or walk


def test_walk_slices_follow_the_time_their_views_take() -> None:
    """A slice that took long is followed by a smaller one, a quick one by a bigger one, never
    more than halved or doubled at once, always within the limits."""
    from snmptui.context import SLICE_LIMITS, SLICE_SECONDS, next_slice

    low, high = SLICE_LIMITS
    assert next_slice(1000, SLICE_SECONDS) == 1000
    assert next_slice(1000, SLICE_SECONDS * 4) == 500  # a tree's costly instances: halved
    assert next_slice(1000, SLICE_SECONDS * 1.25) == 800
    assert next_slice(1000, SLICE_SECONDS / 10) == 2000  # cheap table cells: doubled
    assert next_slice(1000, 0.0) == 2000
    assert next_slice(high, SLICE_SECONDS / 10) == high
    assert next_slice(low, 1.0) == low
    size = 1000
    for _ in range(20):  # 10 µs a varbind settles at SLICE_SECONDS' worth
        size = next_slice(size, size * 10e-6)
    assert abs(size - SLICE_SECONDS / 10e-6) <= 1
