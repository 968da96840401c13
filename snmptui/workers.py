"""The SNMP operations of the browser, run on worker threads, never on the UI thread.

Each function gets the ``SnmpSession`` of the long-lived worker it runs on
(``snmptui.lanes``) and hands its results to ``deliver`` (the agent context's
thread-safe inbox). Walks deliver a batch every ``BATCH_SECONDS`` or ``BATCH_SIZE``
varbinds, whichever comes first, and stop after the response at hand once cancelled.
``explain`` turns an engine error into a sentence and a hint for the status bar and
detail pane.
"""

from __future__ import annotations

import time
from typing import Callable

from core.errors import (
    NoSuchInstance,
    OidNotIncreasing,
    SnmpAuthError,
    SnmpError,
    SnmpStatusError,
    SnmpTimeoutError,
)
from core.oid import OidTuple, format_oid, oid_key
from core.version import SnmpVersion
from core.walk_plan import WalkPlan
from core.session import SnmpSession
from snmptui.messages import GetResult, OpId, ProbeResult, Varbinds, WalkBatch, WalkEnd
from snmptui.netsnmp_args import ConnectionSpec

__all__ = [
    "BATCH_SECONDS",
    "BATCH_SIZE",
    "SYSTEM_OBJECTS",
    "explain",
    "probe",
    "walk",
    "walk_start",
    "missing_hint",
    "get_one",
]

BATCH_SECONDS = 0.1
BUSY_SHARE = 0.25
"""A batch gathered with the worker's thread on the CPU for this share of the time or more is
``busy``: its pages came without waiting for the agent (a parallel walk's ranges that finished
ahead of its head flush tens of thousands of varbinds at the walk's end)."""
BATCH_SIZE = 4000
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

Deliver = Callable[[object], None]
"""Hands a result to the agent context (thread-safe)."""


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


def missing_hint(kind: str) -> str:
    """What to try when a GET (``kind`` "get"/"reread") or GETNEXT ("next") found no value."""
    if kind == "next":
        return "the agent has nothing after this OID in its view"
    return "the agent does not have this instance; walk (w) the object to see which exist"


def probe(session: SnmpSession, spec: ConnectionSpec, op: OpId, deliver: Deliver) -> None:
    """GET the system group of ``spec``'s agent; deliver a ``ProbeResult``."""
    began = time.monotonic()
    try:
        values = session.get_many(SYSTEM_OBJECTS.values())
    except (SnmpError, OSError, ValueError) as exc:
        reason, hint = explain(exc, spec.version)
        deliver(ProbeResult(op, spec, None, time.monotonic() - began, reason, hint))
        return
    system = {name: values[oid] for name, oid in SYSTEM_OBJECTS.items() if oid in values}
    deliver(ProbeResult(op, spec, system, time.monotonic() - began))


def walk_start(root: OidTuple) -> OidTuple:
    """Where a walk of ``root`` starts: the tree's root walks the whole OID space (``0`` up,
    not only ``1.3``: LLDP is under ``1.0.8802``, LAG under ``1.2.840.10006``)."""
    return root


def walk(
    session: SnmpSession,
    spec: ConnectionSpec,
    op: OpId,
    start: OidTuple,
    cancelled: Callable[[], bool],
    deliver: Deliver,
    plan: WalkPlan | None = None,
) -> None:
    """Walk the subtree of ``start``, delivering ``WalkBatch`` results, then one ``WalkEnd``.

    ``spec.parallel`` requests are in flight (``-Cp``), ranges cut where ``plan``
    says. Stops after the response being handled once ``cancelled()`` is true."""
    began = time.monotonic()
    batch: Varbinds = []
    total = 0
    stopped = False
    dropped_before = session.stats.dropped_malformed  # the lane's session lives on: count this walk's
    ordered = session.check_increasing  # (a walk that checks stops at the first OID out of order)
    try:
        clock, cpu = time.monotonic, time.thread_time
        gathering, spent = clock(), cpu()
        deadline = gathering + BATCH_SECONDS
        walking = session.fetch_arc_pages(format_oid(start), parallel=spec.parallel, plan=plan)
        for page in walking:  # a response at a time: no Python code per varbind
            batch += page
            if len(batch) >= BATCH_SIZE or clock() >= deadline:
                total += len(batch)
                now, used = clock(), cpu()
                busy = used - spent >= BUSY_SHARE * (now - gathering)
                deliver(WalkBatch(op, start, batch, total, ordered, busy))
                batch = []
                gathering, spent = clock(), cpu()
                deadline = gathering + BATCH_SECONDS
            if cancelled():
                stopped = True
                break
    except (SnmpError, OSError, ValueError) as exc:
        if batch:
            total += len(batch)
            deliver(WalkBatch(op, start, batch, total, ordered))
        reason, hint = explain(exc, spec.version)
        deliver(WalkEnd(op, start, total, time.monotonic() - began, reason=reason, hint=hint))
        return
    if batch:
        total += len(batch)
        deliver(WalkBatch(op, start, batch, total, ordered))
    dropped = session.stats.dropped_malformed - dropped_before
    deliver(WalkEnd(op, start, total, time.monotonic() - began, cancelled=stopped, dropped=dropped))


def get_one(session: SnmpSession, spec: ConnectionSpec, op: OpId, kind: str, oid: OidTuple, deliver: Deliver) -> None:
    """GET (``kind`` "get"/"reread") or GETNEXT ("next") one OID; deliver a ``GetResult``."""
    name = format_oid(oid)
    try:
        if kind == "next":
            found = session.next_one(name)
            if found is None:
                deliver(GetResult(op, kind, oid, [], "end of the agent's MIB view"))
                return
            varbinds = [(oid_key(found[0]), found[1])]
        else:
            varbinds = [(oid, session.get(name))]
    except NoSuchInstance as exc:
        deliver(GetResult(op, kind, oid, [], str(exc)))
        return
    except (SnmpError, OSError, ValueError) as exc:
        reason, hint = explain(exc, spec.version)
        deliver(GetResult(op, kind, oid, reason=reason, hint=hint))
        return
    deliver(GetResult(op, kind, oid, varbinds))
