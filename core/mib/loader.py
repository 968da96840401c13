"""``load_mibs``: search path -> modules -> parse (cached) -> resolve (cached) -> MibStore.

Warm path: stat the files of the search path; if a resolved store for exactly those
files and that module selection is cached, build the store from it (no parsing).
Cold path: parse each needed file (per-folder cache; files not cached are shared out
to forked worker processes when there are many, see ``core.mib.parallel``), resolve,
cache the result (``write_behind``: by a child that may outlive the caller).
"""

from __future__ import annotations

import functools
import marshal
import os
from collections.abc import Callable
from pathlib import Path
from stat import S_ISREG
from typing import Any

from core.gc_pause import gc_paused
from core.mib.builtin import BUILTIN_SOURCE
from core.mib.cache import MibCache
from core.mib.diagnostics import ERROR, Diagnostic, RawDiag, finalize
from core.mib.lexer import read_source
from core.mib.parallel import in_background, map_forked, settle, worker_count
from core.mib.parser import parse_text
from core.mib.paths import list_files, module_selection, scan_header, search_path
from core.mib.resolve import resolve
from core.mib.store import MibStore
from core.mib.table import NodeTable, TableError, Texts

__all__ = ["load_mibs"]

FileInfo = tuple[str, int, int]

# The parsed modules of a load whose cache a child is writing behind (see ``_load``).
_kept: list[object] = []


@functools.lru_cache(maxsize=1)
def _builtin_modules() -> tuple[dict[str, Any], ...]:
    return tuple(parse_text(BUILTIN_SOURCE))


def _parse_file(text: str) -> list[dict[str, Any]]:
    """The modules of one file; a failure the parser did not foresee becomes an error
    diagnostic of each module the file names, never the end of the whole load."""
    try:
        return parse_text(text)
    except (RecursionError, ValueError, IndexError, KeyError, TypeError, MemoryError) as exc:
        message = f"this file could not be parsed ({type(exc).__name__}: {str(exc)[:200]}); its definitions are skipped"
        return [{"name": name, "tok": 0, "imports": [], "defs": [],
                 "diags": [(ERROR, 0, message, "")]} for name in scan_header(text)]


def _read_and_parse(path: str) -> tuple[list[dict[str, Any]], str | None] | None:
    """A file's module ASTs and, when they hold diagnostics (placed later from the
    text), its text; None when it cannot be read (reported by the serial path)."""
    try:
        text = read_source(path)
    except OSError:
        return None
    asts = _parse_file(text)
    return asts, text if any(ast["diags"] for ast in asts) else None


