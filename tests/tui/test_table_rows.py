"""The table view creates and deletes RowStatus rows on snmpd, and watches a row's cells."""

from __future__ import annotations

from typing import Any

import pytest

from core import SnmpSession
from snmptui.screens.row_dialog import DeleteRowDialog, NewRowDialog
from snmptui.screens.table import TableScreen
from snmpd_fixture import SnmpdFactory
from tui.tui_helpers import connected, fill_new_row, idle_walk, make_app, spec_for, wait_for

TARGET_ADDR_TABLE = (1, 3, 6, 1, 6, 3, 12, 1, 2)
STATUS = (1, 3, 6, 1, 6, 3, 12, 1, 2, 1, 9)
ROW = tuple(b"nms-1")


async def test_new_row_then_delete_row_from_the_table_view(
    mib_store: Any, snmpd_factory: SnmpdFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    agent = snmpd_factory("view writeview included .1.3.6.1.6.3.12\n")
    monkeypatch.setenv("SNMPTUI_WRITE_COMMUNITY", "private")
    app = make_app(mib_store, spec_for(agent.port))
    async with app.run_test(size=(120, 40)) as pilot:
        browser = await connected(pilot)
        browser.oid_tree.reveal(TARGET_ADDR_TABLE)
        await pilot.pause(0.1)
        await idle_walk(pilot)
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, TableScreen))
        table = app.screen
        assert isinstance(table, TableScreen)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, NewRowDialog))
        dialog = app.screen
        fill_new_row(dialog, "nms-1", "0x7f0000010fa2", "params-1")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "created (createAndGo)" in table.status_bar.message.plain)
        with SnmpSession("127.0.0.1", agent.port) as session:
            assert session.get(".".join(map(str, STATUS + ROW))) == 1  # active
        rows_before = len(table.rows)
        position = table.rows.position(ROW)  # read back at once: no r needed
        assert position is not None and len(table.model) == rows_before
        assert table.rows.cell(position, [c.name for c in table.rows.columns].index("snmpTargetAddrRowStatus")) == 1
        line = next(n for n in range(len(table.model)) if table.model.position(n) == position)
        table.grid.move_to(line)
        await pilot.press("delete")
        await wait_for(pilot, lambda: isinstance(app.screen, DeleteRowDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: "deleted (destroy)" in table.status_bar.message.plain)
        with SnmpSession("127.0.0.1", agent.port) as session:
            assert session.get_many([".".join(map(str, STATUS + ROW))]) == {}
        assert table.rows.position(ROW) is None  # gone at once, with the grid's rows
        assert len(table.rows) == rows_before - 1 and len(table.model) == len(table.rows)
        await pilot.press("r")  # a complete walk agrees
        await wait_for(pilot, lambda: not table.waiting)
        assert table.rows.position(ROW) is None and len(table.rows) == rows_before - 1
