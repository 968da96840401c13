"""Which row of one table is which row of another: by index number, or by a key column's value.

Two devices number their ports differently (switch A's ``Gi0/1`` is ifIndex 1, switch B's
is 10101), and one device renumbers after a reload. :func:`align_by_key` matches rows by
the value of a key column (``ifName``) instead: a key found once on each side pairs two
rows, a key found on one side only makes a row that side's own. A row whose key is
missing, or shared with another row of its side, cannot be paired without guessing: it
is *unaligned*, with the reason, and :meth:`RowAlignment.notes` says so in sentences,
so a comparison never pairs rows silently by a coincidence of numbers.
:func:`align_by_number` is the plain case (same index, same row).

Rows are named by their instance suffix (the index part of the OID). Both ``snmptui
diff --by-index`` and the table view's comparison align rows here.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from core.mib.store import MibStore
from core.oid import OidTuple, format_oid
from core.snapshot.text import value_text

__all__ = ["RowAlignment", "align_by_key", "align_by_number", "key_values", "key_describer"]

Suffix = OidTuple

_EXAMPLES = 3
"""Rows named in a note before it says "and N more"."""


@dataclass
class RowAlignment:
    """Rows of an old side (a snapshot, side A) matched to rows of a new side (B)."""

    pairs: dict[Suffix, Suffix] = field(default_factory=dict)
    """old row -> new row"""
    only_old: list[Suffix] = field(default_factory=list)
    only_new: list[Suffix] = field(default_factory=list)
    unaligned_old: dict[Suffix, str] = field(default_factory=dict)
    """old rows that could not be paired -> why (``no ifName``, ``ifName 'x' is on 2 rows``)"""
    unaligned_new: dict[Suffix, str] = field(default_factory=dict)
    key_name: str | None = None
    """the key column's name (None: aligned by index number)"""
    keys: dict[Suffix, Hashable] = field(default_factory=dict)
    """the key of every paired new row and of the new rows found on that side only"""
    old_keys: dict[Suffix, Hashable] = field(default_factory=dict)
    describe: Callable[[Hashable], str] = str
    """a key as people read it (``Gi0/1``)"""

    def key_text(self, suffix: Suffix, old: bool = False) -> str | None:
        """The key of a new (or ``old``) row as text (None: the row has no usable key)."""
        key = (self.old_keys if old else self.keys).get(suffix)
        return None if key is None else self.describe(key)

    def old_of(self) -> dict[Suffix, Suffix]:
        """new row -> old row"""
        return {new: old for old, new in self.pairs.items()}

    def notes(self, old_side: str = "A", new_side: str = "B") -> list[str]:
        """One sentence per side with unaligned rows (empty when every row was placed):
        ``3 rows of A not aligned by ifName: no ifName: .4; ifName 'x' is on 2 rows: .2, .3``."""
        notes = []
        for side, rows in ((old_side, self.unaligned_old), (new_side, self.unaligned_new)):
            if not rows:
                continue
            by_reason: dict[str, list[Suffix]] = {}
            for suffix, why in rows.items():
                by_reason.setdefault(why, []).append(suffix)
            parts = []
            for why, suffixes in by_reason.items():
                listed = ", ".join("." + format_oid(s) for s in suffixes[:_EXAMPLES])
                more = f" and {len(suffixes) - _EXAMPLES} more" if len(suffixes) > _EXAMPLES else ""
                parts.append(f"{why}: {listed}{more}")
            count = f"{len(rows)} row{'s' if len(rows) != 1 else ''}"
            notes.append(f"{count} of {side} not aligned by {self.key_name}: {'; '.join(parts)}")
        return notes


