"""USM privacy protocols: DES-CBC (RFC 3414 8.1) and AES-CFB-128 (RFC 3826).

AES with 192- and 256-bit keys works exactly like RFC 3826 and differs only in
how the key is made long enough (see ``core.security.derive.extend_key``): the
Blumenthal variant (net-snmp ``-x AES-192``/``AES-256``) and the Reeder one
used by Cisco (``AES-192-C``/``AES-256-C``). Nothing on the wire tells them
apart; only a matching key decrypts.

Each cipher object keeps its own salt counter, so the IV never repeats within a
session. Decryption failures raise ``SnmpDecodeError`` (the message is dropped).
"""

from __future__ import annotations

import secrets
from functools import lru_cache
from typing import NamedTuple

from core.errors import SnmpDecodeError
from core.security.derive import KeyExtension

__all__ = [
    "PrivAlgorithm",
    "Privacy",
    "DesCbc",
    "AesCfb",
    "DES",
    "AES_128",
    "AES_192",
    "AES_256",
    "AES_192_C",
    "AES_256_C",
    "PRIV_ALGORITHMS",
]

_SALT_LENGTH = 8
_UINT32 = 0xFFFFFFFF
# Zero octets that fill a message's last cipher block, by count.
_PADDING = tuple(bytes(count) for count in range(16))


class _Primitives:
    """The ``cryptography`` classes the ciphers use, imported on first use.

    Importing ``cryptography`` costs more CPU than a walk of a few thousand
    varbinds; v1/v2c sessions and the MIB tools never need it.
    """

    def __init__(self) -> None:
        from cryptography.hazmat.primitives.ciphers import Cipher
        from cryptography.hazmat.primitives.ciphers.algorithms import AES
        from cryptography.hazmat.primitives.ciphers.modes import CBC, ECB

        # cryptography 47+ moved these to the "decrepit" package (and warns on
        # the old path); older releases only have the old one.
        try:
            from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
        except ImportError:  # pragma: no cover - depends on the installed cryptography
            from cryptography.hazmat.primitives.ciphers.algorithms import (  # type: ignore[no-redef]
                TripleDES,
            )
        try:
            from cryptography.hazmat.decrepit.ciphers.modes import CFB
        except ImportError:  # pragma: no cover - depends on the installed cryptography
            from cryptography.hazmat.primitives.ciphers.modes import CFB  # type: ignore[no-redef]

        self.Cipher, self.AES, self.CBC, self.ECB = Cipher, AES, CBC, ECB
        self.TripleDES, self.CFB = TripleDES, CFB


@lru_cache(maxsize=None)
def _crypto() -> _Primitives:
    return _Primitives()


