"""The streaming diff: the merge of two OID-ordered snapshots equals a diff of two dicts."""

from __future__ import annotations

import bz2
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.oid import format_oid
from core.snapshot.diff import ABSENT, Change, DiffFilter, compare, diff_streams
from core.snapshot.model import Record, SnapshotError, SnapshotLimits
from core.snapshot.snmprec import format_record
from core.snapshot.stream import NotInOidOrder, RecordStream, SnmprecStream, open_stream
from core.types import Counter32, Counter64, Gauge32, TimeTicks


def write_snmprec(path: Path, pairs: list[tuple[str, Any]], compress: bool = False) -> Path:
    data = b"".join(format_record(Record(oid, value)) + b"\n" for oid, value in pairs)
    path.write_bytes(bz2.compress(data) if compress else data)
    return path


def reference(a: list[tuple[str, Any]], b: list[tuple[str, Any]]) -> list[tuple[str, tuple[int, ...], Any, Any]]:
    """The same diff the slow way: two dicts (first value of a repeated OID kept)."""
    def as_dict(pairs: list[tuple[str, Any]]) -> dict[tuple[int, ...], Any]:
        out: dict[tuple[int, ...], Any] = {}
        for oid, value in pairs:
            out.setdefault(tuple(map(int, oid.split("."))), value)
        return out

    da, db = as_dict(a), as_dict(b)
    out = []
    for key in sorted(set(da) | set(db)):
        old, new = da.get(key, ABSENT), db.get(key, ABSENT)
        if old is ABSENT:
            out.append(("added", key, old, new))
        elif new is ABSENT:
            out.append(("removed", key, old, new))
        elif type(old) is not type(new) or old != new:
            out.append(("changed", key, old, new))
    return out


def summary(changes: list[Change]) -> list[tuple[str, tuple[int, ...], Any, Any]]:
    return [(c.kind, c.oid, c.old, c.new) for c in changes]


oids = st.lists(st.integers(0, 4), min_size=1, max_size=3).map(lambda tail: "1.3.6." + ".".join(map(str, tail)))
values = st.one_of(
    st.integers(-3, 3),
    st.binary(max_size=3),
    st.integers(0, 3).map(Counter32),
    st.integers(0, 3).map(Gauge32),
    st.integers(0, 3).map(TimeTicks),
)
snapshots = st.lists(st.tuples(oids, values), max_size=25)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(a=snapshots, b=snapshots, shuffle=st.booleans())
def test_the_merge_equals_a_diff_of_two_dicts(tmp_path: Path, a: list, b: list, shuffle: bool) -> None:
    if not shuffle:  # mostly sorted inputs, as files are; shuffled ones must be sorted first
        a = sorted(a, key=lambda p: tuple(map(int, p[0].split("."))))
        b = sorted(b, key=lambda p: tuple(map(int, p[0].split("."))))
    left = SnmprecStream(write_snmprec(tmp_path / "a.snmprec", a))
    right = SnmprecStream(write_snmprec(tmp_path / "b.snmprec", b))
    changes, _notes = compare(left, right)
    assert summary(changes) == reference(a, b)
    # The same records held in memory (a live walk) against the file: the same changes.
    changes, _notes = compare(RecordStream([Record(o, v) for o, v in a], "walk"), right)
    assert summary(changes) == reference(a, b)


def test_a_file_out_of_order_is_sorted_in_memory_with_a_note(tmp_path: Path) -> None:
    a = write_snmprec(tmp_path / "a.snmprec", [("1.3.6.2", 1), ("1.3.6.1", 2), ("1.3.6.3", 3)])
    b = write_snmprec(tmp_path / "b.snmprec", [("1.3.6.1", 2), ("1.3.6.2", 1), ("1.3.6.4", 4)])
    stream = SnmprecStream(a)
    with pytest.raises(NotInOidOrder):
        list(diff_streams(stream, SnmprecStream(b)))
    changes, notes = compare(SnmprecStream(a), SnmprecStream(b))
    assert summary(changes) == [("removed", (1, 3, 6, 3), 3, ABSENT), ("added", (1, 3, 6, 4), ABSENT, 4)]
    assert notes == [f"{a}:2: 1.3.6.1 is not in OID order; sorted in memory"]


