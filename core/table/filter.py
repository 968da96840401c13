"""Row filters and sort keys for table views: ``ifOperStatus = down``, ``ifInErrors > 0``, text.

``parse_filter(text, columns)`` reads either ``COLUMN OP VALUE`` (OP one of
``= == != < <= > >= ~`` where ``~`` means "contains") or plain text (rows with a
cell containing it, case-insensitive). A column is named by its MIB name, a unique
prefix of it, or its name without the prefix all columns share (``OperStatus``).
Enumerated values compare by label or number (``down`` and ``2`` both match
``down(2)``); numbers compare as numbers; everything else as text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["FilterError", "RowFilter", "common_prefix", "find_column", "parse_filter", "sort_key"]

_CONDITION = re.compile(r"^\s*([A-Za-z][\w-]*)\s*(==|!=|<=|>=|=|<|>|~)\s*(.*?)\s*$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


class FilterError(ValueError):
    """A filter that cannot be applied; the message says why (unknown column, ...)."""


@dataclass(frozen=True)
class RowFilter:
    """``column`` None: text search over every cell text; else one condition."""

    text: str
    column: int | None = None
    op: str = "~"
    value: str = ""

    def describe(self, names: Sequence[str]) -> str:
        if self.column is None:
            return f"rows containing {self.text!r}"
        return f"{names[self.column]} {self.op} {self.value}"

    def matches(self, cell_text: str | None, enum_label: str | None = None, number: Any = None) -> bool:
        """Whether one cell (its text, enum label, raw number) satisfies the condition."""
        if self.column is None:
            return cell_text is not None and self.value.lower() in cell_text.lower()
        op, value = self.op, self.value
        if cell_text is None:
            return op == "!="
        if op == "~":
            return value.lower() in cell_text.lower()
        if number is not None and _NUMBER.match(value):
            return _compare(float(number), float(value), op)
        candidates = [cell_text] + ([enum_label] if enum_label else [])
        if op in ("=", "=="):
            return any(c.lower() == value.lower() for c in candidates)
        if op == "!=":
            return all(c.lower() != value.lower() for c in candidates)
        if number is not None and enum_label is None:
            return False  # a number against a word: no order
        return _compare(cell_text.lower(), value.lower(), op)


def _compare(left: Any, right: Any, op: str) -> bool:
    if op in ("=", "=="):
        return bool(left == right)
    if op == "!=":
        return bool(left != right)
    if op == "<":
        return bool(left < right)
    if op == "<=":
        return bool(left <= right)
    if op == ">":
        return bool(left > right)
    return bool(left >= right)


def common_prefix(names: Sequence[str]) -> int:
    """How many leading characters all ``names`` share (0 for fewer than two names): the
    part a column's short name leaves out (``ifInOctets`` -> ``InOctets`` in ifTable)."""
    if len(names) < 2:
        return 0
    first, last = min(names), max(names)
    size = 0
    while size < min(len(first), len(last)) and first[size] == last[size]:
        size += 1
    return size


def find_column(name: str, names: Sequence[str]) -> int:
    """The position of a column named exactly, by its short name, or by a unique prefix."""
    lowered = name.lower()
    for position, candidate in enumerate(names):
        if candidate.lower() == lowered:
            return position
    common = common_prefix(names)
    short = [n[common:].lower() for n in names]
    if lowered in short:
        return short.index(lowered)
    matches = [p for p, n in enumerate(names) if n.lower().startswith(lowered) or short[p].startswith(lowered)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise FilterError(f"no column {name!r} (columns: {', '.join(names[:6])}{', ...' if len(names) > 6 else ''})")
    raise FilterError(f"{name!r} names several columns: {', '.join(names[m] for m in matches[:5])}")


def parse_filter(text: str, names: Sequence[str]) -> RowFilter | None:
    """The filter of ``text`` (None for empty text: no filter)."""
    if not text.strip():
        return None
    match = _CONDITION.match(text)
    if match is None:
        return RowFilter(text, None, "~", text.strip())
    name, op, value = match.groups()
    column = find_column(name, names)
    if value == "" and op != "!=":
        raise FilterError(f"{text!r}: nothing to compare {names[column]} with")
    return RowFilter(text, column, op, value.strip('"'))


def sort_key(value: Any) -> tuple[int, Any]:
    """A key that orders cells of one column: missing last, numbers by value, else text/bytes."""
    if value is None:
        return (3, 0)
    if isinstance(value, int):
        return (0, int(value))
    if isinstance(value, (bytes, bytearray)):
        return (1, bytes(value))
    if isinstance(value, tuple):
        return (2, value)
    return (1, str(value).encode("utf-8", "surrogateescape"))

