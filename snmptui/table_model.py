"""What the table view shows of a ``TableRows``: columns, their order and widths, sort, filter.

The grid widget draws only the rows on screen; this model answers "which row is on
line N" (``order``, after filter and sort) and "what text is in this cell" (cached
per visible row). Index columns come first and stay put (frozen); the data columns
can be hidden and reordered. Cell text is the browser's rendering (``browser_value``)
with enumerations shown by label only (``down``, not ``down(2)``); the detail pane
shows the rest. A cell the agent lacks shows ``?``; in a row only a joined table has,
the table's own cells show ``NOT_IN_TABLE``. The order after sort and filter is computed
by ``snmptui.table_order`` (``request_order``, then ``accept`` — on a thread for big
tables, where the view drops a stale result).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from core.table.filter import RowFilter, common_prefix, parse_filter
from core.table.rows import TableRows
from snmptui.table_order import OrderRequest, browser_cell_text, cell_text, cell_value, compute_order

__all__ = ["GridColumn", "TableModel", "MAX_WIDTH", "NOT_IN_TABLE", "browser_cell_text"]

MAX_WIDTH = 30
"""A column is never drawn wider (its cells end with … when cut): a table must fit 80 columns."""
MIN_TITLE = 8
SAMPLE_ROWS = 200
"""rows measured when the data arrives (widths grow later as longer cells are drawn)"""
_CACHE_ROWS = 400
NOT_IN_TABLE = "∅"
"""a cell of the table's own columns in a row only a joined table has (not a sparse cell: no row)"""


@dataclass
class GridColumn:
    """One column on screen: an INDEX part (``key`` < 0) or a TableRows column (``key`` >= 0)."""

    key: int
    name: str
    short: str
    width: int
    frozen: bool = False
    joined: bool = False

    @property
    def is_index(self) -> bool:
        return self.key < 0


