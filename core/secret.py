"""Secret: a community, passphrase or key held so that it never shows by accident.

A :class:`Secret` wraps the text (or bytes) from the moment it is read — a flag, an
environment variable, a prompt, a dialog field, snmp.conf — until the code that needs it
calls :meth:`Secret.reveal` (text) or :meth:`Secret.reveal_bytes` (octets) at the last
step (building a community header, deriving a key). ``repr``, ``str``, ``format`` and
f-strings give a mask, so a Secret in a log line, an exception message or a traceback with
local variables shows ``****`` instead of the secret. Pickling and copying to text by
accident are refused for the same reason.
"""

from __future__ import annotations

from typing import NoReturn

__all__ = ["Secret", "MASK", "reveal", "reveal_octets"]

MASK = "****"


class Secret:
    """A secret value; only :meth:`reveal` / :meth:`reveal_bytes` give it back."""

    __slots__ = ("_value",)

    def __init__(self, value: str | bytes | Secret) -> None:
        if isinstance(value, Secret):
            value = value._value
        if not isinstance(value, (str, bytes)):
            raise TypeError(f"a Secret holds str or bytes, not {type(value).__name__}")
        self._value: str | bytes = value

    def reveal(self) -> str:
        """The secret as text (bytes are decoded as UTF-8, undecodable octets escaped)."""
        value = self._value
        return value if isinstance(value, str) else value.decode("utf-8", "surrogateescape")

    def reveal_bytes(self) -> bytes:
        """The secret as octets (text is encoded as UTF-8)."""
        value = self._value
        return value if isinstance(value, bytes) else value.encode("utf-8", "surrogateescape")

    def __len__(self) -> int:
        return len(self._value)

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Secret):
            return self.reveal_bytes() == other.reveal_bytes()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.reveal_bytes())

    def __repr__(self) -> str:
        return f"Secret({MASK!r})"

    def __str__(self) -> str:
        return MASK

    def __format__(self, spec: str) -> str:
        return format(MASK, spec)

    def __reduce__(self) -> NoReturn:
        raise TypeError("a Secret is not pickled: it would be written in plain text")


def reveal_octets(value: str | bytes | bytearray | Secret) -> bytes:
    """The octets of a community or passphrase, wrapped or not (text as UTF-8); the
    last step before they become a message header or key material."""
    if isinstance(value, Secret):
        return value.reveal_bytes()
    if isinstance(value, str):
        return value.encode("utf-8", "surrogateescape")
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise TypeError(f"a community or passphrase is str, bytes or Secret, not {type(value).__name__}")


def reveal(value: str | bytes | Secret | None) -> str | None:
    """The text of ``value`` whether or not it is wrapped (``None`` stays ``None``)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, Secret):
        return value.reveal()
    return value.decode("utf-8", "surrogateescape")
