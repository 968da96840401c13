"""Community-based message processing for SNMPv1 and SNMPv2c (RFC 1157, RFC 1901).

Message ::= SEQUENCE { version INTEGER, community OCTET STRING, data PDU }
"""

from __future__ import annotations


from core.ber import encode_integer, encode_octets, encode_tlv, read_header, read_integer, read_octets
from core.errors import SnmpDecodeError, SnmpVersionError
from core.message.base import Exchange
from core.pdu import Pdu, PduType, decode_pdu, encode_pdu
from core.secret import Secret, reveal_octets
from core.types import Tag
from core.version import SnmpVersion


__all__ = [
    "CommunityProcessor",
    "community_header",
    "encode_community_message",
    "decode_community_message",
]


def community_header(version: SnmpVersion, community: bytes) -> bytes:
    """The version and community TLVs that open every message of a session."""
    return encode_integer(int(version)) + encode_octets(community)


def encode_community_message(version: SnmpVersion, community: bytes, pdu: Pdu | bytes) -> bytes:
    """The message carrying ``pdu``, given as a ``Pdu`` or as its encoded TLV."""
    encoded = pdu if isinstance(pdu, bytes) else encode_pdu(pdu)
    return encode_tlv(Tag.SEQUENCE, community_header(version, community) + encoded)


def decode_community_message(data: bytes, lazy: bool = False) -> tuple[int, bytes, Pdu]:
    """(version, community, pdu) of a v1/v2c message (``lazy``: see decode_pdu)."""
    tag, pos, end = read_header(data, 0, len(data))
    if tag != Tag.SEQUENCE:
        raise SnmpDecodeError("message is not a SEQUENCE")
    if end != len(data):
        raise SnmpDecodeError("trailing bytes after the message")
    version, pos = read_integer(data, pos, end)
    community, pos = read_octets(data, pos, end)
    pdu = decode_pdu(data, pos, end, lazy)
    return version, community, pdu


class CommunityProcessor:
    """v1/v2c: the community string is the only credential; nothing authenticated."""

    def __init__(self, version: SnmpVersion, community: str | bytes | Secret) -> None:
        if version not in (SnmpVersion.v1, SnmpVersion.v2c):
            raise ValueError(f"community message processing is for v1/v2c, not {version.label}")
        self.version = version
        # The community leaves its Secret here, where it becomes the message header.
        self._community = reveal_octets(community)
        self._header = community_header(version, self._community)
        # Known once: enum comparisons per request cost as much as the rest of its header.
        self._v1 = version == SnmpVersion.v1

    def __repr__(self) -> str:
        return f"CommunityProcessor({self.version.label}, community=***)"

    def prepare(self, session: Exchange) -> None:
        return None

    def encode(self, pdu: Pdu) -> bytes:
        if self._v1 and pdu.type == PduType.GETBULK:
            raise SnmpVersionError("GETBULK needs SNMPv2c or v3")
        return encode_tlv(Tag.SEQUENCE, self._header + encode_pdu(pdu))

    def decode(self, data: bytes, lazy: bool = False) -> Pdu:
        tag, pos, end = read_header(data, 0, len(data))
        if tag == Tag.SEQUENCE and end == len(data) and data.startswith(self._header, pos):
            # Our version and community, encoded as we send them: only the
            # PDU is left to read (anything else takes the checks below).
            return decode_pdu(data, pos + len(self._header), end, lazy)
        version, community, pdu = decode_community_message(data, lazy)
        if version != self.version:
            raise SnmpDecodeError(f"reply of version {version}, expected {int(self.version)}")
        if community != self._community:
            raise SnmpDecodeError("reply with another community")
        return pdu

    def handle_report(self, pdu: Pdu, session: Exchange) -> None:
        raise SnmpDecodeError("REPORT PDU in a community message")
