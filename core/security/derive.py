"""USM key derivation: password to key, localization and key extension.

Pure functions over bytes, tested against known answers:

- ``password_to_key`` is RFC 3414 A.2 (the passphrase repeated to 1 MiB and
  hashed), with the SHA-2 hashes of RFC 7860 used the same way;
- ``localize_key`` is RFC 3414 2.6: Kul = H(Ku || snmpEngineID || Ku);
- ``extend_key`` makes a localized key long enough for AES-192/256 when the
  hash is shorter than the cipher key, in the two ways net-snmp speaks:
  Blumenthal (draft-blumenthal-aes-usm-04 3.1.2.1: append H(key so far)) and
  Reeder (draft-reeder-snmpv3-usm-3desede 2.1, used by Cisco: append the key
  so far run through password-to-key and localized again).

Deriving from a passphrase hashes a mebibyte, so ``localized_password_key`` is
cached per (hash, passphrase, engine id): a session derives each key once.
"""

from __future__ import annotations

import hashlib
from enum import Enum
from functools import lru_cache

__all__ = [
    "EXPANSION_LENGTH",
    "MIN_PASSPHRASE_LENGTH",
    "KeyExtension",
    "password_to_key",
    "localize_key",
    "localized_password_key",
    "extend_key",
]

EXPANSION_LENGTH = 1 << 20
MIN_PASSPHRASE_LENGTH = 8


class KeyExtension(Enum):
    """How a localized key shorter than an AES-192/256 key is lengthened."""

    Blumenthal = "Blumenthal"
    Reeder = "Reeder"


def password_to_key(hash_name: str, passphrase: bytes) -> bytes:
    """Ku: the hash of ``passphrase`` repeated to exactly 1 MiB (RFC 3414 A.2)."""
    if not passphrase:
        raise ValueError("an empty passphrase cannot be turned into a key")
    repeats = EXPANSION_LENGTH // len(passphrase) + 1
    return hashlib.new(hash_name, (passphrase * repeats)[:EXPANSION_LENGTH]).digest()


def localize_key(hash_name: str, master_key: bytes, engine_id: bytes) -> bytes:
    """Kul: ``master_key`` bound to one authoritative engine (RFC 3414 2.6)."""
    return hashlib.new(hash_name, master_key + engine_id + master_key).digest()


@lru_cache(maxsize=64)
def localized_password_key(hash_name: str, passphrase: bytes, engine_id: bytes) -> bytes:
    """Kul straight from a passphrase; cached because password-to-key hashes 1 MiB."""
    return localize_key(hash_name, password_to_key(hash_name, passphrase), engine_id)


def extend_key(
    hash_name: str, key: bytes, engine_id: bytes, length: int, extension: KeyExtension
) -> bytes:
    """``key`` lengthened to at least ``length`` octets, then cut to ``length``."""
    while len(key) < length:
        if extension is KeyExtension.Blumenthal:
            key += hashlib.new(hash_name, key).digest()
        else:
            key += localized_password_key(hash_name, key, engine_id)
    return key[:length]
