"""Pilot tests of the table view: t on ifTable, joins, sort, filter, columns, export, sparse and
IMPLIED-indexed tables, and a 100k-row table that scrolls (rows are drawn only on screen)."""

from __future__ import annotations

import csv
import json

import pytest
from pathlib import Path
from typing import Any

from core.agent import start_background
from core.table import TableSpec
from core.types import Counter32, Gauge32
from snmptui.screens.table import TableScreen
from snmptui.widgets.table_grid import TableGrid, _thumb_start
from tui.tui_helpers import connected, make_app, spec_for, wait_for

MIB2 = (1, 3, 6, 1, 2, 1)
IF_ENTRY = MIB2 + (2, 2, 1)
IF_DESCR = IF_ENTRY + (2,)


async def _open_table(pilot: Any, oid: tuple[int, ...]) -> TableScreen:
    browser = await connected(pilot)
    assert browser.oid_tree.reveal(oid) is not None
    await pilot.press("t")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, TableScreen))
    screen = pilot.app.screen
    assert isinstance(screen, TableScreen)
    await wait_for(pilot, lambda: not screen.busy and len(screen.rows) > 0, timeout=30)
    return screen


def _column(screen: TableScreen, name: str) -> int:
    return [c.name for c in screen.model.visible_columns()].index(name)


async def _answer(pilot: Any, text: str) -> None:
    """Type ``text`` into the prompt that is open (all at once) and press enter."""
    from textual.widgets import Input

    await wait_for(pilot, lambda: bool(pilot.app.screen.query(Input)))
    pilot.app.screen.query_one(Input).value = text
    await pilot.press("enter")


def _lines(screen: TableScreen) -> list[str]:
    grid = screen.grid
    return [grid.render_line(y).text for y in range(grid.size.height)]


async def test_t_on_iftable_shows_a_row_per_interface_with_decoded_index_and_ifname(mib_store: Any, demo_spec: Any) -> None:
    app = make_app(mib_store, demo_spec)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_table(pilot, IF_DESCR)
        assert screen.spec.table.name == "ifTable"
        assert len(screen.rows) == 28 and [t.name for t in screen.rows.joins] == ["ifXTable"]
        names = [c.name for c in screen.model.visible_columns()]
        assert names[0] == "ifIndex" and screen.model.visible_columns()[0].frozen
        assert names.count("ifIndex") == 1  # the served ifIndex column repeats the index: hidden
        assert "ifName" in names and "ifHCInOctets" in names
        position = screen.model.position(0)
        assert screen.model.text(position, -1) == "1"
        assert screen.model.text(position, screen.model.visible_columns()[_column(screen, "ifName")].key)
        lines = _lines(screen)
        assert lines[0].split()[0] == "ifIndex" and lines[1].split()[0] == "1"
        assert all(len(line) <= 80 for line in lines)
        # enumerations by their label, the index column stays while the data scrolls right
        status = screen.model.visible_columns()[_column(screen, "ifOperStatus")].key
        assert screen.model.text(position, status) in ("up", "down", "testing", "dormant", "lowerLayerDown")
        screen.grid.move_to(0, _column(screen, "ifHCInOctets"))
        await pilot.pause()
        assert _lines(screen)[1].split()[0] == "1" and screen.grid.scroll_offset.x > 0
        # enter: the cell's instance in the detail pane; copy the cell and the row
        screen.grid.move_to(2, _column(screen, "ifDescr"))
        await pilot.press("enter")
        assert screen.detail.display and "ifDescr.3" in screen.detail.text
        await pilot.press("y")
        assert app.clipboard == screen.model.text(screen.model.position(2), 1)
        await pilot.press("Y")
        assert app.clipboard.split("\t")[:2] == ["3", screen.model.text(screen.model.position(2), 1)]
        await pilot.press("escape")  # closes the detail, then the view
        assert not screen.detail.display
        await pilot.press("escape")
        assert not isinstance(app.screen, TableScreen)


