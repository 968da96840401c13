"""Snapshot tests of the main screens (pytest-textual-snapshot) at 80x24 and 120x40.

The demo device runs on a frozen clock (uptime and counters never move); it listens on
a free loopback port, shown as ``DISPLAYED_PORT`` (the address formatter is wrapped for
these tests only), so every run draws the same screen; the status line ends on a message
that carries no timing (a copied OID). Update after a deliberate change with
``pytest tests/tui/test_snapshots.py --snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from textual.widgets import Input

from core.agent import start_background
from core.agent.demo import DemoDevice
from core import address
from snmptui import netsnmp_args
from snmptui.app import SnmpTuiApp
from snmptui.screens import browser as browser_module
from snmptui.widgets.header_line import HeaderLine
from tui.tui_helpers import idle_walk, spec_for, wait_for

DISPLAYED_PORT = 16100
"""How the demo agent's port (free, different each run) is shown on the screens."""
FROZEN = 1_700_000_000.0
SIZES = [(80, 24), (120, 40)]
MIB2 = (1, 3, 6, 1, 2, 1)
IF_DESCR = MIB2 + (2, 2, 1, 2)
IF_OPER_STATUS = MIB2 + (2, 2, 1, 8)


@pytest.fixture(scope="module")
def frozen_demo() -> Iterator[Any]:
    device = DemoDevice(clock=lambda: FROZEN, wall=lambda: FROZEN)
    with start_background(device) as running:
        yield running


@pytest.fixture(autouse=True)
def frozen_screen(monkeypatch: pytest.MonkeyPatch, frozen_demo: Any) -> None:
    """The header's uptime clock frozen; the agent's port shown as DISPLAYED_PORT; no cursor blink."""
    monkeypatch.setattr(HeaderLine, "clock", staticmethod(lambda: FROZEN))

    def shown(host: str, port: int) -> str:
        return address.format_address(host, DISPLAYED_PORT if port == frozen_demo.port else port)

    monkeypatch.setattr(browser_module, "format_address", shown)
    monkeypatch.setattr(netsnmp_args, "format_address", shown)
    # A focused Input's cursor blinks every 0.5 s: a picture taken after a slow search
    # caught it off. It stays on, as it is in every stored picture.
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


def _app(mib_store: Any, agent: Any) -> SnmpTuiApp:
    return SnmpTuiApp(spec_for(agent.port), store=mib_store)


async def _connected(pilot: Any) -> Any:
    app = pilot.app
    await wait_for(pilot, lambda: app.context.spec is not None)
    return app.browser