class TableModel:
    """The view state of one table: see the module docstring."""

    def __init__(self, rows: TableRows) -> None:
        self.rows = rows
        self.sort: tuple[int, bool] | None = None
        """(column key, descending)"""
        self.filter: RowFilter | None = None
        self._filter_key = 0
        self._order: list[int] | None = None
        self._dirty = False
        self._ticket = 0
        self._asked: OrderRequest | None = None
        self._cache: dict[int, dict[int, str | None]] = {}
        self.columns: list[GridColumn] = []
        self.hidden: set[int] = set()
        self._build_columns()
        # an INDEX object the agent also serves (ifIndex) repeats the frozen index column
        index_oids = {part.node.oid for part in rows.spec.index if part.node is not None}
        self.hidden = {n for n, column in enumerate(rows.columns) if column.node.oid in index_oids}

    # ------------------------------------------------------------ columns

    def _build_columns(self) -> None:
        rows = self.rows
        index_names = [part.name for part in rows.spec.index]
        data_names = [c.name for c in rows.columns]
        cut = common_prefix(data_names + index_names)
        columns = [GridColumn(-1 - i, name, name[cut:] or name, max(MIN_TITLE, min(len(name), 12)), frozen=True)
                   for i, name in enumerate(index_names)]  # fmt: skip
        for position, column in enumerate(rows.columns):
            name = column.name
            columns.append(GridColumn(position, name, name[cut:] or name, min(len(name), MIN_TITLE + 4),
                                      joined=column.joined))  # fmt: skip
        self.columns = columns

    def visible_columns(self) -> list[GridColumn]:
        return [c for c in self.columns if c.key not in self.hidden]

    def column_by_key(self, key: int) -> GridColumn:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)

    def names(self) -> list[str]:
        """Names of every column, index parts first (what filters refer to)."""
        return [c.name for c in self.columns]

    def move(self, key: int, step: int) -> None:
        """Move a data column ``step`` places among the data columns."""
        data = [c for c in self.columns if not c.frozen]
        frozen = [c for c in self.columns if c.frozen]
        position = next((i for i, c in enumerate(data) if c.key == key), None)
        if position is None:
            return
        target = max(0, min(len(data) - 1, position + step))
        data.insert(target, data.pop(position))
        self.columns = frozen + data

    def set_hidden(self, keys: Iterable[int]) -> None:
        self.hidden = {k for k in keys if k >= 0}

    def measure(self, positions: Iterable[int]) -> bool:
        """Widen columns for these rows' texts (up to ``MAX_WIDTH``); True if any grew."""
        grew = False
        for position in positions:
            texts = self.texts(position)
            for column in self.columns:
                text = texts.get(column.key)
                if text is not None and len(text) > column.width and column.width < MAX_WIDTH:
                    column.width = min(MAX_WIDTH, len(text))
                    grew = True
        return grew

    # ------------------------------------------------------------ rows

    def rows_changed(self, new_rows: int) -> None:
        """Rows arrived or cells changed: cached texts go, order needs recomputing."""
        self._cache.clear()
        if self.sort is not None or self.filter is not None:
            self._dirty = True
        if new_rows and len(self.rows) <= SAMPLE_ROWS + new_rows:
            self.measure(range(max(0, len(self.rows) - new_rows), min(len(self.rows), SAMPLE_ROWS)))

    @property
    def stale(self) -> bool:
        """True when sort or filter has not seen the latest rows yet."""
        return self._dirty

    def __len__(self) -> int:
        if self._order is None:
            return len(self.rows)
        return len(self._order)

    def position(self, line: int) -> int:
        """The TableRows position of view line ``line``."""
        return line if self._order is None else self._order[line]

    def line_of(self, position: int) -> int | None:
        if self._order is None:
            return position if position < len(self.rows) else None
        try:
            return self._order.index(position)
        except ValueError:
            return None

    def texts(self, position: int, keys: Iterable[int] | None = None) -> dict[int, str | None]:
        """Text of the row's cells in ``keys`` (default: every column), cached per row while
        it is drawn; only the cells asked for are rendered."""
        cached = self._cache.get(position)
        if cached is None:
            if len(self._cache) > _CACHE_ROWS:
                self._cache.clear()
            cached = self._cache[position] = {}
        rows = self.rows
        wanted = [c.key for c in self.columns] if keys is None else keys
        for key in wanted:
            if key in cached:
                continue
            if key < 0:  # one decoding gives every INDEX part
                for i, part in enumerate(rows.index_values(position)):
                    cached[-1 - i] = part.text
                cached.setdefault(key, None)
                continue
            value = rows.cell(position, key)
            cached[key] = None if value is None else browser_cell_text(rows.columns[key].node, value)
        return cached

    def absent_text(self, position: int, key: int) -> str:
        """What a cell the agent has no instance for shows: ``?``, or ``NOT_IN_TABLE`` for
        the table's own cells in a row only a joined table has."""
        if key >= 0 and not self.rows.columns[key].joined and self.rows.joined_only(position):
            return NOT_IN_TABLE
        return "?"

    def text(self, position: int, key: int) -> str | None:
        """One cell's text (without rendering the rest of its row)."""
        cached = self._cache.get(position)
        if cached is not None and key in cached:
            return cached[key]
        return cell_text(self.rows, position, key)

    def value(self, position: int, key: int) -> Any:
        """The raw value behind a cell (an index part's decoded value for index columns)."""
        return cell_value(self.rows, position, key)

    # ------------------------------------------------------------ sort and filter

    def set_filter(self, text: str) -> RowFilter | None:
        """Filter by ``text`` (see ``core.table.filter``); FilterError when it names no column."""
        condition = parse_filter(text, self.names())
        self.filter = condition
        if condition is not None and condition.column is not None:
            self._filter_key = self.columns[condition.column].key
        return condition

    def describe(self) -> str:
        """The sort and filter in force, for the view's title ('' when none)."""
        parts = []
        if self.filter is not None:
            parts.append(self.filter.describe(self.names()) if self.filter.column is None
                         else f"{self.column_by_key(self._filter_key).name} {self.filter.op} {self.filter.value}")
        if self.sort is not None:
            key, descending = self.sort
            parts.append(f"sorted by {self.column_by_key(key).name} {'descending' if descending else 'ascending'}")
        return ", ".join(parts)

    @property
    def pending(self) -> bool:
        """An ordering was asked for (``request_order``) and not accepted yet."""
        return self._asked is not None

    @property
    def awaited(self) -> OrderRequest | None:
        """The request whose order is awaited (None: none)."""
        return self._asked

    def request_order(self, *, follow: bool = False) -> OrderRequest:
        """What a new ordering of the current rows needs (``snmptui.table_order``); a result
        of any earlier request is stale from now on."""
        self._dirty = False
        self._ticket += 1
        request = OrderRequest(self._ticket, self.rows, len(self.rows), self.sort, self.filter, self._filter_key,
                               self._generations(), follow)  # fmt: skip
        self._asked = request
        return request

    def order_now(self, request: OrderRequest) -> list[int] | None:
        """Compute ``request`` on this thread."""
        return compute_order(request, [c.key for c in self.columns])

    def accept(self, request: OrderRequest, order: list[int] | None) -> bool:
        """Show ``order`` (computed for ``request``) unless it is stale: a newer request was
        made, or the rows were replaced or renumbered since it was asked."""
        if request is not self._asked:
            return False
        self._asked = None
        if request.rows is not self.rows or request.generations != self._generations():
            self._dirty = True  # the caller asks again
            return False
        self._order = order
        return True

    def abandon(self, request: OrderRequest) -> bool:
        """``request`` will bring no order (its worker failed): True when it was the one
        awaited (the order shown stays, marked stale)."""
        if request is not self._asked:
            return False
        self._asked = None
        self._dirty = True
        return True

    def unordered(self) -> bool:
        """No sort and no filter: the order is the rows' own (nothing to compute)."""
        return self.sort is None and self.filter is None

    def rows_replaced(self) -> None:
        """``rows`` is another object now (a comparison's rows) or its rows were renumbered
        (rows went): the shown order keeps only positions the rows have until the new
        order is accepted."""
        if self._order is not None:
            size = len(self.rows)
            self._order = [p for p in self._order if p < size]
        self._dirty = True

    def _generations(self) -> tuple[int, ...]:
        return tuple(store.generation for store in self.rows.stores)

    def apply(self) -> None:
        """Recompute the row order for the current sort and filter, on this thread."""
        request = self.request_order()
        self.accept(request, self.order_now(request))
