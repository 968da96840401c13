"""V3Processor's fast paths against its general ones, on the inputs at their edges.

A response in the envelope of the last one accepted (``_decode_known``) must come out
exactly as the general decoder (``_decode``) gives it, accepted or refused, whatever
differs in it: msgID, MAC, salt, encrypted data, the PDU's type and request-id, its
context, the engine time. A request's msgID sits after headers the sender keeps
(``_seal``): its octets and msgGlobalData's length must be right for every value.
"""

from __future__ import annotations

import random
import types

import pytest

import core.security.usm

from core import Aes128Key, DesKey, Md5Key, SnmpDecodeError, User
from core.ber import encode_integer, encode_octets, encode_tlv, read_header
from core.message.v3 import FLAG_AUTH, FLAG_PRIV, V3Processor
from core.pdu import Pdu, PduType, encode_pdu
from core.security import Sha256Key
from core.types import Tag

from tests.core.test_v3_message import ENGINE, processor, split

AUTH_PASS = b"fastpath-auth-pass"
PRIV_PASS = b"fastpath-priv-pass"
USERS = {
    "SHA-256/AES": User("walker", auth_key=Sha256Key(AUTH_PASS), priv_key=Aes128Key(PRIV_PASS)),
    "MD5/DES": User("walker", auth_key=Md5Key(AUTH_PASS), priv_key=DesKey(PRIV_PASS)),
    "SHA-256": User("walker", auth_key=Sha256Key(AUTH_PASS)),
}