class _Sources:
    """Module name -> (file, AST), parsing files only when a module is needed.

    Parsed files are cached by folder, one entry per folder: a map from each of its
    files' (path, size, mtime) to its module names and (once parsed) its ASTs. A few
    reads and writes per load instead of two small files per MIB file; an edited file
    is re-parsed alone and only its folder's entry written again; a folder added to the
    search path (or dropped, or listed in another order) leaves the others' entries
    valid."""

    def __init__(self, files: list[FileInfo], cache: MibCache, parse_all: bool, listed: list[str]) -> None:
        self.cache = cache
        self.files = files
        # Folders whose every file is in ``files`` (the search path's): their entries
        # keep only those files; a folder seen only through a named file keeps the rest.
        self.listed = {os.path.dirname(os.path.join(folder, "x")) for folder in listed}
        self.bundles: dict[str, dict[FileInfo, tuple[tuple[str, ...], list[dict[str, Any]] | None]]] = {}
        self.changed: set[str] = set()
        # Texts read and not yet parsed, or with parser diagnostics (``finalize`` places
        # them); the resolver's diagnostics in other files read those files again.
        self.texts: dict[str, str] = {}
        self.parsed: dict[str, list[dict[str, Any]]] = {}
        self.where: dict[str, tuple[str, int, int] | None] = {}
        self.modules: dict[str, tuple[str, dict[str, Any]]] = {}
        # Files that could not be read at all: (path, why), reported by the loader.
        self.unreadable: list[tuple[str, str]] = []
        self.by_file: dict[str, list[str]] = {}
        for ast in _builtin_modules():
            self.where[ast["name"]] = None
            self.modules[ast["name"]] = ("", ast)
        if parse_all:
            self._parse_ahead(files)
        for info in files:
            names = self._names(info, parse_all)
            self.by_file[info[0]] = names
            for name in names:
                self.where[name] = info  # later files win, as in net-snmp
                self.modules.pop(name, None)

    def _bundle(self, path: str) -> dict[FileInfo, tuple[tuple[str, ...], list[dict[str, Any]] | None]]:
        """The cached entry of the folder holding ``path`` (read on first use)."""
        folder = os.path.dirname(path)
        bundle = self.bundles.get(folder)
        if bundle is None:
            cached = self.cache.get("parsed", folder)
            bundle = self.bundles[folder] = cached if isinstance(cached, dict) else {}
        return bundle

    def _store(self, info: FileInfo, entry: tuple[tuple[str, ...], list[dict[str, Any]] | None]) -> None:
        self._bundle(info[0])[info] = entry
        self.changed.add(os.path.dirname(info[0]))

    def _parse_ahead(self, files: list[FileInfo]) -> None:
        """Parse the files the cache does not hold, in several processes when there
        are enough of them (see ``core.mib.parallel``); a file that cannot be read is
        left to ``_names``, which reports it."""
        pending = [info for info in files if (self._bundle(info[0]).get(info) or (None, None))[1] is None]
        if worker_count(len(pending)) <= 1:
            return  # parsed one by one as ``_names`` meets them
        paths = [info[0] for info in pending]
        for info, done in zip(pending, map_forked(_read_and_parse, paths, [info[1] for info in pending])):
            if done is None:
                continue
            asts, text = done
            if text is not None:
                self.texts[info[0]] = text
            self._store(info, (tuple(a["name"] for a in asts), asts))

    def _names(self, info: FileInfo, parse_all: bool) -> list[str]:
        known = self._bundle(info[0]).get(info)
        if known is not None and (known[1] is not None or not parse_all):
            if known[1] is not None:
                self.parsed[info[0]] = known[1]
            return list(known[0])
        text = self._read(info[0])
        if text is None:
            return []
        self.texts[info[0]] = text
        if parse_all:
            return [a["name"] for a in self._parse(info)]
        names = scan_header(text)
        self._store(info, (tuple(names), None))
        return names

    def _read(self, path: str) -> str | None:
        try:
            return read_source(path)
        except OSError as exc:
            why = "permission denied" if isinstance(exc, PermissionError) else (exc.strerror or str(exc))
            self.unreadable.append((path, why))
            return None

    def _parse(self, info: FileInfo) -> list[dict[str, Any]]:
        path = info[0]
        asts = self.parsed.get(path)
        if asts is None:
            known = self._bundle(path).get(info)
            asts = known[1] if known is not None else None
        if asts is None:
            text = self.texts.get(path)
            if text is None:
                text = self._read(path)
                if text is None:
                    self.parsed[path] = []
                    return []
                self.texts[path] = text
            asts = _parse_file(text)
            if not any(ast["diags"] for ast in asts):
                # Kept only to place this file's diagnostics: a corpus is ~26 MB of text.
                del self.texts[path]
            self._store(info, (tuple(a["name"] for a in asts), asts))
        self.parsed[path] = asts
        return asts

    def save(self) -> None:
        """Write back the entries of folders where this load parsed or scanned a file.
        Entries of files since edited are dropped, and in a folder of the search path
        those of files no longer there."""
        current = set(self.files)
        paths = {info[0] for info in self.files}
        for folder in self.changed:
            bundle = self.bundles[folder]
            if folder in self.listed:
                kept = {info: entry for info, entry in bundle.items() if info in current}
            else:
                kept = {info: entry for info, entry in bundle.items()
                        if info in current or info[0] not in paths}
            # Written by every cold load, read back only when the search path changed.
            self.cache.put("parsed", folder, kept, references=False)

    def __contains__(self, name: str) -> bool:
        return name in self.where

    def __getitem__(self, name: str) -> tuple[str, dict[str, Any]]:
        found = self.modules.get(name)
        if found is not None:
            return found
        info = self.where[name]
        assert info is not None
        for ast in self._parse(info):
            self.modules.setdefault(ast["name"], (info[0], ast))
        if name not in self.modules:
            # The header scan saw a name the parser did not: report it as empty.
            self.modules[name] = (info[0], {"name": name, "tok": 0, "imports": [], "defs": [],
                                            "diags": [("error", 0, "module header not understood", "")]})
        return self.modules[name]

    def names(self) -> list[str]:
        return list(self.where)

    def names_in(self, path: str) -> list[str]:
        """The modules the file ``path`` defines (as its header or parse found them)."""
        return self.by_file.get(path, [])


