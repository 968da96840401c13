"""RowStatus tables of the embedded agent: how one SET creates, changes or destroys rows.

A :class:`RowTable` describes a conceptual table whose rows managers create and
destroy (RFC 2579 RowStatus, optionally StorageType): its entry OID, its columns
(:class:`Column`: value type, MAX-ACCESS, DEFVAL, value check) and which suffixes
are valid indexes. :func:`plan_row` takes the varbinds of one SET that fall in one
row, the row as the store holds it, and returns the row as it must be after the SET
(a :class:`RowChange`), or the error-status and varbind position of the first
varbind that must fail. It follows RFC 2579's state table:

- createAndGo on an absent row: the row becomes ``active`` when every required
  column (read-create, no DEFVAL) is in the same PDU or has a default, else
  ``inconsistentValue``; createAndWait: ``notInService`` when complete, else
  ``notReady``; either on an existing row: ``inconsistentValue``;
- ``active``/``notInService`` on an absent row or on a ``notReady`` row the PDU does
  not complete: ``inconsistentValue``; ``notReady(3)`` or a value outside 1..6:
  ``wrongValue``; ``destroy`` removes the row (of an absent row: nothing, noError);
- a column of an absent row without a create in the same PDU: ``inconsistentName``;
  a column that is not read-create: ``notWritable`` (read-only) or ``noCreation``
  (read-write, absent row); an index the table cannot have: ``noCreation``;
- a column marked ``locked_when_active`` cannot change while the row is active
  (``inconsistentValue``, as snmpd's snmpTargetAddrTable);
- StorageType: a row that is ``readOnly(5)`` cannot be written (``notWritable``),
  one that is ``permanent(4)`` cannot be destroyed (``inconsistentValue``), and a
  manager cannot make a row permanent/readOnly or change one that is (``wrongValue``);
- a new row beyond the table's ``max_rows``, counting the rows the same PDU creates
  before it: ``resourceUnavailable``.

The store (``core.agent.store``) applies the changes of every row of a PDU at once,
or none of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from core.oid import OidTuple

from core.agent.set_status import SetStatus

__all__ = [
    "Column", "RowTable", "RowChange", "RowSet", "plan_row", "string_index", "integer_index",
    "ACTIVE", "NOT_IN_SERVICE", "NOT_READY", "CREATE_AND_GO", "CREATE_AND_WAIT", "DESTROY",
    "OTHER", "VOLATILE", "NON_VOLATILE", "PERMANENT", "READ_ONLY",
    "READ_CREATE", "READ_WRITE", "READ_ONLY_ACCESS", "NOT_ACCESSIBLE",
]  # fmt: skip

ACTIVE, NOT_IN_SERVICE, NOT_READY, CREATE_AND_GO, CREATE_AND_WAIT, DESTROY = range(1, 7)
"""RowStatus values (RFC 2579)"""
OTHER, VOLATILE, NON_VOLATILE, PERMANENT, READ_ONLY = range(1, 6)
"""StorageType values (RFC 2579)"""
READ_CREATE, READ_WRITE, READ_ONLY_ACCESS, NOT_ACCESSIBLE = "read-create", "read-write", "read-only", "not-accessible"
"""MAX-ACCESS of a column"""

_MANAGER_STORAGE = frozenset({OTHER, VOLATILE, NON_VOLATILE})
"""StorageType values a manager may write"""


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a :class:`RowTable`.

    ``kind`` is the Python type a SET value must have (``int`` for INTEGER,
    ``bytes``, ``core.types.ObjectIdentifier``, ``Gauge32`` ...); ``default`` the
    DEFVAL a new row takes (None: a required column, unless ``from_index`` gives the
    value of a readable INDEX object from the row's suffix); ``check(value)`` returns
    an error-status (``wrongValue``, ``wrongLength``) or 0.
    """

    number: int
    kind: type
    access: str = READ_CREATE
    default: Any = None
    check: Callable[[Any], int] | None = None
    locked_when_active: bool = False
    from_index: Callable[[OidTuple], Any] | None = None

    @property
    def required(self) -> bool:
        return self.access == READ_CREATE and self.default is None and self.from_index is None


