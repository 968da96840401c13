"""The one place table code turns OIDs and values into net-snmp's text.

Every cell and every instance name the table code prints goes through
``value_text`` and ``objid_text``, which are net-snmp's formatter
(``core.snapshot.netsnmp_format``) with the ``-O`` options in force. ``snmptable``
starts with quick print on (so ``-Oq`` turns it off): ``table_options`` gives that
start. Text holds one character per output byte (Latin-1), as the formatter's does.
"""

from __future__ import annotations

from typing import Any

from core.mib.store import MibStore
from core.oid import OidTuple
from core.snapshot.netsnmp_format import formatter_for
from core.snapshot.output_options import OutputOptionError, OutputOptions

__all__ = ["OutputOptions", "OutputOptionError", "table_options", "value_text", "objid_text"]


def table_options(flags: list[str]) -> OutputOptions:
    """The options of ``-O`` flag values as snmptable applies them (quick print first)."""
    options = OutputOptions(quick=True)
    for letters in flags:
        options = OutputOptions.parse(letters, options)
    return options


def value_text(store: MibStore | None, oid: OidTuple, value: Any, options: OutputOptions) -> str:
    """A varbind's value as net-snmp prints it with ``options`` (sprint_realloc_value)."""
    return formatter_for(store, options).typed_value(oid, value)


def objid_text(store: MibStore | None, oid: OidTuple, options: OutputOptions) -> str:
    """An OID as net-snmp prints it with ``options`` (sprint_realloc_objid)."""
    return formatter_for(store, options).name(oid)
