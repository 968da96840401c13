"""The watch pane on the demo device: rates equal two GETs', gaps, edits, saving and CSV export."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Sparkline

from core import SnmpSession
from core.agent import start_background
from core.agent.demo import DemoDevice
from snmptui.watch import load_watch
from snmptui.watcher import Watcher, discontinuity_marker
from snmptui.widgets.line_table import LineTable
from snmptui.widgets.watch_pane import WatchPane, mini_sparkline
from tui.tui_helpers import spec_for

HC_IN = "1.3.6.1.2.1.31.1.1.1.6.1"
IN_ERRORS = "1.3.6.1.2.1.2.2.1.14.5"
UPTIME = "1.3.6.1.2.1.1.3.0"
LOAD = "1.3.6.1.2.1.25.3.3.1.2.768"  # hrProcessorLoad: a gauge


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class WatchApp(App[None]):
    def __init__(self, spec: Any) -> None:
        super().__init__()
        self.watcher = Watcher(self, spec, lambda oid, value: str(value), self._updated, interval=300)
        self.polls = 0

    def compose(self) -> ComposeResult:
        yield WatchPane(self.watcher.watch)

    def _updated(self) -> None:
        self.polls += 1
        self.query_one(WatchPane).redraw()

    def on_watch_pane_changed(self, _message: WatchPane.Changed) -> None:
        self.watcher.changed()

    def on_unmount(self) -> None:
        self.watcher.stop()


async def _poll(pilot: Any, app: WatchApp) -> None:
    before = app.polls
    app.watcher.changed()  # poll now
    for _ in range(400):
        if app.polls > before:
            return
        await pilot.pause(0.02)
    raise AssertionError("no poll")


def test_interface_counters_have_their_discontinuity_marker() -> None:
    assert discontinuity_marker(HC_IN) == "1.3.6.1.2.1.31.1.1.1.19.1"
    assert discontinuity_marker("1.3.6.1.2.1.2.2.1.10.7") == "1.3.6.1.2.1.31.1.1.1.19.7"
    assert discontinuity_marker(UPTIME) is None


def test_mini_sparkline_scales_to_its_range() -> None:
    assert mini_sparkline([0, 5, 10]) == "▁▄█"
    assert mini_sparkline([3, 3]) == "▄▄" and mini_sparkline([]) == ""


async def test_rates_equal_two_gets_and_the_list_is_edited_saved_and_exported(tmp_path: Path) -> None:
    clock = Clock()
    device = DemoDevice(clock=clock)
    with start_background(device) as agent, SnmpSession("127.0.0.1", agent.port) as session:
        app = WatchApp(spec_for(agent.port))
        async with app.run_test(size=(100, 30)) as pilot:
            for oid, name in ((HC_IN, "IF-MIB::ifHCInOctets.1"), (IN_ERRORS, "IF-MIB::ifInErrors.5"),
                              (LOAD, "HOST-RESOURCES-MIB::hrProcessorLoad.768")):  # fmt: skip
                assert app.watcher.add(oid, name)
            await _poll(pilot, app)
            first = session.get_many([HC_IN, UPTIME])
            clock.now += 10
            second = session.get_many([HC_IN, UPTIME])
            await _poll(pilot, app)
            expected = (second[HC_IN] - first[HC_IN]) / ((second[UPTIME] - first[UPTIME]) / 100)
            entry = app.watcher.watch.entries[0]
            step = entry.series.last_step
            assert step is not None and step.agent_clock  # type: ignore[union-attr]
            assert step.per_second == pytest.approx(expected, rel=0.02)  # type: ignore[union-attr]
            assert entry.rate_text().endswith("bit/s")
            assert app.watcher.watch.entries[2].rate_text() in ("rising", "falling", "steady")
            table = app.query_one(LineTable)
            assert table.row_count == 3
            assert "bit/s" in table.cell_text(HC_IN, "rate")
            device.restart()  # sysUpTime goes back: a gap, not a huge rate
            await _poll(pilot, app)
            assert entry.delta_text() == "gap" and "restarted" in entry.rate_text()
            table.focus()
            await pilot.press("right_square_bracket")  # move the first entry down
            assert [e.oid for e in app.watcher.watch.entries][:2] == [IN_ERRORS, HC_IN]
            await pilot.press("space")  # pause it
            assert app.watcher.watch.entries[1].paused and HC_IN not in app.watcher.watch.oids()
            await pilot.press("plus")
            assert app.watcher.watch.interval == 300  # already the slowest
            await pilot.press("minus")
            assert app.watcher.watch.interval == 120
            assert app.query_one(Sparkline).data is not None
            await pilot.press("delete")  # the selected, moved and paused entry
            assert [e.oid for e in app.watcher.watch.entries] == [IN_ERRORS, LOAD]
            await pilot.press("space")  # pause the one now selected
            paused = [e.oid for e in app.watcher.watch.entries if e.paused]
            assert len(paused) == 1
            csv_path = app.watcher.export(tmp_path)
        saved = load_watch(app.watcher.key)
        assert [e.oid for e in saved.entries] == [IN_ERRORS, LOAD]
        assert saved.interval == 120 and [e.oid for e in saved.entries if e.paused] == paused
    rows = list(csv.reader(io.StringIO(csv_path.read_text())))
    assert rows[0] == ["time", "oid", "name", "value"]
    assert {row[1] for row in rows[1:]} == {IN_ERRORS, LOAD}  # the removed entry took its samples along
    assert all(row[3].isdigit() for row in rows[1:] if row[3])
