"""The one place table code turns OIDs and values into net-snmp's text.

Every cell and every instance name the table code prints goes through
``value_text`` and ``objid_text``, which follow net-snmp's ``-O`` output options
(``OutputOptions``). They hand the work to the MIB engine's renderer; the exact
net-snmp formatter (``core/snapshot/netsnmp_format.py``) replaces that here, and
only here, when it lands.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.mib.render import render_value
from core.mib.store import MibStore
from core.oid import OidTuple, format_oid

__all__ = ["OutputOptions", "OutputOptionError", "parse_output_options", "table_options", "value_text",
           "objid_text"]

OID_LETTERS = {"n": "numeric", "f": "full", "s": "suffix", "S": "module", "u": "ucd"}
"""-O letters that choose how OIDs print (the last one given wins)"""
KNOWN_LETTERS = frozenset("abeEfnqQsStTuUvxX")


class OutputOptionError(ValueError):
    """An -O letter net-snmp does not have (the message names it)."""


@dataclass(frozen=True)
class OutputOptions:
    """net-snmp's output settings after the -O flags."""

    letters: str = ""
    quick_print: bool = False
    oid_format: str = "module"
    """module | numeric | full | suffix | ucd"""
    extended_index: bool = False
    """-OX: indexes in brackets"""


def parse_output_options(flags: list[str], *, quick_print: bool = False) -> OutputOptions:
    """The settings of ``-O`` flag values (``["qv", "X"]``); ``q`` toggles quick print,
    as net-snmp's does (``snmptable`` starts with it on)."""
    letters = "".join(flags)
    oid_format = "module"
    extended = False
    for letter in letters:
        if letter not in KNOWN_LETTERS:
            raise OutputOptionError(f"-O{letter}: unknown output option")
        if letter in OID_LETTERS:
            oid_format = OID_LETTERS[letter]
        elif letter == "q":
            quick_print = not quick_print
        elif letter == "X":
            extended = True
    return OutputOptions(letters, quick_print, oid_format, extended)


def table_options(flags: list[str]) -> OutputOptions:
    """The options of ``-O`` flag values as snmptable applies them (quick print first)."""
    return parse_output_options(flags, quick_print=True)


def value_text(store: MibStore | None, oid: OidTuple, value: Any, options: OutputOptions) -> str:
    """A varbind's value as net-snmp prints it with ``options`` (sprint_realloc_value)."""
    return render_value(store, value, oid) if store is not None else render_value(None, value)


def objid_text(store: MibStore | None, oid: OidTuple, options: OutputOptions) -> str:
    """An OID as net-snmp prints it with ``options`` (sprint_realloc_objid)."""
    if store is None or options.oid_format in ("numeric",):
        return "." + format_oid(oid)
    text = store.translate_to_name(oid)
    if options.oid_format == "suffix":
        return text.split("::", 1)[-1]
    return text
