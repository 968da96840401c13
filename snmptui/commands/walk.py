"""``snmptui walk AGENT [OID]``: print a subtree as snmpwalk does, ``NAME = TYPE: value``.

Connection flags are net-snmp's (``snmptui.netsnmp_args``); names and rendered
values come from the MIB engine when MIBs are loaded (``-M``/``-m``), numeric OIDs
otherwise. Errors print one line and exit 1 (network/agent) or 2 (usage).
"""

from __future__ import annotations

import sys
from typing import Any

from core.errors import SnmpError
from core.oid import OidTuple, format_oid, oid_key
from core.types import type_name

__all__ = ["run", "TYPE_LABELS", "format_line"]

TYPE_LABELS: dict[str, str] = {
    "OCTET STRING": "STRING",
    "OBJECT IDENTIFIER": "OID",
    "TimeTicks": "Timeticks",
    "NULL": "NULL",
}

USAGE = "usage: snmptui walk [OPTIONS] AGENT [OID]   (default OID: 1.3.6.1.2.1, mib-2)"


def format_line(mibs: Any, oid: OidTuple, value: Any) -> str:
    """One ``snmpwalk`` style line for a varbind."""
    kind = type_name(value)
    label = TYPE_LABELS.get(kind, kind)
    if isinstance(value, bytes) and not _printable(value):
        label = "Hex-STRING"
    owner = mibs.lookup(oid)[0]
    rendered = mibs.render(tuple(owner.oid) if owner is not None else oid, value)
    return f"{mibs.oid_text(oid)} = {label}: {rendered}"


def _printable(data: bytes) -> bool:
    return all(32 <= b < 127 or b in (9, 10, 13) for b in data)


def run(argv: list[str]) -> int:
    from snmptui.cli import UsageError, parse_browser_args
    from snmptui.model import MibFacade

    if any(a in ("-h", "--help") for a in argv):
        print(USAGE)
        return 0
    try:
        args = parse_browser_args(argv)
        if args.spec is None:
            raise UsageError("missing AGENT")
        spec = args.spec
    except UsageError as exc:
        print(f"snmptui walk: {exc}", file=sys.stderr)
        return 2
    mibs = MibFacade(_load(args.mib_dirs, args.mib_modules))
    try:
        root = format_oid(mibs.resolve(args.oid or "1.3.6.1.2.1"))
    except (ValueError, LookupError) as exc:
        print(f"snmptui walk: unknown OID {args.oid!r}: {exc}", file=sys.stderr)
        return 2
    count = 0
    try:
        with spec.session() as session:
            out = sys.stdout
            for oid, value in session.fetch_arcs(root):
                out.write(format_line(mibs, oid, value) + "\n")
                count += 1
            if count == 0:
                value = session.get(root)
                out.write(format_line(mibs, oid_key(root), value) + "\n")
    except SnmpError as exc:
        print(f"snmptui walk: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"snmptui walk: network error: {exc.strerror or exc}", file=sys.stderr)
        return 1
    return 0


def _load(dirs: str | None, modules: str | None) -> Any:
    from snmptui.model import load_store

    try:
        return load_store(dirs, modules)
    except ImportError:
        return None
