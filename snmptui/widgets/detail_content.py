"""What the detail pane says: Rich renderables for a MIB node, an instance, the agent, an error.

For a MIB node: MODULE::name, OID, kind, syntax with its TC chain, enums, ranges,
access, status, units, INDEX/AUGMENTS, the objects below, description and
reference. For an instance: the rendered value, SNMP type, OID, decoded index, the
equivalent net-snmp command with secrets masked and the raw bytes in hex, then what the MIB says about its
object (syntax, every enum or BITS label with the current value's marked, units,
access, DESCRIPTION), so nobody has to move up to the column to read it.

Functions here only build renderables; ``DetailPane`` shows them.
"""

from __future__ import annotations

from typing import Any, Iterable

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from core.oid import OidTuple, format_oid
from core.snapshot.netsnmp_format import hex_octets, set_bits
from core.types import type_name
from snmptui.model import MibFacade, WalkModel
from snmptui.widgets.spans import spans

__all__ = ["node_detail", "instance_detail", "agent_detail", "error_detail", "CURRENT_MARK"]

CURRENT_MARK = "▸"
"""Marks the enum label of the instance's current value."""

BELOW_NAMES = 8
"""MIB children a node's detail names before it only counts them."""

_NO_VALUE = object()


def node_detail(mibs: MibFacade, model: WalkModel, oid: OidTuple) -> RenderableType:
    """Everything the MIB says about ``oid`` and how many instances the agent has below it."""
    node = mibs.node(oid)
    rows: list[tuple[str, RenderableType]] = [("OID", format_oid(oid))]
    if node is None:
        title = Text(mibs.oid_text(oid), style="bold")
        rows.append(("MIB", "no loaded MIB defines this OID"))
    else:
        title = Text(f"{node.module}::{node.name}", style="bold")
        rows.append(("Kind", node.kind))
        rows += _object_fields(node)
    children = [child.name for child in mibs.children(oid)]
    if children:
        shown = ", ".join(children[:BELOW_NAMES])
        rows.append(("Below", shown + (f", … ({len(children)} in all)" if len(children) > BELOW_NAMES else "")))
    count = len(model.instances.get(oid, ()))
    if count:
        rows.append(("Instances", f"{count:,} on the agent"))
    elif model.is_empty_after_walk(oid):
        rows.append(("Agent", Text("nothing under this node on the agent", style="dim")))
    table = _fields_table(rows)
    parts: list[RenderableType] = [title, table]
    if node is not None:
        parts += _texts(node, reference=True)
    return Group(*parts)


def instance_detail(mibs: MibFacade, model: WalkModel, oid: OidTuple, command: str) -> RenderableType:
    """The instance's value and facts, then what the MIB says about its object."""
    value = model.values.get(oid)
    owner = model.owner_of(oid)
    node = mibs.node(owner)
    facts: list[tuple[str, RenderableType]] = [
        ("Value", Text(mibs.render(oid, value), style="bold green")),
        ("Type", _type_text(mibs, oid, value) if oid in model.values else "?"),
    ]
    facts.append(("OID", format_oid(oid)))
    if node is not None:
        facts += mibs.index_fields(node, oid[len(owner) :])
    facts.append(("net-snmp", command))
    if isinstance(value, (bytes, bytearray)):  # last: a long string's bytes fill the pane
        facts.append(("Raw", hex_octets(bytes(value)) or "(empty)"))
    elif isinstance(value, int):
        facts.append(("Raw", f"{int(value)} (0x{int(value):X})"))
    about = _object_fields(node, value if oid in model.values else _NO_VALUE) if node is not None else []
    width = max(len(label) for label, _text in facts + about)
    parts: list[RenderableType] = [Text(mibs.oid_text(oid), style="bold"), _fields_table(facts, width)]
    if node is not None:
        heading = spans((f"{node.module}::{node.name}", "bold"), (node.kind, "cyan"), sep=" ")
        parts += [Text(""), heading, _fields_table(about, width), *_texts(node, reference=False)]
    return Group(*parts)


def agent_detail(agent: str, protocol: str, system: dict[str, str]) -> RenderableType:
    """The tree's root: the agent, its system group, and where to start."""
    table = _fields_table([("Agent", f"{agent} ({protocol})"), *system.items()])
    hints = Text("\nw walks the whole device, / searches the MIBs, → expands, ? lists every key.", style="dim")
    return Group(Text(system.get("sysName") or agent, style="bold"), table, hints)


