"""The loaded MIB tree: nodes, and lookups by name, by OID prefix, children and search.

``MibStore`` is built from resolved node records (fresh or from the cache) and is
read-only afterwards. Several definitions may share one OID (``ifDescr`` in IF-MIB
and RFC1213-MIB); all are kept in ``nodes`` and reachable by qualified name, while
OID lookups return one primary node (a rich definition from a current module wins
over a bare OBJECT IDENTIFIER or an obsolete RFC-numbered module).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from core.mib.diagnostics import Diagnostic
from core.mib.table import NodeTable, Texts, rank
from core.oid import OidTuple, format_oid, parse_oid

__all__ = ["Syntax", "MibNode", "MibStore", "ModuleInfo"]


class Syntax:
    """A syntax resolved through its TEXTUAL-CONVENTION chain."""

    __slots__ = ("type_name", "base", "tc_chain", "ranges", "sizes", "named", "display_hint",
                 "labels")

    def __init__(self, record: Sequence[Any]) -> None:
        (self.type_name, self.base, self.tc_chain, self.ranges, self.sizes, self.named,
         self.display_hint) = record
        named = self.named
        # SEQUENCE types keep their columns in ``named``; only numbers make labels.
        self.labels: dict[int, str] = (
            {n: label for label, n in named if isinstance(n, int)} if named else {}
        )

    @property
    def textual_convention(self) -> str:
        """The TC named in the object's SYNTAX ('' when it names a base type)."""
        return self.tc_chain[0] if self.tc_chain and self.base not in ("SEQUENCE OF",) else ""

    @property
    def enums(self) -> dict[int, str]:
        return self.labels if self.base != "BITS" else {}

    @property
    def bits(self) -> dict[int, str]:
        return self.labels if self.base == "BITS" else {}

    def __repr__(self) -> str:
        return f"Syntax({self.type_name!r}, base={self.base!r})"


class MibNode:
    """One MIB definition placed in the OID tree (a row of the store's node table)."""

    __slots__ = ("oid", "name", "module", "kind", "syntax", "access", "status", "_description",
                 "_reference", "defval", "units", "index", "augments", "objects", "_store", "_row")

    def __init__(self, store: MibStore, row: int) -> None:
        table = store._table
        self.oid: OidTuple = table.oids[row]
        self.name: str = table.names[row]
        self.module: str = table.module_names[table.module_ids[row]]
        self.kind: str = table.kinds[row]
        self.syntax: Syntax | None = store._syntax(table.syntax_ids[row])
        self.access: str = table.access[row]
        self.status: str = table.status[row]
        details = table.details[row]
        if details is None:
            self.defval = self.units = self.augments = ""
            self.index: tuple[tuple[str, bool], ...] = ()
            self.objects: tuple[str, ...] = ()
        else:
            self.defval, self.units, index, self.augments, self.objects = details
            # ((name, implied), ...) with implied as a bool
            self.index = tuple((n, bool(i)) for n, i in index)
        # DESCRIPTION and REFERENCE come from the store on first use.
        self._description: str | None = None
        self._reference: str | None = None
        self._store = store
        self._row = row

    @property
    def description(self) -> str:
        if self._description is None:
            self._description, self._reference = self._store._text(self._row)
        return self._description

    @property
    def reference(self) -> str:
        if self._reference is None:
            self._description, self._reference = self._store._text(self._row)
        return self._reference

    @property
    def oid_text(self) -> str:
        return self._store._table.oid_texts[self._row]

    @property
    def qualified_name(self) -> str:
        return f"{self.module}::{self.name}"

    @property
    def parent(self) -> MibNode | None:
        return self._store.parent(self.oid)

    @property
    def children(self) -> list[MibNode]:
        return self._store.children(self.oid)

    @property
    def row(self) -> MibNode | None:
        """The conceptual row of a column (or the node itself if it is a row)."""
        if self.kind == "row":
            return self
        if self.kind == "column":
            parent = self._store.node(self.oid[:-1])
            return parent if parent is not None and parent.kind == "row" else None
        if self.kind == "table":
            return self._store.node(self.oid + (1,))
        return None

    def index_nodes(self) -> list[tuple[str, bool, MibNode | None]]:
        """INDEX objects of this column's/row's row, following AUGMENTS."""
        row = self.row
        seen = 0
        while row is not None and not row.index and row.augments and seen < 8:
            row = self._store.by_name(row.augments, prefer_module=row.module)
            seen += 1
        if row is None:
            return []
        return [(name, implied, self._store.by_name(name, prefer_module=row.module))
                for name, implied in row.index]

    def __repr__(self) -> str:
        return f"MibNode({self.qualified_name}, {format_oid(self.oid)}, {self.kind})"


