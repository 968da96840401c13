"""The table view's row order (filter, then sort), computed where the UI thread does not wait.

``OrderRequest`` captures what one ordering needs (the rows object, how many rows,
the sort and filter in force, the stores' generations) and ``compute_order`` turns it
into the list of row positions to show. ``compute_order`` reads the column stores in
place, so it runs on a thread while the walk keeps filing cells into them on the UI
thread: rows past ``size`` are left for the next ordering, a cell written meanwhile
is read old or new, and a change that renumbers rows (rows dropped: a store's
``generation``) or replaces the rows object (a comparison) makes the result stale —
the table model drops it (``TableModel.accept``) and the view asks again.

A 100k-row sort is split so the thread never holds the GIL for long: keys are made in
Python (the interpreter switches threads between them), runs of ``RUN`` positions are
sorted in C (a few ms each), then merged (``heapq.merge``, Python again). The order is
the one one stable ``sorted`` by ``sort_key`` gives; descending keeps missing cells last.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from core.mib.index import decode_index
from core.snapshot.netsnmp_format import browser_value
from core.table.filter import RowFilter, sort_key

__all__ = ["OrderRequest", "OrderCancelled", "compute_order", "browser_cell_text", "cell_text", "cell_value", "RUN", "CHECK_EVERY"]

RUN = 4096
"""Positions sorted in one C-level ``sorted`` call (the GIL is held for its whole length)."""
CHECK_EVERY = 2048
"""Rows between two looks at the cancel flag."""


class OrderCancelled(Exception):
    """A newer ordering was asked for: this one stops early."""


@dataclass(frozen=True)
class OrderRequest:
    """One ordering to compute (see the module docstring); ``ticket`` tells requests apart."""

    ticket: int
    rows: Any
    """the ``TableRows`` (or a comparison's ``ComparedRows``) the order is for"""
    size: int
    """rows ordered: those there when it was asked"""
    sort: tuple[int, bool] | None
    filter: RowFilter | None
    filter_key: int
    """the model's column key of a ``column op value`` filter"""
    generations: tuple[int, ...]
    """the stores' generations when it was asked (rows dropped since: the result is stale)"""
    follow: bool = False
    """the view moves its cursor to the row it was on (a sort or filter the user asked for)"""


def browser_cell_text(node: Any, value: Any) -> str:
    """A cell for people: the browser's rendering, an enumeration by its label only."""
    syntax = getattr(node, "syntax", None)
    if syntax is not None and isinstance(value, int) and not isinstance(value, bool):
        label = syntax.enums.get(int(value))
        if label is not None:
            return label
    return browser_value(node, value)


def cell_value(rows: Any, position: int, key: int) -> Any:
    """The raw value behind a cell: a column's value, or an INDEX part's decoded value."""
    if key >= 0:
        return rows.cell(position, key)
    parts = rows.index_values(position)
    index = -1 - key
    return parts[index].value if index < len(parts) else None


def cell_text(rows: Any, position: int, key: int) -> str | None:
    """A cell's text as the grid draws it (no cache: safe off the UI thread)."""
    if key < 0:
        parts = rows.index_values(position)
        return parts[-1 - key].text if -1 - key < len(parts) else None
    value = rows.cell(position, key)
    return None if value is None else browser_cell_text(rows.columns[key].node, value)


def row_texts(rows: Any, position: int, keys: Iterable[int]) -> list[str | None]:
    """The texts of one row's cells in ``keys`` (one INDEX decoding for all its parts)."""
    texts: list[str | None] = []
    parts = None
    for key in keys:
        if key < 0:
            if parts is None:
                parts = rows.index_values(position)
            texts.append(parts[-1 - key].text if -1 - key < len(parts) else None)
            continue
        value = rows.cell(position, key)
        texts.append(None if value is None else browser_cell_text(rows.columns[key].node, value))
    return texts


def keeps(request: OrderRequest, position: int, keys: list[int]) -> bool:
    """Whether the row at ``position`` passes the request's filter (``keys``: every column)."""
    condition = request.filter
    assert condition is not None
    rows = request.rows
    if condition.column is None:
        return any(condition.matches(text) for text in row_texts(rows, position, keys))
    key = request.filter_key
    value = cell_value(rows, position, key)
    text = cell_text(rows, position, key)
    number = value if isinstance(value, int) and not isinstance(value, bool) else None
    label = None
    if key >= 0 and number is not None:
        syntax = rows.columns[key].node.syntax
        label = syntax.enums.get(number) if syntax is not None else None
    return condition.matches(text, label, number)


def compute_order(request: OrderRequest, all_keys: list[int],
                  cancelled: Callable[[], bool] = lambda: False) -> list[int] | None:  # fmt: skip
    """The positions to show, in order (None: every row in arrival order). ``all_keys``:
    the model's column keys (a text filter searches them); raises ``OrderCancelled``
    as soon as ``cancelled()`` is true."""
    if request.sort is None and request.filter is None:
        return None
    rows = request.rows
    positions: list[int] = list(range(request.size))
    if request.filter is not None:
        kept = []
        for start in range(0, len(positions), CHECK_EVERY):
            if cancelled():
                raise OrderCancelled
            kept.extend(p for p in positions[start : start + CHECK_EVERY] if keeps(request, p, all_keys))
        positions = kept
    if request.sort is None or not positions:
        return positions
    key, descending = request.sort
    keys: dict[int, tuple[int, Any]] = {}
    if key >= 0:
        for start in range(0, len(positions), CHECK_EVERY):
            if cancelled():
                raise OrderCancelled
            for p in positions[start : start + CHECK_EVERY]:
                keys[p] = sort_key(rows.cell(p, key))
    else:
        index = -1 - key
        entry, suffix = rows.spec.entry, rows.suffix
        for start in range(0, len(positions), CHECK_EVERY):
            if cancelled():
                raise OrderCancelled
            for p in positions[start : start + CHECK_EVERY]:
                parts = decode_index(entry, suffix(p))[0]
                keys[p] = sort_key(parts[index].value if index < len(parts) else None)
    runs = []
    for start in range(0, len(positions), RUN):
        if cancelled():
            raise OrderCancelled
        runs.append(sorted(positions[start : start + RUN], key=keys.__getitem__, reverse=descending))
    # heapq.merge keeps a stable sort's order: equal keys come in run order, runs in position order
    ordered = runs[0] if len(runs) == 1 else list(heapq.merge(*runs, key=keys.__getitem__, reverse=descending))
    if descending:  # missing cells stay last either way
        missing = sort_key(None)
        ordered = [p for p in ordered if keys[p] != missing] + [p for p in ordered if keys[p] == missing]
    return ordered
