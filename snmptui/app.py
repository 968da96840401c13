"""SnmpTuiApp: the Textual application — the agent context, screens, MIB loading, connecting.

The app owns the one ``AgentContext`` (``snmptui.context``) every view shares, shows
the browser screen at once, loads the MIBs in a thread worker, and either probes
the agent given on the command line (``--demo``/``--offline`` start the embedded
agent in-process first) or opens the connection dialog. The user's settings
(``snmptui.settings``) give the keymap, theme and tunables; a bad setting is
reported in one line and its default used.
"""

from __future__ import annotations

import secrets
import sys
import time
from typing import Any

from textual.app import App
from textual.worker import Worker, WorkerState

from core.oid import OidTuple
from core.secret import Secret
from snmptui import __version__, gc_policy
from snmptui.command_line import secret_defaults
from snmptui.context import AgentContext
from snmptui.keys import APP_BINDINGS
from snmptui.messages import MibsLoaded, NotificationsArrived, ProbeResult
from snmptui.model import MibFacade, load_store
from snmptui.netsnmp_args import ConnectionSpec, parse_connection
from snmptui.notify_center import DEFAULT_BROWSER_LISTEN, NotificationCenter
from snmptui.screens.browser import BrowserScreen
from snmptui.screens.connect import ConnectResult, ConnectScreen, initial_from_spec
from snmptui.settings import Settings, load_settings, settings_path
from snmptui.snmpconf import load_snmp_conf

__all__ = ["SnmpTuiApp", "SWITCH_INTERVAL", "start_embedded"]

SWITCH_INTERVAL = 0.001
"""Seconds a thread may hold the GIL while another waits (Python's default is 0.005).

A walk is a loop of request, wait for the agent, decode, next request: when its
answer arrives, the worker should get the GIL within a millisecond, not after up
to 5 ms of the UI thread drawing a key press, once per request of thousands."""


def start_embedded(*, demo: bool, snapshot: str | None) -> tuple[Any, ConnectionSpec, Secret | None]:
    """Start the in-process agent (demo device or snapshot) on 127.0.0.1.

    Returns (running agent, spec, write community). The demo accepts SETs from the browser
    with a write community made at random for this run and never shown; a snapshot is
    served read-only (its writable subtrees still refuse a SET without a write community).
    """
    from core.agent import start_background

    if demo:
        from core.agent.demo import DemoDevice

        source: Any = DemoDevice()
    else:
        from core.snapshot.files import load_snapshot

        source = load_snapshot(str(snapshot))
    write = Secret(secrets.token_urlsafe(16)) if demo else None
    running = start_background(source, "127.0.0.1", 0, community="public", write_community=write)
    return running, parse_connection(["-v", "2c", "-c", "public", f"127.0.0.1:{running.port}"]), write