class Privacy:
    """Encrypts and decrypts scoped PDUs with one localized privacy key."""

    __slots__ = ()

    def encrypt(self, plaintext: bytes, boots: int, time: int) -> tuple[bytes, bytes]:
        """(ciphertext, msgPrivacyParameters) for a message sent with ``boots``/``time``."""
        raise NotImplementedError

    def decrypt(self, ciphertext: bytes, salt: bytes, boots: int, time: int) -> bytes:
        """The plaintext of a received message (``SnmpDecodeError`` when impossible)."""
        buf, start, stop = self.decrypt_span(ciphertext, salt, boots, time)
        return buf[start:stop]

    def decrypt_span(
        self, ciphertext: bytes | memoryview, salt: bytes, boots: int, time: int
    ) -> tuple[bytes, int, int]:
        """``decrypt`` as (buffer, start, stop) of the plaintext in it: a reader that takes
        offsets is spared a copy of the whole plaintext (a walk page's 1-2 KB)."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}(key=***)"


class DesCbc(Privacy):
    """CBC-DES (RFC 3414 8.1): key = octets 0-7, pre-IV = octets 8-15, IV = pre-IV XOR salt.

    Decryption runs on one CBC context for the session: CBC's state is the last
    ciphertext block, so passing a message's IV through first (its output is
    dropped) starts the message from that IV.
    """

    __slots__ = ("_cipher", "_decryptor", "_pre_iv", "_counter")

    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError(f"DES needs 16 octets of localized key, got {len(key)}")
        crypto = _crypto()
        # Three equal DES keys make EDE3 exactly single DES.
        self._cipher = crypto.TripleDES(key[:8] * 3)
        self._decryptor = crypto.Cipher(self._cipher, crypto.CBC(bytes(8))).decryptor()
        self._pre_iv = int.from_bytes(key[8:16], "big")
        self._counter = secrets.randbits(32)

    def encrypt(self, plaintext: bytes, boots: int, time: int) -> tuple[bytes, bytes]:
        self._counter = (self._counter + 1) & 0xFFFFFFFF
        salt = ((boots & 0xFFFFFFFF) << 32 | self._counter).to_bytes(8, "big")
        crypto = _crypto()
        encryptor = crypto.Cipher(self._cipher, crypto.CBC(self._iv(salt))).encryptor()
        padded = plaintext + bytes(-len(plaintext) % 8)
        return encryptor.update(padded) + encryptor.finalize(), salt

    def decrypt_span(
        self, ciphertext: bytes | memoryview, salt: bytes, boots: int, time: int
    ) -> tuple[bytes, int, int]:
        if len(salt) != _SALT_LENGTH:
            raise SnmpDecodeError(f"DES privacy parameters of {len(salt)} octets, expected 8")
        size = len(ciphertext)
        if not size or size % 8:
            raise SnmpDecodeError(f"DES ciphertext of {size} octets is not whole blocks")
        return self._decryptor.update(self._iv(salt) + ciphertext), 8, 8 + size

    def _iv(self, salt: bytes) -> bytes:
        return (self._pre_iv ^ int.from_bytes(salt, "big")).to_bytes(8, "big")


class AesCfb(Privacy):
    """AES in 128-bit CFB mode (RFC 3826): IV = engine boots || engine time || salt.

    One encryptor and one decryptor context serve the whole session instead of
    a cipher object per message (whose set-up would cost more than the AES of
    a walk page). CFB's state is the last ciphertext block, and each message is
    padded inside the stream to whole blocks (the padding's output is dropped),
    so a message starts from its own IV by first passing 16 set-up octets: the
    IV itself as ciphertext when decrypting, and when encrypting the plaintext
    that encrypts to the IV, IV XOR AES(state).
    """

    __slots__ = ("_ecb", "_encryptor", "_decryptor", "_state", "_counter")

    def __init__(self, key: bytes) -> None:
        if len(key) not in (16, 24, 32):
            raise ValueError(f"AES needs a 16, 24 or 32-octet key, got {len(key)}")
        crypto = _crypto()
        algorithm = crypto.AES(key)
        cipher, cfb = crypto.Cipher, crypto.CFB
        self._ecb = cipher(algorithm, crypto.ECB()).encryptor()
        self._encryptor = cipher(algorithm, cfb(bytes(16))).encryptor()
        self._decryptor = cipher(algorithm, cfb(bytes(16))).decryptor()
        self._state = bytes(16)  # the encryptor's last ciphertext block
        self._counter = secrets.randbits(64)

    def encrypt(self, plaintext: bytes, boots: int, time: int) -> tuple[bytes, bytes]:
        if not (0 <= boots <= _UINT32 and 0 <= time <= _UINT32):
            raise _out_of_range(boots, time)
        counter = self._counter = (self._counter + 1) & 0xFFFFFFFFFFFFFFFF
        # The IV (boots || time || salt) as a number, XORed with the keystream block.
        keystream = int.from_bytes(self._ecb.update(self._state), "big")
        first = ((boots << 96 | time << 64 | counter) ^ keystream).to_bytes(16, "big")
        size = len(plaintext)
        out = self._encryptor.update(b"".join((first, plaintext, _PADDING[-size % 16])))
        self._state = out[-16:]
        return out[16 : 16 + size], counter.to_bytes(8, "big")

    def decrypt_span(
        self, ciphertext: bytes | memoryview, salt: bytes, boots: int, time: int
    ) -> tuple[bytes, int, int]:
        if len(salt) != _SALT_LENGTH:
            raise SnmpDecodeError(f"AES privacy parameters of {len(salt)} octets, expected 8")
        if not (0 <= boots <= _UINT32 and 0 <= time <= _UINT32):
            raise _out_of_range(boots, time)
        size = len(ciphertext)
        iv_head = (boots << 32 | time).to_bytes(8, "big")
        out = self._decryptor.update(b"".join((iv_head, salt, ciphertext, _PADDING[-size % 16])))
        return out, 16, 16 + size


def _out_of_range(boots: int, time: int) -> SnmpDecodeError:
    """The AES IV holds engine boots and time in 32 bits each (RFC 3826 3.1.2.1)."""
    return SnmpDecodeError(f"engine boots/time out of range: {boots}/{time}")


class PrivAlgorithm(NamedTuple):
    """One USM privacy protocol: the cipher, the key octets it uses, how to lengthen them."""

    label: str
    key_length: int
    oid: str
    cipher: type[Privacy]
    extension: KeyExtension | None = None

    def new(self, key: bytes) -> Privacy:
        """A cipher object for a localized (already extended) key."""
        return self.cipher(key[: self.key_length])


DES = PrivAlgorithm("DES", 16, "1.3.6.1.6.3.10.1.2.2", DesCbc)
AES_128 = PrivAlgorithm("AES", 16, "1.3.6.1.6.3.10.1.2.4", AesCfb)
AES_192 = PrivAlgorithm("AES-192", 24, "1.3.6.1.4.1.14832.1.3", AesCfb, KeyExtension.Blumenthal)
AES_256 = PrivAlgorithm("AES-256", 32, "1.3.6.1.4.1.14832.1.4", AesCfb, KeyExtension.Blumenthal)
AES_192_C = PrivAlgorithm("AES-192-C", 24, "1.3.6.1.4.1.9.12.6.1.1", AesCfb, KeyExtension.Reeder)
AES_256_C = PrivAlgorithm("AES-256-C", 32, "1.3.6.1.4.1.9.12.6.1.2", AesCfb, KeyExtension.Reeder)

PRIV_ALGORITHMS: tuple[PrivAlgorithm, ...] = (DES, AES_128, AES_192, AES_256, AES_192_C, AES_256_C)
