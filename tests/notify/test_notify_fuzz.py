"""Fuzz of the receiver's decoder: mutated notifications of every version never crash it.

Seeded and deterministic: 100,000 mutations (byte flips, insertions, deletions,
truncations, length-octet damage) of valid v1, v2c, inform and v3 messages. Only
``SnmpError`` subclasses may escape ``decode``; ``receive`` never raises.
"""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import SnmpError
from core.notify import ConfiguredUser, NotificationDecoder
from core.pdu import PduType

from notify.notify_helpers import LOCAL, SENDER_ENGINE, SOURCE, make_user, v1_trap, v2c_message, v3_trap

OUR_ENGINE = bytes.fromhex("80007ed90500112233445566")
USER = make_user()
SEEDS = [
    v1_trap(),
    v1_trap(generic=6, specific=9, varbinds=[("1.3.6.1.2.1.1.5.0", b"x" * 40), ("1.3.6.1.2.1.1.3.0", 5)]),
    v2c_message(),
    v2c_message(PduType.INFORM),
    v3_trap(USER),
    v3_trap(USER, engine_id=OUR_ENGINE, pdu_type=PduType.INFORM),
    v3_trap(make_user(priv=None), engine_id=OUR_ENGINE),
]
CASES = 100_000


def _decoder() -> NotificationDecoder:
    users = [ConfiguredUser(USER, SENDER_ENGINE), ConfiguredUser(USER), ConfiguredUser(make_user("u2", priv=None))]
    return NotificationDecoder(engine_id=OUR_ENGINE, users=users)


def _mutate(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        choice = rng.random()
        where = rng.randrange(len(buf)) if buf else 0
        if choice < 0.4 and buf:
            buf[where] = rng.randrange(256)
        elif choice < 0.55:
            buf[where:where] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        elif choice < 0.7 and buf:
            del buf[where : where + rng.randint(1, 8)]
        elif choice < 0.85:
            del buf[rng.randrange(len(buf) + 1) :]
        elif buf:
            # a length octet made long-form or huge
            buf[where] = rng.choice((0x81, 0x82, 0x84, 0x85, 0xFF, 0x80, 0x7F))
    return bytes(buf)


def test_mutated_notifications_only_raise_snmp_errors() -> None:
    rng = random.Random(16)
    decoder = _decoder()
    outcomes = {"notification": 0, "dropped": 0, "error": 0}
    for _ in range(CASES):
        data = _mutate(rng, rng.choice(SEEDS))
        try:
            decoded = decoder.decode(data, SOURCE, LOCAL)
        except SnmpError:
            outcomes["error"] += 1
            continue
        outcomes["notification" if decoded.notification is not None else "dropped"] += 1
    # The mutations reach every outcome (they are not all rejected at the first octet).
    assert all(count > 100 for count in outcomes.values()), outcomes


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_never_raise_from_receive(data: bytes) -> None:
    decoded = _decoder().receive(data, SOURCE, LOCAL)
    assert decoded.notification is None or decoded.notification.varbinds is not None
