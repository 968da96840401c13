"""OidTree: the lazily built MIB tree with the agent's instances under their objects.

Only expanded nodes have tree nodes. Children are added in chunks of ``CHUNK`` that
yield to the event loop between them, with one cache invalidation per chunk
(Textual's ``TreeNode.add`` invalidates per node, which costs ~60 µs each; the private
parts of Textual's Tree this needs are reached only through ``tree_internals``); an
object with many instances shows the first ``PAGE`` of them and a "N more…" node
that loads the next page when selected. Walk batches go to the model first; the
widget then touches only nodes it has materialized.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import ClassVar, Iterable

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import BindingType
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.timer import Timer
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from core.oid import OidTuple
from snmptui.keys import TREE_BINDINGS
from snmptui.model import ModelChange, WalkModel, is_prefix
from snmptui.widgets import tree_internals as internals
from snmptui.widgets.labels import Labeler

__all__ = ["OidTree", "Ref", "NO_AGENT_DATA_KINDS"]

NO_AGENT_DATA_KINDS = frozenset({"group", "compliance", "notification"})
"""MIB kinds that only register an OID: agents serve no instances below them."""

FOLLOW_DELAY = 0.05
"""Seconds the cursor rests before the tree scrolls sideways to its label."""


@dataclass(frozen=True, slots=True)
class Ref:
    """What a tree node stands for: a MIB or numeric ``node``, an ``instance``, or ``more``."""

    kind: str
    oid: OidTuple
    start: int = 0  # for "more": position of the first instance it stands for

    @property
    def is_instance(self) -> bool:
        return self.kind == "instance"


Child = tuple[Ref, Text, bool]


class OidTree(Tree[Ref]):
    """The MIB tree; see the module docstring for how it stays fast."""

    CHUNK: ClassVar[int] = 250
    PAGE: ClassVar[int] = 500

    BINDINGS: ClassVar[list[BindingType]] = TREE_BINDINGS

    def __init__(self, model: WalkModel, labeler: Labeler, *, id: str | None = None) -> None:
        super().__init__(labeler.root_label(), Ref("node", ()), id=id)
        self.model = model
        self.labeler = labeler
        self.agent_view = False
        self.auto_expand = True  # enter toggles, as space does
        self.guide_depth = 2  # MIB paths are ~11 levels deep: keep labels on screen
        self._by_oid: dict[tuple[str, OidTuple], TreeNode[Ref]] = {("node", ()): self.root}
        self._loaded: set[int] = set()
        self._pending: dict[int, list[Child]] = {}
        self._relabelled: list[TreeNode[Ref]] = []
        self._follow_timer: Timer | None = None
        self._line_style: Style | None = None

    def reset(self, model: WalkModel) -> None:
        """Start over with ``model`` (a new agent): only the root and its children."""
        self.model = model
        self.clear()
        self.root.set_label(self.labeler.root_label())
        self._by_oid = {("node", ()): self.root}
        self._loaded.clear()
        self._pending.clear()
        self.root.expand()
        self.load_children(self.root)

    # ------------------------------------------------------------ label plumbing

    def process_label(self, label: str | Text) -> Text:
        if isinstance(label, Text) and "\n" not in label.plain:
            return label
        return super().process_label(label)

    def get_label_width(self, node: TreeNode[Ref]) -> int:
        return internals.label(node).cell_len + (2 if internals.allow_expand(node) else 0)

    def watch_cursor_line(self, previous_line: int, line: int) -> None:
        super().watch_cursor_line(previous_line, line)
        # Once the cursor rests: following it rebuilds the tree's lines when a walk has just
        # added nodes, and doing that for every key held down doubled the cost of a key
        # during a walk (bench_tui: 1.81x -> 1.21x the core walk, max latency 99 -> 52 ms).
        if self._follow_timer is not None:
            self._follow_timer.stop()
        self._follow_timer = self.set_timer(FOLLOW_DELAY, self.follow_cursor_label)

    def render_lines(self, crop: Region) -> list[Strip]:
        # Textual's Tree works out its style (a walk up the DOM) for every line; once per
        # paint is enough, and a walk repaints the tree several times a second.
        self._line_style = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._line_style = None

    def render_line(self, y: int) -> Strip:
        """A tree line; one whose label goes on past the right edge ends in ``…`` there,
        so a long value never vanishes silently (the detail pane shows it whole)."""
        style = self._line_style
        strip = super().render_line(y) if style is None else internals.render_line(self, y, style)
        width = self.size.width
        view = min(width, self.scrollable_content_region.width)  # the scrollbar covers the rest
        region = internals.label_region(self, y + self.scroll_offset.y)
        if region is None or view < 2 or region.right <= self.scroll_offset.x + view:
            return strip
        last = list(strip.crop(view - 1, view))
        style = last[0].style if last else None
        return Strip.join([strip.crop(0, view - 1), Strip([Segment("…", style)], 1), strip.crop(view, width)])

    def follow_cursor_label(self) -> None:
        """Scroll sideways so the cursor's whole label shows, guides giving way first.

        Textual's Tree never scrolls horizontally, so twelve levels deep the guides ate
        the line and an instance showed only its name; here the label's end is brought
        into view as long as its start stays visible (name first, then the value)."""
        view = self.scrollable_content_region.width
        if self.scroll_x == 0 and self.virtual_size.width <= view:
            return  # every line fits: nothing to follow (and no line rebuild per cursor move)
        region = internals.label_region(self, self.cursor_line)
        if region is None:
            return
        left = self.scroll_x
        if left <= region.x and region.right <= left + view:
            return
        target = max(0, min(region.x, region.right - view))
        if target != left:
            self.scroll_to(x=target, animate=False, immediate=True)
            self.scroll_to_line(self.cursor_line, animate=False)

    def node_for(self, oid: OidTuple, kind: str = "node") -> TreeNode[Ref] | None:
        """The materialized tree node for ``oid``, if any."""
        return self._by_oid.get((kind, oid))

    def is_loaded(self, node: TreeNode[Ref]) -> bool:
        """True when ``node``'s children have been (or are being) materialized."""
        return int(node.id) in self._loaded

    def expandable(self, oid: OidTuple) -> bool:
        """Whether node ``oid`` gets an expander: it has (or may have) something to show.

        MIB children or agent data below: yes. Otherwise only while the agent was not
        walked there yet (a fetch on expand may find data), and never for MIB kinds
        agents serve nothing under (groups, compliances, notifications).
        """
        model = self.model
        if model.instances.get(oid) or model.numeric_arcs(oid):
            return True
        children = self.labeler.mib_children(oid)
        if self.agent_view:
            children = [c for c in children if not model.is_empty_after_walk(tuple(c.oid))]
        if children:
            return True
        node = model.mib_node(oid)
        if node is not None and node.kind in NO_AGENT_DATA_KINDS:
            return False
        return not model.is_walked(oid)

    def _set_expandable(self, node: TreeNode[Ref], expandable: bool) -> bool:
        """Give or take ``node``'s expander (collapsing it when taken); True when it changed."""
        if internals.allow_expand(node) == expandable:
            return False
        internals.set_allow_expand(node, expandable)
        if not expandable:
            internals.set_expanded(node, False)
        internals.touch(node)
        return True

    # ------------------------------------------------------------ children

    def child_items(self, oid: OidTuple, start: int = 0) -> list[Child]:
        """The children of node ``oid`` as (ref, label, expandable), in OID order."""
        model = self.model
        labeler = self.labeler
        items: list[Child] = []
        if start == 0:
            arcs: dict[OidTuple, Child] = {}
            depth = len(oid)
            for mib_child in labeler.mib_children(oid):
                child_oid = tuple(mib_child.oid)
                if self.agent_view and model.is_empty_after_walk(child_oid):
                    continue
                arcs[child_oid[depth:]] = (Ref("node", child_oid), labeler.node_label(child_oid), self.expandable(child_oid))
            covered = {key[0] for key in arcs}
            for arc in model.numeric_arcs(oid):
                if arc not in covered:
                    child_oid = oid + (arc,)
                    arcs[(arc,)] = (Ref("node", child_oid), labeler.node_label(child_oid), True)
            items.extend(arcs[key] for key in sorted(arcs))
        instances = model.instance_list(oid)
        if instances:
            end = min(len(instances), start + self.PAGE)
            for instance in instances[start:end]:
                items.append((Ref("instance", instance), labeler.instance_label(instance), False))
            if end < len(instances):
                items.append(self._more_item(oid, end, len(instances)))
        return items

    def _more_item(self, owner: OidTuple, start: int, total: int) -> Child:
        label = Text(f"… {total - start} more (select to show)", style="italic cyan")
        return (Ref("more", owner, start), label, False)

    def _add_children(self, parent: TreeNode[Ref], items: Iterable[Child], before: int | None = None) -> None:
        """Add tree nodes under ``parent`` with one invalidation for the lot."""
        children = internals.children(parent)
        position = len(children) if before is None else before
        by_oid = self._by_oid
        for ref, label, expandable in items:
            node = internals.new_node(self, parent, label, ref)
            internals.set_allow_expand(node, expandable)
            internals.set_expanded(node, False)
            children.insert(position, node)
            position += 1
            if ref.kind != "more":
                by_oid[(ref.kind, ref.oid)] = node
        internals.touch(parent)
        internals.invalidate(self)

    def _add_chunked(self, parent: TreeNode[Ref], items: list[Child]) -> None:
        """Attach ``items`` ``CHUNK`` at a time, yielding to the event loop in between."""
        self._add_children(parent, items[: self.CHUNK])
        rest = items[self.CHUNK :]
        key = int(parent.id)
        if rest:
            self._pending[key] = rest
            self.call_after_refresh(self._continue_adding, parent)
        else:
            self._pending.pop(key, None)

    def _continue_adding(self, parent: TreeNode[Ref]) -> None:
        rest = self._pending.pop(int(parent.id), None)
        if rest and internals.has_node(self, parent):
            self._add_chunked(parent, rest)

    @property
    def attaching(self) -> bool:
        """True while chunked child lists are still being added."""
        return bool(self._pending)

    def load_children(self, node: TreeNode[Ref]) -> None:
        """Materialize ``node``'s children (once) in chunks."""
        key = int(node.id)
        if key in self._loaded or node.data is None or node.data.kind != "node":
            return
        self._loaded.add(key)
        self._add_chunked(node, self.child_items(node.data.oid))

    def _drop_children(self, node: TreeNode[Ref]) -> None:
        """Remove every tree node below ``node`` and what the widget remembers about them."""
        stack = list(internals.children(node))
        while stack:
            child = stack.pop()
            stack.extend(internals.children(child))
            if child.data is not None and child.data.kind != "more":
                self._by_oid.pop((child.data.kind, child.data.oid), None)
            self._loaded.discard(int(child.id))
            self._pending.pop(int(child.id), None)
            internals.forget_node(self, child)
        internals.children(node).clear()
        internals.touch(node)

    def _unload(self, node: TreeNode[Ref]) -> None:
        """Forget ``node``'s children; expanding it again builds them from the model."""
        self._drop_children(node)
        self._loaded.discard(int(node.id))
        self._pending.pop(int(node.id), None)
        internals.invalidate(self)

    def reload_children(self, node: TreeNode[Ref]) -> None:
        """Drop and rebuild ``node``'s children, keeping what was expanded (e.g. for agent view)."""
        expanded: set[OidTuple] = set()
        stack = list(internals.children(node))
        while stack:
            child = stack.pop()
            if internals.is_expanded(child) and child.data is not None:
                expanded.add(child.data.oid)
                stack.extend(internals.children(child))
        self._drop_children(node)
        self._rebuild(node, expanded)
        internals.invalidate(self)

    def _rebuild(self, node: TreeNode[Ref], expanded: set[OidTuple]) -> None:
        self._loaded.discard(int(node.id))
        self._pending.pop(int(node.id), None)
        self.load_children(node)
        self._flush_pending(node)
        for child in internals.children(node):
            if child.data is not None and child.data.kind == "node" and child.data.oid in expanded:
                internals.set_expanded(child, True)  # no NodeExpanded: nothing to fetch, only to redraw
                self._rebuild(child, expanded)

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[Ref]) -> None:
        if event.node.tree is self:
            self.load_children(event.node)

    def on_tree_node_selected(self, event: Tree.NodeSelected[Ref]) -> None:
        node = event.node
        if node.data is not None and node.data.kind == "more":
            event.stop()
            self._show_more(node)

    def _show_more(self, more: TreeNode[Ref]) -> None:
        ref = more.data
        parent = more.parent
        if ref is None or parent is None:
            return
        siblings = internals.children(parent)
        position = siblings.index(more)
        more.remove()
        self._add_children(parent, self.child_items(ref.oid, ref.start), before=position)
        if position < len(siblings):
            internals.build_lines(self)
            self.move_cursor(siblings[position])

    # ------------------------------------------------------------ navigation

    class NothingBelow(Message):
        """The user asked to open a node that has nothing to show below it."""

        def __init__(self, node: TreeNode[Ref]) -> None:
            super().__init__()
            self.node = node

    def action_expand_or_child(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and not node.is_expanded:
            node.expand()
        elif node.is_expanded and node.children:
            self.move_cursor(node.children[0])
        else:
            self.post_message(self.NothingBelow(node))

    def action_collapse_or_parent(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.is_expanded:
            node.collapse()
        elif node.parent is not None:
            self.move_cursor(node.parent)

    def reveal(self, oid: OidTuple, kind: str = "node") -> TreeNode[Ref] | None:
        """Expand the path to ``oid`` and put the cursor on it; ``None`` when it cannot be shown."""
        target = self.node_for(oid, kind)
        if target is None:
            target = self._materialize_path(oid, kind)
        if target is None:
            return None
        ancestors: list[TreeNode[Ref]] = []
        parent = target.parent
        while parent is not None:
            ancestors.append(parent)
            parent = parent.parent
        for ancestor in reversed(ancestors):  # outermost first: its fetch covers those below
            if not ancestor.is_expanded:
                ancestor.expand()
        internals.build_lines(self)  # now, so the target has its line number
        self.move_cursor(target)
        self.call_after_refresh(self.scroll_to_node, target)
        return target

    def _materialize_path(self, oid: OidTuple, kind: str) -> TreeNode[Ref] | None:
        """Load children level by level along ``oid`` (MIB children may skip unknown arcs)."""
        node = self.root
        owner = self.model.owner_of(oid) if kind == "instance" else oid
        while True:
            self.load_children(node)
            self._flush_pending(node)
            assert node.data is not None
            if node.data.oid == owner:
                break
            step = next(
                (
                    c
                    for c in internals.children(node)
                    if c.data is not None and c.data.kind == "node" and is_prefix(c.data.oid, owner)
                ),
                None,
            )
            if step is None:
                return None
            node = step
        if kind == "node":
            return node
        return self.node_for(oid, kind) or self._page_to(node, oid)

    def _flush_pending(self, node: TreeNode[Ref]) -> None:
        rest = self._pending.pop(int(node.id), None)
        if rest:
            self._add_children(node, rest)

    def _page_to(self, owner: TreeNode[Ref], oid: OidTuple) -> TreeNode[Ref] | None:
        """Show pages of ``owner``'s instances until ``oid`` is materialized."""
        while self.node_for(oid, "instance") is None:
            more = next((c for c in internals.children(owner) if c.data and c.data.kind == "more"), None)
            if more is None:
                return None
            self._show_more(more)
        return self.node_for(oid, "instance")

    # ------------------------------------------------------------ model updates

    def _relabel(self, node: TreeNode[Ref], label: Text) -> None:
        """Give ``node`` a new label, drawn once ``_repaint_relabelled`` runs.

        ``TreeNode.set_label`` schedules a search of the visible lines per node, which
        for the hundreds of labels a walk batch or its end changes costs more than
        one repaint of the tree (lines of unchanged nodes come from the line cache).
        """
        internals.set_label(node, self.process_label(label))
        self._relabelled.append(node)

    def apply(self, change: ModelChange) -> None:
        """Reflect a model change in materialized nodes only (repainting only the lines on
        screen whose label changed)."""
        self._relabelled = []
        self._apply(change)
        self._repaint_relabelled()

    def _repaint_relabelled(self) -> None:
        """Draw the new labels: forget the relabelled nodes' cached lines, repaint those on screen.

        A walk relabels an object's count with every batch. Marking the node changed
        (``touch``) would also re-render every line below it (Textual's line cache keys
        on the whole path), and repainting the whole tree made each batch a full-screen
        render (Textual renders the box around all dirty regions): keys waited behind
        both while the cursor was among the object's instances (bench_tui). When the
        lines are being rebuilt anyway, the whole tree is repainted.
        """
        nodes, self._relabelled = self._relabelled, []
        if not nodes:
            return
        if internals.lines_stale(self):
            self.refresh()
            return
        top = self.scroll_offset.y
        height = self.size.height
        width = self.size.width
        for line in internals.forget_lines(self, nodes):
            if top <= line < top + height:
                self.refresh(Region(0, line - top, width, 1))

    def _apply(self, change: ModelChange) -> None:
        by_oid = self._by_oid
        labeler = self.labeler
        if change.gone_rows:
            self._drop_rows(change.gone_rows)
        for oid in change.newly_populated:
            node = by_oid.get(("node", oid))
            if node is not None:
                self._relabel(node, labeler.node_label(oid))
                if self._set_expandable(node, True):
                    internals.invalidate(self)
                continue
            parent = by_oid.get(("node", oid[:-1]))
            if parent is not None and int(parent.id) in self._loaded:
                self._insert_node(parent, oid)
        for owner, fresh in change.new_instances.items():
            node = by_oid.get(("node", owner))
            if node is None:
                continue
            if labeler.shows_count(owner):
                self._relabel(node, labeler.node_label(owner))
            if int(node.id) not in self._loaded:
                continue
            if internals.is_expanded(node):
                self._add_instances(node, owner, fresh)
            elif all(c.data is None or c.data.kind != "node" for c in internals.children(node)):
                self._unload(node)  # collapsed: later batches touch only the model
        for oid in change.changed:
            node = by_oid.get(("instance", oid))
            if node is not None:
                self._relabel(node, labeler.instance_label(oid))
                owner = node.parent
                if owner is not None and owner.data is not None and labeler.shows_count(owner.data.oid):
                    self._relabel(owner, labeler.node_label(owner.data.oid))

    def _drop_rows(self, gone: dict[OidTuple, list[OidTuple]]) -> None:
        """Take the instance nodes of rows that left the model (entry -> row suffixes) off
        the tree where they are materialized; every other node, expanded or not, stays. A
        cursor on a dropped instance moves to the next instance of its column (else the
        previous one, else the column)."""
        by_oid = self._by_oid
        cursor = self.cursor_node
        landing: TreeNode[Ref] | None = None
        changed = False
        for entry, suffixes in gone.items():
            entry_node = by_oid.get(("node", entry))
            if entry_node is None:
                continue
            for oid in (entry[:-1], entry):
                node = by_oid.get(("node", oid))
                if node is not None:
                    self._relabel(node, self.labeler.node_label(oid))
            for column in internals.children(entry_node):
                ref = column.data
                if ref is None or ref.kind != "node":
                    continue
                self._relabel(column, self.labeler.node_label(ref.oid))
                dropped = {id(node) for suffix in suffixes if (node := by_oid.pop(("instance", ref.oid + suffix), None))}
                if not dropped:
                    changed = self._renumber_more(column, ref.oid) or changed  # rows past the page went
                    continue
                changed = True
                children = internals.children(column)
                if cursor is not None and id(cursor) in dropped:
                    at = children.index(cursor)
                    after = [c for c in children[at:] if id(c) not in dropped]
                    before = [c for c in children[:at] if id(c) not in dropped]
                    landing = after[0] if after else before[-1] if before else column
                for node in children:
                    if id(node) in dropped:
                        internals.forget_node(self, node)
                children[:] = [node for node in children if id(node) not in dropped]
                self._renumber_more(column, ref.oid)
                internals.touch(column)
        if changed:
            internals.invalidate(self)
        if landing is not None:
            internals.build_lines(self)
            self.move_cursor(landing)

    def _renumber_more(self, column: TreeNode[Ref], owner: OidTuple) -> bool:
        """The "N more" node of ``owner`` after instances went: it starts after the instances
        still shown (they are the first of the list) and counts what is left; gone when
        nothing is. True when the node went (the lines changed)."""
        children = internals.children(column)
        more = children[-1] if children else None
        if more is None or more.data is None or more.data.kind != "more":
            return False
        shown = len(children) - 1
        total = len(self.model.instance_list(owner))
        if shown >= total:
            internals.forget_node(self, children.pop())
            return True
        ref, label, _expandable = self._more_item(owner, shown, total)
        more.data = ref
        self._relabel(more, label)
        return False

    def _insert_node(self, parent: TreeNode[Ref], oid: OidTuple) -> None:
        keys = [c.data.oid for c in internals.children(parent) if c.data is not None and c.data.kind == "node"]
        if any(is_prefix(oid, key) for key in keys):
            return  # a MIB child below this arc already stands for it
        position = bisect_left(keys, oid)
        self._add_children(parent, [(Ref("node", oid), self.labeler.node_label(oid), True)], before=position)

    def _add_instances(self, node: TreeNode[Ref], owner: OidTuple, fresh: list[OidTuple]) -> None:
        """Show instances new in the model (``fresh``, in OID order) under the expanded ``node``."""
        children = internals.children(node)
        instances = self.model.instance_list(owner)
        more = children[-1] if children and children[-1].data is not None and children[-1].data.kind == "more" else None
        shown = [c.data.oid for c in children if c.data is not None and c.data.kind == "instance"]
        if shown and fresh[0] < shown[-1]:
            self._repage(node, owner, instances, len(shown), more)
            return
        if more is not None:
            self._relabel(more, self._more_item(owner, more.data.start, len(instances))[1])
            return
        label = self.labeler.instance_label
        room = max(0, self.PAGE - len(shown))
        items: list[Child] = [(Ref("instance", o), label(o), False) for o in fresh[:room]]
        if len(fresh) > room:
            items.append(self._more_item(owner, len(shown) + room, len(instances)))
        self._add_children(node, items)

    def _repage(self, node: TreeNode[Ref], owner: OidTuple, instances: list[OidTuple], shown: int,
                more: TreeNode[Ref] | None) -> None:  # fmt: skip
        """New instances sort among those shown: show the first of ``instances`` again, as
        many as were shown (a page at least, unless the user had opened them all), and a
        "N more" node for the rest, so an instance pushed off the shown pages is still
        reached and none is listed twice. A cursor on a pushed-off instance goes to "more"."""
        budget = shown if more is not None or shown >= self.PAGE else self.PAGE
        page = instances[:budget]
        keep = set(page)
        by_oid = self._by_oid
        cursor = self.cursor_node
        children = internals.children(node)
        pushed = [c for c in children if c.data is not None and c.data.kind == "instance" and c.data.oid not in keep]
        for child in pushed:
            by_oid.pop(("instance", child.data.oid), None)
        gone = {id(child) for child in pushed}
        if more is not None:
            gone.add(id(more))
        for child in children:
            if id(child) in gone:
                internals.forget_node(self, child)
        children[:] = [child for child in children if id(child) not in gone]
        label = self.labeler.instance_label
        keys = [c.data.oid if c.data is not None and c.data.kind == "instance" else () for c in children]
        first = sum(1 for key in keys if key == ())
        for oid in page:
            if ("instance", oid) in by_oid:
                continue
            position = bisect_left(keys, oid, lo=first)
            keys.insert(position, oid)
            self._add_children(node, [(Ref("instance", oid), label(oid), False)], before=position)
        if len(instances) > len(page):
            self._add_children(node, [self._more_item(owner, len(page), len(instances))])
        internals.touch(node)
        internals.invalidate(self)
        if cursor is not None and id(cursor) in gone:
            internals.build_lines(self)
            self.move_cursor(children[-1] if children else node)

    def relabel_all(self) -> None:
        """Recompute every materialized label and expander (after a walk completes: dim the
        empty, take the expander from what can show nothing)."""
        labeler = self.labeler
        changed = False
        for (kind, oid), node in list(self._by_oid.items()):
            if kind == "node" and oid:
                self._relabel(node, labeler.node_label(oid))
                changed = self._set_expandable(node, self.expandable(oid)) or changed
        if changed:
            internals.invalidate(self)
        self._repaint_relabelled()
        self.refresh()
