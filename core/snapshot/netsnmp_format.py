"""Varbinds printed exactly as net-snmp prints them (``snmpwalk``, ``snmpget``, ``snmptable``...).

Every command of ours that has a net-snmp twin prints through this module, so
``snmptui walk`` and ``snmpwalk -m ALL -M <same dirs>`` give the same bytes for the
same MIBs and the same ``-O`` letters (:class:`~core.snapshot.output_options.OutputOptions`).

API (``store`` is a :class:`core.mib.store.MibStore` or None for no MIBs, ``options``
an ``OutputOptions``, ``oid`` a tuple of arcs, ``value`` a typed value of core.types):

- ``format_name(store, options, oid)``: the OID as net-snmp names it, with its instance
  index decoded (``IF-MIB::ifDescr.3``, ``IP-MIB::ipAddressIfIndex.ipv4."10.0.0.1"``,
  ``...ubntStaMac.1.'hrQ.4%'`` for fixed-size strings, ``.1.3.6.1...`` with ``-On``);
- ``format_type(store, options, oid, value)``: the type label net-snmp puts before the
  value (``STRING``, ``Hex-STRING``, ``Timeticks``, ``Wrong Type (should be Gauge32 or
  Unsigned32): INTEGER``...), ``""`` where it prints none (``-Oq``, ``NULL``, ``""``);
- ``format_value(store, options, oid, value)``: the value text after that label
  (``"563"``, ``0:90:b:3e:36:69``, ``(8581873) 23:50:18.73``, ``up(1)``, with UNITS);
- ``format_typed_value(store, options, oid, value)``: what follows ``NAME = ``, i.e.
  ``TYPE: VALUE`` (the other two joined as net-snmp joins them);
- ``format_varbind(store, options, oid, value)``: the whole line (``NAME = TYPE: VALUE``,
  ``NAME VALUE`` with ``-Oq``, ``TYPE: VALUE`` with ``-Ov``), without a newline. Values
  net-snmp wraps (long Hex-STRINGs, 16 octets a line) contain ``\\n``.

The browser prints through the same formatter in its friendly mode
(``browser_formatter(store)``, ``NetSnmpFormatter(store, friendly=True)``): the text
net-snmp prints, except for the few cases listed in :data:`BROWSER_DIFFERENCES`, where
it shows more (text as text) and never less.

The functions share one :class:`NetSnmpFormatter` per (store, options), which caches
the per-object decisions (name path, printer, INDEX decoding), so printing a walk costs
a few dict lookups per varbind. Use the class directly in loops.

Text holds net-snmp's output bytes one character per byte (Latin-1): octets an agent
sent are printed raw where net-snmp prints them raw (DISPLAY-HINT ``a``/``t``), so write
lines with ``.encode("latin-1")`` to get net-snmp's exact bytes.

Which definition names an OID when several modules define it follows net-snmp's tree:
the module that net-snmp links first wins (``-m ALL`` reads the modules in reverse order
of discovery along the search path, each after the modules it imports), which is why
``ipForwarding`` may print as ``RFC1213-MIB::`` rather than ``IP-MIB::``.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Callable, Sequence
from typing import Any

from core.mib.store import MibNode, MibStore, Syntax
from core.snapshot.output_options import DEFAULT_OPTIONS, OutputOptions
from core.types import Tag

__all__ = [
    "NetSnmpFormatter",
    "formatter_for",
    "format_name",
    "format_type",
    "format_value",
    "format_typed_value",
    "format_varbind",
    "EXCEPTION_TEXTS",
    "netsnmp_module_order",
    "BROWSER_DIFFERENCES",
    "browser_formatter",
    "browser_value",
    "hex_octets",
    "hinted_octets",
    "hinted_integer",
    "set_bits",
    "uptime_text",
    "utf8_text",
]

BROWSER_DIFFERENCES: dict[str, str] = {
    "utf8-text": (
        "an octet string whose bytes are UTF-8 text with characters beyond ASCII shows as that "
        "text (a sysContact of 马刚): net-snmp prints a Hex-STRING, or under a DISPLAY-HINT "
        "'a'/'t' the raw bytes one character per octet"
    ),
    "control-octets": (
        "an octet string that net-snmp prints as text but that holds control characters other "
        "than tab, CR and LF (escape sequences, vertical tab, form feed) or, under a DISPLAY-HINT "
        "'a'/'t', bytes that are not UTF-8, shows as a Hex-STRING: net-snmp writes those bytes raw "
        "to the terminal"
    ),
}
"""Where the browser's value text (friendly mode) differs from net-snmp's on purpose, the
only places; everything else is net-snmp's text (the README's browser section says so)."""

EXCEPTION_TEXTS: dict[int, str] = {
    Tag.NO_SUCH_OBJECT: "No Such Object available on this agent at this OID",
    Tag.NO_SUCH_INSTANCE: "No Such Instance currently exists at this OID",
    Tag.END_OF_MIB_VIEW: "No more variables left in this MIB View (It is past the end of the MIB tree)",
}

_BIT_STRING = 0x03
_OPAQUE_TAG1 = 0x9F
_OPAQUE_COUNTER64, _OPAQUE_FLOAT, _OPAQUE_DOUBLE, _OPAQUE_I64, _OPAQUE_U64 = 0x76, 0x78, 0x79, 0x7A, 0x7B
_HEX_LINE = 16  # net-snmp's hexOutputLength default
_UCD_PREFIXES = (
    ".iso.org.dod.internet.mgmt.mib-2",
    ".iso.org.dod.internet.experimental",
    ".iso.org.dod.internet.private",
    ".iso.org.dod.internet.snmpParties",
    ".iso.org.dod.internet.snmpSecrets",
)
# C isprint() || isspace() in the C/UTF-8 locales, for single octets.
_TEXT_OCTETS = frozenset(range(0x20, 0x7F)) | frozenset(range(0x09, 0x0E))
_PRINT_OCTETS = frozenset(range(0x20, 0x7F))
_HEX = tuple(f"{b:02X} " for b in range(256))
_U64 = (1 << 64) - 1

Rendered = tuple[str, str]
"""(type label, value text); the label is '' where net-snmp prints none."""


_TAG_BY_TYPE: dict[type, int] = {int: Tag.INTEGER, bool: Tag.INTEGER, bytes: Tag.OCTET_STRING,
                                  str: Tag.OCTET_STRING, type(None): Tag.NULL}


def _tag_of(value: Any) -> int:
    kind = type(value)
    tag = _TAG_BY_TYPE.get(kind)
    if tag is not None:
        return tag
    tag = getattr(kind, "tag", None)
    if tag is not None:
        _TAG_BY_TYPE[kind] = tag
    if tag is not None:
        return tag
    if value is None:
        return Tag.NULL
    if isinstance(value, int):
        return Tag.INTEGER
    return Tag.OCTET_STRING


def _octets(value: Any) -> bytes:
    if isinstance(value, str):
        return value.encode("utf-8")
    return bytes(value)


def hex_octets(data: bytes) -> str:
    """Octets as ``XX XX XX`` on one line (no trailing space): the raw bytes of a value."""
    return "".join(_HEX[b] for b in data)[:-1]


def _hex_block(data: bytes, with_text: bool) -> str:
    """net-snmp's hex dump: ``XX `` per octet, 16 a line, lines joined by newlines."""
    lines = []
    for start in range(0, max(len(data), 1), _HEX_LINE):
        chunk = data[start : start + _HEX_LINE]
        line = hex_octets(chunk) + " " if chunk else ""
        if with_text:
            line += "  [" + "".join(chr(b) if b in _TEXT_OCTETS else "." for b in chunk) + "]"
        lines.append(line)
    return "\n".join(lines)


