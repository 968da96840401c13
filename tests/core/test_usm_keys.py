"""USM key derivation and the key/user classes: known answers, validation, secrecy."""

from __future__ import annotations

import pickle

import pytest

from core import (
    Aes128Key,
    Aes192CKey,
    Aes192Key,
    Aes256CKey,
    Aes256Key,
    DesKey,
    KeyType,
    Md5Key,
    SecurityLevel,
    Sha1Key,
    Sha224Key,
    Sha256Key,
    Sha384Key,
    Sha512Key,
    User,
)
from core.security import auth_key_class, priv_key_class
from core.security.derive import (
    KeyExtension,
    extend_key,
    localize_key,
    localized_password_key,
    password_to_key,
)

ENGINE_A3 = bytes.fromhex("000000000000000000000002")
MAPLESYRUP = b"maplesyrup"


# RFC 3414 A.3.1 and A.3.2.
@pytest.mark.parametrize(
    ("hash_name", "master", "localized"),
    [
        ("md5", "9faf3283884e92834ebc9847d8edd963", "526f5eed9fcce26f8964c2930787d82b"),
        (
            "sha1",
            "9fb5cc0381497b3793528939ff788d5d79145211",
            "6695febc9288e36282235fc7151f128497b38f3f",
        ),
    ],
)
def test_rfc3414_password_to_key_and_localization(hash_name: str, master: str, localized: str) -> None:
    ku = password_to_key(hash_name, MAPLESYRUP)
    assert ku.hex() == master
    assert localize_key(hash_name, ku, ENGINE_A3).hex() == localized


# Localized keys for "maplesyrup" at engine 00..02 with the SHA-2 hashes (RFC 7860).
# Checked against net-snmp 5.9.3: an snmpd with `exactEngineID 0x000000000000000000000002`
# and users created from the passphrase answered `snmpget -3k <these keys>`.
SHA2_LOCALIZED = {
    "sha224": "0bd8827c6e29f8065e08e09237f177e410f69b90e1782be682075674",
    "sha256": "8982e0e549e866db361a6b625d84cccc11162d453ee8ce3a6445c2d6776f0f8b",
    "sha384": "3b298f16164a11184279d5432bf169e2d2a48307de02b3d3f7e2b4f36eb6f045"
    "5a53689a3937eea07319a633d2ccba78",
    "sha512": "22a5a36cedfcc085807a128d7bc6c2382167ad6c0dbc5fdff856740f3d84c099"
    "ad1ea87a8db096714d9788bd544047c9021e4229ce27e4c0a69250adfcffbb0b",
}


@pytest.mark.parametrize("hash_name", sorted(SHA2_LOCALIZED))
def test_sha2_localized_keys_match_net_snmp(hash_name: str) -> None:
    key = localize_key(hash_name, password_to_key(hash_name, MAPLESYRUP), ENGINE_A3)
    assert key.hex() == SHA2_LOCALIZED[hash_name]


# Extended AES keys from the same passphrase and engine, checked the same way
# (`-x AES-256`/`AES-256-C` with MD5, `-x AES-192`/`AES-192-C` with SHA, `-3K`).
EXTENDED = [
    ("md5", 32, KeyExtension.Blumenthal, "526f5eed9fcce26f8964c2930787d82bfa24a92467426c2f4b09192be10dfaec"),
    ("md5", 32, KeyExtension.Reeder, "526f5eed9fcce26f8964c2930787d82b79eff44a90650ee0a3a40abfac5acc12"),
    ("sha1", 24, KeyExtension.Blumenthal, "6695febc9288e36282235fc7151f128497b38f3f505e07eb"),
    ("sha1", 24, KeyExtension.Reeder, "6695febc9288e36282235fc7151f128497b38f3f9b8b6d78"),
]


@pytest.mark.parametrize(("hash_name", "length", "extension", "expected"), EXTENDED)
def test_key_extensions_match_net_snmp(
    hash_name: str, length: int, extension: KeyExtension, expected: str
) -> None:
    localized = localized_password_key(hash_name, MAPLESYRUP, ENGINE_A3)
    assert extend_key(hash_name, localized, ENGINE_A3, length, extension).hex() == expected


def test_extension_keeps_a_long_enough_key_and_only_cuts_it() -> None:
    localized = localized_password_key("sha256", MAPLESYRUP, ENGINE_A3)
    assert extend_key("sha256", localized, ENGINE_A3, 24, KeyExtension.Reeder) == localized[:24]


def test_password_to_key_uses_exactly_one_mebibyte() -> None:
    # A passphrase whose repetition does not end on the 1 MiB boundary.
    import hashlib

    passphrase = b"abcdefghijk"
    data = (passphrase * 100_000)[: 1 << 20]
    assert password_to_key("sha1", passphrase) == hashlib.sha1(data).digest()


def test_password_key_derivation_is_cached_per_engine() -> None:
    localized_password_key.cache_clear()
    passphrase = b"cache-test-pass"
    first = localized_password_key("sha256", passphrase, ENGINE_A3)
    again = localized_password_key("sha256", passphrase, ENGINE_A3)
    other_engine = localized_password_key("sha256", passphrase, b"\x80\x00\x00\x00\x01")
    info = localized_password_key.cache_info()
    assert first == again != other_engine
    assert (info.hits, info.misses) == (1, 2)


# ------------------------------------------------------------ key classes

AUTH_CLASSES = [Md5Key, Sha1Key, Sha224Key, Sha256Key, Sha384Key, Sha512Key]
PRIV_CLASSES = [DesKey, Aes128Key, Aes192Key, Aes256Key, Aes192CKey, Aes256CKey]


