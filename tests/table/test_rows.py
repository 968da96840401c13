"""core.table: table specs from the MIB, rows from streamed varbinds, decoded indexes, joins."""

from __future__ import annotations

import pytest

from core.mib import MibStore
from core.table import JoinKind, TableRows, TableSpec, TableSpecError, join_candidates
from core.types import Counter32, Gauge32, IpAddress

IF_ENTRY = (1, 3, 6, 1, 2, 1, 2, 2, 1)
IFX_ENTRY = (1, 3, 6, 1, 2, 1, 31, 1, 1, 1)


def test_a_table_has_its_columns_in_mib_order_and_its_index(corpus: MibStore) -> None:
    spec = TableSpec.of(corpus, "ifTable")
    assert spec.entry.oid == IF_ENTRY
    names = [c.name for c in spec.columns]
    assert names[:3] == ["ifIndex", "ifDescr", "ifType"] and len(names) == 22
    assert [p.name for p in spec.index] == ["ifIndex"]
    route = TableSpec.of(corpus, "IP-FORWARD-MIB::inetCidrRouteTable")
    assert [c.name for c in route.columns if not c.accessible][:2] == ["inetCidrRouteDestType", "inetCidrRouteDest"]
    assert route.accessible_columns[0].name == "inetCidrRouteIfIndex"


def test_only_a_table_is_a_table_but_anything_inside_finds_its_table(corpus: MibStore) -> None:
    for name in ("ifEntry", "ifDescr", "sysDescr", "noSuchThing"):
        with pytest.raises(TableSpecError):
            TableSpec.of(corpus, name)
    for name in ("ifTable", "ifEntry", "ifDescr", "IF-MIB::ifDescr.7"):
        assert TableSpec.containing(corpus, name).table.name == "ifTable"
    with pytest.raises(TableSpecError, match="sysDescr"):
        TableSpec.containing(corpus, "sysDescr.0")


def test_augmenting_tables_come_first_then_tables_with_the_same_kind_of_index(corpus: MibStore) -> None:
    candidates = join_candidates(TableSpec.of(corpus, "ifTable"))
    kinds = {spec.name: kind for spec, kind in candidates}
    assert candidates[0][0].name == "ifXTable" and candidates[0][1] is JoinKind.AUGMENTS
    assert kinds["dot3StatsTable"] is JoinKind.SHARED_INDEX  # INDEX { dot3StatsIndex }, an InterfaceIndex
    assert "ipAddrTable" not in kinds and "hrStorageTable" not in kinds  # other indexes
    # seen from the augmenting side, the base table is the partner
    assert {s.name for s, k in join_candidates(TableSpec.of(corpus, "ifXTable")) if k is JoinKind.AUGMENTS} >= {"ifTable"}


def test_rows_fill_as_columns_stream_in_sparse_cells_are_none(corpus: MibStore) -> None:
    rows = TableRows(TableSpec.of(corpus, "ifTable"))
    assert rows.add([(IF_ENTRY + (1, 1), 1), (IF_ENTRY + (1, 3), 3)]) == 2
    # a row missing from the first column arrives with the second, after the others
    assert rows.add([(IF_ENTRY + (2, 1), b"lo"), (IF_ENTRY + (2, 2), b"eth0"), (IF_ENTRY + (2, 3), b"eth1")]) == 1
    assert rows.add([(IF_ENTRY + (10, 3), Counter32(5)), ((1, 3, 6, 1, 2, 1, 1, 1, 0), b"not mine")]) == 0
    assert [rows.suffix(r) for r in range(len(rows))] == [(1,), (3,), (2,)]
    assert rows.index_order() == [0, 2, 1]
    ifindex, descr, in_octets = 0, 1, 9
    assert rows.cell(2, ifindex) is None and rows.cell(2, descr) == b"eth0"
    assert rows.cell(1, in_octets) == Counter32(5) and rows.cell(0, in_octets) is None
    assert rows.instance_oid(1, descr) == IF_ENTRY + (2, 3)