def _ascii(data: bytes) -> str:
    """net-snmp's quoted-string body: text octets raw (``\\`` and ``"`` escaped), others ``.``."""
    out = []
    for b in data:
        if b in _TEXT_OCTETS:
            if b in (0x5C, 0x22):
                out.append("\\")
            out.append(chr(b))
        else:
            out.append(".")
    return "".join(out)


# Octets a terminal shows as themselves: printable ASCII, tab, LF, CR.
_SAFE_OCTETS = frozenset(range(0x20, 0x7F)) | frozenset((0x09, 0x0A, 0x0D))


def utf8_text(data: bytes) -> str | None:
    """``data`` as text if it is UTF-8 whose characters are all printable (or tab, CR,
    LF), else None: the browser's test for "this is text", which never yields U+FFFD."""
    if _SAFE_OCTETS.issuperset(data):
        return data.decode("ascii")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if all(ch.isprintable() or ch in "\t\r\n" for ch in text):
        return text
    return None


class _NotText(Exception):
    """An 'a'/'t' DISPLAY-HINT part met octets the browser will not print as text."""


def _netsnmp_hint_text(chunk: bytes) -> str:
    """An 'a'/'t' part as net-snmp prints it: raw octets, or ``.`` for non-text if a NUL is there."""
    return _ascii(chunk) if 0 in chunk else chunk.decode("latin-1")


def _friendly_hint_text(chunk: bytes) -> str:
    """An 'a'/'t' part for the browser: as net-snmp where that is plain text, UTF-8 decoded,
    or ``_NotText`` (shown as hex instead of raw control or broken bytes)."""
    if 0 in chunk:
        return _ascii(chunk)
    text = utf8_text(chunk)
    if text is None:
        raise _NotText
    return text


def set_bits(data: bytes) -> list[int]:
    """The numbers of the bits set in a BITS value (bit 0 is the first octet's high bit)."""
    return [byte * 8 + bit for byte, octet in enumerate(data) if octet for bit in range(8) if octet & (0x80 >> bit)]


def _signed64(value: int) -> int:
    value &= _U64
    return value - (1 << 64) if value >> 63 else value


def uptime_text(ticks: int, quick: bool) -> str:
    """net-snmp's TimeTicks clock: ``23:50:18.73``, ``1 day, 0:00:00.00``; ``d:h:mm:ss.cc`` quick."""
    centis = ticks % 100
    seconds = ticks // 100
    days, seconds = divmod(seconds, 86400)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    if quick:
        return f"{days}:{hours}:{minutes:02d}:{seconds:02d}.{centis:02d}"
    clock = f"{hours}:{minutes:02d}:{seconds:02d}.{centis:02d}"
    if days == 0:
        return clock
    return f"{days} day{'s' if days != 1 else ''}, {clock}"


