"""One received notification, in the SNMPv2 form every version is translated to.

``Notification.varbinds`` always starts with sysUpTime.0 and snmpTrapOID.0 when the
sender put them there (SNMPv2c/v3) or when an SNMPv1 Trap-PDU was translated
(RFC 3584 3.1, see ``core.notify.v1``); ``v1`` keeps the Trap-PDU's own fields for
output that shows them as net-snmp does. Nothing here holds a community or a key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from core.oid import OidTuple
from core.version import SnmpVersion

__all__ = [
    "Notification",
    "NotificationKind",
    "V1Trap",
    "SYS_UPTIME_0",
    "SNMP_TRAP_OID_0",
    "SNMP_TRAP_ENTERPRISE_0",
    "SNMP_TRAP_ADDRESS_0",
    "SNMP_TRAPS",
]

SYS_UPTIME_0: OidTuple = (1, 3, 6, 1, 2, 1, 1, 3, 0)
SNMP_TRAP_OID_0: OidTuple = (1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0)
SNMP_TRAP_ENTERPRISE_0: OidTuple = (1, 3, 6, 1, 6, 3, 1, 1, 4, 3, 0)
SNMP_TRAP_ADDRESS_0: OidTuple = (1, 3, 6, 1, 6, 3, 18, 1, 3, 0)
# snmpTraps (SNMPv2-MIB): coldStart is snmpTraps.1, the generic trap 0 of SNMPv1.
SNMP_TRAPS: OidTuple = (1, 3, 6, 1, 6, 3, 1, 1, 5)


class NotificationKind(Enum):
    trap = "trap"
    inform = "inform"


@dataclass(frozen=True, slots=True)
class V1Trap:
    """The fields of an SNMPv1 Trap-PDU (RFC 1157 4.1.6) and its own varbinds."""

    enterprise: OidTuple
    agent_addr: str
    generic: int
    specific: int
    timestamp: int
    varbinds: tuple[tuple[OidTuple, Any], ...]


@dataclass(slots=True)
class Notification:
    """A trap or inform as received (``received`` is Unix time; ``source``/``local`` are
    (host, port) of the sender and of our socket)."""

    received: float
    source: tuple[str, int]
    local: tuple[str, int]
    version: SnmpVersion
    kind: NotificationKind
    pdu_type: int
    request_id: int
    varbinds: list[tuple[OidTuple, Any]]
    v1: V1Trap | None = None
    user: str | None = None  # the SNMPv3 security name (a name, not a secret)
    engine_id: bytes | None = None  # the SNMPv3 authoritative engine of the message
    context_name: bytes = b""
    seq: int = field(default=0, compare=False)

    @property
    def uptime(self) -> int | None:
        """sysUpTime.0 in hundredths of a second, when the notification carries it."""
        for oid, value in self.varbinds[:2]:
            if oid == SYS_UPTIME_0 and isinstance(value, int):
                return int(value)
        return None

    @property
    def trap_oid(self) -> OidTuple | None:
        """snmpTrapOID.0: which notification this is (None when the sender left it out)."""
        for oid, value in self.varbinds[:3]:
            if oid == SNMP_TRAP_OID_0 and isinstance(value, str):
                try:
                    return tuple(int(arc) for arc in value.split("."))
                except ValueError:
                    return None
        return None

    @property
    def objects(self) -> list[tuple[OidTuple, Any]]:
        """The varbinds after sysUpTime.0 and snmpTrapOID.0 (the notification's OBJECTS and more)."""
        skip = sum(1 for oid, _ in self.varbinds[:2] if oid in (SYS_UPTIME_0, SNMP_TRAP_OID_0))
        return self.varbinds[skip:]
