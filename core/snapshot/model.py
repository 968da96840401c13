"""Snapshots: a recorded device as a list of records, loaded from and saved to files.

A :class:`Snapshot` keeps what a file said in the file's order (records,
comment lines, line ending) so that writing it back gives the same bytes, and
serves through :meth:`Snapshot.as_store`. Formats: the snmprec format
(``core.snapshot.snmprec``; ``.bz2`` compressed too) for reading and writing, and
net-snmp ``snmpwalk`` text output (``core.snapshot.snmpwalk``) for reading.
"""

from __future__ import annotations

import bz2
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from core.oid import OidTuple, normalize_oid, oid_key

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
]

SYSTEM_GROUP: OidTuple = (1, 3, 6, 1, 2, 1, 1)
_MAX_REPORTED = 10
_INT32 = (-(1 << 31), (1 << 31) - 1)


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

    def __len__(self) -> int:
        return len(self.records)

    def __repr__(self) -> str:
        where = f" from {self.path}" if self.path else ""
        return f"Snapshot({len(self.records)} records{where})"

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, Any]]) -> Snapshot:
        """Records from ``(OID text, value)`` pairs (ValueError naming a bad OID)."""
        return cls([Record(normalize_oid(oid), value) for oid, value in pairs])

    def pairs(self) -> list[tuple[str, Any]]:
        return [(r.oid, r.value) for r in self.records]

    def as_store(self) -> OidStore:
        """The records as a servable store; objects under ``writable`` accept SET."""
        # Record OIDs were validated when read (or made), so the fast conversion is safe.
        items = [(oid_key(r.oid), r.value) for r in self.records]
        return OidStore(items, [WriteRule(prefix) for prefix in self.writable])


def read_bytes(path: str | Path) -> bytes:
    """A file's bytes, decompressed when it is bzip2 (by name or by magic)."""
    path = Path(path)
    data = path.read_bytes()
    if path.suffix == ".bz2" or data[:3] == b"BZh":
        try:
            return bz2.decompress(data)
        except (OSError, ValueError) as exc:
            raise SnapshotError(str(path), [f"{path}: not a valid bzip2 file ({exc})"]) from None
    return data


_SNMPREC_LINE = re.compile(rb"^\s*[0-9.]+\|")
_SNMPWALK_LINE = re.compile(rb"^\s*\.?[0-9][0-9.]* = ")


def load_snapshot(
    path: str | Path,
    *,
    strict: bool = True,
    writable: Iterable[OidTuple] = (SYSTEM_GROUP,),
) -> Snapshot:
    """Read an snmprec file (optionally ``.bz2``) or net-snmp ``snmpwalk -On`` output.

    Lines that cannot be understood raise :class:`SnapshotError` naming
    file:line; with ``strict=False`` they are skipped and listed in
    ``Snapshot.warnings`` instead. Repeated OIDs keep their first value (warned).
    """
    from core.snapshot import snmprec, snmpwalk

    try:
        data = read_bytes(path)
    except OSError as exc:
        raise SnapshotError(str(path), [f"{path}: {exc.strerror or exc}"]) from None
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