def hinted_octets(data: bytes, hint: str, two_digit_hex: bool = False,
                  text: Callable[[bytes], str] = _netsnmp_hint_text) -> str | None:  # fmt: skip
    """An octet string through an RFC 2579 DISPLAY-HINT as net-snmp 5.9 applies it
    (unpadded ``x`` octets when a separator follows, the last spec repeated, ``a``/``t``
    octets raw unless they hold a NUL); None for a hint net-snmp rejects. ``text`` prints
    the ``a``/``t`` parts (the browser's decodes UTF-8)."""
    out: list[str] = []
    i, n, h, length = 0, len(data), 0, len(hint)
    width, code, separ, term = 1, "d", "", ""
    while i < n:
        repeat = 1
        if h < length:
            if hint[h] == "*":
                repeat = data[i]
                i += 1
                h += 1
            width = 0
            while h < length and hint[h].isdigit():
                width = width * 10 + ord(hint[h]) - 48
                h += 1
            if h >= length:
                return None
            code = hint[h]
            h += 1
            separ = term = ""
            ch = hint[h] if h < length else ""
            if ch and ch != "*" and not ch.isdigit() and (width != 0 or ch not in "xdo"):
                separ = ch
                h += 1
                ch = hint[h] if h < length else ""
                if ch and ch != "*" and not ch.isdigit() and (width != 0 or ch not in "xdo"):
                    term = ch
                    h += 1
            if width == 0:
                width = 1
        while repeat > 0 and i < n:
            if code in "at":
                count = min(width, n - i)
                chunk = data[i : i + count]
                out.append(text(chunk))
                i += count
            else:
                value = 0
                for _ in range(width):
                    value = value * 256 + (data[i] if i < n else 0)
                    i += 1
                if code == "x":
                    value &= _U64
                    if value < 16 and width == 1 and (two_digit_hex or (not separ and h >= length)):
                        out.append(f"0{value:x}")
                    else:
                        out.append(f"{value:x}")
                elif code == "d":
                    out.append(str(_signed64(value)))
                elif code == "o":
                    out.append(f"{value & _U64:o}")
                else:
                    return None
            if i < n and separ:
                out.append(separ)
            repeat -= 1
        if term and i < n:
            out.append(term)
    return "".join(out)


_MAX_HINT_PLACES_DIGITS = 4


def hinted_integer(value: int, unsigned: bool, hint: str) -> str:
    """An integer through an ``d-N``/``x``/``o``/``b`` DISPLAY-HINT, as net-snmp prints it
    (``d-2`` of 5 is ``.05``; ``b`` gives 32 binary digits)."""
    shift = 0
    negative = False
    first = hint[:1]
    if first == "d":
        if hint[1:2] == "-":
            digits = ""
            for ch in hint[2:]:
                if not ch.isdigit():
                    break
                digits += ch
            # (A hostile MIB's "d-" and thousands of digits: no number of places
            # that long means anything, and int() would refuse the text.)
            shift = int(digits) if 0 < len(digits) <= _MAX_HINT_PLACES_DIGITS else 0
        if value < 0:
            negative, value = True, -value
        text = str(value)
    elif first == "b":
        text = "".join("1" if value & (1 << bit) else "0" for bit in range(31, -1, -1))
    elif first == "x":
        text = f"{value & _U64:x}"
    elif first == "o":
        text = f"{value & _U64:o}"
    else:
        text = str(value)
    if shift:
        if shift <= len(text):
            text = text[: len(text) - shift] + "." + text[len(text) - shift :]
        else:
            text = "." + text.rjust(shift, "0")
    return "-" + text if negative else text


# -- the net-snmp "tree type" of an object, which picks its printer ------------------

_TYPE_OF_BASE = {
    "INTEGER": "integer", "Integer32": "integer", "Unsigned32": "gauge", "Gauge32": "gauge",
    "Counter32": "counter", "Counter64": "counter64", "TimeTicks": "timeticks",
    "IpAddress": "ipaddress", "OCTET STRING": "octets", "OBJECT IDENTIFIER": "oid", "BITS": "bits",
    "Opaque": "opaque", "NsapAddress": "nsap",
}  # fmt: skip
_EXPECTED = {
    "integer": ((Tag.INTEGER,), "INTEGER"),
    "uinteger": ((Tag.UINTEGER32,), "UInteger32"),
    "gauge": ((Tag.GAUGE32,), "Gauge32 or Unsigned32"),
    "counter": ((Tag.COUNTER32,), "Counter32"),
    "counter64": ((Tag.COUNTER64,), "Counter64"),
    "timeticks": ((Tag.TIMETICKS,), "Timeticks"),
    "ipaddress": ((Tag.IP_ADDRESS,), "IpAddress"),
    "netaddress": ((Tag.IP_ADDRESS,), "NetworkAddress"),
    "octets": ((Tag.OCTET_STRING,), "OCTET STRING"),
    "oid": ((Tag.OBJECT_IDENTIFIER,), "OBJECT IDENTIFIER"),
    "bits": ((_BIT_STRING, Tag.OCTET_STRING), "BITS"),
    "opaque": ((Tag.OPAQUE,), "Opaque"),
    "nsap": ((Tag.NSAP_ADDRESS,), "NsapAddress"),
    "null": ((Tag.NULL,), "NULL"),
}
_BY_TAG = {
    Tag.INTEGER: "integer", Tag.OCTET_STRING: "octets", _BIT_STRING: "bits", Tag.OPAQUE: "opaque",
    Tag.OBJECT_IDENTIFIER: "oid", Tag.TIMETICKS: "timeticks", Tag.GAUGE32: "gauge",
    Tag.COUNTER32: "counter", Tag.IP_ADDRESS: "ipaddress", Tag.NULL: "null",
    Tag.UINTEGER32: "uinteger", Tag.COUNTER64: "counter64", Tag.NSAP_ADDRESS: "nsap",
}  # fmt: skip


def tree_type(node: MibNode | None) -> str | None:
    """The printer net-snmp's tree gives ``node`` (None: by the value's own type)."""
    if node is None or node.syntax is None or node.kind in ("table", "row"):
        return None
    syntax = node.syntax
    written = syntax.type_name
    if written == "NetworkAddress" or "NetworkAddress" in syntax.tc_chain:
        return "netaddress"
    if written == "UInteger32":
        return "uinteger"
    return _TYPE_OF_BASE.get(syntax.base)


# -- which definition of an OID net-snmp uses -----------------------------------------


