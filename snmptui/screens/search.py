"""SearchScreen: live search of MIB names, OIDs and DESCRIPTION words across loaded MIBs.

Typing updates the result list (up to ``LIMIT`` hits from the MIB engine's search; once
the agent was walked, only objects it has, ctrl+t toggling that);
enter or a click dismisses with the chosen node's OID, which the browser reveals.
A numeric OID or ``MODULE::name`` query also matches directly.
"""

from __future__ import annotations

from typing import Any, Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from core.oid import OidTuple, format_oid
from snmptui.model import MibFacade, WalkModel
from snmptui.keys import SEARCH_BINDINGS

__all__ = ["SearchScreen", "search_hits", "hit_label", "hit_labels"]

LIMIT = 50
NAME_WIDTH = 44
"""Longer MODULE::name results push their own kind and OID right instead of every row's."""


Hit = tuple[OidTuple, Any]
"""A search result: the OID and its MIB node (None for a numeric OID no MIB defines)."""


AGENT_SCAN = 5000
"""Engine hits looked at when only the agent's objects are wanted (most hits of a common
word are other vendors' objects)."""


def search_hits(
    mibs: MibFacade, query: str, limit: int = LIMIT, *, agent_has: Callable[[OidTuple], bool] | None = None
) -> list[Hit]:
    """MIB nodes matching ``query``: exact name/OID first, then the engine's hits; with
    ``agent_has``, only those it accepts (what a walk found on the agent)."""
    query = query.strip()
    if not query:
        return []
    if agent_has is not None:
        hits = search_hits(mibs, query, AGENT_SCAN)
        return [hit for hit in hits if agent_has(hit[0])][:limit]
    hits: list[Hit] = []
    seen: set[OidTuple] = set()
    try:
        exact = mibs.resolve(query)
    except (ValueError, KeyError, LookupError):
        exact = None
    if exact:
        hits.append((exact, mibs.node(exact)))
        seen.add(exact)
    for node in mibs.search(query, limit):
        oid = tuple(node.oid)
        if oid not in seen:
            seen.add(oid)
            hits.append((oid, node))
    return hits[:limit]


def hit_label(mibs: MibFacade, hit: Hit, name_width: int = 0, kind_width: int = 0) -> Text:
    """``IF-MIB::ifInOctets  column  1.3.6.1.2.1.2.2.1.10``, name and kind padded to the widths given."""
    oid, node = hit
    name = _name(mibs, hit)
    kind = node.kind if node is not None else ""
    pad = " " * (max(name_width - len(name), 0) + 2)
    text = Text()
    if node is not None:
        text.append(f"{node.module}::", style="dim")
        text.append(node.name + pad, style="bold")
    else:
        text.append(name + pad, style="bold")
    text.append(kind.ljust(kind_width) + "  ", style="cyan")
    text.append(format_oid(oid), style="dim")
    return text


def hit_labels(mibs: MibFacade, hits: list[Hit]) -> list[Text]:
    """Labels of ``hits`` with names, kinds and OIDs in aligned columns."""
    name_width = min(max((len(_name(mibs, hit)) for hit in hits), default=0), NAME_WIDTH)
    kind_width = max((len(node.kind) for _oid, node in hits if node is not None), default=0)
    return [hit_label(mibs, hit, name_width, kind_width) for hit in hits]


def _name(mibs: MibFacade, hit: Hit) -> str:
    oid, node = hit
    return f"{node.module}::{node.name}" if node is not None else mibs.oid_text(oid)


def _count_text(query: str, count: int) -> str:
    if not query.strip():
        return "type a name (ifDescr), an OID (1.3.6.1.2.1.2) or words of a description"
    if count >= LIMIT:
        return f"first {count} matches: type more to narrow"
    return f"{count} match{'es' if count != 1 else ''}" if count else "no match in the loaded MIBs"


class SearchScreen(ModalScreen[OidTuple | None]):
    """The search dialog; dismisses with the chosen OID or None."""

    BINDINGS = SEARCH_BINDINGS

    def __init__(self, mibs: MibFacade, model: WalkModel | None = None, query: str = "") -> None:
        super().__init__()
        self.mibs = mibs
        self.model = model
        self.agent_only = model is not None and len(model) > 0
        """True: hits are limited to objects with agent data (the default once something was walked)"""
        self.query_text = query
        self.hits: list[Hit] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="search-dialog"):
            yield Input(self.query_text, placeholder="name, OID or words of a DESCRIPTION", id="search-input")
            yield Static(_count_text(self.query_text, 0), id="search-count")
            yield OptionList(id="search-results")
            yield Static("", id="search-about")

    def on_mount(self) -> None:
        self.query_one("#search-input", Input).focus()
        if self.query_text:
            self._update(self.query_text)

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        self._update(event.value)

    def _agent_has(self, oid: OidTuple) -> bool:
        model = self.model
        return model is not None and (oid in model.populated or oid in model.values)

    def action_toggle_agent_only(self) -> None:
        self.agent_only = not self.agent_only and self.model is not None
        self._update(self.query_one("#search-input", Input).value)

    def _update(self, query: str) -> None:
        agent_has = self._agent_has if self.agent_only else None
        self.hits = search_hits(self.mibs, query, agent_has=agent_has)
        results = self.query_one("#search-results", OptionList)
        results.clear_options()
        results.add_options([Option(label) for label in hit_labels(self.mibs, self.hits)])
        if self.hits:
            results.highlighted = 0
        else:
            self._about(None)
        scope = "  (only what the agent has; ctrl+t: every MIB)" if self.agent_only else ""
        if not self.agent_only and self.model is not None and len(self.model):
            scope = "  (every loaded MIB; ctrl+t: only what the agent has)"
        self.query_one("#search-count", Static).update(_count_text(query, len(self.hits)) + scope)

    @on(OptionList.OptionHighlighted, "#search-results")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._about(self.hits[event.option_index][1] if event.option_index < len(self.hits) else None)

    def _about(self, node: Any) -> None:
        """The start of the highlighted node's DESCRIPTION, to choose between similar names."""
        description = " ".join(str(node.description).split()) if node is not None else ""
        self.query_one("#search-about", Static).update(Text(description, style="italic"))

    @on(Input.Submitted, "#search-input")
    def _submitted(self) -> None:
        results = self.query_one("#search-results", OptionList)
        index = results.highlighted
        if self.hits:
            self.dismiss(self.hits[index or 0][0])

    @on(OptionList.OptionSelected, "#search-results")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.hits[event.option_index][0])

    def action_focus_results(self) -> None:
        self.query_one("#search-results", OptionList).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