async def test_sort_filter_column_picker_and_export(mib_store: Any, demo_spec: Any, tmp_path: Path) -> None:
    app = make_app(mib_store, demo_spec)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open_table(pilot, IF_DESCR)
        model = screen.model
        speed = model.visible_columns()[_column(screen, "ifSpeed")].key
        screen.grid.move_to(0, _column(screen, "ifSpeed"))
        await pilot.press("s")
        values = [model.value(model.position(n), speed) for n in range(len(model))]
        assert values == sorted(values) and len(set(values)) > 1
        await pilot.press("s")
        values = [model.value(model.position(n), speed) for n in range(len(model))]
        assert values == sorted(values, reverse=True)
        await pilot.press("r")  # a refresh while sorted
        await wait_for(pilot, lambda: not screen.busy and len(screen.rows) == 28)
        assert len(model) == 28 and "sorted by ifSpeed" in str(screen.title_bar.render())
        await pilot.press("s")  # third time: arrival order again
        assert [model.position(n) for n in range(len(model))] == list(range(28))

        await pilot.press("slash")
        await _answer(pilot, "ifOperStatus = down")
        status = model.visible_columns()[_column(screen, "ifOperStatus")].key
        down = [p for p in range(len(screen.rows)) if screen.rows.cell(p, status) == 2]
        assert down and len(model) == len(down) < 28
        assert all(model.text(model.position(n), status) == "down" for n in range(len(model)))
        assert "ifOperStatus = down" in str(screen.title_bar.render())
        await pilot.press("slash")
        await _answer(pilot, "ifInErrors > 0")
        errors = model.visible_columns()[_column(screen, "ifInErrors")].key
        assert all(model.value(model.position(n), errors) > 0 for n in range(len(model)))
        await pilot.press("slash")
        await _answer(pilot, "nosuchcolumn > 1")
        assert "no column" in screen.status_bar.render().plain

        await pilot.press("c")
        await pilot.press("space", "enter")  # the first data column (ifIndex, hidden) on
        assert [c.name for c in model.visible_columns() if not c.frozen][0] == "ifIndex"
        await pilot.press("c")
        await pilot.press("space", "down", "space", "enter")  # ifIndex off again, ifDescr off
        assert [c.name for c in model.visible_columns() if not c.frozen][0] == "ifType"
        await pilot.press("c")
        await pilot.press("down", "space", "enter")  # ifDescr on again
        await pilot.press("slash")
        await _answer(pilot, "")
        assert len(model) == 28
        target = tmp_path / "interfaces.csv"
        await pilot.press("e")
        await _answer(pilot, str(target))
        await wait_for(pilot, lambda: target.exists())
        rows = list(csv.reader(target.open()))
        assert rows[0][:3] == ["ifIndex", "ifDescr", "ifType"] and "ifName" in rows[0]
        assert len(rows) == 29 and rows[1][0] == "1"
        descr = rows[0].index("ifDescr")
        assert rows[1][descr] == screen.model.text(0, 1)
        as_json = tmp_path / "interfaces.json"
        await pilot.press("e")
        await _answer(pilot, str(as_json))
        await wait_for(pilot, lambda: as_json.exists() and as_json.stat().st_size > 0)
        items = json.loads(as_json.read_text())
        assert len(items) == 28 and items[0]["index"] == {"ifIndex": 1}

        # J: join dot3StatsTable (INDEX dot3StatsIndex, an InterfaceIndex) on request
        from textual.widgets import SelectionList

        await pilot.press("J")
        await wait_for(pilot, lambda: bool(app.screen.query(SelectionList)))
        picker = app.screen.query_one(SelectionList)
        wanted = next(n for n, (t, _) in enumerate(screen.candidates) if t.name == "dot3StatsTable")
        picker.select(wanted)
        await pilot.press("enter")
        await wait_for(pilot, lambda: not screen.busy and "dot3StatsTable" in [t.name for t in screen.rows.joins])
        names = [c.name for c in screen.model.visible_columns()]
        assert "dot3StatsFCSErrors" in names and "ifName" in names and len(screen.rows) == 28


def _agent(pairs: list[tuple[str, Any]]) -> Any:
    system = [("1.3.6.1.2.1.1.1.0", b"table test"), ("1.3.6.1.2.1.1.5.0", b"t")]
    return start_background(system + pairs)