def netsnmp_module_order(store: MibStore) -> dict[str, int]:
    """Module name -> the rank at which net-snmp's ``-m ALL`` links it into its tree.

    net-snmp notes modules as it scans the search path (directories in order, files
    sorted by name), each new one at the head of its list; ``read_all_mibs`` then reads
    that list from the head, and reading a module first reads the modules it imports.
    """
    dirs = {os.path.normpath(d): i for i, d in enumerate(store.search_path)}

    def found_at(info: Any) -> tuple[int, str]:
        if not info.file:
            return (-1, info.name)  # built in: known before any file
        return (dirs.get(os.path.normpath(os.path.dirname(info.file)), len(dirs)), info.file)

    noted = sorted(store.modules.values(), key=found_at)
    order: dict[str, int] = {}
    modules = store.modules
    for head in reversed(noted):
        if head.name in order or head.status != "loaded":
            continue
        stack: list[tuple[str, int]] = [(head.name, 0)]
        started: set[str] = set(order)
        while stack:
            name, step = stack.pop()
            info = modules.get(name)
            if step == 0:
                if name in started:
                    continue
                started.add(name)
                stack.append((name, 1))
                imports = info.imports if info is not None else ()
                for imported in reversed(imports):
                    if imported not in started:
                        stack.append((imported, 0))
            else:
                order.setdefault(name, len(order))
    return order


class _Tree:
    """net-snmp's view of a store: one definition per OID, the one linked first."""

    def __init__(self, store: MibStore) -> None:
        rank = netsnmp_module_order(store)
        worst = len(rank) + 1
        chosen: dict[tuple[int, ...], MibNode] = {}
        newest_by_name: dict[str, MibNode] = {}
        best: dict[tuple[int, ...], tuple[int, int]] = {}
        for position, node in enumerate(store.nodes):
            key = (rank.get(node.module, worst), position)
            current = best.get(node.oid)
            if current is None or key < current:
                best[node.oid] = key
                chosen[node.oid] = node
            other = newest_by_name.get(node.name)
            if other is None or rank.get(other.module, worst) <= key[0]:
                newest_by_name[node.name] = node
        self.nodes = chosen
        self.by_name = newest_by_name
        self.parents = {oid[:-1] for oid in chosen}


# -- INDEX decoding --------------------------------------------------------------------


class _IndexPart:
    """How one INDEX object turns arcs into text (net-snmp's _get_realloc_symbol)."""

    __slots__ = ("kind", "implied", "fixed", "hint", "enums", "inet")

    def __init__(self, kind: str, implied: bool, fixed: int | None, hint: str | None,
                 enums: dict[int, str], inet: bool) -> None:  # fmt: skip
        self.kind = kind
        self.implied = implied
        self.fixed = fixed
        self.hint = hint
        self.enums = enums
        self.inet = inet


def _fixed_size(syntax: Syntax) -> int | None:
    sizes = syntax.sizes
    if sizes and len(sizes) == 1:
        low, high = sizes[0]
        if low == high and isinstance(low, int):
            return low
    return None


def _first_labels(syntax: Syntax | None) -> dict[int, str]:
    """Enum labels by number, the first listed winning (net-snmp searches its list)."""
    labels: dict[int, str] = {}
    if syntax is not None and syntax.named:
        for label, number in syntax.named:
            if isinstance(number, int):
                labels.setdefault(number, label)
    return labels


def _quote(arcs: Sequence[int], quote: str, escape: bool) -> str:
    if not arcs:
        return ""
    q = "\\" + quote if escape else quote
    return q + "".join(chr(a) if a < 255 and a in _PRINT_OCTETS else "." for a in arcs) + q


def _inet(kind: int, arcs: Sequence[int]) -> str | None:
    if any(a > 255 for a in arcs):
        return None
    if kind in (1, 3):
        if len(arcs) != (4 if kind == 1 else 8):
            return None
        text = ".".join(map(str, arcs[:4]))
        if kind == 3:
            text += "%" + str(int.from_bytes(bytes(arcs[4:8]), "big"))
        return '"' + text + '"'
    if kind in (2, 4):
        if len(arcs) != (16 if kind == 2 else 20):
            return None
        text = ":".join(f"{a:02x}" for a in arcs[:16])
        if kind == 4:
            text += "%" + str(int.from_bytes(bytes(arcs[16:20]), "big"))
        return '"' + text + '"'
    return None


class _Leaf:
    """Everything about one deepest-known OID that printing its instances needs."""

    __slots__ = ("oid", "depth", "node", "label", "module", "full", "has_children", "indexes",
                 "printer", "suffixes", "head")

    def __init__(self, oid: tuple[int, ...], node: MibNode | None, full: str, module: str,
                 has_children: bool, indexes: tuple[_IndexPart, ...] | None,
                 printer: Callable[[Any], Rendered]) -> None:  # fmt: skip
        self.oid = oid
        self.depth = len(oid)
        self.node = node
        self.label = node.name if node is not None else ""
        self.module = module
        self.full = full
        self.has_children = has_children
        self.indexes = indexes
        self.printer = printer
        self.suffixes: dict[tuple[int, ...], str] = {}
        self.head = ""  # the name up to the instance suffix, in the formatter's OID format


_SUFFIX_CACHE_LIMIT = 1 << 16
_TRUNCATED = "\x00truncated:"


class _Truncated(Exception):
    """net-snmp gave up on a name (it printed ``args[0]`` and `` [TRUNCATED]``)."""


