"""Typed SNMP values.

Values keep the Python mapping of gufo_snmp (OCTET STRING -> ``bytes``, OBJECT
IDENTIFIER -> dotted ``str``, INTEGER and the counters -> ``int``, NULL -> ``None``)
but carry their SNMP type as a subclass, so a counter is told from a gauge and a
SET sends the right tag. ``isinstance(v, int)`` and friends keep holding.

Tags are the BER identifier octets (RFC 2578 / RFC 3416). This module is the one
table of them.
"""

from __future__ import annotations

from typing import ClassVar, Union

__all__ = [
    "Tag",
    "MISSING_TYPES",
    "value_tag",
    "Counter32",
    "Gauge32",
    "Unsigned32",
    "TimeTicks",
    "Counter64",
    "IpAddress",
    "ObjectIdentifier",
    "Opaque",
    "NoSuchObject",
    "NoSuchInstance",
    "EndOfMibView",
    "NO_SUCH_OBJECT",
    "NO_SUCH_INSTANCE",
    "END_OF_MIB_VIEW",
    "SnmpValue",
    "type_name",
]


class Tag:
    """BER identifier octets of the SNMP value and PDU types."""

    INTEGER = 0x02
    OCTET_STRING = 0x04
    NULL = 0x05
    OBJECT_IDENTIFIER = 0x06
    SEQUENCE = 0x30
    IP_ADDRESS = 0x40
    COUNTER32 = 0x41
    GAUGE32 = 0x42
    TIMETICKS = 0x43
    OPAQUE = 0x44
    NSAP_ADDRESS = 0x45
    COUNTER64 = 0x46
    UINTEGER32 = 0x47
    NO_SUCH_OBJECT = 0x80
    NO_SUCH_INSTANCE = 0x81
    END_OF_MIB_VIEW = 0x82


class _Unsigned(int):
    """An unsigned SNMP integer type with a fixed width."""

    __slots__ = ()
    tag: ClassVar[int]
    bits: ClassVar[int] = 32

    def __new__(cls, value: int = 0) -> _Unsigned:
        if not 0 <= value < (1 << cls.bits):
            raise ValueError(f"{cls.__name__} out of range: {value}")
        return int.__new__(cls, value)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({int(self)})"

    __str__ = int.__repr__


class Counter32(_Unsigned):
    __slots__ = ()
    tag = Tag.COUNTER32


class Gauge32(_Unsigned):
    __slots__ = ()
    tag = Tag.GAUGE32


class Unsigned32(_Unsigned):
    """The obsolete UInteger32 tag (0x47); SMIv2 Unsigned32 travels as Gauge32."""

    __slots__ = ()
    tag = Tag.UINTEGER32


class TimeTicks(_Unsigned):
    """Hundredths of a second."""

    __slots__ = ()
    tag = Tag.TIMETICKS


class Counter64(_Unsigned):
    __slots__ = ()
    tag = Tag.COUNTER64
    bits = 64


class IpAddress(str):
    """An IPv4 address in dotted-quad text."""

    __slots__ = ()
    tag: ClassVar[int] = Tag.IP_ADDRESS

    def __new__(cls, value: str) -> IpAddress:
        parts = value.split(".")
        if len(parts) != 4 or not all(p.isdigit() and int(p) < 256 for p in parts):
            raise ValueError(f"invalid IpAddress {value!r}")
        return str.__new__(cls, value)

    def __repr__(self) -> str:
        return f"IpAddress({str(self)!r})"


class ObjectIdentifier(str):
    """An OBJECT IDENTIFIER value in dotted text (no leading dot)."""

    __slots__ = ()
    tag: ClassVar[int] = Tag.OBJECT_IDENTIFIER

    def __repr__(self) -> str:
        return f"ObjectIdentifier({str(self)!r})"


class Opaque(bytes):
    """Opaque: arbitrary BER-wrapped bytes, kept raw."""

    __slots__ = ()
    tag: ClassVar[int] = Tag.OPAQUE

    def __repr__(self) -> str:
        return f"Opaque({bytes(self)!r})"


class _Exception:
    """A varbind exception value of SNMPv2 (RFC 3416 section 3)."""

    __slots__ = ()
    tag: ClassVar[int]
    label: ClassVar[str]

    def __repr__(self) -> str:
        return self.label

    def __bool__(self) -> bool:
        return False


class NoSuchObject(_Exception):
    __slots__ = ()
    tag = Tag.NO_SUCH_OBJECT
    label = "noSuchObject"


class NoSuchInstance(_Exception):
    __slots__ = ()
    tag = Tag.NO_SUCH_INSTANCE
    label = "noSuchInstance"


class EndOfMibView(_Exception):
    __slots__ = ()
    tag = Tag.END_OF_MIB_VIEW
    label = "endOfMibView"


NO_SUCH_OBJECT = NoSuchObject()
NO_SUCH_INSTANCE = NoSuchInstance()
END_OF_MIB_VIEW = EndOfMibView()

SnmpValue = Union[
    int, bytes, str, None, Counter32, Gauge32, Unsigned32, TimeTicks, Counter64,
    IpAddress, ObjectIdentifier, Opaque,
]

_TYPE_NAMES: dict[type, str] = {
    int: "INTEGER",
    bool: "INTEGER",
    bytes: "OCTET STRING",
    str: "OCTET STRING",
    type(None): "NULL",
    Counter32: "Counter32",
    Gauge32: "Gauge32",
    Unsigned32: "UInteger32",
    TimeTicks: "TimeTicks",
    Counter64: "Counter64",
    IpAddress: "IpAddress",
    ObjectIdentifier: "OBJECT IDENTIFIER",
    Opaque: "Opaque",
    NoSuchObject: "noSuchObject",
    NoSuchInstance: "noSuchInstance",
    EndOfMibView: "endOfMibView",
}


def type_name(value: object) -> str:
    """The SNMP type name of a value as net-snmp prints it (``Counter32``, ``OCTET STRING``)."""
    try:
        return _TYPE_NAMES[type(value)]
    except KeyError:
        raise TypeError(f"not an SNMP value: {type(value).__name__}") from None


def value_tag(value: object) -> int:
    """The BER tag a value is sent with (as core.ber.encode_value chooses it)."""
    if value is None:
        return Tag.NULL
    tag = getattr(value, "tag", None)
    if tag is not None:
        return tag
    if isinstance(value, int):
        return Tag.INTEGER
    return Tag.OCTET_STRING


MISSING_TYPES = (NoSuchObject, NoSuchInstance, EndOfMibView)
"""The exception values that stand in a varbind for an absent instance (RFC 3416)."""
