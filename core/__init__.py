"""core: the SNMP engine (BER, messages, USM, session, agent) and the MIB engine.

Pure Python; never imports Textual or the ``snmptui`` package. The public client
API follows gufo_snmp's synchronous ``SnmpSession``.
"""

from core.errors import (
    NoSuchInstance,
    OidNotIncreasing,
    SnmpAuthError,
    SnmpDecodeError,
    SnmpEncodeError,
    SnmpError,
    SnmpStatusError,
    SnmpTimeoutError,
    SnmpVersionError,
)
from core.policer import BasePolicer, RPSPolicer
from core.session import SessionStats, SnmpSession
from core.types import (
    Counter32,
    Counter64,
    Gauge32,
    IpAddress,
    ObjectIdentifier,
    Opaque,
    TimeTicks,
    Unsigned32,
)
from core.version import SnmpVersion

__all__ = [
    "SnmpSession",
    "SessionStats",
    "SnmpVersion",
    "BasePolicer",
    "RPSPolicer",
    "SnmpError",
    "SnmpDecodeError",
    "SnmpEncodeError",
    "SnmpStatusError",
    "SnmpTimeoutError",
    "SnmpVersionError",
    "SnmpAuthError",
    "NoSuchInstance",
    "OidNotIncreasing",
    "Counter32",
    "Counter64",
    "Gauge32",
    "IpAddress",
    "ObjectIdentifier",
    "Opaque",
    "TimeTicks",
    "Unsigned32",
]