def align_by_number(old: Iterable[Suffix], new: Iterable[Suffix]) -> RowAlignment:
    """The same index is the same row."""
    new_rows = list(dict.fromkeys(new))
    present = set(new_rows)
    alignment = RowAlignment()
    for suffix in dict.fromkeys(old):
        if suffix in present:
            alignment.pairs[suffix] = suffix
        else:
            alignment.only_old.append(suffix)
    paired = set(alignment.pairs)
    alignment.only_new = [s for s in new_rows if s not in paired]
    return alignment


def _by_key(
    rows: Iterable[Suffix], keys: Mapping[Suffix, Hashable], key_name: str, describe: Callable[[Hashable], str]
) -> tuple[dict[Hashable, Suffix], dict[Suffix, str]]:
    """(key -> its one row, unaligned row -> why) for one side."""
    unique: dict[Hashable, Suffix] = {}
    repeated: dict[Hashable, list[Suffix]] = {}
    unaligned: dict[Suffix, str] = {}
    for suffix in dict.fromkeys(rows):
        key = keys.get(suffix)
        if key is None:
            unaligned[suffix] = f"no {key_name}"
        elif key in repeated:
            repeated[key].append(suffix)
        elif key in unique:
            repeated[key] = [unique.pop(key), suffix]
        else:
            unique[key] = suffix
    for key, suffixes in repeated.items():
        why = f"{key_name} {describe(key)!r} is on {len(suffixes)} rows"
        for suffix in suffixes:
            unaligned[suffix] = why
    return unique, unaligned


def align_by_key(
    old: Iterable[Suffix],
    old_keys: Mapping[Suffix, Hashable],
    new: Iterable[Suffix],
    new_keys: Mapping[Suffix, Hashable],
    key_name: str,
    describe: Callable[[Hashable], str] = str,
) -> RowAlignment:
    """Rows paired by their key (``old_keys``/``new_keys``: row -> key, as :func:`key_values`
    makes them; a row without one has no value in the key column); see the module
    docstring. A key on several rows of one side leaves the other side's row with that key
    unaligned too: which of the several it is cannot be told. ``describe`` renders a key
    for the reasons."""
    old_unique, old_unaligned = _by_key(old, old_keys, key_name, describe)
    new_unique, new_unaligned = _by_key(new, new_keys, key_name, describe)
    old_shared = {old_keys[s] for s in old_unaligned if s in old_keys}
    new_shared = {new_keys[s] for s in new_unaligned if s in new_keys}
    for unique, unaligned, shared, other in ((old_unique, old_unaligned, new_shared, "the other side"),
                                             (new_unique, new_unaligned, old_shared, "the other side")):  # fmt: skip
        for key in shared & unique.keys():
            unaligned[unique.pop(key)] = f"{key_name} {describe(key)!r} is on several rows of {other}"
    alignment = RowAlignment(unaligned_old=old_unaligned, unaligned_new=new_unaligned, key_name=key_name,
                             describe=describe)  # fmt: skip
    for key, suffix in old_unique.items():
        alignment.old_keys[suffix] = key
        other = new_unique.get(key)
        if other is None:
            alignment.only_old.append(suffix)
        else:
            alignment.pairs[suffix] = other
            alignment.keys[other] = key
    for key, suffix in new_unique.items():
        if key not in old_unique:
            alignment.only_new.append(suffix)
            alignment.keys[suffix] = key
    return alignment


def key_values(values: Iterable[tuple[Suffix, Any]]) -> dict[Suffix, Hashable]:
    """Row -> its key: the value with its SNMP type (``Counter32 5`` is not ``Gauge32 5``),
    so equal keys are equal values; rendered only where a person reads one."""
    return {suffix: (type(value), value) for suffix, value in values}


def key_describer(store: MibStore | None, column: OidTuple) -> Callable[[Hashable], str]:
    """Keys of ``column`` as net-snmp prints its values (``Gi0/1``, ``up(1)``)."""

    def describe(key: Hashable) -> str:
        value = key[1] if isinstance(key, tuple) and len(key) == 2 and isinstance(key[0], type) else key
        return value_text(store, column, value)

    return describe
