"""SET from the browser: the flow from ``s`` to the agent's answer, and ``u`` to undo it.

``SetFlow`` works for a screen that has a selected instance (``_instance_target``), a
status bar, a detail pane and the app's agent context. ``start`` checks that the object
is writable (MAX-ACCESS), gets the write community for v1/v2c (the demo's random one,
``SNMPTUI_WRITE_COMMUNITY``, or a masked prompt; kept in the context, never shown),
reads the instance fresh, opens the SET dialog (``snmptui.screens.set_dialog``), sends
the confirmed value in a worker thread (``snmptui.setting.send_set``) and reads the
instance again so the tree, tables and watch see the new value; errors are sentences
with what to try. ``undo`` sends the value the last SET replaced.
"""

from __future__ import annotations

from typing import Any, Callable

from core.oid import OidTuple
from snmptui.messages import GetResult
from snmptui.setting import SetOutcome, env_write_community, send_set, write_spec
from snmptui.workers import missing_hint

__all__ = ["SetFlow", "WRITABLE", "with_write_community", "write_community"]

WRITABLE = frozenset({"read-write", "read-create"})


def write_community(screen: Any) -> Any:
    """The v1/v2c write community the screen's SETs use (None: not known yet)."""
    return screen.context.write_community or env_write_community()


def with_write_community(screen: Any, then: Callable[[], None]) -> None:
    """Run ``then`` once a SET can be sent: v3, or a write community known (the demo's,
    ``SNMPTUI_WRITE_COMMUNITY``, one typed before); else ask for it (masked) first."""
    spec = screen.context.spec
    if spec is None or spec.version.label == "v3" or write_community(screen) is not None:
        then()
        return
    from snmptui.screens.secret_prompt import SecretPrompt

    def remember(secret: Any) -> None:
        if secret is not None:
            screen.context.write_community = secret
            then()

    screen.app.push_screen(SecretPrompt(
        "Write community", "The community this agent accepts SETs with (kept apart from the read one;"
        " SNMPTUI_WRITE_COMMUNITY gives it too)."), remember)  # fmt: skip


class SetFlow:
    """One screen's SETs; see the module docstring."""

    def __init__(self, screen: Any) -> None:
        self.screen = screen
        self.last_set: Any = None
        """the SetRequest of the last SET that worked (``u`` puts its old value back)"""

    def start(self) -> None:
        """``s``: SET the screen's selected instance (see the module docstring)."""
        target = self.screen._instance_target()
        if target is None or self.screen.spec is None:
            self.screen.status_bar.finish("SET needs an instance: select one (or a scalar) of a writable object.", error=True)
            return
        node = self.screen.mibs.lookup(target)[0]
        name = self.screen.mibs.oid_text(target)
        if node is None or node.syntax is None:
            self.screen.status_bar.finish(f"{name}: no MIB object says how to write it (load its MIB).", error=True)
            return
        if node.access not in WRITABLE:
            self.screen.status_bar.finish(f"{name} is {node.access} (MAX-ACCESS): it cannot be set.", error=True)
            return
        with_write_community(self.screen, lambda: self._read_first(target, node, name))

    def _read_first(self, target: OidTuple, node: Any, name: str) -> None:
        self.screen.status_bar.start(f"Reading {name} before the SET")
        self.screen.context.request("get", target, lambda result: self._open_set_dialog(target, node, result))

    def _open_set_dialog(self, target: OidTuple, node: Any, result: GetResult) -> None:
        from snmptui.screens.set_dialog import SetDialog

        name = self.screen.mibs.oid_text(target)
        if result.failed or not result.varbinds:
            reason = result.reason or result.missing
            self.screen.status_bar.finish(f"{name}: {reason}", error=True)
            self.screen.show_error(f"Cannot read {name} before the SET", reason, result.hint or missing_hint("get"))
            return
        self.screen.status_bar.finish(f"SET {name}")
        value = result.varbinds[0][1]
        rendered = self.screen.mibs.render(tuple(node.oid), value)
        spec = write_spec(self.screen.spec, write_community(self.screen))
        command = spec.command_line("snmpset", "").rstrip()
        self.screen.app.push_screen(SetDialog(node, target, value, rendered, name, command, self.screen.mibs.store), self._set_confirmed)

    def _set_confirmed(self, request: Any) -> None:
        if request is None:
            self.screen.status_bar.show("SET cancelled.")
            return
        self._send_set(request.oid, request.value, request)

    def _send_set(self, oid: OidTuple, value: object, request: Any, *, undo: bool = False) -> None:
        spec = write_spec(self.screen.spec, write_community(self.screen))
        name = self.screen.mibs.oid_text(oid)
        self.screen.status_bar.start(f"{'Putting back' if undo else 'Setting'} {name}")

        def run() -> None:
            outcome = send_set(spec, oid, value)
            self.screen.app.call_from_thread(self._set_done, outcome, request, undo)

        self.screen.run_worker(run, thread=True, group="set", name=f"SET {name}", exit_on_error=False)

    def _set_done(self, outcome: SetOutcome, request: Any, undo: bool) -> None:
        name = self.screen.mibs.oid_text(outcome.oid)
        if outcome.failed:
            self.screen.status_bar.finish(f"SET {name} failed: {outcome.reason}", error=True)
            self.screen.show_error(f"SET {name} failed", outcome.reason, outcome.hint)
            return
        if undo:
            self.last_set = None
            message = f"{name} is back to {request.shown_old}."
        else:
            self.last_set = request
            message = f"{name} = {request.shown_new} (was {request.shown_old}); u puts it back."
        self.screen.status_bar.finish(message)
        self.screen.context.request("reread", outcome.oid, lambda result: self._reread_after_set(result, message))

    def _reread_after_set(self, result: GetResult, message: str) -> None:
        """The instance read again after a SET: the tree and detail show it, the status keeps the SET's news."""
        if result.failed or not result.varbinds:
            self.screen._get_answered(result)
            return
        oid = result.varbinds[0][0]
        ref = self.screen.selected()
        if ref is not None and ref.oid == oid:
            self.screen.detail_pane.show_instance(oid)
        self.screen.status_bar.finish(f"{message} Read again: {self.screen.labeler.preview(oid)}")

    def undo(self) -> None:
        """``u``: put back the value the last SET replaced."""
        request = self.last_set
        if request is None:
            self.screen.status_bar.show("No SET to undo.")
            return
        self._send_set(request.oid, request.old, request, undo=True)
