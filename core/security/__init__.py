"""The User-based Security Model (RFC 3414, RFC 7860, RFC 3826): users, keys, HMAC, ciphers.

``derive`` turns passphrases into localized keys, ``keys`` and ``user`` are the
public API (``User``, ``Sha256Key``, ``Aes128Key``...), ``auth`` and ``priv``
sign and encrypt, ``usm`` encodes the security parameters and keeps the
agent's clock, ``reports`` maps REPORT counters to exceptions. The message
format itself is ``core.message.v3``.
"""

from core.security.derive import KeyExtension
from core.security.keys import (
    AUTH_KEY_CLASSES,
    PRIV_KEY_CLASSES,
    Aes128Key,
    Aes192CKey,
    Aes192Key,
    Aes256CKey,
    Aes256Key,
    AuthKey,
    DesKey,
    KeyType,
    Md5Key,
    PrivKey,
    Sha1Key,
    Sha224Key,
    Sha256Key,
    Sha384Key,
    Sha512Key,
    auth_key_class,
    priv_key_class,
)
from core.errors import (
    InvalidMessage,
    UnavailableContext,
    UnknownContext,
    UnknownPduHandler,
    UnknownSecurityModel,
)
from core.security.user import SecurityLevel, User

__all__ = [
    "User",
    "SecurityLevel",
    "KeyType",
    "KeyExtension",
    "AuthKey",
    "PrivKey",
    "Md5Key",
    "Sha1Key",
    "Sha224Key",
    "Sha256Key",
    "Sha384Key",
    "Sha512Key",
    "DesKey",
    "Aes128Key",
    "Aes192Key",
    "Aes256Key",
    "Aes192CKey",
    "Aes256CKey",
    "AUTH_KEY_CLASSES",
    "PRIV_KEY_CLASSES",
    "auth_key_class",
    "priv_key_class",
    "UnknownSecurityModel",
    "InvalidMessage",
    "UnknownPduHandler",
    "UnavailableContext",
    "UnknownContext",
]
