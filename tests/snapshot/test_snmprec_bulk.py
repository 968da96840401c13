"""The bulk snmprec reader gives exactly the snapshot of the line reader, or hands over.

``snmprec_bulk.parse`` tries ``snmprec_bulk.read_columns`` first; whatever it returns must
equal ``snmprec.parse`` of the same text (records, value types, hex forms,
variation lines' raw text, comments, line endings), and every error or warning must be
the line reader's, file:line included.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.agent import as_store
from core.agent.store import OidStore
from core.snapshot import snmprec, snmprec_bulk
from core.snapshot.model import Snapshot, SnapshotError


def _outcome(read: Any, data: bytes, strict: bool) -> tuple[Any, ...]:
    try:
        snapshot = read(data, "dev.snmprec", strict=strict)
    except SnapshotError as exc:
        return ("error", str(exc))
    records = [(r.oid, type(r.value), r.value, r.hex, r.raw) for r in snapshot.records]
    return (records, snapshot.comments, snapshot.warnings, snapshot.skipped, snapshot.newline,
            snapshot.final_newline, snapshot.pairs(), len(snapshot))


_PLAIN_OIDS = st.lists(st.integers(0, 3), min_size=0, max_size=3).map(lambda tail: "1.3.6.1.2.1." + ".".join(map(str, [2, 2, 1] + tail)))
_ODD_OIDS = st.sampled_from([
    ".1.3.6.1.2.1.1.1.0", " 1.3.6.1.2.1.1.2.0", "1.3.6.01.2", "1.3.6.1.4294967295.1", "1.3.6.1.4294967296",
    "1.3.6.1.1234567890.1", "1.3", "1", "", "1..3.6", "1.3.6.", "3.1.2", "1.40.2", "2.999.1", "1.3.6.x",
    "# 1.3.6.1.2", "1.3.6.1.2.1.1.0",
])
_TAGS = st.sampled_from([
    "2", "4", "4x", "5", "6", "64", "64x", "65", "66", "67", "68", "68x", "70", "71", "2x", "99", "x", "",
    "65:numeric", "4:numeric", "2:numeric", "4:writecache", "67:numeric", " 4",
])
_VALUES = st.sampled_from([
    "0", "7", "-1", "2147483647", "2147483648", "-2147483648", "-2147483649", "4294967295", "4294967296",
    "18446744073709551615", "18446744073709551616", "1_000", " 12", "1" * 25, "", "abc", "6c696e7578",
    "0a0b", "0g", "a|b", "1.3.6.1.4.1.8072", "10.0.0.1", "rate=100,initial=5", "value=hello",
    "hexvalue=6869", "initial=1.5e3", "initial=inf", "\u00e9t\u00e9",
])

_GOOD = st.sampled_from([
    ("2", "7"), ("2", "-2147483648"), ("4", "abc"), ("4", "a|b"), ("4", ""), ("4x", "0a0B"), ("65", "4294967295"),
    ("66", "0"), ("67", "12"), ("70", "18446744073709551615"), ("71", "5"), ("6", "1.3.6.1.4.1.8072"),
    ("64", "10.0.0.1"), ("64x", "0a000001"), ("5", ""), ("68x", "c0ff"), ("65:numeric", "rate=100,initial=5"),
    ("4:writecache", "value=hello"), ("2", "1_000"),
])


@st.composite
def recordings(draw: st.DrawFn) -> bytes:
    count = draw(st.integers(0, 12))
    oids = sorted(set(draw(st.lists(_PLAIN_OIDS, min_size=count, max_size=count))),
                  key=lambda text: tuple(map(int, text.split("."))))
    if draw(st.integers(0, 3)) == 0:  # out of order or repeated now and then
        oids = draw(st.permutations(oids + oids[:1]))
    pairs = _GOOD if draw(st.booleans()) else st.one_of(_GOOD, st.tuples(_TAGS, _VALUES))
    lines = ["{}|{}|{}".format(oid, *draw(pairs)) for oid in oids]
    for _ in range(draw(st.integers(0, 2)) * draw(st.integers(0, 1))):
        odd = draw(st.sampled_from(["# a comment", "", "  ", "no bars here", f"{draw(_ODD_OIDS)}|{draw(_TAGS)}|{draw(_VALUES)}"]))
        lines.insert(draw(st.integers(0, len(lines))), odd)
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = newline.join(lines) + (newline if draw(st.booleans()) else "")
    return text.encode("utf-8", "surrogateescape")


@settings(max_examples=300, deadline=None)
@given(recordings(), st.booleans())
def test_bulk_reading_equals_reading_by_line(data: bytes, strict: bool) -> None:
    assert _outcome(snmprec_bulk.parse, data, strict) == _outcome(snmprec.parse, data, strict)


def _regular_recording() -> bytes:
    lines = ["# recorded by hand", "1.3.6.1.2.1.1.1.0|4|router|with a bar", "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.9",
             "1.3.6.1.2.1.1.3.0|67:numeric|rate=100,initial=123", "", "1.3.6.1.2.1.1.5.0|4x|72310a"]
    for column, tag, value in ((1, "2", "{i}"), (2, "4", "eth{i}"), (6, "4x", "00505600{i:04x}"), (10, "65", "{i}0"),
                               (15, "66", "1000000000"), (9, "67", "4294967295"), (3, "64", "10.0.0.{i}")):
        lines += [f"1.3.6.1.2.1.2.2.1.{column}.{i}|{tag}|{value.format(i=i)}" for i in range(1, 5)]
    lines.sort(key=lambda line: tuple(map(int, line.split("|")[0].split("."))) if line[:1].isdigit() else ())
    lines += ["1.3.6.1.2.1.31.1.1.1.6.1|70|18446744073709551615", "1.3.6.1.4.1.9.9.1.0|5|", "1.3.6.1.4.1.9.9.2.0|68x|c0ff"]
    return ("\n".join(lines) + "\n").encode()


def test_a_regular_recording_is_read_in_bulk_and_served_alike() -> None:
    data = _regular_recording()
    bulk = snmprec_bulk.parse(data, "dev.snmprec")
    assert bulk.columns is not None  # the fast path was taken, no Record made
    by_line = snmprec.parse(data, "dev.snmprec")
    fast, general = as_store(bulk), OidStore([(r.oid, r.value) for r in by_line.records])
    assert [(oid, type(v), v) for oid, v in fast] == [(oid, type(v), v) for oid, v in general]
    assert [fast.varbind_at(i) for i in range(len(fast))] == [general.varbind_at(i) for i in range(len(general))]
    assert [fast.tag_at(i) for i in range(len(fast))] == [general.tag_at(i) for i in range(len(general))]
    assert _outcome(snmprec_bulk.parse, data, True) == _outcome(snmprec.parse, data, True)
    assert snmprec.format_snapshot(bulk) == data  # written back byte for byte


def test_records_made_from_columns_are_the_truth_afterwards() -> None:
    snapshot = snmprec_bulk.parse(_regular_recording(), "dev.snmprec")
    snapshot.records[0].value = b"changed"
    assert snapshot.columns is None
    assert as_store(snapshot).get("1.3.6.1.2.1.1.1.0") == b"changed"


@pytest.mark.parametrize("line, problem", [
    (b"1.3.6.1.2.1.2.2.1.10.3|65|4294967296", "dev.snmprec:4: 1.3.6.1.2.1.2.2.1.10.3: Counter32 out of range"),
    (b"1.3.6.1.2.1.2.2.1.10.3|4x|0g", "dev.snmprec:4: 1.3.6.1.2.1.2.2.1.10.3: non-hexadecimal number"),
    (b"1.3.6.1.2.1.2.2.1.10.3|65|" + b"9" * 30, "dev.snmprec:4: 1.3.6.1.2.1.2.2.1.10.3: number 99999999999999999999... has 30 digits"),
])
def test_a_bad_value_among_good_ones_is_named_by_line(line: bytes, problem: str) -> None:
    good = [f"1.3.6.1.2.1.2.2.1.10.{i}|65|{i}".encode() for i in (1, 2)]
    data = b"\n".join([*good, b"# c", line, b"1.3.6.1.2.1.2.2.1.10.4|65|4"]) + b"\n"
    with pytest.raises(SnapshotError) as caught:
        snmprec_bulk.parse(data, "dev.snmprec")
    assert str(caught.value).startswith(problem)
    lenient = snmprec_bulk.parse(data, "dev.snmprec", strict=False)
    assert [r.oid for r in lenient.records][-1] == "1.3.6.1.2.1.2.2.1.10.4" and lenient.skipped == 1


def test_an_empty_snapshot_still_has_no_records() -> None:
    assert len(Snapshot()) == 0 and Snapshot().columns is None
    with pytest.raises(ValueError):
        Snapshot([], columns=snmprec_bulk.parse(_regular_recording()).columns)
