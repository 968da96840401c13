"""SnmpTuiApp: the Textual application — screens, MIB loading, connecting, command palette.

The app shows the browser screen at once, loads the MIBs in a thread worker, and
either probes the agent given on the command line (``--demo``/``--offline`` start
the embedded agent in-process first) or opens the connection dialog.
"""

from __future__ import annotations

import sys
import time
from functools import partial
from pathlib import Path
from typing import Any, Callable

from textual.app import App
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

from core.oid import OidTuple
from snmptui import __version__, gc_policy
from snmptui.messages import MibsLoaded, ProbeDone, ProbeFailed
from snmptui.model import MibFacade, load_store
from snmptui.screens.browser import BrowserScreen
from snmptui.screens.connect import ConnectResult, ConnectScreen, initial_from_spec
from snmptui.screens.search import hit_label, search_hits
from snmptui.workers import probe

__all__ = ["SnmpTuiApp", "SWITCH_INTERVAL"]

SWITCH_INTERVAL = 0.001
"""Seconds a thread may hold the GIL while another waits (Python's default is 0.005).

A walk is a loop of request, wait for the agent, decode, next request: when its
answer arrives, the worker should get the GIL within a millisecond, not after up
to 5 ms of the UI thread drawing a key press, once per request of thousands."""


def start_embedded(*, demo: bool, snapshot: str | None) -> tuple[Any, Any]:
    """Start the in-process agent (demo device or snapshot) on 127.0.0.1; (running agent, spec)."""
    from core.agent import start_background
    from snmptui.netsnmp_args import parse_connection

    if demo:
        from core.agent.demo import DemoDevice

        source: Any = DemoDevice()
    else:
        from core.snapshot.model import load_snapshot

        source = load_snapshot(str(snapshot))
    running = start_background(source, "127.0.0.1", 0, community="public", write_community=None)
    return running, parse_connection(["-v", "2c", "-c", "public", f"127.0.0.1:{running.port}"])


class MibCommands(Provider):
    """Command palette: MIB names (jump to the node)."""

    async def search(self, query: str) -> Hits:
        app = self.app
        if not isinstance(app, SnmpTuiApp) or len(query.strip()) < 2:
            return
        matcher = self.matcher(query)
        for hit in search_hits(app.mibs, query, limit=20):
            label = hit_label(app.mibs, hit)
            score = matcher.match(label.plain) or 0.1
            yield Hit(score, label, partial(app.browser.jump_to, hit[0]), help="jump to this MIB node")


class ActionCommands(Provider):
    """Command palette: the browser's actions."""

    ACTIONS: list[tuple[str, str, str]] = [
        ("Walk the selected subtree", "walk", "w"),
        ("Walk the whole device", "walk_device", ""),
        ("Cancel the running walk", "cancel", "escape"),
        ("GET the selected instance", "get", "g"),
        ("GETNEXT from the selected OID", "getnext", "n"),
        ("Re-read the selected instance", "reread", "r"),
        ("Search MIB nodes", "search", "/"),
        ("Copy the selected OID", "copy_oid", "y"),
        ("Copy the selected value", "copy_value", "Y"),
        ("Toggle agent view", "agent_view", "a"),
        ("Connect to an agent", "connect", "c"),
        ("Help: all keys", "help", "?"),
    ]

    def _callback(self, action: str) -> Callable[[], Any]:
        app = self.app
        assert isinstance(app, SnmpTuiApp)
        if action == "walk_device":
            return partial(app.browser.start_walk, ())
        return getattr(app.browser, f"action_{action}")

    async def discover(self) -> Hits:
        for title, action, key in self.ACTIONS:
            yield DiscoveryHit(title, self._callback(action), help=f"key: {key}" if key else None)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, action, key in self.ACTIONS:
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), self._callback(action), help=f"key: {key}" if key else None)


