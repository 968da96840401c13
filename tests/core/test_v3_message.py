"""The SNMPv3 message format (RFC 3412) as V3Processor writes and reads it, without a network."""

from __future__ import annotations

import hashlib
import hmac
import random

import pytest

from core import Aes128Key, DesKey, Md5Key, SnmpDecodeError, User
from core.ber import read_header, read_integer, read_octets
from core.message.v3 import MAX_MESSAGE_SIZE, V3Processor
from core.pdu import Pdu, PduType, decode_pdu
from core.security import Sha384Key
from core.security.derive import localized_password_key
from core.security.usm import decode_usm_parameters
from core.types import TimeTicks

ENGINE = bytes.fromhex("80001f888011be4f5ae927056b00000000")
AUTH_PASS = b"message-auth-pass"
PRIV_PASS = b"message-priv-pass"


def processor(user: User, **kwargs: object) -> V3Processor:
    mp = V3Processor(user, engine_id=ENGINE, **kwargs)  # type: ignore[arg-type]
    mp.clock.reset(9, 777)
    return mp


def split(message: bytes) -> dict:
    """An independent reading of the message fields."""
    _, pos, end = read_header(message, 0, len(message))
    version, pos = read_integer(message, pos, end)
    _, gpos, gend = read_header(message, pos, end)
    msg_id, gpos = read_integer(message, gpos, gend)
    max_size, gpos = read_integer(message, gpos, gend)
    flags, gpos = read_octets(message, gpos, gend)
    model, gpos = read_integer(message, gpos, gend)
    _, spos, send = read_header(message, gend, end)
    params, auth_at = decode_usm_parameters(message, spos, send)
    return {
        "version": version, "msg_id": msg_id, "max_size": max_size, "flags": flags[0],
        "model": model, "params": params, "auth_at": auth_at, "data_at": send, "end": end,
    }


def test_authpriv_request_layout_mac_and_encryption() -> None:
    user = User("carol", auth_key=Sha384Key(AUTH_PASS), priv_key=DesKey(PRIV_PASS))
    request = Pdu(PduType.GETBULK, 4242, 0, 25, [("1.3.6.1.2.1.2", None)])
    message = processor(user, context_name="bridge1").encode(request)
    fields = split(message)
    params = fields["params"]
    assert (fields["version"], fields["msg_id"], fields["max_size"], fields["model"]) == (3, 4242, MAX_MESSAGE_SIZE, 3)
    assert fields["flags"] == 0x07  # auth | priv | reportable
    assert (params.engine_id, params.boots, params.user_name) == (ENGINE, 9, b"carol")
    assert abs(params.time - 777) <= 1
    assert len(params.auth) == 32 and len(params.priv) == 8

    key = localized_password_key("sha384", AUTH_PASS, ENGINE)
    at = fields["auth_at"]
    zeroed = message[:at] + bytes(32) + message[at + 32 :]
    assert hmac.new(key, zeroed, hashlib.sha384).digest()[:32] == params.auth

    ciphertext, _ = read_octets(message, fields["data_at"], fields["end"])
    plain = DesKey(PRIV_PASS).cipher(ENGINE, Sha384Key.algorithm).decrypt(ciphertext, params.priv, 9, params.time)
    _, pos, scoped_end = read_header(plain, 0, len(plain))
    context_engine, pos = read_octets(plain, pos, scoped_end)
    context_name, pos = read_octets(plain, pos, scoped_end)
    assert (context_engine, context_name) == (ENGINE, b"bridge1")
    assert decode_pdu(plain, pos, scoped_end) == request


def test_noauth_request_is_plain_and_responses_are_not_reportable() -> None:
    mp = processor(User("guest"), context_engine_id=b"\x80\x00\x00\x00\x09")
    message = mp.encode(Pdu(PduType.GET, 7, 0, 0, [("1.3.6.1.2.1.1.1.0", None)]))
    fields = split(message)
    assert fields["flags"] == 0x04 and fields["params"].auth == b"" and fields["params"].priv == b""
    _, pos, end = read_header(message, fields["data_at"], fields["end"])
    assert read_octets(message, pos, end)[0] == b"\x80\x00\x00\x00\x09"
    response = mp.encode(Pdu(PduType.RESPONSE, 7, 0, 0, []))
    assert split(response)["flags"] == 0x00