class ModuleInfo:
    """Load status of one module: ``loaded`` or ``failed``, with its file and the modules
    it imports from (in the order its IMPORTS clause names them)."""

    __slots__ = ("name", "file", "status", "errors", "requested", "imports")

    def __init__(self, name: str, file: str, status: str, errors: int, requested: bool = True,
                 imports: tuple[str, ...] = ()) -> None:  # fmt: skip
        self.name = name
        self.file = file  # "" for a built-in module or one not found
        self.status = status
        self.errors = errors
        self.requested = requested
        self.imports = tuple(imports)

    def __repr__(self) -> str:
        return f"ModuleInfo({self.name}, {self.status}, errors={self.errors})"


_NAME_FORM = re.compile(r"^(?:([A-Za-z][\w-]*)::)?([A-Za-z_][\w-]*)((?:\.\d+)*)\.?$")


def _rank(node: MibNode) -> tuple[int, int]:
    return rank(node.kind, node.module)


class MibStore:
    """Read-only view of the loaded MIB tree, over a compact ``NodeTable``."""

    def __init__(
        self,
        table: NodeTable,
        syntaxes: Sequence[Sequence[Any]] | tuple[int, Callable[[], Sequence[Sequence[Any]]]],
        modules: Iterable[Sequence[Any]],
        diagnostics: list[Diagnostic],
        search_path: list[str] | None = None,
        texts: Texts | Callable[[], Texts] | None = None,
        notices: Iterable[str] = (),
    ) -> None:
        """``syntaxes``: resolved syntax records, or (how many, a function returning
        them) to decode them on first use. ``texts``: the DESCRIPTION and REFERENCE
        columns (one text per table row each), or a function returning them, called on
        first use (they are most of a corpus's bytes)."""
        self._table = table
        if isinstance(syntaxes, tuple) and len(syntaxes) == 2 and callable(syntaxes[1]):
            count, self._syntax_source = syntaxes
            self._syntax_records: Sequence[Sequence[Any]] | None = None
        else:
            count, self._syntax_records = len(syntaxes), syntaxes
        self._syntaxes: list[Syntax | None] = [None] * count
        self._objects: list[MibNode | None] = [None] * len(table)
        self._nodes: list[MibNode] | None = None
        self.modules: dict[str, ModuleInfo] = {m[0]: ModuleInfo(*m) for m in modules}
        self.diagnostics = diagnostics
        self.search_path = list(search_path or [])
        # One line each about the load itself (a damaged cache entry rebuilt, ...).
        self.notices: list[str] = list(notices)
        self._by_oid_rows: dict[OidTuple, int] | None = None
        self._by_name_rows: dict[str, list[int]] | None = None
        self._children: dict[OidTuple, list[MibNode]] | None = None
        self._lowered: list[str] | None = None
        self._positions: dict[int, int] | None = None
        self._texts = texts

    # -- rows ------------------------------------------------------------------
    def _row(self, row: int) -> MibNode:
        node = self._objects[row]
        if node is None:
            node = self._objects[row] = MibNode(self, row)
        return node

    def _syntax(self, syntax_id: int) -> Syntax | None:
        if syntax_id < 0:
            return None
        syntax = self._syntaxes[syntax_id]
        if syntax is None:
            records = self._syntax_records
            if records is None:
                records = self._syntax_records = self._syntax_source()
            syntax = self._syntaxes[syntax_id] = Syntax(records[syntax_id])
        return syntax

    def _text(self, row: int) -> tuple[str, str]:
        texts = self._texts
        if callable(texts):
            texts = self._texts = texts()
        count = len(self._table)
        if texts is None or len(texts[0]) != count or len(texts[1]) != count:
            texts = self._texts = ([""] * count, [""] * count)
        return texts[0][row], texts[1][row]

    @property
    def nodes(self) -> list[MibNode]:
        """Every definition (aliases too), in resolution order."""
        if self._nodes is None:
            self._nodes = [self._row(row) for row in range(len(self._table))]
        return self._nodes

    @property
    def _by_oid(self) -> dict[OidTuple, int]:
        if self._by_oid_rows is None:
            self._by_oid_rows = self._table.primary_rows()
        return self._by_oid_rows

    @property
    def _by_name(self) -> dict[str, list[int]]:
        if self._by_name_rows is None:
            by_name: dict[str, list[int]] = {}
            for row, name in enumerate(self._table.names):
                same = by_name.get(name)
                if same is None:
                    by_name[name] = [row]
                else:
                    same.append(row)
            self._by_name_rows = by_name
        return self._by_name_rows

    def __len__(self) -> int:
        return len(self._table)

    # -- lookups -------------------------------------------------------------
    def node(self, oid: OidTuple) -> MibNode | None:
        row = self._by_oid.get(tuple(oid))
        return None if row is None else self._row(row)

    def by_name(self, name: str, prefer_module: str | None = None) -> MibNode | None:
        """A node by ``name`` or ``MODULE::name``; ``prefer_module`` breaks ties."""
        module, sep, bare = name.rpartition("::")
        rows = self._by_name.get(bare if sep else name)
        if not rows:
            return None
        candidates = [self._row(row) for row in rows]
        if sep:
            for node in candidates:
                if node.module == module:
                    return node
            return None
        if prefer_module is not None:
            for node in candidates:
                if node.module == prefer_module:
                    return node
        return min(candidates, key=_rank)

    def lookup(self, oid: OidTuple) -> tuple[MibNode | None, OidTuple]:
        """The node of the longest known prefix of ``oid`` and the remaining arcs."""
        oid = tuple(oid)
        by_oid = self._by_oid
        for length in range(len(oid), 0, -1):
            row = by_oid.get(oid[:length])
            if row is not None:
                return self._row(row), oid[length:]
        return None, oid

    def parent(self, oid: OidTuple) -> MibNode | None:
        node, _ = self.lookup(tuple(oid)[:-1]) if len(oid) > 1 else (None, ())
        return node

    def children(self, oid: OidTuple) -> list[MibNode]:
        """Nodes whose nearest known ancestor is ``oid``, sorted by OID."""
        if self._children is None:
            self._children = self._build_children()
        return self._children.get(tuple(oid), [])

    def roots(self) -> list[MibNode]:
        """Top-level nodes (no known ancestor), sorted by OID."""
        if self._children is None:
            self._children = self._build_children()
        return self._children.get((), [])

    def _build_children(self) -> dict[OidTuple, list[MibNode]]:
        by_oid = self._by_oid
        result: dict[OidTuple, list[MibNode]] = {}
        for oid in sorted(by_oid):
            parent = oid[:-1]
            while parent and parent not in by_oid:
                parent = parent[:-1]
            result.setdefault(parent, []).append(self._row(by_oid[oid]))
        return result

    def definition_position(self, node: MibNode) -> int:
        """Where ``node`` was defined: modules in load order, each in its file's order (net-snmp
        lists a table's columns in this order, which is not always sub-identifier order)."""
        if self._positions is None:
            self._positions = {id(n): i for i, n in enumerate(self.nodes)}
        return self._positions.get(id(node), len(self.nodes))

    def sorted_nodes(self) -> list[MibNode]:
        """All definitions (aliases too) sorted by OID, then module and name."""
        return [self._row(row) for row in self._table.by_oid_order]

    def listing(self) -> Iterator[tuple[str, str, str]]:
        """(OID text, module, name) of every definition in ``sorted_nodes`` order,
        without building node objects (``snmptui mib list``)."""
        table = self._table
        texts, names, module_ids, module_names = (table.oid_texts, table.names, table.module_ids,
                                                  table.module_names)
        for row in table.by_oid_order:
            yield texts[row], module_names[module_ids[row]], names[row]

    # -- translation ---------------------------------------------------------
    def resolve(self, text: str) -> OidTuple:
        """OID of ``IF-MIB::ifDescr.3``, ``ifDescr.3``, ``sysDescr.0`` or numeric text."""
        text = text.strip()
        if not text:
            raise ValueError("empty OID or name")
        body = text[1:] if text.startswith(".") else text
        if body[:1].isdigit():
            return parse_oid(text)
        match = _NAME_FORM.match(body)
        if match is None:
            raise ValueError(f"cannot read {text!r}: expected MODULE::name.N, name.N or a numeric OID")
        module, name, suffix = match.groups()
        node = self.by_name(f"{module}::{name}" if module else name)
        if node is None:
            if module and module not in self.modules:
                raise ValueError(f"unknown module {module!r} in {text!r} (not loaded)")
            where = f" in module {module}" if module else ""
            raise ValueError(f"unknown MIB object {name!r}{where}")
        extra = tuple(int(part) for part in suffix.split(".")[1:]) if suffix else ()
        return node.oid + extra

    def translate_to_name(self, oid: OidTuple) -> str:
        """``IF-MIB::ifDescr.3`` for a known prefix, else the numeric form."""
        node, rest = self.lookup(oid)
        if node is None:
            return format_oid(tuple(oid))
        suffix = "".join(f".{arc}" for arc in rest)
        return f"{node.module}::{node.name}{suffix}"

    def translate_to_numeric(self, text: str) -> str:
        return format_oid(self.resolve(text))

    def format_instance(self, oid: OidTuple) -> str:
        """Short name of an instance: ``ifDescr.3``."""
        node, rest = self.lookup(oid)
        if node is None:
            return format_oid(tuple(oid))
        return node.name + "".join(f".{arc}" for arc in rest)

    # -- search --------------------------------------------------------------
    def search(self, query: str, limit: int = 50) -> list[MibNode]:
        """Nodes matching a name (exact, prefix, substring), an OID prefix or DESCRIPTION words."""
        query = query.strip()
        if not query:
            return []
        primary = [self._row(row) for row in self._by_oid.values()]
        numeric = query.lstrip(".")
        if numeric[:1].isdigit() and all(p.isdigit() for p in numeric.split(".") if p):
            prefix = tuple(int(p) for p in numeric.split(".") if p)
            hits = [n for n in primary if n.oid[: len(prefix)] == prefix]
            hits.sort(key=lambda n: n.oid)
            return hits[:limit]
        lowered = query.lower()
        buckets: tuple[list[MibNode], ...] = ([], [], [], [])
        for node in primary:
            name = node.name.lower()
            if name == lowered:
                buckets[0].append(node)
            elif name.startswith(lowered):
                buckets[1].append(node)
            elif lowered in name:
                buckets[2].append(node)
        found = sum(len(b) for b in buckets[:3])
        if found < limit:
            words = lowered.split()
            if self._lowered is None:
                self._lowered = [n.description.lower() for n in primary]
            chosen = set(id(n) for b in buckets[:3] for n in b)
            for node, text in zip(primary, self._lowered):
                if text and all(w in text for w in words) and id(node) not in chosen:
                    buckets[3].append(node)
                    if found + len(buckets[3]) >= limit:
                        break
        result: list[MibNode] = []
        for bucket in buckets:
            bucket.sort(key=lambda n: (len(n.name), n.oid))
            result.extend(bucket)
        return result[:limit]
