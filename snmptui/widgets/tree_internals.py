"""The private parts of Textual's ``Tree`` that ``OidTree`` uses for speed — only here.

``OidTree`` adds hundreds of nodes per batch and relabels hundreds per walk; the
public API (``TreeNode.add``, ``set_label``, ``expand``) invalidates or searches the
visible lines once per node, which costs tens of microseconds each. These functions
reach the same state directly, one invalidation per batch. Each is covered by a test
(``tests/tui/test_tree_internals.py``) against the installed Textual, so an upgrade
that renames or changes one fails there, in one place.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from rich.style import Style
from rich.text import Text
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

__all__ = [
    "children",
    "label",
    "set_label",
    "allow_expand",
    "set_allow_expand",
    "is_expanded",
    "set_expanded",
    "touch",
    "new_node",
    "forget_node",
    "has_node",
    "invalidate",
    "build_lines",
    "lines_stale",
    "forget_lines",
    "label_region",
    "render_line",
]

T = TypeVar("T")


def children(node: TreeNode[T]) -> list[TreeNode[T]]:
    """The node's child list itself (mutable: insert, clear, index)."""
    return node._children


def label(node: TreeNode[Any]) -> Text:
    return node._label


def set_label(node: TreeNode[Any], text: Text) -> None:
    """Replace the label without the per-node line search of ``TreeNode.set_label``
    (the caller calls ``touch`` and repaints)."""
    node._label = text


def allow_expand(node: TreeNode[Any]) -> bool:
    return node._allow_expand


def set_allow_expand(node: TreeNode[Any], expandable: bool) -> None:
    node._allow_expand = expandable


def is_expanded(node: TreeNode[Any]) -> bool:
    return node._expanded


def set_expanded(node: TreeNode[Any], expanded: bool) -> None:
    """Set the flag only: no ``NodeExpanded`` message, no invalidation."""
    node._expanded = expanded


def touch(node: TreeNode[Any]) -> None:
    """Mark the node's line as changed (its cache key includes this counter)."""
    node._updates += 1


def new_node(tree: Tree[T], parent: TreeNode[T], text: Text, data: T) -> TreeNode[T]:
    """A node registered with ``tree`` but not yet in ``parent``'s child list."""
    return tree._add_node(parent, text, data)


def forget_node(tree: Tree[Any], node: TreeNode[Any]) -> None:
    """Drop a removed node from the tree's id registry."""
    tree._tree_nodes.pop(node.id, None)


def has_node(tree: Tree[Any], node: TreeNode[Any]) -> bool:
    """True while ``node`` is registered with ``tree`` (not removed)."""
    return node.id in tree._tree_nodes


def invalidate(tree: Tree[Any]) -> None:
    """Drop the tree's line and cache state; lines are rebuilt when next needed."""
    tree._invalidate()


def build_lines(tree: Tree[Any]) -> int:
    """Rebuild the visible lines now (so node line numbers are current); their count."""
    return len(tree._tree_lines)


def lines_stale(tree: Tree[Any]) -> bool:
    """True when the tree's lines will be rebuilt (and repainted) before the next paint,
    so node line numbers are not current."""
    return tree._tree_lines_cached is None


def forget_lines(tree: Tree[Any], nodes: Iterable[TreeNode[Any]]) -> set[int]:
    """Drop the cached strips of the lines showing ``nodes`` (their labels changed) and
    return those line numbers; nodes not shown are skipped. The lines must be current
    (not ``lines_stale``). Unlike ``touch``, the lines of the nodes below stay cached."""
    lines = tree._tree_lines_cached or []
    shown = {node._line for node in nodes if 0 <= node._line < len(lines) and lines[node._line].node is node}
    if shown:
        cache = tree._line_cache
        for key in [key for key in cache.keys() if key[0] in shown]:  # key: (line, hover, width, ...)
            cache.discard(key)
    return shown


def label_region(tree: Tree[Any], line: int) -> Region | None:
    """Where the label of visible line ``line`` is drawn (x after the guides)."""
    return tree._get_label_region(line)


def render_line(tree: Tree[Any], y: int, style: Style) -> Strip:
    """``Tree.render_line(y)`` with the widget's ``rich_style`` given (worked out once per paint)."""
    scroll_x, scroll_y = tree.scroll_offset
    return tree._render_line(y + scroll_y, scroll_x, scroll_x + tree.size.width, style)
