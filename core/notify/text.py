"""How notifications turn into text: what the formatters need from a MIB-aware namer.

The formatters in ``core.notify`` (snmptrapd lines, JSON Lines) take an object with
this protocol, so the one net-snmp varbind formatter of the project does the MIB
work and these modules only lay the parts out. As that formatter's, the text holds
net-snmp's output bytes one character per byte (Latin-1): write it encoded as Latin-1
to get net-snmp's bytes, or pass it through :func:`as_text` to show or serialize it.
"""

from __future__ import annotations

from typing import Any, Protocol

from core.oid import OidTuple

__all__ = ["VarbindText", "as_text"]


class VarbindText(Protocol):
    def oid_text(self, oid: OidTuple) -> str:
        """An OID as net-snmp prints it (``IF-MIB::linkDown``, ``IF-MIB::ifIndex.3``)."""

    def varbind_line(self, oid: OidTuple, value: Any) -> str:
        """``IF-MIB::ifOperStatus.3 = INTEGER: down(2)``, as snmpwalk prints a varbind."""

    def type_label(self, oid: OidTuple, value: Any) -> str:
        """The type word of the line (``INTEGER``, ``STRING``, ``Hex-STRING``, ``Timeticks``)."""

    def value_text(self, oid: OidTuple, value: Any) -> str:
        """The value part of the line (``down(2)``)."""


def as_text(output: str) -> str:
    """Formatter output (one character per byte) as text: the bytes read as UTF-8,
    undecodable ones replaced (for JSON and the screen)."""
    return output.encode("latin-1", "replace").decode("utf-8", "replace")
