"""USM building blocks: HMAC truncation, DES/AES privacy, security parameters, engine clock."""

from __future__ import annotations

import hashlib
import hmac
import random

import pytest

from core.errors import SnmpDecodeError
from core.security import auth, usm
from core.security.priv import AesCfb, DesCbc

# ------------------------------------------------------------ authentication


@pytest.mark.parametrize(
    ("algorithm", "mac_length"),
    [
        (auth.HMAC_MD5_96, 12),
        (auth.HMAC_SHA_96, 12),
        (auth.HMAC_128_SHA_224, 16),
        (auth.HMAC_192_SHA_256, 24),
        (auth.HMAC_256_SHA_384, 32),
        (auth.HMAC_384_SHA_512, 48),
    ],
)
def test_hmac_is_truncated_per_rfc_3414_and_7860(algorithm: auth.AuthAlgorithm, mac_length: int) -> None:
    key = bytes(range(algorithm.digest_size))
    signer = auth.Authenticator(algorithm, key)
    message = b"head" + signer.placeholder + b"tail"
    mac = signer.sign(message)
    assert len(mac) == mac_length == len(signer.placeholder)
    assert mac == hmac.new(key, message, getattr(hashlib, algorithm.hash_name)).digest()[:mac_length]
    signed = b"head" + mac + b"tail"
    assert signer.verify(signed, 4, mac)
    flipped = bytes([mac[0] ^ 1]) + mac[1:]
    assert not signer.verify(b"head" + flipped + b"tail", 4, flipped)
    assert not signer.verify(b"heaD" + mac + b"tail", 4, mac)
    assert not signer.verify(signed, 4, mac[:-1])


def test_authenticator_refuses_a_key_of_the_wrong_length_and_hides_it() -> None:
    with pytest.raises(ValueError, match="20-octet"):
        auth.Authenticator(auth.HMAC_SHA_96, bytes(16))
    assert "key=***" in repr(auth.Authenticator(auth.HMAC_SHA_96, b"k" * 20))


# ------------------------------------------------------------ privacy


def test_des_decrypts_the_classic_des_vector() -> None:
    # DES: key 133457799BBCDFF1, plaintext 0123456789ABCDEF -> 85E813540F0AB405.
    # With salt == pre-IV the CBC IV is zero, so one block is plain DES.
    pre_iv = bytes.fromhex("a1b2c3d4e5f60718")
    des = DesCbc(bytes.fromhex("133457799bbcdff1") + pre_iv)
    plain = des.decrypt(bytes.fromhex("85e813540f0ab405"), pre_iv, 0, 0)
    assert plain == bytes.fromhex("0123456789abcdef")


def test_des_round_trip_pads_to_blocks_and_never_reuses_a_salt() -> None:
    des = DesCbc(bytes(range(16)))
    salts = set()
    for size in (1, 7, 8, 9, 100):
        plaintext = bytes(range(size))
        ciphertext, salt = des.encrypt(plaintext, 5, 99)
        assert len(ciphertext) % 8 == 0 and len(ciphertext) >= size
        assert salt[:4] == (5).to_bytes(4, "big")
        assert des.decrypt(ciphertext, salt, 5, 99)[:size] == plaintext
        salts.add(salt)
    assert len(salts) == 5


@pytest.mark.parametrize(("ciphertext", "salt"), [(b"1234567", bytes(8)), (b"", bytes(8)), (bytes(8), bytes(7))])
def test_des_refuses_broken_input(ciphertext: bytes, salt: bytes) -> None:
    with pytest.raises(SnmpDecodeError):
        DesCbc(bytes(16)).decrypt(ciphertext, salt, 0, 0)


def test_aes_cfb_matches_nist_sp800_38a_with_the_rfc3826_iv() -> None:
    # SP 800-38A F.3.13 CFB128-AES128; RFC 3826 IV = boots || time || salt.
    aes = AesCfb(bytes.fromhex("2b7e151628aed2a6abf7158809cf4f3c"))
    plain = aes.decrypt(
        bytes.fromhex("3b3fd92eb72dad20333449f8e83cfb4a"),
        bytes.fromhex("08090a0b0c0d0e0f"),
        0x00010203,
        0x04050607,
    )
    assert plain == bytes.fromhex("6bc1bee22e409f96e93d7e117393172a")


@pytest.mark.parametrize("key_length", [16, 24, 32])
def test_aes_round_trip_and_fresh_salts(key_length: int) -> None:
    aes = AesCfb(bytes(range(key_length)))
    first, salt1 = aes.encrypt(b"scoped PDU", 3, 400)
    second, salt2 = aes.encrypt(b"scoped PDU", 3, 400)
    assert salt1 != salt2 and first != second
    assert aes.decrypt(first, salt1, 3, 400) == b"scoped PDU"
    assert aes.decrypt(first, salt1, 3, 401) != b"scoped PDU"
    with pytest.raises(SnmpDecodeError):
        aes.decrypt(first, salt1[:4], 3, 400)


