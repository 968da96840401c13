"""Messages that SNMP workers post to the UI thread.

Workers never touch widgets; they post these, and the app applies them on the
event loop. ``op`` is the operation number the app gave the worker, so results
of an operation the user already cancelled or replaced can be ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from textual.message import Message

from core.oid import OidTuple

__all__ = [
    "Varbinds",
    "MibsLoaded",
    "ProbeDone",
    "ProbeFailed",
    "WalkBatch",
    "WalkDone",
    "WalkFailed",
    "GetDone",
    "GetFailed",
]

Varbinds = list[tuple[OidTuple, Any]]


@dataclass
class MibsLoaded(Message):
    """The MIB store finished loading (``store`` is None when loading failed)."""

    store: Any
    seconds: float
    summary: str


@dataclass
class ProbeDone(Message):
    """The system group answered: the agent is reachable with these settings."""

    spec: Any
    system: dict[str, Any]
    seconds: float


@dataclass
class ProbeFailed(Message):
    spec: Any
    reason: str
    hint: str


@dataclass
class WalkBatch(Message):
    """Varbinds of a running walk, in agent order."""

    op: int
    root: OidTuple
    varbinds: Varbinds
    total: int


@dataclass
class WalkDone(Message):
    op: int
    root: OidTuple
    total: int
    seconds: float
    cancelled: bool = False
    dropped: int = 0  # replies that did not decode (hostile or broken), dropped and counted


@dataclass
class WalkFailed(Message):
    """A walk stopped on an error; what arrived before it was already posted."""

    op: int
    root: OidTuple
    total: int
    seconds: float
    reason: str
    hint: str


@dataclass
class GetDone(Message):
    """A GET, GETNEXT or re-read answered; ``varbinds`` may be empty (no such instance)."""

    op: int
    kind: str
    target: OidTuple
    varbinds: Varbinds = field(default_factory=list)
    missing: str = ""


@dataclass
class GetFailed(Message):
    op: int
    kind: str
    target: OidTuple
    reason: str
    hint: str
