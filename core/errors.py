"""The exception tree of the SNMP engine.

Every failure the engine reports is an :class:`SnmpError` subclass, except
``TimeoutError`` (a subclass of both, so ``except TimeoutError`` keeps working)
and ``ValueError`` for bad arguments. Messages name the agent, the OID and the
status; they never contain a community, passphrase or key.
"""

from __future__ import annotations

__all__ = [
    "SnmpError",
    "SnmpDecodeError",
    "SnmpEncodeError",
    "SnmpTimeoutError",
    "SnmpStatusError",
    "NoSuchInstance",
    "OidNotIncreasing",
    "NETSNMP_STATUS_TEXT",
    "netsnmp_status_text",
    "OidRepeated",
    "SnmpVersionError",
    "SnmpAuthError",
    "UnknownUserName",
    "WrongDigest",
    "UnsupportedSecLevel",
    "DecryptionError",
    "UnknownEngineId",
    "NotInTimeWindow",
    "UnknownSecurityModel",
    "InvalidMessage",
    "UnknownPduHandler",
    "UnavailableContext",
    "UnknownContext",
    "ERROR_STATUS_NAMES",
    "status_error",
]


class SnmpError(Exception):
    """Base of every SNMP engine error."""


class SnmpDecodeError(SnmpError):
    """A datagram or value could not be decoded (malformed BER, bad structure)."""


class SnmpEncodeError(SnmpError):
    """A request could not be encoded (value of unsupported type, out of range)."""


class SnmpTimeoutError(SnmpError, TimeoutError):
    """No valid answer within timeout x (retries + 1)."""


class SnmpVersionError(SnmpError):
    """The operation needs another SNMP version (e.g. GETBULK on v1, engine id on v2c)."""


class OidNotIncreasing(SnmpError):
    """A walk received an OID not greater than the previous one."""

    def __init__(self, oid: str, previous: str) -> None:
        super().__init__(f"OID not increasing: {oid} after {previous}")
        self.oid = oid
        self.previous = previous


class OidRepeated(SnmpError):
    """A walk that does not check the order (snmpwalk -Cc) received an OID it had
    already received: the agent loops, so the walk stops there."""

    def __init__(self, oid: str) -> None:
        super().__init__(
            f"walk stopped at {oid}: the agent returned it before, so it loops "
            "(-Cc does not check that OIDs increase; a walk ends at the first repeat)"
        )
        self.oid = oid


ERROR_STATUS_NAMES: dict[int, str] = {
    0: "noError",
    1: "tooBig",
    2: "noSuchName",
    3: "badValue",
    4: "readOnly",
    5: "genErr",
    6: "noAccess",
    7: "wrongType",
    8: "wrongLength",
    9: "wrongEncoding",
    10: "wrongValue",
    11: "noCreation",
    12: "inconsistentValue",
    13: "resourceUnavailable",
    14: "commitFailed",
    15: "undoFailed",
    16: "authorizationError",
    17: "notWritable",
    18: "inconsistentName",
}

# net-snmp's snmp_errstring() texts, which its tools print ("Error in packet. Reason: ...").
NETSNMP_STATUS_TEXT: tuple[str, ...] = (
    "(noError) No Error",
    "(tooBig) Response message would have been too large.",
    "(noSuchName) There is no such variable name in this MIB.",
    "(badValue) The value given has the wrong type or length.",
    "(readOnly) The two parties used do not have access to use the specified SNMP PDU.",
    "(genError) A general failure occurred",
    "noAccess",
    "wrongType (The set datatype does not match the data type the agent expects)",
    "wrongLength (The set value has an illegal length from what the agent expects)",
    "wrongEncoding",
    "wrongValue (The set value is illegal or unsupported in some way)",
    "noCreation (That table does not support row creation or that object can not ever be created)",
    "inconsistentValue (The set value is illegal or unsupported in some way)",
    "resourceUnavailable (This is likely a out-of-memory failure within the agent)",
    "commitFailed",
    "undoFailed",
    "authorizationError (access denied to that object)",
    "notWritable (That object does not support modification)",
    "inconsistentName (That object can not currently be created)",
)


