"""Where a parallel walk may cut the OID space it covers into ranges.

A walk of ``root`` covers every name below it. A parallel walk cuts that space
at boundary OIDs b1 < b2 < ... into ranges ``(root, b1], (b1, b2], ..., (bk, end
of root)``: each range is walked by GETNEXT/GETBULK from its start (the agent
answers names strictly after it) and ends at the first name past its stop, so
the ranges together hold exactly the names of a serial walk, none twice, wherever
the boundaries fall. Boundaries therefore only decide speed, never the result.

A :class:`WalkPlan` proposes them in two ways:

- ``boundaries(root)``: cuts known before the walk starts (the branches below
  ``root`` that a MIB knows and the columns of its tables, never a scalar group
  scalar by scalar; none without a MIB);
- ``split_point(position, stop, root_depth)``: where to cut a running range
  that turns out big, given the last name it received. The candidates are the
  next siblings of the position's ancestors, shallowest first, so a cut leaves
  the running range the rest of its current branch and gives the new range
  everything after it. Without a MIB the sibling is the ancestor's arc plus one
  (a probe: the agent's answer tells where the next branch really starts, so
  OIDs that no MIB knows are found and cut too); with a MIB it is the next
  child the MIB knows (no probe into branches the MIB says are absent), and the
  arc plus one where the MIB knows nothing.

A cut at the last arc of a position (a table's single index) comes last, and
only as far again as the range has walked that column, so a cut never costs
more in truncated pages than it gains.

The MIB is reached only through ``KnownChildren``, a function from an OID to
the arcs of its children that the MIB defines, and a test for table rows;
``plan_for(store)`` builds both from a ``core.mib`` store. The session itself
knows nothing of MIBs.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from typing import Protocol

from core.oid import OidTuple

__all__ = ["KnownChildren", "WalkPlan", "mib_children", "plan_for", "DEFAULT_PLAN", "MAX_INITIAL_RANGES"]

KnownChildren = Callable[[OidTuple], Sequence[int]]
"""The sorted arcs of the children a MIB defines below an OID (empty: none known)."""

MAX_INITIAL_RANGES = 64
"""At most this many ranges before the walk starts: an absent branch costs one request."""


class _NodeLike(Protocol):
    oid: Sequence[int]
    kind: str


class _StoreLike(Protocol):
    def children(self, oid: OidTuple) -> Sequence[_NodeLike]: ...

    def node(self, oid: OidTuple) -> _NodeLike | None: ...


def mib_children(store: _StoreLike) -> KnownChildren:
    """``KnownChildren`` of a MIB store: the arcs below an OID that lead to its known nodes
    (a node whose parent the MIB does not define still counts, by its arc at that level)."""

    def children(oid: OidTuple) -> Sequence[int]:
        depth = len(oid)
        return sorted({tuple(node.oid)[depth] for node in store.children(oid)})

    return children


class WalkPlan:
    """Boundaries and split points for parallel walks, from a MIB when one is given."""

    def __init__(
        self,
        known_children: KnownChildren | None = None,
        *,
        rows: Callable[[OidTuple], bool] | None = None,
        cuts: Sequence[OidTuple] = (),
        split: bool = True,
    ) -> None:
        """``rows`` tells a table's row (its children are columns) from other nodes;
        ``cuts``: boundaries to use whatever the MIB says; ``split``: cut running
        ranges that turn out big (off: exactly the boundaries given)."""
        self._children = known_children
        self._rows = rows or (lambda oid: False)
        self._cuts = tuple(tuple(cut) for cut in cuts)
        self.split = split

    def __repr__(self) -> str:
        mib = "MIB" if self._children else "no MIB"
        return f"WalkPlan({mib}, {len(self._cuts)} fixed cuts, split={self.split})"

    def boundaries(self, root: OidTuple, limit: int = MAX_INITIAL_RANGES) -> list[OidTuple]:
        """Sorted cuts strictly inside ``root``'s subtree, known before walking.

        The MIB's branches below ``root``, breadth first (a chain of single
        children counts as one branch), in OID order within a level, until
        ``limit`` ranges. A branch is cut at its children that are branches
        themselves, and a table's row at each column; scalars stay together in
        the range before the next cut (one request for a group, not one
        each). Without a MIB there are none (the walk cuts as it learns, see
        ``split_point``).
        """
        root = tuple(root)
        fixed = [cut for cut in self._cuts if cut[: len(root)] == root and len(cut) > len(root)]
        children = self._children
        if children is None:
            return sorted(set(fixed))
        cuts: list[OidTuple] = fixed
        level = [root]
        while level and len(cuts) < limit - 1:
            branches: list[OidTuple] = []
            below: list[OidTuple] = []
            for parent in level:
                arcs = children(parent)
                while len(arcs) == 1:  # a chain: open its far end
                    parent += (arcs[0],)
                    arcs = children(parent)
                row = self._rows(parent)
                for arc in arcs:
                    child = parent + (arc,)
                    if children(child):
                        branches.append(child)
                        below.append(child)
                    elif row:
                        below.append(child)
            # A cut at a branch's own OID ends the range before it: the branch
            # and everything after it up to the next cut form the next range.
            cuts.extend(below[: limit - 1 - len(cuts)])
            level = branches
        return sorted(set(cuts))

    def split_point(
        self,
        position: OidTuple,
        stop: OidTuple | None,
        root_depth: int,
        anchor: OidTuple | None = None,
        min_stride: int = 1,
    ) -> OidTuple | None:
        """A cut strictly between ``position`` and ``stop`` (None: the root's end), or None.

        The next sibling of the shallowest ancestor of ``position`` (at least
        ``root_depth`` arcs long, at most its parent's) that has one inside the
        range. Failing that, a cut inside the column being walked: ``anchor``
        is where the range's walk of this column began, and the cut leaves the
        running range as many index values again as it has covered since
        (``min_stride`` at least), so a big column is halved and halved again.
        """
        if not self.split:
            return None
        children = self._children
        for depth in range(root_depth, len(position) - 1):
            arc = position[depth]
            head = position[:depth]
            if children is not None:
                known = children(head)
                if known:
                    after = bisect_right(known, arc)
                    if after == len(known):
                        continue  # the MIB knows no later sibling here
                    arc = known[after] - 1
            cut = head + (arc + 1,)
            if stop is None or cut < stop:
                return cut
        column = position[:-1]
        if anchor is None or len(column) < root_depth or anchor[:-1] != column:
            return None
        cut = column + (position[-1] + max(position[-1] - anchor[-1], min_stride),)
        return cut if stop is None or cut < stop else None


DEFAULT_PLAN = WalkPlan()
"""The MIB-free plan: cuts found from the agent's answers."""


def plan_for(store: _StoreLike | None) -> WalkPlan:
    """The plan of a MIB store's branches and tables, or the MIB-free plan without a store."""
    if store is None:
        return DEFAULT_PLAN

    def row(oid: OidTuple) -> bool:
        node = store.node(oid)
        return node is not None and node.kind == "row"

    return WalkPlan(mib_children(store), rows=row)