def _reference(mode: object, algorithm: object, data: bytes, decrypt: bool) -> bytes:
    from cryptography.hazmat.primitives.ciphers import Cipher

    context = Cipher(algorithm, mode).decryptor() if decrypt else Cipher(algorithm, mode).encryptor()
    return context.update(data) + context.finalize()


def test_aes_session_contexts_match_fresh_cfb_ciphers_message_after_message() -> None:
    from cryptography.hazmat.primitives.ciphers.algorithms import AES

    from core.security.priv import _crypto

    CFB = _crypto().CFB

    key = bytes(range(32))
    aes = AesCfb(key)
    rng = random.Random(3826)
    for _ in range(300):
        size = rng.choice([0, 1, 15, 16, 17, 31, 32, 33, rng.randrange(2000)])
        data = rng.randbytes(size)
        boots, engine_time = rng.randrange(1 << 31), rng.randrange(1 << 31)
        iv = boots.to_bytes(4, "big") + engine_time.to_bytes(4, "big")
        if rng.random() < 0.5:
            ciphertext, salt = aes.encrypt(data, boots, engine_time)
            assert ciphertext == _reference(CFB(iv + salt), AES(key), data, decrypt=False)
        else:
            salt = rng.randbytes(8)
            assert aes.decrypt(data, salt, boots, engine_time) == _reference(CFB(iv + salt), AES(key), data, decrypt=True)


def test_des_session_decryptor_matches_fresh_cbc_ciphers() -> None:
    from cryptography.hazmat.primitives.ciphers.modes import CBC

    from core.security.priv import _crypto

    TripleDES = _crypto().TripleDES

    key = bytes(range(16))
    des = DesCbc(key)
    rng = random.Random(3414)
    for _ in range(100):
        data = rng.randbytes(8 * rng.randint(1, 100))
        salt = rng.randbytes(8)
        iv = bytes(a ^ b for a, b in zip(key[8:], salt))
        assert des.decrypt(data, salt, 0, 0) == _reference(CBC(iv), TripleDES(key[:8] * 3), data, decrypt=True)


# ------------------------------------------------------------ security parameters


def test_usm_parameters_round_trip_and_locate_the_mac() -> None:
    mac = bytes(range(1, 25))
    wrapped, auth_at = usm.encode_usm_parameters(b"\x80\x00\x1f\x88\x01", 7, 123456, b"bob", mac, b"saltsalt")
    assert wrapped[auth_at : auth_at + len(mac)] == mac
    params, found_at = usm.decode_usm_parameters(wrapped, 2, len(wrapped))
    assert found_at == auth_at
    assert params == usm.UsmParameters(b"\x80\x00\x1f\x88\x01", 7, 123456, b"bob", mac, b"saltsalt")


def test_usm_parameters_with_long_lengths_locate_the_mac() -> None:
    mac = bytes(range(48))
    engine = bytes(range(32))
    wrapped, auth_at = usm.encode_usm_parameters(engine, 2147483647, 2147483647, b"u" * 32, mac, b"p" * 8)
    assert wrapped[auth_at : auth_at + 48] == mac
    header = 3 if len(wrapped) - 3 >= 128 else 2
    assert usm.decode_usm_parameters(wrapped, header, len(wrapped))[1] == auth_at


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x04\x00",  # not a SEQUENCE
        b"\x30\x03\x04\x01\x00",  # missing fields
        b"\x30\x0e\x04\x00\x02\x01\x00\x02\x01\x00\x04\x00\x02\x00\x04\x00",  # auth not OCTET STRING
        b"\x30\x0f\x04\x00\x02\x01\xff\x02\x01\x00\x04\x00\x04\x00\x04\x00",  # negative boots
    ],
)
def test_broken_usm_parameters_raise_decode_errors(content: bytes) -> None:
    with pytest.raises(SnmpDecodeError):
        usm.decode_usm_parameters(content, 0, len(content))


# ------------------------------------------------------------ engine clock


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> tuple[usm.EngineClock, FakeMonotonic]:
    fake = FakeMonotonic()
    monkeypatch.setattr(usm.time, "monotonic", fake)
    engine_clock = usm.EngineClock()
    engine_clock.reset(4, 500)
    return engine_clock, fake


def test_clock_advances_with_local_time(clock: tuple[usm.EngineClock, FakeMonotonic]) -> None:
    engine_clock, fake = clock
    fake.now += 42.7
    assert engine_clock.now() == (4, 542)


def test_clock_time_window_rules(clock: tuple[usm.EngineClock, FakeMonotonic]) -> None:
    engine_clock, fake = clock
    fake.now += 300
    assert engine_clock.accept(4, 800)  # on time
    assert engine_clock.accept(4, 651)  # late but within 150 s
    assert not engine_clock.accept(4, 640)  # more than 150 s behind
    assert not engine_clock.accept(3, 10_000)  # an older boot
    assert engine_clock.now() == (4, 800)
    assert engine_clock.accept(5, 3)  # the agent restarted: adopt
    assert engine_clock.now() == (5, 3)
    engine_clock.reset(usm.MAX_ENGINE_BOOTS, 0)
    assert not engine_clock.accept(usm.MAX_ENGINE_BOOTS, 0)  # boots latched: never in time
