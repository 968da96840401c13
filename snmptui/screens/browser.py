"""BrowserScreen: header line, OID tree, detail pane, status bar and footer, and the
operations behind the keys (walk, cancel, get, getnext, re-read, copy, agent view).

All SNMP work goes to thread workers (``snmptui.workers``) that post messages back
here. One walk runs at a time; subtrees that need fetching because the user expanded
them while a walk was running wait in a queue (unless the running walk covers them).

Staying responsive during a 100k-varbind walk: batches go into the model in slices
that let key presses in between; the detail pane follows the cursor once it rests
(``DETAIL_DELAY``); full garbage collections wait until the walk is over and the
cursor rests (``snmptui.gc_policy``).
"""

from __future__ import annotations

import asyncio
import time
from functools import partial
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Tree
from textual.timer import Timer
from textual.worker import Worker

from core.oid import OidTuple, format_oid, parse_oid
from snmptui import clipboard, gc_policy
from snmptui.messages import GetDone, GetFailed, WalkBatch, WalkDone, WalkFailed
from snmptui.model import LEAF_KINDS, MibFacade, WalkModel, is_prefix
from snmptui.widgets.detail_pane import DetailPane
from snmptui.widgets.header_line import HeaderLine
from snmptui.widgets.labels import Labeler
from snmptui.widgets.oid_tree import NO_AGENT_DATA_KINDS, OidTree, Ref
from snmptui.widgets.status_bar import StatusBar
from snmptui.workers import SYSTEM_OBJECTS, get_one, walk, walk_start

__all__ = ["BrowserScreen", "FETCH_ON_EXPAND"]

FETCH_ON_EXPAND = frozenset({"table", "row", "column", "scalar"})
"""Kinds whose instances are fetched automatically when expanded (plus scalar groups and
nodes no loaded MIB defines children for)."""

NO_DATA_KIND_NAMES: dict[str, str] = {
    "group": "a conformance group",
    "compliance": "a compliance statement",
    "notification": "a notification",
}

ADD_SLICE = 1000
"""Varbinds of a walk batch added to the model and tree between two looks at the event loop."""

DETAIL_DELAY = 0.05
"""Seconds the cursor must rest on a node before the detail pane shows it."""

GC_REST = 0.5
"""Seconds without cursor moves after a walk before the full collection it held back may run
(a 100k-varbind walk leaves one that takes ~0.1 s: better while nobody is typing)."""

HOME: OidTuple = (1, 3, 6, 1, 2, 1)
"""mib-2: where the tree opens after connecting."""