class NetSnmpFormatter:
    """Prints varbinds as net-snmp does for one MIB store and one set of ``-O`` options."""

    def __init__(self, store: MibStore | None, options: OutputOptions = DEFAULT_OPTIONS, *,
                 friendly: bool = False) -> None:  # fmt: skip
        self.store = store
        self.options = options
        self.friendly = friendly
        """The browser's mode: net-snmp's text but for :data:`BROWSER_DIFFERENCES`."""
        self._hint_text = _friendly_hint_text if friendly else _netsnmp_hint_text
        self._tree = _tree_of(store) if store is not None else None
        self._leaves: dict[tuple[int, ...], _Leaf] = {}
        self._index_sets: dict[tuple[tuple[str, bool], ...], tuple[_IndexPart, ...]] = {}
        self._suffix_caches: dict[tuple[int, bool], dict[tuple[int, ...], str]] = {}
        self._last: _Leaf | None = None
        o = options
        self._separator = "" if o.bare_value else (" = " if (o.quick_equals or not o.quick) else " ")

    # -- public API ----------------------------------------------------------------
    def name(self, oid: Sequence[int]) -> str:
        """The OID as net-snmp prints it (see ``format_name``)."""
        oid = tuple(oid)
        leaf = self._leaf(oid)
        return self._name(leaf, oid)

    def rendered(self, oid: Sequence[int], value: Any) -> Rendered:
        """(type label, value text) of a varbind."""
        oid = tuple(oid)
        tag = _tag_of(value)
        if tag in EXCEPTION_TEXTS:
            return "", EXCEPTION_TEXTS[tag]
        return self._leaf(oid).printer(value)

    def octets_text(self, data: bytes, hint: str | None = None) -> str:
        """The value text of an octet string with DISPLAY-HINT ``hint`` (no MIB object needed)."""
        return self._octets(data, hint, "")[1]

    def type_label(self, oid: Sequence[int], value: Any) -> str:
        return self.rendered(oid, value)[0]

    def value_text(self, oid: Sequence[int], value: Any) -> str:
        return self.rendered(oid, value)[1]

    def typed_value(self, oid: Sequence[int], value: Any) -> str:
        label, text = self.rendered(oid, value)
        return f"{label}: {text}" if label else text

    def line(self, oid: Sequence[int], value: Any) -> str:
        """The whole printed varbind (no newline)."""
        oid = tuple(oid)
        leaf = self._leaf(oid)
        tag = _tag_of(value)
        if tag in EXCEPTION_TEXTS:
            label, text = "", EXCEPTION_TEXTS[tag]
        else:
            label, text = leaf.printer(value)
        typed = f"{label}: {text}" if label else text
        if self.options.bare_value:
            return typed
        name = self._name(leaf, oid)
        if name.endswith(" [TRUNCATED]"):
            return name  # net-snmp stops the line there
        return name + self._separator + typed

    # -- names ---------------------------------------------------------------------
    def _leaf(self, oid: tuple[int, ...]) -> _Leaf:
        last = self._last
        if last is not None and not last.has_children and oid[: last.depth] == last.oid and len(oid) > last.depth:
            return last
        tree = self._tree
        depth = 0
        if tree is not None:
            nodes = tree.nodes
            while depth < len(oid) and oid[: depth + 1] in nodes:
                depth += 1
        key = oid[:depth]
        leaf = self._leaves.get(key)
        if leaf is None:
            leaf = self._leaves[key] = self._make_leaf(key)
        self._last = leaf
        return leaf

    def _make_leaf(self, key: tuple[int, ...]) -> _Leaf:
        tree = self._tree
        if tree is None or not key:
            return _Leaf(key, None, "", "", tree is not None, None, self._printer(None))
        nodes = tree.nodes
        path = [nodes[key[: i + 1]] for i in range(len(key))]
        indexes: tuple[_IndexPart, ...] | None = None
        for node in path:
            if node.index:
                indexes = self._index_parts(node.index)
            elif node.augments:
                target = tree.by_name.get(node.augments)
                if target is not None and target.index:
                    indexes = self._index_parts(target.index)
        node = path[-1]
        full = "." + ".".join(n.name for n in path)
        # net-snmp creates the three roots before any module is known: they name no module.
        module = node.module if len(key) > 1 else ""
        leaf = _Leaf(key, node, full, module, key in tree.parents, indexes, self._printer(node))
        if indexes is not None:
            # columns of one table share their decoded instance suffixes
            leaf.suffixes = self._suffix_caches.setdefault((id(indexes), leaf.has_children), {})
        fmt = self.options.oid_format
        leaf.head = full if fmt == "full" else (node.name if fmt == "suffix" or not module else f"{module}::{node.name}")
        return leaf

    def _index_parts(self, index: tuple[tuple[str, bool], ...]) -> tuple[_IndexPart, ...]:
        found = self._index_sets.get(index)
        if found is None:
            found = self._index_sets[index] = self._make_index_parts(index)
        return found

    def _make_index_parts(self, index: tuple[tuple[str, bool], ...]) -> tuple[_IndexPart, ...]:
        assert self._tree is not None
        tree = self._tree
        parts = []
        for name, implied in index:
            node = tree.by_name.get(name)
            if node is None:
                parts.append(_IndexPart("missing", implied, None, None, {}, False))
                continue
            kind = tree_type(node) or "other"
            syntax = node.syntax
            fixed = _fixed_size(syntax) if syntax is not None else None
            inet = False
            if kind == "octets" and syntax is not None and syntax.tc_chain[:1] == ("InetAddress",):
                before = tree.nodes.get(node.oid[:-1] + (node.oid[-1] - 1,)) if node.oid[-1] > 0 else None
                inet = bool(before is not None and before.syntax is not None
                            and before.syntax.tc_chain[:1] == ("InetAddressType",))  # fmt: skip
            parts.append(_IndexPart(kind, implied, fixed, syntax.display_hint if syntax else None,
                                    _first_labels(syntax), inet))  # fmt: skip
        return tuple(parts)

    def _name(self, leaf: _Leaf, oid: tuple[int, ...]) -> str:
        o = self.options
        if o.oid_format == "numeric" or self._tree is None:
            return "." + ".".join(map(str, oid))
        rest = oid[leaf.depth :]
        suffix = ""
        if rest:
            suffix = leaf.suffixes.get(rest)  # type: ignore[assignment]
            if suffix is None:
                suffix = self._suffix(leaf, rest)
                if len(leaf.suffixes) >= _SUFFIX_CACHE_LIMIT:
                    leaf.suffixes.clear()
                leaf.suffixes[rest] = suffix
        if suffix.startswith(_TRUNCATED):
            return leaf.full + suffix[len(_TRUNCATED) :] + " [TRUNCATED]"
        if not leaf.depth:
            return "." + suffix[1:] if suffix else "."
        if o.oid_format != "ucd":
            return leaf.head + suffix
        text = leaf.full + suffix
        for prefix in _UCD_PREFIXES:
            if len(text) > len(prefix) and text.startswith(prefix):
                return text[len(prefix) + 1 :]
        return text

    def _suffix(self, leaf: _Leaf, rest: tuple[int, ...]) -> str:
        try:
            return self._suffix_text(leaf, rest)
        except _Truncated as cut:
            return _TRUNCATED + cut.args[0]

    def _suffix_text(self, leaf: _Leaf, rest: tuple[int, ...]) -> str:
        """The text after the last name: ``.3``, ``."eth0"``, ``[3]``... starting with ``.``/``[``."""
        o = self.options
        out = "."
        i, n = 0, len(rest)
        indexes = leaf.indexes
        if leaf.has_children and indexes is not None:
            out += f"{rest[0]}."
            i = 1
        if indexes is not None and not o.dont_breakdown and o.oid_format != "numeric":
            for part in indexes:
                if i >= n:
                    break
                if part.kind == "missing":
                    break
                if o.extended_index:
                    if out.endswith("."):
                        out = out[:-1]
                    out += "["
                try:
                    piece, i2 = self._index_piece(part, rest, i)
                except _Truncated as cut:
                    raise _Truncated(out + cut.args[0][:-1]) from None
                if piece is None:
                    break
                out += piece
                i = i2
                out += "]" if o.extended_index else "."
        if not out.endswith("."):
            out += "."
        out += "".join(f"{a}." for a in rest[i:])
        return out[:-1]

    def _index_piece(self, part: _IndexPart, rest: tuple[int, ...], i: int) -> tuple[str | None, int]:
        o = self.options
        n_left = len(rest) - i
        kind = part.kind
        if kind == "octets":
            if o.extended_index and part.hint:
                if part.implied:
                    count = n_left
                elif part.fixed is not None:
                    count = part.fixed
                    if count > n_left:
                        return None, i
                else:
                    count = rest[i]
                    if count >= n_left:
                        return None, i
                    i += 1
                    n_left -= 1
                if count > n_left:
                    return None, i
                data = bytes(a & 0xFF for a in rest[i : i + count])
                text = hinted_octets(data, part.hint, o.two_digit_hex)
                if text is None:
                    label, text = self._octets_plain(data)
                    text = f"{label}: {text}" if label else text
                elif not o.quick:
                    text = "STRING: " + text
                return text, i + count
            if part.implied:
                return _quote(rest[i:], "'", o.escape_quotes), len(rest)
            if part.fixed is not None:
                if part.fixed > n_left:
                    return None, i
                return _quote(rest[i : i + part.fixed], "'", o.escape_quotes), i + part.fixed
            count = rest[i] + 1
            if count > n_left:
                return None, i
            if count == 1:
                q = '\\"' if o.escape_quotes else '"'
                return q + q, i + 1
            if part.inet and i > 0:
                text = _inet(rest[i - 1], rest[i + 1 : i + count])
                if text is not None:
                    return text, i + count
            return _quote(rest[i + 1 : i + count], '"', o.escape_quotes), i + count
        if kind in ("integer", "gauge", "uinteger"):
            arc = rest[i]
            label = part.enums.get(arc) if part.enums else None
            return (label if label is not None else str(arc)), i + 1
        if kind == "timeticks":
            arc = rest[i]
            return (uptime_text(arc, o.quick) if o.extended_index else str(arc)), i + 1
        if kind == "oid":
            count = n_left if part.implied else rest[i] + 1
            if count > n_left:
                return None, i
            arcs = rest[i : i + count]
            if o.extended_index:
                inner = arcs if part.implied else arcs[1:]
                if not inner or inner[0] > 2:
                    # net-snmp finds no tree for such an OID and takes it for a full
                    # buffer: it prints the name so far, less one character, truncated.
                    raise _Truncated("." + ".".join(map(str, inner)))
                return self.name(inner), i + count
            return ".".join(map(str, arcs)), i + count
        if kind == "ipaddress":
            if n_left < 4:
                return None, i
            return ".".join(map(str, rest[i : i + 4])), i + 4
        if kind == "netaddress":
            kind_arc = rest[i]
            if kind_arc == 1 and n_left - 1 >= 4:
                return f"{kind_arc}." + ".".join(map(str, rest[i + 1 : i + 5])), i + 5
            return None, i  # net-snmp prints the type arc, then the rest as numbers
        return None, i

    # -- values --------------------------------------------------------------------
    def _printer(self, node: MibNode | None) -> Callable[[Any], Rendered]:
        """The function printing values of ``node`` (decided once per object)."""
        kind = tree_type(node)
        o = self.options
        syntax = node.syntax if node is not None else None
        units = node.units if node is not None and node.units and not o.no_units else None
        enums = tuple((n, label) for label, n in syntax.named if isinstance(n, int)) if syntax and syntax.named else ()
        hint = syntax.display_hint if syntax is not None and syntax.display_hint else None
        if kind is None:
            def by_type(value: Any) -> Rendered:
                return self._by_type(value, enums, hint, units)
            return by_type
        expected, expected_text = _EXPECTED[kind]
        wrong = "" if o.quick_equals else f"Wrong Type (should be {expected_text})"

        simple = self._simple_printer(kind, enums, hint, units)
        tags = _TAG_BY_TYPE

        def typed(value: Any) -> Rendered:
            tag = tags.get(type(value)) or _tag_of(value)
            if simple is not None and tag in expected:
                return simple(value)
            if tag not in expected and not (kind == "opaque" and tag == Tag.OPAQUE) and not (
                kind == "counter64" and tag == Tag.OPAQUE and self._opaque_special(value) in
                    (_OPAQUE_COUNTER64, _OPAQUE_U64, _OPAQUE_I64)):  # fmt: skip
                label, text = self._by_type(value, (), None, None)
                if not wrong:
                    return label, text
                return (f"{wrong}: {label}" if label else wrong), text
            return self._print(kind, tag, value, enums, hint, units)

        return typed

    def _simple_printer(self, kind: str, enums: tuple[tuple[int, str], ...], hint: str | None,
                        units: str | None) -> Callable[[Any], Rendered] | None:  # fmt: skip
        """A short path for the common number types, or None (the general printer)."""
        quick = self.options.quick
        tail = f" {units}" if units else ""
        names = {"counter": "Counter32", "gauge": "Gauge32", "integer": "INTEGER", "counter64": "Counter64"}
        if kind not in names or enums or hint:
            return None
        label = "" if quick else names[kind]
        if tail:
            return lambda value: (label, f"{int(value)}{tail}")
        return lambda value: (label, str(int(value)))

    def _by_type(self, value: Any, enums: tuple[tuple[int, str], ...], hint: str | None,
                 units: str | None) -> Rendered:  # fmt: skip
        tag = _tag_of(value)
        kind = _BY_TAG.get(tag)
        if kind is None:
            return "", "Variable has bad type"
        return self._print(kind, tag, value, enums, hint, units)

    @staticmethod
    def _opaque_special(value: Any) -> int | None:
        data = bytes(value)
        if len(data) > 2 and data[0] == _OPAQUE_TAG1 and data[1] in (
                _OPAQUE_COUNTER64, _OPAQUE_FLOAT, _OPAQUE_DOUBLE, _OPAQUE_I64, _OPAQUE_U64):  # fmt: skip
            return data[1]
        return None

    def _print(self, kind: str, tag: int, value: Any, enums: tuple[tuple[int, str], ...],
               hint: str | None, units: str | None) -> Rendered:  # fmt: skip
        o = self.options
        quick = o.quick
        tail = f" {units}" if units else ""
        if kind == "octets":
            return self._octets(_octets(value), hint, tail)
        if kind == "integer":
            return ("" if quick else "INTEGER"), self._enumerated(int(value), enums, hint, False) + tail
        if kind == "uinteger":
            # net-snmp 5.9 prints UInteger32 values without a type label
            return "", self._enumerated(int(value), enums, hint, True) + tail
        if kind == "gauge":
            number = int(value)
            shown = hinted_integer(number, True, hint) if hint else str(number & 0xFFFFFFFF)
            return ("" if quick else "Gauge32"), shown + tail
        if kind == "counter":
            return ("" if quick else "Counter32"), str(int(value) & 0xFFFFFFFF) + tail
        if kind == "counter64":
            if tag == Tag.OPAQUE:
                return self._opaque(bytes(value), tail)
            return ("" if quick else "Counter64"), str(int(value)) + tail
        if kind == "timeticks":
            ticks = int(value)
            if o.numeric_timeticks:
                return "", str(ticks)
            clock = uptime_text(ticks, quick)
            if quick:
                return "", clock + tail
            return "Timeticks", f"({ticks}) {clock}{tail}"
        if kind == "ipaddress":
            text = str(value) if tag == Tag.IP_ADDRESS else ".".join(map(str, _octets(value)[:4]))
            return ("" if quick else "IpAddress"), text
        if kind == "netaddress":
            data = bytes(int(p) for p in str(value).split(".")) if isinstance(value, str) else _octets(value)
            return ("" if quick else "Network Address"), ":".join(f"{b:02X}" for b in data)
        if kind == "oid":
            arcs = tuple(int(a) for a in str(value).split(".")) if str(value) else ()
            return ("" if quick else "OID"), self.name(arcs) + tail
        if kind == "opaque":
            return self._opaque(bytes(value), tail)
        if kind == "null":
            return "", "NULL"
        if kind == "bits":
            data = _octets(value)
            hexed = _hex_block(data, o.hex_text)
            if quick:
                return "", f'"{hexed}"'
            names = []
            position = 0
            count = len(enums)
            for number in set_bits(data):
                found = None
                # net-snmp walks the list once for all bits: a bit it does not
                # find leaves the search at the end, so later bits print as numbers
                while position < count:
                    if enums[position][0] == number:
                        found = enums[position][1]
                        break
                    position += 1
                if found is None or o.numeric_enums:
                    names.append(f"{number} ")
                else:
                    names.append(f"{found}({number}) ")
            return "BITS", hexed + "".join(names)
        if kind == "nsap":
            return ("" if quick else "NsapAddress"), _hex_block(_octets(value), False)
        return "", "Variable has bad type"

    def _enumerated(self, number: int, enums: tuple[tuple[int, str], ...], hint: str | None,
                    unsigned: bool) -> str:  # fmt: skip
        """An INTEGER's text: ``up(1)``, ``up`` quick, the number (through a hint) otherwise."""
        label = None
        for n, text in enums:
            if n == number:
                label = text
                break
        if label is None or self.options.numeric_enums:
            return hinted_integer(number, unsigned, hint) if hint else str(number)
        return label if self.options.quick else f"{label}({number})"

    def _opaque(self, data: bytes, tail: str) -> Rendered:
        o = self.options
        special = self._opaque_special(data)
        if special is not None and len(data) > 3:
            body = data[3 : 3 + data[2]] if data[2] < 0x80 else b""
            if special == _OPAQUE_FLOAT and len(body) == 4:
                text = f"{struct.unpack('>f', body)[0]:f}"
                return ("" if o.quick else "Opaque"), (text if o.quick else "Float: " + text) + tail
            if special == _OPAQUE_DOUBLE and len(body) == 8:
                text = f"{struct.unpack('>d', body)[0]:f}"
                # net-snmp 5.9 labels doubles "Float" as well
                return ("" if o.quick else "Opaque"), (text if o.quick else "Float: " + text) + tail
            if special in (_OPAQUE_COUNTER64, _OPAQUE_U64, _OPAQUE_I64) and 0 < len(body) <= 9:
                number = int.from_bytes(body, "big", signed=special == _OPAQUE_I64)
                if special != _OPAQUE_I64:
                    number &= _U64
                name = {_OPAQUE_COUNTER64: "Counter64", _OPAQUE_U64: "UInt64", _OPAQUE_I64: "Int64"}[special]
                return ("" if o.quick else "Opaque"), (str(number) if o.quick else f"{name}: {number}") + tail
        return ("" if o.quick else "OPAQUE"), _hex_block(data, o.hex_text) + tail

    def _octets(self, data: bytes, hint: str | None, tail: str) -> Rendered:
        o = self.options
        if hint:
            try:
                text = hinted_octets(data, hint, o.two_digit_hex, self._hint_text)
            except _NotText:
                label, plain = self._octets_plain(data)
                return label, plain + tail
            if text is not None:
                return ("" if o.quick else "STRING"), text + tail
            label, plain = self._octets_plain(data)
            joined = f"{label}: {plain}" if label else plain
            return "", f"(Bad hint ignored: {hint}) {joined}"
        if not data:
            return "", '""'
        label, text = self._octets_plain(data)
        return label, text + tail

    def _octets_plain(self, data: bytes) -> Rendered:
        o = self.options
        if not data:
            return "", '""'
        fmt = o.string_format
        if self.friendly and fmt == "guess":
            text = utf8_text(data)
            if text is not None:
                quoted = text.replace("\\", "\\\\").replace('"', '\\"')
                return ("" if o.quick else "STRING"), f'"{quoted}"'
            hexed = True
        else:
            hexed = fmt == "hex" or (fmt == "guess" and not _TEXT_OCTETS.issuperset(data))
        if hexed:
            block = _hex_block(data, o.hex_text)
            return ("", f'"{block}"') if o.quick else ("Hex-STRING", block)
        return ("" if o.quick else "STRING"), f'"{_ascii(data)}"'


