"""The browser's view of a diff: models to draw the tree from, and labels that mark changes.

:class:`DiffMarks` turns a list of changes between a snapshot file (before) and the
agent (now) into two walked-data models: everything (the agent's values plus what
only the file had) and the differences only, which the differences filter shows.
:class:`DiffLabeler` labels tree nodes as the browser's labeler does, with a sign
and a colour for each change (``~`` changed, ``-`` only before, ``+`` new) and
per-node counts of what changed below.
"""

from __future__ import annotations

from typing import Any, Iterable

from rich.text import Text

from core.oid import OidTuple, oid_key
from core.snapshot.diff import ADDED, CHANGED, REMOVED, Change
from core.snapshot.diff_report import SIGNS
from core.snapshot.model import Record
from snmptui.model import MibFacade, WalkModel
from snmptui.widgets.labels import Labeler

__all__ = ["DiffMarks", "DiffLabeler", "MARK_STYLES"]

MARK_STYLES = {CHANGED: "bold yellow", REMOVED: "bold red", ADDED: "bold green"}
_KINDS = (CHANGED, REMOVED, ADDED)


class DiffMarks:
    """Changes by OID, counts of changes below every node, and the models to show."""

    def __init__(self, mibs: MibFacade, changes: Iterable[Change], records: Iterable[Record]) -> None:
        self.mibs = mibs
        self.changes: dict[OidTuple, Change] = {}
        self.below: dict[OidTuple, list[int]] = {}
        for change in changes:
            self.changes[change.oid] = change
            slot = _KINDS.index(change.kind)
            oid = change.oid
            for depth in range(len(oid)):
                counts = self.below.setdefault(oid[:depth], [0, 0, 0])
                counts[slot] += 1
        self.order = sorted(self.changes)
        removed = [(oid, c.old) for oid, c in self.changes.items() if c.kind == REMOVED]
        self.everything = self._model([(oid_key(r.oid), r.value) for r in records] + removed)
        self.differences = self._model([(oid, c.old if c.kind == REMOVED else c.new) for oid, c in self.changes.items()])

    def _model(self, values: list[tuple[OidTuple, Any]]) -> WalkModel:
        model = WalkModel(self.mibs)
        model.add(sorted(values))
        model.mark_walked(())  # absent here means absent: nodes without data stay hidden
        return model

    def counts(self, oid: OidTuple) -> dict[str, int]:
        """Changes at or below node ``oid`` by kind."""
        counts = self.below.get(oid, [0, 0, 0])
        return dict(zip(_KINDS, counts))

    def next_after(self, oid: OidTuple, backwards: bool = False) -> OidTuple | None:
        """The changed OID after (or before) ``oid``, wrapping around."""
        from bisect import bisect_left, bisect_right

        order = self.order
        if not order:
            return None
        if backwards:
            position = bisect_left(order, oid) - 1
            return order[position]
        position = bisect_right(order, oid)
        return order[position % len(order)]


class DiffLabeler(Labeler):
    """The browser's labels with the diff's signs, colours and counts."""

    def __init__(self, mibs: MibFacade, model: WalkModel, marks: DiffMarks, root_text: str) -> None:
        super().__init__(mibs, model, root_text)
        self.marks = marks

    def node_label(self, oid: OidTuple) -> Text:
        label = super().node_label(oid)
        counts = self.marks.below.get(oid)
        if counts:
            for kind, count in zip(_KINDS, counts):
                if count:
                    label.append(f" {SIGNS[kind]}{count}", style=MARK_STYLES[kind])
        return label

    def instance_label(self, oid: OidTuple) -> Text:
        label = super().instance_label(oid)
        change = self.marks.changes.get(oid)
        if change is None:
            return Text.assemble("  ", label)
        style = MARK_STYLES[change.kind]
        label.stylize(style.removeprefix("bold "))
        marked = Text.assemble((SIGNS[change.kind] + " ", style), label)
        if change.kind == CHANGED:
            owner = self.model.owner_of(oid)
            marked.append(f"  (was {self.mibs.render(owner, change.old)})", style="dim")
        return marked