class BrowserScreen(Screen[None]):
    """The main screen of the browser."""

    BINDINGS = [
        Binding("w", "walk", "Walk"),
        Binding("escape", "cancel", "Cancel", show=False),
        Binding("g", "get", "Get"),
        Binding("n", "getnext", "Next"),
        Binding("r", "reread", "Re-read", show=False),
        Binding("slash", "search", "Search", key_display="/"),
        Binding("y", "copy_oid", "Copy OID", show=False),
        Binding("Y", "copy_value", "Copy value", show=False, key_display="Y"),
        Binding("a", "agent_view", "Agent view", show=False),
        Binding("c", "connect", "Connect", show=False),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, mibs: MibFacade) -> None:
        super().__init__()
        self.mibs = mibs
        self.model = WalkModel(mibs)
        self.spec: Any = None
        self.system: dict[str, Any] = {}
        # (reason, hint) of the last failed connect while not connected: the root's
        # detail keeps showing it (a MIB reload must not replace it with "Not connected").
        self.connect_failure: tuple[str, str] | None = None
        self.first_op = 0
        """operations numbered below this one were for an agent browsed before"""
        self._highlighted_at = 0.0
        self._detail_timer: Timer | None = None
        self._gc_timer: Timer | None = None
        self.op = 0
        self.walk_op = 0
        self.walk_root: OidTuple | None = None
        self.walk_worker: Worker[None] | None = None
        self.walk_queue: list[OidTuple] = []
        self.pending_reveal: OidTuple | None = None
        self.labeler = Labeler(mibs, self.model)
        self.oid_tree = OidTree(self.model, self.labeler, id="tree")
        self.detail_pane = DetailPane(mibs, self.model, self.command_for, id="detail")
        self.header_line = HeaderLine(id="header-line")
        self.status_bar = StatusBar(id="status")

    def compose(self) -> ComposeResult:
        yield self.header_line
        with Horizontal(id="panes"):
            yield self.oid_tree
            yield self.detail_pane
        yield self.status_bar
        yield Footer(show_command_palette=False)  # the app's own ctrl+p binding shows with the others

    def on_mount(self) -> None:
        self.oid_tree.root.expand()
        self.oid_tree.focus()

    # ------------------------------------------------------------ connection

    def set_agent(self, spec: Any, system: dict[str, Any]) -> None:
        """Start browsing ``spec``'s agent: fresh model, header, tree open at mib-2."""
        self.cancel_walk()
        self.spec = spec
        self.system = system
        self.connect_failure = None
        self.first_op = self.op + 1
        self.model = WalkModel(self.mibs)
        self.labeler.model = self.model
        self.labeler.root_text = f"{_agent(spec)}"
        self.detail_pane.model = self.model
        self.oid_tree.reset(self.model)
        self.header_line.show_agent(_agent(spec), _protocol(spec), system)
        self.status_bar.finish(f"Connected to {_agent(spec)} ({_protocol(spec)}). w walks the selected subtree.")
        self.go_home()

    def go_home(self) -> None:
        """Open the tree at mib-2 (where every agent has something) and select it."""
        node = self.oid_tree.reveal(HOME)
        if node is not None:
            node.expand()

    def reload_mibs(self) -> None:
        """The MIB store changed (loading finished): rebuild names and the materialized tree."""
        values = list(self.model.values.items())
        walked = set(self.model.walked_roots)
        model = WalkModel(self.mibs)
        model.add(values)
        model.walked_roots = walked
        self.model = self.labeler.model = self.detail_pane.model = self.oid_tree.model = model
        cursor = self.oid_tree.cursor_node
        target = cursor.data if cursor is not None else None
        self.oid_tree.reload_children(self.oid_tree.root)
        if target is not None and (target.oid or self.spec is None):
            self.oid_tree.reveal(target.oid, target.kind)
        elif self.spec is not None:
            self.go_home()  # connected before the MIBs were loaded: mib-2 could not be shown then

    # ------------------------------------------------------------ selection

    def selected(self) -> Ref | None:
        node = self.oid_tree.cursor_node
        return node.data if node is not None else None

    @on(Tree.NodeHighlighted)
    def _highlighted(self, _event: Tree.NodeHighlighted[Ref]) -> None:
        """Show the detail of the cursor's node once the cursor rests (``DETAIL_DELAY``):
        keys held down or pressed in quick succession cost tree moves only."""
        self._highlighted_at = time.monotonic()
        if self._detail_timer is None:
            self._detail_timer = self.set_timer(DETAIL_DELAY, self._cursor_rested)

    def _cursor_rested(self) -> None:
        wait = self._highlighted_at + DETAIL_DELAY - time.monotonic()
        if wait > 0.005:
            self._detail_timer = self.set_timer(wait, self._cursor_rested)
            return
        self._detail_timer = None
        self.show_detail(self.selected())

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
            self.detail_pane.show_agent(_agent(self.spec), _protocol(self.spec), self.system_texts())

    def show_connect_failure(self, reason: str, hint: str) -> None:
        """A connect failed: the reason on the status line and, in full, in the detail pane."""
        self.status_bar.finish(f"Cannot connect: {reason}", error=True)
        if self.spec is None:
            self.connect_failure = (reason, hint)
        self.detail_pane.show_error("Cannot connect", reason, hint)

    def system_texts(self) -> dict[str, str]:
        """The agent's system group as people read it (for the root's detail)."""
        texts: dict[str, str] = {}
        for name, value in self.system.items():
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
        if self.walk_root is not None and is_prefix(walk_start(self.walk_root), ref.oid):
            self.status_bar.show(f"{name}: the running walk is still fetching what is below it.")
        elif node is not None and node.kind in NO_AGENT_DATA_KINDS:
            what = NO_DATA_KIND_NAMES.get(node.kind, node.kind)
            self.status_bar.show(f"{name} is {what}: it only names an OID, agents serve nothing below it.")
        else:
            self.status_bar.show(f"Nothing below {name} on the agent; w walks it again.")

    def needs_fetch(self, oid: OidTuple) -> bool:
        """Expanding ``oid`` should fetch its subtree: an object, table or scalar group not yet walked."""
        if not oid or self.model.is_walked(oid):
            return False
        if self.walk_root is not None and is_prefix(walk_start(self.walk_root), oid):
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
        """Walk ``root``'s subtree in a worker; queued when another walk runs."""
        if self.spec is None:
            self.status_bar.finish("Not connected: press c to connect.", error=True)
            return
        if self.walk_worker is not None and self.walk_worker.is_running:
            if automatic:
                if root not in self.walk_queue:
                    self.walk_queue.append(root)
                return
            self.notify("A walk is running; escape cancels it.", severity="warning")
            return
        self.op += 1
        self.walk_op = self.op
        self.walk_root = root
        what = self.walk_name(walk_start(root))
        self.status_bar.start(f"{'Fetching' if automatic else 'Walking'} {what}")
        gc_policy.walking(True)
        self.walk_worker = self.app.run_worker(
            partial(walk, self, self.op, self.spec, root),
            thread=True,
            group="walk",
            name=f"walk {format_oid(root)}",
        )

    def walk_name(self, start: OidTuple) -> str:
        """How the status bar names a walk that starts at ``start``."""
        return "the whole device" if start == walk_start(()) else self.mibs.oid_text(start)

    async def on_walk_batch(self, message: WalkBatch) -> None:
        """Add a batch to the model and the tree, ``ADD_SLICE`` varbinds at a time: key
        presses get handled in between (this screen's next message waits, so order holds)."""
        varbinds = message.varbinds
        owners: set[OidTuple] = set()
        for start in range(0, len(varbinds), ADD_SLICE):
            if start:
                await asyncio.sleep(0)
            if message.op < self.first_op:
                return  # a walk of the agent browsed before this one
            change = self.model.add(varbinds[start : start + ADD_SLICE])
            self.oid_tree.apply(change)
            owners.update(change.new_instances)
        if message.op == self.walk_op:
            self.status_bar.progress(message.total)
        ref = self.selected()
        if ref is not None and ref.kind == "node" and ref.oid in owners:
            self.show_detail(ref)

    def on_walk_done(self, message: WalkDone) -> None:
        if message.op != self.walk_op:
            return
        rate = message.total / message.seconds if message.seconds > 0 else 0.0
        what = self.walk_name(message.root)
        if message.cancelled:
            self.status_bar.finish(f"Walk of {what} cancelled: kept {message.total:,} varbinds.")
        else:
            self.model.mark_walked(message.root)
            self.oid_tree.relabel_all()
            if self.oid_tree.agent_view:
                self.oid_tree.reload_children(self.oid_tree.root)
            if message.total:
                dropped = f" Dropped {message.dropped:,} malformed replies." if message.dropped else ""
                self.status_bar.finish(
                    f"Walked {what}: {message.total:,} varbinds in {message.seconds:.2f} s ({rate:,.0f}/s).{dropped}"
                )
            else:
                self.status_bar.finish(f"Walked {what}: the agent has nothing there.")
        self.show_detail(self.selected())
        self._walk_finished()

    def on_walk_failed(self, message: WalkFailed) -> None:
        if message.op != self.walk_op:
            return
        what = self.walk_name(message.root)
        kept = f" (kept {message.total:,} varbinds)" if message.total else ""
        self.status_bar.finish(f"Walk of {what} failed: {message.reason}{kept}", error=True)
        self.detail_pane.show_error(f"Walk of {what} failed{kept}", message.reason, message.hint)
        self._walk_finished()

    def _walk_finished(self) -> None:
        self.walk_worker = None
        self.walk_root = None
        self._walks_over()
        while self.walk_queue:
            root = self.walk_queue.pop(0)
            if not self.model.is_walked(root):
                self.start_walk(root, automatic=True)
                return

    def _walks_over(self) -> None:
        """No walk runs any more: full collections resume once the cursor rests (``GC_REST``)."""
        if self._gc_timer is None:
            self._gc_timer = self.set_timer(GC_REST, self._resume_full_collections)

    def _resume_full_collections(self) -> None:
        self._gc_timer = None
        if self.walk_worker is not None:
            return  # another walk started; it calls _walks_over when it ends
        wait = self._highlighted_at + GC_REST - time.monotonic()
        if wait > 0.01:
            self._gc_timer = self.set_timer(wait, self._resume_full_collections)
            return
        gc_policy.walking(False)

    def cancel_walk(self) -> bool:
        """Cancel the running walk now; the worker stops at its next varbind."""
        worker = self.walk_worker
        self.walk_queue.clear()
        if worker is None or not worker.is_running:
            return False
        worker.cancel()
        self.walk_op = -1
        self.walk_worker = None
        self._walks_over()
        root = self.walk_root
        self.walk_root = None
        what = self.walk_name(walk_start(root)) if root is not None else ""
        self.status_bar.finish(f"Walk of {what} cancelled: kept {len(self.model):,} varbinds in the tree.")
        return True

    def action_walk(self) -> None:
        ref = self.selected()
        if ref is None:
            return
        root = self.model.owner_of(ref.oid) if ref.kind == "instance" else ref.oid
        if ref.kind == "more":
            root = ref.oid
        self.start_walk(root)

    def action_cancel(self) -> None:
        if not self.cancel_walk():
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
        if self.spec is None:
            self.status_bar.finish("Not connected: press c to connect.", error=True)
            return
        self.op += 1
        label = {"get": "GET", "next": "GETNEXT", "reread": "Re-reading"}[kind]
        self.status_bar.start(f"{label} {self.mibs.oid_text(oid)}")
        self.app.run_worker(partial(get_one, self, self.op, self.spec, kind, oid), thread=True, group="get")

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

    def on_get_done(self, message: GetDone) -> None:
        if message.op < self.first_op:
            return
        what = self.mibs.oid_text(message.target)
        if not message.varbinds:
            self.status_bar.finish(f"{what}: {message.missing}", error=True)
            self.detail_pane.show_error(f"No value for {what}", message.missing, _missing_hint(message.kind))
            return
        change = self.model.add(message.varbinds)
        self.oid_tree.apply(change)
        oid, _value = message.varbinds[0]
        self.status_bar.finish(f"{self.mibs.oid_text(oid)} = {self.labeler.preview(oid)}")
        self.oid_tree.reveal(oid, "instance")
        ref = self.selected()
        if ref is not None and ref.oid == oid:
            self.detail_pane.show_instance(oid)

    def on_get_failed(self, message: GetFailed) -> None:
        if message.op < self.first_op:
            return
        what = self.mibs.oid_text(message.target)
        self.status_bar.finish(f"{what}: {message.reason}", error=True)
        self.detail_pane.show_error(f"{message.kind.upper()} {what} failed", message.reason, message.hint)

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
        text = clipboard.copy_text(self.app, self.mibs.render(self.model.owner_of(oid), self.model.values[oid]))
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

    def action_search(self) -> None:
        from snmptui.screens.search import SearchScreen

        self.app.push_screen(SearchScreen(self.mibs), self.jump_to)

    def jump_to(self, oid: OidTuple | None) -> None:
        """Expand the path to ``oid`` and select it (search and palette results)."""
        if oid is None:
            return
        kind = "instance" if oid in self.model.values else "node"
        if self.oid_tree.reveal(oid, kind) is None:
            self.status_bar.show(f"{self.mibs.oid_text(oid)} cannot be shown in the tree.")
        self.oid_tree.focus()

    def action_help(self) -> None:
        from snmptui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())

    def action_connect(self) -> None:
        self.app.action_connect()  # type: ignore[attr-defined]

    def command_for(self, tool: str, oid: OidTuple) -> str:
        """The equivalent net-snmp command for ``oid``, secrets masked."""
        if self.spec is None:
            return f"{tool} AGENT {format_oid(oid)}"
        return _command_line(self.spec, tool, format_oid(oid))


def _missing_hint(kind: str) -> str:
    if kind == "next":
        return "the agent has nothing after this OID in its view"
    return "the agent does not have this instance; walk (w) the object to see which exist"


def _agent(spec: Any) -> str:
    host = getattr(spec, "host", "?")
    port = getattr(spec, "port", 161)
    return f"[{host}]:{port}" if ":" in str(host) else f"{host}:{port}"


def _protocol(spec: Any) -> str:
    version = getattr(spec, "version", None)
    label = getattr(version, "label", None) or str(version)
    return label


def _command_line(spec: Any, tool: str, oid: str) -> str:
    masked = getattr(spec, "command_line", None)
    if callable(masked):
        return str(masked(tool, oid))
    return f"{tool} -v{_protocol(spec).lstrip('v')} -c *** {_agent(spec)} {oid}"
