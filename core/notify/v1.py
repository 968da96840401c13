"""SNMPv1 Trap-PDUs (RFC 1157 4.1.6) and their translation to the SNMPv2 form (RFC 3584 3.1).

Trap-PDU ::= [4] IMPLICIT SEQUENCE {
    enterprise OBJECT IDENTIFIER, agent-addr NetworkAddress (IpAddress),
    generic-trap INTEGER (0..6), specific-trap INTEGER, time-stamp TimeTicks,
    variable-bindings VarBindList }

The translated varbinds are sysUpTime.0 (the time-stamp), snmpTrapOID.0
(snmpTraps.(generic+1), or enterprise.0.specific for enterpriseSpecific(6)),
the trap's own varbinds, then snmpTrapAddress.0 and snmpTrapEnterprise.0 when
the sender did not include them. snmpTrapCommunity.0 is left out on purpose: a
community is a secret.
"""

from __future__ import annotations

from typing import Any

from core.ber import decode_oid_arcs, decode_varbinds, read_header, read_integer
from core.errors import SnmpDecodeError
from core.oid import OidTuple, format_oid
from core.pdu import PduType
from core.types import IpAddress, ObjectIdentifier, Tag, TimeTicks

from core.notify.notification import (
    SNMP_TRAP_ADDRESS_0,
    SNMP_TRAP_ENTERPRISE_0,
    SNMP_TRAP_OID_0,
    SNMP_TRAPS,
    SYS_UPTIME_0,
    V1Trap,
)

__all__ = ["decode_trap_v1", "translate_v1", "trap_oid_of", "ENTERPRISE_SPECIFIC"]

ENTERPRISE_SPECIFIC = 6
_MAX_TIMETICKS = 0xFFFFFFFF


def decode_trap_v1(buf: bytes, pos: int, end: int) -> V1Trap:
    """The Trap-PDU TLV at ``pos`` (SnmpDecodeError naming the bad field)."""
    tag, pos, end = read_header(buf, pos, end)
    if tag != PduType.TRAP_V1:
        raise SnmpDecodeError(f"expected a Trap-PDU, got tag 0x{tag:02x}")
    tag, start, pos = read_header(buf, pos, end)
    if tag != Tag.OBJECT_IDENTIFIER or start == pos:
        raise SnmpDecodeError("Trap-PDU enterprise is not an OBJECT IDENTIFIER")
    enterprise = decode_oid_arcs(bytes(buf[start:pos]))
    tag, start, pos = read_header(buf, pos, end)
    if tag != Tag.IP_ADDRESS or pos - start != 4:
        raise SnmpDecodeError("Trap-PDU agent-addr is not a 4-octet IpAddress")
    agent_addr = ".".join(str(b) for b in buf[start:pos])
    generic, pos = read_integer(buf, pos, end)
    if not 0 <= generic <= ENTERPRISE_SPECIFIC:
        raise SnmpDecodeError(f"Trap-PDU generic-trap {generic} is not 0..6")
    specific, pos = read_integer(buf, pos, end)
    if not -(1 << 31) <= specific < 1 << 31:
        raise SnmpDecodeError("Trap-PDU specific-trap is out of range")
    tag, start, pos = read_header(buf, pos, end)
    if tag != Tag.TIMETICKS or not 0 < pos - start <= 5:
        raise SnmpDecodeError("Trap-PDU time-stamp is not TimeTicks")
    timestamp = int.from_bytes(buf[start:pos], "big")
    if timestamp > _MAX_TIMETICKS:
        raise SnmpDecodeError("Trap-PDU time-stamp is out of range")
    keys: list[OidTuple] = []
    pairs = decode_varbinds(buf, pos, end, keys)
    varbinds = tuple((key, value) for key, (_, value) in zip(keys, pairs))
    return V1Trap(enterprise, agent_addr, generic, specific, timestamp, varbinds)


def trap_oid_of(trap: V1Trap) -> OidTuple:
    """RFC 3584 3.1 (2): the snmpTrapOID.0 value of a v1 trap."""
    if trap.generic == ENTERPRISE_SPECIFIC:
        return (*trap.enterprise, 0, trap.specific & 0xFFFFFFFF)
    return (*SNMP_TRAPS, trap.generic + 1)


def translate_v1(trap: V1Trap) -> list[tuple[OidTuple, Any]]:
    """The SNMPv2 varbind list of ``trap`` (RFC 3584 3.1)."""
    out: list[tuple[OidTuple, Any]] = [
        (SYS_UPTIME_0, TimeTicks(trap.timestamp)),
        (SNMP_TRAP_OID_0, ObjectIdentifier(format_oid(trap_oid_of(trap)))),
        *trap.varbinds,
    ]
    present = {oid for oid, _ in trap.varbinds}
    if SNMP_TRAP_ADDRESS_0 not in present:
        out.append((SNMP_TRAP_ADDRESS_0, IpAddress(trap.agent_addr)))
    if SNMP_TRAP_ENTERPRISE_0 not in present:
        out.append((SNMP_TRAP_ENTERPRISE_0, ObjectIdentifier(format_oid(trap.enterprise))))
    return out
