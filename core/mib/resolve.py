"""Resolver: parsed modules -> flat node records with OIDs, kinds and resolved syntax.

Owns the SMI semantics across modules: which modules to load (requested ones plus
their IMPORTS closure, through net-snmp's renames of obsolete modules), symbol lookup
(local definition, then the import, then any loaded module with a warning, then the
OID roots), OID assignment (parents defined later or elsewhere are found on demand,
so "orphans" attach as soon as their parent exists anywhere) and TEXTUAL-CONVENTION
chains (ranges, sizes, enum labels, DISPLAY-HINT).

The result is plain data (tuples), ready for the cache and for ``MibStore``:
``Resolved(columns, syntaxes, modules, diags)``, the nodes as columns (one list per
field of ``NODE_FIELDS``, row for row), as the node table keeps them.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from core.mib.builtin import ASN1_TYPES, BASE_TYPES, MODULE_RENAMES, ROOTS
from core.mib.diagnostics import ERROR, WARNING, RawDiag
from core.mib.parser import MAX_ARCS

__all__ = ["Resolved", "resolve", "NODE_FIELDS", "KIND_OF_MACRO"]

# The node columns produced here and consumed by the store's table (``oid_text`` is
# ``oid`` in dotted form: made here, where a parent's text is at hand).
NODE_FIELDS = (
    "oid", "oid_text", "name", "module", "kind", "syntax", "access", "status", "description",
    "reference", "defval", "units", "index", "augments", "objects",
)

KIND_OF_MACRO = {
    "OBJECT IDENTIFIER": "node",
    "MODULE-IDENTITY": "module",
    "OBJECT-IDENTITY": "identity",
    "NOTIFICATION-TYPE": "notification",
    "TRAP-TYPE": "trap",
    "OBJECT-GROUP": "group",
    "NOTIFICATION-GROUP": "group",
    "MODULE-COMPLIANCE": "compliance",
    "AGENT-CAPABILITIES": "capabilities",
    "OBJECT-TYPE": "object",
}

# Real TEXTUAL-CONVENTION chains are a few steps; a longer one is a hostile file.
_MAX_TC_DEPTH = 64

_UNPLACED = object()

# Preference when several definitions share one OID (lower wins).
_KIND_RANK = {"node": 3, "module": 2}


class Resolved(NamedTuple):
    columns: tuple[list[Any], ...]
    syntaxes: list[tuple[Any, ...]]
    modules: list[tuple[str, str, str, int, tuple[str, ...]]]
    """(name, file, status, error count, imported modules in IMPORTS order)"""
    diags: list[RawDiag]


class _Module:
    """Scope of one loaded module: its definitions and where imports come from."""

    __slots__ = ("name", "file", "ast", "defs", "types", "imports", "builtin")

    def __init__(self, name: str, file: str, ast: dict[str, Any]) -> None:
        self.name = name
        self.file = file
        self.ast = ast
        self.builtin = not file
        self.defs: dict[str, tuple[str, str, int, dict[str, Any]]] = {}
        self.types: dict[str, tuple[str, str, int, dict[str, Any]]] = {}
        self.imports: dict[str, tuple[str, int]] = {}


class _Resolver:
    def __init__(self, sources: dict[str, tuple[str, dict[str, Any]]]) -> None:
        self.sources = sources  # module name -> (file, ast)
        self.loaded: dict[str, _Module] = {}
        self.order: list[str] = []
        self.failed: dict[str, str] = {}
        self.diags: list[RawDiag] = []
        self.global_defs: dict[str, _Module] = {}
        self.global_types: dict[str, _Module] = {}
        self.oids: dict[tuple[str, str], tuple[int, ...] | None] = {}
        self.tc_cache: dict[tuple[str, str], tuple[Any, ...] | None] = {}
        self.implicit: dict[tuple[int, ...], tuple[str, str]] = {}
        self.warned: set[tuple[str, str]] = set()
        # Earlier duplicates of a definition: still placed in the tree (net-snmp
        # keeps them), but the name means the later one.
        self.shadowed: list[tuple[_Module, tuple[str, str, int, dict[str, Any]]]] = []

    def diag(self, severity: str, module: _Module, tok: int, message: str, hint: str = "") -> None:
        self.diags.append((severity, module.name, module.file, tok, message, hint))

    # -- choosing and ordering modules ---------------------------------------
    def source_name(self, name: str, symbol: str) -> str | None:
        """The available module to import ``symbol`` from, following renames."""
        seen = set()
        while name not in self.sources:
            if name in seen:
                return None
            seen.add(name)
            for old, new, prefix in MODULE_RENAMES:
                if old == name and symbol.startswith(prefix):
                    name = new
                    break
            else:
                return None
        return name

    def load(self, wanted: list[str]) -> None:
        """Load modules depth-first so imported modules come first."""
        state: dict[str, int] = {}
        for root in wanted:
            stack: list[tuple[str, int]] = [(root, 0)]
            while stack:
                name, step = stack.pop()
                if step == 0:
                    if name in state:
                        continue
                    state[name] = 1
                    file, ast = self.sources[name]
                    module = _Module(name, file, ast)
                    self.loaded[name] = module
                    stack.append((name, 1))
                    for source, symbols, tok in ast["imports"]:
                        for symbol in symbols or ("",):
                            actual = self.source_name(source, symbol)
                            if actual is not None and actual not in state:
                                stack.append((actual, 0))
                else:
                    state[name] = 2
                    self.order.append(name)

    def imported_modules(self, module: _Module) -> tuple[str, ...]:
        """The modules ``module`` imports from, as loaded, in the order its IMPORTS name them."""
        found: dict[str, None] = {}
        for source, symbols, _tok in module.ast["imports"]:
            for symbol in symbols or ("",):
                actual = self.source_name(source, symbol)
                if actual is not None and actual in self.loaded:
                    found.setdefault(actual)
        return tuple(found)

    def index_modules(self) -> None:
        for name in self.order:
            module = self.loaded[name]
            for item in module.ast["defs"]:
                kind, symbol, tok, _ = item
                table = module.types if kind == "TYPE" else module.defs
                if symbol in table:
                    self.diag(WARNING, module, tok, f"{symbol} is defined twice; the later one wins",
                              "remove the duplicate definition")
                    if kind != "TYPE":
                        self.shadowed.append((module, table[symbol]))
                table[symbol] = item
                global_table = self.global_types if kind == "TYPE" else self.global_defs
                global_table.setdefault(symbol, module)
            for source, symbols, tok in module.ast["imports"]:
                for symbol in symbols:
                    module.imports[symbol] = (source, tok)
        self.check_import_graph()
        for name in self.order:
            module = self.loaded[name]
            for source, symbols, tok in module.ast["imports"]:
                if source == name:
                    continue  # reported by check_import_graph
                missing = [s for s in symbols if self.source_name(source, s) is None]
                if missing:
                    hints = []
                    for symbol in missing:
                        owner = self.global_defs.get(symbol) or self.global_types.get(symbol)
                        if owner is not None:
                            hints.append(f"{symbol} is defined in {owner.name}")
                    hint = "; ".join(hints) if hints else "add the module's file to the search path (-M)"
                    self.diag(ERROR, module, tok, f"imported module {source} not found", hint)

    def check_import_graph(self) -> None:
        """Name self-imports and IMPORTS cycles (each cycle once, at the module that closes it)."""
        edges: dict[str, list[tuple[str, int]]] = {}
        for name in self.order:
            module = self.loaded[name]
            targets = edges[name] = []
            for source, symbols, tok in module.ast["imports"]:
                if source == name:
                    self.diag(WARNING, module, tok, f"module {name} imports from itself; the import is ignored",
                              "remove it from IMPORTS")
                    continue
                actual = self.source_name(source, symbols[0] if symbols else "")
                if actual is not None and actual in self.loaded and actual != name:
                    targets.append((actual, tok))
        state: dict[str, int] = {}
        for root in self.order:
            if root in state:
                continue
            path: list[str] = [root]
            stack = [iter(edges[root])]
            state[root] = 1
            while stack:
                step = next(stack[-1], None)
                if step is None:
                    state[path.pop()] = 2
                    stack.pop()
                    continue
                target, tok = step
                if state.get(target) == 1:
                    cycle = path[path.index(target):] + [target]
                    self.diag(WARNING, self.loaded[path[-1]], tok,
                              "IMPORTS cycle: " + " -> ".join(cycle),
                              "SMI modules import in one direction; move the shared definitions")
                elif target not in state:
                    state[target] = 1
                    path.append(target)
                    stack.append(iter(edges[target]))

    # -- symbol lookup -------------------------------------------------------
    def find(self, module: _Module, symbol: str, types: bool, tok: int) -> _Module | None:
        """The module whose definition of ``symbol`` is visible from ``module``."""
        table = "types" if types else "defs"
        if symbol in getattr(module, table):
            return module
        imported = module.imports.get(symbol)
        if imported is not None:
            source = self.source_name(imported[0], symbol)
            found = self.find_exported(source, symbol, table, set()) if source else None
            if found is not None:
                return found
        glob = (self.global_types if types else self.global_defs).get(symbol)
        if glob is not None and not module.builtin and (module.name, symbol) not in self.warned:
            self.warned.add((module.name, symbol))
            if imported is None:
                self.diag(WARNING, module, tok, f"{symbol} is used without being imported",
                          f"import it from {glob.name}")
            else:
                self.diag(WARNING, module, imported[1],
                          f"{imported[0]} does not define {symbol}", f"it is defined in {glob.name}")
        return glob

    def find_exported(self, name: str, symbol: str, table: str, seen: set[str]) -> _Module | None:
        module = self.loaded.get(name)
        if module is None or name in seen:
            return None
        if symbol in getattr(module, table):
            return module
        seen.add(name)
        imported = module.imports.get(symbol)  # re-exported (not SMI, but common)
        if imported is not None:
            source = self.source_name(imported[0], symbol)
            if source:
                return self.find_exported(source, symbol, table, seen)
        return None

    # -- OIDs ----------------------------------------------------------------
    def oid_of(self, module: _Module, symbol: str, tok: int) -> tuple[int, ...] | None:
        """The OID of ``symbol`` as seen from ``module`` (None when it has none).

        Iterative: the chain of parents is followed up to a known OID or a root and
        then placed downwards, so a file chaining 10,000 definitions neither
        recurses 10,000 deep nor builds more than the 128-arc OIDs it keeps."""
        owner = self.find(module, symbol, False, tok)
        if owner is None:
            root = ROOTS.get(symbol)
            return (root,) if root is not None else None
        key = (owner.name, symbol)
        if key in self.oids:
            return self.oids[key]
        chain: list[tuple[_Module, tuple[str, str, int, dict[str, Any]], tuple[str, str], Any]] = []
        parent: tuple[int, ...] | None = None
        parent_defined = True
        while True:
            self.oids[key] = None  # cycle guard
            item = owner.defs[symbol]
            value = self.oid_value(item)
            chain.append((owner, item, key, value))
            head = value[0] if value else None
            if not isinstance(head, str):
                break
            above = self.find(owner, head, False, item[2])
            if above is None:
                root = ROOTS.get(head)
                parent = (root,) if root is not None else None
                parent_defined = root is not None
                break
            key = (above.name, head)
            if key in self.oids:
                parent = self.oids[key]
                break
            owner, symbol = above, head
        for owner, item, key, value in reversed(chain):
            parent = self.place(owner, item, value, parent, parent_defined)
            self.oids[key] = parent
            parent_defined = True
        return parent

    @staticmethod
    def oid_value(item: tuple[str, str, int, dict[str, Any]]) -> tuple[Any, ...] | None:
        """The OID value of a definition (a TRAP-TYPE's is ENTERPRISE, 0, number)."""
        kind, _, _, attrs = item
        if kind == "TRAP-TYPE":
            enterprise = attrs.get("enterprise")
            return tuple(enterprise) + (0, attrs["number"]) if enterprise else None
        return attrs.get("oid")

    def compute_oid(self, module: _Module, item: tuple[str, str, int, dict[str, Any]]) -> tuple[int, ...] | None:
        """The OID of one definition (an earlier duplicate the name does not reach)."""
        value = self.oid_value(item)
        head = value[0] if value else None
        parent = self.oid_of(module, head, item[2]) if isinstance(head, str) else None
        defined = not isinstance(head, str) or self.find(module, head, False, item[2]) is not None \
            or head in ROOTS
        return self.place(module, item, value, parent, defined)

    def place(self, module: _Module, item: tuple[str, str, int, dict[str, Any]], value: tuple[Any, ...] | None,
              parent: tuple[int, ...] | None, parent_defined: bool) -> tuple[int, ...] | None:
        """The arcs of ``value`` under its parent's arcs (``parent``: when the value
        starts with a name), with a diagnostic when they cannot be placed."""
        if value is None:
            return None
        _, symbol, tok, _ = item
        first = value[0]
        if isinstance(first, int):
            arcs: tuple[int, ...] = (first,)
        elif isinstance(first, str):
            if parent is None:
                if parent_defined:
                    self.diag(ERROR, module, tok, f"{symbol}: parent {first} has no valid OID",
                              f"see the diagnostic of {first}")
                else:
                    self.diag(ERROR, module, tok,
                              f"{symbol}: parent {first} is not defined in any loaded module",
                              f"load the module that defines {first}, or import it")
                return None
            arcs = parent
        else:
            arcs = (first[1],)
            self.note_implicit(arcs, first[0], module)
        rest = value[1:]
        if len(arcs) + len(rest) > MAX_ARCS:
            self.diag(ERROR, module, tok, f"{symbol}: OID would have {len(arcs) + len(rest)} arcs; "
                      f"at most {MAX_ARCS} are allowed", "RFC 2578 limits an OID to 128 sub-identifiers")
            return None
        for part in rest:
            if isinstance(part, int):
                arcs = arcs + (part,)
            elif isinstance(part, str):
                self.diag(ERROR, module, tok, f"{symbol}: OID component {part} has no number",
                          f"write {part}(n)")
                return None
            else:
                arcs = arcs + (part[1],)
                self.note_implicit(arcs, part[0], module)
        return arcs

    def note_trap_prefix(self, module: _Module, attrs: dict[str, Any], prefix: tuple[int, ...]) -> None:
        """SMIv1 traps live under ENTERPRISE.0; net-snmp names that node ``enterprise#``."""
        enterprise = attrs.get("enterprise", ())
        label = enterprise[-1] if enterprise and isinstance(enterprise[-1], str) else ""
        if label:
            self.note_implicit(prefix, label + "#", module)

    def note_implicit(self, arcs: tuple[int, ...], label: str, module: _Module) -> None:
        self.implicit.setdefault(arcs, (label, module.name))

    # -- syntax --------------------------------------------------------------
    def resolve_tc(self, module: _Module, type_name: str, tok: int, depth: int = 0) -> tuple[Any, ...] | None:
        """(base, chain, ranges, sizes, named, display) of a named type, or None."""
        owner = self.find(module, type_name, True, tok)
        if owner is None:
            return None
        if depth > _MAX_TC_DEPTH:
            self.diag(ERROR, owner, owner.types[type_name][2],
                      f"type {type_name} is defined through more than {_MAX_TC_DEPTH} other types",
                      "a TEXTUAL-CONVENTION refines a base type in a few steps")
            return None
        key = (owner.name, type_name)
        if key in self.tc_cache:
            return self.tc_cache[key]
        self.tc_cache[key] = None  # cycle guard
        attrs = owner.types[type_name][3]
        name, arg, ranges, sizes, named = attrs["syntax"]
        display = attrs.get("display")
        result: tuple[Any, ...] | None
        if name in BASE_TYPES:
            base = BASE_TYPES[name]
            chain: tuple[str, ...] = (type_name,)
            if base == "SEQUENCE":
                named = arg
            result = (base, chain, ranges, sizes, named, display)
        else:
            inner = self.resolve_tc(owner, name, owner.types[type_name][2], depth + 1)
            if inner is None:
                result = None
            else:
                base, chain, r, s, e, d = inner
                result = (base, (type_name,) + chain, ranges or r, sizes or s, named or e, display or d)
        self.tc_cache[key] = result
        return result

    def resolve_syntax(self, module: _Module, syntax: tuple[Any, ...], tok: int, symbol: str) -> tuple[Any, ...]:
        """Resolved syntax: (type_name, base, tc_chain, ranges, sizes, named, display_hint)."""
        name, arg, ranges, sizes, named = syntax
        if name in BASE_TYPES and name not in module.types:
            if name not in ASN1_TYPES and not module.builtin and name not in module.imports:
                key = (module.name, name)
                if key not in self.warned:
                    self.warned.add(key)
                    self.diag(WARNING, module, tok, f"type {name} is used without being imported",
                              "import it from SNMPv2-SMI (resolved from the SMI base)")
            base = BASE_TYPES[name]
            if base == "SEQUENCE OF":
                return (name, base, (arg,), None, None, None, None)
            return (name, base, (), ranges, sizes, named, None)
        tc = self.resolve_tc(module, name, tok)
        if tc is None:
            self.diag(ERROR, module, tok, f"{symbol}: type {name} is not defined",
                      "import it, or load the module that defines it")
            return (name, "", (), ranges, sizes, named, None)
        base, chain, r, s, e, d = tc
        return (name, base, chain, ranges or r, sizes or s, named or e, d)

    # -- output --------------------------------------------------------------
    def build(self) -> Resolved:
        syntax_ids: dict[tuple[Any, ...], int] = {}
        syntaxes: list[tuple[Any, ...]] = []
        columns: tuple[list[Any], ...] = tuple([] for _ in NODE_FIELDS)
        (oid_column, text_column, name_column, module_column, kind_column, syntax_column,
         access_column, status_column, description_column, reference_column, defval_column,
         units_column, index_column, augments_column, objects_column) = columns
        defined: set[tuple[int, ...]] = set()
        rows: set[tuple[int, ...]] = set()
        items = [(self.loaded[name], item) for name in self.order
                 for item in self.loaded[name].defs.values()]
        main_count = len(items)
        items.extend(self.shadowed)
        oids = self.oids
        # Dotted OID of each placed (module, symbol): a child's is its parent's and one
        # arc (joining every OID's ~12 arcs anew cost more than resolving them).
        oid_texts: dict[tuple[str, str], str] = {}
        for position, (module, item) in enumerate(items):
            kind, symbol, tok, attrs = item
            name = module.name
            text = None
            if position >= main_count:
                oid = self.compute_oid(module, item)
            else:
                # Most definitions hang off a parent of their own module placed just
                # before them: that one step inline, everything else through oid_of.
                key = (name, symbol)
                oid = oids.get(key, _UNPLACED)
                value = attrs.get("oid") if kind != "TRAP-TYPE" else None
                if oid is _UNPLACED and value is not None and len(value) == 2:
                    head, arc = value
                    parent = oids.get((name, head)) if head in module.defs else None
                    if parent is not None and arc.__class__ is int and len(parent) < MAX_ARCS:
                        oid = oids[key] = parent + (arc,)
                        above = oid_texts.get((name, head))
                        if above is not None:
                            text = f"{above}.{arc}"
                if oid is _UNPLACED:
                    oid = self.oid_of(module, symbol, tok)
                if oid is not None:
                    if text is None:
                        text = ".".join(map(str, oid))
                    oid_texts[key] = text
            if oid is None:
                continue
            if text is None:
                text = ".".join(map(str, oid))
            if kind == "TRAP-TYPE":
                self.note_trap_prefix(module, attrs, oid[:-1])
            syntax_id = -1
            node_kind = KIND_OF_MACRO[kind]
            syntax = attrs.get("syntax")
            if syntax is not None and kind == "OBJECT-TYPE":
                resolved = self.resolve_syntax(module, syntax, tok, symbol)
                syntax_id = syntax_ids.get(resolved, -1)
                if syntax_id < 0:
                    syntax_id = syntax_ids[resolved] = len(syntaxes)
                    syntaxes.append(resolved)
                base = resolved[1]
                if base == "SEQUENCE OF":
                    node_kind = "table"
                elif base == "SEQUENCE" or "index" in attrs or "augments" in attrs:
                    node_kind = "row"
                    rows.add(oid)
                else:
                    node_kind = "scalar"
            defined.add(oid)
            oid_column.append(oid)
            text_column.append(text)
            name_column.append(symbol)
            module_column.append(name)
            kind_column.append(node_kind)
            syntax_column.append(syntax_id)
            access_column.append(attrs.get("access", ""))
            status_column.append(attrs.get("status", ""))
            description_column.append(attrs.get("description", ""))
            reference_column.append(attrs.get("reference", ""))
            defval_column.append(attrs.get("defval", ""))
            units_column.append(attrs.get("units", ""))
            index_column.append(attrs.get("index", ()))
            augments_column.append(attrs.get("augments", ""))
            objects_column.append(attrs.get("objects", ()))
        implicit = [(oid, label, module_name) for oid, (label, module_name) in self.implicit.items()
                    if oid not in defined]
        if implicit:
            oid_column.extend(oid for oid, _, _ in implicit)
            text_column.extend(".".join(map(str, oid)) for oid, _, _ in implicit)
            name_column.extend(label for _, label, _ in implicit)
            module_column.extend(module_name for _, _, module_name in implicit)
            kind_column.extend(["node"] * len(implicit))
            syntax_column.extend([-1] * len(implicit))
            for column, empty in ((access_column, ""), (status_column, ""), (description_column, ""),
                                  (reference_column, ""), (defval_column, ""), (units_column, ""),
                                  (index_column, ()), (augments_column, ""), (objects_column, ())):
                column.extend([empty] * len(implicit))
        for position, node_kind in enumerate(kind_column):
            if node_kind == "scalar" and oid_column[position][:-1] in rows:
                kind_column[position] = "column"
        modules = []
        errors: dict[str, int] = {}
        for severity, module_name, *_ in self.diags:
            if severity == ERROR:
                errors[module_name] = errors.get(module_name, 0) + 1
        for name in self.order:
            module = self.loaded[name]
            modules.append((name, module.file, "loaded", errors.get(name, 0), self.imported_modules(module)))
        return Resolved(columns, syntaxes, modules, self.diags)


def resolve(sources: dict[str, tuple[str, dict[str, Any]]], wanted: list[str]) -> Resolved:
    """Load ``wanted`` modules (and what they import) from ``sources`` and resolve them.

    ``sources`` maps every available module name to (file, parsed AST); ``wanted``
    names modules that must be in ``sources`` (the caller reports missing ones).
    """
    resolver = _Resolver(sources)
    for label, arc in ROOTS.items():
        resolver.implicit[(arc,)] = (label, "SNMPv2-SMI")
    resolver.load(wanted)
    resolver.index_modules()
    return resolver.build()
