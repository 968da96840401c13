"""DiffScreen: the tree of a diff between a snapshot file (before) and the agent (now).

Nodes show what changed below them (``~2 -1 +3``); instances carry a sign and a
colour (``~`` changed, ``-`` only in the file, ``+`` new on the agent). ``d`` shows
the differences only, ``]``/``[`` jump to the next/previous difference, and the
detail pane shows the old and the new value of the selected instance.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Static, Tree

from core.oid import OidTuple, format_oid
from core.snapshot.diff import ABSENT, CHANGED, REMOVED
from core.snapshot.diff_report import SIGNS, count_kinds, summary_text
from core.snapshot.text import type_text
from snmptui.diff_marks import MARK_STYLES, DiffLabeler, DiffMarks
from snmptui.model import MibFacade
from snmptui.snapshot_jobs import DiffOutcome
from snmptui.widgets.oid_tree import OidTree, Ref
from snmptui.keys import DIFF_BINDINGS

__all__ = ["DiffScreen"]

_WHAT = {CHANGED: "changed", REMOVED: "only in the file (gone from the agent)", "added": "new on the agent"}


class DiffScreen(Screen[None]):
    """A diff's tree, a filter for the differences, and old/new values."""

    DEFAULT_CSS = """
    DiffScreen #diff-header { height: auto; background: $boost; padding: 0 1; }
    DiffScreen #diff-panes { height: 1fr; }
    DiffScreen #diff-tree { width: 3fr; min-width: 30; height: 1fr; }
    DiffScreen #diff-detail { width: 2fr; height: 1fr; padding: 0 1; border-left: vkey $primary 30%; }
    """

    BINDINGS = DIFF_BINDINGS

    def __init__(
        self,
        mibs: MibFacade,
        outcome: DiffOutcome,
        marks: DiffMarks,
        file: Path,
        agent: str,
        open_table: Callable[[OidTuple], str | None] | None = None,
    ) -> None:
        """``open_table`` opens the compared table view of a table's OID (or says why not)."""
        super().__init__()
        self.open_table = open_table
        self.mibs = mibs
        self.outcome = outcome
        self.file = file
        self.agent = agent
        self.marks = marks
        self.differences_only = False
        root = f"{file.name} → {agent}"
        self.labeler = DiffLabeler(mibs, self.marks.everything, self.marks, root)
        self.diff_tree = OidTree(self.marks.everything, self.labeler, id="diff-tree")
        self.diff_tree.agent_view = True

    def compose(self) -> ComposeResult:
        counts = count_kinds(self.outcome.changes)
        header = Text.assemble(("Diff ", "bold"), f"{self.file} (before) → {self.agent} (now): ", summary_text(counts))
        for note in self.outcome.notes:
            header.append(f"\n{note}", style="dim")
        yield Static(header, id="diff-header")
        with Horizontal(id="diff-panes"):
            yield self.diff_tree
            yield Static("", id="diff-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.diff_tree.reset(self.marks.everything)
        self.diff_tree.focus()
        first = self.marks.next_after(())
        if first is not None:
            self.diff_tree.reveal(first, "instance")
        self.show_detail(self.selected())

    # ------------------------------------------------------------ selection and detail

    def selected(self) -> Ref | None:
        node = self.diff_tree.cursor_node
        return node.data if node is not None else None

    @on(Tree.NodeHighlighted)
    def _highlighted(self, _event: Tree.NodeHighlighted[Ref]) -> None:
        self.show_detail(self.selected())

    def on_oid_tree_nothing_below(self, _message: OidTree.NothingBelow) -> None:
        pass  # nothing to fetch here: the diff is all there is

    def detail_text(self, ref: Ref | None) -> Text:
        """The detail of a node: old and new values of an instance, counts of a node."""
        if ref is None or ref.kind == "more":
            return Text("")
        name = self.mibs.oid_text(ref.oid) if ref.oid else "Everything"
        text = Text(name + "\n", style="bold")
        if ref.kind != "instance":
            counts = self.marks.counts(ref.oid)
            text.append(f"{summary_text(counts)} below\n")
            text.append("\n] next difference, [ previous, d differences only", style="dim")
            return text
        change = self.marks.changes.get(ref.oid)
        owner = self.labeler.model.owner_of(ref.oid)
        if change is None:
            value = self.labeler.model.values.get(ref.oid)
            text.append("unchanged\n\n", style="dim")
            text.append(f"{self.mibs.render(owner, value)}\n{type_text(value)}\n")
        else:
            text.append(f"{SIGNS[change.kind]} {_WHAT[change.kind]}\n\n", style=MARK_STYLES[change.kind])
            for label, value in (("before", change.old), ("now", change.new)):
                text.append(f"{label:7}", style="dim")
                text.append(("(absent)" if value is ABSENT else self.mibs.render(owner, value)) + "\n")
            types = [type_text(v) for v in (change.old, change.new) if v is not ABSENT]
            text.append(f"{'type':7}", style="dim")
            text.append((types[0] if len(set(types)) == 1 else " -> ".join(types)) + "\n")
        text.append(f"\nOID {format_oid(ref.oid)}", style="dim")
        return text

    def show_detail(self, ref: Ref | None) -> None:
        self.query_one("#diff-detail", Static).update(self.detail_text(ref))

    # ------------------------------------------------------------ actions

    def action_toggle_filter(self) -> None:
        self.differences_only = not self.differences_only
        model = self.marks.differences if self.differences_only else self.marks.everything
        cursor = self.selected()
        self.labeler.model = model
        self.diff_tree.reset(model)
        if cursor is not None and cursor.kind != "more" and (cursor.oid in model.values or cursor.kind == "node"):
            self.diff_tree.reveal(cursor.oid, cursor.kind)
        self.notify("Showing the differences only" if self.differences_only else "Showing everything")

    def _jump(self, backwards: bool) -> None:
        ref = self.selected()
        target = self.marks.next_after(ref.oid if ref is not None else (), backwards)
        if target is None:
            self.notify("No differences.")
            return
        self.diff_tree.reveal(target, "instance")
        self.show_detail(self.selected())

    def action_next_difference(self) -> None:
        self._jump(False)

    def action_previous_difference(self) -> None:
        self._jump(True)

    def action_table(self) -> None:
        ref = self.selected()
        if self.open_table is None or ref is None or not ref.oid:
            self.notify("Select a table, its entry, a column or an instance, then press t.")
            return
        problem = self.open_table(ref.oid)
        if problem is not None:
            self.notify(problem[:1].upper() + problem[1:] + ".", severity="warning")

    def action_close(self) -> None:
        self.app.pop_screen()

    def label_of(self, oid: OidTuple, kind: str = "instance") -> str:
        """The plain text of a materialized node's label (for tests and screenshots)."""
        node = self.diff_tree.node_for(oid, kind)
        return node.label.plain if node is not None else ""