@dataclass(frozen=True, slots=True)
class RowTable:
    """A table whose rows managers create and destroy; see the module docstring.

    ``index(suffix)`` says whether ``suffix`` is an index this table can have;
    ``on_change(suffix, row)`` runs after a SET changed a row (``row`` None: destroyed).
    """

    entry: OidTuple
    columns: tuple[Column, ...]
    status: int
    index: Callable[[OidTuple], bool]
    storage: int | None = None
    max_rows: int = 1000
    on_change: Callable[[OidTuple, dict[int, Any] | None], None] | None = None

    def column(self, number: int) -> Column | None:
        return next((c for c in self.columns if c.number == number), None)

    def locate(self, oid: OidTuple) -> tuple[int, OidTuple] | None:
        """(column number, row suffix) of an instance OID of this table, else None."""
        depth = len(self.entry)
        if len(oid) <= depth + 1 or oid[:depth] != self.entry:
            return None
        return oid[depth], oid[depth + 1 :]

    def instance(self, number: int, suffix: OidTuple) -> OidTuple:
        return self.entry + (number,) + suffix

    def complete(self, row: dict[int, Any]) -> bool:
        """Whether ``row`` has every column it needs to become active."""
        return all(c.number in row for c in self.columns if c.required and c.number != self.status)


@dataclass(frozen=True, slots=True)
class RowSet:
    """One varbind of a SET that falls in a row: its 1-based position, column and value."""

    position: int
    column: int
    value: Any


@dataclass(frozen=True, slots=True)
class RowChange:
    """A row before and after a SET (None: the row does not exist)."""

    table: RowTable
    suffix: OidTuple
    before: dict[int, Any] | None
    after: dict[int, Any] | None

    @property
    def created(self) -> bool:
        """Whether the SET makes a row that did not exist (it counts against ``max_rows``)."""
        return self.before is None and self.after is not None


Failure = tuple[int, int]
"""(error-status, 1-based position of the varbind that fails)"""


def string_index(low: int, high: int, *, implied: bool) -> Callable[[OidTuple], bool]:
    """An index check for one OCTET STRING INDEX object of ``low``..``high`` octets."""

    def valid(suffix: OidTuple) -> bool:
        if not implied:
            if not suffix or suffix[0] != len(suffix) - 1:
                return False
            suffix = suffix[1:]
        return low <= len(suffix) <= high and all(0 <= arc <= 255 for arc in suffix)

    return valid


def integer_index(low: int, high: int) -> Callable[[OidTuple], bool]:
    """An index check for one integer INDEX object in ``low``..``high``."""
    return lambda suffix: len(suffix) == 1 and low <= suffix[0] <= high


def _check_value(table: RowTable, column: Column, value: Any, before: dict[int, Any] | None) -> int:
    """The error-status of writing ``value`` to ``column`` alone (RFC 3416 4.2.5 steps 3-6)."""
    if type(value) is not column.kind:
        return SetStatus.WRONG_TYPE
    if column.number == table.status:
        return SetStatus.WRONG_VALUE if value not in range(1, 7) or value == NOT_READY else SetStatus.NO_ERROR
    if column.number == table.storage:
        if value not in range(1, 6):
            return SetStatus.WRONG_VALUE
        current = before.get(column.number) if before is not None else None
        if current in (PERMANENT, READ_ONLY):
            return SetStatus.NO_ERROR if value == current else SetStatus.WRONG_VALUE
        if value not in _MANAGER_STORAGE:
            return SetStatus.WRONG_VALUE
    return column.check(value) if column.check is not None else SetStatus.NO_ERROR


