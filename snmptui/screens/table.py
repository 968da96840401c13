"""TableScreen: one SNMP table as a grid — index decoded, joins, streaming, sort, filter, export.

Opened with ``t`` on a table, its entry, a column or an instance. Rows are the
table's instances (``core.table.TableRows``), columns the INDEX parts (frozen at the
left) and the table's columns in MIB order, then the columns of the tables that
AUGMENT it (ifXTable beside ifTable); ``J`` joins a table with the same kind of
INDEX on request (dot3StatsTable by ifIndex). A row only a joined table has is shown
too, its own cells ``∅`` (``NOT_IN_TABLE``), counted in the title; enter on one says
whether that is normal (shared INDEX) or the agent's inconsistency (AUGMENTS).

The view is a subscriber of the app's ``AgentContext`` and keeps no copy of the data:
its ``TableRows`` read the column stores of the context's model in place (one store of
the values for every view). What the model already holds shows at once; the entries no
finished walk covered are walked on the context's walk lane (queued behind a running
walk; a running walk that covers the table is simply followed). The data signal only
notes which rows changed; the grid redraws at most every ``REFRESH_INTERVAL``, so keys
are served between the slices of a walk. ``r`` walks again (a complete walk then drops
the rows the agent no longer returned), ``escape`` cancels and keeps what arrived.

Keys: ``s`` sorts by the cursor's column (again: descending, again: off), ``/`` or
``f`` filters (text, or ``column op value``: ``ifOperStatus = down``,
``ifInErrors > 0``), ``c`` picks the columns shown, ``<``/``>`` move the cursor's
column, ``enter`` shows the cell's instance in the detail pane, ``y``/``Y``/``ctrl+y``
copy the cell, the row (TSV) and the table (CSV) with OSC 52, ``e`` exports to a
CSV or JSON file, ``t`` or ``escape`` returns to the tree. ``D`` compares the table
with a snapshot file (``snmptui.table_diff``: marks, alignment by a column, detail).
The keys are ``snmptui.keys.TABLE_BINDINGS`` (grid: ``TABLE_GRID_BINDINGS``), with ids
a ``[keymap]`` rebinds.
"""

from __future__ import annotations

import io
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.worker import get_current_worker
from textual.screen import ModalScreen, Screen
from textual.widgets import SelectionList, Static
from textual.widgets.selection_list import Selection
from textual.timer import Timer

from core.oid import OidTuple, format_oid
from core.table import JoinKind, TableRows, TableSpec, join_candidates
from core.table.export import write_csv, write_json
from core.table.filter import FilterError
from core.table.text import table_options, value_text
from snmptui import clipboard
from snmptui.context import AgentContext
from snmptui.keys import TABLE_BINDINGS, TABLE_PICKER_BINDINGS
from snmptui.messages import AgentChanged, WalkEvent, WalkState
from snmptui.screens.prompt import PromptScreen
from snmptui.model import ModelChange, WalkModel
from snmptui.row_flow import RowFlow
from snmptui.table_diff import ComparisonActions
from snmptui.table_model import NOT_IN_TABLE, TableModel
from snmptui.table_order import OrderCancelled, OrderRequest, compute_order
from snmptui.widgets.detail_pane import DetailPane
from snmptui.widgets.quiet_footer import QuietFooter
from snmptui.widgets.status_bar import StatusBar
from snmptui.widgets.table_grid import TableGrid

__all__ = ["TableScreen", "default_export_path"]

RESORT_INTERVAL = 1.0
"""Seconds between re-sorting / re-filtering while rows stream in (a 100k-row sort takes ~0.1 s)."""
SYNC_ROWS = 2000
"""Tables up to this many rows are ordered on the UI thread at once (a few ms, less than a
thread's round trip, and no moment with the old order); bigger ones by a thread worker."""
LAYOUT_INTERVAL = 0.25
"""Seconds between two re-measurements of the grid while rows stream in."""
REFRESH_INTERVAL = 0.1
"""Seconds between two redraws while rows stream in (the context adds a walk in slices,
``snmptui.context.next_slice``; redrawing per slice would cost more than the slices)."""

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


class PickerScreen(ModalScreen[list[int] | None]):
    """Choose several items (columns to show, tables to join); enter accepts, escape cancels."""

    BINDINGS = TABLE_PICKER_BINDINGS

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


