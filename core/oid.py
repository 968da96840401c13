"""Object identifiers: text <-> tuple conversion, ordering and subtree tests.

An OID travels through the code in two forms: a dotted string without a leading
dot (``"1.3.6.1.2.1.1.1.0"``, the public API form, as in gufo_snmp) and a tuple of
ints (for ordering and arithmetic). This module is the only place that converts
between them.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "OidTuple",
    "parse_oid",
    "format_oid",
    "normalize_oid",
    "oid_key",
    "is_in_subtree",
    "parse_walk_root",
    "walk_request_arcs",
    "MAX_SUBID",
    "MAX_OID_ARCS",
]

OidTuple = tuple[int, ...]

# RFC 2578 3.5: at most 128 sub-identifiers, each at most 2^32-1.
MAX_SUBID = 0xFFFFFFFF
MAX_OID_ARCS = 128


def parse_oid(text: str) -> OidTuple:
    """Parse numeric OID text (one optional leading dot) into a tuple.

    Raises ``ValueError`` naming the offending text when it is not a valid OID:
    empty, non-numeric parts, a first arc above 2, a second arc above 39 under
    arcs 0 and 1, sub-identifiers above 2^32-1, or more than 128 of them.
    """
    if not isinstance(text, str):
        raise ValueError(f"OID must be a string, got {type(text).__name__}: {text!r}")
    body = text[1:] if text.startswith(".") else text
    if not body:
        raise ValueError(f"invalid OID {text!r}: empty")
    arcs: list[int] = []
    for part in body.split("."):
        if not part:
            raise ValueError(f"invalid OID {text!r}: empty sub-identifier")
        if not (part.isascii() and part.isdigit()):
            raise ValueError(f"invalid OID {text!r}: sub-identifier {part!r} is not a number")
        arcs.append(int(part))
    if len(arcs) < 2:
        raise ValueError(f"invalid OID {text!r}: needs at least two sub-identifiers")
    if arcs[0] > 2:
        raise ValueError(f"invalid OID {text!r}: first sub-identifier must be 0, 1 or 2")
    if arcs[0] < 2 and arcs[1] > 39:
        raise ValueError(f"invalid OID {text!r}: second sub-identifier must be below 40")
    if len(arcs) > MAX_OID_ARCS:
        raise ValueError(f"invalid OID {text!r}: more than {MAX_OID_ARCS} sub-identifiers")
    for arc in arcs:
        if arc > MAX_SUBID:
            raise ValueError(f"invalid OID {text!r}: sub-identifier {arc} exceeds 4294967295")
    return tuple(arcs)


def format_oid(arcs: OidTuple) -> str:
    """Dotted text of an OID tuple, without a leading dot."""
    return ".".join(map(str, arcs))


def normalize_oid(text: str) -> str:
    """Validate OID text and return it in canonical form (no leading dot)."""
    return format_oid(parse_oid(text))


def oid_key(text: str) -> OidTuple:
    """Sort key for dotted OID text (numeric, not lexical, order)."""
    return tuple(map(int, text.split(".")))


def oid_keys(texts: Iterable[str]) -> list[OidTuple]:
    """``oid_key`` of many OIDs at once: each parent (all arcs but the last) converted
    once, as the rows of a table share theirs (a recording's 100k OIDs have a few
    hundred parents)."""
    parents: dict[str, OidTuple] = {}
    keys: list[OidTuple] = []
    append = keys.append
    for text in texts:
        head, _, last = text.rpartition(".")
        parent = parents.get(head)
        if parent is None:
            parent = parents[head] = tuple(map(int, head.split("."))) if head else ()
        append(parent + (int(last),))
    return keys


def is_in_subtree(oid: str, root: str) -> bool:
    """True when ``oid`` lies strictly below ``root`` (both dotted text)."""
    return oid.startswith(root) and oid[len(root) : len(root) + 1] == "."


def parse_walk_root(text: str) -> OidTuple:
    """The root of a walk: any OID, or the one- and zero-arc roots (``.1``, ``1``, ``.0``,
    ``.`` or ``""`` for the whole OID space) that are not OIDs one could GET."""
    if not isinstance(text, str):
        raise ValueError(f"OID must be a string, got {type(text).__name__}: {text!r}")
    body = text[1:] if text.startswith(".") else text
    if not body:
        return ()
    if "." not in body:
        if not (body.isascii() and body.isdigit()):
            raise ValueError(f"invalid OID {text!r}: sub-identifier {body!r} is not a number")
        if int(body) > 2:
            raise ValueError(f"invalid OID {text!r}: first sub-identifier must be 0, 1 or 2")
        return (int(body),)
    return parse_oid(text)


def walk_request_arcs(root: OidTuple) -> OidTuple:
    """The OID a walk of ``root`` first asks after: ``root`` itself, or for the short roots
    the smallest encodable OID under them (``0.0`` for the whole space, ``1.0`` for
    ``.1``), as net-snmp encodes them."""
    if len(root) >= 2:
        return root
    return (root[0] if root else 0, 0)
