"""Row alignment (by number, by a key column's value: duplicates and missing keys reported)
and the cell-by-cell comparison of a table with a snapshot of it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from core.mib import load_mibs
from core.oid import format_oid
from core.snapshot.export import export_records
from core.snapshot.model import Record
from core.snapshot.row_alignment import align_by_key, align_by_number
from core.snapshot.table_diff import RowStatus, compare_tables, read_snapshot_table
from core.table import TableRows, TableSpec, join_candidates
from core.types import Counter32, Gauge32

SHARED = Path(__file__).resolve().parents[3] / "shared"
IF_ENTRY = (1, 3, 6, 1, 2, 1, 2, 2, 1)
IFX_ENTRY = (1, 3, 6, 1, 2, 1, 31, 1, 1, 1)
DESCR, MTU, OPER, IN_OCTETS = 2, 4, 8, 10
NAME = 1  # ifXTable


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return load_mibs(dirs=[str(SHARED / "mibs" / "netsnmp")], modules=["IF-MIB"],
                     cache_dir=tmp_path_factory.mktemp("mibcache"))  # fmt: skip


def if_table(store: Any) -> tuple[TableSpec, tuple[TableSpec, ...]]:
    spec = TableSpec.of(store, "ifTable")
    joins = tuple(t for t, _kind in join_candidates(spec) if t.name == "ifXTable")
    return spec, joins


def device(rows: dict[int, dict[str, Any]]) -> list[tuple[tuple[int, ...], Any]]:
    """Varbinds of ifTable/ifXTable rows: index -> {descr, mtu, oper, octets, name}."""
    out = []
    for index, cells in rows.items():
        out += [(IF_ENTRY + (1, index), index), (IF_ENTRY + (DESCR, index), cells["descr"].encode()),
                (IF_ENTRY + (MTU, index), cells.get("mtu", 1500)), (IF_ENTRY + (OPER, index), cells.get("oper", 1)),
                (IF_ENTRY + (IN_OCTETS, index), Counter32(cells.get("octets", 0)))]  # fmt: skip
        if "name" in cells:
            out.append((IFX_ENTRY + (NAME, index), cells["name"].encode()))
    return sorted(out)


def rows_of(store: Any, varbinds: list[tuple[tuple[int, ...], Any]]) -> TableRows:
    spec, joins = if_table(store)
    rows = TableRows(spec, joins)
    rows.add(varbinds)
    return rows


def column(rows: TableRows, name: str) -> int:
    return [c.name for c in rows.columns].index(name)


# ------------------------------------------------------------------ alignment


def test_by_number_pairs_equal_indexes_and_keeps_each_sides_own() -> None:
    alignment = align_by_number([(1,), (2,), (3,)], [(2,), (3,), (4,)])
    assert alignment.pairs == {(2,): (2,), (3,): (3,)}
    assert alignment.only_old == [(1,)] and alignment.only_new == [(4,)]
    assert alignment.notes() == []


def test_by_key_pairs_rows_whose_numbers_differ() -> None:
    old = {(1,): "eth0", (2,): "eth1", (3,): "eth9"}
    new = {(2,): "eth0", (1,): "eth1", (7,): "eth2"}
    alignment = align_by_key(old, old, new, new, "ifName")
    assert alignment.pairs == {(1,): (2,), (2,): (1,)}
    assert alignment.only_old == [(3,)] and alignment.only_new == [(7,)]
    assert alignment.keys == {(2,): "eth0", (1,): "eth1", (7,): "eth2"}
    assert alignment.key_text((3,), old=True) == "eth9"


def test_a_missing_or_repeated_key_is_unaligned_with_the_reason_never_guessed() -> None:
    old_rows = [(1,), (2,), (3,), (4,)]
    old = {(1,): "eth0", (2,): "dup", (3,): "dup"}  # row 4 has no ifName
    new_rows = [(10,), (11,), (12,), (13,)]
    new = {(10,): "eth0", (11,): "dup", (12,): "uplink", (13,): "uplink"}
    alignment = align_by_key(old_rows, old, new_rows, new, "ifName")
    assert alignment.pairs == {(1,): (10,)}
    assert set(alignment.unaligned_old) == {(2,), (3,), (4,)}
    assert alignment.unaligned_old[(4,)] == "no ifName"
    assert alignment.unaligned_old[(2,)] == alignment.unaligned_old[(3,)] == "ifName 'dup' is on 2 rows"
    # the one new row named like the two old ones cannot be told which it is
    assert alignment.unaligned_new[(11,)] == "ifName 'dup' is on several rows of the other side"
    assert alignment.unaligned_new[(12,)] == alignment.unaligned_new[(13,)] == "ifName 'uplink' is on 2 rows"
    assert alignment.only_old == [] and alignment.only_new == []
    notes = alignment.notes("the snapshot", "the agent")
    assert notes == [
        "3 rows of the snapshot not aligned by ifName: no ifName: .4; ifName 'dup' is on 2 rows: .2, .3",
        "3 rows of the agent not aligned by ifName: ifName 'uplink' is on 2 rows: .12, .13; "
        "ifName 'dup' is on several rows of the other side: .11",
    ]


# ------------------------------------------------------------------ tables


def test_planted_differences_are_exactly_the_marked_cells_and_rows(store: Any) -> None:
    base = {1: {"descr": "lo", "name": "lo"}, 2: {"descr": "eth0", "name": "eth0", "octets": 5},
            3: {"descr": "eth1", "name": "eth1"}}  # fmt: skip
    old = rows_of(store, device({**base, 9: {"descr": "gone", "name": "gone"}}))
    now = {**base, 2: {**base[2], "oper": 2, "octets": 6}, 3: {"descr": "eth1"}, 4: {"descr": "new", "name": "new"}}
    new = rows_of(store, device(now))
    diff = compare_tables(old, new)
    position = {new.suffix(p)[0]: p for p in range(len(new))}
    assert diff.status[position[1]] is RowStatus.SAME
    assert diff.changed == {position[2]: frozenset({column(new, "ifOperStatus"), column(new, "ifInOctets")}),
                            position[3]: frozenset({column(new, "ifName")})}  # fmt: skip
    assert diff.status[position[4]] is RowStatus.ADDED
    assert [(old.suffix(p), status) for p, status in diff.ghosts] == [((9,), RowStatus.REMOVED)]
    assert diff.summary() == "2 changed, 1 removed, 1 added"


def test_same_number_another_type_differs(store: Any) -> None:
    old = rows_of(store, device({1: {"descr": "lo"}}))
    new = rows_of(store, [(o, Gauge32(int(v)) if o == IF_ENTRY + (IN_OCTETS, 1) else v)
                          for o, v in device({1: {"descr": "lo"}})])  # fmt: skip
    assert compare_tables(old, new).changed == {0: frozenset({column(new, "ifInOctets")})}
    assert compare_tables(old, old).summary() == "no differences"


def test_aligned_by_a_column_two_devices_rows_pair_by_name_and_duplicates_stay_apart(store: Any) -> None:
    old = rows_of(store, device({1: {"descr": "a", "name": "eth0"}, 2: {"descr": "b", "name": "eth1", "mtu": 9000},
                                 3: {"descr": "c", "name": "x"}, 4: {"descr": "d", "name": "x"}}))  # fmt: skip
    new = rows_of(store, device({11: {"descr": "b", "name": "eth1"}, 10: {"descr": "a", "name": "eth0"},
                                 12: {"descr": "e", "name": "x"}}))  # fmt: skip
    by_number = compare_tables(old, new)
    assert by_number.alignment.pairs == {} and len(by_number.ghosts) == 4
    diff = compare_tables(old, new, column(new, "ifName"), store)
    position = {new.suffix(p)[0]: p for p in range(len(new))}
    assert diff.old_row == {position[10]: 0, position[11]: 1}
    assert diff.status[position[10]] is RowStatus.SAME  # ifIndex 1 -> 10 is the row's number: not a difference
    assert diff.changed == {position[11]: frozenset({column(new, "ifMtu")})}
    assert diff.status[position[12]] is RowStatus.UNALIGNED
    assert diff.reasons["new", position[12]] == "ifName 'x' is on several rows of the other side"
    assert [(old.suffix(p), s) for p, s in diff.ghosts] == [((3,), RowStatus.UNALIGNED), ((4,), RowStatus.UNALIGNED)]
    assert diff.summary() == "1 changed, 3 unaligned"


def test_the_snapshot_side_is_read_from_a_file_as_a_stream(store: Any, tmp_path: Path) -> None:
    varbinds = device({1: {"descr": "lo", "name": "lo"}, 2: {"descr": "eth0", "name": "eth0"}})
    records = [Record("1.3.6.1.2.1.1.5.0", b"rtr")] + [Record(format_oid(o), v) for o, v in varbinds]
    path = tmp_path / "before.snmprec.bz2"
    export_records(records, path)
    spec, joins = if_table(store)
    old = read_snapshot_table(path, spec, joins)
    assert compare_tables(old, rows_of(store, varbinds)).summary() == "no differences"
    assert len(old) == 2 and old.cell(1, column(old, "ifName")) == b"eth0"