class SnmpTuiApp(App[None]):
    """The terminal MIB browser."""

    CSS_PATH = "snmptui.tcss"
    TITLE = "snmptui"
    SUB_TITLE = __version__
    BINDINGS = APP_BINDINGS

    def __init__(
        self,
        spec: ConnectionSpec | None = None,
        *,
        start_oid: str | None = None,
        demo: bool = False,
        offline: str | None = None,
        mib_dirs: str | None = None,
        mib_modules: str | None = None,
        mib_files: tuple[str, ...] = (),
        store: Any = None,
        load_mibs: bool = True,
        settings: Settings | None = None,
        config_problems: list[str] | None = None,
        listen_traps: str | None = None,
    ) -> None:
        super().__init__()
        if settings is None:
            settings, config_problems = load_settings()
        self.config_problems = list(config_problems or [])
        self.settings = settings
        self.spec = spec
        self.start_oid = start_oid
        self.demo = demo
        self.offline = offline
        self.mib_dirs = mib_dirs
        self.mib_modules = mib_modules
        self.mib_files = mib_files
        self.mibs = MibFacade(store)
        self.should_load_mibs = load_mibs and store is None
        self.context = AgentContext(self, self.mibs)
        self.browser = BrowserScreen(self.context, tree_share=settings.tree_width)
        self.embedded_agent: Any = None
        self.embedded_write: Secret | None = None
        self._switch_interval = sys.getswitchinterval()
        self.listen_traps = listen_traps
        self.notifications = NotificationCenter(lambda: self.post_message(NotificationsArrived()))
        self.demo_notifier: Any = None
        self._notifications_screen: Any = None

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
        self.context.start()
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
        theme = self.settings.theme
        if theme and theme in self.available_themes:
            self.theme = theme
        elif theme:
            self.config_problems.append(
                f"{settings_path()}: theme: no theme {theme!r} (themes: {', '.join(sorted(self.available_themes))})"
            )
        self.push_screen(self.browser)
        for problem in self.config_problems:
            self.notify(problem, severity="warning", timeout=10)
        if self.config_problems:
            self.browser.status_bar.finish(self.config_problems[0], error=True)
        if self.should_load_mibs:
            if not self.config_problems:
                self.browser.status_bar.show("Loading MIBs…")
            self.run_worker(self._load_mibs, thread=True, group="mibs", name="loading the MIBs", exit_on_error=False)
        if self.listen_traps is not None:
            self.listen_for_notifications(self.listen_traps)
        if self.demo or self.offline:
            self._start_embedded()
        elif self.spec is not None:
            self._probe(self.spec)
        else:
            self.action_connect()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that raised: one sentence for the user, the traceback to the log."""
        worker = event.worker
        if event.state is WorkerState.ERROR and worker.error is not None:
            self.context.report(worker.error, worker.name or "running a background task")

    # ------------------------------------------------------------ MIBs

    def _load_mibs(self) -> None:
        began = time.monotonic()
        try:
            store = load_store(self.mib_dirs, self.mib_modules, self.mib_files)
        except (OSError, ValueError, LookupError) as exc:  # a loader failure still leaves a usable browser
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
        if not (status.busy or status.failed or self.config_problems):  # why a connect failed matters more
            status.show(f"MIBs loaded in {message.seconds:.2f} s ({message.summary}).")

    # ------------------------------------------------------------ connecting

    def _start_embedded(self) -> None:
        what = "the demo device" if self.demo else self.offline
        self.browser.status_bar.start(f"Starting the embedded agent with {what}")
        self.run_worker(
            self._serve_embedded, thread=True, group="embedded", name="starting the embedded agent", exit_on_error=False
        )

    def _serve_embedded(self) -> None:
        """Serve the demo device or the snapshot on loopback in this process, then probe it."""
        try:
            self.embedded_agent, spec, self.embedded_write = start_embedded(demo=self.demo, snapshot=self.offline)
        except (OSError, ValueError) as exc:
            hint = "check the snapshot file" if self.offline else "this looks like a bug in snmptui"
            self.call_from_thread(self._cannot_connect, None, f"cannot start the embedded agent: {exc}", hint)
            return
        if self.demo:
            self.call_from_thread(self._start_demo_notifications)
        self.call_from_thread(self._probe, spec)

    def _probe(self, spec: ConnectionSpec) -> None:
        self.browser.status_bar.start(f"Connecting to {spec.agent}")
        self.context.probe(spec, self._probed)

    def _probed(self, result: ProbeResult) -> None:
        if result.system is not None:
            self._connected(result.spec, result.system)
        else:
            self._cannot_connect(result.spec, result.reason, result.hint)

    def _cannot_connect(self, spec: ConnectionSpec | None, reason: str, hint: str) -> None:
        self.browser.show_connect_failure(reason, hint)
        if not (self.demo or self.offline):
            initial = initial_from_spec(spec) if spec is not None else None
            error = f"{reason}\nWhat to try: {hint}"
            self.push_screen(self._dialog(initial, error), self._dialog_closed)

    def action_connect(self) -> None:
        self.push_screen(self._dialog(), self._dialog_closed)

    def _dialog(self, initial: dict[str, str] | None = None, error: str = "") -> ConnectScreen:
        """The connection dialog with the user's profiles and the secrets they may use."""
        secrets = secret_defaults(load_snmp_conf()) if self.settings.profiles else {}
        return ConnectScreen(self.context.probe, initial, error, profiles=self.settings.profiles, secrets=secrets)

    def _dialog_closed(self, result: ConnectResult | None) -> None:
        if result is not None:
            self._connected(result.spec, result.system)

    def _connected(self, spec: ConnectionSpec, system: dict[str, Any]) -> None:
        self.spec = spec
        embedded = self.embedded_agent is not None and spec.port == self.embedded_agent.port
        self.context.connect(spec, system, write_community=self.embedded_write if embedded else None)
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

    # ------------------------------------------------------------ notifications

    def listen_for_notifications(self, text: str) -> bool:
        """Start the receiver at ``[HOST:]PORT``; a failure is a notification, not an exit."""
        from core.notify import ReceiverBindError, parse_listen_address

        try:
            host, port = parse_listen_address(text)
            self.notifications.listen(host, port)
        except (ValueError, ReceiverBindError) as exc:
            self.notify(f"Not listening for notifications: {exc}", severity="error", timeout=10)
            return False
        if self.notifications.warning:
            self.notify(self.notifications.warning, severity="warning", timeout=10)
        return True

    def _start_demo_notifications(self) -> None:
        """The demo device sends linkDown/linkUp for its flapping port to our receiver."""
        from core.agent.demo_traps import DemoNotifier

        source = getattr(getattr(self.embedded_agent, "agent", None), "source", None)
        if source is None:
            return
        if not self.notifications.listening and not self.listen_for_notifications("127.0.0.1:0"):
            return
        receiver = self.notifications.receiver
        assert receiver is not None
        self.demo_notifier = DemoNotifier(source, (receiver.host, receiver.port)).start()

    def on_notifications_arrived(self, message: NotificationsArrived) -> None:
        self.notifications.drained()
        screen = self._notifications_screen
        if screen is not None and self.screen is screen:
            screen.arrived()
        self._show_unseen()

    def action_notifications(self) -> None:
        """Show the notifications screen (one instance, kept with its filter)."""
        from snmptui.screens.notifications import NotificationsScreen

        if self._notifications_screen is None:
            default = self.listen_traps or DEFAULT_BROWSER_LISTEN
            self._notifications_screen = NotificationsScreen(
                self.notifications, self.mibs, default, on_seen=self._show_unseen
            )
        if self.screen is not self._notifications_screen:
            self.push_screen(self._notifications_screen)

    def _show_unseen(self) -> None:
        self.browser.header_line.set_unseen(self.notifications.unseen)

    def on_unmount(self) -> None:
        if self.demo_notifier is not None:
            self.demo_notifier.stop()
        self.notifications.stop()
        sys.setswitchinterval(self._switch_interval)
        gc_policy.thaw()
        self.context.close()
        agent = self.embedded_agent
        if agent is not None:
            agent.stop()

