"""SETs from the browser: the write credentials, the request in a thread, errors with what to try.

v1/v2c writes use a write community kept apart from the read one: the one the demo agent
was started with (random per run, never shown), ``SNMPTUI_WRITE_COMMUNITY``, or what the
user types in the prompt (held as a ``core.secret.Secret``); v3 writes use the user as
configured. :func:`write_spec` is the read spec with that community. :func:`send_set`
runs in a worker thread with its own short-lived session and returns a
:class:`SetOutcome`; :func:`explain_set_error` turns each error-status into a sentence
and what to try (notWritable, noAccess — which on v1/v2c is what a read-only community
gets — wrongType, wrongLength, wrongValue, inconsistentValue, resourceUnavailable,
commitFailed, undoFailed, noCreation, and a timeout, which on v2c often means the write
community is wrong).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

from core.errors import SnmpError, SnmpStatusError, SnmpTimeoutError
from core.oid import OidTuple, format_oid
from core.secret import Secret
from core.version import SnmpVersion
from snmptui.netsnmp_args import ConnectionSpec

__all__ = ["SetOutcome", "write_spec", "send_set", "explain_set_error", "WRITE_COMMUNITY_ENV", "env_write_community"]

WRITE_COMMUNITY_ENV = "SNMPTUI_WRITE_COMMUNITY"

_HINTS: dict[str, str] = {
    "notWritable": "the object is read-only, or this community/user may not write it; check its MAX-ACCESS "
                   "and the agent's write view",
    "noAccess": "this community or user may not write here (a read-only community gets noAccess, or noSuchName "
                "on v1); use the write community or a user with a write view",
    "noSuchName": "on v1 this is what a read-only community gets, or the object does not exist",
    "authorizationError": "the agent's access control refuses this user or community a SET",
    "readOnly": "the object is read-only",
    "wrongType": "the value's SNMP type is not the one the agent expects for this object",
    "wrongLength": "the value is too long or too short for this object",
    "wrongValue": "the agent does not accept this value for this object (its range or its enums)",
    "inconsistentValue": "the agent refuses this value in its current state (another object must change first)",
    "resourceUnavailable": "the agent lacks a resource to do it now; try again later",
    "commitFailed": "the agent could not apply the change; nothing was changed",
    "undoFailed": "the agent could not apply the change and could not undo it: check the device's state",
    "noCreation": "the instance does not exist and cannot be created this way",
    "inconsistentName": "the instance cannot be created with this index now",
    "genErr": "the agent failed for a reason it does not say; check its logs",
}  # fmt: skip


@dataclass(frozen=True)
class SetOutcome:
    """What a SET did: the agent's answer, or why it failed and what to try."""

    oid: OidTuple
    answered: object = None
    reason: str = ""
    hint: str = ""

    @property
    def failed(self) -> bool:
        return bool(self.reason)


def env_write_community() -> Secret | None:
    value = os.environ.get(WRITE_COMMUNITY_ENV)
    return Secret(value) if value else None


def write_spec(spec: ConnectionSpec, write_community: Secret | None) -> ConnectionSpec:
    """The spec SETs go out with: the write community on v1/v2c, the same user on v3."""
    if spec.version == SnmpVersion.v3 or write_community is None:
        return spec
    return replace(spec, community=write_community)


def explain_set_error(exc: BaseException, version: SnmpVersion) -> tuple[str, str]:
    """(reason, what to try) for a failed SET; never contains a secret."""
    if isinstance(exc, SnmpStatusError):
        return str(exc), _HINTS.get(exc.status_name, "the agent refused the SET")
    if isinstance(exc, SnmpTimeoutError):
        if version in (SnmpVersion.v1, SnmpVersion.v2c):
            return str(exc), ("v1/v2c agents do not answer a SET with a wrong community, so a wrong write "
                              "community looks exactly like a timeout: check it (the agent may also be down)")  # fmt: skip
        return str(exc), "the agent did not answer; a wrong privacy passphrase also looks like a timeout"
    if isinstance(exc, SnmpError):
        return str(exc), "the agent's answer could not be used"
    if isinstance(exc, OSError):
        return f"network error: {exc.strerror or exc}", "check the network path to the agent"
    return f"{type(exc).__name__}: {exc}", "this looks like a bug in snmptui; please report it"


def send_set(spec: ConnectionSpec, oid: OidTuple, value: object) -> SetOutcome:
    """SET one instance with its own session (run it in a worker thread)."""
    try:
        with spec.session() as session:
            answered = session.set(format_oid(oid), value)
    except (SnmpError, OSError) as exc:
        reason, hint = explain_set_error(exc, spec.version)
        return SetOutcome(oid, reason=reason, hint=hint)
    return SetOutcome(oid, answered)
