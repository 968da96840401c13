"""The watch pane: the watch list as a table of live values, rates and sparklines.

One row per watched instance: name, current value (rendered with the MIB), delta,
rate with its unit (octets as bit/s, packets/s, "/s"; gauges show their trend), min /
avg / max since added, and a sparkline of the last samples drawn in the row; below the
table, Textual's ``Sparkline`` draws the highlighted entry's history larger. The rows are
a :class:`snmptui.widgets.line_table.LineTable`: a poll of 200 entries redraws the few
rows on screen, not 1,200 Rich cells. Keys
(when the pane has focus): ``delete`` removes, ``[``/``]`` move, ``space`` pauses,
``+``/``-`` change the interval, ``e`` exports the samples as CSV.

The pane only shows the :class:`snmptui.watch.WatchList` it is given and says what the
user asked through messages; the screen that owns it runs the poll loop.
"""

from __future__ import annotations


from rich.cells import cell_len
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Sparkline, Static

from snmptui.watch import Watched, WatchList
from snmptui.widgets.line_table import Cell, LineColumn, LineTable
from snmptui.keys import WATCH_PANE_BINDINGS

__all__ = ["WatchPane", "mini_sparkline"]

_BLOCKS = "▁▂▃▄▅▆▇█"
_MINI_WIDTH = 12
# Columns: key, header, widest it grows to (its longest text up to that; longer ends in …).
_COLUMNS = (("name", "Name", 48), ("value", "Value", 32), ("delta", "Δ", 21), ("rate", "Rate", 40),
            ("spark", "History", _MINI_WIDTH), ("stats", "min / avg / max", 48))  # fmt: skip


def mini_sparkline(values: list[float], width: int = _MINI_WIDTH) -> str:
    """The last ``width`` values as block characters (scaled to their own range)."""
    shown = values[-width:]
    if not shown:
        return ""
    low, high = min(shown), max(shown)
    span = high - low
    if span <= 0:
        return _BLOCKS[0 if high == 0 else 3] * len(shown)
    return "".join(_BLOCKS[min(7, int((v - low) / span * 7.999))] for v in shown)


class WatchPane(Vertical):
    """Shows a WatchList; see the module docstring."""

    BINDINGS = WATCH_PANE_BINDINGS

    DEFAULT_CSS = """
    WatchPane { height: 12; border-top: solid $accent; }
    WatchPane #watch-title { height: 1; padding: 0 1; background: $panel; }
    WatchPane LineTable { height: 1fr; }
    WatchPane Sparkline { height: 2; margin: 0 1; }
    """

    class Changed(Message):
        """The user changed the list or the interval (the owner saves it and pokes the poll)."""

        def __init__(self, pane: WatchPane) -> None:
            super().__init__()
            self.pane = pane

    class ExportRequested(Message):
        def __init__(self, pane: WatchPane) -> None:
            super().__init__()
            self.pane = pane

    def __init__(self, watch: WatchList, *, id: str | None = "watch-pane") -> None:
        super().__init__(id=id)
        self.watch = watch
        self._drawn = -1
        self._cells: dict[str, tuple[Cell, ...]] = {}

    def compose(self) -> ComposeResult:
        yield Static(self._title(), id="watch-title")
        yield LineTable(self._layout(), lambda oid: self._cells[oid], frozen=1, id="watch-table")
        yield Sparkline([], id="watch-sparkline")

    def on_mount(self) -> None:
        self.redraw()

    def show(self, watch: WatchList) -> None:
        """Show another watch list (a new agent's)."""
        self.watch = watch
        self._drawn = -1
        if self.is_mounted:
            self.redraw()

    def _title(self) -> str:
        count = len(self.watch)
        paused = sum(entry.paused for entry in self.watch.entries)
        extra = f", {paused} paused" if paused else ""
        return f"Watch — {count} entr{'y' if count == 1 else 'ies'}{extra}, every {self.watch.interval:g} s"

    def selected(self) -> Watched | None:
        key = self.query_one(LineTable).cursor_key
        return next((entry for entry in self.watch.entries if entry.oid == key), None)

    def _layout(self) -> list[LineColumn]:
        """Each column as wide as its longest text (header included), up to its limit."""
        widths = [cell_len(title) for _, title, _ in _COLUMNS]
        for cells in self._cells.values():
            for number, cell in enumerate(cells):
                text = cell if isinstance(cell, str) else "".join(piece for piece, _ in cell)
                widths[number] = max(widths[number], cell_len(text))
        return [LineColumn(key, title, min(width, limit), right=key == "delta")
                for (key, title, limit), width in zip(_COLUMNS, widths)]  # fmt: skip

    def redraw(self) -> None:
        """Show the list as it is now (cheap when nothing changed)."""
        if self._drawn == self.watch.version:
            return
        self._drawn = self.watch.version
        table = self.query_one(LineTable)
        self._cells = {entry.oid: self._entry_cells(entry) for entry in self.watch.entries}
        columns = tuple(self._layout())
        if columns != table.columns:
            table.set_columns(columns)
        table.show(list(self._cells))  # the cursor stays on its entry
        self.query_one("#watch-title", Static).update(self._title())
        self._draw_sparkline()

    @staticmethod
    def _entry_cells(entry: Watched) -> tuple[Cell, ...]:
        name: Cell = ((entry.name, "dim"),) if entry.paused else entry.name
        rate: Cell = ((entry.problem, "red"),) if entry.problem else entry.rate_text()
        return (name, entry.value_text or "…", entry.delta_text(), rate, mini_sparkline(entry.history()),
                entry.stats_text())  # fmt: skip

    def _draw_sparkline(self) -> None:
        entry = self.selected()
        self.query_one(Sparkline).data = entry.history() if entry is not None else []

    def on_line_table_row_highlighted(self, _event: LineTable.RowHighlighted) -> None:
        self._draw_sparkline()

    # ------------------------------------------------------------ actions

    def action_remove(self) -> None:
        entry = self.selected()
        if entry is not None:
            self.watch.remove(entry.oid)
            self.redraw()
            self.post_message(self.Changed(self))

    def action_move(self, offset: int) -> None:
        entry = self.selected()
        if entry is not None:
            self.watch.move(entry.oid, offset)
            self.redraw()
            self.query_one(LineTable).move_cursor(self.watch.entries.index(entry))
            self.post_message(self.Changed(self))

    def action_pause(self) -> None:
        entry = self.selected()
        if entry is not None:
            self.watch.toggle_pause(entry.oid)
            self.redraw()
            self.post_message(self.Changed(self))

    def action_interval(self, direction: int) -> None:
        self.watch.step_interval(direction)
        self.redraw()
        self.post_message(self.Changed(self))

    def action_export(self) -> None:
        self.post_message(self.ExportRequested(self))
