"""The table view's comparison with a snapshot file: the rows it shows, its marks, its detail.

:class:`TableComparison` holds the snapshot's rows of the table (``core.snapshot.table_diff``
reads them from the file), compares the agent's rows with them (rows by index number,
or by a key column's value: ``ifName``), and gives the table view

- :class:`ComparedRows`, what the grid shows: the agent's rows, then the rows found only
  in the snapshot (with the snapshot's values); or only the rows that differ;
- the grid's marks (:class:`~snmptui.widgets.table_grid.GridMarks`): a sign per row
  (``~`` cells differ, ``+`` only on the agent, ``-`` only in the snapshot, ``!`` not
  aligned) and, per cell that differs, a leading ``~`` and a colour; snapshot-only rows
  greyed;
- the detail of a cell (before and now) and a title line.

:class:`ComparisonActions` is the table screen's side: the keys (``snmptui.keys``
``TABLE_COMPARE_BINDINGS``), reading the file in a worker, and re-comparing as the
agent's rows change.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from rich.style import Style
from rich.text import Text

from core.mib.index import IndexValue
from core.oid import OidTuple, format_oid
from core.snapshot.diff_report import SIGNS
from core.snapshot.model import SnapshotError
from core.snapshot.table_diff import ROW_SIGNS, RowStatus, TableDiff, compare_tables, read_snapshot_table
from core.snapshot.text import type_text
from core.table.rows import TableRows
from core.table.spec import Column, TableSpec
from snmptui.diff_marks import MARK_STYLES
from snmptui.model import MibFacade
from snmptui.snapshot_memory import last_snapshot_file, remember_snapshot_file

__all__ = ["ComparedRows", "TableComparison", "ComparisonActions", "COMPARE_INTERVAL"]

COMPARE_INTERVAL = 1.0
"""Least seconds between two comparisons while the agent's rows stream in; a comparison
that takes long (about 1 s per million cells) waits five times its cost before the next."""

_ROW_STYLES = {
    RowStatus.CHANGED: Style.parse(MARK_STYLES["changed"]),
    RowStatus.ADDED: Style.parse(MARK_STYLES["added"]),
    RowStatus.REMOVED: Style.parse(MARK_STYLES["removed"]),
    RowStatus.UNALIGNED: Style.parse("bold magenta"),
}
_CHANGED_CELL = Style.parse(MARK_STYLES["changed"].removeprefix("bold "))
_ADDED_ROW = Style.parse(MARK_STYLES["added"].removeprefix("bold "))
_GREYED = Style(dim=True, italic=True)
_WHAT = {
    RowStatus.SAME: "same as in the snapshot",
    RowStatus.CHANGED: "differs from the snapshot",
    RowStatus.ADDED: "row only on the agent",
    RowStatus.REMOVED: "row only in the snapshot (gone from the agent)",
    RowStatus.UNALIGNED: "row not aligned",
}


class ComparedRows:
    """The rows a comparison shows, read as the table model reads a ``TableRows``:
    positions are the agent's rows (``live``) and the snapshot's rows (``old``) in the
    order chosen; :meth:`side` says which a position is."""

    def __init__(self, live: TableRows, old: TableRows, diff: TableDiff, differences_only: bool) -> None:
        self.live = live
        self.old = old
        self.diff = diff
        rows: list[tuple[bool, int]] = []
        for position in range(len(live)):
            if not differences_only or diff.row_status(position) is not RowStatus.SAME:
                rows.append((True, position))
        rows.extend((False, position) for position, _status in diff.ghosts)
        self._rows = rows
        self._ghost_status = dict(diff.ghosts)
        self.live_size = len(live)
        """the agent's rows when compared (rows arrived since are shown at the next comparison)"""
        self.version = live.version
        self.span: tuple[int, int] | None = None

    # the part of TableRows' reading API the table model and grid use
    @property
    def spec(self) -> TableSpec:
        return self.live.spec

    @property
    def columns(self) -> tuple[Column, ...]:
        return self.live.columns

    @property
    def stores(self) -> tuple[Any, ...]:
        """the agent's stores (their generations tell when rows were renumbered)"""
        return self.live.stores

    @property
    def joins(self) -> tuple[TableSpec, ...]:
        return self.live.joins

    def __len__(self) -> int:
        return len(self._rows)

    def side(self, position: int) -> tuple[TableRows, int]:
        """(the live or the snapshot's rows, the row's position there)."""
        is_live, row = self._rows[position]
        return (self.live if is_live else self.old), row

    def live_position(self, position: int) -> int | None:
        """The agent's row shown at ``position`` (None for a row of the snapshot only)."""
        is_live, row = self._rows[position]
        return row if is_live else None

    def status(self, position: int) -> RowStatus:
        is_live, row = self._rows[position]
        return self.diff.row_status(row) if is_live else self._ghost_status[row]

    def cell(self, position: int, column: int) -> Any:
        rows, row = self.side(position)
        return rows.cell(row, column)

    def suffix(self, position: int) -> OidTuple:
        rows, row = self.side(position)
        return rows.suffix(row)

    def joined_only(self, position: int) -> bool:
        rows, row = self.side(position)
        return rows.joined_only(row)

    def index_values(self, position: int) -> list[IndexValue]:
        rows, row = self.side(position)
        return rows.index_values(row)

    def instance_oid(self, position: int, column: int) -> OidTuple:
        rows, row = self.side(position)
        return rows.instance_oid(row, column)

    def column_values(self, column: int) -> list[Any]:
        return [self.cell(p, column) for p in range(len(self._rows))]