@pytest.fixture(autouse=True)
def _still_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Engine clocks that do not tick while a test runs (the envelope holds the engine time)."""
    monkeypatch.setattr(core.security.usm, "time", types.SimpleNamespace(monotonic=lambda: 1000.0))


def _response(request_id: int, size: int, pdu_type: int = PduType.RESPONSE) -> Pdu:
    varbinds = [(f"1.3.6.1.2.1.2.2.1.2.{index}", b"v" * size) for index in range(1, 4)]
    return Pdu(pdu_type, request_id, 0, 0, varbinds)


def _sealed(agent: V3Processor, pdu: Pdu, msg_id: int, context: bytes | None = None) -> bytes:
    """``pdu`` in a message of msgID ``msg_id`` (a request-id of its own possible), maybe in
    another context, as ``agent`` seals its messages."""
    boots, engine_time = agent.clock.now()
    head = agent._scoped_head if context is None else encode_octets(ENGINE) + encode_octets(context)
    scoped = encode_tlv(Tag.SEQUENCE, head + encode_pdu(pdu))
    flags = FLAG_AUTH | (FLAG_PRIV if agent._priv is not None else 0)
    return agent._seal(scoped, msg_id, flags, agent._engine_tlv, agent._user_tlv, boots, engine_time)


def _outcome(client: V3Processor, data: bytes) -> object:
    """What decoding ``data`` gives: the PDU (varbinds decoded), the engine clock and whether
    the report machinery was touched; or the error."""
    try:
        pdu = client.decode(data, lazy=True)
        pdu.materialize()
    except SnmpDecodeError as exc:
        return str(exc)
    return pdu, client.clock.boots, client.clock.latest, client._report is not None


REQUEST_IDS = (5, 6, 127, 128, 300, 70000, 1 << 24, (1 << 31) - 1)


def _cases(agent: V3Processor, rng: random.Random) -> list[tuple[int, bytes]]:
    """(request-id, message) of messages that share a seed's envelope (when their msgIDs
    have as many octets), and some that do not, valid or not."""
    out = []
    for _ in range(40):
        request_id = rng.choice(REQUEST_IDS)
        size = rng.choice((1, 20, 40, 100))  # message lengths in all three outer length forms
        pdu_type = PduType.REPORT if rng.random() < 0.1 else PduType.RESPONSE
        msg_id = request_id if rng.random() < 0.8 else request_id + 1
        context = None if rng.random() < 0.85 else rng.choice((b"", b"ctx2", b"ctx1\x00"))
        message = _sealed(agent, _response(request_id, size, pdu_type), msg_id, context)
        out.append((request_id, message))
        mutated = bytearray(message)
        where = rng.randrange(len(mutated))
        mutated[where] ^= 1 << rng.randrange(8)
        out.append((request_id, bytes(mutated)))
    return out


@pytest.mark.parametrize("label", sorted(USERS))
def test_responses_in_a_known_envelope_decode_as_the_general_decoder_decides(label: str) -> None:
    rng = random.Random(label)
    user = USERS[label]
    agent, warm = processor(user, context_name="ctx1"), processor(user, context_name="ctx1")
    # Seeds by the length of their msgID.
    seeds = {
        (request_id.bit_length() + 8) // 8: [_sealed(agent, _response(request_id, size), request_id) for size in (1, 40, 100)]
        for request_id in (5, 300, 70000, 1 << 24)
    }
    fast = 0
    general = warm._decode
    calls = []
    warm._decode = lambda data, lazy=False: calls.append(data) or general(data, lazy)  # type: ignore[method-assign]
    for _ in range(6):
        for request_id, data in _cases(agent, rng):
            id_length = (request_id.bit_length() + 8) // 8 if rng.random() < 0.8 else rng.randint(1, 4)
            warm.decode(rng.choice(seeds[id_length]))  # the envelope to reuse
            assert warm._known is not None
            warm._report = None
            calls.clear()
            got = _outcome(warm, data)
            fresh = processor(user, context_name="ctx1")
            assert fresh._known is None
            assert got == _outcome(fresh, data), data.hex()
            fast += not calls
    assert fast > 80  # most valid cases were decided by the fast path alone


def test_the_time_window_and_a_new_engine_time_are_checked_on_the_fast_path() -> None:
    user = USERS["SHA-256/AES"]
    agent, client = processor(user), processor(user)
    client.decode(_sealed(agent, _response(5, 10), 5))
    assert client._known is not None
    # The agent's clock is now far behind ours: outside the window, refused as the
    # general decoder refuses it.
    client.clock.reset(9, 777 + 1000)
    with pytest.raises(SnmpDecodeError, match="time window"):
        client.decode(_sealed(agent, _response(6, 10), 6))
    # A later engine time is a new envelope, read in full and then remembered.
    client.clock.reset(9, 777)
    agent.clock.reset(9, 790)
    assert client.decode(_sealed(agent, _response(7, 10), 7)).request_id == 7
    assert client.clock.latest == 790 and client._known is not None and client._known.time == 790


def test_a_new_engine_id_forgets_the_envelope() -> None:
    user = USERS["SHA-256/AES"]
    agent, client = processor(user), processor(user)
    client.decode(_sealed(agent, _response(5, 10), 5))
    client._use_engine(ENGINE[:-1] + b"\x01")
    assert client._known is None
    with pytest.raises(SnmpDecodeError, match="another engine id"):
        client.decode(_sealed(agent, _response(6, 10), 6))


@pytest.mark.parametrize(
    "msg_id",
    [0, 1, 127, 128, 255, 256, 32767, 32768, 65535, 1 << 23, (1 << 24) - 1, 1 << 24, (1 << 31) - 1,
     1 << 31, -1, -129],  # fmt: skip
)
def test_the_msgid_of_a_request_has_encode_integers_octets(msg_id: int) -> None:
    user = USERS["SHA-256/AES"]
    mp = processor(user)
    message = mp.encode(Pdu(PduType.GETBULK, msg_id, 0, 10, [("1.3.6.1.2.1.2", None)]))
    assert split(message)["msg_id"] == msg_id
    _, pos, _ = read_header(message, 0, len(message))
    id_tlv = encode_integer(msg_id)
    # msgVersion, msgGlobalData's header (its length), the msgID.
    assert message[pos : pos + 5 + len(id_tlv)] == b"\x02\x01\x03\x30" + bytes((len(id_tlv) + 11,)) + id_tlv
