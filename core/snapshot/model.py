"""Snapshots: a recorded device as a list of records, and the limits a file is read within.

A :class:`Snapshot` keeps what a file said in the file's order (records,
comment lines, line ending) so that writing it back gives the same bytes. The
formats (``snmprec``, ``snmpwalk``) build and write snapshots; ``files`` loads and
saves them; the embedded agent (``core.agent.as_store``) serves them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from core.oid import OidTuple, normalize_oid

__all__ = [
    "Record",
    "Snapshot",
    "Columns",
    "SnapshotError",
    "integer32",
    "INT32_RANGE",
    "SYSTEM_GROUP",
    "SnapshotLimits",
    "DEFAULT_LIMITS",
    "BadValue",
    "PARSE_ERRORS",
]

SYSTEM_GROUP: OidTuple = (1, 3, 6, 1, 2, 1, 1)
_MAX_REPORTED = 10
INT32_RANGE = (-(1 << 31), (1 << 31) - 1)


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
    if not INT32_RANGE[0] <= value <= INT32_RANGE[1]:
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


@dataclass(slots=True)
class Columns:
    """A snapshot's records as parallel lists, one entry per record in file order, as the
    bulk reader (``core.snapshot.snmprec_bulk``) makes them: no object per record.

    ``keys`` are the OIDs as tuples, strictly increasing (a reader whose file is not in
    OID order makes Records instead); ``tags`` the BER tag of each value; ``hexes`` and
    ``raws`` (by position) what ``Record.hex``/``Record.raw`` would hold.
    """

    oids: list[str]
    keys: list[OidTuple]
    values: list[Any]
    tags: list[int]
    hexes: list[bool | None]
    raws: dict[int, tuple[str, str]]

    def records(self) -> list[Record]:
        records = list(map(Record, self.oids, self.values, self.hexes))
        for position, raw in self.raws.items():
            records[position].raw = raw
        return records


class Snapshot:
    """Records in file order, with what is needed to write the file back exactly.

    A reader may hand over :class:`Columns` instead of records: ``records`` then makes the
    Record objects on first use (and the columns are dropped, the records being the truth
    from then on); the agent builds its store from ``columns`` without making them.
    """

    def __init__(
        self,
        records: list[Record] | None = None,
        path: str | None = None,
        comments: list[tuple[int, str]] | None = None,
        newline: str = "\n",
        final_newline: bool = True,
        warnings: list[str] | None = None,
        writable: tuple[OidTuple, ...] = (SYSTEM_GROUP,),
        skipped: int = 0,
        *,
        columns: Columns | None = None,
    ) -> None:
        if records is not None and columns is not None:
            raise ValueError("a snapshot holds records or columns, not both")
        if records is None and columns is None:
            records = []
        self._records = records
        self._columns = columns
        self.path = path
        self.comments = comments if comments is not None else []
        self.newline = newline
        self.final_newline = final_newline
        self.warnings = warnings if warnings is not None else []
        self.writable = writable
        self.skipped = skipped  # lines left out (strict=False) because they could not be served

    @property
    def records(self) -> list[Record]:
        if self._records is None:
            assert self._columns is not None
            self._records, self._columns = self._columns.records(), None
        return self._records

    @records.setter
    def records(self, records: list[Record]) -> None:
        self._records, self._columns = records, None

    @property
    def columns(self) -> Columns | None:
        """The reader's columns while no Record has been made from them (else None)."""
        return self._columns

    def __len__(self) -> int:
        return len(self._columns.oids) if self._columns is not None else len(self.records)

    def __repr__(self) -> str:
        where = f" from {self.path}" if self.path else ""
        return f"Snapshot({len(self)} records{where})"

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
        if self._columns is not None:
            return list(zip(self._columns.oids, self._columns.values))
        return [(r.oid, r.value) for r in self.records]
