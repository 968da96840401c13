"""The walked-data model: owners, instance lists, change reports, walked/empty state."""

from __future__ import annotations

from typing import Any

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