def load_mibs(
    dirs: list[str] | str | None = None,
    modules: list[str] | str | None = None,
    *,
    files: list[str] | tuple[str, ...] = (),
    use_cache: bool = True,
    cache_dir: str | Path | None = None,
    write_behind: bool = False,
) -> MibStore:
    """Load MIB modules and return the tree.

    ``dirs``: search path (list, or a net-snmp ``-M`` string; None: ``MIBDIRS`` or the
    defaults). ``modules``: names to load with their imports (None or ``"ALL"``: every
    module found, the browser default; None also honours ``MIBS``). ``files``: MIB files
    loaded besides, every module in them with its imports, as net-snmp's ``mibfile``
    (``read_mib``); a file that cannot be read is an error diagnostic naming it.
    ``write_behind``: a cold load's cache entries are written by a child process
    (where one can be forked) while the caller goes on: a one-shot command printing its
    output, which may exit before the child is done (entries are replaced atomically;
    a load meanwhile loads cold). A later load in this process waits for it first.
    """
    settle()  # entries written behind by an earlier load are complete
    _kept.clear()  # ...so no child shares its parsed modules any more
    with gc_paused(promote=True):
        return _load(dirs, modules, use_cache, cache_dir, tuple(files), write_behind)


def _explicit_files(paths: tuple[str, ...]) -> tuple[list[FileInfo], list[tuple[str, str]]]:
    """(path, size, mtime_ns) of each named file, and (path, why) of those not readable."""
    found: list[FileInfo] = []
    failed: list[tuple[str, str]] = []
    for name in dict.fromkeys(paths):
        try:
            stat = os.stat(name)
        except OSError as exc:
            failed.append((name, exc.strerror or str(exc)))
            continue
        if not S_ISREG(stat.st_mode):
            failed.append((name, "not a regular file"))
            continue
        found.append((name, stat.st_size, stat.st_mtime_ns))
    return found, failed


def _load(
    dirs: list[str] | str | None,
    modules: list[str] | str | None,
    use_cache: bool,
    cache_dir: str | Path | None,
    named_files: tuple[str, ...] = (),
    write_behind: bool = False,
) -> MibStore:
    path = search_path(dirs)
    wanted = module_selection(modules)
    cache = MibCache(Path(cache_dir) if cache_dir is not None else None, enabled=use_cache)
    explicit, not_found = _explicit_files(named_files)
    files: list[FileInfo] = []
    seen: set[str] = {info[0] for info in explicit}
    for directory in path:
        for info in list_files(directory):
            if info[0] not in seen:
                seen.add(info[0])
                files.append(info)
    files.extend(explicit)  # read after the directories: their modules win, as in net-snmp
    store_key = (tuple(path), tuple(files), tuple(wanted) if wanted is not None else None, named_files)
    cached = _from_cache(cache, store_key, path)
    if cached is not None:
        return cached
    sources = _Sources(files, cache, parse_all=wanted is None, listed=path)
    table, texts, module_rows, diagnostics, syntaxes_list = _resolve_all(
        sources, wanted, explicit, not_found, path)
    syntaxes: Any = syntaxes_list
    # A load that could not read a file is not cached: the next one reads it again.
    cacheable = cache.enabled and not sources.unreadable
    if not (cacheable and write_behind):
        # Written here, not by a child forked while this process resolves: the kernel
        # would copy each page of the parsed modules that resolving touches
        # (copy-on-write), which costs as much (measured). Freed before a writer is
        # forked, for the same reason.
        sources.save()
        del sources
    if cacheable:
        # Packed here, whoever writes the entry: the store then holds the syntaxes and
        # the OID and detail columns as a store read from the cache does, marshalled and
        # decoded when first asked for (their ~120k small tuples, kept, were scanned by
        # the first garbage collection after the load: ~27 ms, and again at exit).
        syntax_blob = marshal.dumps(syntaxes_list)
        syntaxes = (len(syntaxes_list), _syntax_decoder(syntax_blob, len(syntaxes_list)))
        del syntaxes_list
        payload = table.payload()
        write = functools.partial(_write_store, cache, store_key, payload, texts, syntaxes[0], syntax_blob,
                                  module_rows, diagnostics)
        if write_behind:
            # A one-shot command: its output need not wait for the cache. One child
            # writes every entry (the parsed files' too, after the store's) and may
            # finish after this process has exited (entries are replaced atomically; a
            # load meanwhile finds none and loads cold).
            in_background(functools.partial(write, save_parsed=sources.save), detached=True, outlive=True)
            # Kept, not freed: freeing touches their pages, which the kernel copies
            # first for the child (copy-on-write, ~40 ms on the corpus); a one-shot
            # command may then exit without freeing them at all (snmptui.cli).
            _kept.append(sources)
        else:
            write()
    elif cache.written:
        cache.prune()
    return MibStore(table, syntaxes, module_rows, diagnostics, path, texts, cache.notices)


