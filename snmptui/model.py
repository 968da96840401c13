"""The walked-data model behind the tree: which OIDs the agent has, their values, and
how each one hangs under the MIB tree.

The Tree widget only shows what is expanded; everything the agent returned lives
here, outside the widget, so a 100k-varbind walk costs dict inserts and list
appends, not tree nodes; a table's columns cost array slots (``core.table.columns``). ``WalkModel.add`` reports what changed so the widget can
touch only the parts it has materialized.

Where an OID lies under a MIB object (scalar or column), its *owner* is that
object and the rest of the OID is the instance index. Below OIDs no MIB knows,
the model invents numeric nodes down to the OID's parent arc, which then owns it
(as snmpwalk would print ``enterprises.9999.1.2.5``).
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, insort
from itertools import islice, repeat
from operator import getitem, itemgetter, lt
from dataclasses import dataclass, field
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Protocol

from core.oid import OidTuple, format_oid, parse_oid

from core.mib import decode_index
from core.snapshot.netsnmp_format import NetSnmpFormatter, browser_formatter
from core.table.columns import ABSENT, Cells, ColumnInstances, ColumnStore
from core.walk_plan import WalkPlan, plan_for

__all__ = [
    "load_store",
    "MibFacade",
    "MibNodeLike",
    "WalkModel",
    "ModelChange",
    "LEAF_KINDS",
    "is_prefix",
]

LEAF_KINDS = frozenset({"scalar", "column"})
"""MIB node kinds whose OIDs below are instance indexes."""

_first, _second = itemgetter(0), itemgetter(1)

NUMERIC_DEPTH = 3
"""Numeric levels invented below the deepest known MIB node (table, entry, column)."""


class MibNodeLike(Protocol):
    oid: OidTuple
    name: str
    kind: str


def load_store(
    mib_dirs: str | None = None, mib_modules: str | None = None, mib_files: tuple[str, ...] = ()
) -> Any:
    """Load the MIBs as net-snmp would with ``-M``/``-m`` (every module found by default),
    plus the files of snmp.conf's ``mibfile`` lines; the browser's formatter of them is
    made here too (on the loading thread: for a large corpus it takes a while)."""
    from core.mib import load_mibs

    store = load_mibs(dirs=mib_dirs, modules=mib_modules, files=mib_files)
    browser_formatter(store)
    return store


class MibFacade:
    """The MIB store as the browser uses it; numeric names when no store is loaded.

    The store is ``core.mib``'s; this class only narrows its API to what the UI
    needs and supplies the no-MIB behaviour (before loading finishes, or with
    ``-m ""``).
    """

    def __init__(self, store: Any = None) -> None:
        self.store = store
        self._plan: tuple[Any, WalkPlan] | None = None  # (the store it was made for, plan)
        self._formatter: NetSnmpFormatter | None = None

    def walk_plan(self) -> WalkPlan:
        """Where parallel walks may cut the OID space: at the store's branches, or as learnt."""
        if self._plan is None or self._plan[0] is not self.store:
            self._plan = (self.store, plan_for(self.store))
        return self._plan[1]

    def lookup(self, oid: OidTuple) -> tuple[Any, OidTuple]:
        """(deepest MIB node at or above ``oid``, remaining arcs); (None, oid) without MIBs."""
        if self.store is None:
            return None, oid
        return self.store.lookup(oid)

    def node(self, oid: OidTuple) -> Any:
        """The MIB node at exactly ``oid``."""
        if self.store is None or not oid:
            return None
        return self.store.node(oid)

    def children(self, oid: OidTuple) -> Iterable[Any]:
        if self.store is None:
            return ()
        return self.store.children(oid) if oid else self.store.roots()

    def render(self, oid: OidTuple, value: Any) -> str:
        """``value`` of the instance ``oid`` (or of its object's OID) for people: net-snmp's
        value text, with the browser's few friendly differences (``BROWSER_DIFFERENCES``)."""
        return self.formatter().value_text(oid, value)

    def type_label(self, oid: OidTuple, value: Any) -> str:
        """The type net-snmp prints before the value (``STRING``, ``Hex-STRING``, ``Wrong Type
        (should be Gauge32 or Unsigned32): INTEGER``); '' where it prints none."""
        return self.formatter().type_label(oid, value)

    def formatter(self) -> NetSnmpFormatter:
        """The browser's formatter of the current store (kept: labels ask for it per line)."""
        found = self._formatter
        if found is None or found.store is not self.store:
            found = self._formatter = browser_formatter(self.store)
        return found

    def index_text(self, node: Any, index: OidTuple) -> str:
        """An instance suffix as people read it: ``3``, ``0``, or ``[2][ipv4]["10.0.0.1"]``.

        Suffixes that are plain numbers stay dotted (``ifDescr.3``); decoded strings,
        addresses and enums use net-snmp's ``-OX`` brackets.
        """
        if node is None or node.kind not in ("column", "row"):
            return format_oid(index)
        values, left = decode_index(node, index)
        if all(v.text == str(v.value) and isinstance(v.value, int) for v in values):
            return format_oid(index)
        text = "".join(f"[{v.text}]" for v in values)
        return text + "".join(f".{arc}" for arc in left)

    def index_fields(self, node: Any, index: OidTuple) -> list[tuple[str, str]]:
        """Rows of the detail pane for an instance suffix: ("Index", "ifIndex = 3"), then
        ("", "next INDEX object = value") for each further one; short labels leave the
        values room in a narrow pane."""
        if node is None or node.kind not in ("column", "row"):
            return [("Index", format_oid(index))] if index else []
        values, left = decode_index(node, index)
        texts = [f"{v.name} = {v.text}" for v in values]
        if left:
            texts.append(f"(rest) {format_oid(left)}")
        texts = texts or [format_oid(index)]
        return [("Index" if position == 0 else "", text) for position, text in enumerate(texts)]

    def oid_text(self, oid: OidTuple) -> str:
        """``IF-MIB::ifDescr.3`` style text for any OID (numeric below the known part)."""
        if self.store is None:
            return format_oid(oid)
        return self.store.translate_to_name(oid)

    def search(self, query: str, limit: int = 50) -> list[Any]:
        if self.store is None:
            return []
        return list(self.store.search(query, limit=limit))

    def resolve(self, text: str) -> OidTuple:
        """A name or numeric OID as a tuple; ``ValueError`` naming the text when unknown."""
        if self.store is not None:
            return tuple(self.store.resolve(text))
        return parse_oid(text)


