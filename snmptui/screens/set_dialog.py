"""The SET dialog: type a new value for one instance, checked against the MIB, then confirm.

Step one shows the object's name, its syntax (through the TEXTUAL-CONVENTION chain, with
the enum labels or BITS names, ranges and sizes) and its current value (read just
before the dialog opened), and an input that starts with the current value selected, so
typing replaces it. The text is checked on every key by ``core.set_value.typed_value``:
enums take a label (completed as you type) or a number, BITS are a checklist, and a
problem is named inline (range, size, enum); Enter does nothing while it stands.

Step two shows ``old -> new`` and the equivalent ``snmpset`` command (secrets masked);
Enter or ``y`` sends, ``escape`` goes back to editing. The dialog returns a
:class:`SetRequest`; the screen that opened it sends it and reads the instance again.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, SelectionList, Static
from textual.widgets.selection_list import Selection

from core.snapshot.netsnmp_format import set_bits
from core.mib.store import MibNode, MibStore
from core.oid import OidTuple, format_oid
from core.set_value import SetValueError, describe_rule, letter_for, typed_value
from snmptui.keys import SET_DIALOG_BINDINGS

__all__ = ["SetRequest", "SetDialog", "ValueField", "syntax_summary", "input_text", "snmpset_words"]


@dataclass(frozen=True)
class SetRequest:
    """What the user confirmed: write ``value`` to ``oid`` (``old``: what it was)."""

    oid: OidTuple
    value: object
    old: object
    shown_old: str
    shown_new: str


def syntax_summary(node: MibNode) -> str:
    """``INTEGER {up(1), down(2), testing(3)}``, ``DisplayString (SIZE (0..255))``..."""
    syntax = node.syntax
    if syntax is None:
        return "(no SYNTAX)"
    name = syntax.textual_convention or syntax.base
    parts = [name if name == syntax.base else f"{name} ({syntax.base})"]
    if syntax.enums:
        parts.append("{" + ", ".join(f"{label}({n})" for n, label in sorted(syntax.enums.items())) + "}")
    if syntax.bits:
        parts.append("BITS {" + ", ".join(f"{label}({n})" for n, label in sorted(syntax.bits.items())) + "}")
    if syntax.ranges:
        parts.append(describe_rule(syntax.ranges))
    if syntax.sizes:
        parts.append(f"SIZE {describe_rule(syntax.sizes)}")
    if syntax.display_hint:
        parts.append(f"DISPLAY-HINT \"{syntax.display_hint}\"")
    return " ".join(parts)


def input_text(node: MibNode, value: object, rendered: str) -> str:
    """The current value as the input starts with it: a form ``typed_value`` reads back."""
    syntax = node.syntax
    if syntax is not None and isinstance(value, int) and syntax.enums.get(int(value)):
        return syntax.enums[int(value)]
    if isinstance(value, bytes) and syntax is not None and syntax.base == "OCTET STRING":
        hint = syntax.display_hint or ""
        if not hint or hint.endswith(("a", "t")):
            try:
                return value.decode("utf-8")
            except UnicodeDecodeError:
                return "0x" + value.hex()
        return rendered
    return rendered


def snmpset_words(node: MibNode, value: object) -> tuple[str, str]:
    """The TYPE and VALUE words of the ``snmpset`` command that sends ``value``."""
    letter = letter_for(node) or "="
    if isinstance(value, bytes):
        if letter == "b":
            return "b", " ".join(str(bit) for bit in set_bits(value))
        try:
            text = value.decode("ascii")
            if text.isprintable():
                return "s", text
        except UnicodeDecodeError:
            pass
        return "x", value.hex().upper()
    return letter, str(value)


class ValueField(Input):
    """The dialog's value field. Enter moves to the confirm step at once, in the field's
    own turn: over SSH "enter y" can come in one read, and both keys are queued to the
    field before a Submitted message would reach the dialog. Keys that reach the field
    once it is hidden are not typed; they bubble on to the dialog's bindings, in order."""

    async def _on_key(self, event: events.Key) -> None:
        dialog = self.screen
        if not isinstance(dialog, SetDialog):
            return
        if dialog.confirming:
            event.prevent_default()
        elif event.key == "enter":
            event.stop()
            event.prevent_default()
            dialog.to_confirm()


