"""SNMP PDUs (RFC 3416): the operation, request-id, status and varbind list.

One ``Pdu`` type serves every operation; for GETBULK the two status fields carry
non-repeaters and max-repetitions, as on the wire.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from core.ber import (
    NULL_TLV,
    decode_varbind_list,
    encode_integer,
    encode_oid_arcs,
    encode_tlv,
    encode_value,
    encode_varbinds,
    last_varbind,
    read_header,
    read_integer,
)
from core.errors import SnmpDecodeError
from core.oid import parse_oid
from core.types import Tag

__all__ = ["PduType", "Pdu", "encode_pdu", "decode_pdu"]


class PduType(IntEnum):
    GET = 0xA0
    GETNEXT = 0xA1
    RESPONSE = 0xA2
    SET = 0xA3
    TRAP_V1 = 0xA4
    GETBULK = 0xA5
    INFORM = 0xA6
    TRAP_V2 = 0xA7
    REPORT = 0xA8


_PDU_TAGS = frozenset(int(t) for t in PduType) - {PduType.TRAP_V1}
_RESPONSE = int(PduType.RESPONSE)
# error-status and error-index of a response without error.
_NO_ERROR = b"\x02\x01\x00\x02\x01\x00"


class Pdu:
    """One PDU; responses to walks may keep their varbind list undecoded (``raw``).

    Names are dotted text in decoded PDUs; requests may also give arcs or the
    content octets of the OID (see ``encode_oid``). ``keys`` holds the arcs of
    each decoded name (walks compare them). Equality compares the operation,
    ids, status and varbinds.
    """

    __slots__ = (
        "type",
        "request_id",
        "error_status",
        "error_index",
        "varbinds",
        "keys",
        "raw",
        "raw_start",
        "raw_end",
        "ordered",
    )

    def __init__(
        self,
        type: int,
        request_id: int,
        error_status: int = 0,
        error_index: int = 0,
        varbinds: list[tuple[Any, Any]] | None = None,
        keys: list[tuple[int, ...]] | None = None,
        raw: bytes = b"",
        raw_start: int = 0,
        raw_end: int = 0,
    ) -> None:
        self.type = type
        self.request_id = request_id
        self.error_status = error_status
        self.error_index = error_index
        self.varbinds = [] if varbinds is None else varbinds
        self.keys = [] if keys is None else keys
        # A lazily decoded response keeps its varbind list undecoded until materialize().
        self.raw = raw
        self.raw_start = raw_start
        self.raw_end = raw_end
        # Set by materialize(): every decoded name is greater than the one before.
        self.ordered = False

    def _compared(self) -> tuple[Any, ...]:
        return (self.type, self.request_id, self.error_status, self.error_index, self.varbinds)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Pdu):
            return NotImplemented
        return self._compared() == other._compared()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"Pdu(type={self.type!r}, request_id={self.request_id!r}, "
            f"error_status={self.error_status!r}, error_index={self.error_index!r}, "
            f"varbinds={self.varbinds!r})"
        )

    @property
    def lazy(self) -> bool:
        return bool(self.raw)

    def tail(self) -> tuple[bytes, int] | None:
        """(name octets, value tag) of the last varbind, without decoding the others."""
        if self.raw:
            return last_varbind(self.raw, self.raw_start, self.raw_end)
        if not self.varbinds:
            return None
        name, value = self.varbinds[-1]
        return encode_oid_arcs(parse_oid(name)), encode_value(value)[0]

    def materialize(self, every_key: bool = True) -> None:
        """Decode a lazy varbind list (SnmpDecodeError when it is malformed).

        With ``every_key`` False, ``keys`` holds the arcs of the first name only
        (see ``decode_varbind_list``)."""
        if self.raw:
            varbinds: list[tuple[str, Any]] = []
            keys: list[tuple[int, ...]] = []
            self.ordered = decode_varbind_list(
                self.raw, self.raw_start, self.raw_end, varbinds, keys, every_key
            )
            self.varbinds = varbinds
            self.keys = keys
            self.raw = b""

    @property
    def non_repeaters(self) -> int:
        return self.error_status

    @property
    def max_repetitions(self) -> int:
        return self.error_index


# Names shorter than this fit a varbind list of one-octet lengths with a NULL value.
_SHORT_NAME = 0x80 - 6


def encode_pdu(pdu: Pdu) -> bytes:
    varbinds = pdu.varbinds
    if len(varbinds) == 1 and varbinds[0][1] is None and type(varbinds[0][0]) is bytes:
        name = varbinds[0][0]
        if len(name) < _SHORT_NAME:
            # A walk's request for the page after a name as the agent sent it
            # (one a response): every length is one octet, so the varbind
            # list is spelt out at once.
            body = b"".join((
                encode_integer(pdu.request_id),
                encode_integer(pdu.error_status),
                encode_integer(pdu.error_index),
                bytes((Tag.SEQUENCE, len(name) + 6, Tag.SEQUENCE, len(name) + 4)),
                bytes((Tag.OBJECT_IDENTIFIER, len(name))),
                name,
                NULL_TLV,
            ))  # fmt: skip
            return encode_tlv(pdu.type, body)
    body = (
        encode_integer(pdu.request_id)
        + encode_integer(pdu.error_status)
        + encode_integer(pdu.error_index)
        + encode_varbinds(pdu.varbinds)
    )
    return encode_tlv(pdu.type, body)


def decode_pdu(buf: bytes, pos: int, end: int, lazy: bool = False) -> Pdu:
    """Decode the PDU TLV at ``pos`` (any type but the v1 Trap-PDU).

    With ``lazy``, a Response-PDU's varbind list is left for ``materialize()``.
    """
    tag, pos, end = read_header(buf, pos, end)
    if tag not in _PDU_TAGS:
        raise SnmpDecodeError(f"unexpected PDU tag 0x{tag:02x}")
    request_id, pos = read_integer(buf, pos, end)
    if buf.startswith(_NO_ERROR, pos) and pos + len(_NO_ERROR) <= end:
        # Every page of a walk: no error, read in one comparison.
        error_status = error_index = 0
        pos += len(_NO_ERROR)
    else:
        error_status, pos = read_integer(buf, pos, end)
        error_index, pos = read_integer(buf, pos, end)
    if lazy and tag == _RESPONSE:
        return Pdu(tag, request_id, error_status, error_index, raw=buf, raw_start=pos, raw_end=end)
    pdu = Pdu(tag, request_id, error_status, error_index, raw=buf, raw_start=pos, raw_end=end)
    pdu.materialize()
    return pdu
