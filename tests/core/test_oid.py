"""OID text parsing, formatting and ordering (core.oid)."""

from __future__ import annotations

import pytest

from core.oid import format_oid, is_in_subtree, normalize_oid, oid_key, parse_oid


@pytest.mark.parametrize(
    "text, arcs",
    [
        ("1.3.6.1.2.1.1.1.0", (1, 3, 6, 1, 2, 1, 1, 1, 0)),
        (".1.3.6.1", (1, 3, 6, 1)),
        ("2.999.4294967295", (2, 999, 4294967295)),
        ("0.0", (0, 0)),
    ],
)
def test_parse_and_format_round_trip(text: str, arcs: tuple[int, ...]) -> None:
    assert parse_oid(text) == arcs
    assert format_oid(arcs) == text.lstrip(".")
    assert normalize_oid(text) == text.lstrip(".")


@pytest.mark.parametrize(
    "text, reason",
    [
        ("", "empty"),
        (".", "empty"),
        ("1", "at least two"),
        ("1.3..6", "empty sub-identifier"),
        ("1.3.6.", "empty sub-identifier"),
        ("1.3.x", "'x' is not a number"),
        ("1.3.-6", "'-6' is not a number"),
        ("1.3.６", "is not a number"),
        ("3.1", "first sub-identifier"),
        ("1.40", "below 40"),
        ("1.3.4294967296", "exceeds"),
        ("1." + ".".join(["1"] * 128), "more than 128"),
        ("..1.3", "empty sub-identifier"),
    ],
)
def test_bad_oid_text_names_the_oid_and_the_problem(text: str, reason: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_oid(text)
    assert reason in str(info.value)
    assert repr(text) in str(info.value)


def test_numeric_order_not_lexical() -> None:
    oids = ["1.3.6.1.2.1.2.2.1.10.10", "1.3.6.1.2.1.2.2.1.10.9", "1.3.6.1.2.1.2.2.1.2"]
    assert sorted(oids, key=oid_key) == [
        "1.3.6.1.2.1.2.2.1.2",
        "1.3.6.1.2.1.2.2.1.10.9",
        "1.3.6.1.2.1.2.2.1.10.10",
    ]


def test_subtree_membership_is_by_whole_arcs() -> None:
    assert is_in_subtree("1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1")
    assert not is_in_subtree("1.3.6.1.2.1.10.1", "1.3.6.1.2.1.1")
    assert not is_in_subtree("1.3.6.1.2.1.1", "1.3.6.1.2.1.1")


def test_oid_keys_equal_oid_key_one_by_one() -> None:
    from core.oid import oid_key, oid_keys

    texts = ["1.3.6.1.2.1.2.2.1.10.7", "1.3.6.1.2.1.2.2.1.10.8", "1.3", "2.25.340282366920938463463374607431768211455",
             "1.3.6.1.2.1.2.2.1.10", "0.0"]
    assert oid_keys(texts) == [oid_key(t) for t in texts]
