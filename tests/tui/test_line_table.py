"""LineTable: fitting cells, drawing only the rows on screen, the cursor across re-sorts, frozen columns."""

from __future__ import annotations

from textual.app import App, ComposeResult

from snmptui.widgets.line_table import Cell, LineColumn, LineTable, _fit_pieces, fit

COLUMNS = [LineColumn("key", "Key", 4, right=True), LineColumn("name", "Name", 8),
           LineColumn("state", "State", 6), LineColumn("wide", "Wide", 30)]  # fmt: skip


class TableApp(App[None]):
    def __init__(self, keys: list[str]) -> None:
        super().__init__()
        self.asked: list[str] = []
        self.clicked: list[str] = []
        self.keys = keys
        self.names = {key: f"port {key}" for key in keys}

    def cells(self, key: str) -> tuple[Cell, ...]:
        self.asked.append(key)
        return key, self.names[key], (("up", "green"), ("*2", "bold yellow")), "x" * 30

    def compose(self) -> ComposeResult:
        yield LineTable(COLUMNS, self.cells, frozen=2)

    def on_mount(self) -> None:
        self.query_one(LineTable).show(self.keys)

    def on_line_table_header_clicked(self, event: LineTable.HeaderClicked) -> None:
        self.clicked.append(event.column)


def _line(table: LineTable, y: int) -> str:
    return table.render_line(y).text


def test_fit_pads_cuts_with_an_ellipsis_and_hides_control_characters() -> None:
    assert fit("ab", 4) == "ab  " and fit("ab", 4, right=True) == "  ab"
    assert fit("abcdef", 4) == "abc…"
    assert fit("a\x1b[2Jb", 6) == "a?[2Jb"
    assert fit("日本語", 5) == "日本…"  # wide characters count two cells
    status = (("lld", "red"), ("*12", "yellow"))
    assert _fit_pieces(status, 5, right=False) == [("lld", "red"), ("*", "yellow"), ("…", "yellow")]
    assert _fit_pieces(status, 7, right=True) == [(" ", ""), *status]
    assert _fit_pieces((("a\x07", ""),), 3, right=False) == [("a?", ""), (" ", "")]


async def test_only_rows_on_screen_are_formatted_and_the_cursor_follows_its_key() -> None:
    keys = [str(n) for n in range(1, 1001)]
    app = TableApp(keys)
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(LineTable)
        await pilot.pause()
        assert table.row_count == 1000
        assert len(set(app.asked)) < 20  # a screenful, not 1,000 rows
        assert _line(table, 0).startswith(" Key Name     State ")
        assert _line(table, 1).startswith("   1 port 1   up*2  ")
        await pilot.press("down", "down")
        assert table.cursor_key == "3"
        app.asked.clear()
        table.show(list(reversed(keys)))  # re-sorted: the cursor stays on row "3"
        await pilot.pause()
        assert table.cursor_key == "3" and table.cursor_row == 997
        assert _line(table, table.cursor_row - int(table.scroll_offset.y) + 1).startswith("   3 port 3")
        assert "3" in app.asked and len(set(app.asked)) < 20
        app.names["3"] = "renamed"
        table.changed()  # a poll: cells asked for again
        await pilot.pause()
        assert "renamed" in _line(table, table.cursor_row - int(table.scroll_offset.y) + 1)
        assert table.cell_text("3", "state") == "up*2"
        await pilot.press("home")
        assert table.cursor_key == "1000"


async def test_frozen_columns_stay_when_the_others_scroll_and_a_header_click_is_reported() -> None:
    app = TableApp(["1", "2"])
    async with app.run_test(size=(30, 8)) as pilot:
        table = app.query_one(LineTable)
        await pilot.pause()
        assert _line(table, 1).startswith("   1 port 1   up*2   xxxx")
        await pilot.press("right")
        await pilot.pause()
        assert _line(table, 0).startswith(" Key Name     Wide")
        assert _line(table, 1).startswith("   1 port 1   xxxx")
        await pilot.click(LineTable, offset=(15, 0))
        await pilot.click(LineTable, offset=(1, 0))
        assert app.clicked == ["wide", "key"]
        await pilot.click(LineTable, offset=(1, 2))
        assert table.cursor_key == "2"
