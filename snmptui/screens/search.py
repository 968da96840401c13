"""SearchScreen: live search of MIB names, OIDs and DESCRIPTION words across loaded MIBs.

Typing updates the result list (up to ``LIMIT`` hits from the MIB engine's search);
enter or a click dismisses with the chosen node's OID, which the browser reveals.
A numeric OID or ``MODULE::name`` query also matches directly.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from core.oid import OidTuple, format_oid
from snmptui.model import MibFacade

__all__ = ["SearchScreen", "search_hits"]

LIMIT = 50


def search_hits(mibs: MibFacade, query: str, limit: int = LIMIT) -> list[tuple[OidTuple, Text]]:
    """(OID, label) of MIB nodes matching ``query``: exact name/OID first, then the engine's hits."""
    query = query.strip()
    if not query:
        return []
    hits: list[tuple[OidTuple, Text]] = []
    seen: set[OidTuple] = set()
    try:
        exact = mibs.resolve(query)
    except (ValueError, KeyError, LookupError):
        exact = None
    if exact:
        hits.append((exact, _label(mibs, exact, mibs.node(exact))))
        seen.add(exact)
    for node in mibs.search(query, limit):
        oid = tuple(node.oid)
        if oid not in seen:
            seen.add(oid)
            hits.append((oid, _label(mibs, oid, node)))
    return hits[:limit]


def _label(mibs: MibFacade, oid: OidTuple, node: Any) -> Text:
    text = Text()
    if node is not None:
        text.append(f"{node.module}::", style="dim")
        text.append(node.name, style="bold")
        text.append(f"  {node.kind}", style="cyan")
    else:
        text.append(mibs.oid_text(oid), style="bold")
    text.append(f"  {format_oid(oid)}", style="dim")
    return text


class SearchScreen(ModalScreen[OidTuple | None]):
    """The search dialog; dismisses with the chosen OID or None."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "focus_results", "Results", show=False),
    ]

    def __init__(self, mibs: MibFacade, query: str = "") -> None:
        super().__init__()
        self.mibs = mibs
        self.query_text = query
        self.hits: list[tuple[OidTuple, Text]] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="search-dialog"):
            yield Input(self.query_text, placeholder="name, OID or words of a DESCRIPTION", id="search-input")
            yield Static("", id="search-count")
            yield OptionList(id="search-results")

    def on_mount(self) -> None:
        self.query_one("#search-input", Input).focus()
        if self.query_text:
            self._update(self.query_text)

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        self._update(event.value)

    def _update(self, query: str) -> None:
        self.hits = search_hits(self.mibs, query)
        results = self.query_one("#search-results", OptionList)
        results.clear_options()
        results.add_options([Option(label) for _oid, label in self.hits])
        if self.hits:
            results.highlighted = 0
        count = f"{len(self.hits)} match{'es' if len(self.hits) != 1 else ''}" if query.strip() else ""
        self.query_one("#search-count", Static).update(count)

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
