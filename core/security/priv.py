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
from dataclasses import dataclass

from cryptography.hazmat.primitives.ciphers import Cipher
from cryptography.hazmat.primitives.ciphers.algorithms import AES
from cryptography.hazmat.primitives.ciphers.modes import CBC

from core.errors import SnmpDecodeError
from core.security.derive import KeyExtension

# cryptography 47+ moved these to the "decrepit" package (and warns on the old
# path); older releases only have the old one.
try:
    from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
except ImportError:  # pragma: no cover - depends on the installed cryptography
    from cryptography.hazmat.primitives.ciphers.algorithms import TripleDES  # type: ignore[no-redef]
try:
    from cryptography.hazmat.decrepit.ciphers.modes import CFB
except ImportError:  # pragma: no cover - depends on the installed cryptography
    from cryptography.hazmat.primitives.ciphers.modes import CFB  # type: ignore[no-redef]

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


class Privacy:
    """Encrypts and decrypts scoped PDUs with one localized privacy key."""

    __slots__ = ()

    def encrypt(self, plaintext: bytes, boots: int, time: int) -> tuple[bytes, bytes]:
        """(ciphertext, msgPrivacyParameters) for a message sent with ``boots``/``time``."""
        raise NotImplementedError

    def decrypt(self, ciphertext: bytes, salt: bytes, boots: int, time: int) -> bytes:
        """The plaintext of a received message (``SnmpDecodeError`` when impossible)."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}(key=***)"


class DesCbc(Privacy):
    """CBC-DES (RFC 3414 8.1): key = octets 0-7, pre-IV = octets 8-15, IV = pre-IV XOR salt."""

    __slots__ = ("_cipher", "_pre_iv", "_counter")

    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError(f"DES needs 16 octets of localized key, got {len(key)}")
        # Three equal DES keys make EDE3 exactly single DES.
        self._cipher = TripleDES(key[:8] * 3)
        self._pre_iv = int.from_bytes(key[8:16], "big")
        self._counter = secrets.randbits(32)

    def encrypt(self, plaintext: bytes, boots: int, time: int) -> tuple[bytes, bytes]:
        self._counter = (self._counter + 1) & 0xFFFFFFFF
        salt = ((boots & 0xFFFFFFFF) << 32 | self._counter).to_bytes(8, "big")
        encryptor = Cipher(self._cipher, CBC(self._iv(salt))).encryptor()
        padded = plaintext + bytes(-len(plaintext) % 8)
        return encryptor.update(padded) + encryptor.finalize(), salt

    def decrypt(self, ciphertext: bytes, salt: bytes, boots: int, time: int) -> bytes:
        if len(salt) != _SALT_LENGTH:
            raise SnmpDecodeError(f"DES privacy parameters of {len(salt)} octets, expected 8")
        if not ciphertext or len(ciphertext) % 8:
            raise SnmpDecodeError(f"DES ciphertext of {len(ciphertext)} octets is not whole blocks")
        decryptor = Cipher(self._cipher, CBC(self._iv(salt))).decryptor()
        return decryptor.update(ciphertext) + decryptor.finalize()

    def _iv(self, salt: bytes) -> bytes:
        return (self._pre_iv ^ int.from_bytes(salt, "big")).to_bytes(8, "big")


class AesCfb(Privacy):
    """AES in 128-bit CFB mode (RFC 3826): IV = engine boots || engine time || salt."""

    __slots__ = ("_cipher", "_counter")

    def __init__(self, key: bytes) -> None:
        if len(key) not in (16, 24, 32):
            raise ValueError(f"AES needs a 16, 24 or 32-octet key, got {len(key)}")
        self._cipher = AES(key)
        self._counter = secrets.randbits(64)

    def encrypt(self, plaintext: bytes, boots: int, time: int) -> tuple[bytes, bytes]:
        self._counter = (self._counter + 1) & 0xFFFFFFFFFFFFFFFF
        salt = self._counter.to_bytes(8, "big")
        encryptor = Cipher(self._cipher, CFB(_aes_iv(boots, time, salt))).encryptor()
        return encryptor.update(plaintext) + encryptor.finalize(), salt

    def decrypt(self, ciphertext: bytes, salt: bytes, boots: int, time: int) -> bytes:
        if len(salt) != _SALT_LENGTH:
            raise SnmpDecodeError(f"AES privacy parameters of {len(salt)} octets, expected 8")
        decryptor = Cipher(self._cipher, CFB(_aes_iv(boots, time, salt))).decryptor()
        return decryptor.update(ciphertext) + decryptor.finalize()


def _aes_iv(boots: int, time: int, salt: bytes) -> bytes:
    if not (0 <= boots <= 0xFFFFFFFF and 0 <= time <= 0xFFFFFFFF):
        raise SnmpDecodeError(f"engine boots/time out of range: {boots}/{time}")
    return boots.to_bytes(4, "big") + time.to_bytes(4, "big") + salt


@dataclass(frozen=True, slots=True)
class PrivAlgorithm:
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
