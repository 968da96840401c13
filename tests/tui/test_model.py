"""The walked-data model: owners, instance lists, change reports, walked/empty state."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from core.types import Gauge32
from snmptui.model import NUMERIC_DEPTH, MibFacade, WalkModel

IF_DESCR = (1, 3, 6, 1, 2, 1, 2, 2, 1, 2)
IP = (1, 3, 6, 1, 2, 1, 4)


def test_instances_hang_under_their_column(mib_store: Any) -> None:
    model = WalkModel(MibFacade(mib_store))
    change = model.add([(IF_DESCR + (1,), b"lo"), (IF_DESCR + (2,), b"eth0")])
    assert model.instance_list(IF_DESCR) == [IF_DESCR + (1,), IF_DESCR + (2,)]
    assert change.new_instances == {IF_DESCR: [IF_DESCR + (1,), IF_DESCR + (2,)]}
    assert IF_DESCR in change.newly_populated and (1, 3, 6, 1, 2, 1, 2) in model.populated
    again = model.add([(IF_DESCR + (2,), b"eth9")])
    assert again.changed == [IF_DESCR + (2,)] and not again.new_instances
    assert model.values[IF_DESCR + (2,)] == b"eth9"


def test_unknown_table_gets_bounded_numeric_levels(mib_store: Any) -> None:
    model = WalkModel(MibFacade(mib_store))
    column = IP + (99, 1, 3)
    rows = [(column + (2, 16) + tuple(range(16)) + (i,), i) for i in range(50)]
    model.add(rows)
    assert NUMERIC_DEPTH == 3
    assert list(model.instances) == [column]
    assert model.numeric_arcs(IP) == [99] and model.numeric_arcs(IP + (99,)) == [1]


def test_out_of_order_get_is_inserted_sorted(mib_store: Any) -> None:
    model = WalkModel(MibFacade(mib_store))
    model.add([(IF_DESCR + (5,), b"a"), (IF_DESCR + (9,), b"b")])
    model.add([(IF_DESCR + (7,), b"c")])
    assert model.instance_list(IF_DESCR) == [IF_DESCR + (5,), IF_DESCR + (7,), IF_DESCR + (9,)]


def test_rows_that_leave_the_model_are_named_in_the_change(mib_store: Any) -> None:
    model = WalkModel(MibFacade(mib_store))
    entry, mtu = IF_DESCR[:-1], IF_DESCR[:-1] + (4,)
    model.add([(IF_DESCR + (n,), b"x") for n in (1, 2, 3)] + [(mtu + (n,), 1500) for n in (1, 2, 3)])
    destroyed = model.remove_rows(entry, [(2,), (7,)])  # 7: never there
    assert destroyed.gone_rows == {entry: [(2,)]} and IF_DESCR + (2,) not in model.values and mtu + (2,) not in model.values
    assert model.instance_list(IF_DESCR) == [IF_DESCR + (1,), IF_DESCR + (3,)]
    stamp = model.begin_table_pass(entry)
    model.add([(IF_DESCR + (3,), b"y")])  # a refresh that no longer finds row 1
    assert model.drop_stale_rows(entry, stamp).gone_rows == {entry: [(1,)]}
    assert model.instance_list(mtu) == [mtu + (3,)]
    assert model.remove_rows(entry, [(9,)]).gone_rows == {} and model.drop_stale_rows(entry, stamp).gone_rows == {}


def test_empty_after_walk_only_inside_walked_roots(mib_store: Any) -> None:
    model = WalkModel(MibFacade(mib_store))
    model.add([(IF_DESCR + (1,), b"lo")])
    if_type = (1, 3, 6, 1, 2, 1, 2, 2, 1, 3)
    assert not model.is_empty_after_walk(if_type)
    model.mark_walked((1, 3, 6, 1, 2, 1, 2))
    assert model.is_empty_after_walk(if_type)
    assert not model.is_empty_after_walk(IF_DESCR)
    assert not model.is_empty_after_walk((1, 3, 6, 1, 2, 1, 1))


def test_instance_detail_marks_the_set_bits_of_a_bits_value(mib_store: Any) -> None:
    from rich.console import Console

    from snmptui.widgets.detail_content import CURRENT_MARK, instance_detail

    sched_week_day = mib_store.resolve("schedWeekDay")  # DISMAN-SCHEDULE-MIB: BITS sunday(0)..saturday(6)
    oid = sched_week_day + (1, 98, 1, 97)  # schedOwner "b", schedName "a"
    model = WalkModel(MibFacade(mib_store))
    model.add([(oid, bytes([0b0100_0010]))])  # bits 1 and 6
    console = Console(width=160, record=True, color_system=None)
    console.print(instance_detail(MibFacade(mib_store), model, oid, "snmpget ..."))
    text = " ".join(console.export_text().split())
    assert "monday(1) saturday(6)" in text  # the value, rendered
    bits = text[text.index("Bits ") : text.index("saturday(6)", text.index("Bits ")) + len("saturday(6)")]
    assert f"{CURRENT_MARK}monday(1)" in bits and f"{CURRENT_MARK}saturday(6)" in bits
    assert f"{CURRENT_MARK}sunday(0)" not in bits and f"{CURRENT_MARK}friday(5)" not in bits


IF_ENTRY = (1, 3, 6, 1, 2, 1, 2, 2, 1)
_values = {
    2: st.binary(max_size=4),
    5: st.one_of(st.builds(Gauge32, st.integers(0, 2**32 - 1)), st.integers(0, 9)),  # mixed: a list column
    7: st.one_of(st.integers(1, 7), st.just(2**70)),  # too big for the array: a list column
}


@st.composite
def _walks(draw: Any) -> tuple[list[tuple[tuple[int, ...], Any]], list[int]]:
    """A table walk (cells in OID order: column by column, rows sparse) cut into slices."""
    cells = []
    for column, values in _values.items():
        for row in sorted(draw(st.sets(st.integers(1, 40), max_size=25))):
            cells.append((IF_ENTRY + (column, row), draw(values)))
    cuts = sorted(draw(st.sets(st.integers(1, max(1, len(cells))), max_size=6)))
    return cells, cuts


@settings(max_examples=80, deadline=None)
@given(walk=_walks(), passes=st.integers(1, 2), ordered=st.booleans())
def test_filing_a_walk_in_slices_stores_what_filing_cell_by_cell_stores(mib_store: Any, walk: Any, passes: int,
                                                                         ordered: bool) -> None:  # fmt: skip
    cells, cuts = walk
    model = WalkModel(MibFacade(mib_store))
    new: list[tuple[int, ...]] = []
    changed: list[tuple[int, ...]] = []
    for _ in range(passes):  # a second pass: a refresh writes every cell again
        for begin, end in zip([0, *cuts], [*cuts, len(cells)]):
            change = model.add(cells[begin:end], ordered=ordered)
            for fresh in change.new_instances.values():
                new.extend(fresh)
            changed.extend(change.changed)
    # what filing one cell at a time into a store gives
    rows: list[tuple[int, ...]] = []
    for oid, _value in cells:
        if oid[len(IF_ENTRY) + 1 :] not in rows:
            rows.append(oid[len(IF_ENTRY) + 1 :])
    store = model.table_store(IF_ENTRY)
    assert store.suffixes == rows and store.row_of == {s: n for n, s in enumerate(rows)}
    assert store.cells == len(cells) and store.in_order == (rows == sorted(rows))
    for oid, value in cells:
        stored = model.values[oid]
        assert stored == value and type(stored) is type(value)
    assert sorted(new) == sorted(oid for oid, _ in cells) and changed == [oid for oid, _ in cells] * (passes - 1)
    for column in _values:
        owner = IF_ENTRY + (column,)
        assert list(model.instance_list(owner)) == sorted(oid for oid, _ in cells if oid[: len(owner)] == owner)
