"""core.table.snmptable: the layout rules on their own (the oracle tests check them against net-snmp)."""

from __future__ import annotations

from core.table.snmptable import LayoutOptions, TableLayout, brief_labels, index_of, label_of


def test_labels_are_the_last_component() -> None:
    assert label_of("IF-MIB::ifDescr") == "ifDescr"
    assert label_of(".iso.org.dod.internet.mgmt.mib-2.interfaces.ifTable.ifEntry.ifDescr") == "ifDescr"
    assert label_of(".1.3.6.1.2.1.2.2.1.2") == "2"


def test_brief_labels_cut_what_neighbours_share() -> None:
    assert brief_labels(["ipNetToMediaIfIndex", "ipNetToMediaPhysAddress", "ipNetToMediaType"]) == [
        "IfIndex", "PhysAddress", "Type"]  # fmt: skip
    # net-snmp compares from the last column back; when the earlier label of a pair runs
    # out first, one character fewer is cut
    assert brief_labels(["abcd", "abc"]) == ["cd", "c"]
    assert brief_labels(["abc", "abcd"]) == ["", "d"]
    assert brief_labels(["only"]) == ["only"]
    assert brief_labels(["x1", "y1"]) == ["x1", "y1"]


def test_index_part_of_printed_names() -> None:
    assert index_of('SNMP-VIEW-BASED-ACM-MIB::vacmGroupName.3."user"', "", "module", False) == '3."user"'
    assert index_of("ifDescr.12", "", "suffix", False) == "12"
    table = ".1.3.6.1.2.1.2.2"
    assert index_of(".1.3.6.1.2.1.2.2.1.2.12", table, "numeric", False) == "12"
    assert index_of("IF-MIB::ifDescr[12]", "", "module", True) == "[12]"
    assert index_of("IF-MIB::ifDescr", "", "module", True) is None


def test_widths_parts_and_missing_cells() -> None:
    layout = TableLayout("T", ["a", "bb", "ccc"], LayoutOptions(show_index=True, max_width=14))
    rows = [("1", ["x", None, "zzzz"]), ("22", ["yy", "q", None])]
    layout.measure(rows)
    text = layout.print_pass(rows)
    assert text.splitlines() == [
        "SNMP table: T", "", " index  a bb", "     1  x  ?", "    22 yy  q", "",
        "SNMP table T, part 2", "", " index  ccc", "     1 zzzz", "    22    ?",
    ]  # fmt: skip
    # a later pass (GETNEXT mode) prints no headers and keeps the widths; without the
    # index header its first part has room for more columns, as in net-snmp
    assert layout.print_pass([("3", ["w", "v", "u"])]).splitlines() == ["     3  w  v    u"]
