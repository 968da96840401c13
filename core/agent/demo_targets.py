"""The demo device's notification targets: SNMP-TARGET-MIB's two RowStatus tables (RFC 3413).

``snmpTargetAddrTable`` (where notifications go) and ``snmpTargetParamsTable`` (how
they are sent) are the tables a manager creates rows in on real agents, so ``--demo``
can show "new row" and "delete row". :func:`target_tables` gives their
:class:`~core.agent.rows.RowTable` descriptions with the MIB's sizes, ranges and
DEFVALs; :func:`target_rows` the rows the device starts with: one trap destination
configured by the operator (nonVolatile, may be deleted) and one from the factory
(permanent: may be changed, not deleted), both using one v2c parameter set.
The address table refuses changes to TDomain, TAddress and Params while a row is
active, as net-snmp's snmpd does for the same table.
"""

from __future__ import annotations

from typing import Any, Callable

from core.oid import OidTuple
from core.types import ObjectIdentifier

from core.agent.rows import (
    ACTIVE, NON_VOLATILE, NOT_ACCESSIBLE, PERMANENT, Column, RowTable, string_index,
)  # fmt: skip
from core.agent.set_status import SetStatus

__all__ = ["TARGET_ADDR_ENTRY", "TARGET_PARAMS_ENTRY", "target_tables", "target_rows"]

SNMP_TARGET_OBJECTS = (1, 3, 6, 1, 6, 3, 12, 1)
TARGET_ADDR_ENTRY: OidTuple = SNMP_TARGET_OBJECTS + (2, 1)
TARGET_PARAMS_ENTRY: OidTuple = SNMP_TARGET_OBJECTS + (3, 1)
SNMP_UDP_DOMAIN = ObjectIdentifier("1.3.6.1.6.1.1")
_INT32_MAX = 2147483647
_NAME = string_index(1, 32, implied=True)  # INDEX { IMPLIED SnmpAdminString (SIZE(1..32)) }


def _size(low: int, high: int) -> Callable[[Any], int]:
    return lambda value: SetStatus.NO_ERROR if low <= len(value) <= high else SetStatus.WRONG_LENGTH


def _range(low: int, high: int) -> Callable[[Any], int]:
    return lambda value: SetStatus.NO_ERROR if low <= value <= high else SetStatus.WRONG_VALUE


def target_tables() -> list[RowTable]:
    """The RowTable descriptions of snmpTargetAddrTable and snmpTargetParamsTable."""
    addr = RowTable(
        TARGET_ADDR_ENTRY,
        (
            Column(1, bytes, NOT_ACCESSIBLE),  # snmpTargetAddrName
            Column(2, ObjectIdentifier, locked_when_active=True),  # TDomain
            Column(3, bytes, check=_size(1, 255), locked_when_active=True),  # TAddress
            Column(4, int, default=1500, check=_range(0, _INT32_MAX)),  # Timeout (TimeInterval)
            Column(5, int, default=3, check=_range(0, 255)),  # RetryCount
            Column(6, bytes, default=b"", check=_size(0, 255)),  # TagList
            Column(7, bytes, check=_size(1, 32), locked_when_active=True),  # Params
            Column(8, int, default=NON_VOLATILE),  # StorageType
            Column(9, int),  # RowStatus
        ),
        status=9,
        storage=8,
        index=_NAME,
    )
    params = RowTable(
        TARGET_PARAMS_ENTRY,
        (
            Column(1, bytes, NOT_ACCESSIBLE),  # snmpTargetParamsName
            Column(2, int, check=_range(0, _INT32_MAX)),  # MPModel
            Column(3, int, check=_range(1, _INT32_MAX)),  # SecurityModel
            Column(4, bytes, check=_size(0, 255)),  # SecurityName
            Column(5, int, check=_range(1, 3)),  # SecurityLevel
            Column(6, int, default=NON_VOLATILE),  # StorageType
            Column(7, int),  # RowStatus
        ),
        status=7,
        storage=6,
        index=_NAME,
    )
    return [addr, params]


def _name(text: str) -> OidTuple:
    return tuple(text.encode())  # IMPLIED: the octets without a length arc


def target_rows() -> list[tuple[OidTuple, Any]]:
    """The instances of the rows the demo starts with."""
    items: list[tuple[OidTuple, Any]] = []
    destinations = (
        ("nms-main", bytes((192, 0, 2, 10, 0, 162)), NON_VOLATILE),
        ("factory-collector", bytes((192, 0, 2, 20, 0, 162)), PERMANENT),
    )
    for name, address, storage in destinations:
        row = {2: SNMP_UDP_DOMAIN, 3: address, 4: 1500, 5: 3, 6: b"traps", 7: b"v2c-traps", 8: storage, 9: ACTIVE}
        items += [(TARGET_ADDR_ENTRY + (column,) + _name(name), value) for column, value in row.items()]
    params = {2: 1, 3: 2, 4: b"public", 5: 1, 6: NON_VOLATILE, 7: ACTIVE}  # SNMPv2c, noAuthNoPriv
    items += [(TARGET_PARAMS_ENTRY + (column,) + _name("v2c-traps"), value) for column, value in params.items()]
    return items
