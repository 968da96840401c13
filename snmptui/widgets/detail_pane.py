"""DetailPane: everything known about the selected node, instance, or the last error.

For a MIB node: MODULE::name, OID, kind, syntax with its TC chain, enums, ranges,
access, status, units, INDEX/AUGMENTS, description and reference. For an instance:
the rendered value, raw bytes in hex, SNMP type, decoded index and the equivalent
net-snmp command with secrets masked.
"""

from __future__ import annotations

import io
from typing import Any, Callable

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from core.oid import OidTuple, format_oid
from core.types import type_name
from snmptui.model import MibFacade, WalkModel

__all__ = ["DetailPane", "raw_hex"]


def raw_hex(value: Any) -> str:
    """The bytes of an octet-string-like value in hex; empty for other types."""
    if isinstance(value, (bytes, bytearray)):
        return " ".join(f"{b:02X}" for b in value) or "(empty)"
    return ""


def _fields_table() -> Table:
    table = Table.grid(padding=(0, 1))
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column(overflow="fold")
    return table


class DetailPane(VerticalScroll):
    """The right-hand pane; call ``show_node``, ``show_instance`` or ``show_error``."""

    DEFAULT_CSS = """
    DetailPane { width: 1fr; padding: 0 1; border-left: solid $primary 50%; }
    DetailPane > Static { width: 1fr; }
    """

    def __init__(
        self,
        mibs: MibFacade,
        model: WalkModel,
        command_for: Callable[[str, OidTuple], str],
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, can_focus=True)
        self.mibs = mibs
        self.model = model
        self.command_for = command_for
        self.renderable: Any = Text("Select a node in the tree.", style="dim")
        self.body = Static(self.renderable, id="detail-body")

    def compose(self):  # type: ignore[no-untyped-def]
        yield self.body

    @property
    def text(self) -> str:
        """The pane's content as plain text (for tests)."""
        console = Console(file=io.StringIO(), width=100, color_system=None)
        console.print(self.renderable)
        return console.file.getvalue()  # type: ignore[attr-defined]

    # ------------------------------------------------------------ contents

    def show_node(self, oid: OidTuple) -> None:
        node = self.mibs.node(oid)
        table = _fields_table()
        if node is None:
            title = Text(self.mibs.oid_text(oid) if oid else "MIB tree", style="bold")
            table.add_row("OID", format_oid(oid) if oid else "(root)")
            table.add_row("MIB", "no loaded MIB defines this OID")
        else:
            title = Text(f"{node.module}::{node.name}", style="bold")
            table.add_row("OID", format_oid(oid))
            table.add_row("Kind", node.kind)
            for label, value in self._node_fields(node):
                table.add_row(label, value)
        count = len(self.model.instances.get(oid, ()))
        if count:
            table.add_row("Instances", f"{count} on the agent")
        elif self.model.is_empty_after_walk(oid):
            table.add_row("Agent", Text("nothing under this node on the agent", style="dim"))
        parts: list[Any] = [title, table]
        if node is not None and node.description:
            parts += [Text("\nDESCRIPTION", style="bold cyan"), Text(_dedent(node.description))]
        if node is not None and node.reference:
            parts += [Text("\nREFERENCE", style="bold cyan"), Text(_dedent(node.reference))]
        self._set(Group(*parts))

    def _node_fields(self, node: Any) -> list[tuple[str, Any]]:
        fields: list[tuple[str, Any]] = []
        syntax = node.syntax
        if syntax is not None:
            fields.append(("Syntax", _syntax_text(syntax)))
            if syntax.enums:
                fields.append(("Enums", ", ".join(f"{n}({v})" for v, n in sorted(syntax.enums.items()))))
            if syntax.bits:
                fields.append(("Bits", ", ".join(f"{n}({v})" for v, n in sorted(syntax.bits.items()))))
            if syntax.ranges:
                fields.append(("Range", _ranges_text(syntax.ranges)))
            if syntax.sizes:
                fields.append(("Size", _ranges_text(syntax.sizes)))
            if syntax.display_hint:
                fields.append(("Display hint", syntax.display_hint))
        for label, value in (("Access", node.access), ("Status", node.status), ("Units", node.units)):
            if value:
                fields.append((label, str(value)))
        if node.index:
            fields.append(("INDEX", ", ".join(f"IMPLIED {n}" if implied else n for n, implied in node.index)))
        if node.augments:
            fields.append(("AUGMENTS", str(node.augments)))
        if node.defval not in (None, ""):
            fields.append(("DEFVAL", str(node.defval)))
        return fields

    def show_instance(self, oid: OidTuple) -> None:
        model = self.model
        value = model.values.get(oid)
        owner = model.owner_of(oid)
        node = self.mibs.node(owner)
        table = _fields_table()
        title = Text(self.mibs.oid_text(oid), style="bold")
        table.add_row("OID", format_oid(oid))
        table.add_row("Value", Text(self.mibs.render(owner, value), style="bold green"))
        table.add_row("Type", type_name(value) if oid in model.values else "?")
        raw = raw_hex(value)
        if raw:
            table.add_row("Raw", raw)
        elif isinstance(value, int):
            table.add_row("Raw", f"{int(value)} (0x{int(value):X})")
        if node is not None:
            table.add_row("Object", f"{node.module}::{node.name} ({node.kind})")
            index = oid[len(owner) :]
            for label, text in self.mibs.index_fields(node, index):
                table.add_row(label, text)
            if node.syntax is not None:
                table.add_row("Syntax", _syntax_text(node.syntax))
        table.add_row("net-snmp", self.command_for("snmpget", oid))
        parts: list[Any] = [title, table]
        if node is not None and node.description:
            parts += [Text("\nDESCRIPTION", style="bold cyan"), Text(_dedent(node.description))]
        self._set(Group(*parts))

    def show_error(self, title: str, reason: str, hint: str) -> None:
        text = Text()
        text.append(f"{title}\n\n", style="bold red")
        text.append(reason + "\n\n")
        text.append("What to try: ", style="bold")
        text.append(hint)
        self._set(text)

    def show_text(self, text: Text | str) -> None:
        self._set(text if isinstance(text, Text) else Text(text))

    def _set(self, renderable: Any) -> None:
        self.renderable = renderable
        self.body.update(renderable)
        self.scroll_home(animate=False)


def _dedent(text: str) -> str:
    lines = [line.strip() for line in str(text).strip().splitlines()]
    return "\n".join(lines)


def _syntax_text(syntax: Any) -> str:
    """``DisplayString → OCTET STRING``: the SYNTAX, its TC chain, then the base type."""
    names = [str(tc) for tc in syntax.tc_chain]
    if syntax.type_name and syntax.type_name not in names:
        names.insert(0, str(syntax.type_name))
    if syntax.base and syntax.base not in names:
        names.append(str(syntax.base))
    return " → ".join(names) or "?"


def _ranges_text(ranges: Any) -> str:
    parts = []
    for item in ranges:
        if isinstance(item, tuple) and len(item) == 2:
            low, high = item
            parts.append(str(low) if low == high else f"{low}..{high}")
        else:
            parts.append(str(item))
    return " | ".join(parts)
