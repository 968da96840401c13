"""A one-field prompt for a secret (the write community), returned as a ``core.secret.Secret``."""

from __future__ import annotations


from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from core.secret import Secret
from snmptui.keys import SECRET_PROMPT_BINDINGS

__all__ = ["SecretPrompt"]


class SecretPrompt(ModalScreen[Secret | None]):
    """Ask for a secret; the typed text is masked and never kept as a plain string."""

    BINDINGS = SECRET_PROMPT_BINDINGS

    DEFAULT_CSS = """
    SecretPrompt { align: center middle; }
    SecretPrompt > Vertical { width: 70; height: auto; border: thick $accent; padding: 1 2; background: $surface; }
    """

    def __init__(self, title: str, explanation: str) -> None:
        super().__init__()
        self.title_text = title
        self.explanation = explanation

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text)
            yield Static(self.explanation)
            yield Input(password=True, id="secret-input")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        value = event.value
        event.input.value = ""
        self.dismiss(Secret(value) if value else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
