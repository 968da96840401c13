"""Snapshots as streams in OID order: what the diff merges, without loading a file whole.

A :class:`SnapshotStream` yields :data:`Entry` tuples ``(oid, payload, line)``
with ``oid`` a tuple, in increasing OID order:

- an snmprec file (``.bz2`` too) is read line by line; ``payload`` is the line's
  ``TAG|VALUE`` bytes and is decoded only when :meth:`SnapshotStream.value` is
  asked (the diff asks only where two sides differ, so identical lines cost a
  comparison of bytes);
- records in memory (a live walk, a Snapshot, an snmpwalk text or JSON file,
  which are read whole) give the typed value as ``payload``.

Files are expected in OID order (the recorder, snmpsim and snmpwalk write them
so); a file out of order raises :class:`NotInOidOrder` where it goes wrong, after
which :meth:`SnapshotStream.sort_in_memory` makes the stream read it whole and
sort it. Repeated OIDs keep their first value, as the agent serves them.
"""

from __future__ import annotations

import bz2
import io
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO, Iterable, Iterator

from core.oid import OidTuple, format_oid, oid_key
from core.snapshot.files import load_snapshot, snapshot_format
from core.snapshot.model import DEFAULT_LIMITS, Record, SnapshotError, SnapshotLimits

__all__ = [
    "Entry",
    "NotInOidOrder",
    "SnapshotStream",
    "SnmprecStream",
    "RecordStream",
    "open_stream",
]

Entry = tuple[OidTuple, Any, int]
"""(OID, payload, line number or 0)."""

_OID_CHARACTERS = b"0123456789."
_BZ2_BUFFER = 1 << 20


class NotInOidOrder(Exception):
    """A stream's entries are not in increasing OID order (the merge needs them so)."""

    def __init__(self, stream: SnapshotStream, line: int, oid: OidTuple) -> None:
        where = f"{stream.label}:{line}" if line else stream.label
        super().__init__(f"{where}: {format_oid(oid)} is not in OID order")
        self.stream = stream


class SnapshotStream:
    """Entries in increasing OID order, each OID once (or NotInOidOrder), and the typed
    value of one; ``label`` names the source."""

    label: str
    encoding: str
    """Entries of two streams with the same encoding compare equal when their payloads do."""

    def __iter__(self) -> Iterator[Entry]:
        raise NotImplementedError

    def value(self, entry: Entry) -> Any:
        """The typed value of an entry (SnapshotError naming file:line when it is invalid)."""
        raise NotImplementedError

    def sort_in_memory(self) -> None:
        """Read the source whole and sort it (after :class:`NotInOidOrder`)."""

    def payload_for(self, value: Any) -> Any:
        """The payload this stream's entries would hold for a typed value, so that an
        equal payload means an equal value without decoding (None: no such shortcut)."""
        return None


class RecordStream(SnapshotStream):
    """Records held in memory (sorted here once; repeated OIDs keep the first)."""

    encoding = "typed"

    def __init__(self, records: Iterable[Record], label: str) -> None:
        self.label = label
        keyed = sorted(((oid_key(r.oid), i, r.value) for i, r in enumerate(records)), key=lambda t: (t[0], t[1]))
        entries: list[Entry] = []
        last: OidTuple | None = None
        for key, _, value in keyed:
            if key != last:
                entries.append((key, value, 0))
            last = key
        self.entries = entries

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def value(self, entry: Entry) -> Any:
        return entry[1]


def _text(oid: bytes) -> str:
    return oid.decode("ascii", "replace")


def _open_binary(path: Path) -> BinaryIO:
    with path.open("rb") as probe:
        compressed = path.suffix == ".bz2" or probe.read(3) == b"BZh"
    if compressed:  # big reads: BZ2File's own line reading refills 8 KB at a time
        return io.BufferedReader(bz2.BZ2File(path, "rb"), buffer_size=_BZ2_BUFFER)  # type: ignore[return-value]
    return path.open("rb")


