"""Pilot tests of the table view compared with a snapshot file: marks exactly on the planted
differences (cells ~, rows + and -), the detail's before and now, differences only, rows
aligned by a column's value (renumbered ports), and t from the diff screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Input

from core.oid import format_oid, oid_key
from core.snapshot.export import export_records
from core.snapshot.model import Record
from core.snapshot.table_diff import RowStatus
from snmptui.palette import palette_entries
from snmptui.screens.table import TableScreen
from snmptui.snapshot_jobs import model_records
from tui.tui_helpers import connected, make_app, wait_for

MIB2 = (1, 3, 6, 1, 2, 1)
IF_ENTRY = MIB2 + (2, 2, 1)
IFX_ENTRY = MIB2 + (31, 1, 1, 1)
IF_DESCR, IF_MTU, IF_NAME = IF_ENTRY + (2,), IF_ENTRY + (4,), IFX_ENTRY + (1,)


async def open_iftable(pilot: Any) -> TableScreen:
    browser = await connected(pilot)
    assert browser.oid_tree.reveal(IF_DESCR) is not None
    await pilot.press("t")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, TableScreen))
    screen = pilot.app.screen
    await wait_for(pilot, lambda: not screen.busy and len(screen.rows) == 28, timeout=30)
    return screen


def write_snapshot(path: Path, values: dict[tuple[int, ...], Any]) -> None:
    export_records(sorted((Record(format_oid(o), v) for o, v in values.items()), key=lambda r: oid_key(r.oid)), path)


async def compare(pilot: Any, screen: TableScreen, path: Path, ok: bool = True) -> None:
    await pilot.press("D")
    await wait_for(pilot, lambda: bool(pilot.app.screen.query(Input)))
    pilot.app.screen.query_one(Input).value = str(path)
    await pilot.press("enter")
    if ok:
        await wait_for(pilot, lambda: screen.comparison is not None and screen.comparison.path == path)
    else:
        await wait_for(pilot, lambda: screen.status_bar.failed)
    await pilot.pause()


def key_of(screen: TableScreen, name: str) -> int:
    return next(c.key for c in screen.model.columns if c.name == name)


def grid_line(screen: TableScreen, index: int) -> str:
    """The text of the row with ifIndex ``index`` as the grid draws it (the data scrolled to
    the cursor's column)."""
    grid = screen.grid
    for y in range(1, grid.size.height):
        text = grid.render_line(y).text
        if text[2:].split() and text[2:].split()[0] == str(index):
            return text
    raise AssertionError(f"row {index} is not on screen")


async def test_marks_are_exactly_on_the_planted_differences(mib_store: Any, demo_spec: Any, tmp_path: Path) -> None:
    app = make_app(mib_store, demo_spec)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_iftable(pilot)
        values = {oid: v for oid, v in app.context.model.values.items()
                  if oid[: len(IF_ENTRY)] == IF_ENTRY or oid[: len(IFX_ENTRY)] == IFX_ENTRY}  # fmt: skip
        live_descr = values[IF_DESCR + (3,)]
        values[IF_DESCR + (3,)] = b"old-name"  # changed cell
        values[IF_MTU + (2,)] = 9000  # changed cell
        for oid in [o for o in values if o[-1] == 5]:  # row 5: new on the agent
            del values[oid]
        values[IF_ENTRY + (1, 999)], values[IF_DESCR + (999,)] = 999, b"gone-port"  # only in the snapshot
        snapshot = tmp_path / "before.snmprec"
        write_snapshot(snapshot, values)
        await compare(pilot, screen, snapshot)
        comparison = screen.comparison
        assert comparison is not None and screen.grid.marks is comparison
        live = screen.rows
        position = {live.suffix(p)[0]: p for p in range(len(live))}
        assert comparison.diff.changed == {position[3]: {key_of(screen, "ifDescr")},
                                           position[2]: {key_of(screen, "ifMtu")}}  # fmt: skip
        statuses = {live.suffix(p)[0]: comparison.diff.row_status(p) for p in range(len(live))}
        assert {i for i, s in statuses.items() if s is not RowStatus.SAME} == {2, 3, 5}
        assert statuses[5] is RowStatus.ADDED
        assert [(comparison.old.suffix(p), s) for p, s in comparison.diff.ghosts] == [((999,), RowStatus.REMOVED)]
        assert "vs before.snmprec: 2 changed, 1 removed, 1 added" in str(screen.title_bar.render())
        assert len(screen.model) == 29  # 28 of the agent and the snapshot's own row 999
        # the grid: a sign per row, ~ before the cells that differ, the snapshot's row greyed
        screen.grid.move_to(0, 0)
        await pilot.pause()
        row3 = grid_line(screen, 3)
        assert row3.startswith("~ ") and f"~{live_descr.decode()[:5]}" in row3
        assert grid_line(screen, 1).startswith("  ") and "~" not in grid_line(screen, 1)
        assert grid_line(screen, 5).startswith("+ ")
        screen.grid.move_to(28, 0)
        await pilot.pause()
        ghost = grid_line(screen, 999)
        assert ghost.startswith("- ") and "gone-port" in ghost
        ghost_strip = screen.grid.render_line(screen.grid.cursor_line - int(screen.grid.scroll_offset.y) + 1)
        assert any(seg.style is not None and seg.style.dim for seg in ghost_strip if "gone-port" in seg.text)
        # enter on a changed cell: before and now
        descr = [c.key for c in screen.model.visible_columns()].index(key_of(screen, "ifDescr"))
        screen.grid.move_to(screen.model.line_of(position[3]), descr)
        await pilot.press("enter")
        detail = " ".join(screen.detail.text.split())
        assert "~ differs from the snapshot" in detail
        assert "before old-name" in detail and f"now {live_descr.decode()}" in detail
        # differences only, and ] walks them
        await pilot.press("d")
        assert len(screen.model) == 4  # rows 2, 3, 5 and 999
        assert screen.comparison.differences_only and "differences only" in str(screen.title_bar.render())
        screen.grid.move_to(0, 0)
        await pilot.press("right_square_bracket")
        assert screen.grid.cursor_line == 1
        # the palette offers the comparison
        titles = [title for title, _keys, _binding in palette_entries(screen)]
        assert any(t.startswith("Compare this table with a snapshot file") for t in titles)
        assert any(t.startswith("Compare rows by the cursor's column value") for t in titles)
        # an export writes the agent's rows, not the snapshot's
        await pilot.press("d")
        out = tmp_path / "live.csv"
        screen._export_to(str(out))
        assert "gone-port" not in out.read_text(encoding="latin-1") and len(out.read_text().splitlines()) == 29
        # D with an empty name ends the comparison
        await pilot.press("D")
        await wait_for(pilot, lambda: bool(pilot.app.screen.query(Input)))
        pilot.app.screen.query_one(Input).value = ""
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.comparison is None)
        assert len(screen.model) == 28 and screen.grid.marks is None


