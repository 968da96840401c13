"""TableScreen: one SNMP table as a grid — index decoded, joins, streaming, sort, filter, export.

Opened with ``t`` on a table, its entry, a column or an instance. Rows are the
table's instances (``core.table.TableRows``), columns the INDEX parts (frozen at the
left) and the table's columns in MIB order, then the columns of the tables that
AUGMENT it (ifXTable beside ifTable); ``J`` joins a table with the same kind of
INDEX on request (dot3StatsTable by ifIndex). What the tree already walked shows at
once; the entries not walked yet are walked (GETBULK, one entry after the other)
and the grid fills as the batches arrive. ``r`` walks again, ``escape`` cancels and
keeps what arrived.

Keys: ``s`` sorts by the cursor's column (again: descending, again: off), ``/`` or
``f`` filters (text, or ``column op value``: ``ifOperStatus = down``,
``ifInErrors > 0``), ``c`` picks the columns shown, ``<``/``>`` move the cursor's
column, ``enter`` shows the cell's instance in the detail pane, ``y``/``Y``/``ctrl+y``
copy the cell, the row (TSV) and the table (CSV) with OSC 52, ``e`` exports to a
CSV or JSON file, ``t`` or ``escape`` returns to the tree.
"""

from __future__ import annotations

import io
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, SelectionList, Static
from textual.widgets.selection_list import Selection
from textual.timer import Timer
from textual.worker import Worker

from core.oid import OidTuple, format_oid
from core.table import JoinKind, TableRows, TableSpec, join_candidates
from core.table.export import write_csv, write_json
from core.table.filter import FilterError
from core.table.text import table_options, value_text
from snmptui import clipboard, gc_policy
from snmptui.messages import WalkBatch, WalkDone, WalkFailed
from snmptui.model import MibFacade, WalkModel
from snmptui.table_model import TableModel
from snmptui.widgets.detail_pane import DetailPane
from snmptui.widgets.status_bar import StatusBar
from snmptui.widgets.table_grid import TableGrid
from snmptui.workers import walk

__all__ = ["TableScreen", "TreeLink", "default_export_path", "SeedSource"]

RESORT_INTERVAL = 1.0
"""Seconds between re-sorting / re-filtering while rows stream in (a 100k-row sort takes ~0.1 s)."""
GC_REST = 0.5
"""Seconds after the last walk before full garbage collections resume."""
LAYOUT_INTERVAL = 0.25
"""Seconds between two re-measurements of the grid while rows stream in."""

SeedSource = Callable[[OidTuple], list[tuple[OidTuple, Any]]]
"""column OID -> the (instance OID, value) pairs already walked below it"""


@dataclass
class TreeLink:
    """What the view shares with the tree's walked data (the browser builds it).

    The table shows at once what the tree has (``seed``), does not walk again what a
    finished walk covered (``walked``), and follows the tree's running walk when it
    covers the table (``walking``: where that walk started; the tree calls the
    ``followers``' ``follow_batch(varbinds)`` and ``follow_end()``) instead of asking
    the agent twice; ``cancel`` stops that walk.
    """

    seed: SeedSource
    walked: Callable[[OidTuple], bool]
    walking: Callable[[], OidTuple | None]
    cancel: Callable[[], None]
    followers: list[Any] = field(default_factory=list)


