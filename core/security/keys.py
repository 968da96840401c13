"""USM key classes (names as in gufo_snmp): what a user's secret is and how it becomes a key.

Each key takes ``(key, /, key_type=KeyType.Password)``:

- ``KeyType.Password``: a passphrase (>= 8 characters, as net-snmp requires),
  turned into a key with password-to-key and localized per engine;
- ``KeyType.Master``: Ku, the password-to-key output (net-snmp ``-3m``/``-3M``);
- ``KeyType.Localized``: Kul, already bound to the agent's engine id
  (net-snmp ``-3k``/``-3K``).

Privacy keys are derived with the hash of the user's authentication protocol,
so they are resolved together with an auth key (see ``core.security.user``).
The Reeder/Cisco AES variants are their own classes, ``Aes192CKey`` and
``Aes256CKey``, named after net-snmp's ``-x AES-192-C``/``AES-256-C``.

A key never shows its secret: not in ``repr``, ``str`` or any error message.
"""

from __future__ import annotations

from enum import IntEnum
from typing import ClassVar

from core.secret import Secret, reveal_octets
from core.security import auth, priv
from core.security.derive import (
    MIN_PASSPHRASE_LENGTH,
    extend_key,
    localize_key,
    localized_password_key,
)

__all__ = [
    "KeyType",
    "Key",
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
]


class KeyType(IntEnum):
    Password = 0
    Master = 1
    Localized = 2


class Key:
    """A secret for one USM protocol; ``label`` is the net-snmp protocol name."""

    __slots__ = ("_secret", "key_type")
    algorithm: ClassVar[auth.AuthAlgorithm | priv.PrivAlgorithm]

    @property
    def label(self) -> str:
        return self.algorithm.label

    def __init__(self, key: bytes | str | Secret, /, key_type: KeyType = KeyType.Password) -> None:
        try:
            key_type = KeyType(key_type)
        except ValueError:
            raise ValueError(f"{type(self).__name__}: unknown key type {key_type!r}") from None
        try:
            secret = reveal_octets(key)  # a passphrase's last step before it becomes a key
        except TypeError:
            raise TypeError(
                f"{type(self).__name__}: the key must be bytes, str or Secret, not {type(key).__name__}"
            ) from None
        what = f"{self.label} {'passphrase' if key_type == KeyType.Password else 'key'}"
        if not secret:
            raise ValueError(f"the {what} is empty")
        if key_type == KeyType.Password and len(secret) < MIN_PASSPHRASE_LENGTH:
            raise ValueError(
                f"the {what} is too short: it needs at least {MIN_PASSPHRASE_LENGTH} characters"
            )
        self._secret = secret
        self.key_type = key_type

    def __repr__(self) -> str:
        return f"{type(self).__name__}(<{self.key_type.name.lower()} hidden>)"

    def __reduce__(self) -> object:
        raise TypeError(f"{type(self).__name__} holds a secret and is not picklable")

    # Keys are immutable, so copies (e.g. of a connection profile) share them.
    def __copy__(self) -> Key:
        return self

    def __deepcopy__(self, memo: dict) -> Key:
        return self

    def _localized(self, hash_name: str, engine_id: bytes) -> bytes:
        if self.key_type == KeyType.Password:
            return localized_password_key(hash_name, self._secret, engine_id)
        if self.key_type == KeyType.Master:
            return localize_key(hash_name, self._secret, engine_id)
        return self._secret


class AuthKey(Key):
    """An authentication key; ``algorithm`` is its HMAC protocol."""

    __slots__ = ()
    algorithm: ClassVar[auth.AuthAlgorithm]

    def __init__(self, key: bytes | str | Secret, /, key_type: KeyType = KeyType.Password) -> None:
        super().__init__(key, key_type)
        size = self.algorithm.digest_size
        if self.key_type != KeyType.Password and len(self._secret) != size:
            raise ValueError(
                f"a {self.label} {self.key_type.name.lower()} key has {size} octets, "
                f"got {len(self._secret)}"
            )

    def authenticator(self, engine_id: bytes) -> auth.Authenticator:
        """The HMAC signer for messages to the engine ``engine_id``."""
        return auth.Authenticator(self.algorithm, self._localized(self.algorithm.hash_name, engine_id))


class PrivKey(Key):
    """A privacy key; ``algorithm`` is its cipher and key-extension method."""

    __slots__ = ()
    algorithm: ClassVar[priv.PrivAlgorithm]

    def check_for(self, auth_algorithm: auth.AuthAlgorithm) -> None:
        """Refuse key material that cannot work with the user's auth protocol."""
        size = auth_algorithm.digest_size
        if self.key_type == KeyType.Master and len(self._secret) != size:
            raise ValueError(
                f"a {self.label} master key made with {auth_algorithm.label} has {size} octets, "
                f"got {len(self._secret)}"
            )
        if self.key_type == KeyType.Localized and len(self._secret) < min(size, self.algorithm.key_length):
            raise ValueError(
                f"a {self.label} localized key needs at least "
                f"{min(size, self.algorithm.key_length)} octets, got {len(self._secret)}"
            )

    def cipher(self, engine_id: bytes, auth_algorithm: auth.AuthAlgorithm) -> priv.Privacy:
        """The cipher for messages to ``engine_id``, derived with the auth protocol's hash."""
        algorithm = self.algorithm
        key = self._localized(auth_algorithm.hash_name, engine_id)
        if len(key) < algorithm.key_length:
            if algorithm.extension is None:
                raise ValueError(f"{self.label} needs {algorithm.key_length} key octets, got {len(key)}")
            key = extend_key(
                auth_algorithm.hash_name, key, engine_id, algorithm.key_length, algorithm.extension
            )
        return algorithm.new(key)