class SnmpTuiApp(App[None]):
    """The terminal MIB browser."""

    CSS_PATH = "snmptui.tcss"
    TITLE = "snmptui"
    SUB_TITLE = __version__
    COMMANDS = App.COMMANDS | {ActionCommands, MibCommands}
    BINDINGS = [
        Binding("ctrl+p", "command_palette", "Palette", show=True, priority=True),
    ]

    def __init__(
        self,
        spec: Any = None,
        *,
        start_oid: str | None = None,
        demo: bool = False,
        offline: str | None = None,
        mib_dirs: str | None = None,
        mib_modules: str | None = None,
        store: Any = None,
        load_mibs: bool = True,
    ) -> None:
        super().__init__()
        self.spec = spec
        self.start_oid = start_oid
        self.demo = demo
        self.offline = offline
        self.mib_dirs = mib_dirs
        self.mib_modules = mib_modules
        self.mibs = MibFacade(store)
        self.should_load_mibs = load_mibs and store is None
        self.browser = BrowserScreen(self.mibs)
        self.embedded_agent: Any = None
        self._switch_interval = sys.getswitchinterval()

    def _fatal_error(self) -> None:
        """Print an unhandled exception's traceback without local variables, then exit.

        Textual's own ``App._fatal_error`` (8.x) renders ``rich.traceback.Traceback``
        with ``show_locals=True``: the locals of every frame would print connection
        settings, dialog fields and whatever else a frame holds. Secrets are masked
        by ``Secret`` anyway; no locals keeps everything else out too.
        """
        import rich
        from rich.segment import Segments
        from rich.traceback import Traceback

        self.bell()
        traceback = Traceback(show_locals=False, width=None, suppress=[rich])
        self._exit_renderables.append(Segments(self.console.render(traceback, self.console.options)))
        self._close_messages_no_wait()

    def on_mount(self) -> None:
        self._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(SWITCH_INTERVAL)
        self.push_screen(self.browser)
        if self.should_load_mibs:
            self.browser.status_bar.show("Loading MIBs…")
            self.run_worker(self._load_mibs, thread=True, group="mibs")
        if self.demo or self.offline:
            self._start_embedded()
        elif self.spec is not None:
            self._probe(self.spec)
        else:
            self.action_connect()

    # ------------------------------------------------------------ MIBs

    def _load_mibs(self) -> None:
        began = time.monotonic()
        try:
            store = load_store(self.mib_dirs, self.mib_modules)
        except Exception as exc:  # noqa: BLE001 - any loader failure still leaves a usable browser
            self.post_message(MibsLoaded(None, time.monotonic() - began, f"MIBs not loaded: {exc}"))
            return
        loaded = sum(1 for m in store.modules.values() if m.status == "loaded")
        text = f"{loaded} modules, {len(store):,} nodes"
        self.post_message(MibsLoaded(store, time.monotonic() - began, text))

    def on_mibs_loaded(self, message: MibsLoaded) -> None:
        if message.store is None:
            self.notify(message.summary, severity="warning", timeout=8)
            return
        self.mibs.store = message.store
        for notice in getattr(message.store, "notices", ()):  # e.g. a damaged cache entry rebuilt
            self.notify(notice, severity="warning", timeout=8)
        gc_policy.freeze_long_lived()  # the MIB store lives as long as the app
        self.browser.reload_mibs()
        status = self.browser.status_bar
        if not (status.busy or status.failed):  # why a connect failed matters more
            status.show(f"MIBs loaded in {message.seconds:.2f} s ({message.summary}).")

    # ------------------------------------------------------------ connecting

    def _start_embedded(self) -> None:
        what = "the demo device" if self.demo else self.offline
        self.browser.status_bar.start(f"Starting the embedded agent with {what}")
        self.run_worker(self._serve_embedded, thread=True, group="probe", exclusive=True)

    def _serve_embedded(self) -> None:
        """Serve the demo device or the snapshot on loopback in this process, then probe it."""
        try:
            self.embedded_agent, spec = start_embedded(demo=self.demo, snapshot=self.offline)
        except (OSError, ValueError) as exc:
            hint = "check the snapshot file" if self.offline else "this looks like a bug in snmptui"
            self.post_message(ProbeFailed(None, f"cannot start the embedded agent: {exc}", hint))
            return
        probe(self, spec)

    def _probe(self, spec: Any) -> None:
        self.browser.status_bar.start(f"Connecting to {getattr(spec, 'host', '')}")
        self.run_worker(partial(probe, self, spec), thread=True, group="probe", exclusive=True)

    def on_probe_done(self, message: ProbeDone) -> None:
        self._connected(message.spec, message.system)

    def on_probe_failed(self, message: ProbeFailed) -> None:
        self.browser.show_connect_failure(message.reason, message.hint)
        if not (self.demo or self.offline):
            initial = initial_from_spec(message.spec) if message.spec is not None else None
            error = f"{message.reason}\nWhat to try: {message.hint}"
            self.push_screen(ConnectScreen(initial, error=error), self._dialog_closed)

    def action_connect(self) -> None:
        self.push_screen(ConnectScreen(), self._dialog_closed)

    def _dialog_closed(self, result: ConnectResult | None) -> None:
        if result is not None:
            self._connected(result.spec, result.system)

    def _connected(self, spec: Any, system: dict[str, Any]) -> None:
        self.spec = spec
        self.browser.set_agent(spec, system)
        if self.start_oid:
            oid = self._resolve(self.start_oid)
            self.start_oid = None
            if oid is not None:
                self.browser.jump_to(oid)
                self.browser.start_walk(oid)

    def _resolve(self, text: str) -> OidTuple | None:
        try:
            return self.mibs.resolve(text)
        except (ValueError, KeyError, LookupError) as exc:
            self.browser.status_bar.finish(f"Unknown OID {text!r}: {exc}", error=True)
            return None

    def on_unmount(self) -> None:
        sys.setswitchinterval(self._switch_interval)
        gc_policy.thaw()
        agent = self.embedded_agent
        if agent is not None:
            stop = getattr(agent, "stop", None) or getattr(agent, "close", None)
            if callable(stop):
                stop()
