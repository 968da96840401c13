"""USM on the wire and in time: msgSecurityParameters and engine timeliness.

UsmSecurityParameters ::= SEQUENCE {          -- RFC 3414 2.4, carried in an OCTET STRING
    msgAuthoritativeEngineID     OCTET STRING,
    msgAuthoritativeEngineBoots  INTEGER (0..2147483647),
    msgAuthoritativeEngineTime   INTEGER (0..2147483647),
    msgUserName                  OCTET STRING (SIZE(0..32)),
    msgAuthenticationParameters  OCTET STRING,
    msgPrivacyParameters         OCTET STRING }

``EngineClock`` is a non-authoritative engine's notion of the agent's
snmpEngineBoots and snmpEngineTime (RFC 3414 2.3), kept against the local
monotonic clock, with the update and time-window rules of RFC 3414 3.2 step 7b.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from core.ber import encode_integer, encode_octets, encode_tlv, read_header, read_integer, read_octets
from core.errors import SnmpDecodeError
from core.types import Tag

__all__ = [
    "MAX_ENGINE_BOOTS",
    "TIME_WINDOW",
    "UsmParameters",
    "encode_usm_parameters",
    "decode_usm_parameters",
    "EngineClock",
]

MAX_ENGINE_BOOTS = 2147483647
TIME_WINDOW = 150


@dataclass(slots=True)
class UsmParameters:
    engine_id: bytes
    boots: int
    time: int
    user_name: bytes
    auth: bytes
    priv: bytes


def encode_usm_parameters(
    engine_id: bytes, boots: int, time: int, user_name: bytes, auth: bytes, priv: bytes
) -> tuple[bytes, int]:
    """The msgSecurityParameters TLV and where the authentication parameters' content starts in it."""
    head = encode_octets(engine_id) + encode_integer(boots) + encode_integer(time) + encode_octets(user_name)
    auth_tlv = encode_octets(auth)
    body = head + auth_tlv + encode_octets(priv)
    sequence = encode_tlv(Tag.SEQUENCE, body)
    wrapped = encode_octets(sequence)
    auth_offset = (len(wrapped) - len(sequence)) + (len(sequence) - len(body)) + len(head) + (len(auth_tlv) - len(auth))
    return wrapped, auth_offset


def decode_usm_parameters(buf: bytes, pos: int, end: int) -> tuple[UsmParameters, int]:
    """Decode the content of msgSecurityParameters at ``buf[pos:end]``.

    Returns the parameters and the absolute offset of the authentication
    parameters' content in ``buf`` (where the MAC sits).
    """
    tag, pos, seq_end = read_header(buf, pos, end)
    if tag != Tag.SEQUENCE or seq_end != end:
        raise SnmpDecodeError("msgSecurityParameters is not one USM SEQUENCE")
    engine_id, pos = read_octets(buf, pos, seq_end)
    boots, pos = read_integer(buf, pos, seq_end)
    engine_time, pos = read_integer(buf, pos, seq_end)
    user_name, pos = read_octets(buf, pos, seq_end)
    tag, auth_start, auth_end = read_header(buf, pos, seq_end)
    if tag != Tag.OCTET_STRING:
        raise SnmpDecodeError("msgAuthenticationParameters is not an OCTET STRING")
    priv, pos = read_octets(buf, auth_end, seq_end)
    if pos != seq_end:
        raise SnmpDecodeError("trailing bytes in msgSecurityParameters")
    if not (0 <= boots <= MAX_ENGINE_BOOTS and 0 <= engine_time <= MAX_ENGINE_BOOTS):
        raise SnmpDecodeError(f"engine boots/time out of range: {boots}/{engine_time}")
    if len(engine_id) > 32 or len(user_name) > 32:
        raise SnmpDecodeError("engine id or user name longer than 32 octets")
    params = UsmParameters(engine_id, boots, engine_time, user_name, bytes(buf[auth_start:auth_end]), priv)
    return params, auth_start


class EngineClock:
    """Our notion of an agent's snmpEngineBoots and snmpEngineTime."""

    __slots__ = ("boots", "latest", "_time", "_synced_at")

    def __init__(self) -> None:
        self.reset(0, 0)

    def __repr__(self) -> str:
        return f"EngineClock(boots={self.boots}, time={self.now()[1]})"

    def reset(self, boots: int, engine_time: int) -> None:
        """Adopt ``boots``/``engine_time`` as the agent's values right now."""
        self.boots = boots
        self.latest = engine_time
        self._time = engine_time
        self._synced_at = time.monotonic()

    def now(self) -> tuple[int, int]:
        """(boots, time) to put in an outgoing message."""
        elapsed = int(time.monotonic() - self._synced_at)
        return self.boots, min(self._time + elapsed, MAX_ENGINE_BOOTS)

    def accept(self, boots: int, engine_time: int) -> bool:
        """Update from an authenticated message and say whether it is in the time window."""
        if boots > self.boots or (boots == self.boots and engine_time > self.latest):
            self.reset(boots, engine_time)
        if self.boots == MAX_ENGINE_BOOTS or boots < self.boots:
            return False
        return engine_time >= self.now()[1] - TIME_WINDOW