class SetDialog(ModalScreen[SetRequest | None]):
    """Edit, check and confirm one SET; see the module docstring."""

    BINDINGS = SET_DIALOG_BINDINGS

    DEFAULT_CSS = """
    SetDialog { align: center middle; }
    SetDialog > Vertical { width: 90%; max-width: 100; height: auto; border: thick $accent; padding: 1 2;
                           background: $surface; }
    SetDialog #set-error { color: $error; height: auto; }
    SetDialog #set-confirm { display: none; height: auto; }
    SetDialog.confirming #set-confirm { display: block; }
    SetDialog.confirming #set-input, SetDialog.confirming #set-bits { display: none; }
    SetDialog SelectionList { height: auto; max-height: 12; }
    """

    def __init__(self, node: MibNode, oid: OidTuple, current: object, rendered: str, name: str,
                 command: str, store: MibStore | None = None) -> None:  # fmt: skip
        super().__init__()
        self.node = node
        self.oid = oid
        self.current = current
        self.rendered = rendered
        self.object_name = name
        self.command = command
        self.store = store
        self.value: object = None
        self.confirming = False

    @property
    def is_bits(self) -> bool:
        return self.node.syntax is not None and self.node.syntax.base == "BITS"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"SET {self.object_name}", id="set-title")
            yield Static(f"Syntax:  {syntax_summary(self.node)}", id="set-syntax")
            yield Static(f"Current: {self.rendered}", id="set-current")
            if self.is_bits:
                on = set(set_bits(self.current)) if isinstance(self.current, bytes) else set()
                yield SelectionList[int](
                    *(Selection(f"{label}({bit})", bit, bit in on)
                      for bit, label in sorted((self.node.syntax.bits if self.node.syntax else {}).items())),
                    id="set-bits",
                )  # fmt: skip
            else:
                labels = list((self.node.syntax.enums if self.node.syntax else {}).values())
                yield ValueField(input_text(self.node, self.current, self.rendered), id="set-input",
                            suggester=SuggestFromList(labels, case_sensitive=False) if labels else None,
                            select_on_focus=True)  # fmt: skip
            yield Static("", id="set-error")
            yield Static("", id="set-confirm")
            yield Static("enter: check and confirm · escape: cancel", id="set-help")

    def on_mount(self) -> None:
        self.query_one("#set-bits" if self.is_bits else "#set-input").focus()

    def _text(self) -> str:
        if self.is_bits:
            chosen = self.query_one(SelectionList).selected
            return " ".join(str(bit) for bit in sorted(chosen))
        return self.query_one(Input).value

    def check(self) -> bool:
        """Read the input; show the rule it breaks. True when it is a value."""
        error = self.query_one("#set-error", Static)
        try:
            self.value = typed_value(self.node, self._text(), self.store)
        except SetValueError as exc:
            error.update(f"✗ {exc.problem}: {exc.rule}")
            return False
        error.update("")
        return True

    def on_input_changed(self, _event: Input.Changed) -> None:
        self.check()

    def key_enter(self) -> None:
        if self.confirming:
            self.action_confirm()
        elif self.is_bits:
            self.to_confirm()

    def to_confirm(self) -> None:
        if not self.check():
            return
        letter, text = snmpset_words(self.node, self.value)
        from core.snapshot.netsnmp_format import NetSnmpFormatter

        shown_new = NetSnmpFormatter(self.store).value_text(self.oid, self.value) if self.store else str(self.value)
        self.shown_new = shown_new
        self.query_one("#set-confirm", Static).update(
            f"{self.rendered}  →  {shown_new}\n\n{self.command} {format_oid(self.oid)} {letter} {shlex.quote(text)}\n\n"
            "enter or y: send · escape: back to editing"
        )
        self.confirming = True
        self.add_class("confirming")
        # The field is hidden now but would keep the focus until the next layout, and a
        # "y" typed meanwhile would go into it: keys go to this screen's bindings at once.
        self.set_focus(None)
        self.query_one("#set-help", Static).update("")

    def action_confirm(self) -> None:
        if not self.confirming:
            return
        self.dismiss(SetRequest(self.oid, self.value, self.current, self.rendered, self.shown_new))

    def action_back(self) -> None:
        if self.confirming:
            self.confirming = False
            self.remove_class("confirming")
            self.query_one("#set-help", Static).update("enter: check and confirm · escape: cancel")
            self.query_one("#set-bits" if self.is_bits else "#set-input").focus()
            return
        self.dismiss(None)
