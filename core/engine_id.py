"""snmpEngineID values as people write them: hex (``80001f8880...``, ``0x`` optional).

The one parser of an engine id, for the v3 processor, the connection flags (``-e``/``-E``)
and the embedded agent's ``--engine-id``; RFC 3411 allows 5 to 32 octets.
"""

from __future__ import annotations

__all__ = ["parse_engine_id", "check_engine_id"]


def parse_engine_id(text: str) -> bytes:
    """The octets of hex ``text``; ValueError saying what is wrong (callers name the flag)."""
    body = text[2:] if text[:2].lower() == "0x" else text
    try:
        raw = bytes.fromhex(body)
    except ValueError:
        raise ValueError(f"{text!r} is not hex") from None
    return check_engine_id(raw)


def check_engine_id(raw: bytes) -> bytes:
    """``raw`` when its length fits an snmpEngineID, else ValueError."""
    if not 5 <= len(raw) <= 32:
        raise ValueError(f"an engine id has 5 to 32 octets, got {len(raw)}")
    return raw
