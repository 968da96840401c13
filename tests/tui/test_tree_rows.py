"""New row and delete row from the browser's tree on the demo's snmpTargetAddrTable (SNMP-TARGET-MIB)."""

from __future__ import annotations

from typing import Any


from core import SnmpSession
from snmptui.app import SnmpTuiApp
from snmptui.screens.row_dialog import DeleteRowDialog, NewRowDialog
from snmptui.screens.table import TableScreen
from snmptui.settings import Settings
from tui.tui_helpers import connected, fill_new_row, idle_walk, wait_for

TABLE = (1, 3, 6, 1, 6, 3, 12, 1, 2)
STATUS = TABLE + (1, 9)
PARAMS = TABLE + (1, 7)
ROW = tuple(b"nms-lab")
IF_TABLE = (1, 3, 6, 1, 2, 1, 2, 2)


def demo_app(store: Any) -> SnmpTuiApp:
    return SnmpTuiApp(store=store, demo=True, settings=Settings(poll_interval=0.2))


def read_status(app: SnmpTuiApp, suffix: tuple[int, ...]) -> dict[str, Any]:
    with SnmpSession("127.0.0.1", app.embedded_agent.port) as session:  # the read community
        return session.get_many([".".join(map(str, STATUS + suffix))])


async def test_new_row_from_the_tree_then_delete_it_from_the_tree_and_a_permanent_row_stays(mib_store: Any) -> None:
    app = demo_app(mib_store)
    async with app.run_test(size=(120, 40)) as pilot:
        browser = await connected(pilot)
        browser.oid_tree.reveal(TABLE)
        await idle_walk(pilot)
        await pilot.press("plus_sign")
        await wait_for(pilot, lambda: isinstance(app.screen, NewRowDialog))
        dialog = app.screen
        fill_new_row(dialog, "nms-lab", "0xc00002630fa2", "v2c-traps")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: browser.model.values.get(STATUS + ROW) == 1)  # the table walked again
        await idle_walk(pilot)
        assert browser.model.values[PARAMS + ROW] == b"v2c-traps"
        assert list(read_status(app, ROW).values()) == [1]

        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, TableScreen))
        table = app.screen
        assert isinstance(table, TableScreen)
        await wait_for(pilot, lambda: table.rows.position(ROW) is not None and not table.waiting)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is browser)

        browser.oid_tree.reveal(PARAMS + ROW, "instance")
        await pilot.pause(0.1)
        assert browser.oid_tree.node_for(PARAMS + ROW, "instance") is not None
        await pilot.press("delete")
        await wait_for(pilot, lambda: isinstance(app.screen, DeleteRowDialog))
        confirm = app.screen
        assert isinstance(confirm, DeleteRowDialog) and confirm.command.endswith(" i 6")
        assert confirm.index_text == '[nms-lab]' and "-c ****" in confirm.command  # the write community masked
        await pilot.press("y")
        await wait_for(pilot, lambda: "deleted (destroy)" in browser.status_bar.message.plain)
        assert STATUS + ROW not in browser.model.values and PARAMS + ROW not in browser.model.values
        assert browser.oid_tree.node_for(PARAMS + ROW, "instance") is None
        assert PARAMS + tuple(b"nms-main") in browser.model.values  # the other rows stay
        assert read_status(app, ROW) == {}

        factory = tuple(b"factory-collector")  # StorageType permanent: the agent refuses destroy
        browser.oid_tree.reveal(STATUS + factory, "instance")
        await pilot.pause(0.1)
        await pilot.press("delete")
        await wait_for(pilot, lambda: isinstance(app.screen, DeleteRowDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: "failed: inconsistentValue" in browser.status_bar.message.plain)
        assert browser.model.values[STATUS + factory] == 1
        assert list(read_status(app, factory).values()) == [1]


async def test_rows_need_a_row_status_table(mib_store: Any) -> None:
    app = demo_app(mib_store)
    async with app.run_test(size=(120, 40)) as pilot:
        browser = await connected(pilot)
        browser.oid_tree.reveal(IF_TABLE)
        await pilot.pause(0.1)
        await pilot.press("plus_sign")
        await wait_for(pilot, lambda: "ifTable has no RowStatus column" in browser.status_bar.message.plain)
        browser.oid_tree.reveal(TABLE)
        await pilot.pause(0.1)
        await pilot.press("delete")
        await wait_for(pilot, lambda: "select an instance of the row" in browser.status_bar.message.plain)
        assert app.screen is browser