# -- module-level API ---------------------------------------------------------------

_FORMATTERS: dict[tuple[int, OutputOptions, bool], NetSnmpFormatter] = {}
_TREES: dict[int, tuple[MibStore, _Tree]] = {}


def _tree_of(store: MibStore) -> _Tree:
    """net-snmp's view of ``store``, made once per store (the CLI's and the browser's
    formatters share it)."""
    found = _TREES.get(id(store))
    if found is None or found[0] is not store:
        if len(_TREES) > 4:
            _TREES.clear()
        found = _TREES[id(store)] = (store, _Tree(store))
    return found[1]


def formatter_for(store: MibStore | None, options: OutputOptions = DEFAULT_OPTIONS, *,
                  friendly: bool = False) -> NetSnmpFormatter:  # fmt: skip
    """The shared formatter of a store and options (made on first use)."""
    key = (id(store), options, friendly)
    found = _FORMATTERS.get(key)
    if found is None or found.store is not store:
        if len(_FORMATTERS) > 32:
            _FORMATTERS.clear()
        found = _FORMATTERS[key] = NetSnmpFormatter(store, options, friendly=friendly)
    return found


def browser_formatter(store: MibStore | None) -> NetSnmpFormatter:
    """The browser's formatter of ``store``: net-snmp's default output, friendly mode."""
    return formatter_for(store, DEFAULT_OPTIONS, friendly=True)


