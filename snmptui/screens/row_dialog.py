"""The new-row and delete-row dialogs of a RowStatus table (see core.rows).

"New row" asks for each INDEX object and each read-create column (required ones
first; columns with a DEFVAL may stay empty to take the agent's default), checks each
field against the MIB as it is typed (``core.set_value.typed_value``,
``core.rows.encode_index``) and names the rule a field breaks next to it; Enter does
nothing until all are good. It returns a :class:`NewRow`; the screen that opened it
sends it with ``core.rows.create_row`` (createAndGo, or createAndWait + active).

"Delete row" shows the row's index and asks for ``y`` before ``destroy``.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from core.mib.store import MibNode, MibStore
from core.oid import OidTuple
from core.rows import RowPlan, encode_index, encode_index_part
from core.set_value import SetValueError, typed_value
from snmptui.screens.set_dialog import syntax_summary
from snmptui.keys import DELETE_ROW_BINDINGS, NEW_ROW_BINDINGS

__all__ = ["NewRow", "NewRowDialog", "DeleteRowDialog"]


@dataclass(frozen=True)
class NewRow:
    suffix: OidTuple
    values: dict[str, object]
    index_texts: tuple[str, ...]


class NewRowDialog(ModalScreen[NewRow | None]):
    """Ask for a new row's index and columns; see the module docstring."""

    BINDINGS = NEW_ROW_BINDINGS

    DEFAULT_CSS = """
    NewRowDialog { align: center middle; }
    NewRowDialog > Vertical { width: 95%; max-width: 110; height: 90%; border: thick $accent; padding: 1 2;
                              background: $surface; }
    NewRowDialog .row-field { height: auto; }
    NewRowDialog .row-field Label { width: 30; }
    NewRowDialog .row-field Input { width: 1fr; }
    NewRowDialog .row-error { color: $error; height: auto; padding-left: 30; }
    NewRowDialog .row-syntax { color: $text-muted; height: auto; padding-left: 30; }
    """

    def __init__(self, plan: RowPlan, store: MibStore) -> None:
        super().__init__()
        self.plan = plan
        self.store = store

    def _fields(self) -> list[tuple[str, MibNode, str]]:
        """(field id, node, kind) in the order shown: index, required, optional."""
        out = [(f"index-{n}", node, "index") for n, (node, _) in enumerate(self.plan.index)]
        out += [(f"col-{node.name}", node, "required") for node in self.plan.required]
        out += [(f"col-{node.name}", node, "optional") for node in self.plan.optional]
        return out

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"New row of {self.plan.entry.module}::{self.plan.entry.name} (createAndGo)")
            with VerticalScroll():
                for field_id, node, kind in self._fields():
                    mark = {"index": " (index)", "required": " *", "optional": ""}[kind]
                    with Horizontal(classes="row-field"):
                        yield Label(f"{node.name}{mark}")
                        placeholder = f"default {node.defval}" if kind == "optional" else ""
                        yield Input(id=field_id, placeholder=placeholder)
                    yield Static(syntax_summary(node), classes="row-syntax")
                    yield Static("", id=f"{field_id}-error", classes="row-error")
            yield Static("* required · enter or ctrl+s: create · escape: cancel", id="row-help")

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    def _check_field(self, field_id: str, node: MibNode, kind: str) -> str | None:
        text = self.query_one(f"#{field_id}", Input).value
        error = self.query_one(f"#{field_id}-error", Static)
        if kind == "optional" and text == "":
            error.update("")
            return None
        if kind != "optional" and text == "":
            error.update("✗ needed")
            return "needed"
        try:
            if kind == "index":
                index_node, implied = self.plan.index[int(field_id.split("-", 1)[1])]
                encode_index_part(index_node, implied, text, self.store)
            else:
                typed_value(node, text, self.store)
        except SetValueError as exc:
            error.update(f"✗ {exc.problem}: {exc.rule}")
            return exc.rule
        except (ValueError, LookupError) as exc:
            error.update(f"✗ {exc}")
            return str(exc)
        error.update("")
        return None

    def check(self) -> NewRow | None:
        """Every field checked and shown; the row when all are good."""
        problems = [self._check_field(*field) for field in self._fields()]
        if any(problem is not None for problem in problems):
            return None
        texts = [self.query_one(f"#index-{n}", Input).value for n in range(len(self.plan.index))]
        values = {}
        for field_id, node, kind in self._fields():
            text = self.query_one(f"#{field_id}", Input).value
            if kind != "index" and text != "":
                values[node.name] = typed_value(node, text, self.store)
        return NewRow(encode_index(self.plan, texts, self.store), values, tuple(texts))

    def on_input_changed(self, event: Input.Changed) -> None:
        for field in self._fields():
            if field[0] == event.input.id:
                self._check_field(*field)

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.action_create()

    def action_create(self) -> None:
        row = self.check()
        if row is not None:
            self.dismiss(row)

    def action_cancel(self) -> None:
        self.dismiss(None)


class DeleteRowDialog(ModalScreen[bool]):
    """Confirm a row's deletion (RowStatus destroy)."""

    BINDINGS = DELETE_ROW_BINDINGS

    DEFAULT_CSS = """
    DeleteRowDialog { align: center middle; }
    DeleteRowDialog > Vertical { width: auto; max-width: 100; height: auto; border: thick $error; padding: 1 2;
                                 background: $surface; }
    """

    def __init__(self, table_name: str, index_text: str, command: str) -> None:
        super().__init__()
        self.table_name = table_name
        self.index_text = index_text
        self.command = command

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"Delete row {self.index_text} of {self.table_name}?")
            yield Static(self.command)
            yield Static("y: delete (destroy) · escape or n: keep")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
