"""DetailPane: the right-hand pane showing the selected node, instance, the agent, or the last error.

What it says comes from ``snmptui.widgets.detail_content``; this widget only shows it.
"""

from __future__ import annotations

import io
from typing import Any, Callable

from rich.console import Console, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from core.oid import OidTuple
from snmptui.model import MibFacade, WalkModel
from snmptui.widgets.detail_content import agent_detail, error_detail, instance_detail, node_detail

__all__ = ["DetailPane"]


class DetailPane(VerticalScroll):
    """The right-hand pane; call ``show_node``, ``show_instance``, ``show_agent`` or ``show_error``."""

    DEFAULT_CSS = """
    DetailPane { width: 1fr; padding: 0 1; border-left: solid $primary 50%; }
    DetailPane > Static { width: 1fr; }
    """

    def __init__(
        self,
        mibs: MibFacade,
        model: WalkModel,
        command_for: Callable[[str, OidTuple], str],
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, can_focus=True)
        self.mibs = mibs
        self.model = model
        self.command_for = command_for
        self.renderable: RenderableType = Text("Select a node in the tree.", style="dim")
        self.body = Static(self.renderable, id="detail-body")

    def compose(self) -> ComposeResult:
        yield self.body

    @property
    def text(self) -> str:
        """The pane's content as plain text (for tests)."""
        console = Console(file=io.StringIO(), width=100, color_system=None)
        console.print(self.renderable)
        return console.file.getvalue()  # type: ignore[attr-defined]

    # ------------------------------------------------------------ contents

    def show_node(self, oid: OidTuple) -> None:
        self._set(node_detail(self.mibs, self.model, oid))

    def show_instance(self, oid: OidTuple) -> None:
        self._set(instance_detail(self.mibs, self.model, oid, self.command_for("snmpget", oid)))

    def show_agent(self, agent: str, protocol: str, system: dict[str, str]) -> None:
        self._set(agent_detail(agent, protocol, system))

    def show_error(self, title: str, reason: str, hint: str) -> None:
        self._set(error_detail(title, reason, hint))

    def _set(self, renderable: Any) -> None:
        self.renderable = renderable
        self.body.update(renderable)
        self.scroll_home(animate=False)