@pytest.mark.parametrize("cls", AUTH_CLASSES + PRIV_CLASSES)
@pytest.mark.parametrize("passphrase", [b"", b"Xq7#pz", "sev3n!7"])
def test_empty_or_short_passphrases_are_refused(cls: type, passphrase: bytes | str) -> None:
    with pytest.raises(ValueError, match="empty|at least 8 characters") as info:
        cls(passphrase)
    if passphrase:
        assert str(passphrase if isinstance(passphrase, str) else passphrase.decode()) not in str(info.value)


@pytest.mark.parametrize("cls", AUTH_CLASSES)
def test_auth_master_and_localized_keys_must_have_the_hash_length(cls: type) -> None:
    size = cls.algorithm.digest_size
    for key_type in (KeyType.Master, KeyType.Localized):
        assert cls(bytes(size), key_type).key_type == key_type
        with pytest.raises(ValueError, match=f"{size} octets"):
            cls(bytes(size - 1), key_type)


def test_priv_master_key_must_match_the_auth_hash() -> None:
    with pytest.raises(ValueError, match="20 octets"):
        User("u", auth_key=Sha1Key(b"authpassphrase"), priv_key=Aes128Key(bytes(16), KeyType.Master))
    user = User("u", auth_key=Sha1Key(b"authpassphrase"), priv_key=Aes128Key(bytes(20), KeyType.Master))
    assert user.level == SecurityLevel.authPriv


def test_keys_never_show_their_secret() -> None:
    secret = "Sup3r-Secret-Passphrase"
    keys = [Sha256Key(secret), Aes256CKey(secret.encode()), Md5Key(bytes.fromhex("00" * 15 + "41"), KeyType.Localized)]
    for key in keys:
        for text in (repr(key), str(key), f"{key}"):
            assert secret not in text
            assert "hidden" in text
    assert repr(keys[0]) == "Sha256Key(<password hidden>)"
    with pytest.raises(TypeError, match="not picklable"):
        pickle.dumps(keys[0])


def test_users_and_keys_can_be_copied() -> None:
    import copy

    user = User("u", auth_key=Sha1Key("auth-passphrase"), priv_key=DesKey("priv-passphrase"))
    clone = copy.deepcopy(user)
    assert clone is not user and clone.auth_key is user.auth_key and clone.level == user.level
    assert copy.copy(user.priv_key) is user.priv_key


def test_user_levels_and_repr() -> None:
    auth = Sha512Key(b"auth-passphrase")
    priv = Aes192CKey(b"priv-passphrase")
    assert User("a").level == SecurityLevel.noAuthNoPriv
    assert User("a", auth_key=auth).level == SecurityLevel.authNoPriv
    user = User("a", auth_key=auth, priv_key=priv)
    assert user.level == SecurityLevel.authPriv
    assert repr(user) == "User('a', auth=SHA-512, priv=AES-192-C)"
    assert "passphrase" not in repr(user)


def test_privacy_without_authentication_is_refused() -> None:
    with pytest.raises(ValueError, match="needs authentication"):
        User("u", priv_key=Aes128Key(b"priv-passphrase"))


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"auth_key": Aes128Key(b"priv-passphrase")}, TypeError),
        ({"auth_key": Sha1Key(b"auth-passphrase"), "priv_key": Sha1Key(b"auth-passphrase")}, TypeError),
        ({"auth_key": "auth-passphrase"}, TypeError),
    ],
)
def test_keys_of_the_wrong_kind_are_refused(kwargs: dict, error: type) -> None:
    with pytest.raises(error):
        User("u", **kwargs)


@pytest.mark.parametrize("name", ["", "x" * 33])
def test_bad_user_names_are_refused(name: str) -> None:
    with pytest.raises(ValueError, match="user name"):
        User(name)


def test_net_snmp_protocol_names_map_to_key_classes() -> None:
    assert auth_key_class("sha") is Sha1Key
    assert auth_key_class("SHA-256") is Sha256Key
    assert priv_key_class("AES") is Aes128Key
    assert priv_key_class("aes-128") is Aes128Key
    assert priv_key_class("AES-192") is Aes192Key
    assert priv_key_class("AES-256-C") is Aes256CKey
    with pytest.raises(ValueError, match="unknown privacy protocol 'AES-512'.*AES-256-C"):
        priv_key_class("AES-512")


@pytest.mark.parametrize(
    ("cls", "extension"),
    [(Aes192Key, KeyExtension.Blumenthal), (Aes192CKey, KeyExtension.Reeder),
     (Aes256Key, KeyExtension.Blumenthal), (Aes256CKey, KeyExtension.Reeder)],
)
def test_localized_short_priv_key_is_extended_like_a_password_derived_one(
    cls: type, extension: KeyExtension
) -> None:
    # net-snmp's -3K extends a localized key shorter than the cipher's key the same way.
    localized = localized_password_key("sha1", MAPLESYRUP, ENGINE_A3)
    from_password = cls(MAPLESYRUP).cipher(ENGINE_A3, Sha1Key.algorithm)
    from_localized = cls(localized, KeyType.Localized).cipher(ENGINE_A3, Sha1Key.algorithm)
    plaintext = b"scoped pdu bytes"
    ciphertext, salt = from_password.encrypt(plaintext, 7, 1234)
    assert from_localized.decrypt(ciphertext, salt, 7, 1234) == plaintext
    assert cls.algorithm.extension is extension