def test_augments_join_fills_the_same_rows(corpus: MibStore) -> None:
    spec = TableSpec.of(corpus, "ifTable")
    ifx = TableSpec.of(corpus, "ifXTable")
    rows = TableRows(spec, [ifx])
    rows.add([(IF_ENTRY + (2, 1), b"lo"), (IF_ENTRY + (2, 2), b"eth0")])
    rows.add([(IFX_ENTRY + (1, 1), b"lo0"), (IFX_ENTRY + (1, 2), b"e0"), (IFX_ENTRY + (15, 2), Gauge32(1000))])
    name = [c.name for c in rows.columns].index("ifName")
    speed = [c.name for c in rows.columns].index("ifHighSpeed")
    assert len(rows) == 2 and rows.columns[name].joined and not rows.columns[0].joined
    assert rows.cell(1, name) == b"e0" and rows.cell(1, speed) == Gauge32(1000)


def test_columns_the_mib_does_not_list_are_noted(corpus: MibStore) -> None:
    rows = TableRows(TableSpec.of(corpus, "ifTable"))
    rows.add([(IF_ENTRY + (2, 1), b"lo"), (IF_ENTRY + (99, 1), 5)])
    assert rows.extra == {99} and len(rows) == 1


def _index(corpus: MibStore, table: str, suffix: tuple[int, ...]) -> list[tuple[str, str]]:
    rows = TableRows(TableSpec.of(corpus, table), all_columns=True)
    column = rows.columns[-1].node.oid
    rows.add([(column + suffix, 1)])
    return [(v.name, v.text) for v in rows.index_values(0)]


def test_index_parts_are_decoded_even_when_not_accessible(corpus: MibStore) -> None:
    # InetAddressType, InetAddress (by its type), prefix length, an OID, and the next hop
    suffix = (1, 4, 10, 0, 0, 0, 8, 2, 0, 0, 1, 4, 192, 0, 2, 1)
    assert _index(corpus, "inetCidrRouteTable", suffix) == [
        ("inetCidrRouteDestType", "ipv4"), ("inetCidrRouteDest", "10.0.0.0"), ("inetCidrRoutePfxLen", "8"),
        ("inetCidrRoutePolicy", "SNMPv2-SMI::zeroDotZero"), ("inetCidrRouteNextHopType", "ipv4"),
        ("inetCidrRouteNextHop", "192.0.2.1"),
    ]  # fmt: skip
    v6 = (2, 16, *([0x20, 0x01, 0x0D, 0xB8] + [0] * 11 + [1]))
    assert _index(corpus, "ipNetToPhysicalTable", (3, *v6)) == [
        ("ipNetToPhysicalIfIndex", "3"), ("ipNetToPhysicalNetAddressType", "ipv6"),
        ("ipNetToPhysicalNetAddress", "2001:db8::1"),
    ]  # fmt: skip


def test_implied_fixed_size_and_multi_part_string_indexes(corpus: MibStore) -> None:
    # IMPLIED: no length arc before the last string
    assert _index(corpus, "snmpTargetAddrTable", tuple(b"nms-1")) == [("snmpTargetAddrName", "nms-1")]
    # a MacAddress is fixed size (6): no length arc either; its octets as net-snmp prints them
    assert _index(corpus, "dot1dTpFdbTable", (0, 0x50, 0x56, 0x8A, 0x1B, 0x2C)) == [
        ("dot1dTpFdbAddress", "0:50:56:8a:1b:2c")
    ]
    view = (8, *b"all-view", 3, 1, 3, 6)
    assert _index(corpus, "vacmViewTreeFamilyTable", view) == [
        ("vacmViewTreeFamilyViewName", "all-view"), ("vacmViewTreeFamilySubtree", "SNMPv2-SMI::dod"),
    ]  # fmt: skip


def test_an_ip_address_index(corpus: MibStore) -> None:
    rows = TableRows(TableSpec.of(corpus, "ipAddrTable"))
    rows.add([((1, 3, 6, 1, 2, 1, 4, 20, 1, 1, 10, 0, 0, 1), IpAddress("10.0.0.1"))])
    assert [(v.name, v.text) for v in rows.index_values(0)] == [("ipAdEntAddr", "10.0.0.1")]