async def test_rows_are_aligned_by_a_columns_value_and_repeated_names_are_reported(
    mib_store: Any, demo_spec: Any, tmp_path: Path
) -> None:
    app = make_app(mib_store, demo_spec)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_iftable(pilot)
        live_values = app.context.model.values
        # the same device renumbered: every port's index + 100 (ifIndex follows); one MTU changed;
        # two ports of the snapshot share a name, so neither can be told apart
        values: dict[tuple[int, ...], Any] = {}
        for oid, value in live_values.items():
            for entry in (IF_ENTRY, IFX_ENTRY):
                if oid[: len(entry)] == entry:
                    renumbered = oid[:-1] + (oid[-1] + 100,)
                    values[renumbered] = oid[-1] + 100 if oid[: len(entry) + 1] == IF_ENTRY + (1,) else value
        values[IF_MTU + (104,)] = 1234
        duplicated = live_values[IF_NAME + (7,)]
        values[IF_NAME + (108,)] = duplicated
        snapshot = tmp_path / "renumbered.snmprec"
        write_snapshot(snapshot, values)
        await compare(pilot, screen, snapshot)
        comparison = screen.comparison
        assert comparison.diff.alignment.pairs == {}  # by number nothing lines up
        assert comparison.diff.summary() == "28 removed, 28 added"
        name = [c.key for c in screen.model.visible_columns()].index(key_of(screen, "ifName"))
        screen.grid.move_to(0, name)
        await pilot.press("a")
        live = screen.rows
        position = {live.suffix(p)[0]: p for p in range(len(live))}
        assert comparison.key == key_of(screen, "ifName")
        assert comparison.diff.changed == {position[4]: {key_of(screen, "ifMtu")}}
        assert len(comparison.diff.old_row) == 26  # all but the two ports named alike
        assert comparison.diff.row_status(position[7]) is RowStatus.UNALIGNED
        assert comparison.diff.row_status(position[8]) is RowStatus.ADDED  # its name is on no snapshot row now
        assert {comparison.old.suffix(p): s for p, s in comparison.diff.ghosts} == {
            (107,): RowStatus.UNALIGNED, (108,): RowStatus.UNALIGNED}  # fmt: skip
        assert comparison.diff.summary() == "1 changed, 1 added, 3 unaligned"
        assert "(rows by ifName)" in str(screen.title_bar.render())
        warning = " ".join(str(n.message) for n in app._notifications)
        assert f"ifName {duplicated.decode()!r} is on 2 rows: .107, .108" in warning
        # the detail of an aligned row says where it was
        mtu = [c.key for c in screen.model.visible_columns()].index(key_of(screen, "ifMtu"))
        screen.grid.move_to(screen.model.line_of(position[4]), mtu)
        await pilot.press("enter")
        detail = " ".join(screen.detail.text.split())
        assert ".104 in the snapshot, .4 now" in detail and "before 1234" in detail and "now 1500" in detail
        # the marked row's sign and cell
        line = screen.grid.render_line(screen.grid.cursor_line - int(screen.grid.scroll_offset.y) + 1).text
        assert line.startswith("~ ") and "~1500" in line
        screen.grid.move_to(0, name)
        await pilot.press("a")  # again on the same column: by number
        assert comparison.key is None and comparison.diff.summary() == "28 removed, 28 added"


