"""New row and delete row from the browser's tree on the demo's snmpTargetAddrTable (SNMP-TARGET-MIB)."""

from __future__ import annotations

from contextlib import asynccontextmanager
from typing import Any, AsyncIterator


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


def expand(browser: Any, oid: tuple[int, ...]) -> Any:
    node = browser.oid_tree.reveal(oid)
    assert node is not None
    node.expand()
    return node


async def target_columns_expanded(pilot: Any) -> Any:
    """The browser once snmpTargetAddrTable was walked, its Params and RowStatus columns open."""
    browser = await connected(pilot)
    browser.oid_tree.reveal(TABLE)
    await idle_walk(pilot)
    for oid in (TABLE, TABLE + (1,), PARAMS, STATUS):
        expand(browser, oid)
    await pilot.pause(0.1)
    return browser


def instances_shown(browser: Any, column: tuple[int, ...]) -> list[tuple[int, ...]]:
    node = browser.oid_tree.node_for(column)
    return [child.data.oid[len(column):] for child in node.children if child.data.kind == "instance"]


async def test_rows_created_and_gone_in_the_table_view_follow_in_the_expanded_tree(mib_store: Any) -> None:
    """Rows made with n, destroyed with delete and found gone by r in the table view show
    in the tree's expanded columns at once; nothing else of the tree is rebuilt. Deleting
    the row under the tree's cursor moves the cursor to a neighbouring row."""
    app = demo_app(mib_store)
    async with app.run_test(size=(120, 40)) as pilot:
        browser = await target_columns_expanded(pilot)
        tree = browser.oid_tree
        system = expand(browser, (1, 3, 6, 1, 2, 1, 1))  # expanded elsewhere: must stay so, the same node
        await pilot.pause(0.1)
        main = tuple(b"nms-main")
        factory = tuple(b"factory-collector")
        tree.move_cursor(tree.node_for(PARAMS + main, "instance"))
        params_node = tree.node_for(PARAMS)
        assert set(instances_shown(browser, PARAMS)) == {main, factory}

        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, TableScreen))
        table = app.screen
        assert isinstance(table, TableScreen)
        await wait_for(pilot, lambda: not table.waiting)
        for name in ("nms-a", "nms-b"):
            await pilot.press("n")
            await wait_for(pilot, lambda: isinstance(app.screen, NewRowDialog))
            fill_new_row(app.screen, name, "0xc00002630fa2", "v2c-traps")
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: app.screen is table and f"{name}] created" in table.status_bar.message.plain)
        row_a, row_b = tuple(b"nms-a"), tuple(b"nms-b")
        assert table.rows.position(row_a) is not None and table.rows.position(row_b) is not None
        assert set(instances_shown(browser, PARAMS)) == {main, factory, row_a, row_b}  # no walk, no reload
        assert tree.node_for(STATUS + row_a, "instance") is not None

        # another manager destroys nms-a; r in the table view finds it gone
        community = app.embedded_write.reveal()
        with SnmpSession("127.0.0.1", app.embedded_agent.port, community=community) as session:
            session.set_many({".".join(map(str, STATUS + row_a)): 6})
        await pilot.press("r")
        await wait_for(pilot, lambda: table.rows.position(row_a) is None and not table.waiting)
        assert set(instances_shown(browser, PARAMS)) == {main, factory, row_b}
        assert tree.node_for(STATUS + row_a, "instance") is None and tree.node_for(PARAMS + row_a, "instance") is None

        # delete nms-b from the table view
        position = table.rows.position(row_b)
        table.grid.move_to(next(n for n in range(len(table.model)) if table.model.position(n) == position))
        await pilot.press("delete")
        await wait_for(pilot, lambda: isinstance(app.screen, DeleteRowDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: "deleted (destroy)" in table.status_bar.message.plain)
        assert set(instances_shown(browser, PARAMS)) == {main, factory}
        assert tree.node_for(STATUS + row_b, "instance") is None

        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is browser)
        assert tree.node_for(PARAMS) is params_node and tree.node_for((1, 3, 6, 1, 2, 1, 1)) is system
        assert system.is_expanded and params_node.is_expanded
        assert tree.cursor_node is tree.node_for(PARAMS + main, "instance")  # the cursor stayed on its row

        # delete in the tree the row under the cursor, the column's last: it goes to the row before
        before = tree.node_for(PARAMS + factory, "instance")
        status_node = tree.node_for(STATUS)
        assert instances_shown(browser, PARAMS)[-1] == main
        await pilot.press("delete")
        await wait_for(pilot, lambda: isinstance(app.screen, DeleteRowDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: "deleted (destroy)" in browser.status_bar.message.plain)
        assert instances_shown(browser, PARAMS) == [factory] and instances_shown(browser, STATUS) == [factory]
        assert tree.cursor_node is before and tree.node_for(STATUS) is status_node and status_node.is_expanded


@asynccontextmanager
async def paged_column(mib_store: Any, indexes: tuple[int, ...]) -> AsyncIterator[tuple[Any, Any, Any]]:
    """The browser on an embedded agent with ifDescr at ``indexes``, that column expanded."""
    from core.agent import start_background
    from tui.tui_helpers import make_app, spec_for

    entry = IF_TABLE + (1,)
    descr = entry + (2,)
    pairs = [("1.3.6.1.2.1.1.5.0", b"t")] + [(".".join(map(str, descr + (i,))), b"eth%d" % i) for i in indexes]
    with start_background(pairs) as agent:
        app = make_app(mib_store, spec_for(agent.port))
        async with app.run_test(size=(120, 40)) as pilot:
            browser = await connected(pilot)
            browser.oid_tree.reveal(IF_TABLE)
            await idle_walk(pilot)
            for oid in (IF_TABLE, entry, descr):
                expand(browser, oid)
            await idle_walk(pilot)
            await pilot.pause(0.1)
            yield app, pilot, browser


async def test_a_paged_column_counts_what_is_left_after_rows_go(mib_store: Any, monkeypatch: Any) -> None:
    from snmptui.widgets.oid_tree import OidTree

    monkeypatch.setattr(OidTree, "PAGE", 2)
    async with paged_column(mib_store, (1, 2, 3, 4, 5)) as (app, pilot, browser):
        entry = IF_TABLE + (1,)
        descr = entry + (2,)
        column = browser.oid_tree.node_for(descr)

        def shown() -> list[str]:
            return [str(child.label) for child in column.children]

        assert len(shown()) == 3 and shown()[-1].startswith("… 3 more")
        assert app.context.forget_rows(entry, [(1,), (4,)]) == 2
        assert instances_shown(browser, descr) == [(2,)] and shown()[-1].startswith("… 2 more")
        assert column.children[-1].data.start == 1
        assert app.context.forget_rows(entry, [(3,), (5,)]) == 2
        assert shown() == [str(browser.oid_tree.node_for(descr + (2,), "instance").label)]  # nothing more


async def test_rows_that_sort_among_a_full_page_push_the_last_into_more(mib_store: Any, monkeypatch: Any) -> None:
    """New instances landing among the shown ones of a full page: the page stays a page,
    what it pushes off is counted by "N more", and opening "more" lists each once."""
    from snmptui.widgets.oid_tree import OidTree

    monkeypatch.setattr(OidTree, "PAGE", 2)
    async with paged_column(mib_store, (4, 6)) as (app, pilot, browser):
        descr = IF_TABLE + (1, 2)
        tree = browser.oid_tree
        column = tree.node_for(descr)

        def labels() -> list[str]:
            return [str(child.label) for child in column.children]

        assert instances_shown(browser, descr) == [(4,), (6,)] and len(labels()) == 2  # a full page, no more
        tree.move_cursor(tree.node_for(descr + (6,), "instance"))
        await pilot.pause()
        assert tree.cursor_node is tree.node_for(descr + (6,), "instance")
        app.context.add_rows([(descr + (5,), b"eth5")])  # among the shown
        assert instances_shown(browser, descr) == [(4,), (5,)] and labels()[-1].startswith("… 1 more")
        assert tree.cursor_node is column.children[-1]  # the cursor's instance went into "more"
        app.context.add_rows([(descr + (1,), b"eth1"), (descr + (9,), b"eth9")])  # before all, after all
        assert instances_shown(browser, descr) == [(1,), (4,)] and labels()[-1].startswith("… 3 more")
        more = column.children[-1]
        assert more.data.start == 2
        tree.select_node(more)
        await pilot.pause()
        assert instances_shown(browser, descr) == [(1,), (4,), (5,), (6,)] and labels()[-1].startswith("… 1 more")
        tree.select_node(column.children[-1])
        await pilot.pause()
        assert instances_shown(browser, descr) == [(1,), (4,), (5,), (6,), (9,)] and len(labels()) == 5
        app.context.add_rows([(descr + (2,), b"eth2")])  # all were open: they stay open, the rest is "more"
        assert instances_shown(browser, descr) == [(1,), (2,), (4,), (5,), (6,)] and labels()[-1].startswith("… 1 more")