async def test_a_sparse_table_shows_missing_cells(mib_store: Any) -> None:
    entry = "1.3.6.1.2.1.2.2.1"
    pairs = [(f"{entry}.1.{i}", i) for i in (1, 2, 3)] + [(f"{entry}.2.1", b"lo"), (f"{entry}.2.3", b"eth1")]
    pairs += [(f"{entry}.10.2", Counter32(7)), (f"{entry}.1.9", 9)]
    with _agent(pairs) as agent:
        app = make_app(mib_store, spec_for(agent.port))
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await _open_table(pilot, IF_DESCR)
            assert len(screen.rows) == 4
            descr = _column(screen, "ifDescr")
            assert screen.model.text(1, screen.model.visible_columns()[descr].key) is None
            line = _lines(screen)[2]
            assert line.split()[:2] == ["2", "?"]


async def test_a_table_with_an_implied_string_index(mib_store: Any) -> None:
    entry = "1.3.6.1.6.3.12.1.2.1"  # snmpTargetAddrEntry: INDEX { IMPLIED snmpTargetAddrName }
    pairs = []
    for name in (b"nms-east", b"nms"):
        suffix = ".".join(str(b) for b in name)
        pairs += [(f"{entry}.2.{suffix}", "1.3.6.1.6.1.1"), (f"{entry}.3.{suffix}", b"\xc0\x00\x02\x01\x00\xa2")]
    with _agent(pairs) as agent:
        app = make_app(mib_store, spec_for(agent.port))
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await _open_table(pilot, tuple(int(a) for a in entry.split(".")))
            assert screen.spec.table.name == "snmpTargetAddrTable"
            names = {screen.model.text(p, -1) for p in range(len(screen.rows))}
            assert names == {"nms-east", "nms"} or names == {'"nms-east"', '"nms"'}


async def _big_table_scrolls(mib_store: Any, count: int) -> None:
    entry = "1.3.6.1.2.1.2.2.1"
    pairs = []
    for i in range(1, count + 1):
        pairs.append((f"{entry}.5.{i}", Gauge32(i * 10)))
    with _agent(pairs) as agent:
        spec = spec_for(agent.port, "-Cr", "50")
        app = make_app(mib_store, spec)
        async with app.run_test(size=(80, 24)) as pilot:
            await connected(pilot)
            # the view alone (as t opens it where the tree has walked nothing of the table)
            screen = TableScreen(app.context, TableSpec.of(mib_store, "ifTable"))
            app.push_screen(screen)
            await wait_for(pilot, lambda: len(screen.rows) > 0 and not screen.busy, timeout=60)
            assert len(screen.rows) == count
            drawn: list[int] = []
            original = screen.model.texts

            def counting(position: int, keys: Any = None) -> dict[int, str | None]:
                drawn.append(position)
                return original(position, keys)

            screen.model.texts = counting  # type: ignore[method-assign]
            await pilot.press("end")
            await pilot.pause()
            assert screen.grid.cursor_line == count - 1
            assert _lines(screen)[-1].split()[0] == str(count)
            grid, bar = screen.grid, screen.grid.vertical_scrollbar
            at_end = bar.position
            assert at_end == grid.scroll_y > 0
            await pilot.press("pageup", "up", "up")
            await pilot.pause()
            assert 0 < len(set(drawn)) < 200  # only the rows on screen were ever drawn
            assert isinstance(screen.grid, TableGrid)
            # a few lines do not move the thumb: the scrollbar is not told (nor repainted)
            assert grid.scroll_y < at_end and bar.position == at_end
            assert _thumb_start(bar, bar.position) == _thumb_start(bar, grid.scroll_y)
            await pilot.hover(bar)  # a drag would start from the grid's own position
            await pilot.pause()
            assert bar.position == grid.scroll_y
            await pilot.press("home")
            await pilot.pause()
            assert bar.position == grid.scroll_y == 0


async def test_a_big_table_is_drawn_only_where_it_shows(mib_store: Any) -> None:
    await _big_table_scrolls(mib_store, 20_000)


@pytest.mark.slow
async def test_a_100k_row_table_is_drawn_only_where_it_shows(mib_store: Any) -> None:
    await _big_table_scrolls(mib_store, 100_000)


async def test_the_view_follows_the_tree_walk_instead_of_walking_again(mib_store: Any, demo_spec: Any) -> None:
    app = make_app(mib_store, demo_spec)
    async with app.run_test(size=(100, 30)) as pilot:
        browser = await connected(pilot)
        browser.start_walk(MIB2 + (2,))  # interfaces: ifTable among them
        assert browser.oid_tree.reveal(IF_DESCR) is not None
        await pilot.press("t")
        screen = pilot.app.screen
        assert isinstance(screen, TableScreen)
        await wait_for(pilot, lambda: not screen.busy and len(screen.rows) == 28, timeout=30)
        assert IF_ENTRY not in screen.own_walks  # the tree's walk filled it (ifXTable is the view's)


