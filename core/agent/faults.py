"""Fault injection: an agent that misbehaves on purpose, deterministically.

:class:`Faults` says what goes wrong and how often (probabilities drawn from a
``random.Random`` seeded with ``seed``, so a test sees the same sequence every
run); the agent reads its fields on every request, so a test may change them
while the agent runs. :class:`FaultInjector` is the agent's side: it alters a
response (tooBig over a size, OIDs going backwards, a wrong request-id) and
turns it into the datagrams actually sent (none, late, twice, out of order,
preceded by a stale or truncated copy, a copy from a foreign port, or garbage).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any, Callable

from core.ber import encode_oid, encode_tlv, read_header
from core.oid import OidTuple
from core.pdu import PduType
from core.types import Tag

from core.agent.responder import Inbound, Response
from core.agent.stats import AgentStats
from core.agent.store import OidStore

__all__ = ["Faults", "FaultInjector", "Delivery", "LoopingView"]

_WALK_TYPES = (PduType.GETNEXT, PduType.GETBULK)
_REQUEST_ID_SPAN = 0x7FFFFFFF

Wrap = Callable[[Response, "int | None"], bytes]


@dataclass
class Faults:
    """What the agent does wrong. Probabilities are 0.0 (never) to 1.0 (always).

    Lost and late replies:
    - ``drop``: a reply is not sent; ``drop_first`` drops the first N replies
      whatever the probability (a retry test wants exactly one loss).
    - ``delay`` seconds (plus up to ``delay_jitter``) before each reply.
    - ``reorder``: a reply is held back and sent after the next one (or after
      ``reorder_hold`` seconds when no other reply comes).
    - ``duplicate``: a reply is sent twice.

    Replies a manager must drop:
    - ``stale``: a copy with an older request-id (a late answer to an earlier
      request) is sent just before the reply.
    - ``wrong_request_id``: the reply itself carries another request-id (and v3
      msgID): the manager sees only a stale reply.
    - ``foreign``: a copy is sent first from another port of the agent's host.
    - ``truncated``: the reply cut in half is sent first.
    - ``garbage``: a datagram of random bytes is sent first.

    Wrong content:
    - ``bad_value``: the last varbind's value is malformed (a Counter32 of nine
      octets) while every length around it stays right: the reply passes the
      message checks and fails only when its varbinds are decoded.
    - ``non_increasing``: the last OID of a GETNEXT/GETBULK reply is not greater
      than the one before it (the page's first again, or the requested OID).
    - ``loop_after``: after this many objects the agent's OID order starts
      again from its first object: a walk never ends (0: off).
    - ``max_response_size``: a reply whose varbinds exceed this many bytes is
      answered ``tooBig`` (GETBULK included, unlike the RFC's truncation).
    - ``restart_every``: every N requests the agent restarts (v3 engine boots
      grow, engine time and the demo's sysUpTime start again).
    """

    seed: int = 0
    drop: float = 0.0
    drop_first: int = 0
    delay: float = 0.0
    delay_jitter: float = 0.0
    reorder: float = 0.0
    reorder_hold: float = 1.0
    duplicate: float = 0.0
    stale: float = 0.0
    wrong_request_id: float = 0.0
    foreign: float = 0.0
    truncated: float = 0.0
    garbage: float = 0.0
    non_increasing: float = 0.0
    bad_value: float = 0.0
    loop_after: int = 0
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
    """One datagram to send ``delay`` seconds from now, from the agent's port or a foreign one;
    ``hold`` keeps it back until the next reply has gone (reordering)."""

    data: bytes
    delay: float = 0.0
    foreign: bool = False
    hold: bool = False


class FaultInjector:
    """Applies the agent's current :class:`Faults` to its replies."""

    def __init__(self, stats: AgentStats) -> None:
        self.faults = Faults()
        self._stats = stats
        self._requests = 0
        self._replies = 0

    def count_request(self) -> bool:
        """Count a request; True when the agent should restart before serving it."""
        every = self.faults.restart_every
        self._requests += 1
        return bool(every) and self._requests % every == 0

    def response(self, request: Inbound, response: Response, wrap: Wrap) -> list[Delivery]:
        """The datagrams that carry ``response``; ``wrap(response, request_id)`` encodes one."""
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
        if response.varbinds and faults.happens(faults.bad_value):
            stats.bad_values += 1
            response = _with_bad_last_value(response)
        request_id = None
        if faults.happens(faults.wrong_request_id):
            stats.wrong_request_ids += 1
            request_id = (response.request_id + 1 + faults.rng.randrange(1 << 16)) % _REQUEST_ID_SPAN
        first: list[bytes] = []
        if faults.happens(faults.stale):
            stats.stale_sent += 1
            first.append(wrap(response, (response.request_id - 1) % _REQUEST_ID_SPAN))
        return self.deliveries(wrap(response, request_id), first)

    def deliveries(self, datagram: bytes, first: list[bytes] | None = None) -> list[Delivery]:
        """The datagrams that carry the reply ``datagram`` (and ``first`` copies before it)."""
        faults = self.faults
        stats = self._stats
        self._replies += 1
        if self._replies <= faults.drop_first or faults.happens(faults.drop):
            stats.dropped += 1
            return []
        delay = faults.delay
        if faults.delay_jitter > 0:
            delay += faults.rng.uniform(0.0, faults.delay_jitter)
        if delay > 0:
            stats.delayed += 1
        out = [Delivery(data, delay) for data in first or ()]
        if faults.happens(faults.foreign):
            stats.foreign_sent += 1
            out.append(Delivery(datagram, delay, foreign=True))
        if faults.happens(faults.truncated):
            stats.truncated_sent += 1
            out.append(Delivery(datagram[: len(datagram) // 2], delay))
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


_BAD_COUNTER32 = bytes((Tag.COUNTER32, 9)) + b"\xff" * 9


def _with_bad_last_value(response: Response) -> Response:
    """The response with a malformed value in its last varbind (lengths kept valid)."""
    varbind = response.varbinds[-1]
    _, start, end = read_header(varbind, 0, len(varbind))
    _, _, value_start = read_header(varbind, start, end)
    bad = encode_tlv(Tag.SEQUENCE, varbind[start:value_start] + _BAD_COUNTER32)
    return Response(
        response.request_id, response.error_status, response.error_index,
        [*response.varbinds[:-1], bad], response.request_type,
    )  # fmt: skip


def _renamed(varbind: bytes, name: str) -> bytes:
    """The varbind with its OID replaced by ``name`` (its value kept)."""
    _, start, end = read_header(varbind, 0, len(varbind))
    _, _, value_start = read_header(varbind, start, end)
    return encode_tlv(Tag.SEQUENCE, encode_oid(name) + varbind[value_start:end])


class LoopingView:
    """A store whose OID order wraps to its first object after ``count`` objects
    (``Faults.loop_after``): GETNEXT never reaches the end of the MIB view."""

    def __init__(self, store: OidStore, count: int) -> None:
        self._store = store
        self._count = max(1, min(count, len(store)))

    def __len__(self) -> int:
        return _REQUEST_ID_SPAN  # endless: the responder never sees the end

    def index_after(self, oid: OidTuple) -> int:
        return self._store.index_after(oid) % self._count

    def varbind_at(self, i: int) -> bytes:
        return self._store.varbind_at(i % self._count)

    def tag_at(self, i: int) -> int:
        return self._store.tag_at(i % self._count)

    def name_at(self, i: int) -> bytes:
        return self._store.name_at(i % self._count)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)  # find, missing, set_many: the real store's
