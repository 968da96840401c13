"""MIB engine: load SMI modules (our own lexer/parser), resolve them, query them.

Public entry points::

    store = load_mibs(dirs=None, modules=None)     # every module found, cached
    store.resolve("IF-MIB::ifDescr.3")            # -> (1, 3, 6, 1, 2, 1, 2, 2, 1, 2, 3)
    node, index = store.lookup(oid)                # longest known prefix
    format_index(store, oid)                       # "ipNetToPhysicalPhysAddress[2][ipv4][10.0.0.1]"

Values are rendered by core.snapshot.netsnmp_format (net-snmp's text; the browser's
friendly mode). Names are imported on first use (PEP 562): ``snmptui mib list`` needs
the loader, not the index decoder.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.lazy import lazy_exports

if TYPE_CHECKING:
    from core.mib.diagnostics import Diagnostic
    from core.mib.index import IndexValue, decode_index, format_index
    from core.mib.loader import load_mibs
    from core.mib.paths import module_selection, search_path
    from core.mib.store import MibNode, MibStore, ModuleInfo, Syntax

_HOME = {
    "load_mibs": "core.mib.loader",
    "search_path": "core.mib.paths",
    "module_selection": "core.mib.paths",
    "MibStore": "core.mib.store",
    "MibNode": "core.mib.store",
    "ModuleInfo": "core.mib.store",
    "Syntax": "core.mib.store",
    "Diagnostic": "core.mib.diagnostics",
    "decode_index": "core.mib.index",
    "format_index": "core.mib.index",
    "IndexValue": "core.mib.index",
}

__all__ = list(_HOME)


__getattr__, __dir__ = lazy_exports(__name__, globals(), _HOME)
