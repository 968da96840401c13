"""The browser's watch pane, interfaces dashboard and SET on the demo device; the whole OID space."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Input

from core.mib import load_mibs
from snmptui.app import SnmpTuiApp
from snmptui.screens.interfaces import InterfacesScreen
from snmptui.screens.set_dialog import SetDialog
from snmptui.settings import Settings
from snmptui.widgets.line_table import LineTable
from snmptui.widgets.watch_pane import WatchPane
from tui.tui_helpers import connected, idle_walk, wait_for

IF_ENTRY = (1, 3, 6, 1, 2, 1, 2, 2, 1)
IF_ADMIN, IF_OPER = IF_ENTRY + (7,), IF_ENTRY + (8,)
HC_IN = (1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 6)
SHARED_MIBS = Path(__file__).resolve().parents[3] / "shared" / "mibs"


def demo_app(store: Any) -> SnmpTuiApp:
    return SnmpTuiApp(store=store, demo=True, settings=Settings(poll_interval=0.2))


async def test_set_from_the_browser_brings_the_port_down_and_u_puts_it_back(mib_store: Any) -> None:
    app = demo_app(mib_store)
    async with app.run_test(size=(120, 40)) as pilot:
        browser = await connected(pilot)
        browser.start_walk(IF_ENTRY)
        await idle_walk(pilot)
        assert browser.model.values[IF_ADMIN + (3,)] == 1
        browser.oid_tree.reveal(IF_ADMIN + (3,), "instance")
        await idle_walk(pilot)  # revealing may fetch what it opens
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, SetDialog))
        dialog = app.screen
        assert isinstance(dialog, SetDialog) and dialog.query_one(Input).value == "up"
        dialog.query_one(Input).value = "down"
        await pilot.press("enter")
        assert dialog.confirming and "-c ****" in str(dialog.query_one("#set-confirm").render())
        await pilot.press("y")
        await wait_for(pilot, lambda: "u puts it back" in browser.status_bar.message.plain)
        await wait_for(pilot, lambda: browser.model.values.get(IF_ADMIN + (3,)) == 2)
        browser.start_walk(IF_OPER)
        await idle_walk(pilot)
        assert browser.model.values[IF_OPER + (3,)] == 2  # the demo follows ifAdminStatus
        await pilot.press("u")
        await wait_for(pilot, lambda: browser.model.values.get(IF_ADMIN + (3,)) == 1)
        assert "back to up(1)" in browser.status_bar.message.plain


async def test_set_refuses_a_read_only_object(mib_store: Any) -> None:
    app = demo_app(mib_store)
    async with app.run_test(size=(120, 40)) as pilot:
        browser = await connected(pilot)
        browser.start_walk(IF_ENTRY + (2,))
        await idle_walk(pilot)
        browser.oid_tree.reveal(IF_ENTRY + (2, 1), "instance")
        await pilot.pause(0.1)
        await idle_walk(pilot)
        await pilot.press("s")
        await wait_for(pilot, lambda: "read-only (MAX-ACCESS)" in browser.status_bar.message.plain)
        assert not isinstance(app.screen, SetDialog)


async def test_p_watches_a_counter_with_a_rate_and_I_opens_the_dashboard(mib_store: Any) -> None:
    app = demo_app(mib_store)
    async with app.run_test(size=(120, 40)) as pilot:
        browser = await connected(pilot)
        browser.start_walk(HC_IN)
        await idle_walk(pilot)
        browser.oid_tree.reveal(HC_IN + (1,), "instance")
        await idle_walk(pilot)
        await pilot.press("p")
        assert browser.watch_dock.display
        pane = browser.query_one(WatchPane)
        await wait_for(pilot, lambda: len(list(pane.watch.entries[0].series.rates())) >= 2)
        table = pane.query_one(LineTable)
        assert table.row_count == 1
        assert "bit/s" in table.cell_text(pane.watch.entries[0].oid, "rate")
        await pilot.press("P")
        assert not browser.watch_dock.display
        await pilot.press("I")
        await wait_for(pilot, lambda: isinstance(app.screen, InterfacesScreen) and app.screen.updates >= 1)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is browser)


async def test_the_whole_device_walk_covers_oids_outside_1_3(tmp_path: Path) -> None:
    snapshot = tmp_path / "lldp.snmprec"
    snapshot.write_text(
        "1.0.8802.1.1.2.1.4.1.1.9.0.1.1|4|core-sw-2\n"
        "1.2.840.10006.300.43.1.1.1.1.2.1|2|1\n"
        "1.3.6.1.2.1.1.1.0|4|test device\n"
        "1.3.6.1.2.1.1.3.0|67|123\n"
        "1.3.6.1.2.1.1.5.0|4|lab-1\n"
    )
    store = load_mibs(dirs=[str(SHARED_MIBS / "netsnmp"), str(SHARED_MIBS / "ietf-extra")],
                      cache_dir=tmp_path / "cache")  # fmt: skip
    app = SnmpTuiApp(store=store, offline=str(snapshot))
    async with app.run_test(size=(120, 40)) as pilot:
        browser = await connected(pilot)
        browser.oid_tree.move_cursor(browser.oid_tree.root)
        await pilot.press("w")
        await idle_walk(pilot)
        assert len(browser.model) == 5
        assert "5 varbinds" in browser.status_bar.message.plain
        node = browser.oid_tree.reveal((1, 0, 8802, 1, 1, 2, 1, 4, 1, 1, 9, 0, 1, 1), "instance")
        assert node is not None and "lldpRemSysName" in node.label.plain
