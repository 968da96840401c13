"""The interfaces dashboard on the demo device: rows, rates, sorting, filtering, a flapping port."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from textual.app import App
from snmptui.widgets.line_table import LineTable

from core.agent import start_background
from core.agent.demo import DemoDevice
from core.agent.demo_ports import FLAP_PERIOD
from snmptui.screens.interfaces import COLUMNS, SORT_ORDER, InterfacesScreen, compact
from tui.tui_helpers import spec_for


class Clock:
    """Real time, plus jumps the test makes (the flapping port's period is 40 s)."""

    def __init__(self) -> None:
        self.now = 5000.0

    def __call__(self) -> float:
        return self.now + time.monotonic()


class Dashboard(App[None]):
    def __init__(self, screen: InterfacesScreen) -> None:
        super().__init__()
        self.dashboard = screen

    def on_mount(self) -> None:
        self.push_screen(self.dashboard)


async def _until(pilot: Any, condition: Any, timeout: float = 10.0) -> None:
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("condition not reached")


async def test_dashboard_shows_rates_sorted_by_traffic_and_a_flapping_port() -> None:
    clock = Clock()
    device = DemoDevice(clock=clock)
    with start_background(device) as agent:
        screen = InterfacesScreen(spec_for(agent.port), interval=0.1)
        app = Dashboard(screen)
        async with app.run_test(size=(80, 24)) as pilot:
            await _until(pilot, lambda: screen.model is not None and screen.updates >= 1)
            updates = screen.updates
            clock.now += 5
            await _until(pilot, lambda: screen.updates > updates + 1)
            table = screen.query_one(LineTable)
            assert table.row_count == len(device.ports)
            model = screen.model
            assert model is not None
            # A poll of the same agent hundredth as the one before is a gap; the next one has rates.
            await _until(pilot, lambda: max(row.busy for row in model.rows.values()) > 0)
            busy = [row.busy for row in model.sorted_rows("busy")]
            assert busy == sorted(busy, reverse=True) and busy[0] > 0
            first_key = table.row_key(0)
            assert first_key == str(model.sorted_rows("busy")[0].index)
            flapping = next(p for p in device.ports if p.flapping)
            before = model.rows[flapping.index].oper
            clock.now += FLAP_PERIOD / 2
            updates = screen.updates
            await _until(pilot, lambda: screen.updates > updates + 1)
            row = model.rows[flapping.index]
            assert row.oper != before and row.oper_changes == 1
            status = table.cell_text(str(flapping.index), "status")
            assert status.endswith("*1")
            header = table.render_line(0).text
            assert header.rstrip().endswith("Pkt/s") or "Pkt/s Alias" in header  # 80 columns show every rate
            await pilot.click(LineTable, offset=(header.index("In%") + 1, 0))
            assert screen.sort_key == "in_util"
            utilization = [model.rows[int(table.row_key(n))].utilization("in") or 0.0 for n in range(table.row_count)]
            assert utilization == sorted(utilization, reverse=True)
            await pilot.press("slash")
            await pilot.press(*"core-sw-1", "enter")
            await _until(pilot, lambda: table.row_count == 1)
            assert table.row_key(0) == "1"
            await pilot.press("o")
            assert screen.sort_key == "out_util"
            await pilot.press("escape")
            await asyncio.sleep(0)
        assert not any(loop.running for loop in screen._loops)


@settings(max_examples=300)
@given(st.floats(min_value=0, max_value=1e15, allow_nan=False))
def test_compact_numbers_fit_five_characters(value: float) -> None:
    text = compact(value)
    assert len(text) <= 5 and (text == "<0.01") == (0 < value < 0.01)


def test_every_column_sorts() -> None:
    assert set(SORT_ORDER) >= {key for key, _ in COLUMNS} and SORT_ORDER[0] == "busy"


async def test_ports_read_after_the_screen_closed_start_no_polling() -> None:
    """The discovery worker cannot be interrupted: when its answer comes after escape,
    the closed screen starts no poll loops and draws nothing."""
    from core.interfaces import InterfacesModel, discover
    from core.poller import Poller

    device = DemoDevice()
    with start_background(device) as agent:
        spec = spec_for(agent.port)
        with spec.session() as session:
            indexes, high_capacity = discover(session)
            model = InterfacesModel(indexes, high_capacity=high_capacity)
            info = Poller(session, model.info_oids(), with_uptime=False).poll()
        screen = InterfacesScreen(spec, interval=0.1)
        app = Dashboard(screen)
        async with app.run_test(size=(80, 24)) as pilot:
            await _until(pilot, lambda: screen.model is not None)
            app.pop_screen()
            await pilot.pause(0.1)
            for loop in screen._loops:
                loop.stop()
            screen._loops = []
            screen.model = None
            screen._discovered(model, info)  # as the worker's late call_from_thread does
            screen._failed("late failure")
            assert screen._loops == [] and screen.model is None and screen.problem is None


async def test_a_poll_delivered_while_the_app_tears_the_screen_down_is_dropped() -> None:
    """At exit the screen's widgets go before its poll loops stop: a late poll must not
    raise in the poll thread (it did, NoMatches, killing the thread with a traceback)."""
    from core.poller import PollResult

    device = DemoDevice()
    with start_background(device) as agent:
        screen = InterfacesScreen(spec_for(agent.port), interval=5)
        app = Dashboard(screen)
        async with app.run_test(size=(80, 24)) as pilot:
            await _until(pilot, lambda: screen.model is not None)
            await screen.query_one(LineTable).remove()
            screen._take(PollResult(), False)  # as PollLoop delivers through call_from_thread
            assert screen.is_attached