def browser_value(node: MibNode | None, value: Any) -> str:
    """The browser's text of ``value`` as a value of the MIB object ``node`` (None: by its
    own type): net-snmp's value text but for :data:`BROWSER_DIFFERENCES`."""
    if node is None:
        return browser_formatter(None).value_text((), value)
    return browser_formatter(node._store).value_text(node.oid, value)


def format_name(store: MibStore | None, options: OutputOptions, oid: Sequence[int]) -> str:
    """The OID as net-snmp names it, index decoded (``IF-MIB::ifDescr.3``)."""
    return formatter_for(store, options).name(oid)


def format_type(store: MibStore | None, options: OutputOptions, oid: Sequence[int], value: Any) -> str:
    """The type label net-snmp prints before the value ('' where it prints none)."""
    return formatter_for(store, options).type_label(oid, value)


def format_value(store: MibStore | None, options: OutputOptions, oid: Sequence[int], value: Any) -> str:
    """The value text net-snmp prints after the type label."""
    return formatter_for(store, options).value_text(oid, value)


def format_typed_value(store: MibStore | None, options: OutputOptions, oid: Sequence[int], value: Any) -> str:
    """``TYPE: VALUE`` as net-snmp prints it after ``NAME = ``."""
    return formatter_for(store, options).typed_value(oid, value)


def format_varbind(store: MibStore | None, options: OutputOptions, oid: Sequence[int], value: Any) -> str:
    """The whole varbind line as net-snmp prints it (no newline)."""
    return formatter_for(store, options).line(oid, value)
