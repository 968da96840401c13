"""BrowserScreen: header line, OID tree, detail pane, status bar and footer, and the keys
that act on the selected node (walk, cancel, get, getnext, re-read, copy, agent view).

The screen is a view of the app's ``AgentContext``: it asks the context to walk or
GET, and follows the context's signals (a new agent, each slice of data, walk
progress, problems) like any other view would. The detail pane follows the cursor
once it rests (``DETAIL_DELAY``). Keys are ``snmptui.keys.BROWSER`` bindings.
"""

from __future__ import annotations

import time
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Tree

from core.oid import OidTuple, format_oid, parse_oid
from snmptui import clipboard
from core.address import format_address
from snmptui.context import AgentContext, WalkStart
from snmptui.keys import BROWSER_BINDINGS
from snmptui.messages import AgentChanged, GetResult, Problem, WalkEvent, WalkState
from snmptui.model import ModelChange
from snmptui.palette import BindingCommands, MibCommands
from snmptui.row_flow import RowDone, RowFlow
from snmptui.set_flow import SetFlow
from snmptui.watch import WatchList
from snmptui.watcher import Watcher
from snmptui.widgets.detail_pane import DetailPane
from snmptui.widgets.header_line import HeaderLine
from snmptui.widgets.labels import Labeler
from snmptui.widgets.oid_tree import NO_AGENT_DATA_KINDS, OidTree, Ref
from snmptui.widgets.quiet_footer import QuietFooter
from snmptui.widgets.status_bar import StatusBar
from snmptui.widgets.watch_pane import WatchPane
from snmptui.workers import SYSTEM_OBJECTS, missing_hint

__all__ = ["BrowserScreen", "FETCH_ON_EXPAND"]

FETCH_ON_EXPAND = frozenset({"table", "row", "column", "scalar"})
"""Kinds whose instances are fetched automatically when expanded (plus scalar groups and
nodes no loaded MIB defines children for)."""

NO_DATA_KIND_NAMES: dict[str, str] = {
    "group": "a conformance group",
    "compliance": "a compliance statement",
    "notification": "a notification",
}

DETAIL_DELAY = 0.05
"""Seconds the cursor must rest on a node before the detail pane shows it."""

HOME: OidTuple = (1, 3, 6, 1, 2, 1)
"""mib-2: where the tree opens after connecting."""

MAX_WATCH_ADD = 64
"""Instances one ``p`` adds at most (a column of a big table has thousands)."""

STACKED_BELOW = 100
"""Terminals narrower than this stack the detail pane under the tree: at 80 columns a
tree beside the detail pane cannot show a deep instance's name and 40 characters of
its value; the whole width can."""


