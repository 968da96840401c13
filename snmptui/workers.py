"""Thread workers: every SNMP call of the browser runs here, never on the UI thread.

Each function runs inside a Textual thread worker (``app.run_worker(fn, thread=True)``),
opens its own ``SnmpSession`` for the operation (sessions are single-thread), and
reports through messages posted to ``target``. Walks post a batch every
``BATCH_SECONDS`` or ``BATCH_SIZE`` varbinds, whichever comes first, and stop at the
next varbind once the worker is cancelled. ``explain`` turns an engine error into a
sentence and a hint for the status bar and detail pane.
"""

from __future__ import annotations

import time
from typing import Any

from textual.message_pump import MessagePump
from textual.worker import get_current_worker

from core.errors import (
    NoSuchInstance,
    OidNotIncreasing,
    SnmpAuthError,
    SnmpError,
    SnmpStatusError,
    SnmpTimeoutError,
    status_error,
)
from core.oid import OidTuple, format_oid, oid_key
from core.pdu import PduType
from core.types import EndOfMibView, NoSuchInstance as NoSuchInstanceValue, NoSuchObject
from core.version import SnmpVersion
from snmptui.messages import (
    GetDone,
    GetFailed,
    ProbeDone,
    ProbeFailed,
    Varbinds,
    WalkBatch,
    WalkDone,
    WalkFailed,
)

__all__ = [
    "BATCH_SECONDS",
    "BATCH_SIZE",
    "SYSTEM_OBJECTS",
    "explain",
    "probe",
    "walk",
    "walk_start",
    "get_one",
]

BATCH_SECONDS = 0.1
BATCH_SIZE = 2000
"""Ten updates a second at most: each batch costs the UI a message and a repaint of the
tree, so fewer, larger batches keep key presses quick (the UI adds them in slices)."""

SYSTEM_OBJECTS: dict[str, str] = {
    "sysDescr": "1.3.6.1.2.1.1.1.0",
    "sysObjectID": "1.3.6.1.2.1.1.2.0",
    "sysUpTime": "1.3.6.1.2.1.1.3.0",
    "sysContact": "1.3.6.1.2.1.1.4.0",
    "sysName": "1.3.6.1.2.1.1.5.0",
    "sysLocation": "1.3.6.1.2.1.1.6.0",
}

_MISSING = (NoSuchObject, NoSuchInstanceValue, EndOfMibView)


def open_session(spec: Any) -> Any:
    """A new ``SnmpSession`` for the connection settings ``spec`` (owned by the caller)."""
    return spec.session()


def explain(exc: BaseException, version: SnmpVersion | None = None) -> tuple[str, str]:
    """(reason, what to try) for an error of an SNMP operation; never contains secrets."""
    reason = str(exc) or type(exc).__name__
    if isinstance(exc, SnmpAuthError):
        return reason, "check the user, security level, protocols and passphrases (-u -l -a -A -x -X)"
    if isinstance(exc, SnmpTimeoutError):
        if version in (SnmpVersion.v1, SnmpVersion.v2c):
            return reason, (
                "the agent may be down, filtered or on another port — or the community is "
                "wrong: v1/v2c agents do not answer a wrong community, so it looks exactly "
                "like a timeout. Check host, port and community; raise the timeout (-t) or retries (-r)"
            )
        return reason, (
            "the agent may be down, filtered or on another port; a wrong privacy passphrase "
            "also looks like a timeout on many agents. Raise the timeout (-t) or retries (-r)"
        )
    if isinstance(exc, OidNotIncreasing):
        return reason, (
            "the agent returned OIDs out of order (an agent bug); walk a smaller subtree "
            "below the offending OID"
        )
    if isinstance(exc, NoSuchInstance):
        return reason, "the agent has no such instance; walk (w) the object to see which instances exist"
    if isinstance(exc, SnmpStatusError):
        if exc.status_name == "tooBig":
            return reason, "the answer does not fit in one message; lower max-repetitions (-Cr)"
        return reason, "the agent refused the request; check the community/user's access (view)"
    if isinstance(exc, SnmpError):
        return reason, "the agent's answer could not be used; try again or walk a smaller subtree"
    if isinstance(exc, OSError):
        detail = exc.strerror or reason
        return f"network error: {detail}", "check the host name or address and the network path"
    if isinstance(exc, ValueError):
        return reason, "fix the connection settings"
    return f"{type(exc).__name__}: {reason}", "this looks like a bug in snmptui; please report it"


