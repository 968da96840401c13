"""What SNMP workers report to the agent context, and what the context tells its views.

Workers never touch widgets. They hand results (``ProbeResult``, ``WalkBatch``,
``WalkEnd``, ``GetResult``) to the :class:`~snmptui.context.AgentContext`, tagged
with the :class:`OpId` the context gave the operation; the context drops results
of operations that are no longer current (another agent, a cancelled walk) in
one place, updates its one model and publishes events to every subscribed view:
``AgentChanged``, the model's ``ModelChange``, ``WalkEvent`` and ``Problem``.

``MibsLoaded`` is the one Textual message: the app's MIB-loading worker posts it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

from textual.message import Message

from core.oid import OidTuple

if TYPE_CHECKING:
    from snmptui.netsnmp_args import ConnectionSpec

__all__ = [
    "Varbinds",
    "OpId",
    "MibsLoaded",
    "ProbeResult",
    "WalkBatch",
    "WalkEnd",
    "GetResult",
    "AgentChanged",
    "WalkState",
    "WalkEvent",
    "Problem",
    "NotificationsArrived",
]

Varbinds = list[tuple[OidTuple, Any]]


@dataclass(frozen=True, slots=True)
class OpId:
    """One operation: the connection (``epoch``) it was started for, and its number."""

    epoch: int
    number: int


@dataclass
class MibsLoaded(Message):
    """The MIB store finished loading (``store`` is None when loading failed)."""

    store: Any
    seconds: float
    summary: str


# ------------------------------------------------------------ worker results


@dataclass(slots=True)
class ProbeResult:
    """The system group of ``spec``'s agent; ``system`` is None when it did not answer."""

    op: OpId
    spec: ConnectionSpec
    system: dict[str, Any] | None
    seconds: float
    reason: str = ""
    hint: str = ""

    @property
    def ok(self) -> bool:
        return self.system is not None


@dataclass(slots=True)
class WalkBatch:
    """Varbinds of a running walk, in agent order; ``total`` counts all so far."""

    op: OpId
    root: OidTuple
    varbinds: Varbinds
    total: int
    ordered: bool = False
    """the OIDs strictly increase (the session checked them): the model needs not check again"""
    busy: bool = False
    """the worker gathered it mostly on the CPU, not waiting for the agent (``AgentContext.deliver``
    then waits while the UI has a backlog)"""


@dataclass(slots=True)
class WalkEnd:
    """A walk finished, was cancelled, or stopped on an error (``reason`` set)."""

    op: OpId
    root: OidTuple
    total: int
    seconds: float
    cancelled: bool = False
    reason: str = ""
    hint: str = ""
    dropped: int = 0
    """replies that did not decode (hostile or broken), dropped and counted by the session"""


@dataclass(slots=True)
class GetResult:
    """A GET, GETNEXT or re-read: ``varbinds`` (maybe empty: ``missing`` says why) or an error."""

    op: OpId
    kind: str
    target: OidTuple
    varbinds: Varbinds = field(default_factory=list)
    missing: str = ""
    reason: str = ""
    hint: str = ""

    @property
    def failed(self) -> bool:
        return bool(self.reason)


# ------------------------------------------------------------ events for views


@dataclass(frozen=True, slots=True)
class AgentChanged:
    """The context now browses ``spec`` (None: nothing yet); its model was cleared."""

    spec: ConnectionSpec | None
    system: dict[str, Any]


class WalkState(Enum):
    STARTED = "started"
    PROGRESS = "progress"
    DONE = "done"
    CANCELLED = "cancelled"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class WalkEvent:
    """A walk of ``root`` (its first OID: ``(1, 3)`` for the whole device) changed state."""

    state: WalkState
    root: OidTuple
    automatic: bool = False
    total: int = 0
    seconds: float = 0.0
    reason: str = ""
    hint: str = ""
    dropped: int = 0


@dataclass(frozen=True, slots=True)
class Problem:
    """Something failed outside any one view's request: a sentence, what to try, the log."""

    title: str
    reason: str
    hint: str


@dataclass
class NotificationsArrived(Message):
    """The notification receiver has new notifications (read them from its log)."""
