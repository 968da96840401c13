"""Labeler: names, value previews and Rich ``Text`` labels for tree nodes.

One place turns OIDs into what people read: MIB names from the MIB engine
(numeric arcs where no MIB knows the OID), instance suffixes decoded by the
engine, values as net-snmp prints them (the formatter's browser mode, via MibFacade.render).
Labels are ``rich.text.Text`` (half the cost of markup strings in a Tree).
"""

from __future__ import annotations

from typing import Any, Iterable

from rich.text import Text

from core.oid import OidTuple, format_oid
from snmptui.model import LEAF_KINDS, MibFacade, WalkModel
from snmptui.widgets.spans import spans

__all__ = ["Labeler", "PREVIEW_WIDTH"]

PREVIEW_WIDTH = 60

_KIND_STYLES: dict[str, str] = {
    "table": "bold magenta",
    "row": "magenta",
    "column": "green",
    "scalar": "green",
    "notification": "yellow",
}


class Labeler:
    """Builds labels from the MIB facade and the walked-data model."""

    def __init__(self, mibs: MibFacade, model: WalkModel, root_text: str = "MIB tree") -> None:
        self.mibs = mibs
        self.model = model
        self.root_text = root_text

    def root_label(self) -> Text:
        return Text(self.root_text, style="bold")

    def mib_children(self, oid: OidTuple) -> Iterable[Any]:
        return self.mibs.children(oid)

    def shows_count(self, oid: OidTuple) -> bool:
        """Columns and unknown owners show their instance count in the label."""
        return True

    # ------------------------------------------------------------ text

    def name(self, oid: OidTuple) -> str:
        """``ifDescr`` for a MIB node, the last arc for a numeric one."""
        node = self.mibs.node(oid)
        return node.name if node is not None else str(oid[-1]) if oid else "."

    def instance_name(self, oid: OidTuple) -> str:
        """``ifDescr.3`` (index rendered by the MIB engine) or ``enterprises.9999.1.5``."""
        owner = self.model.owner_of(oid)
        node = self.mibs.node(owner)
        if node is not None:
            index = self.mibs.index_text(node, oid[len(owner) :])
            return f"{node.name}{index}" if index.startswith("[") else f"{node.name}.{index}"
        return self.mibs.oid_text(oid)

    def preview(self, oid: OidTuple, width: int = PREVIEW_WIDTH) -> str:
        """The value of instance ``oid`` rendered on one line, cut to ``width``."""
        value = self.model.values.get(oid)
        text = self.mibs.render(oid, value)
        # one line: net-snmp wraps long hex after a space, text may hold line breaks
        text = text.replace("\r", " ").replace(" \n", " ").replace("\n", " ")
        return text if len(text) <= width else text[: width - 1] + "…"

    # ------------------------------------------------------------ labels

    def node_label(self, oid: OidTuple) -> Text:
        model = self.model
        node = self.mibs.node(oid)
        name, style = (str(oid[-1]), "italic") if node is None else (node.name, _KIND_STYLES.get(node.kind, ""))
        count = len(model.instances.get(oid, ()))
        if node is not None and node.kind == "scalar" and count:
            label = spans((name, style), ("=", "dim"), (self.preview(model.instances[oid][0]), ""), sep=" ")
        elif count:
            label = spans((name, style), (f"({count})", "cyan"), sep=" ")
        else:
            label = Text(name, style=style)
        if model.is_empty_after_walk(oid):
            label.stylize("dim")
        return label

    def instance_label(self, oid: OidTuple) -> Text:
        return spans((self.instance_name(oid), "green"), ("=", "dim"), (self.preview(oid), ""), sep=" ")

    def oid_text(self, oid: OidTuple) -> str:
        return format_oid(oid)

    def is_object(self, oid: OidTuple) -> bool:
        node = self.mibs.node(oid)
        return node is not None and node.kind in LEAF_KINDS