async def _walked_interfaces(pilot: Any) -> Any:
    browser = await _connected(pilot)
    browser.start_walk(MIB2 + (2,))
    await idle_walk(pilot)
    return browser


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_browser_with_values(snap_compare: Any, mib_store: Any, frozen_demo: Any, size: tuple[int, int]) -> None:
    async def run_before(pilot: Any) -> None:
        browser = await _walked_interfaces(pilot)
        node = browser.oid_tree.reveal(IF_DESCR)
        node.expand()
        await pilot.pause(0.1)
        await pilot.press("down", "down", "y")
        await pilot.pause(0.2)

    assert snap_compare(_app(mib_store, frozen_demo), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_detail_of_a_column_instance(snap_compare: Any, mib_store: Any, frozen_demo: Any, size: tuple[int, int]) -> None:
    async def run_before(pilot: Any) -> None:
        browser = await _walked_interfaces(pilot)
        browser.oid_tree.reveal(IF_OPER_STATUS + (20,), "instance")
        await wait_for(pilot, lambda: "ifOperStatus.20" in browser.detail_pane.text)
        await pilot.press("y")
        await pilot.pause(0.2)

    assert snap_compare(_app(mib_store, frozen_demo), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_connect_dialog(snap_compare: Any, mib_store: Any, size: tuple[int, int]) -> None:
    async def run_before(pilot: Any) -> None:
        await pilot.pause(0.2)
        await pilot.press(*"192.0.2.1")
        await pilot.pause(0.1)

    assert snap_compare(SnmpTuiApp(store=mib_store), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_search(snap_compare: Any, mib_store: Any, frozen_demo: Any, size: tuple[int, int]) -> None:
    async def run_before(pilot: Any) -> None:
        await _walked_interfaces(pilot)
        await pilot.press("y")  # a status line without timings behind the dialog
        await pilot.press("slash", *"octets")
        await wait_for(pilot, lambda: getattr(pilot.app.screen, "hits", None))
        about = pilot.app.screen.query_one("#search-about")
        await wait_for(pilot, lambda: "octets received" in str(about.render()))  # the first hit's DESCRIPTION
        await pilot.pause(0.2)

    assert snap_compare(_app(mib_store, frozen_demo), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help(snap_compare: Any, mib_store: Any, frozen_demo: Any, size: tuple[int, int]) -> None:
    async def run_before(pilot: Any) -> None:
        await _connected(pilot)
        await pilot.press("question_mark")
        await pilot.pause(0.2)

    assert snap_compare(_app(mib_store, frozen_demo), terminal_size=size, run_before=run_before)


IF_ADMIN_STATUS = MIB2 + (2, 2, 1, 7)


async def _set_dialog(pilot: Any, typed: str) -> None:
    browser = await _walked_interfaces(pilot)
    browser.oid_tree.reveal(IF_ADMIN_STATUS + (3,), "instance")
    await wait_for(pilot, lambda: "ifAdminStatus.3" in browser.detail_pane.text)
    await pilot.press("s")
    await wait_for(pilot, lambda: type(pilot.app.screen).__name__ == "SetDialog")
    await pilot.pause(0.3)  # the fresh read of the current value
    await pilot.press(*typed)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_set_dialog_confirmation(
    snap_compare: Any, mib_store: Any, frozen_demo: Any, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """old → new and the snmpset command with the community masked (nothing is sent)."""
    monkeypatch.setenv("SNMPTUI_WRITE_COMMUNITY", "private")

    async def run_before(pilot: Any) -> None:
        await _set_dialog(pilot, "down")
        await pilot.press("enter")
        await pilot.pause(0.2)

    assert snap_compare(_app(mib_store, frozen_demo), terminal_size=size, run_before=run_before)


def test_set_dialog_names_the_rule_a_value_breaks(
    snap_compare: Any, mib_store: Any, frozen_demo: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SNMPTUI_WRITE_COMMUNITY", "private")
    async def run_before(pilot: Any) -> None:
        await _set_dialog(pilot, "sideways")
        await pilot.press("enter")  # refused: Enter does nothing but show why
        await pilot.pause(0.2)

    assert snap_compare(_app(mib_store, frozen_demo), terminal_size=(80, 24), run_before=run_before)


def test_table_compared_with_a_snapshot(snap_compare: Any, mib_store: Any, frozen_demo: Any, tmp_path: Any) -> None:
    """ifTable against a file with planted differences: cells ~, a row +, a row - (greyed)."""
    from core.oid import format_oid, oid_key
    from core.snapshot.export import export_records
    from core.snapshot.model import Record
    from snmptui.screens.table import TableScreen

    snapshot = tmp_path / "before.snmprec"

    async def run_before(pilot: Any) -> None:
        browser = await _connected(pilot)
        browser.oid_tree.reveal(IF_DESCR)
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, TableScreen))
        screen = pilot.app.screen
        await wait_for(pilot, lambda: not screen.busy and len(screen.rows) == 28, timeout=30)
        values = dict(pilot.app.context.model.values)
        values[IF_DESCR + (2,)] = b"old-name"
        values[MIB2 + (2, 2, 1, 4, 3)] = 9000  # ifMtu.3
        for oid in [o for o in values if (o[:9] == MIB2 + (2, 2, 1) or o[:10] == MIB2 + (31, 1, 1, 1)) and o[-1] == 4]:
            del values[oid]  # row 4: new on the agent
        values[MIB2 + (2, 2, 1, 1, 99)], values[IF_DESCR + (99,)] = 99, b"gone-port"
        export_records(sorted((Record(format_oid(o), v) for o, v in values.items()), key=lambda r: oid_key(r.oid)),
                       snapshot)  # fmt: skip
        screen.compare_with(snapshot)
        await wait_for(pilot, lambda: screen.status_bar.message.plain.startswith("Comparing with"))
        await pilot.press("d")  # differences only: the planted ones fit the screen
        await wait_for(pilot, lambda: len(screen.model) == 4 and "differences only" in str(screen.title_bar.render()))
        await pilot.pause(0.3)

    assert snap_compare(_app(mib_store, frozen_demo), terminal_size=(80, 24), run_before=run_before)
