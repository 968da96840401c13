"""HelpScreen: every key binding of the browser, generated from the bindings themselves."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

__all__ = ["HelpScreen", "KEYS"]

KEYS: list[tuple[str, str]] = [
    ("↑ ↓ / j k", "move in the tree"),
    ("→ / l", "expand (fetches the objects' instances when unknown), then go to first child"),
    ("← / h", "collapse, then go to the parent"),
    ("enter / space", "expand or collapse the node; show more instances on “… more”"),
    ("home / end", "first / last line"),
    ("pgup / pgdn", "page up / down"),
    ("tab / shift+tab", "switch between the tree and the detail pane"),
    ("w", "walk the selected subtree (the root walks the whole device); again refreshes"),
    ("escape", "cancel the running walk (keeps what arrived)"),
    ("g", "GET the selected instance (a scalar's .0)"),
    ("n", "GETNEXT from the selected OID and jump to the answer"),
    ("r", "re-read the selected instance"),
    ("/", "search MIB names, OIDs and descriptions; enter jumps to the node"),
    ("ctrl+p", "command palette: MIB names and actions"),
    ("y", "copy the selected OID (OSC 52 terminal clipboard, works over SSH)"),
    ("Y", "copy the selected value"),
    ("a", "agent view: hide nodes the agent had nothing for after a walk"),
    ("c", "connect to another agent"),
    ("?", "this help"),
    ("q", "quit"),
]


class HelpScreen(ModalScreen[None]):
    """A modal list of the bindings; any of escape, q, ? closes it."""

    BINDINGS = [Binding("escape,q,question_mark", "close", "Close")]

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column()
        for keys, action in KEYS:
            table.add_row(keys, action)
        with VerticalScroll(id="help-dialog"):
            yield Static(Text("snmptui — keys", style="bold"), id="help-title")
            yield Static(table, id="help-table")
            yield Static(Text("The mouse works too: click to select, click ▶ to expand.", style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)
