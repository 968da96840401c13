"""HelpScreen: every key of the screen it was opened from, generated from its active
bindings (so a ``[keymap]`` change shows here, in the footer and in the palette alike)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from snmptui.palette import palette_entries

__all__ = ["HelpScreen", "help_rows"]


def help_rows(screen: Screen[object]) -> list[tuple[str, str]]:
    """(keys, what they do) for every key active on ``screen``."""
    return [(keys, title) for title, keys, _binding in palette_entries(screen, everything=True)]


class HelpScreen(ModalScreen[None]):
    """A modal list of the keys; any of escape, q, ? closes it."""

    BINDINGS = [Binding("escape,q,question_mark", "close", "Close")]

    def __init__(self, caller: Screen[object]) -> None:
        super().__init__()
        self.rows = help_rows(caller)

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column()
        for keys, action in self.rows:
            table.add_row(keys, action)
        with VerticalScroll(id="help-dialog"):
            yield Static(Text("snmptui — keys", style="bold"), id="help-title")
            yield Static(table, id="help-table")
            yield Static(Text("The mouse works too: click to select, click ▶ to expand.", style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)
