"""Snapshots: a recorded device as a list of records, loaded from and saved to files.

A :class:`Snapshot` keeps what a file said in the file's order (records,
comment lines, line ending) so that writing it back gives the same bytes, and
serves through :meth:`Snapshot.as_store`. Formats: the snmprec format
(``core.snapshot.snmprec``; ``.bz2`` compressed too) for reading and writing, and
net-snmp ``snmpwalk`` text output (``core.snapshot.snmpwalk``) for reading.
"""

from __future__ import annotations

import bz2
import operator
import re
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, Iterable

from core.gc_pause import gc_paused
from core.oid import OidTuple, normalize_oid, oid_keys

from core.agent.store import OidStore, WriteRule

__all__ = [
    "Record",
    "Snapshot",
    "SnapshotError",
    "load_snapshot",
    "save_snapshot",
    "read_bytes",
    "integer32",
    "SYSTEM_GROUP",
    "SnapshotLimits",
    "DEFAULT_LIMITS",
    "BadValue",
    "PARSE_ERRORS",
]

SYSTEM_GROUP: OidTuple = (1, 3, 6, 1, 2, 1, 1)
_MAX_REPORTED = 10
_INT32 = (-(1 << 31), (1 << 31) - 1)


@dataclass(frozen=True, slots=True)
class SnapshotLimits:
    """How big a snapshot may be once decompressed, and how long one of its lines.

    Beyond either, reading stops with a SnapshotError naming the file and the
    limit (``snmptui agent --max-snapshot-size/--max-line-length`` raise them)."""

    max_bytes: int = 1 << 30
    max_line: int = 1 << 20  # a value travels in one PDU (<= 64 KiB, 128 KiB in hex)


DEFAULT_LIMITS = SnapshotLimits()


class BadValue(ValueError):
    """A line's value cannot be served (out of range, not finite, ...)."""


# What reading one line may raise; each becomes a file:line problem.
PARSE_ERRORS = (ValueError, OverflowError, UnicodeDecodeError)


def integer32(value: int) -> int:
    """``value`` when it fits an INTEGER (Integer32), else ValueError (for the readers)."""
    if not _INT32[0] <= value <= _INT32[1]:
        raise ValueError(f"INTEGER {value} outside the Integer32 range")
    return value


class SnapshotError(ValueError):
    """A snapshot file could not be read; the message names file:line of each problem."""

    def __init__(self, path: str, problems: list[str]) -> None:
        shown = problems[:_MAX_REPORTED]
        more = len(problems) - len(shown)
        text = "\n".join(shown) + (f"\n... and {more} more" if more > 0 else "")
        super().__init__(text)
        self.path = path
        self.problems = problems


@dataclass(slots=True)
class Record:
    """One OID and its typed value (core.types), as a file gave it.

    ``hex`` is how an OCTET STRING-like value was written (``None``: choose the
    canonical form); ``raw`` is the original ``(tag, value)`` text of a line
    the agent serves by a plain value (an snmpsim variation module), written
    back unchanged.
    """

    oid: str
    value: Any
    hex: bool | None = None
    raw: tuple[str, str] | None = None


@dataclass
class Snapshot:
    """Records in file order, with what is needed to write the file back exactly."""

    records: list[Record] = field(default_factory=list)
    path: str | None = None
    comments: list[tuple[int, str]] = field(default_factory=list)
    newline: str = "\n"
    final_newline: bool = True
    warnings: list[str] = field(default_factory=list)
    writable: tuple[OidTuple, ...] = (SYSTEM_GROUP,)
    skipped: int = 0  # lines left out (strict=False) because they could not be served

    def __len__(self) -> int:
        return len(self.records)

    def __repr__(self) -> str:
        where = f" from {self.path}" if self.path else ""
        return f"Snapshot({len(self.records)} records{where})"

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, Any]]) -> Snapshot:
        """Records from ``(OID text, value)`` pairs (ValueError naming a bad OID)."""
        return cls([Record(normalize_oid(oid), value) for oid, value in pairs])

    def refuse_or_skip(self, problems: list[str], strict: bool) -> None:
        """A reader's file:line problems: an error when ``strict``, else skipped lines."""
        if not problems:
            return
        if strict:
            raise SnapshotError(self.path or "<snapshot>", problems)
        self.skipped += len(problems)
        self.warnings.extend(f"{p} (line skipped)" for p in problems)

    def pairs(self) -> list[tuple[str, Any]]:
        return [(r.oid, r.value) for r in self.records]

    def as_store(self) -> OidStore:
        """The records as a servable store; objects under ``writable`` accept SET."""
        # Record OIDs were validated when read (or made), so the fast conversion is safe.
        rules = [WriteRule(prefix) for prefix in self.writable]
        with gc_paused():
            keys = oid_keys([r.oid for r in self.records])
            values = [r.value for r in self.records]
            if all(map(operator.lt, keys, islice(keys, 1, None))):  # a recording in OID order
                return OidStore.from_sorted(keys, values, rules)
            return OidStore(zip(keys, values), rules)


