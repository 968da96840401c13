"""Notification varbinds as net-snmp text: the one place the notification views call the
project's net-snmp varbind formatter (``core.notify.text.VarbindText`` for a MIB store).

``snmptui traps`` (snmptrapd lines, JSON Lines) and the notifications screen both
render through :class:`NetSnmpText`.
"""

from __future__ import annotations

from typing import Any

from core.oid import OidTuple, format_oid

from snmptui.commands.walk import format_line
from snmptui.model import MibFacade

__all__ = ["NetSnmpText"]


class NetSnmpText:
    """``VarbindText`` over a ``MibFacade`` (numeric OIDs without MIBs)."""

    def __init__(self, mibs: MibFacade) -> None:
        self.mibs = mibs

    def oid_text(self, oid: OidTuple) -> str:
        return self.mibs.oid_text(oid)

    def varbind_line(self, oid: OidTuple, value: Any) -> str:
        return format_line(self.mibs, oid, value)

    def type_label(self, oid: OidTuple, value: Any) -> str:
        return self.varbind_line(oid, value).split(" = ", 1)[1].split(": ", 1)[0]

    def value_text(self, oid: OidTuple, value: Any) -> str:
        owner = self.mibs.lookup(oid)[0]
        return self.mibs.render(tuple(owner.oid) if owner is not None else oid, value)

    def short_line(self, oid: OidTuple, value: Any) -> str:
        """``ifOperStatus.3 = down(2)``: the browser's compact form (no module, no type)."""
        name = self.mibs.oid_text(oid).rpartition("::")[2] or format_oid(oid)
        return f"{name} = {self.value_text(oid, value)}"
