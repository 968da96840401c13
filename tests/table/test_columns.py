"""core.table.columns: cells by column, integers in arrays, any other value (or a mixed column)
in a list; every read gives back the typed value stored; instances come out in OID order."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from core.table.columns import ABSENT, ColumnStore
from core.types import Counter32, Counter64, Gauge32, IpAddress, TimeTicks

ENTRY = (1, 3, 6, 1, 2, 1, 2, 2, 1)


def test_integer_columns_live_in_arrays_and_read_back_typed() -> None:
    store = ColumnStore(ENTRY)
    for n in range(5):
        store.set(10, (n + 1,), Counter32(n * 1000))
        store.set(8, (n + 1,), 1 + n % 2)
    octets, status = store.columns[10], store.columns[8]
    assert octets.numbers is not None and status.numbers is not None and octets.objects is None
    assert store.get(10, 3) == Counter32(3000) and type(store.get(10, 3)) is Counter32
    assert type(store.get(8, 0)) is int and store.lookup(8, (2,)) == 2
    assert len(store) == 5 and store.cells == 10


def test_a_value_of_another_type_or_range_turns_the_column_into_a_list() -> None:
    store = ColumnStore(ENTRY)
    store.set(10, (1,), Counter64(5))
    store.set(10, (2,), Counter64((1 << 64) - 1))  # fits 'Q'
    assert store.columns[10].numbers is not None
    store.set(11, (1,), -5)
    store.set(11, (2,), 1 << 70)  # beyond int64: a hostile agent's INTEGER
    store.set(12, (1,), Gauge32(7))
    store.set(12, (2,), b"not a number")
    assert store.columns[11].objects == [-5, 1 << 70]
    assert store.get(12, 0) == Gauge32(7) and type(store.get(12, 0)) is Gauge32 and store.get(12, 1) == b"not a number"


def test_sparse_cells_are_absent_and_null_is_a_value() -> None:
    store = ColumnStore(ENTRY)
    store.set(2, (1,), b"lo")
    store.set(2, (3,), b"eth1")
    store.set(5, (3,), TimeTicks(9))  # row 0 has no cell in column 5
    store.set(6, (1,), None)
    assert store.get(5, 0) is ABSENT and store.get(5, 0, "none") == "none" and store.get(5, 1) == TimeTicks(9)
    assert store.get(6, 0) is None and store.columns[6].has(0) and not store.columns[6].has(1)
    assert store.get(99, 0) is ABSENT
    assert store.remove(2, (3,)) and not store.remove(2, (3,)) and store.get(2, 1) is ABSENT


def test_instances_in_oid_order_whatever_the_arrival_order() -> None:
    store = ColumnStore(ENTRY)
    store.set(2, (5,), b"a")
    store.set(2, (9,), b"b")
    store.set(3, (7,), 1)  # a row that the first column lacks, between the others
    store.set(2, (7,), b"c")
    assert not store.in_order and store.oid_order() == [0, 2, 1]
    assert list(store.instances(2)) == [ENTRY + (2, 5), ENTRY + (2, 7), ENTRY + (2, 9)]
    assert store.instances(3) == [ENTRY + (3, 7)] and store.instances(3)[-1] == ENTRY + (3, 7)
    assert store.instances(2)[1:] == [ENTRY + (2, 7), ENTRY + (2, 9)] and not store.instances(4)


values = st.one_of(
    st.integers(-(1 << 70), 1 << 70), st.builds(Counter32, st.integers(0, (1 << 32) - 1)),
    st.builds(Counter64, st.integers(0, (1 << 64) - 1)), st.binary(max_size=4), st.none(),
    st.sampled_from([IpAddress("10.0.0.1")]),
)  # fmt: skip
cells = st.tuples(st.integers(1, 4), st.tuples(st.integers(0, 6)), values)


@settings(max_examples=150, deadline=None)
@given(st.lists(cells, max_size=40))
def test_a_store_reads_back_what_a_dict_of_oids_holds(writes: list[tuple[int, tuple[int], Any]]) -> None:
    store = ColumnStore(ENTRY)
    expected: dict[tuple[int, ...], Any] = {}
    for subid, suffix, value in writes:
        store.set(subid, suffix, value)
        expected[ENTRY + (subid,) + suffix] = value
    for oid, value in expected.items():
        found = store.lookup(oid[len(ENTRY)], oid[len(ENTRY) + 1 :])
        assert found == value and type(found) is type(value)
    assert store.cells == len(expected)
    listed = [oid for subid in sorted(store.columns) for oid in store.instances(subid)]
    assert listed == sorted(expected)


def test_a_new_pass_drops_the_rows_it_did_not_write() -> None:
    store = ColumnStore(ENTRY)
    for n in (1, 2, 3):
        store.set(2, (n,), b"x%d" % n)
        store.set(5, (n,), Counter32(n))
    stamp = store.begin_pass()
    for n in (1, 3):  # row 2 was deleted on the agent
        store.set(2, (n,), b"y%d" % n)
        store.set(5, (n,), Counter32(10 * n))
    assert store.drop_rows_before(stamp) == 1
    assert store.suffixes == [(1,), (3,)] and store.row_of == {(1,): 0, (3,): 1} and store.cells == 4
    assert store.get(2, 1) == b"y3" and store.get(5, 1) == Counter32(30) and store.get(5, 2) is ABSENT
    assert list(store.instances(5)) == [ENTRY + (5, 1), ENTRY + (5, 3)]
    assert store.drop_rows_before(stamp) == 0


def test_a_row_whose_cells_all_went_is_dropped() -> None:
    store = ColumnStore(ENTRY)
    for n in (1, 2, 3):
        store.set(2, (n,), b"r%d" % n)
        store.set(9, (n,), 1)
    assert store.remove(2, (2,)) and store.drop_empty_rows() == 0  # one cell left in row 2
    assert store.remove(9, (2,)) and store.drop_empty_rows() == 1
    assert store.suffixes == [(1,), (3,)] and store.get(9, 1) == 1 and store.cells == 4


def test_rows_made_in_one_step_only_when_all_are_new() -> None:
    store = ColumnStore(ENTRY)
    assert store.append_rows([(1,), (2,)]) == 0
    assert store.append_rows([(3,), (2,)]) is None  # (2,) is a row already
    assert store.append_rows([(4,), (4,)]) is None  # a suffix twice
    assert store.suffixes == [(1,), (2,)] and store.row_of == {(1,): 0, (2,): 1}
    assert store.append_rows([(5,), (3,)]) == 2
    assert store.row_of == {(1,): 0, (2,): 1, (5,): 2, (3,): 3} and not store.in_order
