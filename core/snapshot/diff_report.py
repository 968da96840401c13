"""Differences for people and scripts: one line per change grouped by MIB object, or JSON.

Text is the net-snmp formatter's (octets one character per byte: write it with
``core.snapshot.text.as_bytes``); JSON records hold readable text. Lines read as in ``diff``: ``~ IF-MIB::ifOperStatus.1: down(2) -> up(1)`` (changed,
types shown when they differ), ``- IF-MIB::ifDescr.1 = fxp0`` (only in A),
``+ IF-MIB::ifDescr.9999 = new-port`` (only in B). Each MIB object's lines follow a
``# IF-MIB::ifDescr: 1 removed, 1 added`` header. Rows aligned by an index value
read ``IF-MIB::ifOperStatus[Gi0/1]``, with both row numbers when they differ.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Any, Iterable, Iterator

from core.mib.store import MibStore
from core.oid import format_oid
from core.snapshot.diff import ABSENT, ADDED, CHANGED, REMOVED, Change
from core.snapshot.text import object_of, oid_name, readable, type_text, typed_text, value_text

__all__ = ["DiffText", "SIGNS", "count_kinds"]

SIGNS = {CHANGED: "~", REMOVED: "-", ADDED: "+"}
_ORDER = (CHANGED, REMOVED, ADDED)


def count_kinds(changes: Iterable[Change]) -> dict[str, int]:
    counts = {kind: 0 for kind in _ORDER}
    for change in changes:
        counts[change.kind] += 1
    return counts


def summary_text(counts: dict[str, int]) -> str:
    """``2 changed, 1 added`` (``no differences`` when there are none)."""
    parts = [f"{counts[kind]} {kind}" for kind in _ORDER if counts.get(kind)]
    return ", ".join(parts) or "no differences"


@dataclass
class DiffText:
    """Renders changes with one MIB store (numeric names without one)."""

    store: MibStore | None = None

    def name(self, change: Change) -> str:
        """``IF-MIB::ifDescr.3``; ``IF-MIB::ifDescr[eth0]`` for an aligned row."""
        if change.row is None:
            return oid_name(self.store, change.oid)
        owner = object_of(self.store, change.oid)
        text = f"{oid_name(self.store, owner)}[{change.row}]"
        if change.new_oid is not None:
            before, after = change.oid[len(owner) :], change.new_oid[len(owner) :]
            text += f" (.{format_oid(before)} -> .{format_oid(after)})"
        return text

    def value(self, change: Change, value: Any) -> str:
        return value_text(self.store, change.new_oid or change.oid, value)

    def line(self, change: Change) -> str:
        sign = SIGNS[change.kind]
        if change.kind == CHANGED:
            if type(change.old) is type(change.new):
                old, new = self.value(change, change.old), self.value(change, change.new)
            else:
                old = typed_text(self.store, change.oid, change.old)
                new = typed_text(self.store, change.new_oid or change.oid, change.new)
            return f"{sign} {self.name(change)}: {old} -> {new}"
        value = change.new if change.kind == ADDED else change.old
        return f"{sign} {self.name(change)} = {self.value(change, value)}"

    def lines(self, changes: Iterable[Change]) -> Iterator[str]:
        """Header and lines per MIB object, objects in OID order."""
        for owner, group in groupby(changes, key=lambda c: object_of(self.store, c.oid)):
            items = list(group)
            yield f"# {oid_name(self.store, owner)}: {summary_text(count_kinds(items))}"
            for change in items:
                yield self.line(change)

    def record(self, change: Change) -> dict[str, Any]:
        """The JSON object of a change: change, oid, name, old, new, type (and more when
        they say something: old_type, new_oid, row)."""
        present = change.new if change.kind != REMOVED else change.old
        out: dict[str, Any] = {
            "change": change.kind,
            "oid": format_oid(change.oid),
            "name": readable(self.name(change)),
            "old": None if change.old is ABSENT else readable(self.value(change, change.old)),
            "new": None if change.new is ABSENT else readable(self.value(change, change.new)),
            "type": type_text(present),
        }
        if change.kind == CHANGED and type(change.old) is not type(change.new):
            out["old_type"] = type_text(change.old)
        if change.new_oid is not None:
            out["new_oid"] = format_oid(change.new_oid)
        if change.row is not None:
            out["row"] = readable(change.row)
        return out
