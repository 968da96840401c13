"""core: the SNMP engine (BER, messages, USM, session, agent) and the MIB engine.

Pure Python; never imports Textual or the ``snmptui`` package. The public client
API follows gufo_snmp's synchronous ``SnmpSession``.

The names below are imported on first use (PEP 562), so a program that needs only
one part (``snmptui mib list`` needs the MIB engine) does not pay for the others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.lazy import lazy_exports

if TYPE_CHECKING:
    from core.session import (
        SnmpSession,
        SessionStats,
    )
    from core.version import (
        SnmpVersion,
    )
    from core.policer import (
        BasePolicer,
        RPSPolicer,
    )
    from core.errors import (
        SnmpError,
        SnmpDecodeError,
        SnmpEncodeError,
        SnmpStatusError,
        SnmpTimeoutError,
        SnmpVersionError,
        SnmpAuthError,
        UnknownUserName,
        WrongDigest,
        UnsupportedSecLevel,
        DecryptionError,
        UnknownEngineId,
        NotInTimeWindow,
        NoSuchInstance,
        OidNotIncreasing,
        OidRepeated,
    )
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
    from core.security import (
        User,
        SecurityLevel,
        KeyType,
        Md5Key,
        Sha1Key,
        Sha224Key,
        Sha256Key,
        Sha384Key,
        Sha512Key,
        DesKey,
        Aes128Key,
        Aes192Key,
        Aes256Key,
        Aes192CKey,
        Aes256CKey,
    )

_HOME = {
    "SnmpSession": "core.session",
    "SessionStats": "core.session",
    "SnmpVersion": "core.version",
    "BasePolicer": "core.policer",
    "RPSPolicer": "core.policer",
    "SnmpError": "core.errors",
    "SnmpDecodeError": "core.errors",
    "SnmpEncodeError": "core.errors",
    "SnmpStatusError": "core.errors",
    "SnmpTimeoutError": "core.errors",
    "SnmpVersionError": "core.errors",
    "SnmpAuthError": "core.errors",
    "UnknownUserName": "core.errors",
    "WrongDigest": "core.errors",
    "UnsupportedSecLevel": "core.errors",
    "DecryptionError": "core.errors",
    "UnknownEngineId": "core.errors",
    "NotInTimeWindow": "core.errors",
    "NoSuchInstance": "core.errors",
    "OidNotIncreasing": "core.errors",
    "OidRepeated": "core.errors",
    "Counter32": "core.types",
    "Counter64": "core.types",
    "Gauge32": "core.types",
    "IpAddress": "core.types",
    "ObjectIdentifier": "core.types",
    "Opaque": "core.types",
    "TimeTicks": "core.types",
    "Unsigned32": "core.types",
    "User": "core.security",
    "SecurityLevel": "core.security",
    "KeyType": "core.security",
    "Md5Key": "core.security",
    "Sha1Key": "core.security",
    "Sha224Key": "core.security",
    "Sha256Key": "core.security",
    "Sha384Key": "core.security",
    "Sha512Key": "core.security",
    "DesKey": "core.security",
    "Aes128Key": "core.security",
    "Aes192Key": "core.security",
    "Aes256Key": "core.security",
    "Aes192CKey": "core.security",
    "Aes256CKey": "core.security",
}

__all__ = list(_HOME)


__getattr__, __dir__ = lazy_exports(__name__, globals(), _HOME)