class TableScreen(ComparisonActions, Screen[None]):
    """The table view (see the module docstring)."""

    BINDINGS = TABLE_BINDINGS

    @dataclass
    class OrderReady(Message):
        """A thread worker computed the row order asked by ``request`` (or failed: ``error``)."""

        request: OrderRequest
        order: list[int] | None
        error: Exception | None = None

    def __init__(
        self,
        context: AgentContext,
        spec: TableSpec,
        *,
        command_for: Callable[[str, OidTuple], str] | None = None,
        compare_with: Path | None = None,
    ) -> None:
        """A view of ``context``: its model feeds the rows, its walk lane fetches the entries;
        ``compare_with``: a snapshot file to compare the table with at once."""
        super().__init__()
        self.context = context
        self.mibs = context.mibs
        self.spec = spec
        self.command_for = command_for or (lambda tool, oid: f"{tool} AGENT {format_oid(oid)}")
        self.candidates = join_candidates(spec)
        joins = [other for other, kind in self.candidates
                 if kind is JoinKind.AUGMENTS and other.entry != spec.entry and other.table.status == "current"]
        self.rows = TableRows(spec, joins, stores=context.model.table_store)
        self.model = TableModel(self.rows)
        self.grid = TableGrid(self.model, id="table-grid")
        self.title_bar = Static(id="table-title")
        self.detail = DetailPane(self.mibs, WalkModel(self.mibs), self.command_for, id="table-detail")
        self.status_bar = StatusBar(id="table-status")
        self.waiting: set[OidTuple] = set()
        """entries whose walk (queued, running, or a running one that covers them) has not ended"""
        self.own_walks: list[OidTuple] = []
        """entries this view asked the context to walk (not those a running walk covered)"""
        self.arrived = 0
        self._seen = 0
        """rows the view has been told about"""
        self._new_rows = 0
        self._pending_span: tuple[int, int] | None = None
        self._pending_keys: set[int] = set()
        """columns whose cells arrived since the last flush"""
        self._refresh_timer: Timer | None = None
        self._shown_rows = 0
        """rows when the grid last took in what arrived"""
        self._title = ""
        self._passes: dict[OidTuple, int] = {}
        """entry -> the stamp of the refresh walking it (``r``)"""
        self._began = 0.0
        self._last_apply = 0.0
        self._last_layout = 0.0
        self._layout_timer: Timer | None = None
        self._compare_first = compare_with
        self._order_failures = 0
        self._when_ordered: tuple[OrderRequest, Callable[[], None]] | None = None
        """what to do once this request's order is shown (the filter's count)"""
        self.row_flow = RowFlow(self, lambda done: "" if done.deleted or done.cells else "r reads the table again.")

    def compose(self) -> ComposeResult:
        yield self.title_bar
        yield self.grid
        yield self.detail
        yield self.status_bar
        yield QuietFooter(show_command_palette=False)

    def on_mount(self) -> None:
        self.detail.display = False
        self.grid.focus()
        self.context.subscribe(self, agent=self._agent_changed, data=self._model_changed, walk=self._walk_event)
        self._fill()
        if self._compare_first is not None:
            self.compare_with(self._compare_first)

    def on_unmount(self) -> None:
        self.context.unsubscribe(self)

    @property
    def busy(self) -> bool:
        """A walk that fills this table (queued or running) has not ended."""
        return bool(self.waiting)

    def _tables(self) -> list[TableSpec]:
        return [self.spec, *self.rows.joins]

    def _fill(self) -> None:
        """Show what the model has, and walk the entries no finished walk covered."""
        self._seen = 0
        self._data_changed(len(self.rows))
        self._flush()
        model = self.context.model
        missing = [t.entry.oid for t in self._tables() if not model.is_walked(t.entry.oid)]
        self._walk(missing)
        if not missing:
            self.status_bar.finish(f"{len(self.rows):,} rows from the last walk; r walks the table again.")
        self._update_title()

    def _agent_changed(self, _event: AgentChanged) -> None:
        """Another agent: the model made new stores, the rows read those from now on."""
        if self.rows.stores[0] is self.context.model.tables.get(self.spec.entry.oid):
            return
        self.waiting.clear()
        self._rebuild(list(self.rows.joins))

    def _rebuild(self, joins: list[TableSpec]) -> None:
        self.rows = TableRows(self.spec, joins, stores=self.context.model.table_store)
        self.model = TableModel(self.rows)
        self.grid.model = self.model
        self.grid.relayout()
        self._fill()

    def _walk(self, entries: list[OidTuple]) -> None:
        """Ask the context for these entries (a running walk that covers one fills it)."""
        if not entries:
            return
        if self.context.spec is None:
            self.status_bar.finish("Not connected: the table cannot be walked.", error=True)
            return
        self._began = time.monotonic()
        self.arrived = 0
        for entry in entries:
            self.waiting.add(entry)
            if not self.context.covers(entry):
                self.own_walks.append(entry)
                self.context.start_walk(entry, automatic=True)  # queued behind a running walk
        self.status_bar.start(f"Walking {self.mibs.oid_text(self.spec.entry.oid)}")

    def _model_changed(self, change: ModelChange) -> None:
        """A slice of some walk went into the model: note whether it touched this table
        (the rows read the model's stores, so nothing is copied; the grid redraws at most
        every ``REFRESH_INTERVAL``)."""
        if change.gone_rows:
            self._rows_gone(change.gone_rows)
        tables = change.tables
        if not tables:
            return
        touched = False
        for number, store in enumerate(self.rows.stores):
            span = tables.get(store.entry)
            if span is None:
                continue
            touched = True
            self._pending_keys |= self.rows.column_keys(number, change.columns.get(store.entry, ()))
            self.arrived += span[2]
            low, high = (span[0], span[1]) if store is self.rows.stores[0] else (0, len(self.rows))
            pending = self._pending_span
            self._pending_span = (low, high) if pending is None else (min(pending[0], low), max(pending[1], high))
        if touched:
            self._data_changed(len(self.rows) - self._seen)

    def _rows_gone(self, gone: dict[OidTuple, list[OidTuple]]) -> None:
        """Rows left the model (destroyed here or elsewhere, or a refresh no longer found
        them): positions changed, so the order and what is drawn are recomputed."""
        if not any(store.entry in gone for store in self.rows.stores):
            return
        self._seen = len(self.rows)
        self.model.rows_changed(0)
        self.model.rows_replaced()
        self.grid.relayout()
        self._order_rows()
        self.live_rows_changed(force=True)
        self._update_title()

    def _walk_event(self, event: WalkEvent) -> None:
        if event.state in (WalkState.STARTED, WalkState.PROGRESS) or not self.waiting:
            return
        model = self.context.model
        if event.state is WalkState.CANCELLED:
            self.waiting.clear()  # the context dropped the queued walks too
        else:
            root = event.root
            self.waiting = {e for e in self.waiting if e[: len(root)] != root and not model.is_walked(e)}
        if event.state is WalkState.FAILED:
            self.status_bar.finish(f"Walk of {self.mibs.oid_text(event.root)} failed: {event.reason}", error=True)
            self.detail.show_error("Walk failed", event.reason, event.hint)
            self.detail.display = True
        if self.waiting and self.context.walk is None and not self.context.walk_queue:
            rest = sorted(self.waiting)
            self.waiting.clear()
            self._walk(rest)  # the queue skipped them (or they failed): ask once more
            return
        if not self.waiting:
            self._finished(event.state is WalkState.CANCELLED, event.state is WalkState.FAILED)

    def _finished(self, cancelled: bool, failed: bool) -> None:
        passes, self._passes = self._passes, {}
        if not (cancelled or failed) and passes:  # rows a complete walk did not return are gone
            for entry, stamp in passes.items():
                self.context.drop_stale_rows(entry, stamp)  # every view hears of it (_rows_gone here)
        self._flush()
        self._order_rows()
        self.grid.relayout()
        self.live_rows_changed(force=True)
        took = time.monotonic() - self._began
        if cancelled:
            self.status_bar.finish(f"Walk cancelled: kept {len(self.rows):,} rows.")
        elif not failed:
            self.status_bar.finish(f"{len(self.rows):,} rows ({self.arrived:,} varbinds in {took:.2f} s).")
        self._update_title()

    def _data_changed(self, new_rows: int) -> None:
        """Rows arrived: draw them within ``REFRESH_INTERVAL`` (one redraw for all the slices
        in between), re-measure the grid at most every ``LAYOUT_INTERVAL`` (a new scroll
        extent re-lays the screen out, which costs more than drawing lines)."""
        self._seen += new_rows
        self._new_rows += new_rows
        if not self._shown_rows and len(self.rows):
            self._flush()  # the first rows: at once
        elif self._refresh_timer is None:
            self._refresh_timer = self.set_timer(REFRESH_INTERVAL, self._flush)

    def _flush(self) -> None:
        """Show what arrived since the last flush."""
        if self._refresh_timer is not None:
            self._refresh_timer.stop()
            self._refresh_timer = None
        new_rows, self._new_rows = self._new_rows, 0
        first_new, self._shown_rows = self._shown_rows, len(self.rows)
        span, self._pending_span = self._pending_span, None
        keys, self._pending_keys = self._pending_keys, set()
        self.model.rows_changed(new_rows)
        self.live_rows_changed()
        if self.busy:
            self.status_bar.progress(len(self.rows))
        grid = self.grid
        if span is None or not self.model.unordered():
            grid.refresh()
        elif (first_new < self._shown_rows and grid.shows_rows(first_new, self._shown_rows - 1)) or (
            grid.shows_rows(*span) and grid.shows_columns(keys)
        ):
            grid.refresh()  # rows or cells on screen changed (the others are drawn when scrolled to)
        else:
            grid.forget_rows(*span)  # lines drawn before and scrolled away from are stale now
        now = time.monotonic()
        if now - self._last_layout >= LAYOUT_INTERVAL:
            self._flush_layout()
        elif self._layout_timer is None:
            self._layout_timer = self.set_timer(self._last_layout + LAYOUT_INTERVAL - now, self._flush_layout)

    def _flush_layout(self) -> None:
        if self._layout_timer is not None:
            self._layout_timer.stop()
            self._layout_timer = None
        now = time.monotonic()
        self._last_layout = now
        if self.model.stale and not self.model.pending and now - self._last_apply >= RESORT_INTERVAL:
            self._order_rows()  # (one at a time: a newer request would cancel a slow one forever)
        self.live_rows_changed()
        self.grid.relayout(redraw=False)
        self._update_title()

    def _order_rows(self, *, follow: bool = False, then: Callable[[], None] | None = None) -> None:
        """Recompute the row order for the sort and filter in force: at once for a small
        table, else on a thread worker (``_order_ready`` shows it; a newer request makes an
        older one stale). ``follow``: the cursor stays on its row; ``then``: called once
        this order is shown."""
        self._last_apply = time.monotonic()
        model = self.model
        awaited, when = model.awaited, self._when_ordered
        if awaited is not None:  # what the user asked of the order this one supersedes still holds
            follow = follow or awaited.follow
            if then is None and when is not None and when[0] is awaited:
                then = when[1]
        request = model.request_order(follow=follow)
        self._when_ordered = (request, then) if then is not None else None
        if model.unordered() or request.size <= SYNC_ROWS:
            self._order_ready(request, model.order_now(request))
            return
        keys = [c.key for c in model.columns]
        self.run_worker(partial(self._order_worker, request, keys), thread=True, group="table-order",
                        exclusive=True, exit_on_error=False)  # fmt: skip
        self._update_title()

    def _order_worker(self, request: OrderRequest, keys: list[int]) -> None:
        """On the worker thread: compute, then hand the result to the UI thread (a message)."""
        worker = get_current_worker()
        try:
            order = compute_order(request, keys, lambda: worker.is_cancelled)
        except OrderCancelled:
            return
        except Exception as exc:  # noqa: BLE001 - reported on the UI thread, never lost
            self.post_message(self.OrderReady(request, None, exc))
            return
        self.post_message(self.OrderReady(request, order))

    @on(OrderReady)
    def _order_computed(self, message: OrderReady) -> None:
        request, error = message.request, message.error
        if error is None:
            self._order_failures = 0
            self._order_ready(request, message.order)
            return
        if not self.model.abandon(request):
            return  # stale anyway
        self._order_failures += 1
        if self._order_failures == 1:
            # most likely a read torn by a change that reshaped a column while the worker
            # read it (the walk files cells meanwhile): once more
            self._order_rows(follow=request.follow)
            return
        self._order_failures = 0
        reason = self.context.report(error, "ordering the table's rows")
        self.status_bar.finish(f"Sort/filter not applied: {reason}", error=True)
        self._update_title()

    def _order_ready(self, request: OrderRequest, order: list[int] | None) -> None:
        """Show the order computed for ``request`` unless it is stale."""
        position = self.grid.current_position
        if not self.model.accept(request, order):
            if self.model.stale and not self.model.pending and not self.busy:
                self._order_rows(follow=request.follow)  # rows were renumbered meanwhile: again
            return
        self.grid.relayout()
        if request.follow:
            line = self.model.line_of(position) if position is not None else None
            self.grid.move_to(line if line is not None else 0)
        self._update_title()
        when = self._when_ordered
        if when is not None and when[0] is request:
            self._when_ordered = None
            when[1]()

    def _update_title(self) -> None:
        shown, total = len(self.model), len(self.rows if self.comparison is None else self.model.rows)
        count = f"{total:,} rows" if shown == total else f"{shown:,} of {total:,} rows"
        state = self.model.describe()
        joined = ", ".join(t.name for t in self.rows.joins)
        parts = [self.spec.table.qualified_name, count]
        if joined:
            parts.append(f"+ {joined}")
            only = self.rows.joined_only_count()
            if only:
                parts.append(f"{only:,} {'row' if only == 1 else 'rows'} not in {self.spec.table.name} ({NOT_IN_TABLE})")
        if state:
            parts.append(state + (" (ordering…)" if self.model.pending else ""))
        if self.comparison is not None:
            parts.append(self.comparison.describe())
        title = " · ".join(parts)
        if title != self._title:
            self._title = title
            self.title_bar.update(title, layout=False)  # one line, always: no layout pass

    # ------------------------------------------------------------ actions

    def action_back(self) -> None:
        if self.busy:
            self.context.cancel_walk()  # what arrived stays
            self.waiting.clear()
            self._finished(True, False)
            return
        if self.detail.display:
            self.detail.display = False
            self.grid.focus()
            return
        self.action_close()

    def action_close(self) -> None:
        self.app.pop_screen()

    def action_refresh(self) -> None:
        if self.busy:
            self.status_bar.show("A walk of this table is running; escape cancels it.")
            return
        if self.context.walk is not None:
            self.status_bar.show("Another walk is running; r again when it ends (escape cancels it).")
            return
        model = self.context.model
        self._passes = {t.entry.oid: model.begin_table_pass(t.entry.oid) for t in self._tables()}
        self._walk([t.entry.oid for t in self._tables()])  # the model's cells are updated in place

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

    def _reorder(self, then: Callable[[], None] | None = None) -> None:
        """The user changed the sort or filter: order again, the cursor staying on its row."""
        self._order_rows(follow=True, then=then)
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
        if text.strip():
            self.status_bar.show(f"Filtering {len(self.rows):,} rows…")
        self._reorder(lambda: self.status_bar.show(
            f"{len(self.model):,} of {len(self.rows):,} rows match." if text.strip() else "All rows."))

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
        compared = self.suspend_comparison()
        self._rebuild(joins)
        if compared is not None:
            self.compare_with(compared)  # the snapshot's rows of the joined tables too

    @on(TableGrid.CellChosen)
    def _cell_chosen(self, event: TableGrid.CellChosen) -> None:
        if self.comparison_detail(event.position, event.key):
            return
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
        elif not self.rows.columns[key].joined and self.rows.joined_only(event.position):
            self._show_joined_only(event.position)
        else:
            self.detail.show_error(f"No {self.rows.columns[key].name} in this row",
                                   "the agent has no instance of this column for this row (a sparse table)",
                                   "r walks the table again")  # fmt: skip

    def _show_joined_only(self, position: int) -> None:
        """Why a row has none of the table's own cells: only joined tables have it."""
        table = self.spec.table.name
        index = ", ".join(f"{part.name} = {part.text}" for part in self.rows.index_values(position))
        partners = self.rows.only_in(position)
        names = ", ".join(t.name for t in partners)
        kinds = {t.entry.oid: kind for t, kind in join_candidates(self.spec)}
        if any(kinds.get(t.entry.oid) is JoinKind.AUGMENTS for t in partners):
            hint = f"{names} augments {table}: the agent should have both rows (an agent inconsistency); r walks again"
        else:
            hint = f"{names} shares {table}'s INDEX: a row on one side only is normal"
        self.detail.show_error(f"No {table} row {index}", f"only {names} has this row", hint)

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
        shown = (self.live_position(self.model.position(line)) for line in range(len(self.model)))
        order = [position for position in shown if position is not None]  # the agent's rows
        columns = [c.key for c in self.model.visible_columns() if c.key >= 0]
        writer = write_json if kind == "json" else write_csv
        return writer(self.rows, out, _export_text(self.mibs.store), order, columns)

    def action_export(self) -> None:
        agent = getattr(self.context.spec, "host", "agent")
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

    # ------------------------------------------------------------ rows: create, delete, watch

    def action_new_row(self) -> None:
        self.row_flow.new_row(self.spec.entry.oid)

    def action_delete_row(self) -> None:
        position = self.live_position(self.grid.current_position)
        self.row_flow.delete_row(self.spec.entry.oid, None if position is None else self.rows.suffix(position))

    def action_watch_row(self) -> None:
        position = self.live_position(self.grid.current_position)
        browser = getattr(self.app, "browser", None)
        watcher = getattr(browser, "watcher", None)
        if position is None or watcher is None:
            self.status_bar.show("Nothing to watch here.")
            return
        added = 0
        for key, column in enumerate(self.rows.columns):
            value = self.rows.cell(position, key)
            if isinstance(value, int) and not isinstance(value, bool):
                oid = self.rows.instance_oid(position, key)
                added += watcher.add(format_oid(oid), self.mibs.oid_text(oid), column.node.units or None)
        if browser is not None:
            browser.watch_dock.display = True
        self.status_bar.show(f"Watching {added} cells of the row (the tree's watch pane shows them).")