def test_equal_values_in_other_encodings_are_equal_and_types_matter(tmp_path: Path) -> None:
    a = tmp_path / "a.snmprec"
    b = tmp_path / "b.snmprec"
    a.write_bytes(b"1.3.6.1.2.1.1.5.0|4|abc\n1.3.6.1.2.1.2.2.1.5.1|66|100\n")
    b.write_bytes(b"1.3.6.1.2.1.1.5.0|4x|616263\n1.3.6.1.2.1.2.2.1.5.1|65|100\n")
    changes, _ = compare(SnmprecStream(a), SnmprecStream(b))
    assert summary(changes) == [("changed", (1, 3, 6, 1, 2, 1, 2, 2, 1, 5, 1), Gauge32(100), Counter32(100))]
    assert type(changes[0].old) is Gauge32 and type(changes[0].new) is Counter32


def test_compressed_files_stream_and_bad_lines_name_file_and_line(tmp_path: Path) -> None:
    a = write_snmprec(tmp_path / "a.snmprec.bz2", [("1.3.6.1", 1), ("1.3.6.2", 2)], compress=True)
    b = tmp_path / "b.snmprec"
    b.write_bytes(b"1.3.6.1|2|1\n1.3.6.2|2|two\n")
    with pytest.raises(SnapshotError, match=rf"{b}:2: 1.3.6.2: invalid literal"):
        compare(open_stream(a), open_stream(b))
    b.write_bytes(b"1.3.6.1|2|1\n1.3.x.2|2|2\n")
    with pytest.raises(SnapshotError, match=rf"{b}:2: bad OID '1.3.x.2'"):
        compare(open_stream(a), open_stream(b))


def test_filters_hide_counter_and_timetick_changes_and_subtrees() -> None:
    a = [("1.3.6.1.1", Counter32(1)), ("1.3.6.1.2", TimeTicks(5)), ("1.3.6.1.3", Counter64(7)),
         ("1.3.6.2.1", 1), ("1.3.6.3.1", 1)]  # fmt: skip
    b = [("1.3.6.1.1", Counter32(2)), ("1.3.6.1.2", TimeTicks(6)), ("1.3.6.1.3", Gauge32(7)),
         ("1.3.6.1.4", Counter32(0)), ("1.3.6.2.1", 2), ("1.3.6.3.1", 2)]  # fmt: skip
    left, right = RecordStream([Record(o, v) for o, v in a], "a"), RecordStream([Record(o, v) for o, v in b], "b")
    quiet = DiffFilter(ignore_types=(Counter32, Counter64, TimeTicks), ignore=[(1, 3, 6, 3)])
    kept = [(c.kind, format_oid(c.oid)) for c in compare(left, right, quiet)[0]]
    # a type change and a new counter are still differences; the subtree is not
    assert kept == [("changed", "1.3.6.1.3"), ("added", "1.3.6.1.4"), ("changed", "1.3.6.2.1")]
    only = DiffFilter(only=[(1, 3, 6, 3)])
    assert [format_oid(c.oid) for c in compare(left, right, only)[0]] == ["1.3.6.3.1"]


def test_a_line_beyond_the_limit_stops_the_stream_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "long.snmprec"
    path.write_bytes(b"1.3.6.1|4|short\n1.3.6.2|4|" + b"x" * 200 + b"\n")
    stream = SnmprecStream(path, SnapshotLimits(max_line=100))
    with pytest.raises(SnapshotError, match=rf"{path}:2: line longer than the limit of 100 bytes"):
        list(stream)
    assert len(list(SnmprecStream(path, SnapshotLimits(max_line=210)))) == 2  # 210 octets: at the limit
