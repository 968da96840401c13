"""DetailPane: the right-hand pane showing the selected node, instance, the agent, or the last error.

What it says comes from ``snmptui.widgets.detail_content``; this widget only shows it.
It draws lines it rendered once per content (and per width), scrolling itself, so
new content costs one Rich render and a repaint of the pane: no screen layout, which
a ``Static`` growing and shrinking inside a scroll container would cost on every
cursor move. Content equal to what is shown (same key) is not rendered again.
"""

from __future__ import annotations

import io
from typing import Any, Callable, Hashable

from rich.console import Console, RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from core.oid import OidTuple
from snmptui.model import MibFacade, WalkModel
from snmptui.widgets.detail_content import agent_detail, error_detail, instance_detail, node_detail

__all__ = ["DetailPane"]


class DetailPane(ScrollView, can_focus=True):
    """The right-hand pane; call ``show_node``, ``show_instance``, ``show_agent``, ``show_error``
    or ``show_renderable``."""

    DEFAULT_CSS = """
    DetailPane {
        width: 1fr; height: 1fr; padding: 0 1; border-left: solid $primary 50%;
        overflow-x: hidden; overflow-y: auto; scrollbar-gutter: stable; scrollbar-size-vertical: 1;
    }
    """

    def __init__(
        self,
        mibs: MibFacade,
        model: WalkModel,
        command_for: Callable[[str, OidTuple], str],
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.mibs = mibs
        self.model = model
        self.command_for = command_for
        self.renderable: RenderableType = Text("Select a node in the tree.", style="dim")
        self.key: Hashable = None
        self._lines: list[Strip] = []
        self._styled: dict[tuple[int, int, Any], Strip] = {}
        """lines with the pane's style applied, by (line, width, style): drawn once per content"""
        self._width = 0
        self._paint_style: tuple[Style, int] | None = None

    @property
    def text(self) -> str:
        """The pane's content as plain text (for tests)."""
        console = Console(file=io.StringIO(), width=100, color_system=None)
        console.print(self.renderable)
        return console.file.getvalue()  # type: ignore[attr-defined]

    # ------------------------------------------------------------ contents

    def show_node(self, oid: OidTuple) -> None:
        model = self.model
        key = ("node", oid, len(model.instances.get(oid, ())), model.is_empty_after_walk(oid))
        if self._fresh(key):
            self._set(node_detail(self.mibs, model, oid), key)

    def show_instance(self, oid: OidTuple) -> None:
        key = ("instance", oid, self.model.values.get(oid, self.model))
        if self._fresh(key):
            self._set(instance_detail(self.mibs, self.model, oid, self.command_for("snmpget", oid)), key)

    def show_agent(self, agent: str, protocol: str, system: dict[str, str]) -> None:
        key = ("agent", agent, protocol, tuple(system.items()))
        if self._fresh(key):
            self._set(agent_detail(agent, protocol, system), key)

    def show_error(self, title: str, reason: str, hint: str) -> None:
        self._set(error_detail(title, reason, hint))

    def show_renderable(self, renderable: RenderableType) -> None:
        """Show what a view composed itself (a table comparison's before and now)."""
        self._set(renderable)

    def forget(self) -> None:
        """The agent changed: whatever is shown is redrawn when next asked for, even if equal."""
        self.key = None

    def _fresh(self, key: Hashable) -> bool:
        """True unless ``key`` (with the model and MIBs it was read from) is what the pane shows."""
        return (key, id(self.model), id(self.mibs.store)) != self.key

    def _set(self, renderable: RenderableType, key: Hashable = None) -> None:
        self.renderable = renderable
        self.key = (key, id(self.model), id(self.mibs.store)) if key is not None else None
        self._render_lines()
        self.scroll_to(0, 0, animate=False, immediate=True)
        self.refresh()

    # ------------------------------------------------------------ drawing

    def _render_lines(self) -> None:
        width = self.scrollable_content_region.width
        self._width = width
        if width <= 0:  # not laid out yet: rendered on the first resize
            self._lines = []
            self._styled.clear()
            return
        console = self.app.console
        options = console.options.update_width(width)
        segments = console.render(self.renderable, options)
        self._lines = [Strip(line).adjust_cell_length(width) for line in Segment.split_lines(segments)]
        self._styled.clear()
        self.virtual_size = Size(width, len(self._lines))

    def on_resize(self) -> None:
        if self.scrollable_content_region.width != self._width:
            self._render_lines()
            self.refresh()

    def render_lines(self, crop: Region) -> list[Strip]:
        # the pane's style is a walk up the DOM: once per paint, not once per line
        self._paint_style = (self.rich_style, self.scrollable_content_region.width)
        try:
            return super().render_lines(crop)
        finally:
            self._paint_style = None

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        style, width = self._paint_style or (self.rich_style, self.scrollable_content_region.width)
        key = (index, width, style)
        line = self._styled.get(key)
        if line is None:
            plain = self._lines[index] if index < len(self._lines) else Strip.blank(width)
            line = self._styled[key] = plain.crop_extend(0, width, None).apply_style(style)
        return line