async def test_a_user_keymap_rebinds_a_table_key(private_config: Path, mib_store: Any, demo_spec: Any) -> None:
    from snmptui.app import SnmpTuiApp

    config = private_config / "snmptui" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('[keymap]\ntable_sort = "o"\ntable_down = "ctrl+n"\n')
    app = SnmpTuiApp(demo_spec, store=mib_store)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open_table(pilot, IF_DESCR)
        screen.grid.move_to(0, _column(screen, "ifSpeed"))
        await pilot.press("s")  # no longer bound
        assert screen.model.sort is None
        await pilot.press("o")
        assert screen.model.sort is not None and screen.model.sort[1] is False
        screen.grid.move_to(0)
        await pilot.press("j")  # the vi key went with the default
        assert screen.grid.cursor_line == 0
        await pilot.press("ctrl+n")
        assert screen.grid.cursor_line == 1


async def test_rows_only_a_joined_table_has_are_shown_and_marked(mib_store: Any) -> None:
    """ifTable has rows 1-3; its AUGMENTS partner ifXTable also has 7 (an agent inconsistency),
    dot3StatsTable (joined on request by its shared INDEX) 2, 3 and 5: rows 7 and 5 show, their
    ifTable cells marked as not in ifTable, and enter says which case it is."""
    from textual.widgets import SelectionList

    from snmptui.table_model import NOT_IN_TABLE

    if_entry, ifx_entry, dot3_entry = "1.3.6.1.2.1.2.2.1", "1.3.6.1.2.1.31.1.1.1", "1.3.6.1.2.1.10.7.2.1"
    pairs: list[tuple[str, Any]] = [(f"{if_entry}.2.{i}", b"eth%d" % i) for i in (1, 2, 3)]
    pairs += [(f"{ifx_entry}.1.{i}", b"e%d" % i) for i in (1, 2, 3, 7)]
    pairs += [(f"{dot3_entry}.2.{i}", Counter32(i)) for i in (2, 3, 5)]
    with _agent(pairs) as agent:
        app = make_app(mib_store, spec_for(agent.port))
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await _open_table(pilot, IF_DESCR)
            assert [screen.rows.suffix(p) for p in range(len(screen.rows))] == [(1,), (2,), (3,), (7,)]
            assert "1 row not in ifTable" in str(screen.title_bar.render())
            descr = screen.model.visible_columns()[_column(screen, "ifDescr")].key
            assert screen.model.absent_text(3, descr) == NOT_IN_TABLE and screen.model.text(3, -1) == "7"
            assert _lines(screen)[4].split()[:2] == ["7", NOT_IN_TABLE]
            screen.grid.move_to(3, _column(screen, "ifDescr"))
            await pilot.press("enter")
            assert "No ifTable row ifIndex = 7" in screen.detail.text and "inconsistency" in screen.detail.text

            await pilot.press("J")
            await wait_for(pilot, lambda: bool(app.screen.query(SelectionList)))
            picker = app.screen.query_one(SelectionList)
            picker.select(next(n for n, (t, _) in enumerate(screen.candidates) if t.name == "dot3StatsTable"))
            await pilot.press("enter")
            await wait_for(pilot, lambda: not screen.busy and "dot3StatsTable" in [t.name for t in screen.rows.joins])
            assert sorted(screen.rows.suffix(p) for p in range(len(screen.rows))) == [(1,), (2,), (3,), (5,), (7,)]
            assert "2 rows not in ifTable" in str(screen.title_bar.render())
            five = screen.rows.position((5,))
            assert five is not None and [t.name for t in screen.rows.only_in(five)] == ["dot3StatsTable"]
            line = next(n for n in range(len(screen.model)) if screen.model.position(n) == five)
            screen.grid.move_to(line, _column(screen, "ifDescr"))
            await pilot.press("enter")
            assert "only dot3StatsTable has this row" in screen.detail.text and "normal" in screen.detail.text
            one = screen.rows.position((1,))
            assert one is not None and screen.model.absent_text(one, descr) == "?"
