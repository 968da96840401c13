"""Shared helpers for the notification tests: messages built with our own encoders."""

from __future__ import annotations

from typing import Any

from core.ber import encode_integer, encode_oid, encode_octets, encode_tlv, encode_varbinds
from core.message.community import encode_community_message
from core.message.v3 import V3Processor
from core.pdu import Pdu, PduType
from core.security import User, auth_key_class, priv_key_class
from core.types import IpAddress, ObjectIdentifier, Tag, TimeTicks
from core.version import SnmpVersion

SENDER_ENGINE = bytes.fromhex("8000000001020304")
LINK_DOWN = "1.3.6.1.6.3.1.1.5.3"
SOURCE = ("127.0.0.1", 40000)
LOCAL = ("127.0.0.1", 1162)


def v2_varbinds(trap_oid: str = LINK_DOWN, uptime: int = 4200, extra: list[tuple[str, Any]] | None = None
                ) -> list[tuple[str, Any]]:  # fmt: skip
    return [
        ("1.3.6.1.2.1.1.3.0", TimeTicks(uptime)),
        ("1.3.6.1.6.3.1.1.4.1.0", ObjectIdentifier(trap_oid)),
        *(extra if extra is not None else [("1.3.6.1.2.1.2.2.1.1.3", 3), ("1.3.6.1.2.1.2.2.1.8.3", 2)]),
    ]


def v2c_message(pdu_type: int = PduType.TRAP_V2, request_id: int = 77, community: bytes = b"public",
                varbinds: list[tuple[str, Any]] | None = None) -> bytes:  # fmt: skip
    pdu = Pdu(pdu_type, request_id, 0, 0, v2_varbinds() if varbinds is None else varbinds)
    return encode_community_message(SnmpVersion.v2c, community, pdu)


def v1_trap(enterprise: str = "1.3.6.1.4.1.8072.2.3", agent: str = "10.1.2.3", generic: int = 2,
            specific: int = 0, stamp: int = 1234, varbinds: list[tuple[str, Any]] | None = None,
            community: bytes = b"public") -> bytes:  # fmt: skip
    body = (
        encode_oid(enterprise)
        + encode_tlv(Tag.IP_ADDRESS, bytes(int(p) for p in agent.split(".")))
        + encode_integer(generic)
        + encode_integer(specific)
        + encode_tlv(Tag.TIMETICKS, stamp.to_bytes(4, "big").lstrip(b"\0") or b"\0")
        + encode_varbinds(varbinds if varbinds is not None else [("1.3.6.1.2.1.2.2.1.1.3", 3)])
    )
    message = encode_integer(0) + encode_octets(community) + encode_tlv(PduType.TRAP_V1, body)
    return encode_tlv(Tag.SEQUENCE, message)


def make_user(name: str = "tuser", auth: str = "SHA", auth_pass: str = "authpass123", priv: str | None = "AES",
              priv_pass: str = "privpass123") -> User:  # fmt: skip
    return User(
        name,
        auth_key=auth_key_class(auth)(auth_pass),
        priv_key=priv_key_class(priv)(priv_pass) if priv else None,
    )


def v3_trap(user: User, engine_id: bytes = SENDER_ENGINE, boots: int = 1, engine_time: int = 10,
            pdu_type: int = PduType.TRAP_V2, request_id: int = 99,
            varbinds: list[tuple[str, Any]] | None = None) -> bytes:  # fmt: skip
    """A v3 notification whose authoritative engine is ``engine_id`` (built with the client's
    message processor, as a sender would)."""
    processor = V3Processor(user, engine_id=engine_id)
    processor.clock.reset(boots, engine_time)
    return processor.encode(Pdu(pdu_type, request_id, 0, 0, v2_varbinds() if varbinds is None else varbinds))


__all__ = ["IpAddress"]