def _check_each(table: RowTable, sets: list[RowSet], before: dict[int, Any] | None) -> Failure | None:
    storage = before.get(table.storage) if before is not None and table.storage is not None else None
    for one in sets:
        column = table.column(one.column)
        if column is None or column.access in (NOT_ACCESSIBLE, READ_ONLY_ACCESS) or storage == READ_ONLY:
            return SetStatus.NOT_WRITABLE, one.position
        if column.access != READ_CREATE and before is None:
            return SetStatus.NO_CREATION, one.position
        status = _check_value(table, column, one.value, before)
        if status:
            return status, one.position
    return None


def plan_row(
    table: RowTable, suffix: OidTuple, sets: list[RowSet], before: dict[int, Any] | None, rows: int
) -> RowChange | Failure:
    """The row ``suffix`` after ``sets`` (see the module docstring), or why the SET fails.

    ``before`` is the row as stored (column number -> value; None: absent), ``rows``
    how many rows the table has now, counting the rows the same PDU creates before
    this one: a new row beyond ``max_rows`` is ``resourceUnavailable``, so a PDU that
    creates several rows cannot take the table past its limit. Rows the same PDU
    destroys still count, so the limit does not depend on the order of the varbinds.
    """
    failure = _check_each(table, sets, before)
    if failure is not None:
        return failure
    actions = [one for one in sets if one.column == table.status]
    if len(actions) > 1:
        return SetStatus.INCONSISTENT_VALUE, actions[1].position
    action = actions[0] if actions else None
    columns = [one for one in sets if one.column != table.status]
    row = dict(before or {})
    row.update((one.column, one.value) for one in columns)
    if before is None:
        return _create(table, suffix, action, columns, row, rows)
    if action is not None and action.value in (CREATE_AND_GO, CREATE_AND_WAIT):
        return SetStatus.INCONSISTENT_VALUE, action.position
    if action is not None and action.value == DESTROY:
        if table.storage is not None and before.get(table.storage) == PERMANENT:
            return SetStatus.INCONSISTENT_VALUE, action.position
        return RowChange(table, suffix, before, None)
    current = before.get(table.status)
    if current == ACTIVE and not (action is not None and action.value == NOT_IN_SERVICE):
        for one in columns:
            column = table.column(one.column)
            if column is not None and column.locked_when_active:
                return SetStatus.INCONSISTENT_VALUE, one.position
    complete = table.complete(row)
    if action is not None:  # active or notInService
        if not complete:
            return SetStatus.INCONSISTENT_VALUE, action.position
        row[table.status] = action.value
    elif current == NOT_READY and complete:
        row[table.status] = NOT_IN_SERVICE
    return RowChange(table, suffix, before, row)


def _create(
    table: RowTable, suffix: OidTuple, action: RowSet | None, columns: list[RowSet], row: dict[int, Any], rows: int
) -> RowChange | Failure:
    if action is None:
        return SetStatus.INCONSISTENT_NAME, columns[0].position  # RFC 2579 note 4: no implicit creation
    if action.value == DESTROY:
        return RowChange(table, suffix, None, None)  # destroying an absent row changes nothing
    if action.value in (ACTIVE, NOT_IN_SERVICE):
        return SetStatus.INCONSISTENT_VALUE, action.position
    if not table.index(suffix):
        return SetStatus.NO_CREATION, action.position
    if rows >= table.max_rows:
        return SetStatus.RESOURCE_UNAVAILABLE, action.position
    for column in table.columns:
        if column.number in row or column.access == NOT_ACCESSIBLE:
            continue
        if column.from_index is not None:
            row[column.number] = column.from_index(suffix)
        elif column.default is not None:
            row[column.number] = column.default
    complete = table.complete(row)
    if action.value == CREATE_AND_GO:
        if not complete:
            return SetStatus.INCONSISTENT_VALUE, action.position
        row[table.status] = ACTIVE
    else:
        row[table.status] = NOT_IN_SERVICE if complete else NOT_READY
    return RowChange(table, suffix, None, row)
