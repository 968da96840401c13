"""Command palette providers: a screen's key actions, and MIB names (for the browser).

``BindingCommands`` lists the active bindings that have an id (the same list the
footer and the help come from), each run as if its key was pressed;
``MibCommands`` jumps to MIB nodes by name.
"""

from __future__ import annotations

from functools import partial
from typing import Protocol, runtime_checkable

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen

from core.oid import OidTuple
from snmptui.model import MibFacade
from snmptui.screens.search import hit_label, search_hits

__all__ = ["BindingCommands", "MibCommands", "MibJumper", "palette_entries"]


@runtime_checkable
class MibJumper(Protocol):
    """A screen that can show a MIB node (the browser)."""

    mibs: MibFacade

    def jump_to(self, oid: OidTuple | None) -> None: ...


def palette_entries(screen: Screen[object], *, everything: bool = False) -> list[tuple[str, str, Binding]]:
    """(title, key text, binding) of every active binding with an id, in binding order
    (without the palette's own key unless ``everything``)."""
    seen: dict[str, tuple[str, list[str], Binding]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if binding.id is None or (binding.id == "palette" and not everything):
            continue
        display = screen.app.get_key_display(binding)
        entry = seen.get(binding.id)
        if entry is None:
            title = (binding.tooltip or binding.description)
            seen[binding.id] = (title[:1].upper() + title[1:], [display], binding)
        elif display not in entry[1]:
            entry[1].append(display)
    return [(title, " ".join(keys), binding) for title, keys, binding in seen.values()]


class BindingCommands(Provider):
    """The calling screen's actions, from its active bindings."""

    def _entries(self) -> list[tuple[str, str, Binding]]:
        return palette_entries(self.screen)

    def _run(self, binding: Binding) -> None:
        self.app.call_later(self.screen.run_action, binding.action)

    async def discover(self) -> Hits:
        for title, keys, binding in self._entries():
            yield DiscoveryHit(title, partial(self._run, binding), help=f"key: {keys}")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, keys, binding in self._entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(self._run, binding), help=f"key: {keys}")


class MibCommands(Provider):
    """MIB names: jump to the node."""

    async def search(self, query: str) -> Hits:
        screen = self.screen
        if not isinstance(screen, MibJumper) or len(query.strip()) < 2:
            return
        matcher = self.matcher(query)
        for hit in search_hits(screen.mibs, query, limit=20):
            label = hit_label(screen.mibs, hit)
            score = matcher.match(label.plain) or 0.1
            yield Hit(score, label, partial(screen.jump_to, hit[0]), help="jump to this MIB node")