@pytest.mark.parametrize(
    "user",
    [
        User("guest"),
        User("dave", auth_key=Md5Key(AUTH_PASS)),
        User("erin", auth_key=Sha384Key(AUTH_PASS), priv_key=Aes128Key(PRIV_PASS)),
        User("fred", auth_key=Md5Key(AUTH_PASS), priv_key=DesKey(PRIV_PASS)),
    ],
)
def test_a_response_from_the_same_user_and_engine_decodes(user: User) -> None:
    agent, client = processor(user), processor(user)
    response = Pdu(PduType.RESPONSE, 99, 0, 0, [("1.3.6.1.2.1.1.3.0", TimeTicks(5))])
    assert client.decode(agent.encode(response)) == response


def test_decoder_raises_only_decode_errors_on_mutations() -> None:
    """Mutated authPriv and noAuth responses never raise anything but SnmpDecodeError,
    and no mutation of an authenticated message is ever accepted."""
    rng = random.Random(3412)
    cases = 0
    for user in (User("guest"), User("erin", auth_key=Sha384Key(AUTH_PASS), priv_key=Aes128Key(PRIV_PASS))):
        agent, client = processor(user), processor(user)
        valid = agent.encode(Pdu(PduType.RESPONSE, 5, 0, 0, [("1.3.6.1.2.1.1.5.0", b"name")]))
        for _ in range(4000):
            data = bytearray(valid)
            for _ in range(rng.randint(1, 4)):
                op = rng.random()
                where = rng.randrange(len(data))
                if op < 0.6:
                    data[where] = rng.randrange(256)
                elif op < 0.8:
                    del data[where : where + rng.randint(1, 8)]
                else:
                    data[where:where] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
            cases += 1
            try:
                decoded = client.decode(bytes(data))
            except SnmpDecodeError:
                continue
            if user.auth_key is not None:
                assert bytes(data) == valid, "a modified authenticated message was accepted"
            assert isinstance(decoded, Pdu)
    for _ in range(2000):
        junk = bytes(rng.randrange(256) for _ in range(rng.randint(0, 200)))
        with pytest.raises(SnmpDecodeError):
            client.decode(b"\x30" + bytes([len(junk)]) + junk if len(junk) < 128 else junk)
        cases += 1
    assert cases == 10_000


@pytest.mark.parametrize(
    ("engine_id", "message"),
    [(b"", "5 to 32 octets"), (b"\x80" * 33, "5 to 32 octets"), ("zz", "not hex")],
)
def test_bad_engine_ids_are_refused(engine_id: bytes | str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        V3Processor(User("guest"), engine_id=engine_id)  # type: ignore[arg-type]


def test_engine_id_may_be_hex_text() -> None:
    assert V3Processor(User("guest"), engine_id="0x" + ENGINE.hex()).engine_id == ENGINE


def test_v3_needs_a_user_object() -> None:
    with pytest.raises(TypeError, match="core.User"):
        V3Processor("guest")  # type: ignore[arg-type]


def _outcome(client: V3Processor, data: bytes) -> object:
    """What decoding ``data`` gives: the PDU and the engine clock, or the error."""
    try:
        pdu = client.decode(data)
    except SnmpDecodeError as exc:
        return str(exc)
    return pdu, client.clock.boots, client.clock.latest


def test_remembered_layouts_decide_every_message_as_a_fresh_decoder_does() -> None:
    """The decoder reuses what it read in the last message (the USM fields, msgGlobalData's
    tail, our context) when the octets are the same: mutations of a message just decoded,
    in the fields it remembers, come out as they do for a decoder that saw nothing before."""
    rng = random.Random(3414)
    users = (User("guest"), User("erin", auth_key=Sha384Key(AUTH_PASS), priv_key=Aes128Key(PRIV_PASS)))
    differing = 0
    for user in users:
        agent, warm = processor(user), processor(user)
        valid = [
            agent.encode(Pdu(PduType.RESPONSE, 5, 0, 0, [("1.3.6.1.2.1.1.5.0", b"x" * size)]))
            for size in (4, 5, 200)
        ]
        for _ in range(3000):
            seed = rng.choice(valid)
            assert not isinstance(_outcome(warm, seed), str)
            data = bytearray(seed)
            # Mutations in the headers, where the remembered octets are.
            where = rng.randrange(min(len(data), 120))
            if rng.random() < 0.7:
                data[where] = rng.choice((0, 1, 2, 3, 4, 8, 0x30, 0x7F, 0x80, 0x81, rng.randrange(256)))
            elif rng.random() < 0.5:
                del data[where : where + rng.randint(1, 3)]
            else:
                data[where:where] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 3)))
            data = bytes(data)
            warm.clock.reset(9, 777)
            fresh = processor(user)
            got, expected = _outcome(warm, data), _outcome(fresh, data)
            assert got == expected, data.hex()
            differing += data != seed
    assert differing > 5000
