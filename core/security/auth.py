"""USM authentication protocols: HMAC over the whole message (RFC 3414, RFC 7860).

HMAC-MD5-96 and HMAC-SHA-96 (RFC 3414 6 and 7) send the first 12 octets of
the HMAC; the SHA-2 protocols of RFC 7860 send 16, 24, 32 or 48 octets. The
MAC is computed over the whole message with msgAuthenticationParameters set
to that many zero octets, then written in their place.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import NamedTuple

__all__ = [
    "AuthAlgorithm",
    "HMAC_MD5_96",
    "HMAC_SHA_96",
    "HMAC_128_SHA_224",
    "HMAC_192_SHA_256",
    "HMAC_256_SHA_384",
    "HMAC_384_SHA_512",
    "AUTH_ALGORITHMS",
    "Authenticator",
]


class AuthAlgorithm(NamedTuple):
    """One USM authentication protocol: its hash and how much of the HMAC is sent."""

    label: str
    hash_name: str
    digest_size: int
    mac_length: int
    oid: str


HMAC_MD5_96 = AuthAlgorithm("MD5", "md5", 16, 12, "1.3.6.1.6.3.10.1.1.2")
HMAC_SHA_96 = AuthAlgorithm("SHA", "sha1", 20, 12, "1.3.6.1.6.3.10.1.1.3")
HMAC_128_SHA_224 = AuthAlgorithm("SHA-224", "sha224", 28, 16, "1.3.6.1.6.3.10.1.1.4")
HMAC_192_SHA_256 = AuthAlgorithm("SHA-256", "sha256", 32, 24, "1.3.6.1.6.3.10.1.1.5")
HMAC_256_SHA_384 = AuthAlgorithm("SHA-384", "sha384", 48, 32, "1.3.6.1.6.3.10.1.1.6")
HMAC_384_SHA_512 = AuthAlgorithm("SHA-512", "sha512", 64, 48, "1.3.6.1.6.3.10.1.1.7")

AUTH_ALGORITHMS: tuple[AuthAlgorithm, ...] = (
    HMAC_MD5_96,
    HMAC_SHA_96,
    HMAC_128_SHA_224,
    HMAC_192_SHA_256,
    HMAC_256_SHA_384,
    HMAC_384_SHA_512,
)


class Authenticator:
    """Signs and checks messages with one localized authentication key.

    HMAC (RFC 2104) with the keyed inner and outer hash states computed once:
    each message costs two hash copies instead of a fresh HMAC set-up.
    """

    __slots__ = ("algorithm", "mac_length", "placeholder", "_inner", "_outer")

    def __init__(self, algorithm: AuthAlgorithm, localized_key: bytes) -> None:
        if len(localized_key) != algorithm.digest_size:
            raise ValueError(
                f"{algorithm.label} needs a {algorithm.digest_size}-octet localized key, "
                f"got {len(localized_key)} octets"
            )
        self.algorithm = algorithm
        self.mac_length = algorithm.mac_length
        self.placeholder = bytes(algorithm.mac_length)
        block = hashlib.new(algorithm.hash_name).block_size
        padded = localized_key.ljust(block, b"\0")
        self._inner = hashlib.new(algorithm.hash_name, bytes(b ^ 0x36 for b in padded))
        self._outer = hashlib.new(algorithm.hash_name, bytes(b ^ 0x5C for b in padded))

    def __repr__(self) -> str:
        return f"Authenticator({self.algorithm.label}, key=***)"

    def sign(self, message: bytes) -> bytes:
        """The MAC of ``message`` (whose MAC field holds ``placeholder``)."""
        inner = self._inner.copy()
        inner.update(message)
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.digest()[: self.mac_length]

    def mac(self, before: bytes, after: bytes | memoryview) -> bytes:
        """The MAC of the message ``before`` + ``placeholder`` + ``after`` (its octets
        around the MAC field), so that a sender joins the message only once."""
        inner = self._inner.copy()
        inner.update(before)
        inner.update(self.placeholder)
        inner.update(after)
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.digest()[: self.mac_length]

    def verify(self, message: bytes, offset: int, mac: bytes) -> bool:
        """Whether ``mac``, found at ``offset`` in ``message``, authenticates it."""
        length = self.mac_length
        if len(mac) != length:
            return False
        expected = self.mac(message[:offset], memoryview(message)[offset + length :])
        return hmac.compare_digest(expected, mac)