class TableComparison:
    """A table compared with a snapshot file (see the module docstring); also the grid's marks."""

    gutter = 2

    def __init__(self, path: Path, old: TableRows, live: TableRows, store: Any) -> None:
        self.path = path
        self.old = old
        self.live = live
        self.store = store
        self.key: int | None = None
        """the column rows are aligned by (None: by index number)"""
        self.differences_only = False
        self.stale = False
        self.compared_at = 0.0
        self.took = 0.0
        self.diff: TableDiff
        self.rows: ComparedRows
        self.compare()

    def compare(self) -> None:
        """Compare again (the agent's rows changed, or the alignment or filter did)."""
        began = time.monotonic()
        self.diff = compare_tables(self.old, self.live, self.key, self.store)
        self.rows = ComparedRows(self.live, self.old, self.diff, self.differences_only)
        self.stale = False
        self.compared_at = time.monotonic()
        self.took = self.compared_at - began

    def live_changed(self) -> bool:
        """The agent's rows changed: True when the comparison had to be redone at once (rows
        went, so positions shown may no longer exist); else it is stale until :meth:`due`."""
        if len(self.live) < self.rows.live_size:
            self.compare()
            return True
        self.stale = True
        return False

    def due(self, force: bool = False) -> bool:
        """Stale, and (unless ``force``) not compared in the last ``COMPARE_INTERVAL``."""
        wait = max(COMPARE_INTERVAL, 5 * self.took)
        return self.stale and (force or time.monotonic() - self.compared_at >= wait)

    # ------------------------------------------------------------ GridMarks

    def row_sign(self, position: int) -> tuple[str, Style | None]:
        status = self.rows.status(position)
        return ROW_SIGNS[status], _ROW_STYLES.get(status)

    def cell(self, position: int, key: int, text: str, style: Style) -> tuple[str, Style]:
        rows = self.rows
        live = rows.live_position(position)
        if live is None:
            return text, style + _GREYED
        if self.diff.cell_differs(live, key):
            return SIGNS["changed"] + text, style + _CHANGED_CELL
        if self.diff.row_status(live) is RowStatus.ADDED:
            return text, style + _ADDED_ROW
        return text, style

    # ------------------------------------------------------------ words

    @property
    def key_name(self) -> str | None:
        return None if self.key is None else self.live.columns[self.key].name

    def describe(self) -> str:
        """``vs before.snmprec: 2 changed, 1 added (rows by ifName)`` for the title."""
        how = f" (rows by {self.key_name})" if self.key is not None else ""
        only = ", differences only" if self.differences_only else ""
        return f"vs {self.path.name}: {self.diff.summary()}{how}{only}"

    def notes(self) -> list[str]:
        """Why rows were not aligned (empty when all were)."""
        return self.diff.alignment.notes("the snapshot", "the agent")

    def detail(self, mibs: MibFacade, position: int, key: int) -> Text:
        """A cell's comparison: what its row is, the value before (the file) and now."""
        rows = self.rows
        status = rows.status(position)
        live = rows.live_position(position)
        column = self.live.columns[key]
        old_row = self.diff.old_row.get(live) if live is not None else rows.side(position)[1]
        new_oid = self.live.instance_oid(live, key) if live is not None else None
        old_oid = self.old.instance_oid(old_row, key) if old_row is not None else None
        text = Text(mibs.oid_text(new_oid or old_oid or column.node.oid) + "\n", style="bold")
        cell_status = status
        if status in (RowStatus.CHANGED, RowStatus.SAME) and live is not None:
            cell_status = RowStatus.CHANGED if self.diff.cell_differs(live, key) else RowStatus.SAME
        style = MARK_STYLES.get(cell_status.value, "dim" if cell_status is RowStatus.SAME else "bold magenta")
        text.append(f"{ROW_SIGNS[cell_status].strip() or '='} {_WHAT[cell_status]}\n", style=style)
        reason = self.diff.reasons.get(("new", live) if live is not None else ("old", old_row or 0))
        if reason is not None:
            text.append(f"{reason}: not compared (a key must be on one row of each side)\n", style="magenta")
        if self.key is not None and live is not None and old_row is not None:
            key_text = self.diff.alignment.key_text(self.live.suffix(live)) or ""
            before, after = self.old.suffix(old_row), self.live.suffix(live)
            moved = f": .{format_oid(before)} in the snapshot, .{format_oid(after)} now" if before != after else ""
            text.append(f"row {self.key_name} {key_text}{moved}\n", style="dim")
        text.append("\n")
        old_value = self.old.cell(old_row, key) if old_row is not None else None
        new_value = self.live.cell(live, key) if live is not None else None
        for label, value, present in (("before", old_value, old_row is not None), ("now", new_value, live is not None)):
            text.append(f"{label:7}", style="dim")
            if not present:
                text.append("(no such row)\n", style="dim")
            else:
                text.append(("(absent)" if value is None else mibs.render(column.node.oid, value)) + "\n")
        types = list(dict.fromkeys(type_text(v) for v in (old_value, new_value) if v is not None))
        if types:
            text.append(f"{'type':7}", style="dim")
            text.append(" -> ".join(types) + "\n")
        for oid in dict.fromkeys(o for o in (old_oid, new_oid) if o is not None):
            text.append(f"\nOID {format_oid(oid)}", style="dim")
        text.append(f"\nsnapshot {self.path}", style="dim")
        return text


