"""The agent's data source: an ordered store of OID -> typed value.

Entries are kept sorted by OID tuple in parallel lists so that GET is one
bisect and a GETNEXT/GETBULK page is one bisect followed by consecutive
indexes. Static entries keep their whole varbind TLV (name and value) encoded
once, so serving them is byte concatenation; volatile entries hold a function
of no arguments that computes the current value at request time (the demo
device's counters and clocks).

SET support is a list of :class:`WriteRule` (an OID prefix, an optional value
check and an optional hook run after the write) and a list of RowStatus tables
(``core.agent.rows.RowTable``) whose rows a SET creates and destroys; everything
else is read-only. A SET is applied as RFC 3416 4.2.5 describes: every varbind is
checked first (the first failing one names the error), then all are written with an
undo log, so a PDU changes everything it names or nothing.
"""

from __future__ import annotations

import operator
import threading
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import islice
from typing import Any, Callable, Iterable, Iterator

from core.ber import encode_oid, encode_tlv, encode_value
from core.errors import SnmpEncodeError
from core.oid import OidTuple, format_oid, parse_oid
from core.snapshot.model import Columns
from core.types import NO_SUCH_INSTANCE, NO_SUCH_OBJECT, Tag, value_tag

from core.agent.rows import RowChange, RowSet, RowTable, plan_row
from core.agent.set_status import SetStatus

__all__ = [
    "OidStore",
    "WriteRule",
    "RowTable",
    "Volatile",
    "SetStatus",
    "value_tag",
    "encode_varbind",
]

Volatile = Callable[[], Any]
"""A value computed at request time; its SNMP type must not change between calls."""


@dataclass(frozen=True, slots=True)
class WriteRule:
    """Objects under ``prefix`` accept SET of a value of their current type.

    ``check(value)`` returns an error-status (0 to accept), e.g. ``wrongValue``
    for an enum out of range; ``on_set(oid, value)`` runs after the write.
    """

    prefix: OidTuple
    check: Callable[[Any], int] | None = None
    on_set: Callable[[OidTuple, Any], None] | None = None


@dataclass(frozen=True, slots=True)
class _SetPlan:
    """What a SET whose every varbind passed the checks writes: plain objects and rows."""

    writes: list[tuple[OidTuple, Any]]
    rows: list[RowChange]


def encode_varbind(name: bytes, value: Any) -> bytes:
    """A VarBind TLV from an encoded name TLV and a typed value."""
    return encode_tlv(Tag.SEQUENCE, name + encode_value(value))


# A static entry whose varbind is not encoded yet (no real varbind is empty).
_PENDING = b""
# No entry at an OID (a row's column before it was created, after it was destroyed).
_ABSENT = object()


def _key(oid: str | OidTuple) -> OidTuple:
    return parse_oid(oid) if isinstance(oid, str) else tuple(oid)


