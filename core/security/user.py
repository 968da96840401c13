"""An SNMPv3 USM user and the security level its keys imply."""

from __future__ import annotations

from enum import IntEnum

from core.security.keys import AuthKey, PrivKey

__all__ = ["SecurityLevel", "User"]


class SecurityLevel(IntEnum):
    """snmpSecurityLevel (RFC 3411); the value names are net-snmp's ``-l`` words."""

    noAuthNoPriv = 1
    authNoPriv = 2
    authPriv = 3


class User:
    """``User(name, *, auth_key=None, priv_key=None)``; privacy needs authentication.

    ``name`` is text (``raw_name`` the octets sent as msgUserName); the level
    follows from the keys given.
    """

    __slots__ = ("name", "raw_name", "auth_key", "priv_key")

    def __init__(
        self, name: str | bytes, *, auth_key: AuthKey | None = None, priv_key: PrivKey | None = None
    ) -> None:
        raw = name.encode("utf-8") if isinstance(name, str) else bytes(name)
        if not raw:
            raise ValueError("the SNMPv3 user name is empty")
        if len(raw) > 32:
            raise ValueError(f"the SNMPv3 user name {name!r} is longer than 32 octets")
        if auth_key is not None and not isinstance(auth_key, AuthKey):
            raise TypeError(
                f"auth_key must be an auth key (Md5Key, Sha1Key, ...), not {type(auth_key).__name__}"
            )
        if priv_key is not None:
            if not isinstance(priv_key, PrivKey):
                raise TypeError(
                    f"priv_key must be a privacy key (DesKey, Aes128Key, ...), not {type(priv_key).__name__}"
                )
            if auth_key is None:
                raise ValueError(f"user {name!r}: privacy (priv_key) needs authentication (auth_key) too")
            priv_key.check_for(auth_key.algorithm)
        self.name = name if isinstance(name, str) else raw.decode("utf-8", "backslashreplace")
        self.raw_name = raw
        self.auth_key = auth_key
        self.priv_key = priv_key

    @property
    def level(self) -> SecurityLevel:
        if self.priv_key is not None:
            return SecurityLevel.authPriv
        if self.auth_key is not None:
            return SecurityLevel.authNoPriv
        return SecurityLevel.noAuthNoPriv

    def __repr__(self) -> str:
        parts = [repr(self.name)]
        if self.auth_key is not None:
            parts.append(f"auth={self.auth_key.label}")
        if self.priv_key is not None:
            parts.append(f"priv={self.priv_key.label}")
        return f"User({', '.join(parts)})"
