"""The interface between a session and a message processing model."""

from __future__ import annotations

from typing import Protocol

from core.pdu import Pdu
from core.version import SnmpVersion

__all__ = ["MessageProcessor", "Exchange"]


class Exchange(Protocol):
    """What a message processor may ask of its session (v3 discovery, probes, resyncs): a
    fresh request-id, one request/response round trip, and the agent/timeout/retries it
    names in errors; nothing else of the session."""

    @property
    def agent(self) -> str:
        """The agent's address, for messages."""
        ...

    @property
    def timeout(self) -> float:
        """Seconds one try waits (timeout diagnostics say how long probes took)."""
        ...

    @property
    def retries(self) -> int:
        """Retries per request (how many time-window resyncs a request may have)."""
        ...

    def next_request_id(self) -> int: ...

    def exchange(self, pdu: Pdu, what: str, *, retries: int | None = None) -> Pdu: ...


class MessageProcessor(Protocol):
    """Turns PDUs into datagrams and datagrams into PDUs for one agent.

    The ``request_id`` of a decoded PDU is the correlation key the session
    matches against what it sent (for v3 the msgID, which equals the request-id
    we sent; a REPORT carries it even when its own request-id is unknown).
    """

    version: SnmpVersion

    def prepare(self, session: Exchange) -> None:
        """Run before the first request (v3: engine discovery); no-op for v1/v2c."""

    def encode(self, pdu: Pdu) -> bytes:
        """The datagram carrying ``pdu``."""

    def decode(self, data: bytes, lazy: bool = False) -> Pdu:
        """The PDU in a received datagram; ``SnmpDecodeError`` when it is not a valid
        message for this session (malformed, wrong version or community, failed
        authentication): the session drops and counts it. With ``lazy`` a
        response's varbind list is decoded later (``Pdu.materialize``)."""

    def handle_report(self, pdu: Pdu, session: Exchange) -> None:
        """React to a REPORT matching a request: return to resend, or raise."""