DOT3_ENTRY = (1, 3, 6, 1, 2, 1, 10, 7, 2, 1)


def test_rows_only_a_joined_table_has_are_shown_after_the_tables_own(corpus: MibStore) -> None:
    spec, dot3 = TableSpec.of(corpus, "ifTable"), TableSpec.of(corpus, "dot3StatsTable")
    rows = TableRows(spec, [dot3])
    assert rows.add([(IF_ENTRY + (2, 1), b"lo"), (IF_ENTRY + (2, 2), b"eth0")]) == 2
    assert rows.add([(DOT3_ENTRY + (2, 2), Counter32(4)), (DOT3_ENTRY + (2, 5), Counter32(9))]) == 1
    descr, alignment = 1, [c.name for c in rows.columns].index("dot3StatsAlignmentErrors")
    assert len(rows) == 3 and [rows.suffix(p) for p in range(3)] == [(1,), (2,), (5,)]
    assert [rows.joined_only(p) for p in range(3)] == [False, False, True] and rows.joined_only_count() == 1
    assert rows.position((5,)) == 2 and [t.name for t in rows.only_in(2)] == ["dot3StatsTable"] and rows.only_in(1) == []
    assert rows.cell(2, descr) is None and not rows.has(2, descr) and rows.cell(2, alignment) == Counter32(9)
    assert rows.column_values(descr) == [b"lo", b"eth0", None] and rows.instance_oid(2, alignment) == DOT3_ENTRY + (2, 5)
    assert [v.text for v in rows.index_values(2)] == ["5"] and rows.span == (1, 2)
    assert rows.add([(IF_ENTRY + (2, 0), b"zero")]) == 1  # the table's own rows come first, in arrival order
    assert rows.position((5,)) == 3 and rows.index_order() == [2, 0, 1, 3]
    assert rows.add([(IF_ENTRY + (2, 5), b"eth4")]) == 0  # the table got row 5: no longer joined-only
    assert rows.position((5,)) == 3 and not rows.joined_only(3) and rows.joined_only_count() == 0
    assert rows.cell(3, descr) == b"eth4" and len(list(rows.rows())) == 4


def test_joined_only_rows_read_a_models_stores_without_writing_to_them(corpus: MibStore) -> None:
    from core.table.columns import ColumnStore

    stores: dict[tuple[int, ...], ColumnStore] = {}
    source = lambda entry: stores.setdefault(entry, ColumnStore(entry))  # noqa: E731
    rows = TableRows(TableSpec.of(corpus, "ifTable"), [TableSpec.of(corpus, "ifXTable")], stores=source)
    base, ifx = stores[IF_ENTRY], stores[IFX_ENTRY]
    base.set(2, (1,), b"lo")
    stamp = ifx.begin_pass()
    for index in (1, 7):
        ifx.set(1, (index,), b"name%d" % index)
    assert len(rows) == 2 and rows.joined_only(1) and len(base) == 1  # the table's store is left alone
    ifx.begin_pass()
    ifx.set(1, (1,), b"again")
    assert ifx.drop_rows_before(stamp + 1) == 1  # a refresh no longer finds row 7
    assert len(rows) == 1 and rows.position((7,)) is None
    base.set(2, (9,), b"eth9")
    ifx.set(1, (8,), b"name8")
    assert [rows.suffix(p) for p in range(len(rows))] == [(1,), (9,), (8,)] and rows.joined_only(2)


def test_without_joins_a_row_is_only_the_tables_own(corpus: MibStore) -> None:
    rows = TableRows(TableSpec.of(corpus, "ifTable"))
    rows.add([(IF_ENTRY + (2, 1), b"lo"), (DOT3_ENTRY + (2, 5), Counter32(9))])  # not an entry of these rows
    assert len(rows) == 1 and rows.joined_only_count() == 0 and not rows.joined_only(0)
