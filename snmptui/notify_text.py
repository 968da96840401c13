"""Notification varbinds as net-snmp text: the notification views' one door to the project's
net-snmp formatter (``core.snapshot.netsnmp_format``), as ``core.notify.text.VarbindText``.

``snmptui traps`` (snmptrapd lines, JSON Lines) and the notifications screen both
render through :class:`NetSnmpText`.
"""

from __future__ import annotations

from typing import Any

from core.oid import OidTuple
from core.snapshot.netsnmp_format import NetSnmpFormatter
from core.snapshot.output_options import DEFAULT_OPTIONS, OutputOptions

__all__ = ["NetSnmpText"]


class NetSnmpText:
    """``VarbindText`` for a MIB store (None: numeric) and net-snmp ``-O`` options."""

    def __init__(self, store: Any, options: OutputOptions = DEFAULT_OPTIONS) -> None:
        self.formatter = NetSnmpFormatter(store, options)
        self.options = options

    def oid_text(self, oid: OidTuple) -> str:
        return self.formatter.name(oid)

    def varbind_line(self, oid: OidTuple, value: Any) -> str:
        return self.formatter.line(oid, value)

    def type_label(self, oid: OidTuple, value: Any) -> str:
        return self.formatter.type_label(oid, value)

    def value_text(self, oid: OidTuple, value: Any) -> str:
        return self.formatter.value_text(oid, value)

    def short_line(self, oid: OidTuple, value: Any) -> str:
        """``ifOperStatus.3 = down(2)``: the browser's compact form (no module, no type)."""
        name = self.oid_text(oid).rpartition("::")[2]
        return f"{name} = {self.value_text(oid, value)}"