def netsnmp_status_text(status: int) -> str:
    """What net-snmp's tools print for an error-status (``Unknown Error`` past the table)."""
    return NETSNMP_STATUS_TEXT[status] if 0 <= status < len(NETSNMP_STATUS_TEXT) else "Unknown Error"


_STATUS_HINTS: dict[str, str] = {
    "tooBig": "the response would not fit in one message; ask for fewer objects",
    "noSuchName": "the agent has no such object, or (v1) it is not accessible",
    "readOnly": "the object cannot be written",
    "noAccess": "the agent's access control does not allow this; check the community or user's view",
    "notWritable": "the object is read-only or the community/user has no write access",
    "authorizationError": "the community or user is not allowed this operation",
    "wrongType": "the value's SNMP type does not match the object's syntax",
    "wrongValue": "the value is outside what the object accepts",
    "wrongLength": "the value's length does not match the object's syntax",
    "inconsistentValue": "the agent refused the value in its current state",
}


class SnmpStatusError(SnmpError):
    """The agent answered with a non-zero error-status."""

    status: int = -1

    def __init__(self, status: int, oid: str | None = None, index: int = 0) -> None:
        self.status = status
        self.status_name = ERROR_STATUS_NAMES.get(status, f"error-status {status}")
        self.oid = oid
        self.index = index
        where = f" for {oid}" if oid else ""
        hint = _STATUS_HINTS.get(self.status_name)
        text = f"{self.status_name}{where}"
        super().__init__(f"{text} ({hint})" if hint else text)


class NoSuchInstance(SnmpStatusError):
    """The object or instance does not exist (noSuchObject, noSuchInstance, v1 noSuchName)."""

    def __init__(self, oid: str | None = None, reason: str = "noSuchInstance") -> None:
        SnmpError.__init__(self, f"{reason}: {oid}" if oid else reason)
        self.status = 2
        self.status_name = reason
        self.oid = oid
        self.index = 0


_STATUS_CLASSES: dict[int, type[SnmpStatusError]] = {}


def _status_class(name: str, status: int) -> type[SnmpStatusError]:
    cls = type(name[0].upper() + name[1:], (SnmpStatusError,), {"status": status})
    cls.__doc__ = f"The agent answered error-status {name}({status})."
    cls.__module__ = __name__
    return cls


for _code, _name in ERROR_STATUS_NAMES.items():
    if _code:
        _STATUS_CLASSES[_code] = _status_class(_name, _code)
        globals()[_STATUS_CLASSES[_code].__name__] = _STATUS_CLASSES[_code]
        __all__.append(_STATUS_CLASSES[_code].__name__)


def status_error(status: int, oid: str | None = None, index: int = 0) -> SnmpStatusError:
    """The exception for an error-status, e.g. ``NotWritable`` for 17."""
    cls = _STATUS_CLASSES.get(status, SnmpStatusError)
    return cls(status, oid, index)


class SnmpAuthError(SnmpError):
    """SNMPv3 security failures (a REPORT, or a diagnosis after a timeout)."""

    advice = "check the SNMPv3 user settings"

    def __init__(self, detail: str = "") -> None:
        super().__init__(f"{detail} ({self.advice})" if detail else self.advice)


class UnknownUserName(SnmpAuthError):
    advice = "the agent does not know this user name"


class WrongDigest(SnmpAuthError):
    advice = "wrong auth passphrase or protocol"


class UnsupportedSecLevel(SnmpAuthError):
    advice = "the user does not support this security level (check -l and the protocols)"


class DecryptionError(SnmpAuthError):
    advice = "wrong privacy passphrase or protocol"


class UnknownEngineId(SnmpAuthError):
    advice = "the agent does not recognise the engine id; check -e or let discovery run"


class NotInTimeWindow(SnmpAuthError):
    advice = "the agent's engine boots/time did not match even after a resync"


class UnknownSecurityModel(SnmpAuthError):
    advice = "the agent does not support the User-based Security Model"


class InvalidMessage(SnmpAuthError):
    advice = "the agent found the SNMPv3 message header invalid"


class UnknownPduHandler(SnmpAuthError):
    advice = "the agent has no application for this request type"


class UnavailableContext(SnmpAuthError):
    advice = "the agent cannot serve this context now"


class UnknownContext(SnmpAuthError):
    advice = "the agent has no such context; check the context name (-n) and context engine id (-E)"
