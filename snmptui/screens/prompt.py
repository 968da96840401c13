"""PromptScreen: a one-line question (a filter, a file name) over the current screen."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from snmptui.keys import PROMPT_BINDINGS

__all__ = ["PromptScreen"]


class PromptScreen(ModalScreen[str | None]):
    """One line of input (filter text, export file name); enter accepts, escape cancels."""

    BINDINGS = PROMPT_BINDINGS

    def __init__(self, title: str, value: str, hint: str) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-dialog"):
            yield Static(self.title_text, id="prompt-title")
            yield Input(self.value, id="prompt-input")
            yield Static(self.hint, id="prompt-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
