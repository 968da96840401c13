"""QuietFooter: Textual's key footer, rebuilt once per change of the keys it shows.

Textual's ``Footer`` rebuilds itself (removes and mounts a widget per key) on every
"bindings updated" signal, and a screen that opens sends several of them in a row
(focus set, focus refreshed after the first frame, screen resumed): on the table view
that was four to seven rebuilds of ~20 keys in its first half second, each with a
layout pass, while the first rows and keys wait; the browser's footer, under the
table view, rebuilt itself three more times for a screen nobody saw. This footer
rebuilds once after a burst of signals, not while its screen is covered (the screen
signals again when it is shown), and not at all when its keys did not change.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.screen import Screen
from textual.widgets import Footer

__all__ = ["QuietFooter"]


class QuietFooter(Footer):
    """A ``Footer`` that coalesces its rebuilds (see the module docstring)."""

    def __init__(self, *, show_command_palette: bool = True, id: str | None = None) -> None:
        super().__init__(show_command_palette=show_command_palette, id=id)
        self._pending = False
        self._shown: Hashable = None
        """what the last rebuild showed (None: nothing yet)"""

    def bindings_changed(self, screen: Screen) -> None:
        if self._pending or not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            if not self._pending:
                super().bindings_changed(screen)  # (marks the bindings ready; Footer decides)
            return
        self._pending = True
        self.call_after_refresh(self._rebuild)

    def _keys(self) -> Hashable:
        return tuple((binding.key, binding.action, binding.description, enabled, tooltip)
                     for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
                     if binding.show)  # fmt: skip

    async def _rebuild(self) -> None:
        self._pending = False
        if not self.is_attached or not self.screen.is_current:
            return
        keys = self._keys()
        if keys == self._shown:
            return
        self._shown = keys
        self._bindings_ready = True
        await self.recompose()
