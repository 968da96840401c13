"""TableGrid: a virtual grid of table rows with a cell cursor, frozen index columns and a header.

Only the lines on screen are drawn (Textual's line API), so a 100k-row table costs
what 30 rows cost; the row order and cell texts come from ``snmptui.table_model``.
The header line stays at the top; the index columns stay at the left while the
data columns scroll horizontally under the cursor. Numbers are right-aligned, text
left; a cell wider than its column ends with ``…``; a cell the agent did not have
shows ``?`` (dimmed). A comparison with a snapshot (``snmptui.table_diff``) hands the
grid :class:`GridMarks`: a sign column at the left and a style and sign per cell.

A key must cost a few lines, not a screen, even while a walk streams in: each row
line is drawn once per content (``_lines``) and Textual's styled copy of it is kept
too (``_LineStyles``), so moving the cursor or scrolling by a line hands the
compositor the same line objects as before and its own caches (filters, cuts,
output) serve all but the new lines; new rows only extend the scroll range
(``relayout``), with no layout pass of the screen.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from math import ceil
from typing import Any, Protocol, Self

from rich.segment import Segment
from rich.style import Style
from textual._styles_cache import StylesCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip

from snmptui.keys import TABLE_GRID_BINDINGS
from snmptui.table_model import GridColumn, TableModel

__all__ = ["TableGrid", "GridMarks"]

_CACHED_LINES = 300
"""Rendered lines kept (a few screens' worth: scrolling back is free too)."""
_NUMERIC_BASES = frozenset({"INTEGER", "Integer32", "Unsigned32", "Gauge32", "Counter32", "Counter64", "TimeTicks"})


LineKey = tuple[int | None, int, int, int]
"""(view line or None for the header, scroll x, width, cursor column on the cursor's line else -1)"""


class _LineStyles(StylesCache):
    """Textual's per-widget cache of styled lines, keyed by what a line shows rather than
    by where it is on screen: a line that scrolled up by one is the same object as
    before, so the compositor's per-line caches (colour filter, cuts, output) hit.

    ``StylesCache`` (Textual 8's private class) renders a dirty line again as a new
    object even when the content is the same; a scroll makes every line dirty. Only
    lines whose styling cannot depend on their place are kept: the grid has no border,
    padding or outline (those differ at the top and bottom lines), else nothing is kept."""

    def __init__(self, key_of: Callable[[int], LineKey]) -> None:
        self._kept: dict[tuple[LineKey, tuple[Any, ...]], Strip] = {}
        self._pass: tuple[Any, ...] | None = None
        """what besides the line's key styles its lines in this render pass (None: not
        computed yet); ``()``: the lines depend on their place, nothing is kept"""
        super().__init__()
        self._key_of = key_of

    def clear(self) -> None:
        super().clear()
        self._kept.clear()

    def forget(self, drop: Callable[[LineKey], bool]) -> None:
        """Drop the kept lines whose key ``drop`` names (their content changed off screen)."""
        for key in [k for k in self._kept if drop(k[0])]:
            del self._kept[key]

    def render(self, styles: Any, *args: Any, **kwargs: Any) -> list[Strip]:
        self._pass = None if not any(styles.gutter) and not any(edge[0] for edge in styles.outline) else ()
        return super().render(styles, *args, **kwargs)

    def render_line(self, styles: Any, y: int, size: Size, content_size: Size, padding: Any, base_background: Any,
                    background: Any, render_content_line: Any, border_title: Any, border_subtitle: Any,
                    opacity: float, ansi_theme: Any, native_ansi: bool) -> Strip:  # fmt: skip
        args = (styles, y, size, content_size, padding, base_background, background, render_content_line,
                border_title, border_subtitle, opacity, ansi_theme, native_ansi)  # fmt: skip
        context = self._pass
        if context is None:
            context = self._pass = (size, content_size, base_background, background, opacity, id(ansi_theme), native_ansi)
        if not context:
            return super().render_line(*args)
        key = (self._key_of(y), context)
        strip = self._kept.get(key)
        if strip is None:
            if len(self._kept) > _CACHED_LINES:
                self._kept.clear()
            strip = self._kept[key] = super().render_line(*args)
        return strip


def _thumb_start(bar: ScrollBar, position: float) -> float:
    """Where a vertical scrollbar draws its thumb for ``position``, in eighths of a cell
    (``ScrollBarRender.render_bar``'s arithmetic); ``position`` itself when the bar has
    no thumb to place (every change then counts)."""
    size = bar.size.height
    virtual = ceil(bar.window_virtual_size)
    window = ceil(bar.window_size) if bar.window_size < bar.window_virtual_size else 0
    if not (window and size and virtual and size != virtual):
        return position
    thumb = max(1, window / (virtual / size))
    return int((size - thumb) * position / (virtual - window) * len(ScrollBarRender.VERTICAL_BARS))


class GridMarks(Protocol):
    """What a comparison draws on the grid: a sign per row (in a gutter at the left) and a
    text and style per cell; positions are the model's row positions."""

    gutter: int
    """the sign column's width (0: none)"""

    def row_sign(self, position: int) -> tuple[str, Style | None]: ...

    def cell(self, position: int, key: int, text: str, style: Style) -> tuple[str, Style]: ...


class TableGrid(ScrollView, can_focus=True):
    """The grid; posts ``CellChosen`` on enter and ``CursorMoved`` as the cursor moves."""

    DEFAULT_CSS = """
    TableGrid { scrollbar-size-vertical: 1; scrollbar-size-horizontal: 1; }
    TableGrid > .table-grid--header { text-style: bold; background: $panel; }
    TableGrid > .table-grid--index { color: $accent; }
    TableGrid > .table-grid--cursor { background: $accent 60%; text-style: bold; }
    TableGrid > .table-grid--cursor-row { background: $boost; }
    TableGrid > .table-grid--missing { color: $text-muted; }
    """
    COMPONENT_CLASSES = {
        "table-grid--header", "table-grid--index", "table-grid--cursor", "table-grid--cursor-row",
        "table-grid--missing",
    }  # fmt: skip
    BINDINGS = TABLE_GRID_BINDINGS

    @dataclass
    class CellChosen(Message):
        """Enter on a cell: its row position (in TableRows) and column key."""

        grid: TableGrid
        position: int
        key: int

    @dataclass
    class CursorMoved(Message):
        grid: TableGrid

    def __init__(self, model: TableModel, *, id: str | None = None) -> None:
        self._lines: dict[LineKey, Strip] = {}
        """rendered lines by ``LineKey``"""
        self._frame: tuple[int, int, int] | None = None
        """(width, scroll x, scroll y) while the compositor draws the grid (looked up once, not per line)"""
        super().__init__(id=id)
        self._styles_cache = _LineStyles(self._line_key)
        self.model = model
        self.cursor_line = 0
        self.cursor_column = 0
        self._columns: list[GridColumn] = []
        self._frozen: list[GridColumn] = []
        self._data: list[GridColumn] = []
        self._starts: list[int] = []
        self._right: dict[int, bool] = {}
        self._style_cache: dict[str, Style] | None = None
        self.marks: GridMarks | None = None
        self._shape: tuple[tuple[int, int], ...] | None = None
        self.relayout()

    # ------------------------------------------------------------ layout

    def relayout(self, *, redraw: bool = True) -> None:
        """Columns, widths or rows changed: recompute what the grid spans, then redraw
        (``redraw=False``: only rows were added, so only changed columns redraw)."""
        columns = self.model.visible_columns()
        self._columns = columns
        self._frozen = [c for c in columns if c.frozen]
        self._data = [c for c in columns if not c.frozen]
        starts, x = [], 0
        for column in self._data:
            starts.append(x)
            x += column.width + 1
        self._starts = starts
        self._right = {c.key: self._numeric(c) for c in columns}
        self._extend(Size(self.frozen_width + x, len(self.model) + 1))
        self.cursor_column = min(self.cursor_column, max(0, len(columns) - 1))
        self.cursor_line = min(self.cursor_line, max(0, len(self.model) - 1))
        shape = tuple((c.key, c.width) for c in columns)
        if redraw or shape != self._shape:  # new rows only extend the scroll range: lines on screen stay
            self._shape = shape
            self.refresh()

    def _extend(self, size: Size) -> None:
        """Set the scroll extent. A change of the height alone that leaves the scrollbars as
        they are (rows streaming in) updates the scrollbars in place: a layout pass of the
        screen, which the ``virtual_size`` reactive would run, re-measures every widget and
        repaints the screen (~10-25 ms, several times a second while a walk streams)."""
        old = self.virtual_size
        if size == old:
            return
        if not (self.is_mounted and size.width == old.width and old.height > 0 and self._bars_stay(size)):
            self.virtual_size = size
            return
        self.set_reactive(TableGrid.virtual_size, size)
        self._scroll_update(size)  # the scrollbars' extent (a repaint of the scrollbars only)

    def _bars_stay(self, size: Size) -> bool:
        """True when the scrollbars shown would not change for this extent."""
        styles = self.styles
        if styles.overflow_y != "auto" or styles.overflow_x != "auto":
            return styles.overflow_y != "auto" and styles.overflow_x != "auto"
        width, height = self.container_size
        vertical = self.show_vertical_scrollbar
        if vertical != (size.height > height - (styles.scrollbar_size_horizontal if self.show_horizontal_scrollbar else 0)):
            return False
        return self.show_horizontal_scrollbar == (size.width > width - (styles.scrollbar_size_vertical if vertical else 0))

    def _numeric(self, column: GridColumn) -> bool:
        rows = self.model.rows
        if column.key >= 0:
            node = rows.columns[column.key].node
        else:
            parts = rows.spec.index
            node = parts[-1 - column.key].node if -1 - column.key < len(parts) else None
        syntax = getattr(node, "syntax", None)
        return syntax is not None and syntax.base in _NUMERIC_BASES and not syntax.enums

    def shows_rows(self, first: int, last: int) -> bool:
        """True when any view line from ``first`` to ``last`` is on screen."""
        top = int(self.scroll_offset.y)
        return first <= top + self.size.height and last >= top

    def forget_rows(self, first: int, last: int) -> None:
        """View lines ``first`` to ``last`` changed off screen: their drawn lines go, so
        scrolling back to them draws them again (what is on screen stays)."""

        def drop(key: LineKey) -> bool:
            return key[0] is not None and first <= key[0] <= last

        for key in [k for k in self._lines if drop(k)]:
            del self._lines[key]
        styles = self._styles_cache
        if isinstance(styles, _LineStyles):
            styles.forget(drop)

    def shows_columns(self, keys: set[int]) -> bool:
        """True when any of these columns is on screen (frozen, or in the scrolled window)."""
        if any(c.key in keys for c in self._frozen):
            return True
        available = max(0, self.size.width - self.frozen_width)
        _start, shown = self._window(int(self.scroll_offset.x), available)
        return any(c.key in keys for c in shown)

    def _styles(self) -> dict[str, Style]:
        """The component styles, looked up once per redraw (each lookup walks the CSS)."""
        styles = self._style_cache
        if styles is None:
            styles = {name: self.get_component_rich_style(name) for name in self.COMPONENT_CLASSES}
            styles["base"] = self.rich_style
            self._style_cache = styles
        return styles

    def refresh(self, *regions: Any, repaint: bool = True, layout: bool = False, recompose: bool = False) -> Self:
        if not regions:  # data, columns or styles changed (a scroll or a cursor move names its regions)
            self._style_cache = None
            self._lines.clear()
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    @property
    def frozen_width(self) -> int:
        return sum(c.width + 1 for c in self._frozen) + (self.marks.gutter if self.marks is not None else 0)

    @property
    def current_column(self) -> GridColumn | None:
        return self._columns[self.cursor_column] if self._columns else None

    @property
    def current_position(self) -> int | None:
        """The TableRows position of the cursor's row (None for an empty view)."""
        if not len(self.model):
            return None
        return self.model.position(self.cursor_line)

    # ------------------------------------------------------------ drawing

    def _cell(self, text: str, width: int, right: bool) -> str:
        if len(text) > width:
            return text[: max(0, width - 1)] + "…" if width > 0 else ""
        return text.rjust(width) if right else text.ljust(width)

    def _segments(self, columns: list[GridColumn], line: int | None, base: Style) -> list[Segment]:
        """Segments of ``columns`` for view line ``line`` (None: the header)."""
        styles = self._styles()
        header = styles["table-grid--header"]
        index_style = styles["table-grid--index"]
        missing = styles["table-grid--missing"]
        cursor = styles["table-grid--cursor"]
        current = self.current_column
        marks = self.marks
        position = 0 if line is None else self.model.position(line)
        texts = None if line is None else self.model.texts(position, [c.key for c in columns])
        out: list[Segment] = []
        for column in columns:
            if texts is None:
                title = column.name if len(column.name) <= column.width else column.short
                out.append(Segment(self._cell(title, column.width, self._right[column.key]) + " ", header))
                continue
            text = texts.get(column.key)
            style = base
            if text is None:
                text, style = self.model.absent_text(position, column.key), base + missing
            elif column.is_index:
                style = base + index_style
            if marks is not None:
                text, style = marks.cell(position, column.key, text, style)
            if line == self.cursor_line and column is current:
                style = style + cursor
            out.append(Segment(self._cell(text, column.width, self._right[column.key]), style))
            out.append(Segment(" ", base))
        return out

    def _gutter(self, line: int | None, base: Style) -> list[Segment]:
        """The comparison's sign of the row (blank on the header), when comparing."""
        marks = self.marks
        if marks is None or not marks.gutter:
            return []
        if line is None:
            return [Segment(" " * marks.gutter, self._styles()["table-grid--header"])]
        sign, style = marks.row_sign(self.model.position(line))
        return [Segment(sign.ljust(marks.gutter)[: marks.gutter], base + style if style is not None else base)]

    def _window(self, scroll_x: int, available: int) -> tuple[int, list[GridColumn]]:
        """The data columns that overlap the visible part, and where the first one starts."""
        data, starts = self._data, self._starts
        first = 0
        while first < len(data) and starts[first] + data[first].width + 1 <= scroll_x:
            first += 1
        last = first
        while last < len(data) and starts[last] < scroll_x + available:
            last += 1
        return (starts[first] if first < len(data) else 0), data[first:last]

    def render_lines(self, crop: Region) -> list[Strip]:
        self._frame = (self.size.width, int(self.scroll_offset.x), int(self.scroll_offset.y))
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def _line_key(self, y: int) -> LineKey:
        width, scroll_x, scroll_y = self._frame or (self.size.width, int(self.scroll_offset.x), int(self.scroll_offset.y))
        line = None if y == 0 else scroll_y + y - 1
        return (line, scroll_x, width, self.cursor_column if line == self.cursor_line else -1)

    def render_line(self, y: int) -> Strip:
        """Line ``y`` of the grid: the header, or a row; rows drawn since the last change of
        data or columns come from a cache (scrolling by a line draws one new line)."""
        key = self._line_key(y)
        strip = self._lines.get(key)
        if strip is None:
            if len(self._lines) > _CACHED_LINES:
                self._lines.clear()
            line, scroll_x, width, _cursor = key
            strip = self._lines[key] = self._render_row(line, width, scroll_x)
        return strip

    def _render_row(self, line: int | None, width: int, scroll_x: int) -> Strip:
        base = self._styles()["base"]
        if line is not None and line >= len(self.model):
            return Strip.blank(width, base)
        if line is not None and line == self.cursor_line:
            base = base + self._styles()["table-grid--cursor-row"]
        frozen = Strip(self._gutter(line, base) + self._segments(self._frozen, line, base))
        available = max(0, width - frozen.cell_length)
        start, shown = self._window(scroll_x, available)  # only the columns in view are drawn
        data = Strip(self._segments(shown, line, base)).crop(scroll_x - start, scroll_x - start + available)
        strip = Strip.join([frozen, data])
        fill = width - strip.cell_length
        if fill > 0:
            style = self._styles()["table-grid--header"] if line is None else base
            strip = Strip.join([strip, Strip([Segment(" " * fill, style)])])
        return strip.crop(0, width)

    # ------------------------------------------------------------ cursor

    def _show_cursor(self, previous: int | None = None) -> None:
        """Scroll the cursor's cell into view; redraw only the cursor's old and new lines
        when nothing scrolled (a key costs two lines, not a grid)."""
        height = max(1, self.size.height - 1)
        scroll_x, scroll_y = int(self.scroll_offset.x), int(self.scroll_offset.y)
        if self.cursor_line < scroll_y:
            scroll_y = self.cursor_line
        elif self.cursor_line > scroll_y + height - 1:
            scroll_y = self.cursor_line - height + 1
        column = self.current_column
        if column is not None and not column.frozen:
            start = self._starts[self._data.index(column)]
            available = max(1, self.size.width - self.frozen_width)
            if start < scroll_x:
                scroll_x = start
            elif start + column.width + 1 > scroll_x + available:
                scroll_x = start + column.width + 1 - available
        if previous is not None and (scroll_x, scroll_y) == (int(self.scroll_offset.x), int(self.scroll_offset.y)):
            self.refresh_lines(previous + 1)  # + 1: the header line
            self.refresh_lines(self.cursor_line + 1)
        else:
            self.scroll_to(scroll_x, scroll_y, animate=False, immediate=True)
            self.refresh(self.size.region)  # a region: the rendered lines stay cached
        self.post_message(self.CursorMoved(self))

    def move_to(self, line: int, column: int | None = None) -> None:
        previous = self.cursor_line
        self.cursor_line = max(0, min(line, len(self.model) - 1))
        if column is not None:
            self.cursor_column = max(0, min(column, len(self._columns) - 1))
        self._show_cursor(previous)

    def action_move(self, lines: int, columns: int) -> None:
        self.move_to(self.cursor_line + lines, self.cursor_column + columns)

    def action_page(self, direction: int) -> None:
        self.move_to(self.cursor_line + direction * max(1, self.size.height - 2))

    def action_edge(self, direction: int) -> None:
        self.move_to(0 if direction < 0 else len(self.model) - 1)

    def action_choose(self) -> None:
        position, column = self.current_position, self.current_column
        if position is not None and column is not None:
            self.post_message(self.CellChosen(self, position, column.key))

    def on_mount(self) -> None:
        self.watch(self.vertical_scrollbar, "mouse_over", self._bar_hovered, init=False)

    def _bar_hovered(self, over: bool) -> None:
        """The pointer came onto the vertical scrollbar: its position is made exact, so a
        drag starts from where the grid is (``watch_scroll_y`` may leave it behind by less
        than the thumb's smallest step)."""
        if over:
            self.vertical_scrollbar.position = self.scroll_y

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """``ScrollView``'s, except that the vertical scrollbar is told the new position only
        when its thumb moves: in a 100k-row table a line is 1/500 of the thumb's smallest
        step, and the bar's repaint was ~0.6 ms of the ~2.5 ms a key that scrolls cost."""
        if self.show_vertical_scrollbar:
            bar = self.vertical_scrollbar
            if new_value in (0, self.max_scroll_y) or _thumb_start(bar, new_value) != _thumb_start(bar, bar.position):
                bar.position = new_value
        if round(old_value) != round(new_value):
            self.refresh(self.size.region)

    def on_resize(self) -> None:
        self.relayout()