class Md5Key(AuthKey):
    """HMAC-MD5-96 (RFC 3414), net-snmp ``-a MD5``."""

    __slots__ = ()
    algorithm = auth.HMAC_MD5_96


class Sha1Key(AuthKey):
    """HMAC-SHA-96 (RFC 3414), net-snmp ``-a SHA``."""

    __slots__ = ()
    algorithm = auth.HMAC_SHA_96


class Sha224Key(AuthKey):
    """HMAC-128-SHA-224 (RFC 7860), net-snmp ``-a SHA-224``."""

    __slots__ = ()
    algorithm = auth.HMAC_128_SHA_224


class Sha256Key(AuthKey):
    """HMAC-192-SHA-256 (RFC 7860), net-snmp ``-a SHA-256``."""

    __slots__ = ()
    algorithm = auth.HMAC_192_SHA_256


class Sha384Key(AuthKey):
    """HMAC-256-SHA-384 (RFC 7860), net-snmp ``-a SHA-384``."""

    __slots__ = ()
    algorithm = auth.HMAC_256_SHA_384


class Sha512Key(AuthKey):
    """HMAC-384-SHA-512 (RFC 7860), net-snmp ``-a SHA-512``."""

    __slots__ = ()
    algorithm = auth.HMAC_384_SHA_512


class DesKey(PrivKey):
    """CBC-DES (RFC 3414), net-snmp ``-x DES``."""

    __slots__ = ()
    algorithm = priv.DES


class Aes128Key(PrivKey):
    """AES-128-CFB (RFC 3826), net-snmp ``-x AES``."""

    __slots__ = ()
    algorithm = priv.AES_128


class Aes192Key(PrivKey):
    """AES-192-CFB with the Blumenthal key extension, net-snmp ``-x AES-192``."""

    __slots__ = ()
    algorithm = priv.AES_192


class Aes256Key(PrivKey):
    """AES-256-CFB with the Blumenthal key extension, net-snmp ``-x AES-256``."""

    __slots__ = ()
    algorithm = priv.AES_256


class Aes192CKey(PrivKey):
    """AES-192-CFB with the Reeder (Cisco) key extension, net-snmp ``-x AES-192-C``."""

    __slots__ = ()
    algorithm = priv.AES_192_C


class Aes256CKey(PrivKey):
    """AES-256-CFB with the Reeder (Cisco) key extension, net-snmp ``-x AES-256-C``."""

    __slots__ = ()
    algorithm = priv.AES_256_C


AUTH_KEY_CLASSES: dict[str, type[AuthKey]] = {
    cls.algorithm.label: cls for cls in (Md5Key, Sha1Key, Sha224Key, Sha256Key, Sha384Key, Sha512Key)
}
PRIV_KEY_CLASSES: dict[str, type[PrivKey]] = {
    cls.algorithm.label: cls for cls in (DesKey, Aes128Key, Aes192Key, Aes256Key, Aes192CKey, Aes256CKey)
}
# Spellings net-snmp also accepts.
_ALIASES = {"SHA1": "SHA", "SHA-1": "SHA", "AES128": "AES", "AES-128": "AES"}


def _lookup(table: dict[str, type], name: str, what: str, echo: bool) -> type:
    key = name.strip().upper()
    key = _ALIASES.get(key, key)
    try:
        return table[key]
    except KeyError:
        choices = ", ".join(table)
        if echo:
            raise ValueError(f"unknown {what} protocol {name!r}; choose one of {choices}") from None
        raise ValueError(
            f"the {what} protocol is not one of {choices} (the word itself is not repeated: "
            "in that position it may be a misplaced passphrase)"
        ) from None


def auth_key_class(name: str, *, echo: bool = True) -> type[AuthKey]:
    """The auth key class for a net-snmp ``-a`` protocol name (``MD5``, ``SHA-256``...).

    ``echo=False`` where the word comes from a positional field (a ``createUser`` line,
    ``NAME:PROTO:PASS``) that may hold a passphrase typed one field early: the error
    then lists the choices without the word."""
    return _lookup(AUTH_KEY_CLASSES, name, "authentication", echo)


def priv_key_class(name: str, *, echo: bool = True) -> type[PrivKey]:
    """The privacy key class for a net-snmp ``-x`` protocol name (``AES``, ``AES-256-C``...);
    ``echo`` as for :func:`auth_key_class`."""
    return _lookup(PRIV_KEY_CLASSES, name, "privacy", echo)