class OidStore:
    """Sorted OID -> value entries with precomputed varbinds; see the module docstring.

    ``items`` may come in any order; a repeated OID keeps its first value.
    Lookups take OID tuples. Writes (SET) replace values in place under a lock;
    only a SET of a ``tables`` row adds or removes OIDs (row creation, destroy).
    """

    def __init__(
        self,
        items: Iterable[tuple[str | OidTuple, Any]],
        writable: Iterable[WriteRule] = (),
        tables: Iterable[RowTable] = (),
    ) -> None:
        pairs: dict[OidTuple, Any] = {}
        for oid, value in items:
            pairs.setdefault(_key(oid), value)
        keys = sorted(pairs)
        self._keys: list[OidTuple] = keys
        # Names and static varbinds are encoded on first use (a snapshot of 100k
        # objects starts serving at once; a walk encodes each once, as before).
        self._names: list[bytes | None] = [None] * len(keys)
        self._values: list[Any] = [pairs[k] for k in keys]
        self._varbinds: list[bytes | None] = []
        self._tags: list[int] = []
        for value in self._values:
            if callable(value):
                self._varbinds.append(None)
                self._tags.append(value_tag(value()))
            else:
                self._varbinds.append(_PENDING)
                self._tags.append(value_tag(value))
        self._rules = sorted(writable, key=lambda r: len(r.prefix), reverse=True)
        self._tables: list[RowTable] = list(tables)
        self._lock = threading.Lock()

    @staticmethod
    def _encode(key: OidTuple, name: bytes, value: Any) -> bytes:
        try:
            return encode_varbind(name, value)
        except SnmpEncodeError as exc:
            raise ValueError(f"{format_oid(key)}: {exc}") from None

    @classmethod
    def from_sorted(
        cls,
        keys: list[OidTuple],
        values: list[Any],
        writable: Iterable[WriteRule] = (),
        tables: Iterable[RowTable] = (),
        *,
        tags: list[int] | None = None,
    ) -> OidStore:
        """A store of ``keys`` (strictly increasing, as a recording lists them) and their
        static values, without the re-sorting and de-duplication of the constructor.

        ``tags`` (each value's ``value_tag``) spare computing them when the reader knows them."""
        if len(keys) != len(values) or any(map(callable, values)):
            raise ValueError("from_sorted takes one static value per key")
        if not all(map(operator.lt, keys, islice(keys, 1, None))):
            raise ValueError("from_sorted takes strictly increasing keys")
        return cls._of_sorted(keys, values, writable, tables, tags)

    @classmethod
    def of_columns(
        cls, columns: Columns, writable: Iterable[WriteRule] = (), tables: Iterable[RowTable] = ()
    ) -> OidStore:
        """A store of a snapshot reader's columns, whose keys are strictly increasing by
        construction (``core.snapshot.model.Columns``); the store has its own lists (row
        creation changes them, the snapshot's stay as read)."""
        return cls._of_sorted(list(columns.keys), list(columns.values), writable, tables, list(columns.tags))

    @classmethod
    def _of_sorted(
        cls,
        keys: list[OidTuple],
        values: list[Any],
        writable: Iterable[WriteRule],
        tables: Iterable[RowTable],
        tags: list[int] | None,
    ) -> OidStore:
        store = cls.__new__(cls)
        store._keys = keys
        store._names = [None] * len(keys)
        store._values = values
        store._varbinds = [_PENDING] * len(keys)
        store._tags = list(map(value_tag, values)) if tags is None else tags
        store._rules = sorted(writable, key=lambda r: len(r.prefix), reverse=True)
        store._tables = list(tables)
        store._lock = threading.Lock()
        return store

    # ------------------------------------------------------------ reading

    def __len__(self) -> int:
        return len(self._keys)

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        """(dotted OID, current value) in OID order."""
        for i, key in enumerate(self._keys):
            yield format_oid(key), self.value_at(i)

    @property
    def keys(self) -> list[OidTuple]:
        """The sorted OID tuples (do not modify)."""
        return self._keys

    def find(self, oid: OidTuple) -> int:
        """Index of ``oid``, or -1."""
        i = bisect_left(self._keys, oid)
        return i if i < len(self._keys) and self._keys[i] == oid else -1

    def index_after(self, oid: OidTuple) -> int:
        """Index of the first entry strictly after ``oid`` (len(self) when none)."""
        return bisect_right(self._keys, oid)

    def _name(self, i: int) -> bytes:
        name = self._names[i]
        if name is None:
            name = self._names[i] = encode_oid(self._keys[i])
        return name

    def varbind_at(self, i: int) -> bytes:
        """The encoded VarBind of entry ``i`` with its current value."""
        varbind = self._varbinds[i]
        if varbind is None:
            return encode_varbind(self._name(i), self._values[i]())
        if varbind is _PENDING:
            varbind = self._varbinds[i] = self._encode(self._keys[i], self._name(i), self._values[i])
        return varbind

    def value_at(self, i: int) -> Any:
        value = self._values[i]
        return value() if self._varbinds[i] is None else value

    def tag_at(self, i: int) -> int:
        return self._tags[i]

    def name_at(self, i: int) -> bytes:
        """The encoded OBJECT IDENTIFIER TLV of entry ``i``."""
        return self._name(i)

    def get(self, oid: str | OidTuple) -> Any:
        """The current value at ``oid`` or ``NO_SUCH_OBJECT``/``NO_SUCH_INSTANCE``."""
        key = _key(oid)
        i = self.find(key)
        return self.value_at(i) if i >= 0 else self.missing(key)

    def missing(self, oid: OidTuple) -> Any:
        """Which exception value a GET of an absent ``oid`` answers.

        Without MIB knowledge a snapshot cannot know where objects end, so this
        follows what net-snmp answers in practice: ``noSuchInstance`` when a
        neighbouring entry shares the OID's parent (an instance of a known
        object is missing) or when ``oid`` is a prefix of entries (a column or
        scalar asked without its instance), else ``noSuchObject``.
        """
        table = self.table_for(oid)
        located = table.locate(oid) if table is not None else None
        if table is not None and located is not None and table.column(located[0]) is not None:
            return NO_SUCH_INSTANCE  # a column of a RowStatus table: its rows come and go
        keys = self._keys
        i = bisect_left(keys, oid)
        parent = oid[:-1]
        depth = len(parent)
        for j in (i - 1, i):
            if 0 <= j < len(keys) and keys[j][:depth] == parent:
                return NO_SUCH_INSTANCE
        return NO_SUCH_OBJECT

    # ------------------------------------------------------------ writing

    def rule_for(self, oid: OidTuple) -> WriteRule | None:
        for rule in self._rules:
            if oid[: len(rule.prefix)] == rule.prefix:
                return rule
        return None

    def check_set(self, oid: OidTuple, value: Any) -> int:
        """The error-status a SET of ``value`` at ``oid`` would get (0: accepted)."""
        i = self.find(oid)
        if i < 0:
            if self.missing(oid) is NO_SUCH_INSTANCE and self.rule_for(oid) is not None:
                return SetStatus.NO_CREATION
            return SetStatus.NOT_WRITABLE
        rule = self.rule_for(oid)
        if rule is None or self._varbinds[i] is None:
            return SetStatus.NOT_WRITABLE
        if type(value) is not type(self._values[i]):
            return SetStatus.WRONG_TYPE
        if rule.check is not None:
            return rule.check(value)
        return SetStatus.NO_ERROR

    def table_for(self, oid: OidTuple) -> RowTable | None:
        """The RowStatus table ``oid`` is an instance of, if any."""
        return next((table for table in self._tables if table.locate(oid) is not None), None)

    def row(self, table: RowTable, suffix: OidTuple) -> dict[int, Any] | None:
        """The row ``suffix`` of ``table`` (column number -> value); None when it does not exist."""
        if self.find(table.instance(table.status, suffix)) < 0:
            return None
        row = {}
        for column in table.columns:
            i = self.find(table.instance(column.number, suffix))
            if i >= 0:
                row[column.number] = self.value_at(i)
        return row

    def row_count(self, table: RowTable) -> int:
        """How many rows ``table`` has (instances of its RowStatus column)."""
        column = table.entry + (table.status,)
        return bisect_left(self._keys, column + (1 << 32,)) - bisect_left(self._keys, column)

    def set_many(self, updates: list[tuple[OidTuple, Any]]) -> tuple[int, int]:
        """Apply a SET atomically: (0, 0) when every value was written, else
        (error-status, 1-based index of the failing varbind) and nothing changed."""
        with self._lock:
            plan = self._plan(updates)
            if not isinstance(plan, _SetPlan):
                return plan
            writes, rows = plan.writes, plan.rows
            failure = self._commit(writes, rows)
            if failure is not None:
                return failure
        for oid, value in writes:
            rule = self.rule_for(oid)
            if rule is not None and rule.on_set is not None:
                rule.on_set(oid, value)
        for change in rows:
            if change.table.on_change is not None and change.before != change.after:
                change.table.on_change(change.suffix, change.after)
        return 0, 0

    def _plan(
        self, updates: list[tuple[OidTuple, Any]]
    ) -> tuple[int, int] | _SetPlan:
        """Check every varbind (RFC 3416 4.2.5): the writes and row changes to make, or
        the failure of the first varbind that cannot be set."""
        failures: list[tuple[int, int]] = []
        writes: list[tuple[OidTuple, Any]] = []
        groups: dict[tuple[int, OidTuple], list[RowSet]] = {}
        for position, (oid, value) in enumerate(updates, 1):
            table = self.table_for(oid)
            if table is not None:
                number, suffix = table.locate(oid)  # type: ignore[misc]
                groups.setdefault((id(table), suffix), []).append(RowSet(position, number, value))
                continue
            status = self.check_set(oid, value)
            if status:
                failures.append((position, status))
                break
            writes.append((oid, value))
        tables = {id(table): table for table in self._tables}
        counts = {table_id: self.row_count(table) for table_id, table in tables.items()}
        rows: list[RowChange] = []
        for (table_id, suffix), sets in groups.items():
            table = tables[table_id]
            planned = plan_row(table, suffix, sets, self.row(table, suffix), counts[table_id])
            if isinstance(planned, RowChange):
                rows.append(planned)
                if planned.created:
                    counts[table_id] += 1  # the next row of this PDU is checked against the limit with this one
            else:
                failures.append((planned[1], planned[0]))
        if failures:
            position, status = min(failures)
            return status, position
        return _SetPlan(writes, rows)

    def _commit(self, writes: list[tuple[OidTuple, Any]], rows: list[RowChange]) -> tuple[int, int] | None:
        """Write everything or, when a value cannot be stored, put back what was written
        (commitFailed; undoFailed if even that fails)."""
        changes = list(writes)
        for change in rows:
            before, after = change.before or {}, change.after or {}
            for number in sorted(before.keys() | after.keys()):
                old, new = before.get(number, _ABSENT), after.get(number, _ABSENT)
                if (old is _ABSENT) is not (new is _ABSENT) or type(old) is not type(new) or old != new:
                    changes.append((change.table.instance(number, change.suffix), after.get(number, _ABSENT)))
        undo: list[tuple[OidTuple, Any]] = []
        try:
            for oid, value in changes:
                undo.append((oid, self._place(oid, value)))
        except ValueError:
            try:
                for oid, value in reversed(undo):
                    self._place(oid, value)
            except ValueError:
                return SetStatus.UNDO_FAILED, 0
            return SetStatus.COMMIT_FAILED, 0
        return None

    def _place(self, oid: OidTuple, value: Any) -> Any:
        """Store ``value`` at ``oid`` (``_ABSENT``: remove the entry); the previous value or ``_ABSENT``."""
        i = bisect_left(self._keys, oid)
        exists = i < len(self._keys) and self._keys[i] == oid
        if value is _ABSENT:
            if not exists:
                return _ABSENT
            old = self._values[i]
            for column in (self._keys, self._names, self._values, self._varbinds, self._tags):
                del column[i]
            return old
        if exists:
            old = self._values[i]
            self._varbinds[i] = self._encode(oid, self._name(i), value)
            self._values[i] = value
            return old
        name = encode_oid(oid)
        varbind = self._encode(oid, name, value)
        self._keys.insert(i, oid)
        self._names.insert(i, name)
        self._values.insert(i, value)
        self._varbinds.insert(i, varbind)
        self._tags.insert(i, value_tag(value))
        return _ABSENT

    def put(self, oid: str | OidTuple, value: Any) -> None:
        """Replace the value of an existing entry (the model's own updates, no rules)."""
        key = _key(oid)
        i = self.find(key)
        if i < 0:
            raise KeyError(f"no entry {format_oid(key)}")
        with self._lock:
            self._values[i] = value
            self._varbinds[i] = None if callable(value) else self._encode(key, self._name(i), value)