def probe(target: MessagePump, spec: Any) -> None:
    """GET the system group; post ``ProbeDone`` or ``ProbeFailed``."""
    began = time.monotonic()
    try:
        with open_session(spec) as session:
            values = session.get_many(SYSTEM_OBJECTS.values())
    except (SnmpError, OSError, ValueError) as exc:
        reason, hint = explain(exc, getattr(spec, "version", None))
        target.post_message(ProbeFailed(spec, reason, hint))
        return
    system = {name: values[oid] for name, oid in SYSTEM_OBJECTS.items() if oid in values}
    target.post_message(ProbeDone(spec, system, time.monotonic() - began))


def walk_start(root: OidTuple) -> OidTuple:
    """Where a walk of ``root`` starts: the whole device for the tree's root or ``iso``."""
    return root if len(root) >= 2 else (1, 3)


def walk(target: MessagePump, op: int, spec: Any, root: OidTuple) -> None:
    """Walk the subtree of ``root``, streaming ``WalkBatch`` messages, then ``WalkDone``/``WalkFailed``."""
    worker = get_current_worker()
    began = time.monotonic()
    start = walk_start(root)
    batch: Varbinds = []
    total = 0
    post = target.post_message
    cancelled = False
    try:
        with open_session(spec) as session:
            deadline = time.monotonic() + BATCH_SECONDS
            clock = time.monotonic
            for varbind in session.fetch_arcs(format_oid(start)):
                batch.append(varbind)
                if len(batch) >= BATCH_SIZE or clock() >= deadline:
                    total += len(batch)
                    post(WalkBatch(op, start, batch, total))
                    batch = []
                    deadline = clock() + BATCH_SECONDS
                if worker.is_cancelled:
                    cancelled = True
                    break
            dropped = session.stats.dropped_malformed
    except (SnmpError, OSError, ValueError) as exc:
        if batch:
            total += len(batch)
            post(WalkBatch(op, start, batch, total))
        reason, hint = explain(exc, getattr(spec, "version", None))
        post(WalkFailed(op, start, total, time.monotonic() - began, reason, hint))
        return
    if batch:
        total += len(batch)
        post(WalkBatch(op, start, batch, total))
    post(WalkDone(op, start, total, time.monotonic() - began, cancelled, dropped))


def get_one(target: MessagePump, op: int, spec: Any, kind: str, oid: OidTuple) -> None:
    """GET (``kind`` "get"/"reread") or GETNEXT ("next") one OID; post ``GetDone``/``GetFailed``."""
    name = format_oid(oid)
    try:
        with open_session(spec) as session:
            if kind == "next":
                response = session.request(PduType.GETNEXT, [(name, None)])
                if response.error_status == 2:  # v1 noSuchName: end of the MIB view
                    target.post_message(GetDone(op, kind, oid, [], "end of the agent's MIB view"))
                    return
                if response.error_status:
                    raise status_error(response.error_status, name, response.error_index)
                varbinds = [(oid_key(n), v) for n, v in response.varbinds]
            else:
                varbinds = [(oid, session.get(name))]
    except NoSuchInstance as exc:
        target.post_message(GetDone(op, kind, oid, [], str(exc)))
        return
    except (SnmpError, OSError, ValueError) as exc:
        reason, hint = explain(exc, getattr(spec, "version", None))
        target.post_message(GetFailed(op, kind, oid, reason, hint))
        return
    present = [(o, v) for o, v in varbinds if not isinstance(v, _MISSING)]
    missing = "" if present else "end of the agent's MIB view"
    target.post_message(GetDone(op, kind, oid, present, missing))
