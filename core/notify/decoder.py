"""Datagrams in, notifications and replies out: the receiver's message processing.

``NotificationDecoder.receive(data, source, local)`` returns a :class:`Decoded`:
the notification (or None), the datagram to send back (an inform's Response, a
REPORT for engine discovery or a v3 error) and, for a drop, the reason. It never
raises for bad input: every ``SnmpError`` becomes ``DropReason.malformed``.

- SNMPv1: Trap-PDUs, translated to the v2 form (``core.notify.v1``).
- SNMPv2c: SNMPv2-Trap and InformRequest PDUs; informs are acknowledged with a
  Response echoing the request-id and varbinds (RFC 3416 4.2.7).
- SNMPv3: a non-reportable message with another engine's id is a trap from an
  authoritative sender (users per sender engine, ``core.notify.remote_usm``);
  anything else is for us as the authoritative engine — discovery, informs and
  traps sent to our engine id — through the agent's ``UsmModel``, which answers
  with the REPORTs a real engine sends.
- Communities: ``communities=None`` accepts any (a receiving tool's default);
  a set restricts v1/v2c to those.
- Duplicates: an inform retransmitted (same sender, request-id and varbinds) is
  acknowledged again but reported once (``Decoded.duplicate``).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from core.ber import decode_varbinds, read_header, read_integer, read_octets
from core.errors import SnmpError
from core.message.community import encode_community_message
from core.message.v3 import read_v3_envelope
from core.oid import OidTuple
from core.pdu import Pdu, PduType
from core.security.user import SecurityLevel, User
from core.types import Tag
from core.version import SnmpVersion

from core.agent.responder import Inbound, Response, echo_varbinds, encode_response_pdu
from core.agent.stats import AgentStats
from core.agent.usm import UsmModel
from core.notify.notification import Notification, NotificationKind
from core.notify.remote_usm import Opened, RemoteUsm
from core.notify.stats import DropReason
from core.notify.v1 import decode_trap_v1, translate_v1

__all__ = ["NotificationDecoder", "Decoded", "ConfiguredUser"]

_MAX_SIZE = 65507
_DUPLICATE_MEMORY = 4096
_DUPLICATE_SECONDS = 300.0
# AgentStats counters of the authoritative side and the drop each one means.
_AGENT_DROPS = {
    "unknown_engine": DropReason.unknown_engine,
    "unknown_user": DropReason.unknown_user,
    "unsupported_sec_level": DropReason.unsupported_sec_level,
    "wrong_digest": DropReason.wrong_digest,
    "not_in_time_window": DropReason.not_in_time_window,
    "decryption_errors": DropReason.decryption_error,
    "unknown_context": DropReason.unknown_context,
    "malformed": DropReason.malformed,
}


@dataclass(frozen=True, slots=True)
class ConfiguredUser:
    """A v3 user and the engine its keys belong to (None: ours, for informs)."""

    user: User
    engine_id: bytes | None = None


@dataclass(slots=True)
class Decoded:
    notification: Notification | None = None
    reply: bytes | None = None
    drop: DropReason | None = None
    duplicate: bool = False
    discovery: bool = False


class NotificationDecoder:
    """See the module docstring; one instance per receiving socket (not thread-safe)."""

    def __init__(
        self,
        *,
        communities: Iterable[str | bytes] | None = None,
        users: Iterable[ConfiguredUser] = (),
        engine_id: bytes,
        boots: int = 1,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self._communities = (
            None if communities is None else {c.encode() if isinstance(c, str) else bytes(c) for c in communities}
        )
        local: list[User] = []
        remote: list[tuple[bytes, User]] = []
        for entry in users:
            if entry.engine_id is None or entry.engine_id == engine_id:
                local.append(entry.user)
            else:
                remote.append((entry.engine_id, entry.user))
        self.engine_id = engine_id
        self._agent_stats = AgentStats()
        self._usm = UsmModel(
            local, self._agent_stats, _MAX_SIZE, engine_id=engine_id, boots=boots, clock=clock, any_context=True
        )
        self._remote = RemoteUsm(remote, clock)
        self._clock = clock
        self._wall_clock = wall_clock
        self._seen: OrderedDict[Any, float] = OrderedDict()

    def __repr__(self) -> str:
        return f"NotificationDecoder(engine={self.engine_id.hex()}, {len(self._remote)} sender users)"

    # ------------------------------------------------------------ entry

    def receive(self, data: bytes, source: tuple[str, int], local: tuple[str, int]) -> Decoded:
        """``decode``, with a malformed message counted as a drop instead of raised."""
        try:
            return self.decode(data, source, local)
        except SnmpError:
            return Decoded(drop=DropReason.malformed)

    def decode(self, data: bytes, source: tuple[str, int], local: tuple[str, int]) -> Decoded:
        """What ``data`` is; only ``SnmpError`` subclasses escape (for malformed input)."""
        tag, pos, end = read_header(data, 0, len(data))
        if tag != Tag.SEQUENCE or end != len(data):
            return Decoded(drop=DropReason.malformed)
        version, pos = read_integer(data, pos, end)
        if version == SnmpVersion.v3:
            return self._v3(data, source, local)
        if version not in (SnmpVersion.v1, SnmpVersion.v2c):
            return Decoded(drop=DropReason.bad_version)
        community, pos = read_octets(data, pos, end)
        if self._communities is not None and community not in self._communities:
            return Decoded(drop=DropReason.bad_community)
        snmp_version = SnmpVersion(version)
        received = self._wall_clock()
        if data[pos : pos + 1] == bytes((PduType.TRAP_V1,)):
            if snmp_version != SnmpVersion.v1:
                return Decoded(drop=DropReason.not_notification)
            trap = decode_trap_v1(data, pos, end)
            notification = Notification(
                received, source, local, snmp_version, NotificationKind.trap, PduType.TRAP_V1, 0,
                translate_v1(trap), v1=trap,
            )  # fmt: skip
            return Decoded(notification)
        pdu = _decode_pdu(data, pos, end)
        if pdu is None or snmp_version == SnmpVersion.v1:
            return Decoded(drop=DropReason.not_notification)
        notification = self._notification(pdu, received, source, local, snmp_version)
        if pdu.type == PduType.INFORM:
            ack = encode_community_message(snmp_version, community, encode_response_pdu(_ack(pdu)))
            return self._inform(notification, ack, (source, version, community))
        return Decoded(notification)

    # ------------------------------------------------------------ v3

    def _v3(self, data: bytes, source: tuple[str, int], local: tuple[str, int]) -> Decoded:
        envelope = read_v3_envelope(data)
        params = envelope.params
        if not envelope.reportable and params.engine_id != self.engine_id:
            opened = self._remote.open(data, envelope)
            if isinstance(opened, DropReason):
                return Decoded(drop=opened)
            return self._v3_notification(opened, params.engine_id, source, local, None)
        discovery = not params.engine_id
        before = _counts(self._agent_stats)
        answer = self._usm.receive(data)
        if isinstance(answer, Inbound):
            opened = Opened(answer.context.keys.user, answer.context.context_engine_id,
                            answer.context.context_name, answer.pdu)  # fmt: skip
            return self._v3_notification(opened, self.engine_id, source, local, answer)
        if discovery and params.user_name == b"" and envelope.level == SecurityLevel.noAuthNoPriv:
            return Decoded(reply=answer, discovery=True)
        after = _counts(self._agent_stats)
        reason = next((_AGENT_DROPS[name] for name in after if after[name] != before[name]), DropReason.malformed)
        return Decoded(reply=answer, drop=reason)

    def _v3_notification(
        self,
        opened: Opened,
        engine_id: bytes,
        source: tuple[str, int],
        local: tuple[str, int],
        inbound: Inbound | None,
    ) -> Decoded:
        pdu = opened.pdu
        if pdu.type not in (PduType.TRAP_V2, PduType.INFORM):
            return Decoded(drop=DropReason.not_notification)
        notification = self._notification(pdu, self._wall_clock(), source, local, SnmpVersion.v3)
        notification.user = opened.user.name
        notification.engine_id = engine_id
        notification.context_name = opened.context_name
        if pdu.type == PduType.INFORM:
            if inbound is None:  # an inform must be sent to us as the authoritative engine
                return Decoded(drop=DropReason.unknown_engine)
            ack = self._usm.wrap(inbound, _ack(pdu))
            return self._inform(notification, ack, (source, 3, engine_id, opened.user.raw_name))
        return Decoded(notification)

    # ------------------------------------------------------------ shared

    @staticmethod
    def _notification(
        pdu: Pdu, received: float, source: tuple[str, int], local: tuple[str, int], version: SnmpVersion
    ) -> Notification:
        kind = NotificationKind.inform if pdu.type == PduType.INFORM else NotificationKind.trap
        varbinds: list[tuple[OidTuple, Any]] = [(key, value) for key, (_, value) in zip(pdu.keys, pdu.varbinds)]
        return Notification(received, source, local, version, kind, pdu.type, pdu.request_id, varbinds)

    def _inform(self, notification: Notification, ack: bytes, sender: tuple[Any, ...]) -> Decoded:
        key = (sender, notification.request_id, tuple(notification.varbinds))
        now = self._clock()
        seen = self._seen
        while seen:
            oldest, at = next(iter(seen.items()))
            if at >= now - _DUPLICATE_SECONDS and len(seen) < _DUPLICATE_MEMORY:
                break
            del seen[oldest]
        if key in seen:
            return Decoded(reply=ack, duplicate=True)
        seen[key] = now
        return Decoded(notification, reply=ack)


def _decode_pdu(data: bytes, pos: int, end: int) -> Pdu | None:
    """The SNMPv2-Trap or InformRequest PDU at ``pos`` (None for another PDU type)."""
    tag, start, stop = read_header(data, pos, end)
    if tag not in (PduType.TRAP_V2, PduType.INFORM):
        return None
    request_id, start = read_integer(data, start, stop)
    _, start = read_integer(data, start, stop)
    _, start = read_integer(data, start, stop)
    keys: list[OidTuple] = []
    varbinds = decode_varbinds(data, start, stop, keys)
    return Pdu(tag, request_id, 0, 0, varbinds, keys)


def _ack(pdu: Pdu) -> Response:
    """The Response to an InformRequest: its request-id and varbinds (RFC 3416 4.2.7)."""
    return Response(pdu.request_id, 0, 0, echo_varbinds(pdu))


def _counts(stats: AgentStats) -> dict[str, int]:
    return {name: getattr(stats, name) for name in _AGENT_DROPS}