class ComparisonActions:
    """The table screen's comparison keys; mixed into ``TableScreen``, whose grid, model,
    rows, status bar, detail pane and title it uses."""

    comparison: TableComparison | None = None

    def action_compare_snapshot(self) -> None:
        from snmptui.screens.prompt import PromptScreen

        screen: Any = self
        current = self.comparison.path if self.comparison is not None else last_snapshot_file(screen.app)
        hint = "a snapshot file (.snmprec, .bz2, snmpwalk .txt, .json); empty: stop comparing"
        screen.app.push_screen(PromptScreen("Compare this table with a snapshot file", str(current or ""), hint),
                               self._compare_file)  # fmt: skip

    def _compare_file(self, name: str | None) -> None:
        if name is None:
            return
        if not name.strip():
            self.stop_comparing()
            return
        self.compare_with(Path(name.strip()).expanduser())

    def compare_with(self, path: Path) -> None:
        """Read the table's rows in ``path`` (a worker), then compare and mark."""
        screen: Any = self
        live = screen.rows
        spec, joins = live.spec, live.joins
        screen.status_bar.start(f"Reading {screen.spec.name} from {path}")

        def read() -> None:
            from textual.worker import get_current_worker

            worker = get_current_worker()
            try:
                old = read_snapshot_table(path, spec, joins, stop=lambda: worker.is_cancelled)
            except (SnapshotError, OSError, ValueError) as exc:
                message = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
                screen.app.call_from_thread(self._failed, f"Cannot compare with {path}: {message}")
                return
            if not worker.is_cancelled:
                screen.app.call_from_thread(self._compared, path, old, live)

        screen.run_worker(read, thread=True, group="compare", exclusive=True, name=f"compare {path}", exit_on_error=False)

    def _failed(self, message: str) -> None:
        screen: Any = self
        screen.status_bar.finish(message, error=True)

    def _compared(self, path: Path, old: TableRows, live: TableRows) -> None:
        screen: Any = self
        if live is not screen.rows:  # joins changed while the file was read: read it again
            self.compare_with(path)
            return
        previous = self.comparison
        comparison = TableComparison(path, old, live, screen.mibs.store)
        if previous is not None:
            comparison.key, comparison.differences_only = previous.key, previous.differences_only
            if comparison.key is not None or comparison.differences_only:
                comparison.compare()
        self.comparison = comparison
        screen.grid.marks = comparison
        self._show_comparison()
        rows = len(old)
        found = f"{rows:,} rows of {screen.spec.name} in {path.name}" if rows else f"no rows of {screen.spec.name} in {path.name}"
        remember_snapshot_file(screen.app, path)
        screen.status_bar.finish(f"Comparing with {found}: {comparison.diff.summary()}.", error=not rows)

    def stop_comparing(self) -> None:
        screen: Any = self
        if self.comparison is None:
            return
        self.comparison = None
        screen.grid.marks = None
        screen.model.rows = screen.rows
        self._redraw()
        screen.status_bar.show("Not comparing.")

    def _show_comparison(self) -> None:
        """Put the comparison's rows under the table model and redraw."""
        screen: Any = self
        assert self.comparison is not None
        screen.model.rows = self.comparison.rows
        self._redraw()
        for note in self.comparison.notes():
            screen.notify(note, title="Rows not aligned", severity="warning", timeout=8)

    def _redraw(self) -> None:
        """The model's rows are another object: order them again (the cursor stays on its row)."""
        screen: Any = self
        screen.model.rows_changed(0)
        screen.model.rows_replaced()
        screen.grid.relayout()
        screen._reorder()

    def suspend_comparison(self) -> Path | None:
        """Stop comparing before the table's rows are rebuilt (joins); the file to compare again."""
        path = self.comparison.path if self.comparison is not None else None
        screen: Any = self
        self.comparison = None
        screen.grid.marks = None
        return path

    def live_rows_changed(self, force: bool = False) -> None:
        """The agent's rows changed: compare again now (``force``, or rows went) or when due."""
        comparison = self.comparison
        if comparison is None:
            return
        if comparison.live_changed():
            self._show_comparison()
        elif comparison.due(force):
            comparison.compare()
            self._show_comparison()

    def _needs_comparison(self) -> TableComparison | None:
        screen: Any = self
        if self.comparison is None:
            screen.status_bar.show("Not comparing: D compares this table with a snapshot file.")
        return self.comparison

    def action_compare_by_column(self) -> None:
        screen: Any = self
        comparison = self._needs_comparison()
        column = screen.grid.current_column
        if comparison is None or column is None:
            return
        if column.key < 0 or comparison.key == column.key:
            comparison.key = None
            screen.status_bar.show("Rows aligned by index number.")
        else:
            comparison.key = column.key
            screen.status_bar.show(f"Rows aligned by {column.name}: {len(comparison.old):,} in the snapshot, "
                                   f"{len(comparison.live):,} on the agent.")  # fmt: skip
        comparison.compare()
        self._show_comparison()

    def action_differences_only(self) -> None:
        comparison = self._needs_comparison()
        if comparison is None:
            return
        comparison.differences_only = not comparison.differences_only
        comparison.compare()
        self._show_comparison()

    def action_next_difference(self, step: int) -> None:
        screen: Any = self
        comparison = self._needs_comparison()
        total = len(screen.model)
        if comparison is None or not total:
            return
        line = screen.grid.cursor_line
        for _ in range(total):
            line = (line + step) % total
            if comparison.rows.status(screen.model.position(line)) is not RowStatus.SAME:
                screen.grid.move_to(line)
                return
        screen.status_bar.show("No differences.")

    def comparison_detail(self, position: int, key: int) -> bool:
        """Show a cell's before and now in the detail pane (True when comparing)."""
        screen: Any = self
        if self.comparison is None or not screen.rows.columns:
            return False
        screen.detail.show_renderable(self.comparison.detail(screen.mibs, position, max(key, 0)))
        screen.detail.display = True
        return True

    def live_position(self, position: int | None) -> int | None:
        """The agent's row at a grid position (None on a snapshot-only row)."""
        if position is None or self.comparison is None:
            return position
        return self.comparison.rows.live_position(position) if position < len(self.comparison.rows) else None