class BrowserScreen(Screen[None]):
    """The main screen of the browser: a view of the app's agent context."""

    BINDINGS = BROWSER_BINDINGS
    COMMANDS = {BindingCommands, MibCommands}

    def __init__(self, context: AgentContext, *, tree_share: int = 60) -> None:
        super().__init__()
        self.context = context
        self.tree_share = tree_share
        """percent of the width the tree gets (the detail pane has the rest)"""
        self.mibs = context.mibs
        self.model = context.model
        self._highlighted_at = 0.0
        self._detail_timer: Timer | None = None
        self._keys_since_connect = 0
        self.connect_failure: tuple[str, str] | None = None
        """(reason, hint) of the last failed connect while not connected: the root's detail
        keeps showing it (a MIB reload must not replace it with "Not connected")"""
        self._get_result_for: OidTuple | None = None
        """the instance whose GET result the status bar shows (until the cursor leaves it)"""
        self.labeler = Labeler(self.mibs, self.model)
        self.oid_tree = OidTree(self.model, self.labeler, id="tree")
        self.detail_pane = DetailPane(self.mibs, self.model, self.command_for, id="detail")
        self.header_line = HeaderLine(id="header-line")
        self.status_bar = StatusBar(id="status")
        self.watch_pane = WatchPane(WatchList())
        self.watch_dock = Vertical(self.watch_pane, id="watch-dock")
        self.watcher: Watcher | None = None
        self.set_flow = SetFlow(self)
        self.row_flow = RowFlow(self, self._row_changed)

    @property
    def spec(self) -> Any:
        return self.context.spec

    def compose(self) -> ComposeResult:
        yield self.header_line
        with Horizontal(id="panes"):
            yield self.oid_tree
            yield self.detail_pane
        yield self.watch_dock
        yield self.status_bar
        yield QuietFooter(show_command_palette=False)  # the app's own ctrl+p binding shows with the others

    def on_mount(self) -> None:
        self.context.subscribe(
            self, agent=self._agent_changed, data=self._data_changed, walk=self._walk_event, problem=self._problem
        )
        self.oid_tree.root.expand()
        self.oid_tree.focus()
        self.action_tree_width(0)
        self.watch_dock.display = False

    def on_unmount(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()

    def on_key(self, _event: events.Key) -> None:
        self._keys_since_connect += 1
        self.context.note_input()

    # ------------------------------------------------------------ the context's events

    def _agent_changed(self, event: AgentChanged) -> None:
        spec = event.spec
        agent = format_address(spec.host, spec.port) if spec is not None else "MIB tree"
        self.labeler.root_text = agent
        self.detail_pane.forget()
        self.oid_tree.reset(self.model)
        if spec is None:
            return
        self.connect_failure = None
        self._watch_agent(spec)
        self.header_line.show_agent(agent, spec.version.label, event.system)
        self.status_bar.finish(f"Connected to {agent} ({spec.version.label}). w walks the selected subtree.")
        self._keys_since_connect = 0
        self.go_home()
        self.show_detail(self.selected())

    def _data_changed(self, change: ModelChange) -> None:
        self.oid_tree.apply(change)
        ref = self.selected()
        if ref is not None and ref.kind == "node" and ref.oid in change.new_instances:
            self.show_detail(ref)

    def _walk_event(self, event: WalkEvent) -> None:
        what = self.walk_name(event.root)
        state = event.state
        if state is WalkState.STARTED:
            self.status_bar.start(f"{'Fetching' if event.automatic else 'Walking'} {what}")
        elif state is WalkState.PROGRESS:
            self.status_bar.progress(event.total)
        elif state is WalkState.CANCELLED:
            self.status_bar.finish(f"Walk of {what} cancelled: kept {len(self.model):,} varbinds in the tree.")
        elif state is WalkState.FAILED:
            kept = f" (kept {event.total:,} varbinds)" if event.total else ""
            self.status_bar.finish(f"Walk of {what} failed: {event.reason}{kept}", error=True)
            self.show_error(f"Walk of {what} failed{kept}", event.reason, event.hint)
        else:
            self._walk_done(event, what)

    def _walk_done(self, event: WalkEvent, what: str) -> None:
        self.oid_tree.relabel_all()
        if self.oid_tree.agent_view:
            self.oid_tree.reload_children(self.oid_tree.root)
        if event.total:
            rate = event.total / event.seconds if event.seconds > 0 else 0.0
            dropped = f" Dropped {event.dropped:,} malformed replies." if event.dropped else ""
            self.status_bar.finish(
                f"Walked {what}: {event.total:,} varbinds in {event.seconds:.2f} s ({rate:,.0f}/s).{dropped}"
            )
        else:
            self.status_bar.finish(f"Walked {what}: the agent has nothing there.")
        self.show_detail(self.selected())

    def _problem(self, problem: Problem) -> None:
        self.status_bar.finish(problem.reason, error=True)
        self.show_error(problem.title, problem.reason, problem.hint)

    # ------------------------------------------------------------ connection and MIBs

    def go_home(self) -> None:
        """Open the tree at mib-2 (where every agent has something) and select it."""
        node = self.oid_tree.reveal(HOME)
        if node is not None:
            node.expand()

    def reload_mibs(self) -> None:
        """The MIB store changed (loading finished): rebuild names and the materialized tree.

        The cursor stays where the user put it; only a cursor nobody moved since connecting
        goes to mib-2 (which could not be shown before the MIBs were there)."""
        self.context.reload_mibs()
        cursor = self.oid_tree.cursor_node
        target = cursor.data if cursor is not None else None
        self.oid_tree.reload_children(self.oid_tree.root)
        if self.spec is not None and self._keys_since_connect == 0:
            self.go_home()
        elif target is not None:
            self.oid_tree.reveal(target.oid, target.kind)
        self.show_detail(self.selected())

    # ------------------------------------------------------------ selection

    def selected(self) -> Ref | None:
        node = self.oid_tree.cursor_node
        return node.data if node is not None else None

    @on(Tree.NodeHighlighted)
    def _highlighted(self, event: Tree.NodeHighlighted[Ref]) -> None:
        """Show the detail of the cursor's node once the cursor rests (``DETAIL_DELAY``):
        keys held down or pressed in quick succession cost tree moves only."""
        self._highlighted_at = time.monotonic()
        self.context.note_input()
        shown = self._get_result_for
        if shown is not None and (event.node.data is None or event.node.data.oid != shown):
            self._get_result_for = None
            if not self.status_bar.busy:
                self.status_bar.show("")
        if self._detail_timer is None:
            self._detail_timer = self.set_timer(DETAIL_DELAY, self._cursor_rested)

    def _cursor_rested(self) -> None:
        wait = self._highlighted_at + DETAIL_DELAY - time.monotonic()
        if wait > 0.005:
            self._detail_timer = self.set_timer(wait, self._cursor_rested)
            return
        self._detail_timer = None
        self.show_detail(self.selected())

    def show_error(self, title: str, reason: str, hint: str) -> None:
        """Show an error in the detail pane; it stays until the cursor moves again (a pending
        rest-timer of an earlier move would otherwise replace it with the node's detail)."""
        if self._detail_timer is not None:
            self._detail_timer.stop()
            self._detail_timer = None
        self.detail_pane.show_error(title, reason, hint)

    def show_detail(self, ref: Ref | None) -> None:
        if ref is None or ref.kind == "more":
            return
        if ref.kind == "instance":
            self.detail_pane.show_instance(ref.oid)
        elif ref.oid:
            self.detail_pane.show_node(ref.oid)
        elif self.spec is None and self.connect_failure is not None:
            self.detail_pane.show_error("Cannot connect", *self.connect_failure)
        elif self.spec is None:
            self.detail_pane.show_error(
                "Not connected", "No agent to browse yet.", "press c to connect (or start snmptui --demo)"
            )
        else:
            spec = self.spec
            self.detail_pane.show_agent(format_address(spec.host, spec.port), spec.version.label, self.system_texts())

    def show_connect_failure(self, reason: str, hint: str) -> None:
        """A connect failed: the reason on the status line and, in full, in the detail pane."""
        self.status_bar.finish(f"Cannot connect: {reason}", error=True)
        if self.spec is None:
            self.connect_failure = (reason, hint)
        self.show_error("Cannot connect", reason, hint)

    def system_texts(self) -> dict[str, str]:
        """The agent's system group as people read it (for the root's detail)."""
        texts: dict[str, str] = {}
        for name, value in self.context.system.items():
            oid = parse_oid(SYSTEM_OBJECTS[name])
            texts[name] = self.mibs.render(oid[:-1], value)
        return texts

    @on(Tree.NodeExpanded)
    def _expanded(self, event: Tree.NodeExpanded[Ref]) -> None:
        ref = event.node.data
        if ref is None or ref.kind != "node" or self.spec is None:
            return
        if self.needs_fetch(ref.oid):
            self.start_walk(ref.oid, automatic=True)

    def on_oid_tree_nothing_below(self, message: OidTree.NothingBelow) -> None:
        ref = message.node.data
        if ref is None or ref.kind == "more":
            return
        if ref.kind == "instance":
            name = self.mibs.oid_text(ref.oid)
            self.status_bar.show(f"{name} is an instance: nothing below it. r re-reads it, y copies its OID.")
            return
        node = self.mibs.node(ref.oid)
        name = self.mibs.oid_text(ref.oid)
        if self.context.covers(ref.oid):
            self.status_bar.show(f"{name}: the running walk is still fetching what is below it.")
        elif node is not None and node.kind in NO_AGENT_DATA_KINDS:
            what = NO_DATA_KIND_NAMES.get(node.kind, node.kind)
            self.status_bar.show(f"{name} is {what}: it only names an OID, agents serve nothing below it.")
        else:
            self.status_bar.show(f"Nothing below {name} on the agent; w walks it again.")

    def needs_fetch(self, oid: OidTuple) -> bool:
        """Expanding ``oid`` should fetch its subtree: an object, table or scalar group not yet walked."""
        if not oid or self.model.is_walked(oid) or self.context.covers(oid):
            return False
        node = self.mibs.node(oid)
        if node is None:
            return False
        if node.kind in FETCH_ON_EXPAND:
            return True
        children = list(self.mibs.children(oid))
        if not children:  # only the agent can show what is below
            return node.kind not in NO_AGENT_DATA_KINDS
        return any(child.kind == "scalar" for child in children)

    # ------------------------------------------------------------ walks

    def start_walk(self, root: OidTuple, *, automatic: bool = False) -> None:
        """Ask the context to walk ``root``'s subtree (queued when it is automatic and
        another walk runs)."""
        outcome = self.context.start_walk(root, automatic=automatic)
        if outcome is WalkStart.NOT_CONNECTED:
            self.status_bar.finish("Not connected: press c to connect.", error=True)
        elif outcome is WalkStart.BUSY:
            self.notify("A walk is running; escape cancels it.", severity="warning")

    def walk_name(self, start: OidTuple) -> str:
        """How the status bar names a walk that starts at ``start``."""
        return "the whole device" if not start else self.mibs.oid_text(start)

    def action_walk(self) -> None:
        """Walk the selected subtree; a collapsed node opens to show what arrives."""
        node = self.oid_tree.cursor_node
        ref = self.selected()
        if node is None or ref is None:
            return
        root = self.model.owner_of(ref.oid) if ref.kind == "instance" else ref.oid
        if ref.kind == "node" and node.allow_expand and not node.is_expanded and self.spec is not None:
            node.expand()  # its fetch on expand (if any) is this walk
            if self.context.covers(root):
                return
        self.start_walk(root)

    def action_walk_device(self) -> None:
        self.start_walk(())

    def action_cancel(self) -> None:
        if not self.context.cancel_walk():
            self.status_bar.show("Nothing to cancel.")

    # ------------------------------------------------------------ get / getnext

    def _instance_target(self) -> OidTuple | None:
        ref = self.selected()
        if ref is None:
            return None
        if ref.kind == "instance":
            return ref.oid
        node = self.mibs.node(ref.oid)
        if ref.kind == "node" and node is not None and node.kind == "scalar":
            return ref.oid + (0,)
        return None

    def _run_get(self, kind: str, oid: OidTuple) -> None:
        if not self.context.request(kind, oid, self._get_answered):
            self.status_bar.finish("Not connected: press c to connect.", error=True)
            return
        label = {"get": "GET", "next": "GETNEXT", "reread": "Re-reading"}[kind]
        self.status_bar.start(f"{label} {self.mibs.oid_text(oid)}")

    def action_get(self) -> None:
        target = self._instance_target()
        if target is None:
            self.status_bar.finish(
                "GET needs an instance: select one (or a scalar), or walk (w) this node.", error=True
            )
            return
        self._run_get("get", target)

    def action_reread(self) -> None:
        target = self._instance_target()
        if target is None:
            self.status_bar.finish("Re-read needs an instance: select one (or a scalar).", error=True)
            return
        self._run_get("reread", target)

    def action_getnext(self) -> None:
        ref = self.selected()
        if ref is None:
            return
        oid = ref.oid if len(ref.oid) >= 2 else (1, 3)
        self._run_get("next", oid)

    def _get_answered(self, result: GetResult) -> None:
        what = self.mibs.oid_text(result.target)
        if result.failed:
            self.status_bar.finish(f"{what}: {result.reason}", error=True)
            self.show_error(f"{result.kind.upper()} {what} failed", result.reason, result.hint)
            return
        if not result.varbinds:
            self.status_bar.finish(f"{what}: {result.missing}", error=True)
            self.show_error(f"No value for {what}", result.missing, missing_hint(result.kind))
            return
        oid, _value = result.varbinds[0]
        self.oid_tree.reveal(oid, "instance")
        self.status_bar.finish(f"{self.mibs.oid_text(oid)} = {self.labeler.preview(oid)}")
        self._get_result_for = oid
        ref = self.selected()
        if ref is not None and ref.oid == oid:
            self.detail_pane.show_instance(oid)

    # ------------------------------------------------------------ other actions

    def action_copy_oid(self) -> None:
        ref = self.selected()
        if ref is None:
            return
        if not ref.oid:
            self.status_bar.show("The root stands for the agent and has no OID: select a node.")
            return
        text = clipboard.copy_oid(self.app, ref.oid)
        self.status_bar.show(f"Copied OID {text}")

    def action_copy_value(self) -> None:
        ref = self.selected()
        if ref is None:
            return
        oid = ref.oid
        if ref.kind == "node" and self.model.instances.get(oid):
            oid = self.model.instances[oid][0]
        if oid not in self.model.values:
            self.status_bar.show("No value here: select an instance.")
            return
        text = clipboard.copy_text(self.app, self.mibs.render(oid, self.model.values[oid]))
        self.status_bar.show(f"Copied value {text[:60]}")

    def action_agent_view(self) -> None:
        tree = self.oid_tree
        cursor = self.selected()
        tree.agent_view = not tree.agent_view
        tree.reload_children(tree.root)
        if cursor is not None and cursor.kind != "more":
            tree.reveal(cursor.oid, cursor.kind)
        state = "on: hiding nodes the agent had nothing for" if self.oid_tree.agent_view else "off"
        self.status_bar.show(f"Agent view {state}.")

    def action_table(self) -> None:
        """Open the table view of the table the cursor is in (table, entry, column or instance)."""
        from core.table import TableSpec, TableSpecError
        from snmptui.screens.table import TableScreen

        ref = self.selected()
        if ref is None or not ref.oid or self.mibs.store is None:
            self.status_bar.show("Select a table, its entry, a column or an instance, then press t.")
            return
        try:
            spec = TableSpec.containing(self.mibs.store, ref.oid)
        except TableSpecError as exc:
            self.status_bar.finish(f"No table view here: {exc}.", error=True)
            return
        self.app.push_screen(TableScreen(self.context, spec, command_for=self.command_for))

    def action_search(self) -> None:
        from snmptui.screens.search import SearchScreen

        self.app.push_screen(SearchScreen(self.mibs, self.model), self.jump_to)

    def jump_to(self, oid: OidTuple | None) -> None:
        """Expand the path to ``oid`` and select it (search and palette results)."""
        if oid is None:
            return
        kind = "instance" if oid in self.model.values else "node"
        if self.oid_tree.reveal(oid, kind) is None:
            self.status_bar.show(f"{self.mibs.oid_text(oid)} cannot be shown in the tree.")
        self.oid_tree.focus()

    def action_toggle_maximize(self) -> None:
        """Maximize the focused pane, or restore the panes when one is maximized."""
        if self.maximized is not None:
            self.minimize()
        elif self.focused is not None:
            self.maximize(self.focused)

    def action_tree_width(self, delta: int) -> None:
        """Give the tree ``delta`` percent more (or less) of the width (of the height when the
        panes are stacked), within 20-85 %."""
        self.tree_share = max(20, min(85, self.tree_share + delta))
        self._lay_out()
        if delta:
            axis = "height" if self.stacked else "width"
            self.status_bar.show(f"Tree {axis} {self.tree_share} % (< and > change it).")

    @property
    def stacked(self) -> bool:
        """True when the detail pane sits under the tree (a narrow terminal)."""
        return self.size.width < STACKED_BELOW

    def on_resize(self) -> None:
        self._lay_out()

    def _lay_out(self) -> None:
        panes = self.query_one("#panes")
        tree, detail = self.oid_tree.styles, self.detail_pane.styles
        stacked = self.stacked
        panes.styles.layout = "vertical" if stacked else "horizontal"
        share = f"{self.tree_share}%"
        tree.width, tree.height = ("100%", share) if stacked else (share, "1fr")
        detail.width, detail.height = ("100%", "1fr") if stacked else ("1fr", "1fr")
        self.oid_tree.call_after_refresh(self.oid_tree.follow_cursor_label)

    def action_save_snapshot(self) -> None:
        from snmptui.snapshot_actions import save_snapshot

        save_snapshot(self)

    def action_diff_snapshot(self) -> None:
        from snmptui.snapshot_actions import diff_snapshot

        diff_snapshot(self)

    # ------------------------------------------------------------ watching

    def _watch_agent(self, spec: Any) -> None:
        """A new agent: stop watching the old one, bring back what was watched on this one."""
        if self.watcher is not None:
            self.watcher.stop()
        interval = getattr(getattr(self.app, "settings", None), "poll_interval", 5.0)
        self.watcher = Watcher(self.app, spec, self._render_value, self._watch_updated, interval=interval)
        self.watch_pane.show(self.watcher.watch)
        self.watch_dock.display = bool(self.watcher.watch.entries)
        if self.watcher.watch.entries:
            self.watcher.start()

    def _render_value(self, oid_text: str, value: object) -> str:
        return self.mibs.render(parse_oid(oid_text), value)

    def _watch_updated(self) -> None:
        self.watch_pane.redraw()

    def on_watch_pane_changed(self, _message: WatchPane.Changed) -> None:
        if self.watcher is not None:
            self.watcher.changed()

    def on_watch_pane_export_requested(self, _message: WatchPane.ExportRequested) -> None:
        if self.watcher is None:
            return
        from pathlib import Path

        try:
            path = self.watcher.export(Path.cwd())
        except OSError as exc:
            self.status_bar.finish(f"Cannot write the samples: {exc.strerror or exc}", error=True)
            return
        self.status_bar.show(f"Wrote the watch samples to {path}")

    def _watch_targets(self, oid: OidTuple, kind: str) -> list[OidTuple]:
        """The instances ``p`` on ``oid`` watches: itself, a scalar's .0, a column's or group's."""
        if kind == "instance":
            return [oid]
        node = self.mibs.node(oid)
        if node is None:
            return []
        if node.kind == "scalar":
            return [oid + (0,)]
        if node.kind == "column":
            return list(self.model.instance_list(oid))
        scalars = [child for child in self.mibs.children(oid) if child.kind == "scalar"]
        return [tuple(child.oid) + (0,) for child in scalars]

    def action_watch(self) -> None:
        ref = self.selected()
        if ref is None or self.watcher is None or self.spec is None:
            self.status_bar.finish("Not connected: press c to connect.", error=True)
            return
        targets = self._watch_targets(ref.oid, ref.kind)
        if not targets:
            self.status_bar.show("Nothing to watch here: select an instance, a scalar or a column (walk it first).")
            return
        added = 0
        for oid in targets[:MAX_WATCH_ADD]:
            node = self.mibs.lookup(oid)[0]
            added += self.watcher.add(format_oid(oid), self.mibs.oid_text(oid), node.units if node else None)
        self.watch_dock.display = True
        self._watch_updated()
        more = f" (the first {MAX_WATCH_ADD} of {len(targets)})" if len(targets) > MAX_WATCH_ADD else ""
        self.status_bar.show(f"Watching {added} more{more}, every {self.watcher.watch.interval:g} s; P hides the pane.")

    def action_toggle_watch(self) -> None:
        self.watch_dock.display = not self.watch_dock.display
        if self.watch_dock.display and self.watcher is not None and self.watcher.watch.entries:
            self.watcher.start()

    def action_interfaces(self) -> None:
        if self.spec is None:
            self.status_bar.finish("Not connected: press c to connect.", error=True)
            return
        from snmptui.screens.interfaces import InterfacesScreen

        interval = getattr(getattr(self.app, "settings", None), "poll_interval", 5.0)
        self.app.push_screen(InterfacesScreen(self.spec, interval=interval))

    # ------------------------------------------------------------ SET

    def action_set(self) -> None:
        self.set_flow.start()

    def action_undo_set(self) -> None:
        self.set_flow.undo()

    # ------------------------------------------------------------ rows of RowStatus tables

    def action_new_row(self) -> None:
        ref = self.selected()
        self.row_flow.new_row(ref.oid if ref is not None else ())

    def action_delete_row(self) -> None:
        """Delete the row of the selected instance (the shared confirmation of ``RowFlow``)."""
        ref = self.selected()
        if ref is None:
            return
        node, suffix = self.mibs.lookup(ref.oid)
        is_cell = ref.kind == "instance" and node is not None and node.kind == "column"
        self.row_flow.delete_row(ref.oid, suffix if is_cell else None)

    def _row_changed(self, done: RowDone) -> str:
        """A row SET worked: the context already put the row into the model (the tree follows
        its data events) or took it out; a new row that could not be read back is walked."""
        if done.deleted:
            return "It is gone from the tree."
        if not done.cells:
            self.start_walk(done.plan.entry.oid[:-1])
            return "Walking the table to show it."
        return ""

    def action_help(self) -> None:
        from snmptui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self))

    def command_for(self, tool: str, oid: OidTuple) -> str:
        """The equivalent net-snmp command for ``oid``, secrets masked."""
        if self.spec is None:
            return f"{tool} AGENT {format_oid(oid)}"
        return self.spec.command_line(tool, format_oid(oid))