def _type_text(mibs: MibFacade, oid: OidTuple, value: Any) -> Text:
    """The value's SNMP type, and net-snmp's warning when the MIB expects another one."""
    text = Text(type_name(value))
    label = mibs.type_label(oid, value)
    if label.startswith("Wrong Type"):
        text.append(f"  {label.rsplit(':', 1)[0]}", style="bold red")
    return text


def error_detail(title: str, reason: str, hint: str) -> RenderableType:
    text = Text()
    text.append(f"{title}\n\n", style="bold red")
    text.append(reason + "\n\n")
    text.append("What to try: ", style="bold")
    text.append(hint)
    return text


def _fields_table(rows: Iterable[tuple[str, RenderableType]], label_width: int | None = None) -> Table:
    """A two-column grid: labels (``label_width`` wide, to align several tables) and values."""
    table = Table.grid(padding=(0, 1))
    table.add_column(style="bold cyan", no_wrap=True, min_width=label_width)
    table.add_column(overflow="fold")
    for label, value in rows:
        table.add_row(label, value)
    return table


def _object_fields(node: Any, value: Any = _NO_VALUE) -> list[tuple[str, RenderableType]]:
    """(label, text) rows of a MIB object; enum labels mark ``value`` when given."""
    fields: list[tuple[str, RenderableType]] = []
    syntax = node.syntax
    if syntax is not None:
        fields.append(("Syntax", _syntax_text(syntax)))
        if syntax.enums:
            current = {int(value)} if isinstance(value, int) else set()
            fields.append(("Enums", _labels_text(syntax.enums, current)))
        if syntax.bits:
            current = set(set_bits(bytes(value))) if isinstance(value, (bytes, bytearray)) else set()
            fields.append(("Bits", _labels_text(syntax.bits, current)))
        if syntax.ranges:
            fields.append(("Range", _ranges_text(syntax.ranges)))
        if syntax.sizes:
            fields.append(("Size", _ranges_text(syntax.sizes)))
        if syntax.display_hint:
            fields.append(("Display hint", syntax.display_hint))
    for label, text in (("Units", node.units), ("Access", node.access), ("Status", node.status)):
        if text:
            fields.append((label, str(text)))
    if node.index:
        fields.append(("INDEX", ", ".join(f"IMPLIED {n}" if implied else n for n, implied in node.index)))
    if node.augments:
        fields.append(("AUGMENTS", str(node.augments)))
    if node.defval not in (None, ""):
        fields.append(("DEFVAL", str(node.defval)))
    return fields


def _labels_text(labels: dict[int, str], current: set[int]) -> Text:
    """``up(1), ▸down(2), testing(3)``: every label, the current ones (an enum's value, a
    BITS value's set bits) marked and reversed."""
    text = Text()
    items = sorted(labels.items())
    for position, (number, name) in enumerate(items):
        separator = ", " if position < len(items) - 1 else ""
        if number in current:
            text.append(f"{CURRENT_MARK}{name}({number})", style="bold reverse")
            text.append(separator)
        else:
            text.append(f"{name}({number}){separator}")
    return text


def _texts(node: Any, *, reference: bool) -> list[RenderableType]:
    parts: list[RenderableType] = []
    if node.description:
        parts += [Text("\nDESCRIPTION", style="bold cyan"), Text(_dedent(node.description))]
    if reference and node.reference:
        parts += [Text("\nREFERENCE", style="bold cyan"), Text(_dedent(node.reference))]
    return parts


def _dedent(text: str) -> str:
    """MIB text rewrapped to the pane: the source's line breaks and indentation go, paragraphs
    stay, and lines indented deeper than the text around them (lists, tables) keep their own line."""
    lines = str(text).strip().splitlines()
    indents = [len(line) - len(line.lstrip()) for line in lines[1:] if line.strip()]
    base = min(indents, default=0)
    out: list[str] = []
    joinable = False
    for line in lines:
        stripped = line.strip()
        if not stripped:
            out.append("")
            joinable = False
        elif joinable and len(line) - len(line.lstrip()) <= base and out:
            hyphenated = out[-1].endswith("-") and out[-1][-2:-1].isalpha()  # "implementation-\nspecific"
            out[-1] += stripped if hyphenated else " " + stripped
        else:
            preformatted = bool(out) and len(line) - len(line.lstrip()) > base
            out.append(("  " if preformatted else "") + stripped)
            joinable = not preformatted
    return "\n".join(out)


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
