"""SNMPv3 REPORT PDUs: which counter an agent reported and the error it means.

Agents answer a request they cannot process with a REPORT carrying one counter
(RFC 3414 usmStats*, RFC 3412 snmp* MPD counters, RFC 3413 contexts). This table
maps each counter OID to its ``SnmpAuthError`` subclass (all in ``core.errors``).
"""

from __future__ import annotations

from core.errors import (
    DecryptionError,
    InvalidMessage,
    NotInTimeWindow,
    SnmpAuthError,
    UnavailableContext,
    UnknownContext,
    UnknownEngineId,
    UnknownPduHandler,
    UnknownSecurityModel,
    UnknownUserName,
    UnsupportedSecLevel,
    WrongDigest,
)

__all__ = [
    "USM_STATS_UNSUPPORTED_SEC_LEVELS",
    "USM_STATS_NOT_IN_TIME_WINDOWS",
    "USM_STATS_UNKNOWN_USER_NAMES",
    "USM_STATS_UNKNOWN_ENGINE_IDS",
    "USM_STATS_WRONG_DIGESTS",
    "USM_STATS_DECRYPTION_ERRORS",
    "REPORTS",
    "report_error",
]


_USM_STATS = "1.3.6.1.6.3.15.1.1"
USM_STATS_UNSUPPORTED_SEC_LEVELS = f"{_USM_STATS}.1.0"
USM_STATS_NOT_IN_TIME_WINDOWS = f"{_USM_STATS}.2.0"
USM_STATS_UNKNOWN_USER_NAMES = f"{_USM_STATS}.3.0"
USM_STATS_UNKNOWN_ENGINE_IDS = f"{_USM_STATS}.4.0"
USM_STATS_WRONG_DIGESTS = f"{_USM_STATS}.5.0"
USM_STATS_DECRYPTION_ERRORS = f"{_USM_STATS}.6.0"

# counter OID -> (counter name, exception class)
REPORTS: dict[str, tuple[str, type[SnmpAuthError]]] = {
    USM_STATS_UNSUPPORTED_SEC_LEVELS: ("usmStatsUnsupportedSecLevels", UnsupportedSecLevel),
    USM_STATS_NOT_IN_TIME_WINDOWS: ("usmStatsNotInTimeWindows", NotInTimeWindow),
    USM_STATS_UNKNOWN_USER_NAMES: ("usmStatsUnknownUserNames", UnknownUserName),
    USM_STATS_UNKNOWN_ENGINE_IDS: ("usmStatsUnknownEngineIDs", UnknownEngineId),
    USM_STATS_WRONG_DIGESTS: ("usmStatsWrongDigests", WrongDigest),
    USM_STATS_DECRYPTION_ERRORS: ("usmStatsDecryptionErrors", DecryptionError),
    "1.3.6.1.6.3.11.2.1.1.0": ("snmpUnknownSecurityModels", UnknownSecurityModel),
    "1.3.6.1.6.3.11.2.1.2.0": ("snmpInvalidMsgs", InvalidMessage),
    "1.3.6.1.6.3.11.2.1.3.0": ("snmpUnknownPDUHandlers", UnknownPduHandler),
    "1.3.6.1.6.3.12.1.4.0": ("snmpUnavailableContexts", UnavailableContext),
    "1.3.6.1.6.3.12.1.5.0": ("snmpUnknownContexts", UnknownContext),
}


def report_error(oid: str | None, detail: str) -> SnmpAuthError:
    """The exception for a REPORT of counter ``oid``; ``detail`` says who and where."""
    name, cls = REPORTS.get(oid or "", (None, SnmpAuthError))
    reported = f"report {name}" if name else f"report of {oid or 'no counter'}"
    return cls(f"{detail}: {reported}")