def _write_store(cache: MibCache, store_key: Any, table_payload: tuple[Any, ...], texts: Texts,
                 syntax_count: int, syntax_blob: bytes, module_rows: list[Any],
                 diagnostics: list[Diagnostic], save_parsed: Callable[[], None] | None = None) -> None:
    """Cache a resolved load (the store entry, and apart, DESCRIPTION/REFERENCE texts:
    most of the bytes, read on first use), then (``save_parsed``) the parsed files'
    entries, which serve only a later load of another search path; prune the cache."""
    cache.put("texts", store_key, texts)
    cache.put("store", store_key, (table_payload, syntax_count, syntax_blob, module_rows,
                                   [d.as_tuple() for d in diagnostics]))
    if save_parsed is not None:
        save_parsed()
    if cache.written:
        cache.prune()


def _resolve_all(sources: _Sources, wanted: list[str] | None, explicit: list[FileInfo],
                 not_found: list[tuple[str, str]], path: list[str],
                 ) -> tuple[NodeTable, Texts, list[Any], list[Diagnostic], list[Any]]:
    """Resolve the requested modules of ``sources``: the node table, its texts, the
    module rows, the diagnostics and the syntax records."""
    requested = sources.names() if wanted is None else list(dict.fromkeys(
        [*wanted, *(name for info in explicit for name in sources.names_in(info[0]))]))
    present = [name for name in requested if name in sources]
    missing = [name for name in requested if name not in sources]
    resolved = resolve(sources, present)  # type: ignore[arg-type]
    raw: list[RawDiag] = []
    for name in resolved_order(resolved.modules):
        file, ast = sources[name]
        raw.extend((sev, name, file, tok, msg, hint) for sev, tok, msg, hint in ast["diags"])
    raw.extend(resolved.diags)
    raw.extend((ERROR, "", file, 0, f"cannot read {file}: {why}", "check the file's permissions")
               for file, why in sources.unreadable)
    # A missing named file is part of the key (it adds no file), so this load may be cached.
    raw.extend((ERROR, "", file, 0, f"cannot load MIB file {file}: {why}",
                "check the path (a file named to load, as snmp.conf's mibfile)")
               for file, why in not_found)
    module_rows = []
    requested_set = set(present)
    errors: dict[str, int] = {}
    for severity, module_name, *_ in raw:
        if severity == ERROR:
            errors[module_name] = errors.get(module_name, 0) + 1
    for name, file, status, _, imports in resolved.modules:
        module_rows.append((name, file, status, errors.get(name, 0), name in requested_set, imports))
    for name in missing:
        raw.append((ERROR, name, "", 0, f"module {name} not found in the search path",
                    "search path: " + ":".join(path)))
        module_rows.append((name, "", "failed", 1, True))
    diagnostics = finalize(raw, sources.texts)
    table, texts = NodeTable.from_columns(resolved.columns)
    return table, texts, module_rows, diagnostics, resolved.syntaxes


def _syntax_decoder(blob: bytes, count: int) -> Callable[[], list[Any]]:
    """A function returning the ``count`` syntax records marshalled in ``blob``."""

    def syntaxes() -> list[Any]:
        records = marshal.loads(blob)
        if not isinstance(records, list) or len(records) != count:
            raise TableError("syntax table has the wrong length")
        return records

    return syntaxes


def _from_cache(cache: MibCache, store_key: Any, path: list[str]) -> MibStore | None:
    """The store of a cached load, or None (a damaged entry noted in ``cache.notices``)."""
    cached = cache.get("store", store_key)
    if cached is None:
        return None
    try:
        table_payload, syntax_count, syntax_blob, module_rows, diags = cached
        table = NodeTable.from_payload(table_payload, syntax_count)
        diagnostics = [Diagnostic(*row) for row in diags]

        store = MibStore(table, (syntax_count, _syntax_decoder(syntax_blob, syntax_count)), module_rows,
                         diagnostics, path, None, cache.notices)
    except (TableError, TypeError, ValueError):
        cache.damaged(cache._path("store", store_key), "its contents do not fit together")
        return None

    def texts() -> Texts:
        columns = cache.get("texts", store_key)
        if not _fits(columns, len(table)):  # lost or damaged
            fresh = _load([*path], "ALL" if store_key[2] is None else list(store_key[2]), False, None,
                          store_key[3])
            columns = fresh._texts if len(fresh) == len(table) else None
            if not _fits(columns, len(table)):
                columns = ([""] * len(table), [""] * len(table))
            store.notices.extend(cache.notices[len(store.notices):])
            cache.put("texts", store_key, columns)
        return columns

    store._texts = texts
    return store


def _fits(columns: Any, rows: int) -> bool:
    """Whether ``columns`` are DESCRIPTION and REFERENCE texts for ``rows`` rows."""
    return (isinstance(columns, (list, tuple)) and len(columns) == 2
            and all(isinstance(c, list) and len(c) == rows for c in columns))


def resolved_order(module_rows: list[tuple[str, str, str, int, tuple[str, ...]]]) -> list[str]:
    return [row[0] for row in module_rows]