class SnmprecStream(SnapshotStream):
    """An snmprec file read line by line; values decoded only when asked."""

    encoding = "snmprec"

    def __init__(self, path: str | Path, limits: SnapshotLimits = DEFAULT_LIMITS) -> None:
        self.path = Path(path)
        self.limits = limits
        self.label = str(path)
        self._sorted: list[Entry] | None = None

    def _lines(self, ordered: bool) -> Iterator[Entry]:
        """Entries in file order; with ``ordered``, NotInOidOrder at the first one out of
        order (repeats skipped)."""
        label = self.label
        try:
            handle = _open_binary(self.path)
        except OSError as exc:
            raise SnapshotError(label, [f"{label}: {exc.strerror or exc}"]) from None
        limit = self.limits.max_line  # memory stays bounded: a hostile line is an error
        previous: OidTuple = ()
        previous_head: bytes | None = None
        head_key: OidTuple = ()
        number = 0
        with handle:
            try:
                for number, line in enumerate(iter(partial(handle.readline, limit + 1), b""), 1):
                    if len(line) > limit and line[limit:] != b"\n":
                        raise SnapshotError(label, [f"{label}:{number}: line longer than the limit of"
                                                    f" {limit:,} bytes"])  # fmt: skip
                    oid, bar, payload = line.partition(b"|")
                    if not bar:
                        if not line.strip() or line[:1] == b"#":
                            continue
                        raise SnapshotError(label, [f"{label}:{number}: expected OID|TAG|VALUE"])
                    if oid.translate(None, _OID_CHARACTERS):  # spaces, a leading dot, a comment or junk
                        if oid[:1] == b"#":
                            continue
                        oid = oid.strip().removeprefix(b".")
                        if oid.translate(None, _OID_CHARACTERS):
                            raise ValueError(oid)
                    # Arcs are only read here (a table's rows share all arcs but the last,
                    # parsed once); an OID that reaches the output is validated in full
                    # when its line is decoded (value()).
                    head, _, last = oid.rpartition(b".")
                    if head != previous_head:
                        head_key = tuple(map(int, head.split(b".")))
                        previous_head = head
                    key = head_key + (int(last),)
                    if ordered and key <= previous:
                        if key == previous:
                            continue
                        raise NotInOidOrder(self, number, key)
                    previous = key
                    yield key, payload.rstrip(b"\r\n"), number
            except ValueError as exc:
                if isinstance(exc, SnapshotError):
                    raise
                raise SnapshotError(label, [f"{label}:{number}: bad OID {_text(line.partition(b'|')[0].strip())!r}"]) from None
            except (OSError, EOFError) as exc:
                raise SnapshotError(label, [f"{label}: cannot read ({exc})"]) from None

    def __iter__(self) -> Iterator[Entry]:
        return iter(self._sorted) if self._sorted is not None else self._lines(ordered=True)

    def sort_in_memory(self) -> None:
        entries = sorted(self._lines(ordered=False), key=lambda entry: entry[0])  # stable: first repeat first
        unique: list[Entry] = []
        last: OidTuple | None = None
        for entry in entries:
            if entry[0] != last:
                unique.append(entry)
            last = entry[0]
        self._sorted = unique

    def payload_for(self, value: Any) -> Any:
        from core.snapshot.snmprec import format_record

        return format_record(Record("0.0", value))[4:]  # the canonical TAG|VALUE

    def value(self, entry: Entry) -> Any:
        from core.snapshot import snmprec

        key, payload, number = entry
        try:
            snapshot = snmprec.parse(format_oid(key).encode() + b"|" + payload, "")
        except SnapshotError as exc:
            problem = exc.problems[0].split(": ", 1)[-1]
            raise SnapshotError(self.label, [f"{self.label}:{number}: {problem}"]) from None
        return snapshot.records[0].value


def open_stream(path: str | Path) -> SnapshotStream:
    """A stream of a snapshot file: snmprec streamed; snmpwalk text and JSON read whole."""
    path = Path(path)
    if snapshot_format(path) == "snmprec":
        return SnmprecStream(path)
    return RecordStream(load_snapshot(path).records, str(path))