def default_export_path(table: str, agent: str, suffix: str, now: float | None = None) -> Path:
    """``./ifTable-192.0.2.1-20261201-2110.csv``: table, agent and time, under the cwd."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now))
    host = "".join(ch if ch.isalnum() or ch in ".-" else "_" for ch in agent)
    return Path.cwd() / f"{table}-{host}-{stamp}.{suffix}"


def _export_text(store: Any) -> Callable[[OidTuple, Any], str]:
    """Cells for files: what ``snmptui table --csv`` writes, so both agree."""
    options = table_options([])

    def cell(oid: OidTuple, value: Any) -> str:
        return value_text(store, oid, value, options).replace("\n", " ")

    return cell


class PromptScreen(ModalScreen[str | None]):
    """One line of input (filter text, export file name); enter accepts, escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, value: str, hint: str) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-dialog"):
            yield Static(self.title_text, id="prompt-title")
            yield Input(self.value, id="prompt-input")
            yield Static(self.hint, id="prompt-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class PickerScreen(ModalScreen[list[int] | None]):
    """Choose several items (columns to show, tables to join); enter accepts, escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("enter", "accept", "Accept", priority=True)]

    def __init__(self, title: str, items: list[tuple[str, int, bool]], hint: str) -> None:
        super().__init__()
        self.title_text = title
        self.items = items
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-dialog"):
            yield Static(self.title_text, id="picker-title")
            yield SelectionList[int](*(Selection(label, value, chosen) for label, value, chosen in self.items),
                                     id="picker-list")  # fmt: skip
            yield Static(self.hint, id="picker-hint")

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def action_accept(self) -> None:
        self.dismiss(list(self.query_one(SelectionList).selected))

    def action_cancel(self) -> None:
        self.dismiss(None)


class TableScreen(Screen[None]):
    """The table view (see the module docstring)."""

    BINDINGS = [
        Binding("escape", "back", "Back/cancel"),
        Binding("t", "close", "Tree", show=False),
        Binding("r", "refresh", "Refresh"),
        Binding("s", "sort", "Sort"),
        Binding("slash,f", "filter", "Filter", key_display="/"),
        Binding("c", "columns", "Columns"),
        Binding("J", "joins", "Join", key_display="J"),
        Binding("less_than_sign", "move_column(-1)", "Move left", show=False, key_display="<"),
        Binding("greater_than_sign", "move_column(1)", "Move right", show=False, key_display=">"),
        Binding("y", "copy_cell", "Copy", show=False),
        Binding("Y", "copy_row", "Copy row", show=False, key_display="Y"),
        Binding("ctrl+y", "copy_table", "Copy table", show=False),
        Binding("e", "export", "Export"),
    ]

    def __init__(
        self,
        mibs: MibFacade,
        spec: TableSpec,
        connection: Any,
        *,
        link: TreeLink | None = None,
        command_for: Callable[[str, OidTuple], str] | None = None,
    ) -> None:
        """``link``: the tree's data and walks (see ``TreeLink``); None: the view walks alone."""
        super().__init__()
        self.mibs = mibs
        self.spec = spec
        self.connection = connection
        self.link = link
        self.following = False
        """the tree's running walk is filling this table"""
        self.command_for = command_for or (lambda tool, oid: f"{tool} AGENT {format_oid(oid)}")
        self.candidates = join_candidates(spec)
        joins = [other for other, kind in self.candidates
                 if kind is JoinKind.AUGMENTS and other.entry != spec.entry and other.table.status == "current"]
        self.rows = TableRows(spec, joins)
        self.model = TableModel(self.rows)
        self.grid = TableGrid(self.model, id="table-grid")
        self.title_bar = Static(id="table-title")
        self.detail = DetailPane(mibs, WalkModel(mibs), self.command_for, id="table-detail")
        self.status_bar = StatusBar(id="table-status")
        self.op = 0
        self.walk_op = -1
        self.worker: Worker[None] | None = None
        self.pending: list[OidTuple] = []
        self.own_walks: list[OidTuple] = []
        """entries this view walked itself (not those it followed the tree's walk for)"""
        self.walking: OidTuple | None = None
        self._arrived = 0
        self._began = 0.0
        self._last_apply = 0.0
        self._last_layout = 0.0
        self._layout_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield self.title_bar
        yield self.grid
        yield self.detail
        yield self.status_bar
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.detail.display = False
        self.grid.focus()
        self._seed()
        missing = self._unwalked()
        tree_walk = self.link.walking() if self.link is not None else None
        followed = [e for e in missing if tree_walk is not None and e[: len(tree_walk)] == tree_walk]
        if followed and self.link is not None:
            self.following = True
            self.link.followers.append(self)
            self._began = time.monotonic()
            self.status_bar.start(f"Filling from the tree's walk of {self.mibs.oid_text(tree_walk or ())}")
        rest = [e for e in missing if e not in followed]
        if rest:
            self._walk(rest)
        elif not followed:
            self.status_bar.finish(f"{len(self.rows):,} rows from the tree's last walk; r walks the table again.")
        self._update_title()

    def on_unmount(self) -> None:
        self._unfollow()
        if self.own_walks and not (self.link is not None and self.link.walking() is not None):
            gc_policy.walking(False)  # the view's timers end with it

    def _unwalked(self) -> list[OidTuple]:
        link = self.link
        return [t.entry.oid for t in self._tables() if link is None or not link.walked(t.entry.oid)]

    def _unfollow(self) -> None:
        self.following = False
        if self.link is not None and self in self.link.followers:
            self.link.followers.remove(self)

    @property
    def busy(self) -> bool:
        """A walk (this view's or the tree's it follows) is filling the table."""
        return self.following or (self.worker is not None and self.worker.is_running) or bool(self.pending)

    def follow_batch(self, varbinds: list[tuple[OidTuple, Any]]) -> None:
        """A batch of the tree's walk (varbinds outside the table are ignored)."""
        new = self.rows.add(varbinds)
        self._arrived += len(varbinds)
        self._data_changed(new)
        if self.worker is None:
            self.status_bar.progress(len(self.rows))

    def follow_end(self) -> None:
        """The tree's walk ended (done, cancelled or failed): what arrived stays."""
        self._unfollow()
        if self.worker is None:
            self.model.apply()
            self.grid.relayout()
            self.status_bar.finish(f"{len(self.rows):,} rows (from the tree's walk).")
            self._update_title()

    # ------------------------------------------------------------ data

    def _tables(self) -> list[TableSpec]:
        return [self.spec, *self.rows.joins]

    def _seed(self) -> None:
        if self.link is None:
            return
        for column in self.rows.columns:
            pairs = self.link.seed(column.node.oid)
            if pairs:
                self.rows.add(pairs)
        self._data_changed(len(self.rows))

    def _walk(self, roots: list[OidTuple]) -> None:
        if self.connection is None:
            self.status_bar.finish("Not connected: the table cannot be walked.", error=True)
            return
        self.pending = list(roots)
        self._began = time.monotonic()
        self._arrived = 0
        self._next_walk()

    def _walks_over(self) -> None:
        """Full collections resume once nothing walks (the tree's walk resumes them itself)."""
        tree_walking = self.link is not None and self.link.walking() is not None
        if not tree_walking:
            self.set_timer(GC_REST, lambda: None if self.busy else gc_policy.walking(False))

    def _next_walk(self) -> None:
        if not self.pending:
            self._walks_over()
            self.walking = None
            self.worker = None
            self.model.apply()
            self.grid.relayout()
            took = time.monotonic() - self._began
            self.status_bar.finish(f"{len(self.rows):,} rows ({self._arrived:,} varbinds in {took:.2f} s).")
            self._update_title()
            return
        root = self.pending.pop(0)
        gc_policy.walking(True)  # full collections wait (see gc_policy), as for the tree's walks
        self.own_walks.append(root)
        self.op += 1
        self.walk_op = self.op
        self.walking = root
        self.status_bar.start(f"Walking {self.mibs.oid_text(root)}")
        self.worker = self.app.run_worker(partial(walk, self, self.op, self.connection, root), thread=True,
                                          group="table-walk", name=f"table walk {format_oid(root)}")  # fmt: skip

    def on_walk_batch(self, message: WalkBatch) -> None:
        message.stop()
        if message.op != self.walk_op:
            return
        new = self.rows.add(message.varbinds)
        self._arrived += len(message.varbinds)
        self._data_changed(new)
        self.status_bar.progress(self._arrived)

    def on_walk_done(self, message: WalkDone) -> None:
        message.stop()
        if message.op != self.walk_op:
            return
        if message.cancelled:
            self.pending.clear()
        self._next_walk()

    def on_walk_failed(self, message: WalkFailed) -> None:
        message.stop()
        if message.op != self.walk_op:
            return
        self.pending.clear()
        self.walking = None
        self.worker = None
        self._walks_over()
        self.status_bar.finish(f"Walk of {self.mibs.oid_text(message.root)} failed: {message.reason}", error=True)
        self.detail.show_error("Walk failed", message.reason, message.hint)
        self.detail.display = True
        self._update_title()

    def _data_changed(self, new_rows: int) -> None:
        """Rows arrived: redraw at once, re-measure the grid at most every ``LAYOUT_INTERVAL``
        (a new scroll extent re-lays the screen out, which costs more than drawing lines)."""
        self.model.rows_changed(new_rows)
        wait = self._last_layout + LAYOUT_INTERVAL - time.monotonic()
        if wait <= 0:
            self._flush_layout()
            return
        span = self.rows.span
        ordered = self.model.sort is not None or self.model.filter is not None
        if span is None or ordered or self.grid.shows_rows(*span):
            self.grid.refresh()  # rows on screen changed (the others redraw when scrolled to)
        if self._layout_timer is None:
            self._layout_timer = self.set_timer(wait, self._flush_layout)

    def _flush_layout(self) -> None:
        self._layout_timer = None
        now = time.monotonic()
        self._last_layout = now
        if self.model.stale and now - self._last_apply >= RESORT_INTERVAL:
            self._last_apply = now
            self.model.apply()
        self.grid.relayout()
        self._update_title()

    def _update_title(self) -> None:
        shown, total = len(self.model), len(self.rows)
        count = f"{total:,} rows" if shown == total else f"{shown:,} of {total:,} rows"
        state = self.model.describe()
        joined = ", ".join(t.name for t in self.rows.joins)
        parts = [self.spec.table.qualified_name, count]
        if joined:
            parts.append(f"+ {joined}")
        if state:
            parts.append(state)
        self.title_bar.update(" · ".join(parts))

    # ------------------------------------------------------------ actions

    def action_back(self) -> None:
        if self.following and self.link is not None:
            self.link.cancel()  # the tree tells its followers (follow_end)
            self._unfollow()
        if self.worker is not None and self.worker.is_running:
            self.worker.cancel()
            self.pending.clear()
            self.walk_op = -1
            self.worker = None
            self.walking = None
            self._walks_over()
            self.model.apply()
            self.grid.relayout()
            self.status_bar.finish(f"Walk cancelled: kept {len(self.rows):,} rows.")
            self._update_title()
            return
        if self.status_bar.busy:
            self.status_bar.finish(f"Walk cancelled: kept {len(self.rows):,} rows.")
            return
        if self.detail.display:
            self.detail.display = False
            self.grid.focus()
            return
        self.action_close()

    def action_close(self) -> None:
        if self.worker is not None and self.worker.is_running:
            self.worker.cancel()
        self.app.pop_screen()

    def action_refresh(self) -> None:
        if self.busy:
            self.status_bar.show("A walk of this table is running; escape cancels it.")
            return
        self.rows.clear()
        self.model.rows_changed(0)
        self.model.apply()  # a sorted or filtered order must not point at rows that went
        self._data_changed(0)
        self._walk([t.entry.oid for t in self._tables()])

    def action_sort(self) -> None:
        column = self.grid.current_column
        if column is None:
            return
        if self.model.sort is None or self.model.sort[0] != column.key:
            self.model.sort = (column.key, False)
        elif not self.model.sort[1]:
            self.model.sort = (column.key, True)
        else:
            self.model.sort = None
        self._reorder()

    def _reorder(self) -> None:
        position = self.grid.current_position
        self.model.apply()
        self.grid.relayout()
        line = self.model.line_of(position) if position is not None else None
        self.grid.move_to(line if line is not None else 0)
        self._update_title()

    def action_filter(self) -> None:
        current = self.model.filter.text if self.model.filter is not None else ""
        hint = "text, or COLUMN OP VALUE (= != < <= > >= ~), e.g. ifOperStatus = down, ifInErrors > 0; empty: all"
        self.app.push_screen(PromptScreen("Filter rows", current, hint), self._filtered)

    def _filtered(self, text: str | None) -> None:
        if text is None:
            return
        try:
            self.model.set_filter(text)
        except FilterError as exc:
            self.status_bar.finish(f"Filter not applied: {exc}", error=True)
            return
        self._reorder()
        self.status_bar.show(f"{len(self.model):,} of {len(self.rows):,} rows match." if text.strip() else "All rows.")

    def action_columns(self) -> None:
        items = [(f"{c.name}{'  (joined)' if c.joined else ''}", c.key, c.key not in self.model.hidden)
                 for c in self.model.columns if not c.frozen]  # fmt: skip
        self.app.push_screen(PickerScreen("Columns shown", items, "space toggles, enter applies; < > move columns"),
                             self._columns_chosen)  # fmt: skip

    def _columns_chosen(self, keys: list[int] | None) -> None:
        if keys is None:
            return
        chosen = set(keys)
        self.model.set_hidden(c.key for c in self.model.columns if not c.frozen and c.key not in chosen)
        self.grid.relayout()

    def action_move_column(self, step: int) -> None:
        column = self.grid.current_column
        if column is None or column.frozen:
            return
        self.model.move(column.key, step)
        self.grid.relayout()
        keys = [c.key for c in self.model.visible_columns()]
        self.grid.move_to(self.grid.cursor_line, keys.index(column.key))

    def action_joins(self) -> None:
        joined = {t.entry.oid for t in self.rows.joins}
        items = [(f"{t.table.qualified_name} ({kind.value})", n, t.entry.oid in joined)
                 for n, (t, kind) in enumerate(self.candidates)]  # fmt: skip
        if not items:
            self.status_bar.show("No other table has rows that line up with this one's.")
            return
        self.app.push_screen(PickerScreen("Join tables (same rows)", items, "space toggles, enter applies (walks them)"),
                             self._joins_chosen)  # fmt: skip

    def _joins_chosen(self, chosen: list[int] | None) -> None:
        if chosen is None:
            return
        if self.busy:
            self.status_bar.show("A walk is running; escape cancels it, then join again.")
            return
        joins = [self.candidates[n][0] for n in sorted(chosen) if self.candidates[n][0].entry != self.spec.entry]
        self.rows = TableRows(self.spec, joins)
        self.model = TableModel(self.rows)
        self.grid.model = self.model
        self.grid.relayout()
        self._seed()
        missing = self._unwalked()
        if missing:
            self._walk(missing)
        else:
            self._data_changed(0)

    @on(TableGrid.CellChosen)
    def _cell_chosen(self, event: TableGrid.CellChosen) -> None:
        key = event.key if event.key >= 0 else 0
        if not self.rows.columns:
            return
        oid = self.rows.instance_oid(event.position, key)
        single = WalkModel(self.mibs)
        row = [(self.rows.instance_oid(event.position, c), v)
               for c in range(len(self.rows.columns)) if (v := self.rows.cell(event.position, c)) is not None]  # fmt: skip
        single.add(row)
        self.detail.model = single
        self.detail.display = True
        if oid in single.values:
            self.detail.show_instance(oid)
        else:
            self.detail.show_error(f"No {self.rows.columns[key].name} in this row",
                                   "the agent has no instance of this column for this row (a sparse table)",
                                   "r walks the table again")  # fmt: skip

    def _cell_text(self) -> str | None:
        position, column = self.grid.current_position, self.grid.current_column
        if position is None or column is None:
            return None
        return self.model.text(position, column.key)

    def action_copy_cell(self) -> None:
        text = self._cell_text()
        if text is None:
            self.status_bar.show("Nothing to copy here.")
            return
        clipboard.copy_text(self.app, text)
        self.status_bar.show(f"Copied {text[:60]}")

    def action_copy_row(self) -> None:
        position = self.grid.current_position
        if position is None:
            return
        texts = [self.model.text(position, c.key) or "" for c in self.model.visible_columns()]
        clipboard.copy_text(self.app, "\t".join(texts))
        self.status_bar.show(f"Copied the row ({len(texts)} fields, tab-separated).")

    def action_copy_table(self) -> None:
        out = io.StringIO()
        count = self._write(out, "csv")
        clipboard.copy_text(self.app, out.getvalue())
        self.status_bar.show(f"Copied the table as CSV ({count:,} rows, {len(out.getvalue()):,} characters).")

    def _write(self, out: io.TextIOBase | Any, kind: str) -> int:
        order = [self.model.position(line) for line in range(len(self.model))]
        columns = [c.key for c in self.model.visible_columns() if c.key >= 0]
        writer = write_json if kind == "json" else write_csv
        return writer(self.rows, out, _export_text(self.mibs.store), order, columns)

    def action_export(self) -> None:
        agent = getattr(self.connection, "host", "agent")
        path = default_export_path(self.spec.name, str(agent), "csv")
        self.app.push_screen(PromptScreen("Export the table (.csv or .json)", str(path),
                                     "a name ending in .json writes JSON, anything else CSV"), self._export_to)  # fmt: skip

    def _export_to(self, name: str | None) -> None:
        if not name or not name.strip():
            return
        path = Path(os.path.expanduser(name.strip()))
        kind = "json" if path.suffix.lower() == ".json" else "csv"
        try:
            # cells hold the agent's octets one character per byte, as the CLI prints them
            with open(path, "w", encoding="latin-1", errors="replace", newline="") as out:
                count = self._write(out, kind)
        except OSError as exc:
            self.status_bar.finish(f"Cannot write {path}: {exc.strerror or exc}", error=True)
            return
        self.status_bar.finish(f"Wrote {count:,} rows to {path} ({kind.upper()}).")