def is_prefix(prefix: OidTuple, oid: OidTuple) -> bool:
    """True when ``oid`` equals ``prefix`` or lies below it."""
    return oid[: len(prefix)] == prefix


@dataclass(slots=True)
class ModelChange:
    """What one ``WalkModel.add`` call changed."""

    new_instances: dict[OidTuple, list[OidTuple]] = field(default_factory=dict)
    """owner OID -> instance OIDs it did not have before (in arrival order)"""
    changed: list[OidTuple] = field(default_factory=list)
    """instances already known whose value was replaced"""
    newly_populated: list[OidTuple] = field(default_factory=list)
    """nodes (MIB or numeric) that had no agent data at or below them before"""
    tables: dict[OidTuple, list[int]] = field(default_factory=dict)
    """table entry OID -> [first row, last row, cells] its ``ColumnStore`` got"""
    gone_rows: dict[OidTuple, list[OidTuple]] = field(default_factory=dict)
    """table entry OID -> suffixes of the rows forgotten (destroyed, or no longer walked);
    the entry's row positions changed"""
    columns: dict[OidTuple, set[int]] = field(default_factory=dict)
    """table entry OID -> the column subids those cells are in"""
    count: int = 0


class Values(Mapping[OidTuple, Any]):
    """Every value of a ``WalkModel`` by instance OID: its plain dict, then its table stores."""

    __slots__ = ("_model",)

    def __init__(self, model: WalkModel) -> None:
        self._model = model

    def _find(self, oid: OidTuple) -> Any:
        model = self._model
        value = model.plain.get(oid, ABSENT)
        if value is not ABSENT:
            return value
        tables = model.tables
        size = len(oid)
        for depth in model.entry_depths:
            if size > depth + 1:
                store = tables.get(oid[:depth])
                if store is not None:
                    return store.lookup(oid[depth], oid[depth + 1 :])
        return ABSENT

    def __getitem__(self, oid: OidTuple) -> Any:
        value = self._find(oid)
        if value is ABSENT:
            raise KeyError(oid)
        return value

    def get(self, oid: OidTuple, default: Any = None) -> Any:
        value = self._find(oid)
        return default if value is ABSENT else value

    def __contains__(self, oid: object) -> bool:
        return isinstance(oid, tuple) and self._find(oid) is not ABSENT

    def __len__(self) -> int:
        model = self._model
        return len(model.plain) + sum(store.cells for store in model.tables.values())

    def __iter__(self) -> Iterator[OidTuple]:
        for oid, _value in self.items():
            yield oid

    def items(self) -> Iterator[tuple[OidTuple, Any]]:  # type: ignore[override]
        model = self._model
        yield from model.plain.items()
        for entry, store in model.tables.items():
            suffixes = store.suffixes
            for subid, cells in store.columns.items():
                prefix = entry + (subid,)
                for row in cells.rows():
                    yield prefix + suffixes[row], cells.get(row)


