"""Fault injection: an agent that misbehaves on purpose, deterministically.

:class:`Faults` says what goes wrong and how often (probabilities drawn from a
``random.Random`` seeded with ``seed``, so a test sees the same sequence every
run); the agent reads its fields on every request, so a test may change them
while the agent runs. :class:`FaultInjector` is the agent's side: it alters
responses (wrong request-id, OIDs going backwards, tooBig over a size) and
turns one reply into the datagrams actually sent (none, late, twice, out of
order, preceded by a stale copy, a copy from a foreign port, or garbage).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from core.ber import encode_oid, encode_tlv, read_header
from core.pdu import PduType
from core.types import Tag

from core.agent.responder import Inbound, Response
from core.agent.stats import AgentStats

__all__ = ["Faults", "FaultInjector", "Delivery"]

_WALK_TYPES = (PduType.GETNEXT, PduType.GETBULK)


@dataclass
class Faults:
    """What the agent does wrong. Probabilities are 0.0 (never) to 1.0 (always).

    - ``drop``: a response is not sent; ``drop_first`` drops the first N
      responses whatever the probability (a retry test wants exactly one loss).
    - ``delay`` seconds (plus up to ``delay_jitter``) before each response.
    - ``duplicate``: a response is sent twice.
    - ``reorder``: a response is held back and sent after the next one (or
      after ``reorder_hold`` seconds when no other response comes).
    - ``stale``: the previous response is sent again just before this one.
    - ``wrong_request_id``: the response carries another request-id (and v3
      msgID) instead of the right one: the manager sees only a stale reply.
    - ``foreign``: a copy of the response is also sent from another port first.
    - ``garbage``: a datagram of random bytes is sent before the response.
    - ``non_increasing``: a GETNEXT/GETBULK response's last OID is not greater
      than the one before it (or than the requested OID).
    - ``max_response_size``: a response whose varbinds exceed this many bytes is
      answered ``tooBig`` (GETBULK included, unlike the RFC's truncation).
    - ``restart_every``: every N requests the agent restarts (v3 engine boots
      grow, engine time and sysUpTime start again).
    """

    seed: int = 0
    drop: float = 0.0
    drop_first: int = 0
    delay: float = 0.0
    delay_jitter: float = 0.0
    duplicate: float = 0.0
    reorder: float = 0.0
    reorder_hold: float = 1.0
    stale: float = 0.0
    wrong_request_id: float = 0.0
    foreign: float = 0.0
    garbage: float = 0.0
    non_increasing: float = 0.0
    max_response_size: int | None = None
    restart_every: int = 0
    rng: random.Random = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.reseed()

    def reseed(self, seed: int | None = None) -> None:
        """Start the random sequence again (from ``seed`` when given)."""
        if seed is not None:
            self.seed = seed
        self.rng = random.Random(self.seed)

    def happens(self, probability: float) -> bool:
        return probability > 0.0 and (probability >= 1.0 or self.rng.random() < probability)


@dataclass(slots=True)
class Delivery:
    """One datagram to send ``delay`` seconds from now, from the agent's port or a foreign one."""

    data: bytes
    delay: float = 0.0
    foreign: bool = False
    hold: bool = False


class FaultInjector:
    """Applies the agent's current :class:`Faults` to requests and responses."""

    def __init__(self, stats: AgentStats) -> None:
        self.faults = Faults()
        self._stats = stats
        self._responses = 0
        self._requests = 0
        self._previous: bytes | None = None

    def count_request(self) -> bool:
        """Count a request; True when the agent should restart before serving it."""
        faults = self.faults
        self._requests += 1
        return bool(faults.restart_every) and self._requests % faults.restart_every == 0

    def alter(self, request: Inbound, response: Response) -> tuple[Response, int | None]:
        """The response to send and the request-id to put in it (None: the right one)."""
        faults = self.faults
        stats = self._stats
        limit = faults.max_response_size
        if limit is not None and response.size() > limit:
            stats.forced_too_big += 1
            response = Response(response.request_id, 1, 0, [], response.request_type)
        if (
            response.request_type in _WALK_TYPES
            and not response.error_status
            and response.varbinds
            and faults.happens(faults.non_increasing)
        ):
            stats.non_increasing += 1
            response = _backwards(request, response)
        request_id = None
        if faults.happens(faults.wrong_request_id):
            stats.wrong_request_ids += 1
            request_id = (response.request_id + 1 + faults.rng.randrange(1 << 16)) % 0x7FFFFFFF
        return response, request_id

    def deliveries(self, datagram: bytes) -> list[Delivery]:
        """The datagrams that carry ``datagram`` (the reply) to the manager, in order."""
        faults = self.faults
        stats = self._stats
        self._responses += 1
        previous, self._previous = self._previous, datagram
        if self._responses <= faults.drop_first or faults.happens(faults.drop):
            stats.dropped += 1
            return []
        delay = faults.delay
        if faults.delay_jitter > 0:
            delay += faults.rng.uniform(0.0, faults.delay_jitter)
        if delay > 0:
            stats.delayed += 1
        out: list[Delivery] = []
        if previous is not None and faults.happens(faults.stale):
            stats.stale_sent += 1
            out.append(Delivery(previous, delay))
        if faults.happens(faults.foreign):
            stats.foreign_sent += 1
            out.append(Delivery(datagram, delay, foreign=True))
        if faults.happens(faults.garbage):
            stats.garbage_sent += 1
            out.append(Delivery(faults.rng.randbytes(faults.rng.randrange(1, 200)), delay))
        hold = faults.happens(faults.reorder)
        if hold:
            stats.reordered += 1
        out.append(Delivery(datagram, delay, hold=hold))
        if faults.happens(faults.duplicate):
            stats.duplicated += 1
            out.append(Delivery(datagram, delay, hold=hold))
        return out


def _backwards(request: Inbound, response: Response) -> Response:
    """The response with its last varbind's OID not greater than the one before it."""
    varbinds = list(response.varbinds)
    if len(varbinds) >= 2:
        varbinds[-1] = varbinds[0]
    else:
        varbinds[0] = _renamed(varbinds[0], request.pdu.varbinds[0][0])
    return Response(
        response.request_id, response.error_status, response.error_index, varbinds,
        response.request_type,
    )  # fmt: skip


def _renamed(varbind: bytes, name: str) -> bytes:
    """The varbind with its OID replaced by ``name`` (its value kept)."""
    _, start, end = read_header(varbind, 0, len(varbind))
    _, _, value_start = read_header(varbind, start, end)
    return encode_tlv(Tag.SEQUENCE, encode_oid(name) + varbind[value_start:end])
