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
from typing import NamedTuple

from core.ber import encode_integer, encode_length, encode_octets, read_header
from core.errors import SnmpDecodeError
from core.types import Tag

__all__ = [
    "MAX_ENGINE_BOOTS",
    "TIME_WINDOW",
    "UsmParameters",
    "encode_usm_parameters",
    "encode_usm_from_tlvs",
    "usm_layout",
    "decode_usm_parameters",
    "UsmReader",
    "EngineClock",
]

MAX_ENGINE_BOOTS = 2147483647
TIME_WINDOW = 150


class UsmParameters(NamedTuple):
    """The six fields of UsmSecurityParameters (a NamedTuple: ``dataclasses`` would cost
    a v3 session more CPU to import than a thousand messages' parsing)."""

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
    return encode_usm_from_tlvs(encode_octets(engine_id), boots, time, encode_octets(user_name), auth, priv)


def encode_usm_from_tlvs(
    engine_tlv: bytes, boots: int, time: int, user_tlv: bytes, auth: bytes, priv: bytes
) -> tuple[bytes, int]:
    """``encode_usm_parameters`` with the engine id and user name already encoded (a
    session sends the same ones in every message)."""
    before, middle = usm_layout(engine_tlv, boots, time, user_tlv, len(auth), len(priv))
    return b"".join((before, auth, middle, priv)), len(before)


def usm_layout(
    engine_tlv: bytes, boots: int, time: int, user_tlv: bytes, auth_length: int, priv_length: int
) -> tuple[bytes, bytes]:
    """The msgSecurityParameters TLV around authentication and privacy parameters of
    these lengths: (the octets before the authentication parameters' content, those
    between it and the privacy parameters' content). A sender keeps it while the engine
    time stays the same second."""
    head = b"".join((engine_tlv, encode_integer(boots), encode_integer(time), user_tlv,
                     b"\x04", encode_length(auth_length)))  # fmt: skip
    middle = b"\x04" + encode_length(priv_length)
    sequence_header = b"\x30" + encode_length(len(head) + auth_length + len(middle) + priv_length)
    content_length = len(sequence_header) + len(head) + auth_length + len(middle) + priv_length
    return b"".join((b"\x04", encode_length(content_length), sequence_header, head)), middle


_FIELD_TAGS = (
    Tag.OCTET_STRING, Tag.INTEGER, Tag.INTEGER, Tag.OCTET_STRING, Tag.OCTET_STRING, Tag.OCTET_STRING
)
_FIELD_NAMES = (
    "msgAuthoritativeEngineID",
    "msgAuthoritativeEngineBoots",
    "msgAuthoritativeEngineTime",
    "msgUserName",
    "msgAuthenticationParameters",
    "msgPrivacyParameters",
)


def decode_usm_parameters(buf: bytes, pos: int, end: int) -> tuple[UsmParameters, int]:
    """Decode the content of msgSecurityParameters at ``buf[pos:end]``.

    Returns the parameters and the absolute offset of the authentication
    parameters' content in ``buf`` (where the MAC sits). Every message carries
    one, so fields with one-octet lengths are read inline.
    """
    tag, pos, seq_end = read_header(buf, pos, end)
    if tag != Tag.SEQUENCE or seq_end != end:
        raise SnmpDecodeError("msgSecurityParameters is not one USM SEQUENCE")
    spans = []
    for expected, name in zip(_FIELD_TAGS, _FIELD_NAMES):
        if pos + 2 <= end and buf[pos] == expected and buf[pos + 1] < 0x80:
            start = pos + 2
            pos = start + buf[pos + 1]
            if pos > end:
                raise SnmpDecodeError(f"{name} overruns msgSecurityParameters")
        else:
            tag, start, pos = read_header(buf, pos, end)
            if tag != expected:
                raise SnmpDecodeError(f"{name} has tag 0x{tag:02x}")
        spans.append((start, pos))
    if pos != end:
        raise SnmpDecodeError("trailing bytes in msgSecurityParameters")
    engine, boots, engine_time, user, auth, priv = spans
    if engine[1] - engine[0] > 32 or user[1] - user[0] > 32:
        raise SnmpDecodeError("engine id or user name longer than 32 octets")
    params = UsmParameters(
        buf[engine[0] : engine[1]],
        _engine_counter(buf, *boots),
        _engine_counter(buf, *engine_time),
        buf[user[0] : user[1]],
        buf[auth[0] : auth[1]],
        buf[priv[0] : priv[1]],
    )
    return params, auth[0]


class UsmReader:
    """``decode_usm_parameters`` for the messages of one engine, remembering the last layout.

    An agent sends the same engine id, boots, time (until the second changes),
    user name and field lengths in message after message: only the MAC and the
    salt differ. When the octets up to the MAC, those between MAC and salt, and
    the total length are those of the message decoded last, its fields are
    reused instead of parsed again; identical octets parse identically, so the
    answer is the full decoder's. Anything else is decoded in full and remembered.
    """

    __slots__ = ("_prefix", "_size", "_auth_length", "_middle", "_fields")

    def __init__(self) -> None:
        self._prefix = self._middle = b""
        self._size = self._auth_length = -1
        self._fields: tuple[bytes, int, int, bytes] = (b"", 0, 0, b"")

    def decode(self, buf: bytes, pos: int, end: int) -> tuple[UsmParameters, int]:
        """As ``decode_usm_parameters(buf, pos, end)``."""
        prefix = self._prefix
        if end - pos == self._size and buf.startswith(prefix, pos):
            auth_at = pos + len(prefix)
            auth_end = auth_at + self._auth_length
            if buf.startswith(self._middle, auth_end):
                engine_id, boots, engine_time, user_name = self._fields
                priv_at = auth_end + len(self._middle)
                return (
                    UsmParameters(engine_id, boots, engine_time, user_name, buf[auth_at:auth_end], buf[priv_at:end]),
                    auth_at,
                )
        params, auth_at = decode_usm_parameters(buf, pos, end)
        auth_end = auth_at + len(params.auth)
        self._prefix = buf[pos:auth_at]
        self._middle = buf[auth_end : end - len(params.priv)]
        self._size, self._auth_length = end - pos, len(params.auth)
        self._fields = (params.engine_id, params.boots, params.time, params.user_name)
        return params, auth_at


def _engine_counter(buf: bytes, start: int, stop: int) -> int:
    """msgAuthoritativeEngineBoots or -Time: INTEGER (0..2147483647)."""
    if not 0 < stop - start <= 5:
        raise SnmpDecodeError(f"engine boots/time INTEGER of {stop - start} octets")
    value = int.from_bytes(buf[start:stop], "big", signed=True)
    if not 0 <= value <= MAX_ENGINE_BOOTS:
        raise SnmpDecodeError(f"engine boots/time out of range: {value}")
    return value


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
