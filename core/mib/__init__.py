"""MIB engine: load SMI modules (our own lexer/parser), resolve them, query and render.

Public entry points::

    store = load_mibs(dirs=None, modules=None)     # every module found, cached
    store.resolve("IF-MIB::ifDescr.3")            # -> (1, 3, 6, 1, 2, 1, 2, 2, 1, 2, 3)
    node, index = store.lookup(oid)                # longest known prefix
    render_value(node, value)                      # "up(1)", "2 days, 03:04:05.06", ...
    format_index(store, oid)                       # "ipNetToPhysicalPhysAddress[2][ipv4][10.0.0.1]"
"""

from core.mib.diagnostics import Diagnostic
from core.mib.index import IndexValue, decode_index, format_index
from core.mib.loader import load_mibs
from core.mib.paths import module_selection, search_path
from core.mib.render import format_timeticks, render_value
from core.mib.store import MibNode, MibStore, ModuleInfo, Syntax

__all__ = [
    "load_mibs",
    "search_path",
    "module_selection",
    "MibStore",
    "MibNode",
    "ModuleInfo",
    "Syntax",
    "Diagnostic",
    "render_value",
    "format_timeticks",
    "decode_index",
    "format_index",
    "IndexValue",
]
