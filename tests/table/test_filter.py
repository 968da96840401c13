"""core.table.filter: `column op value` and text filters, column names, sort keys."""

from __future__ import annotations

import pytest

from core.table.filter import FilterError, find_column, parse_filter, sort_key
from core.types import Counter32

NAMES = ["ifIndex", "ifDescr", "ifOperStatus", "ifInErrors", "ifInOctets"]


def test_columns_by_name_short_name_or_unique_prefix() -> None:
    assert find_column("ifOperStatus", NAMES) == 2
    assert find_column("operstatus", NAMES) == 2  # the shared "if" left out, any case
    assert find_column("InErr", NAMES) == 3
    with pytest.raises(FilterError, match="several columns"):
        find_column("ifIn", NAMES)
    with pytest.raises(FilterError, match="no column 'speed'"):
        find_column("speed", NAMES)


def test_conditions_compare_enums_by_label_or_number_and_numbers_as_numbers() -> None:
    down = parse_filter("ifOperStatus = down", NAMES)
    assert down is not None and down.column == 2 and down.op == "="
    assert down.matches("down", "down", 2) and down.matches("down(2)", "down", 2)
    assert not down.matches("up", "up", 1)
    assert parse_filter("ifOperStatus == 2", NAMES).matches("down", "down", 2)  # type: ignore[union-attr]
    errors = parse_filter("ifInErrors > 0", NAMES)
    assert errors is not None
    assert errors.matches("5", None, Counter32(5)) and not errors.matches("0", None, Counter32(0))
    assert parse_filter("ifInErrors <= 9", NAMES).matches("10", None, 10) is False  # type: ignore[union-attr]
    assert parse_filter("ifDescr ~ ETH", NAMES).matches("GigabitEthernet0/1")  # type: ignore[union-attr]
    assert not parse_filter("ifDescr ~ Eth", NAMES).matches("lo")  # type: ignore[union-attr]
    missing = parse_filter("ifDescr != x", NAMES)
    assert missing is not None and missing.matches(None) and not parse_filter("ifDescr = x", NAMES).matches(None)  # type: ignore[union-attr]


def test_text_filters_and_empty_ones() -> None:
    text = parse_filter("Gigabit 0/1", NAMES)
    assert text is not None and text.column is None
    assert text.matches("uplink gigabit 0/1") and not text.matches("GigabitEthernet0/1")
    assert parse_filter("   ", NAMES) is None
    with pytest.raises(FilterError, match="nothing to compare"):
        parse_filter("ifInErrors >", NAMES)


def test_sort_keys_put_numbers_in_order_and_missing_cells_last() -> None:
    values = [Counter32(10), None, 2, b"b", b"a"]
    assert sorted(values, key=sort_key) == [2, Counter32(10), b"a", b"b", None]