class Instances(Mapping[OidTuple, Sequence[OidTuple]]):
    """Owner OID -> its instance OIDs in OID order (a table column's read from its store)."""

    __slots__ = ("_model",)

    def __init__(self, model: WalkModel) -> None:
        self._model = model

    def __getitem__(self, owner: OidTuple) -> Sequence[OidTuple]:
        model = self._model
        found = model.plain_instances.get(owner)
        if found is None:
            found = model.column_instances[owner]
        return found

    def get(self, owner: OidTuple, default: Any = None) -> Any:
        model = self._model
        found = model.plain_instances.get(owner)
        if found is None:
            return model.column_instances.get(owner, default)
        return found

    def __contains__(self, owner: object) -> bool:
        model = self._model
        return owner in model.plain_instances or owner in model.column_instances

    def __len__(self) -> int:
        return len(self._model.plain_instances) + len(self._model.column_instances)

    def __iter__(self) -> Iterator[OidTuple]:
        yield from self._model.plain_instances
        yield from self._model.column_instances


_EMPTY: list[OidTuple] = []


class WalkModel:
    """Agent data keyed by OID tuple, grouped by owning MIB object.

    Instances of table columns (a MIB column, or an unknown column under a MIB entry)
    live in one ``ColumnStore`` per entry (``tables``): rows by suffix, cells by
    column, integers in arrays; everything else in ``plain``. ``values`` and
    ``instances`` read both as one mapping each, so views need not know where a
    value lives; the table view reads the stores directly (``table_store``)."""

    def __init__(self, mib: MibFacade) -> None:
        self.mib = mib
        self.values = Values(self)
        self.instances = Instances(self)
        self.clear()

    def clear(self) -> None:
        """Forget every value (a new agent); the object stays the one views hold."""
        self.plain: dict[OidTuple, Any] = {}
        self.plain_instances: dict[OidTuple, list[OidTuple]] = {}
        self.tables: dict[OidTuple, ColumnStore] = {}
        """table entry OID -> the cells walked under it"""
        self.entry_depths: list[int] = []
        self.column_instances: dict[OidTuple, ColumnInstances] = {}
        self.numeric_children: dict[OidTuple, list[int]] = {}
        self.populated: set[OidTuple] = {()}
        self.walked_roots: set[OidTuple] = set()
        self._owner: OidTuple = (-1,)
        self._owner_is_leaf = False
        self._owner_in_table = False

    def reindex(self) -> None:
        """File every value again under the MIB objects known now (the MIBs finished loading)."""
        values = list(self.values.items())
        values.sort()
        walked = set(self.walked_roots)
        self.clear()
        self.add(values)
        self.walked_roots = walked

    # ------------------------------------------------------------ queries

    def __len__(self) -> int:
        return len(self.values)

    def owner_of(self, oid: OidTuple) -> OidTuple:
        """The object (MIB leaf or invented numeric node) an instance hangs under.

        Below the deepest MIB node that is not a scalar or column, at most
        ``NUMERIC_DEPTH`` numeric levels are invented (table, entry, column of an
        unknown table), and the rest of the OID is the instance suffix; so a table
        nobody has the MIB for costs a few nodes, not one chain per row.
        """
        owner = self._owner
        if oid[: len(owner)] == owner and (self._owner_is_leaf or len(oid) == len(owner) + 1):
            return owner
        node, rest = self.mib.lookup(oid)
        in_table = False
        if node is not None and node.kind in LEAF_KINDS and rest:
            owner, leaf = oid[: len(oid) - len(rest)], True
            in_table = node.kind == "column" and len(owner) > 1
        elif node is not None and node.kind == "row" and len(rest) > 1:
            owner, leaf, in_table = oid[: len(oid) - len(rest) + 1], True, True
        else:
            depth = min(len(rest) - 1, NUMERIC_DEPTH)
            owner = oid[: len(oid) - len(rest) + depth]
            leaf = depth == NUMERIC_DEPTH
        self._owner, self._owner_is_leaf, self._owner_in_table = owner, leaf, in_table
        return owner

    def is_walked(self, oid: OidTuple) -> bool:
        """True when a completed walk covered ``oid`` (so missing data means absent)."""
        roots = self.walked_roots
        if not roots:
            return False
        return any(oid[:i] in roots for i in range(len(oid) + 1))

    def is_empty_after_walk(self, oid: OidTuple) -> bool:
        """A node the agent had nothing for although a walk covered it (shown dimmed)."""
        return oid not in self.populated and self.is_walked(oid)

    def instance_list(self, owner: OidTuple) -> Sequence[OidTuple]:
        found = self.plain_instances.get(owner)
        if found is None:
            return self.column_instances.get(owner, _EMPTY)
        return found

    def numeric_arcs(self, parent: OidTuple) -> list[int]:
        """Arcs below ``parent`` that carry agent data but no MIB node."""
        return self.numeric_children.get(parent, [])

    def table_store(self, entry: OidTuple) -> ColumnStore:
        """The store of ``entry``'s cells (made empty when nothing arrived yet), the one
        this model fills: a table view reads it in place."""
        store = self.tables.get(entry)
        if store is None:
            store = self.tables[entry] = ColumnStore(entry)
            depth = len(entry)
            if depth not in self.entry_depths:
                self.entry_depths.append(depth)
        return store

    def begin_table_pass(self, entry: OidTuple) -> int:
        """A walk of all of ``entry`` starts; the stamp to hand to ``drop_stale_rows`` after it."""
        return self.table_store(entry).begin_pass()

    def drop_stale_rows(self, entry: OidTuple, stamp: int) -> ModelChange:
        """After a complete walk of ``entry``: forget its rows that walk did not return (the
        agent deleted them); the change names them (``gone_rows``)."""
        change = ModelChange()
        store = self.tables.get(entry)
        if store is not None:
            before = list(store.suffixes)
            if store.drop_rows_before(stamp):
                self._note_gone(store, before, change)
        return change

    def remove_rows(self, entry: OidTuple, suffixes: Iterable[OidTuple]) -> ModelChange:
        """Forget every cell of the rows ``suffixes`` of ``entry`` (a SET destroyed them);
        the change names the rows that were there (``gone_rows``)."""
        change = ModelChange()
        store = self.tables.get(entry)
        if store is None:
            return change
        before = list(store.suffixes)
        for suffix in suffixes:
            for subid in list(store.columns):
                store.remove(subid, suffix)
        if store.drop_empty_rows():
            self._note_gone(store, before, change)
        return change

    @staticmethod
    def _note_gone(store: ColumnStore, before: list[OidTuple], change: ModelChange) -> None:
        kept = store.row_of
        change.gone_rows[store.entry] = [suffix for suffix in before if suffix not in kept]

    # ------------------------------------------------------------ updates

    def add(self, varbinds: Iterable[tuple[OidTuple, Any]], *, ordered: bool = False) -> ModelChange:
        """Store values; report new instances, changed values and newly populated nodes.
        ``ordered``: the caller knows the OIDs strictly increase (a walk that checked them)."""
        change = ModelChange()
        batch = varbinds if isinstance(varbinds, list) else list(varbinds)
        size = len(batch)
        keys = list(map(_first, batch))
        ordered = ordered or all(map(lt, keys, islice(keys, 1, None)))  # a walk's slice: OIDs increase
        position = 0
        while position < size:
            oid, value = batch[position]
            owner = self.owner_of(oid)
            if self._owner_in_table:
                # a run of one column's instances, as a walk delivers them: in OID order it
                # ends at the first OID past the column (found by bisection, not by a loop)
                depth = len(owner)
                if ordered:
                    end = bisect_left(keys, owner[:-1] + (owner[-1] + 1,), position + 1)
                else:
                    end = position + 1
                    while end < size and len(key := keys[end]) > depth and key[:depth] == owner:
                        end += 1
                self._add_cells(owner, batch, keys, position, end, change)
                position = end
                continue
            position += 1
            self._add_plain(owner, oid, value, change)
        change.count = size
        return change

    def _add_plain(self, owner: OidTuple, oid: OidTuple, value: Any, change: ModelChange) -> None:
        values = self.plain
        if oid in values:
            values[oid] = value
            change.changed.append(oid)
            return
        values[oid] = value
        siblings = self.plain_instances.get(owner)
        if siblings is None:
            self.plain_instances[owner] = [oid]
            self._populate(owner, change)
        elif siblings[-1] < oid:
            siblings.append(oid)
        else:
            insort(siblings, oid)
        fresh = change.new_instances.get(owner)
        if fresh is None:
            change.new_instances[owner] = [oid]
        else:
            fresh.append(oid)

    def _add_cells(self, owner: OidTuple, batch: list[tuple[OidTuple, Any]], keys: list[OidTuple],
                   begin: int, end: int, change: ModelChange) -> None:  # fmt: skip
        """A run of one table column's instances goes into its entry's store: in one step when
        the run extends the column (new rows at the end, or rows other columns made, in the
        same order), else cell by cell."""
        entry, subid = owner[:-1], owner[-1]
        store = self.table_store(entry)
        cells = store.column(subid)
        if owner not in self.column_instances:
            self.column_instances[owner] = store.instances(subid)
        if owner not in self.populated:
            self._populate(owner, change)
        if self._extend_cells(store, cells, len(owner), batch, keys, begin, end, change):
            return
        fresh = change.new_instances.setdefault(owner, [])
        changed = change.changed
        row_of = store.row_of
        suffixes = store.suffixes
        stamps, stamp = store.stamps, store.stamp
        make_row = store.row
        put = cells.set
        depth = len(owner)
        low = high = -1
        added = 0
        row = cells.last_row
        for position in range(begin, end):
            oid, value = batch[position]
            suffix = oid[depth:]
            row += 1  # a walk's next cell of a column is most often the next row
            if row >= len(suffixes) or suffixes[row] != suffix:
                found = row_of.get(suffix)
                row = make_row(suffix) if found is None else found
            stamps[row] = stamp
            if put(row, value):
                changed.append(oid)
            else:
                fresh.append(oid)
                added += 1
            if low < 0 or row < low:
                low = row
            if row > high:
                high = row
        store.cells += added
        if not fresh:
            del change.new_instances[owner]
        change.columns.setdefault(entry, set()).add(subid)
        span = change.tables.get(entry)
        if span is None:
            change.tables[entry] = [low, high, end - begin]
        else:
            span[0], span[1], span[2] = min(span[0], low), max(span[1], high), span[2] + end - begin

    def _extend_cells(self, store: ColumnStore, cells: Cells, depth: int, batch: list[tuple[OidTuple, Any]],
                      keys: list[OidTuple], begin: int, end: int, change: ModelChange) -> bool:  # fmt: skip
        """``_add_cells``'s one step (C-level list work, no Python code per cell); False when
        the run does not extend the column (the caller then files it cell by cell)."""
        run = keys[begin:end]
        suffixes = list(map(getitem, run, repeat(slice(depth, None))))
        count = len(suffixes)
        start = store.row_of.get(suffixes[0])
        if start is None:
            start = store.append_rows(suffixes)
            if start is None:
                return False
        elif store.suffixes[start : start + count] != suffixes:
            return False
        else:
            store.stamps[start : start + count] = array("I", (store.stamp,)) * count
        if not cells.extend(start, list(map(_second, batch[begin:end]))):
            return False  # (rows append_rows made stay: the cell-by-cell filing finds them)
        store.cells += count
        owner = run[0][:depth]
        fresh = change.new_instances.get(owner)
        if fresh is None:
            change.new_instances[owner] = run
        else:
            fresh.extend(run)
        high = start + count - 1
        change.columns.setdefault(store.entry, set()).add(owner[-1])
        span = change.tables.get(store.entry)
        if span is None:
            change.tables[store.entry] = [start, high, count]
        else:
            span[0], span[1], span[2] = min(span[0], start), max(span[1], high), span[2] + count
        return True

    def _populate(self, oid: OidTuple, change: ModelChange) -> None:
        """Mark ``oid`` and its ancestors as holding data; invent numeric nodes for unknown arcs."""
        populated = self.populated
        while oid not in populated:
            populated.add(oid)
            change.newly_populated.append(oid)
            parent = oid[:-1]
            if self.mib_node(oid) is None:
                arcs = self.numeric_children.setdefault(parent, [])
                position = bisect_left(arcs, oid[-1])
                if position == len(arcs) or arcs[position] != oid[-1]:
                    arcs.insert(position, oid[-1])
            oid = parent

    def mib_node(self, oid: OidTuple) -> MibNodeLike | None:
        """The MIB node at exactly ``oid``, if any MIB defines it."""
        return self.mib.node(oid)

    def mark_walked(self, root: OidTuple) -> None:
        """Record that a walk of ``root`` completed: absent data below it is really absent."""
        self.walked_roots = {r for r in self.walked_roots if not is_prefix(root, r)}
        self.walked_roots.add(root)
