"""Sort and filter of the table view off the UI thread (``snmptui.table_order``): the order
equals one stable sort, a stale result is dropped, and a worker's order is right while rows
stream in."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.agent import Faults, start_background
from core.table import TableRows, TableSpec
from core.table.filter import parse_filter, sort_key
from core.types import Gauge32
from snmptui import table_order
from snmptui.screens import table as table_screen
from snmptui.screens.table import TableScreen
from snmptui.table_model import TableModel
from tui.tui_helpers import connected, make_app, spec_for, wait_for

IF_ENTRY = (1, 3, 6, 1, 2, 1, 2, 2, 1)
DESCR, SPEED = 2, 5

_cells = st.lists(st.one_of(st.none(), st.integers(0, 5)), min_size=0, max_size=40)


def _rows(mib_store: Any, speeds: list[int | None]) -> TableRows:
    """ifTable rows with these ifSpeed cells (None: the row has only an ifDescr)."""
    rows = TableRows(TableSpec.of(mib_store, "ifTable"))
    prefix = IF_ENTRY
    rows.add([(prefix + (DESCR, n + 1), f"if{n % 3}".encode()) for n in range(len(speeds))])
    rows.add([(prefix + (SPEED, n + 1), Gauge32(s)) for n, s in enumerate(speeds) if s is not None])
    return rows


def _key(rows: TableRows) -> int:
    return next(n for n, c in enumerate(rows.columns) if c.name == "ifSpeed")


@settings(max_examples=60, deadline=None)
@given(speeds=_cells, descending=st.booleans())
def test_the_chunked_sort_is_one_stable_sort_with_missing_cells_last(mib_store: Any, speeds: list[int | None],
                                                                     descending: bool) -> None:  # fmt: skip
    rows = _rows(mib_store, speeds)
    model = TableModel(rows)
    model.sort = (_key(rows), descending)
    request = model.request_order()
    original = table_order.RUN, table_order.CHECK_EVERY
    table_order.RUN, table_order.CHECK_EVERY = 3, 2  # many runs to merge, many looks at the flag
    try:
        order = table_order.compute_order(request, [c.key for c in model.columns])
    finally:
        table_order.RUN, table_order.CHECK_EVERY = original
    column = rows.column_values(_key(rows))
    expected = sorted(range(len(speeds)), key=lambda p: sort_key(column[p]), reverse=descending)
    if descending:
        expected = [p for p in expected if column[p] is not None] + [p for p in expected if column[p] is None]
    assert order == expected


def test_a_filter_keeps_the_rows_a_condition_or_a_text_matches(mib_store: Any) -> None:
    rows = _rows(mib_store, [3, None, 0, 5, 1])
    model = TableModel(rows)
    model.set_filter("ifSpeed > 1")
    request = model.request_order()
    assert table_order.compute_order(request, [c.key for c in model.columns]) == [0, 3]
    model.filter = parse_filter("if1", model.names())  # text: any cell containing it
    request = model.request_order()
    assert table_order.compute_order(request, [c.key for c in model.columns]) == [1, 4]


def test_a_cancelled_ordering_stops(mib_store: Any) -> None:
    rows = _rows(mib_store, list(range(10)))
    model = TableModel(rows)
    model.sort = (_key(rows), False)
    with pytest.raises(table_order.OrderCancelled):
        table_order.compute_order(model.request_order(), [], lambda: True)


def test_a_stale_result_is_dropped(mib_store: Any) -> None:
    rows = _rows(mib_store, [2, 1, 3])
    model = TableModel(rows)
    key = _key(rows)
    model.sort = (key, False)
    first = model.request_order()
    model.sort = (key, True)
    second = model.request_order()
    assert model.pending
    assert not model.accept(first, model.order_now(first))  # a newer one was asked
    assert model.accept(second, model.order_now(second))
    assert [model.position(n) for n in range(3)] == [2, 0, 1] and not model.pending
    # rows renumbered (a refresh dropped one) while an ordering ran: its positions are stale
    third = model.request_order()
    rows.stores[0].begin_pass()
    rows.stores[0].drop_rows_before(rows.stores[0].stamp)
    assert not model.accept(third, [0, 1, 2]) and model.stale


def _streaming_agent(count: int) -> Any:
    """ifTable with ``count`` rows, each reply 5 ms late: a walk of 20-row pages, one request at a time, streams for ~1.5 s."""
    entry = "1.3.6.1.2.1.2.2.1"
    pairs: list[tuple[str, Any]] = [("1.3.6.1.2.1.1.1.0", b"order test"), ("1.3.6.1.2.1.1.5.0", b"t")]
    pairs += [(f"{entry}.2.{i}", f"port{i % 7}".encode()) for i in range(1, count + 1)]
    pairs += [(f"{entry}.5.{i}", Gauge32((i * 7919) % 1000)) for i in range(1, count + 1)]
    return start_background(pairs, faults=Faults(delay=0.005))


async def _open(pilot: Any, mib_store: Any) -> TableScreen:
    app = pilot.app
    await connected(pilot)
    screen = TableScreen(app.context, TableSpec.of(mib_store, "ifTable"))
    app.push_screen(screen)
    await wait_for(pilot, lambda: len(screen.rows) > 0, timeout=30)
    return screen


def _shown(screen: TableScreen, key: int) -> list[Any]:
    model = screen.model
    return [model.value(model.position(n), key) for n in range(len(model))]


async def test_sort_and_filter_run_in_a_worker_and_stay_right_while_rows_stream(mib_store: Any,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setattr(table_screen, "SYNC_ROWS", 0)  # every ordering on a thread
    count = 1200
    with _streaming_agent(count) as agent:
        app = make_app(mib_store, spec_for(agent.port, "-Cr", "20", "-Cp1"))
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await _open(pilot, mib_store)
            model = screen.model
            speed = next(c.key for c in model.columns if c.name == "ifSpeed")
            descr = next(c.key for c in model.columns if c.name == "ifDescr")
            keys = [c.key for c in model.visible_columns()]
            await wait_for(pilot, lambda: len(screen.rows) > 100, timeout=30)
            screen.grid.move_to(0, keys.index(descr))
            screen.action_sort()  # s by ifDescr, while its cells (and the rows) still arrive (a pilot's
            # press would wait for the app to be idle: for the walk's end)
            assert screen.busy and model.sort == (descr, False), (len(screen.rows), screen.arrived, screen.status_bar.render().plain)
            await wait_for(pilot, lambda: not model.pending, timeout=30)
            assert screen.busy, "the walk ended before the order came: nothing was checked while streaming"
            order = [model.position(n) for n in range(len(model))]
            assert sorted(order) == list(range(len(order))) and 100 < len(order) <= len(screen.rows)
            texts = [screen.rows.cell(p, descr) for p in order]  # rows that came later wait for the next order
            assert [(t, p) for t, p in zip(texts, order)] == sorted(zip(texts, order))
            await wait_for(pilot, lambda: not screen.busy and not model.pending, timeout=60)
            assert len(model) == len(screen.rows) == count  # the walk's end ordered every row
            assert _shown(screen, descr) == sorted(_shown(screen, descr))
            screen.grid.move_to(0, keys.index(speed))
            await pilot.press("s")
            await wait_for(pilot, lambda: not model.pending, timeout=30)
            assert [int(v) for v in _shown(screen, speed)] == sorted((i * 7919) % 1000 for i in range(1, count + 1))

            # a filter asked while a refresh walk streams the rows again
            screen.action_refresh()  # r
            assert screen.busy
            screen.action_filter()  # /
            from textual.widgets import Input

            await wait_for(pilot, lambda: bool(app.screen.query(Input)))
            app.screen.query_one(Input).value = "ifSpeed >= 900"
            await app.screen.query_one(Input).action_submit()
            await wait_for(pilot, lambda: isinstance(app.screen, TableScreen))
            assert screen.busy and model.filter is not None
            await wait_for(pilot, lambda: not screen.busy and not model.pending, timeout=60)
            expected = sorted(v for v in ((i * 7919) % 1000 for i in range(1, count + 1)) if v >= 900)
            assert [int(v) for v in _shown(screen, speed)] == expected
            title = str(screen.title_bar.render())
            assert f"{len(expected):,} of {count:,} rows" in title and "ifSpeed >= 900" in title


async def test_a_stale_worker_result_is_dropped_when_a_newer_order_was_asked(mib_store: Any,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setattr(table_screen, "SYNC_ROWS", 0)
    release = threading.Event()
    computed: list[int] = []
    real = table_order.compute_order

    handed_back = threading.Event()

    def slow_first(request: Any, keys: Any, cancelled: Any = lambda: False) -> Any:
        order = real(request, keys)  # the whole result, whatever the cancel flag says
        if not computed:
            computed.append(request.ticket)
            release.wait(10)  # ... and handed back after the newer one
            handed_back.set()
        return order

    monkeypatch.setattr(table_screen, "compute_order", slow_first)
    with _streaming_agent(300) as agent:
        app = make_app(mib_store, spec_for(agent.port, "-Cr", "50"))
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await _open(pilot, mib_store)
            model = screen.model
            await wait_for(pilot, lambda: not screen.busy, timeout=30)
            speed = next(c.key for c in model.columns if c.name == "ifSpeed")
            screen.grid.move_to(0, [c.key for c in model.visible_columns()].index(speed))
            await pilot.press("s")  # ascending: its worker holds its result back
            await wait_for(pilot, lambda: bool(computed))
            await pilot.press("s")  # descending
            await wait_for(pilot, lambda: not model.pending, timeout=30)
            descending = _shown(screen, speed)
            assert descending == sorted(descending, reverse=True)
            release.set()  # the ascending order arrives now: stale, dropped
            await wait_for(pilot, handed_back.is_set)
            await pilot.pause(0.2)  # (its message is handled)
            assert _shown(screen, speed) == descending and model.sort == (speed, True)
            assert "descending" in str(screen.title_bar.render())


async def test_a_failing_ordering_is_tried_again_then_reported(mib_store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(table_screen, "SYNC_ROWS", 0)
    calls: list[int] = []

    def failing(request: Any, keys: Any, cancelled: Any = lambda: False) -> Any:
        calls.append(request.ticket)
        raise IndexError("torn read")

    monkeypatch.setattr(table_screen, "compute_order", failing)
    with _streaming_agent(50) as agent:
        app = make_app(mib_store, spec_for(agent.port, "-Cr", "50"))
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await _open(pilot, mib_store)
            await wait_for(pilot, lambda: not screen.busy, timeout=30)
            screen.action_sort()
            await wait_for(pilot, lambda: screen.status_bar.failed, timeout=10)
            assert len(calls) == 2 and not screen.model.pending  # asked once more, then reported
            text = screen.status_bar.message.plain
            assert "Sort/filter not applied" in text and "IndexError" in text
            assert [screen.model.position(n) for n in range(len(screen.model))] == list(range(50))