async def test_t_in_the_diff_screen_opens_the_table_compared_with_the_same_file(
    mib_store: Any, demo_spec: Any, tmp_path: Path
) -> None:
    from snmptui.screens.diff_view import DiffScreen
    from snmptui.screens.snapshot_file import SnapshotFileScreen

    app = make_app(mib_store, demo_spec)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_iftable(pilot)
        await pilot.press("escape")
        browser = app.browser
        await wait_for(pilot, lambda: app.screen is browser)
        records = model_records(browser.model.values)
        before = [Record(r.oid, b"old-name") if oid_key(r.oid) == IF_DESCR + (2,) else r for r in records]
        snapshot = tmp_path / "before.snmprec"
        export_records(before, snapshot)
        await pilot.press("D")
        await wait_for(pilot, lambda: isinstance(app.screen, SnapshotFileScreen))
        app.screen.query_one("#snapshot-file", Input).value = str(snapshot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DiffScreen))
        app.screen.diff_tree.reveal(IF_DESCR + (2,), "instance")
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, TableScreen) and app.screen.comparison is not None)
        table = app.screen
        position = table.rows.position((2,))
        assert table.comparison.path == snapshot
        assert table.comparison.diff.changed == {position: {key_of(table, "ifDescr")}}


async def test_an_offline_snapshot_compared_with_another_file_and_a_bad_file_named(
    mib_store: Any, tmp_path: Path
) -> None:
    from snmptui.app import SnmpTuiApp

    linux = Path(__file__).resolve().parents[3] / "shared" / "snmprec" / "snmpsim" / "recorded" / "linux-full-walk.snmprec"
    lines = linux.read_bytes().splitlines()
    planted = [b"1.3.6.1.2.1.2.2.1.4.1|2|1500" if line.startswith(b"1.3.6.1.2.1.2.2.1.4.1|") else line for line in lines]
    other = tmp_path / "other.snmprec"
    other.write_bytes(b"\n".join(planted) + b"\n")
    app = SnmpTuiApp(offline=str(linux), store=mib_store)
    async with app.run_test(size=(100, 30)) as pilot:
        browser = app.browser
        await wait_for(pilot, lambda: app.context.spec is not None, timeout=20)
        assert browser.oid_tree.reveal(IF_DESCR) is not None
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, TableScreen))
        screen = app.screen
        await wait_for(pilot, lambda: not screen.busy and len(screen.rows) > 0, timeout=30)
        await compare(pilot, screen, tmp_path / "missing.snmprec", ok=False)
        assert screen.comparison is None
        assert screen.status_bar.failed and "missing.snmprec" in screen.status_bar.message.plain
        await compare(pilot, screen, other)
        lo = screen.rows.position((1,))
        assert screen.comparison.diff.changed == {lo: {key_of(screen, "ifMtu")}}
        assert screen.comparison.diff.summary() == "1 changed"
