"""LineTable: a live table drawn line by line, formatting only the rows on screen.

Made for views whose every row changes each poll (the interfaces dashboard, the watch
pane), where a ``DataTable`` re-renders each updated cell as a Rich ``Text`` whether it is
seen or not. The owner gives the row keys in order (:meth:`LineTable.show`) and a
function from a key to its cells; the table calls it only for the rows it draws and
keeps the fitted texts until the owner says the rows changed (:meth:`LineTable.changed`),
so a cycle of 1,000 ports costs what the 20 rows on screen cost.

Columns have fixed widths the owner sets (:meth:`LineTable.set_columns`); the first
``frozen`` columns stay at the left when the others scroll sideways; a cell wider than
its column ends with ``…``. A cell is a plain string or a tuple of ``(text, Rich style)``
pieces — no Rich ``Text`` per cell. The row cursor stays on its row's key when the
order changes; zebra stripes; clicking a header posts :class:`LineTable.HeaderClicked`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Self

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

__all__ = ["Cell", "LineColumn", "LineTable", "Piece", "fit"]

Piece = tuple[str, str]
"""Some text and its Rich style (``""``: the row's own style)."""
Cell = str | tuple[Piece, ...]

_CONTROLS = dict.fromkeys([*range(0x20), 0x7F], "?")  # an agent's text never moves the terminal's cursor


@dataclass(frozen=True)
class LineColumn:
    """One column: its key, header, width in cells and alignment (numbers go right)."""

    key: str
    title: str
    width: int
    right: bool = False


def fit(text: str, width: int, right: bool = False) -> str:
    """``text`` padded or cut (ending in ``…``) to exactly ``width`` cells."""
    text = text.translate(_CONTROLS)
    size = cell_len(text)
    if size > width:
        return set_cell_size(text, width - 1) + "…" if width > 1 else set_cell_size(text, width)
    padding = " " * (width - size)
    return padding + text if right else text + padding


def _fit_pieces(pieces: tuple[Piece, ...], width: int, right: bool) -> list[Piece]:
    """Styled pieces cut or padded together to ``width`` cells."""
    pieces = tuple((text.translate(_CONTROLS), style) for text, style in pieces)
    size = sum(cell_len(text) for text, _ in pieces)
    if size <= width:
        padding = (" " * (width - size), "")
        return [padding, *pieces] if right else [*pieces, padding]
    out: list[Piece] = []
    room = width - 1
    for text, style in pieces:
        if cell_len(text) >= room:
            out.append((set_cell_size(text, room), style))
            out.append(("…", style))
            return out
        out.append((text, style))
        room -= cell_len(text)
    return out


_FittedRow = tuple[list[Segment], list[Segment]]  # frozen columns, the others; without the row's style


class LineTable(ScrollView, can_focus=True):
    """The table; see the module docstring."""

    DEFAULT_CSS = """
    LineTable { background: $surface; color: $foreground; scrollbar-size-vertical: 1;
                scrollbar-size-horizontal: 1; }
    LineTable:focus { background-tint: $foreground 5%; }
    LineTable > .line-table--header { text-style: bold; background: $panel; color: $foreground; }
    LineTable > .line-table--even-row { background: $surface-lighten-1 50%; }
    LineTable:dark > .line-table--even-row { background: $surface-darken-1 40%; }
    LineTable > .line-table--cursor { background: $block-cursor-blurred-background;
                                      color: $block-cursor-blurred-foreground; }
    LineTable:focus > .line-table--cursor { background: $block-cursor-background;
                                            color: $block-cursor-foreground;
                                            text-style: $block-cursor-text-style; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"line-table--header", "line-table--even-row", "line-table--cursor"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "edge(-1)", "First row", show=False),
        Binding("end", "edge(1)", "Last row", show=False),
        Binding("left", "sideways(-1)", "Left", show=False),
        Binding("right", "sideways(1)", "Right", show=False),
    ]

    @dataclass
    class RowHighlighted(Message):
        """The cursor moved to another row (``key`` None: the table is empty)."""

        table: LineTable
        key: str | None

    @dataclass
    class HeaderClicked(Message):
        table: LineTable
        column: str

    def __init__(
        self,
        columns: Sequence[LineColumn],
        cells: Callable[[str], Sequence[Cell]],
        *,
        frozen: int = 0,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._cells = cells
        self._frozen_count = frozen
        self._keys: list[str] = []
        self._positions: dict[str, int] = {}
        self._fitted: dict[str, _FittedRow] = {}
        self._style_cache: dict[str, Style] | None = None
        self.cursor_row = 0
        self.set_columns(columns)

    # ------------------------------------------------------------ what it shows

    @property
    def columns(self) -> tuple[LineColumn, ...]:
        return self._columns

    @property
    def row_count(self) -> int:
        return len(self._keys)

    def row_key(self, row: int) -> str:
        return self._keys[row]

    def row_of(self, key: str) -> int | None:
        return self._positions.get(key)

    @property
    def cursor_key(self) -> str | None:
        return self._keys[self.cursor_row] if 0 <= self.cursor_row < len(self._keys) else None

    def cell_text(self, key: str, column: str) -> str:
        """The whole text of one cell (as the cells function gives it, before fitting)."""
        position = next(i for i, c in enumerate(self._columns) if c.key == column)
        cell = self._cells(key)[position]
        return cell if isinstance(cell, str) else "".join(text for text, _ in cell)

    def set_columns(self, columns: Sequence[LineColumn]) -> None:
        """New columns or widths: lay out again and redraw."""
        self._columns = tuple(columns)
        self._frozen = self._columns[: self._frozen_count]
        self._data = self._columns[self._frozen_count :]
        starts, x = [], 0
        for column in self._data:
            starts.append(x)
            x += column.width + 1
        self._starts = starts
        self._frozen_width = sum(c.width + 1 for c in self._frozen)
        self._header: _FittedRow | None = None
        self._fitted.clear()
        self._resize()

    def show(self, keys: Sequence[str]) -> None:
        """These rows in this order, their cells changed; the cursor stays on its key."""
        if list(keys) != self._keys:
            key, was_seen = self.cursor_key, self._cursor_on_screen()
            self._keys = list(keys)
            self._positions = {k: i for i, k in enumerate(self._keys)}
            row = self._positions.get(key) if key is not None else None
            self.cursor_row = min(row if row is not None else self.cursor_row, max(0, len(self._keys) - 1))
            self._resize()
            if was_seen:
                self._scroll_to_cursor()
            if self.cursor_key != key:
                self.post_message(self.RowHighlighted(self, self.cursor_key))
        self.changed()

    def changed(self) -> None:
        """The rows' cells changed (a poll): drop the fitted texts and redraw what is on screen."""
        self._fitted.clear()
        self.refresh()

    def _resize(self) -> None:
        self.virtual_size = Size(self._frozen_width + sum(c.width + 1 for c in self._data), len(self._keys) + 1)
        self.refresh()

    # ------------------------------------------------------------ drawing

    def _line_styles(self) -> dict[str, Style]:
        """Looked up once per redraw (each lookup walks the CSS)."""
        if self._style_cache is None:
            styles = {name: self.get_component_rich_style(name) for name in self.COMPONENT_CLASSES}
            self._style_cache = styles | {"": self.rich_style}
        return self._style_cache

    def refresh(self, *regions: Any, repaint: bool = True, layout: bool = False, recompose: bool = False) -> Self:
        self._style_cache = None
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def _fit_row(self, cells: Sequence[Cell]) -> _FittedRow:
        frozen: list[Segment] = []
        data: list[Segment] = []
        for number, (column, cell) in enumerate(zip(self._columns, cells)):
            parts = frozen if number < self._frozen_count else data
            if isinstance(cell, str):
                parts.append(Segment(fit(cell, column.width, column.right) + " "))
            else:
                parts.extend(Segment(text, Style.parse(style) if style else None)
                             for text, style in _fit_pieces(cell, column.width, column.right))  # fmt: skip
                parts.append(Segment(" "))
        return frozen, data

    def _row_parts(self, row: int) -> _FittedRow:
        key = self._keys[row]
        fitted = self._fitted.get(key)
        if fitted is None:
            fitted = self._fitted[key] = self._fit_row(self._cells(key))
        return fitted

    def _header_parts(self) -> _FittedRow:
        if self._header is None:
            self._header = self._fit_row([c.title for c in self._columns])
        return self._header

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        scroll_x, scroll_y = int(self.scroll_offset.x), int(self.scroll_offset.y)
        styles = self._line_styles()
        base = styles[""]
        if y == 0:
            base = base + styles["line-table--header"]
            frozen, data = self._header_parts()
        else:
            row = scroll_y + y - 1
            if row >= len(self._keys):
                return Strip.blank(width, base)
            if row == self.cursor_row:
                base = base + styles["line-table--cursor"]
            elif row % 2:
                base = base + styles["line-table--even-row"]
            frozen, data = self._row_parts(row)
        segments = list(Segment.apply_style(frozen, base))
        data_width = self.virtual_size.width - self._frozen_width
        available = max(0, width - self._frozen_width)
        if scroll_x == 0 and data_width <= available:  # nothing to cut (the usual case)
            segments.extend(Segment.apply_style(data, base))
            strip = Strip(segments, self._frozen_width + data_width)
        else:
            right = Strip(Segment.apply_style(data, base), data_width).crop(scroll_x, scroll_x + available)
            strip = Strip([*segments, *right], self._frozen_width + right.cell_length)
        if strip.cell_length < width:
            return strip.extend_cell_length(width, base)
        return strip.crop(0, width)

    # ------------------------------------------------------------ cursor and scrolling

    def _body_height(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _cursor_on_screen(self) -> bool:
        top = int(self.scroll_offset.y)
        return top <= self.cursor_row < top + self._body_height()

    def _scroll_to_cursor(self) -> None:
        top, height = int(self.scroll_offset.y), self._body_height()
        if self.cursor_row < top:
            top = self.cursor_row
        elif self.cursor_row >= top + height:
            top = self.cursor_row - height + 1
        if top != int(self.scroll_offset.y):
            self.scroll_to(y=top, animate=False, immediate=True)

    def move_cursor(self, row: int) -> None:
        """Put the cursor on ``row`` (clamped) and scroll it into view."""
        before = self.cursor_key
        self.cursor_row = max(0, min(row, len(self._keys) - 1))
        self._scroll_to_cursor()
        self.refresh()
        if self.cursor_key != before:
            self.post_message(self.RowHighlighted(self, self.cursor_key))

    def action_move(self, rows: int) -> None:
        self.move_cursor(self.cursor_row + rows)

    def action_page(self, direction: int) -> None:
        self.move_cursor(self.cursor_row + direction * max(1, self._body_height() - 1))

    def action_edge(self, direction: int) -> None:
        self.move_cursor(0 if direction < 0 else len(self._keys) - 1)

    def action_sideways(self, direction: int) -> None:
        """Scroll the unfrozen columns by one column."""
        x = int(self.scroll_offset.x)
        if direction > 0:
            target = next((s for s in self._starts if s > x), x)
        else:
            target = next((s for s in reversed(self._starts) if s < x), 0)
        self.scroll_to(x=target, animate=False, immediate=True)

    def _column_at(self, x: int) -> LineColumn | None:
        if x < self._frozen_width:
            start = 0
            for column in self._frozen:
                if x < start + column.width + 1:
                    return column
                start += column.width + 1
            return None
        x = x - self._frozen_width + int(self.scroll_offset.x)
        for column, start in zip(self._data, self._starts):
            if start <= x < start + column.width + 1:
                return column
        return None

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            column = self._column_at(offset.x)
            if column is not None:
                self.post_message(self.HeaderClicked(self, column.key))
            return
        row = int(self.scroll_offset.y) + offset.y - 1
        if row < len(self._keys):
            self.move_cursor(row)