def _size(count: int) -> str:
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if count >= 1 << shift and count % (1 << shift) == 0:
            return f"{count >> shift} {unit}"
    return f"{count} bytes"


def read_bytes(path: str | Path, limits: SnapshotLimits = DEFAULT_LIMITS) -> bytes:
    """A file's bytes, decompressed when it is bzip2 (by name or by magic), never more
    than ``limits.max_bytes`` of them (SnapshotError beyond)."""
    path = Path(path)
    with open(path, "rb") as handle:
        data = handle.read(limits.max_bytes + 1)
    if path.suffix == ".bz2" or data[:3] == b"BZh":
        return _bunzip2(path, data, limits.max_bytes)
    if len(data) > limits.max_bytes:
        raise SnapshotError(str(path), [f"{path}: larger than the limit of {_size(limits.max_bytes)}"
                                        " (raise it with --max-snapshot-size)"])
    return data


def _bunzip2(path: Path, data: bytes, limit: int) -> bytes:
    """Decompress every bzip2 stream of ``data``, stopping as soon as the output passes ``limit``."""
    out: list[bytes] = []
    total = 0
    try:
        while data:
            decompressor = bz2.BZ2Decompressor()
            piece = decompressor.decompress(data, max_length=limit - total + 1)
            while True:
                total += len(piece)
                out.append(piece)
                if total > limit:
                    raise SnapshotError(str(path), [
                        f"{path}: expands beyond the limit of {_size(limit)} when decompressed"
                        " (raise it with --max-snapshot-size)"])
                if decompressor.eof or decompressor.needs_input:
                    break
                piece = decompressor.decompress(b"", max_length=limit - total + 1)
            if not decompressor.eof:
                raise SnapshotError(str(path), [f"{path}: not a valid bzip2 file (truncated)"])
            data = decompressor.unused_data
    except (OSError, EOFError, ValueError) as exc:
        if isinstance(exc, SnapshotError):
            raise
        raise SnapshotError(str(path), [f"{path}: not a valid bzip2 file ({exc})"]) from None
    return b"".join(out)


def check_lines(data: bytes, path: str, limits: SnapshotLimits) -> None:
    """SnapshotError when a line of ``data`` is longer than ``limits.max_line``."""
    limit = limits.max_line
    if len(data) <= limit:
        return
    lengths = list(map(len, data.split(b"\n")))
    if max(lengths) > limit:
        number = next(n for n, length in enumerate(lengths, 1) if length > limit)
        raise SnapshotError(path, [f"{path}:{number}: line longer than the limit of {_size(limit)}"
                                   " (raise it with --max-line-length)"])


_SNMPREC_LINE = re.compile(rb"^\s*[0-9.]+\|")
_SNMPWALK_LINE = re.compile(rb"^\s*\.?[0-9][0-9.]* = ")


def load_snapshot(
    path: str | Path,
    *,
    strict: bool = True,
    writable: Iterable[OidTuple] = (SYSTEM_GROUP,),
    limits: SnapshotLimits = DEFAULT_LIMITS,
) -> Snapshot:
    """Read an snmprec file (optionally ``.bz2``) or net-snmp ``snmpwalk -On`` output.

    Lines that cannot be understood or whose value cannot be served raise
    :class:`SnapshotError` naming file:line; with ``strict=False`` they are
    skipped, counted in ``Snapshot.skipped`` and listed in ``Snapshot.warnings``
    instead. Repeated OIDs keep their first value (warned). A file beyond
    ``limits`` (size once decompressed, line length) is always an error.
    """
    from core.snapshot import snmprec, snmpwalk

    try:
        data = read_bytes(path, limits)
    except OSError as exc:
        raise SnapshotError(str(path), [f"{path}: {exc.strerror or exc}"]) from None
    check_lines(data, str(path), limits)
    for line in data.splitlines():
        if not line.strip() or line.startswith(b"#"):
            continue
        if _SNMPREC_LINE.match(line):
            parse = snmprec.parse
        elif _SNMPWALK_LINE.match(line):
            parse = snmpwalk.parse
        else:
            raise SnapshotError(
                str(path),
                [f"{path}: neither an snmprec file (OID|TAG|VALUE lines) nor"
                 " snmpwalk -On output (.OID = TYPE: VALUE lines)"],
            )  # fmt: skip
        break
    else:
        parse = snmprec.parse
    with gc_paused():
        snapshot = parse(data, str(path), strict=strict)
    snapshot.writable = tuple(writable)
    return snapshot


def save_snapshot(snapshot: Snapshot, path: str | Path, *, compress: bool | None = None) -> None:
    """Write a snapshot as snmprec, bzip2-compressed when ``compress`` (default: when
    the name ends in .bz2)."""
    from core.snapshot import snmprec

    path = Path(path)
    data = snmprec.format_snapshot(snapshot)
    if compress if compress is not None else path.suffix == ".bz2":
        data = bz2.compress(data)
    path.write_bytes(data)
